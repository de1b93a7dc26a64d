"""Mark each finding's evidence in the message text, safely escaped for HTML."""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

_MAX_NEEDLES = 50
_MIN_LEN = 2
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)")
_SPACE = re.compile(r"\s+")


def _needles(evidence: Iterable[str]) -> list[str]:
    """Searchable pieces of each evidence string (evidence may be quoted, abbreviated with '...', or list several)."""
    out: dict[str, None] = {}
    for ev in evidence:
        for piece in _ELLIPSIS.split(ev):
            piece = piece.strip().strip("'\"“”‘’").strip()
            if len(piece) >= _MIN_LEN:
                out[piece] = None
    return sorted(out, key=len, reverse=True)[:_MAX_NEEDLES]


def _pattern(needle: str) -> str:
    # Whitespace in evidence matches any run of whitespace in the text (lines may be wrapped).
    return r"\s+".join(re.escape(w) for w in _SPACE.split(needle) if w)


def highlight(text: str, evidence: Iterable[str]) -> tuple[Markup, int]:
    """``text`` as HTML with every occurrence of the evidence in ``<mark>``; and how many were marked."""
    needles = [n for n in _needles(evidence) if _SPACE.sub("", n)]
    if not needles or not text:
        return escape(text), 0
    # One alternation, longest first; re's alternation scans the text once per start position:
    # linear in the text for a bounded number of literal needles.
    rx = re.compile("|".join(f"(?:{_pattern(n)})" for n in needles), re.IGNORECASE)
    out: list[str] = []
    last = 0
    count = 0
    for m in rx.finditer(text):
        if m.end() == m.start():
            continue
        out.append(str(escape(text[last : m.start()])))
        out.append(f'<mark class="evidence">{escape(m.group(0))}</mark>')
        last = m.end()
        count += 1
    out.append(str(escape(text[last:])))
    return Markup("".join(out)), count
