"""Show hostile HTML safely: nh3 with a strict allow-list, inside a sandboxed frame.

Three layers, each enough on its own for scripts:

1. ``clean_html`` keeps only formatting tags and a few harmless attributes; no
   scripts, no event handlers, no forms, no links' targets, no remote images
   (an ``<img>`` keeps its ``src`` only when it is a ``data:`` URL);
2. ``frame_document`` wraps the result in a document whose own
   Content-Security-Policy forbids every fetch except ``data:`` images;
3. the page shows it as ``<iframe sandbox srcdoc=...>`` (no scripts, no forms,
   no navigation of the page, a unique origin).
"""

from __future__ import annotations

import re

import nh3

FRAME_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "center", "code", "dd", "del", "div", "dl", "dt", "em",
    "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "q", "s", "small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "tt", "u", "ul",
})  # fmt: skip

# Removed with everything inside them (nh3 would otherwise keep their text).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "title", "noscript", "template", "iframe", "object", "embed",
                                  "svg", "math", "textarea", "select", "button"})  # fmt: skip

ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"title", "dir", "lang", "align", "style"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "valign"},
    "th": {"colspan", "rowspan", "valign", "scope"},
    "font": {"color"},
    "ol": {"start"},
}

# CSS properties kept in style="..." (values cannot fetch anything: the frame's CSP blocks url()).
ALLOWED_STYLES = frozenset({
    "color", "background-color", "font-weight", "font-style", "font-size", "font-family", "text-align",
    "text-decoration", "margin", "margin-left", "margin-right", "margin-top", "margin-bottom", "padding",
    "padding-left", "padding-right", "padding-top", "padding-bottom", "border", "border-collapse", "width",
    "line-height", "white-space", "vertical-align",
})  # fmt: skip

_DATA_IMAGE = re.compile(r"\A\s*data:image/(?:png|gif|jpeg|webp);base64,[A-Za-z0-9+/=\s]*\Z", re.IGNORECASE)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if _DATA_IMAGE.match(value) else None
    if tag == "a" and attribute == "href":  # never reached (href is not allowed); kept for clarity
        return None
    return value


def clean_html(html: str) -> str:
    """The message's HTML with everything active or remote removed."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        strip_comments=True,
        link_rel=None,
        url_schemes={"data"},
        filter_style_properties=set(ALLOWED_STYLES),
    )


def frame_document(html: str) -> str:
    """A whole document for ``<iframe sandbox srcdoc>``: the cleaned HTML under a CSP that blocks fetches."""
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{FRAME_CSP}">'
        "<style>body{font-family:sans-serif;font-size:16px;line-height:1.4;margin:8px;color:#111;background:#fff}"
        "img{max-width:100%;height:auto}</style></head><body>"
        f"{clean_html(html)}</body></html>"
    )
