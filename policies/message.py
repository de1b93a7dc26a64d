"""The parsed view of one message, built once and shared by every policy.

Parsing never raises: whatever cannot be decoded, or goes past a budget, is
recorded as a ``ParseProblem`` (which the ``unscannable-content`` policy turns
into a finding) and the rest of the message is still inspected.

Hostile input is bounded before the standard library sees it: the stdlib
parser checks every line against every enclosing boundary (its cost is lines
times nesting depth) and recurses once per nesting level, so ``parse`` first
scans the raw bytes for line count and boundary nesting and hands the parser
only the prefix that fits the budgets (the rest is a budget problem). Archives
attached to the message are opened in memory with bounded reads
(``policies._archive``); their files are listed in ``Message.archive_members``.

Text is given to the policies as a reader sees it, so that nothing can be hidden
from them by encoding: every text part whatever its charset label (UTF-16, UTF-8
labelled latin-1), text attachments and text files inside archives and Office
documents, HTML with hidden runs read apart, and ``reading_text`` on every text
and subject (right-to-left overrides undone, NFKC, invisible characters and loose
combining marks dropped, other scripts' digits and Latin look-alike letters folded).
Accents are kept: directory names such as Zoë still match.
"""

from __future__ import annotations

import binascii
import email
import email.header
import email.message
import email.parser
import email.utils
import functools
import html as html_module
import quopri
import re
import time
import unicodedata
import urllib.parse
from dataclasses import dataclass, field
from email.errors import MessageError
from functools import cached_property
from html.parser import HTMLParser

from policies._archive import ArchiveLimits, ArchiveScanner
from policies.sniff import ole_encrypted_document, sniff


@dataclass(frozen=True, slots=True)
class Budgets:
    """Parsing limits: past any of them the message is unscannable, never a crash."""

    max_header_bytes: int = 256 * 1024
    max_addresses_per_header: int = 1_000
    max_parts: int = 500
    max_depth: int = 20
    # Lines handed to the stdlib parser, and lines x boundary nesting (its cost: each line is
    # compared with every enclosing boundary).
    max_lines: int = 1_000_000
    max_line_checks: int = 8_000_000
    max_decoded_bytes: int = 64 * 1024 * 1024
    max_text_chars: int = 2_000_000
    max_seconds: float = 5.0
    # Archives (zip, tar, gzip, ...): nesting, files, bytes expanded for the whole message.
    max_archive_depth: int = 4
    max_archive_members: int = 1_000
    max_archive_bytes: int = 64 * 1024 * 1024


DEFAULT_BUDGETS = Budgets()


@dataclass(frozen=True, slots=True)
class TextPart:
    text: str
    where: str
    html: bool = False
    raw_html: str = ""


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    declared_type: str
    sniffed_type: str
    data: bytes
    where: str
    depth: int = 0

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True, slots=True)
class ParseProblem:
    """Something that could not be inspected. ``budget`` problems mean a limit was hit."""

    reason: str
    evidence: str
    where: str
    budget: bool = False


@dataclass(frozen=True)
class Message:
    headers: tuple[tuple[str, str], ...]
    subject: str
    from_addresses: tuple[str, ...]
    to_addresses: tuple[str, ...]
    cc_addresses: tuple[str, ...]
    bcc_addresses: tuple[str, ...]
    parts: tuple[TextPart, ...]
    attachments: tuple[Attachment, ...]
    problems: tuple[ParseProblem, ...]
    # Subjects and header blocks of messages attached as message/rfc822, outermost first.
    attached_messages: tuple[tuple[tuple[str, str], ...], ...] = field(default=())
    # Files found inside attached archives (zip, docx, tar.gz, ...), nested ones too.
    # ``where`` reads "attachment a.zip > inner/file.exe"; ``depth`` is the archive nesting.
    archive_members: tuple[Attachment, ...] = field(default=())

    def header(self, name: str) -> str | None:
        lname = name.lower()
        for k, v in self.headers:
            if k.lower() == lname:
                return v
        return None

    def headers_named(self, name: str) -> list[str]:
        lname = name.lower()
        return [v for k, v in self.headers if k.lower() == lname]

    @cached_property
    def body_text(self) -> str:
        """All text parts joined, for checks that look at the message as a whole."""
        return "\n\n".join(p.text for p in self.parts)

    def texts(self) -> list[tuple[str, str]]:
        """``(where, text)`` pairs: the subject first, then every text part."""
        out = [("subject", self.subject)] if self.subject else []
        out.extend((p.where, p.text) for p in self.parts)
        return out

    @property
    def recipients_in_headers(self) -> tuple[str, ...]:
        return self.to_addresses + self.cc_addresses + self.bcc_addresses

    @property
    def over_budget(self) -> bool:
        return any(p.budget for p in self.problems)

    def all_files(self) -> tuple[Attachment, ...]:
        """Every attachment and every file found inside an attached archive."""
        return self.attachments + self.archive_members


# -- text clean-up -------------------------------------------------------------

# Zero-width and other invisible characters used to break words apart (a str.translate table):
# soft hyphen, joiners, bidi controls, variation selectors, interlinear annotations, tag characters.
INVISIBLE_CHARACTERS = dict.fromkeys(
    [0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0]
    + list(range(0x200B, 0x2010))
    + list(range(0x202A, 0x202F))
    + list(range(0x2060, 0x2070))
    + list(range(0xFE00, 0xFE10))
    + list(range(0xFFF9, 0xFFFC))
    + list(range(0x1D173, 0x1D17B))
    + list(range(0xE0000, 0xE0080))
    + list(range(0xE0100, 0xE01F0))
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NBSP = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# Lone surrogates (from raw 8-bit bytes or a hostile UTF-7 charset) cannot be encoded: replace them.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Combining marks of the generic blocks (strike-through, "Zalgo" stacks) left over after NFKC: an
# accent that has a precomposed letter (Zoë, café) is composed by NFKC first and kept; what is left
# only decorates a letter, so ``f̶u̶c̶k̶`` reads as ``fuck``. Scripts' own marks (Indic, Hebrew,
# Arabic vowel signs) are outside these blocks and are kept.
_LOOSE_COMBINING = re.compile(r"[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
# Decimal digits of other scripts (Arabic-Indic ٠٧٧, Devanagari ०७७, ...) read as ASCII digits.
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def _ascii_digit(m: re.Match[str]) -> str:
    return str(unicodedata.decimal(m.group(), 0))


def clean_text(text: str) -> str:
    """NFKC-normalise, drop invisible and control characters, unify spaces and line ends.

    Also drops combining marks that NFKC could not compose into a letter and writes
    other scripts' decimal digits as ASCII digits.
    """
    text = text.translate(INVISIBLE_CHARACTERS)
    if not text.isascii():
        text = _SURROGATE.sub("\ufffd", text)
        text = unicodedata.normalize("NFKC", text)
        text = _NBSP.sub(" ", text)
        text = _LOOSE_COMBINING.sub("", text)
        text = _OTHER_DIGIT.sub(_ascii_digit, text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


# -- text as it is read: visual order and look-alike letters ---------------------------------

# A right-to-left override (U+202E) displays the Latin text after it reversed, up to a pop
# (U+202C), the next override or embedding, or the end of the line: "\u202egnikcuf" shows "fucking".
_RLO_SPAN = re.compile(r"\u202e([^\u202a-\u202e\u2066-\u2069\n]*)")
# Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko, presentation forms): an override
# over them changes nothing a reader sees, so such spans are left in logical order.
_RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _visual_span(m: re.Match[str]) -> str:
    span = m.group(1)
    return span if _RTL_LETTER.search(span) else span[::-1]


def visual_order(text: str) -> str:
    """Undo right-to-left overrides, so text reads in the order it is displayed."""
    return _RLO_SPAN.sub(_visual_span, text) if "\u202e" in text else text


# Letters of other scripts that look like Latin ones (Cyrillic, Greek, Armenian) and Latin small
# capitals and IPA letters, each to the Latin letter it passes for.
_LOOKALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    "ь": "b", "ү": "y",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ԁ": "D", "Һ": "H", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "γ": "y", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Armenian
    "օ": "o", "ս": "u", "ց": "g", "հ": "h", "ո": "n",
    # Latin small capitals and IPA letters (no NFKC decomposition)
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i", "ᴊ": "j",
    "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ǫ": "q", "ʀ": "r", "ꜱ": "s", "ᴛ": "t",
    "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z", "ɑ": "a", "ɩ": "i", "ɡ": "g",
}
_LOOKALIKE_TABLE = str.maketrans(_LOOKALIKES)
_LOOKALIKE_CLASS = "[" + "".join(_LOOKALIKES) + "]"
_LOOKALIKE = re.compile(_LOOKALIKE_CLASS)
# A word (letters of any script, no digits or "_") holding a look-alike: the look-ahead runs only
# from a word's start and stops at its end, so the scan stays linear.
_WORD_WITH_LOOKALIKE = re.compile(rf"(?<![^\W\d_])(?=[^\W\d_]*?{_LOOKALIKE_CLASS})[^\W\d_]+")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
# A word holding a Latin letter or a small capital (in mostly non-Latin text only these can mix).
_WORD_WITH_LATIN = re.compile(r"(?<![^\W\d_])(?=[^\W\d_]*?[A-Za-z\u00c0-\u024f\u1d00-\u1d2b\ua730\ua731])[^\W\d_]+")
_GREEK_OR_CYRILLIC = re.compile(r"[\u0370-\u03ff\u0400-\u052f\u0530-\u058f]")
_SMALL_CAPS = frozenset("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡʏᴢɑɩɡ")


def fold_lookalikes(text: str) -> str:
    """Write look-alike letters as the Latin letters they pass for, where they pass for them.

    A word that mixes Latin letters with Cyrillic or Greek look-alikes ("sеcrеt") is folded;
    so is a word made only of look-alikes ("соск") in a text with more Latin letters than
    Greek, Cyrillic and Armenian ones (counted in its first 100,000 characters). Genuine
    Russian or Greek text is left as written. Latin small capitals (ꜰᴜᴄᴋ) are always
    folded. Lengths are kept: one character for one.
    """
    if text.isascii() or not _LOOKALIKE.search(text):
        return text
    sample = text[:100_000]
    mostly_latin = len(_LATIN_LETTER.findall(sample)) > len(_GREEK_OR_CYRILLIC.findall(sample))

    def fold(m: re.Match[str]) -> str:
        word = m.group()
        if not _LOOKALIKE.search(word):
            return word
        if _LATIN_LETTER.search(word) or all(c in _SMALL_CAPS for c in word):
            return word.translate(_LOOKALIKE_TABLE)
        if mostly_latin and all(c in _LOOKALIKES for c in word):
            return word.translate(_LOOKALIKE_TABLE)
        return word

    # In Russian or Greek text every word holds a "look-alike": visit only the words that mix scripts.
    return (_WORD_WITH_LOOKALIKE if mostly_latin else _WORD_WITH_LATIN).sub(fold, text)


# Regional indicator symbols (🇫🇺🇨🇰) are shown as letters where they make no flag.
_REGIONAL_INDICATORS = {0x1F1E6 + i: chr(ord("a") + i) for i in range(26)}
_REGIONAL_INDICATOR = re.compile("[\U0001f1e6-\U0001f1ff]")


def reading_text(text: str) -> str:
    """A text as the content policies read it: visual order, cleaned, look-alikes folded."""
    text = clean_text(visual_order(text))
    if text.isascii():
        return text
    if _REGIONAL_INDICATOR.search(text):
        text = text.translate(_REGIONAL_INDICATORS)
    return fold_lookalikes(text)


# Inline styles and style-sheet rules that hide an element from the reader.
_HIDING_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|mso-hide\s*:\s*all"
    r"|(?:font-size|opacity|max-height|max-width)\s*:\s*0*(?:\.0*)?(?:px|pt|em|rem|%)?\s*(?:!important\s*)?(?:;|$)"
    r"|color\s*:\s*transparent",
    re.I,
)
_BIDI_OVERRIDE = re.compile(r"unicode-bidi\s*:\s*bidi-override", re.I)
_DIRECTION_RTL = re.compile(r"direction\s*:\s*rtl", re.I)


def _overrides_rtl(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """``<bdo dir="rtl">`` or ``unicode-bidi: bidi-override; direction: rtl``: text shown reversed."""
    values = {k: (v or "") for k, v in attrs}
    if tag == "bdo" and values.get("dir", "").strip().lower() == "rtl":
        return True
    style = values.get("style", "")
    return bool(style) and bool(_BIDI_OVERRIDE.search(style)) and bool(_DIRECTION_RTL.search(style))


_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Links that dial or text a number: the number is as good as written out.
_PHONE_SCHEMES = frozenset({"tel", "sms", "callto", "facetime", "facetime-audio"})
_MAX_STYLE_CHARS = 200_000


class _HTMLText(HTMLParser):
    """HTML to text: block elements become line breaks, inline ones join up.

    So ``f<b>u</b>ck`` reads as one word and ``<p>a</p><p>b</p>`` as two lines.
    Script, style and head contents are dropped, but the document's ``<title>`` is
    read, and so are ``alt``, ``title`` and input ``value`` attributes (a reader sees
    them); entities are decoded.

    Text hidden by CSS (``display:none``, ``font-size:0``, ``visibility:hidden``, the
    ``hidden`` attribute, or a class a ``<style>`` rule hides) is still read, but
    apart: the visible text is rendered without it (so a hidden decoy cannot split
    a word, ``fu<span hidden>zz</span>ck``) and each hidden run follows as a
    paragraph of its own.
    """

    _BLOCK = frozenset(
        "address article aside blockquote br dd div dl dt fieldset figcaption figure footer "
        "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split()
    )
    # <noscript> is shown: mail readers run no scripts.
    _SKIP = frozenset({"script", "style", "head", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.links: list[str] = []
        self.title: list[str] = []
        self.in_title = 0
        self.in_style = 0
        self.style: list[str] = []
        self.style_chars = 0
        self.hidden_classes: set[str] = set()
        self.hidden_ids: set[str] = set()
        # Open elements per tag name, and the hidden ones as (tag, its level): O(1) per tag.
        self.open: dict[str, int] = {}
        self.hidden_marks: list[tuple[str, int]] = []
        self.hidden_run: list[str] = []
        self.hidden_texts: list[str] = []
        # Elements that display their text right to left (<bdo dir=rtl>, bidi-override): written
        # out between U+202E and U+202C, which ``visual_order`` then reads as displayed.
        self.override_marks: list[tuple[str, int]] = []

    def _sink(self) -> list[str]:
        return self.hidden_run if self.hidden_marks else self.out

    def _hides(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in ("rt", "rp"):
            return True  # ruby annotations sit above the text: read apart, so f<rt>x</rt>uck stays a word
        for k, v in attrs:
            if k == "hidden":
                return True
            if not v:
                continue
            if k == "style" and _HIDING_STYLE.search(v):
                return True
            if k == "class" and self.hidden_classes and not self.hidden_classes.isdisjoint(v.split()):
                return True
            if k == "id" and v.strip() in self.hidden_ids:
                return True
        return False

    def _attribute_text(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for k, v in attrs:
            if v and (k == "title" or (k == "alt" and tag in ("img", "area", "input"))
                      or (tag == "input" and k in ("value", "placeholder"))):
                self._sink().append(f" {v} ")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "style":
            self.in_style += 1
        if tag == "title":
            self.in_title += 1
            return
        if tag in self._SKIP:
            self.skip += 1
            return
        if tag == "a":
            for k, v in attrs:
                if k == "href" and v:
                    self.links.append(v)
                    scheme, colon, number = v.strip().partition(":")
                    if colon and scheme.lower() in _PHONE_SCHEMES and not self.skip:
                        # "ring me" linked to tel:+447700900634: one tap dials it, so it is shown
                        self._sink().append(f" {urllib.parse.unquote(number.split('?')[0])[:40]} ")
        if tag not in _VOID:
            if tag == "p" and self.open.get("p"):
                self.handle_endtag("p")  # a new paragraph closes the open one
            level = self.open.get(tag, 0) + 1
            self.open[tag] = level
            if self._hides(tag, attrs):
                self.hidden_marks.append((tag, level))
            if _overrides_rtl(tag, attrs):
                self.override_marks.append((tag, level))
                self._sink().append("\u202e")
        elif self._hides(tag, attrs):
            return  # a hidden image: its alt text is not shown either
        if tag in self._BLOCK:
            self._sink().append("\n")
        if not self.skip:
            self._attribute_text(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.handle_starttag(tag, attrs)
        elif tag in self._BLOCK:
            self._sink().append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.in_style = max(0, self.in_style - 1)
            self._style_rules()
        if tag == "title":
            self.in_title = max(0, self.in_title - 1)
            return
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
            return
        level = self.open.get(tag, 0)
        if level:
            self.open[tag] = level - 1
            if tag in self._BLOCK:
                self._sink().append("\n")
            overrides = self.override_marks
            while overrides and self.open.get(overrides[-1][0], 0) < overrides[-1][1]:
                overrides.pop()
                self._sink().append("\u202c")
            marks = self.hidden_marks
            while marks and self.open.get(marks[-1][0], 0) < marks[-1][1]:
                marks.pop()
            if not marks and self.hidden_run:
                self.hidden_texts.append("".join(self.hidden_run))
                self.hidden_run = []
        elif tag in self._BLOCK:
            self._sink().append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_style:
            if self.style_chars < _MAX_STYLE_CHARS:
                self.style.append(data)
                self.style_chars += len(data)
        elif self.in_title:
            self.title.append(data)
        elif not self.skip:
            self._sink().append(data)

    def _style_rules(self) -> None:
        """Classes and ids that a style sheet hides (``.x { display: none }``); split, never backtracking."""
        sheet, self.style = "".join(self.style), []
        for rule in sheet.split("}"):
            selectors, brace, body = rule.rpartition("{")  # the innermost rule of an @media block
            if not brace or not _HIDING_STYLE.search(body):
                continue
            for selector in selectors.split(","):
                last = selector.strip().rsplit(None, 1)[-1] if selector.strip() else ""
                if last.startswith(".") and last[1:].replace("-", "").replace("_", "").isalnum():
                    self.hidden_classes.add(last[1:])
                elif last.startswith("#") and last[1:].replace("-", "").replace("_", "").isalnum():
                    self.hidden_ids.add(last[1:])

    def text(self) -> str:
        out = self.out
        if self.hidden_run:
            self.hidden_texts.append("".join(self.hidden_run))
        title = " ".join("".join(self.title).split())
        head = [title, "\n\n"] if title else []
        hidden = [f"\n\n{t}" for t in self.hidden_texts if t.strip()]
        return "".join(head + out + hidden)


_BLANKS = re.compile(r"[ \t]*\n[ \t\n]*\n")


# A ``<`` that does not open a tag or declaration closed by ``>`` before the next ``<``
# (within 16 KiB), nor a comment. Linear: each look-ahead stops at the next ``<`` or ``>``.
_LT_UNSAFE = re.compile(r"<(?!!--|[A-Za-z/!?][^<>]{0,16384}>)")
_MARKED_SECTION_CLOSE = re.compile(r"\]\s*\]?\s*>")


def _defuse(html: str) -> str:
    """Escape every ``<`` that html.parser could not close, so that it stays linear.

    html.parser rescans to the end of the input for every construct it cannot close
    (``<a <a <a ...``, ``<!--<!--...``, ``<![CDATA[<![CDATA[...``): quadratic time on
    hostile mail. Such a ``<`` is written as ``&lt;``, which html.parser turns back into
    the same visible ``<``; well-formed HTML passes through unchanged.
    """
    if "<" not in html:
        return html
    out = _LT_UNSAFE.sub("&lt;", html)
    # Comments and marked sections (<![CDATA[ ... ]]>) that are never closed.
    last = out.rfind("-->")
    if out.find("<!--", last + 1 if last != -1 else 0) != -1:
        cut = last + 3 if last != -1 else 0
        out = out[:cut] + out[cut:].replace("<!--", "&lt;!--")
    if "<![" in out:
        closes = [m.end() for m in _MARKED_SECTION_CLOSE.finditer(out)]
        cut = closes[-1] if closes else 0
        out = out[:cut] + out[cut:].replace("<![", "&lt;![")
    return out


def html_to_text(html: str) -> str:
    parser = _HTMLText()
    try:
        parser.feed(_defuse(html))
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser on hostile input: keep what we have
        pass
    text = parser.text()
    return _BLANKS.sub("\n\n", text).strip()


# -- header decoding -------------------------------------------------------------


def decode_header_value(value: object, reading: bool = False) -> str:
    """RFC 2047 decoding that never raises; unknown charsets fall back to UTF-8.

    ``reading``: the value is text the content policies read (a subject), so it is
    also put in visual order and its look-alike letters folded (``reading_text``).
    """
    if isinstance(value, email.header.Header):
        value = str(value)
    text = _unescape(str(value)) if value is not None else ""
    clean = reading_text if reading else clean_text
    if "=?" not in text:
        return clean(" ".join(text.split()))
    try:
        chunks = email.header.decode_header(text)
    except (ValueError, LookupError, AssertionError, binascii.Error, MessageError):
        return clean(" ".join(text.split()))
    out: list[str] = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            out.append(chunk)
            continue
        out.append(_decode_bytes(chunk, charset)[0])
    return clean(" ".join("".join(out).split()))


def _unescape(text: str) -> str:
    """Raw 8-bit header bytes come out of the stdlib parser as surrogate escapes: decode them properly."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return _decode_bytes(data, "utf-8")[0]


# Charsets of one byte a character: any bytes decode, so a mislabelled UTF-8 text would come out
# as mojibake ("ï¼\x90" for a full-width digit) and hide from every check.
_SINGLE_BYTE = re.compile(r"(?:us-?)?ascii|latin-?[0-9]+|l[0-9]|iso[-_]?8859[-_]?[0-9]+|(?:cp|windows-)12[0-9]{2}|cp437|cp850|koi8-[ru]")
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xef\xbb\xbf", "utf-8-sig"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _wide_encoding(data: bytes, charset: str | None) -> str | None:
    """UTF-16 or UTF-32 text, by byte-order mark, by label, or by the NUL bytes of ASCII in UTF-16."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    cs = (charset or "").strip().strip('"').lower()
    if cs.startswith(("utf-16", "utf16", "utf-32", "utf32", "ucs-2", "ucs2")):
        return cs.replace("ucs-2", "utf-16").replace("ucs2", "utf-16")
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2 or b"\x00" not in sample:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd * 10 >= half * 6 and even * 10 < half:
        return "utf-16-le"
    if even * 10 >= half * 6 and odd * 10 < half:
        return "utf-16-be"
    return None


def _decode_bytes(data: bytes, charset: str | None) -> tuple[str, bool]:
    """Bytes to text; returns (text, ok). A wrong or unknown charset is not fatal.

    A byte-order mark or UTF-16's NUL bytes win over the label; so does valid
    multi-byte UTF-8 labelled with a one-byte charset (latin-1, windows-1252).
    """
    cs = (charset or "utf-8").strip().strip('"').lower()[:40] or "utf-8"
    if cs in ("unknown-8bit", "x-unknown", "default"):
        cs = "utf-8"
    wide = _wide_encoding(data, None) if data[:1] in (b"\xff", b"\xfe", b"\xef", b"\x00") or b"\x00" in data[:4096] else None
    if wide:
        cs = wide
    elif _SINGLE_BYTE.fullmatch(cs) and not data.isascii():
        try:
            return data.decode("utf-8"), False
        except UnicodeDecodeError:
            pass
    try:
        return data.decode(cs), True
    except (LookupError, UnicodeError, ValueError, TypeError):
        # Unknown name, wrong bytes for the charset, or a codec that fails oddly (idna, punycode).
        pass
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), False


def _addresses(values: list[str], budgets: Budgets, problems: list[ParseProblem], name: str) -> tuple[str, ...]:
    if not values:
        return ()
    key = tuple(values)
    addrs = _parsed_addresses(key) if sum(map(len, key)) <= _ADDRESS_CACHE_MAX_CHARS else _parse_addresses(key)
    if addrs is None:  # hostile header: treat as no addresses, and say so
        problems.append(ParseProblem("header could not be parsed", name, f"header {name}"))
        return ()
    if len(addrs) > budgets.max_addresses_per_header:
        problems.append(
            ParseProblem("too many addresses in one header", f"{name}: {len(addrs)}", f"header {name}", True)
        )
        addrs = addrs[: budgets.max_addresses_per_header]
    return addrs


def _parse_addresses(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """The addresses in some address headers' values; None when they cannot be parsed."""
    try:
        pairs = email.utils.getaddresses([decode_header_value(v) if "=?" in v else _unescape(v) for v in values])
    except Exception:  # noqa: BLE001 - reported by the caller
        return None
    return tuple(a.strip() for _, a in pairs if "@" in a)


# The same From and To lines come again and again (a class writes to its teacher all week): the
# stdlib's address parser was a sixth of the parse. Short values only, so the cache stays small.
_ADDRESS_CACHE_MAX_CHARS = 2048
_parsed_addresses = functools.lru_cache(maxsize=4096)(_parse_addresses)


# -- bodies ------------------------------------------------------------------------------


# Inline data (pictures pasted as data: URIs) is not text: dropped before HTML is rendered.
_DATA_URI = re.compile(r"data:[^\s\"'<>()]{256,}", re.I)
_QP_PADDED_SOFT_BREAK = re.compile(rb"=[ \t]+(?=\r?\n|\Z)")
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/=]+")
_BASE64_JUNK = re.compile(rb"[^A-Za-z0-9+/=\s]")


def _payload_bytes(part: email.message.Message) -> tuple[bytes, str | None]:
    """Decode a leaf part's transfer encoding. Returns (bytes, problem or None)."""
    # The stored payload itself: get_payload() would already "decode" 8-bit bytes with the declared
    # charset and replace what does not fit, losing text that a wrong charset label hides.
    raw = getattr(part, "_payload", None)
    if raw is None:
        raw = part.get_payload(decode=False)
    if isinstance(raw, list):
        return b"", None
    if not isinstance(raw, str):
        return b"", "unreadable payload"
    cte = str(part.get("content-transfer-encoding", "")).strip().lower()
    data = raw.encode("ascii", "surrogateescape") if raw.isascii() else raw.encode("utf-8", "surrogateescape")
    return _decode_transfer(data, cte)


def _decode_transfer(data: bytes, cte: str) -> tuple[bytes, str | None]:
    """Undo a content-transfer-encoding. Returns (bytes, problem or None); never raises."""
    if cte == "base64":
        cleaned = _NOT_BASE64.sub(b"", data)
        cleaned, _, after = cleaned.partition(b"=")
        problem = None
        if _BASE64_JUNK.search(data) or after.strip(b"="):
            # Characters outside the alphabet, or data after the padding: what a reader sees may differ.
            problem = "damaged base64 content"
        if len(cleaned) % 4 == 1:
            # One character too many to be base64: decode what can be, and say the rest could not be.
            cleaned = cleaned[:-1]
            problem = "base64 content that cannot be decoded"
        elif not cleaned and data.strip():
            problem = "base64 content that cannot be decoded"
        cleaned += b"=" * (-len(cleaned) % 4)
        try:
            return binascii.a2b_base64(cleaned), problem
        except binascii.Error:
            return b"", "base64 content that cannot be decoded"
    if cte == "quoted-printable":
        if b"= " in data or b"=\t" in data:
            # White space a relay added after a soft line break's "=" (RFC 2045 says to drop it).
            data = _QP_PADDED_SOFT_BREAK.sub(b"=", data)
        return quopri.decodestring(data), None
    if cte in ("", "7bit", "8bit", "binary"):
        return data, None
    return data, f"unknown transfer encoding {cte[:40]!r}"


def _filename(part: email.message.Message) -> str:
    # no "name" or "filename" parameter (RFC 2231 forms included): skip the stdlib's parameter parsing
    if "name" not in str(part.get("content-disposition", "")).lower() and "name" not in str(part.get("content-type", "")).lower():
        return ""
    try:
        name = part.get_filename()
    except Exception:  # noqa: BLE001
        name = None
    if name is None:
        try:
            name = part.get_param("name")  # type: ignore[assignment]
        except Exception:  # noqa: BLE001
            name = None
        if isinstance(name, tuple):
            name = email.utils.collapse_rfc2231_value(name)
    return decode_header_value(name) if name else ""


def _open_attached(
    child: email.message.Message,
    where: str,
    depth: int,
    budgets: Budgets,
    problems: list[ParseProblem],
    attached: list[tuple[tuple[str, str], ...]],
    parts: list[TextPart],
    stack: list[tuple[email.message.Message, int, str]],
) -> None:
    """An attached message: its headers kept, its subject read as text, its parts walked one level deeper."""
    inner_headers = _decoded_headers(child, budgets, problems, where)
    attached.append(inner_headers)
    subj = next((v for k, v in inner_headers if k.lower() == "subject"), "")
    if subj:
        parts.append(TextPart(subj, f"{where} subject"))
    stack.append((child, depth + 1, where))


def _decoded_headers(msg: email.message.Message, budgets: Budgets, problems: list[ParseProblem], where: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    total = 0
    for k, v in msg.raw_items():
        if not isinstance(k, str):
            continue
        total += len(k) + len(str(v))
        if total > budgets.max_header_bytes:
            problems.append(ParseProblem("headers too large", f"{total} bytes", where, True))
            break
        # The subject is read by the content policies like a body (visual order, look-alikes folded).
        out.append((k, decode_header_value(v, k.lower() == "subject")))
    return tuple(out)


# -- pre-scan: keep the stdlib parser within the budgets ---------------------------------

# A delimiter line ("--boundary", "--boundary--"), and a boundary parameter (RFC 2231 forms too).
_DELIMITER = re.compile(rb"\n--([^\r\n]{0,256})")
_DECLARATION = re.compile(rb'boundary[ \t]*(?:\*\d*)?\*?[ \t\r\n]*=[ \t\r\n]*(?:"([^"\r\n]{0,256})|([^\s;"]{1,256}))', re.I)
_LINE_END = re.compile(rb"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class _Prescan:
    cut: int  # how many bytes of the raw message the stdlib parser may see
    problems: tuple[ParseProblem, ...]


def _prescan(raw: bytes, budgets: Budgets) -> _Prescan:
    """Count lines and simulate boundary nesting (as the stdlib parser would) in linear passes.

    The cut is where the message first goes past ``max_lines`` or nests boundaries
    deeper than ``max_depth + 1`` (one level more, so that the walk in ``parse`` also
    sees and reports the excess).
    """
    cut = len(raw)
    problems: list[ParseProblem] = []
    lines = raw.count(b"\n") + raw.count(b"\r") - raw.count(b"\r\n")
    if lines > budgets.max_lines:
        for i, m in enumerate(_LINE_END.finditer(raw)):
            if i >= budgets.max_lines:
                cut = m.start()
                break
        problems.append(ParseProblem("message has too many lines to inspect", f"{lines} lines", "message", True))
    low = raw[:cut].lower()
    declarations: list[tuple[int, bytes]] = []
    pos = low.find(b"boundary")
    while pos != -1:
        decl = _DECLARATION.match(raw, pos, cut)
        if decl:
            value = decl.group(1) if decl.group(1) is not None else decl.group(2)
            declarations.append((pos, value.rstrip()))
        pos = low.find(b"boundary", pos + 8)
    if not declarations:
        return _Prescan(cut, tuple(problems))
    events: list[tuple[int, bytes | None, bytes | None]] = [(p, v, None) for p, v in declarations]
    events += [(m.start(), None, m.group(1)) for m in _DELIMITER.finditer(raw, declarations[0][0], cut)]
    events.sort(key=lambda e: e[0])
    stack: list[bytes] = []
    deepest = 0
    for at, declared, delimiter in events:
        if delimiter is not None:
            rest = delimiter.rstrip(b" \t\r")
            for i in range(len(stack) - 1, -1, -1):
                if rest == stack[i]:
                    del stack[i + 1 :]
                    break
                if rest == stack[i] + b"--":
                    del stack[i:]
                    break
            continue
        assert declared is not None
        stack.append(declared)
        deepest = max(deepest, len(stack))
        if len(stack) > budgets.max_depth + 1:
            cut = at
            problems.append(ParseProblem("MIME nesting too deep", f"deeper than {budgets.max_depth}", "message", True))
            break
    lines_kept = min(lines, budgets.max_lines)
    if lines_kept * deepest > budgets.max_line_checks:
        allowed = budgets.max_line_checks // deepest
        for i, m in enumerate(_LINE_END.finditer(raw, 0, cut)):
            if i >= allowed:
                cut = m.start()
                break
        problems.append(
            ParseProblem("message too complex to inspect", f"{lines} lines nested {deepest} deep", "message", True)
        )
    return _Prescan(cut, tuple(problems))


def _fallback(raw: bytes, budgets: Budgets, problems: list[ParseProblem]) -> Message:
    """When the stdlib parser cannot cope at all: the raw bytes as one text part, so checks still run."""
    text, _ = _decode_bytes(raw[: budgets.max_text_chars], "utf-8")
    parts = (TextPart(reading_text(text), "body"),)
    try:
        # The top-level headers alone (no recursion into the body), so sender checks still see From:.
        top = email.parser.BytesHeaderParser().parsebytes(raw[: budgets.max_header_bytes * 2])
        headers = _decoded_headers(top, budgets, problems, "headers")
        values: dict[str, list[str]] = {k: [] for k in ("from", "to", "cc", "bcc")}
        for k, v in top.raw_items():
            if isinstance(k, str) and k.lower() in values and len(values[k.lower()]) < 50:
                values[k.lower()].append(str(v))
        return Message(
            headers=headers,
            subject=next((v for k, v in headers if k.lower() == "subject"), ""),
            from_addresses=_addresses(values["from"], budgets, problems, "From"),
            to_addresses=_addresses(values["to"], budgets, problems, "To"),
            cc_addresses=_addresses(values["cc"], budgets, problems, "Cc"),
            bcc_addresses=_addresses(values["bcc"], budgets, problems, "Bcc"),
            parts=parts,
            attachments=(),
            problems=tuple(problems),
        )
    except Exception:  # noqa: BLE001
        return Message((), "", (), (), (), (), parts, (), tuple(problems))


def parse(raw: bytes, budgets: Budgets = DEFAULT_BUDGETS) -> Message:
    """Parse raw message bytes into the shared view. Never raises."""
    try:
        return _parse(raw, budgets)
    except Exception as e:  # noqa: BLE001 - last line of defence: a verdict must still be reached
        problem = ParseProblem("message could not be parsed", type(e).__name__, "message", isinstance(e, RecursionError))
        return _fallback(raw, budgets, [problem])


def _parse(raw: bytes, budgets: Budgets) -> Message:
    started = time.monotonic()
    scan = _prescan(raw, budgets)
    problems: list[ParseProblem] = list(scan.problems)
    try:
        msg = email.message_from_bytes(raw[: scan.cut] if scan.cut < len(raw) else raw)
    except RecursionError:
        problems.append(ParseProblem("MIME nesting too deep", "the parser ran out of stack", "message", True))
        return _fallback(raw, budgets, problems)
    except Exception as e:  # noqa: BLE001 - the stdlib parser is lenient; this is belt and braces
        problems.append(ParseProblem("message could not be parsed", type(e).__name__, "message"))
        return _fallback(raw, budgets, problems)

    headers = _decoded_headers(msg, budgets, problems, "headers")
    raw_values: dict[str, list[str]] = {k: [] for k in ("from", "to", "cc", "bcc")}
    for k, v in msg.raw_items():
        lk = k.lower() if isinstance(k, str) else ""
        if lk in raw_values and len(raw_values[lk]) < 50:
            raw_values[lk].append(str(v))

    parts: list[TextPart] = []
    attachments: list[Attachment] = []
    attached: list[tuple[tuple[str, str], ...]] = []
    # A second Subject: header is what some mail programs show: read every different one.
    subjects = [v for k, v in headers if k.lower() == "subject"]
    for extra in dict.fromkeys(subjects[1:11]):
        if extra and extra != subjects[0]:
            parts.append(TextPart(extra, "header Subject"))
    archives = ArchiveScanner(
        ArchiveLimits(
            max_depth=budgets.max_archive_depth,
            max_members=budgets.max_archive_members,
            max_total_bytes=budgets.max_archive_bytes,
            max_member_bytes=min(budgets.max_archive_bytes, budgets.max_decoded_bytes),
            deadline=started + budgets.max_seconds,
        )
    )
    text_chars = 0
    decoded_total = 0
    count = 0
    too_deep = any(p.reason == "MIME nesting too deep" for p in problems)
    # An explicit stack, not recursion: deep nesting must not blow the stack.
    stack: list[tuple[email.message.Message, int, str]] = [(msg, 0, "body")]
    while stack:
        part, depth, where = stack.pop()
        count += 1
        if count > budgets.max_parts:
            problems.append(ParseProblem("too many MIME parts", f"more than {budgets.max_parts}", "message", True))
            break
        if depth > budgets.max_depth:
            if not too_deep:
                problems.append(ParseProblem("MIME nesting too deep", f"deeper than {budgets.max_depth}", where, True))
                too_deep = True
            continue
        if time.monotonic() - started > budgets.max_seconds:
            problems.append(ParseProblem("message took too long to inspect", f"{budgets.max_seconds}s", "message", True))
            break
        try:
            ctype = part.get_content_type()
        except Exception:  # noqa: BLE001
            ctype = "application/octet-stream"
        payload = part.get_payload()
        if part.is_multipart() or isinstance(payload, list):
            children = [c for c in payload if isinstance(c, email.message.Message)] if isinstance(payload, list) else []
            if ctype == "message/rfc822" or (ctype.startswith("message/") and children):
                children = _decoded_inner_messages(part, children, budgets, problems)
                for child in reversed(children):
                    name = _filename(part) or "attached message"
                    _open_attached(child, f"attachment {name}", depth, budgets, problems, attached, parts, stack)
                continue
            if children:
                for child in reversed(children):
                    stack.append((child, depth + 1, where))
                continue
            # A multipart with no parts at all: whatever text it holds is what a reader may see.
            problems.append(ParseProblem("multipart section with no parts", ctype, where))
            body = reading_text(_decode_bytes(_preamble(part), None)[0])
            if body.strip():
                text_chars = _add_text(parts, problems, budgets, body, where, text_chars)
            continue

        if ctype.startswith("multipart/"):
            # Declared multipart but not split (no boundary, or it never appears): read it as text.
            problems.append(ParseProblem("multipart section that cannot be split into parts", ctype, where))
            ctype = "text/plain"

        data, problem = _payload_bytes(part)
        decoded_total += len(data)
        if decoded_total > budgets.max_decoded_bytes:
            problems.append(ParseProblem("message too large to inspect", f"over {budgets.max_decoded_bytes} bytes decoded", where, True))
            break
        filename = _filename(part)
        part_where = f"attachment {filename}" if filename else where
        if problem:
            problems.append(ParseProblem(problem, filename or ctype, part_where))
        try:
            charset = part.get_content_charset()
            disposition = str(part.get("content-disposition", "")).split(";")[0].strip().lower()
        except Exception:  # noqa: BLE001
            charset, disposition = None, ""
        # Text whatever the label says: any text/* part or attachment (a .csv, a .vcf, notes.md), and a
        # file named as text (note.txt, page.html) sent as application/octet-stream or the like.
        extension = filename.rpartition(".")[2].lower() if "." in filename else ""
        if extension == "eml" and not ctype.startswith("text/") and _HEADER_LINE.match(data):
            # A message saved as a file (fwd.eml sent as application/octet-stream): opened like
            # message/rfc822, within the same budgets (pre-scanned, then one level deeper).
            attachments.append(Attachment(filename, ctype, sniff(data, filename), data, part_where, depth))
            inner_scan = _prescan(data, budgets)
            problems.extend(inner_scan.problems)
            child = email.message_from_bytes(data[: inner_scan.cut])
            _open_attached(child, part_where, depth, budgets, problems, attached, parts, stack)
            continue
        textual = not _binary(data, charset)
        is_text = textual and (
            ctype.startswith("text/")
            or (extension in _TEXT_EXTENSIONS and sniff(data, filename) in ("text/plain", "text/html"))
        )
        if is_text:
            text, _ = _decode_bytes(data, charset)
            html = ctype == "text/html" or (not ctype.startswith("text/") and extension in _HTML_EXTENSIONS)
            if html:
                source = _DATA_URI.sub("data:,", text) if "data:" in text else text
                if len(source) > budgets.max_text_chars:
                    problems.append(
                        ParseProblem("HTML too long to inspect in full", f"{len(source)} characters", part_where, not filename)
                    )
                    source = source[: budgets.max_text_chars]
                body = html_to_text(source)
            elif ctype in ("text/enriched", "text/richtext"):
                body = _enriched_to_text(text)
            else:
                body = _unflow(text, part) if ctype == "text/plain" else text
            # Only what can fit the text budget is cleaned and folded.
            cap = _text_cap(budgets, text_chars)
            full = len(body) if len(body) > cap else 0
            body = reading_text(body[:cap] if full else body)
            text_chars = _add_text(
                parts, problems, budgets, body, part_where, text_chars, html, text if html else "", budget=not filename,
                cut=full,
            )
            if filename or (disposition == "attachment" and ctype not in ("text/plain", "text/html")):
                attachments.append(Attachment(filename, ctype, sniff(data, filename), data, part_where, depth))
        else:
            sniffed = sniff(data, filename)
            attachments.append(Attachment(filename, ctype, sniffed, data, part_where, depth))
            archives.scan(data, filename, part_where, sniffed)
            if ole_encrypted_document(data):
                problems.append(ParseProblem(_ENCRYPTED_DOCUMENT, filename or ctype, part_where))

    for ap in archives.problems:
        problems.append(ParseProblem(ap.reason, ap.evidence, ap.where, ap.budget))
    # Text inside attached archives and documents: notes.txt in a zip, a Word document's words.
    for member in archives.members:
        if _encrypted_member(member.name, member.data):
            container = member.where.rpartition(" > ")[0] or member.where
            problems.append(ParseProblem(_ENCRYPTED_DOCUMENT, member.name, container))
        if time.monotonic() - started > budgets.max_seconds:
            problems.append(ParseProblem("message took too long to inspect", f"{budgets.max_seconds}s", "message", True))
            break
        cap = _text_cap(budgets, text_chars)
        found = _member_text(member.name, member.data, cap)
        if found is not None:
            body, html, full = found
            text_chars = _add_text(
                parts, problems, budgets, reading_text(body), member.where, text_chars, html, budget=False, cut=full
            )
    members = tuple(
        Attachment(m.name, "archive member", m.sniffed_type, m.data, m.where, m.depth) for m in archives.members
    )
    subject = next((v for k, v in headers if k.lower() == "subject"), "")
    return Message(
        headers=headers,
        subject=subject,
        from_addresses=_addresses(raw_values["from"], budgets, problems, "From"),
        to_addresses=_addresses(raw_values["to"], budgets, problems, "To"),
        cc_addresses=_addresses(raw_values["cc"], budgets, problems, "Cc"),
        bcc_addresses=_addresses(raw_values["bcc"], budgets, problems, "Bcc"),
        parts=tuple(parts),
        attachments=tuple(attachments),
        problems=tuple(problems),
        attached_messages=tuple(attached),
        archive_members=members,
    )


_ENCRYPTED_DOCUMENT = "password-protected (encrypted) document"


def _encrypted_member(name: str, data: bytes) -> bool:
    """A password-protected document found inside an archive: an OpenDocument file whose manifest
    lists encrypted parts, or an encrypted Office document zipped up."""
    if name.endswith("META-INF/manifest.xml"):
        return b"encryption-data" in data
    return ole_encrypted_document(data)


def _decoded_inner_messages(
    part: email.message.Message,
    children: list[email.message.Message],
    budgets: Budgets,
    problems: list[ParseProblem],
) -> list[email.message.Message]:
    """The messages inside a ``message/*`` part, with its transfer encoding undone.

    RFC 2046 allows only 7bit/8bit/binary there, but senders do base64-encode
    attached messages; the stdlib then hands us the encoded text as a
    header-less "message", which would hide everything inside it from the checks.
    """
    try:
        cte = str(part.get("content-transfer-encoding", "")).strip().lower()
    except Exception:  # noqa: BLE001
        return children
    if cte not in ("base64", "quoted-printable") or len(children) != 1:
        return children
    try:
        encoded = children[0].as_bytes()
    except Exception:  # noqa: BLE001 - cannot re-serialise: inspect what the parser gave us
        return children
    data, problem = _decode_transfer(encoded.lstrip(b"\r\n"), cte)
    if problem:
        problems.append(ParseProblem(problem, "attached message", "attachment"))
    if len(data) > budgets.max_decoded_bytes:
        problems.append(ParseProblem("message too large to inspect", "attached message", "attachment", True))
        return children
    try:
        return [email.message_from_bytes(data)]
    except Exception:  # noqa: BLE001
        problems.append(ParseProblem("attached message could not be parsed", cte, "attachment"))
        return children


def _text_cap(budgets: Budgets, text_chars: int) -> int:
    """How much of a text is cleaned before the budget cut: what fits, with slack for line ends and
    invisible characters that cleaning drops (a text cut here is reported even if the rest would fit)."""
    room = max(budgets.max_text_chars - text_chars, 0)
    return room + room // 8 + 1000


def _add_text(
    parts: list[TextPart],
    problems: list[ParseProblem],
    budgets: Budgets,
    body: str,
    where: str,
    text_chars: int,
    html: bool = False,
    raw_html: str = "",
    budget: bool = True,
    cut: int = 0,
) -> int:
    """Add a text part within the text budget. ``budget=False`` for the text of an attachment: what
    is cut off then concerns the content policies only (``blocked-attachment`` still has the file).
    ``cut``: the text was already cut short from this many characters (or bytes)."""
    room = budgets.max_text_chars - text_chars
    if len(body) > room or cut:
        problems.append(ParseProblem("text too long to inspect in full", f"{cut or len(body)} characters", where, budget))
        body = body[: max(room, 0)]
    parts.append(TextPart(body, where, html, raw_html))
    return text_chars + len(body)


def _preamble(part: email.message.Message) -> bytes:
    text = part.preamble or ""
    if part.epilogue:
        text += "\n" + part.epilogue
    return text.encode("utf-8", "surrogateescape") if not text.isascii() else text.encode("ascii")


def _unflow(text: str, part: email.message.Message) -> str:
    """RFC 3676 ``format=flowed``: a line ending in a space goes on with the next line of the same
    quote depth; with ``delsp=yes`` that space is removed too (``fu `` + ``cking`` is one word).
    Space-stuffing is undone; quote markers stay at the start of each joined line."""
    try:
        if str(part.get_param("format", "") or "").lower() != "flowed":
            return text
        delsp = str(part.get_param("delsp", "") or "").lower() == "yes"
    except Exception:  # noqa: BLE001
        return text
    out: list[str] = []
    open_depth = -1  # the quote depth of a paragraph still flowing, or -1
    for line in text.replace("\r\n", "\n").split("\n"):
        content = line.lstrip(">")
        depth = len(line) - len(content)
        if content.startswith(" "):
            content = content[1:]
        if open_depth != depth:
            if open_depth != -1:
                out.append("\n")
            if depth:
                out.append(">" * depth + " ")
        if content.endswith(" ") and content != "-- ":
            out.append(content[:-1] if delsp else content)
            open_depth = depth
        else:
            out.append(content + "\n")
            open_depth = -1
    return "".join(out)


# text/enriched (RFC 1896) and text/richtext: formatting commands, <param> contents, "<<" for "<".
_ENRICHED_PARAM = re.compile(r"<param>[^<]{0,1000}</param>", re.I)
_ENRICHED_COMMAND = re.compile(r"</?[A-Za-z0-9-]{1,60}>")


def _enriched_to_text(text: str) -> str:
    text = _ENRICHED_PARAM.sub("", text)
    return _ENRICHED_COMMAND.sub("", text.replace("<<", "\x00")).replace("\x00", "<")


# The parts of Office Open XML and OpenDocument files that hold the document's words.
_OFFICE_TEXT = re.compile(
    r"word/(?:document|footnotes|endnotes|comments|header\d*|footer\d*)\.xml|ppt/(?:slides/slide|notesSlides/notesSlide)\d+\.xml"
    r"|xl/sharedStrings\.xml|content\.xml",
    re.I,
)
# Paragraph and line ends, tabs and spaces of those formats; then any tag (bounded: linear).
_XML_BREAK = re.compile(r"</(?:w:p|a:p|text:p|text:h|si)>|<(?:w:br|w:cr|text:line-break)\b[^<>]{0,200}>")
_XML_SPACE = re.compile(r"<(?:w:tab|text:tab|text:s)\b[^<>]{0,200}>")
_XML_TAG = re.compile(r"<[^<>]{0,4096}>")


def _member_text(name: str, data: bytes, cap: int) -> tuple[str, bool, int] | None:
    """The text of a file found in an archive, whether it is HTML, and its size in bytes when it had
    to be cut to about ``cap`` characters (0 when read in full); None when it is not text."""
    if not data:
        return None
    if _OFFICE_TEXT.fullmatch(name):
        limit = 8 * cap  # markup is most of an Office XML file
        full = len(data) if len(data) > limit else 0
        xml = _decode_bytes(data[:limit] if full else data, "utf-8")[0]
        xml = _XML_SPACE.sub(" ", _XML_BREAK.sub("\n", xml))
        text = html_module.unescape(_XML_TAG.sub("", xml))
        if len(text) > cap:
            full, text = full or len(data), text[:cap]
        return text, False, full
    base = name.rpartition("/")[2]
    extension = base.rpartition(".")[2].lower() if "." in base else ""
    if extension in _TEXT_EXTENSIONS and not _binary(data):
        limit = 4 * cap
        full = len(data) if len(data) > limit else 0
        text = _decode_bytes(data[:limit] if full else data, None)[0]
        if len(text) > cap:
            full, text = full or len(data), text[:cap]
        if extension in _HTML_EXTENSIONS:
            return html_to_text(text), True, full
        return text, False, full
    return None


# A message file starts with a header field ("From: ...", "Received: ...", "Return-Path: ...").
_HEADER_LINE = re.compile(rb"\s{0,8}[!-9;-~]{1,76}[ \t]*:")
_HTML_EXTENSIONS = frozenset({"htm", "html", "xhtml", "xht"})
_TEXT_EXTENSIONS = _HTML_EXTENSIONS | frozenset({"txt", "text", "csv", "tsv", "md", "markdown", "log", "vcf", "ics"})


_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 27), *range(28, 32), 127])


def _binary(data: bytes, charset: str | None = None) -> bool:
    """Not text: NUL bytes in the first 4 KiB, unless they are UTF-16 or UTF-32 text, or bytes of no
    known file type with so few control characters (16, or 1 in 100) that they only break words up."""
    sample = data[:4096]
    if b"\x00" not in sample or _wide_encoding(data, charset) is not None:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > 16 and controls * 100 > len(sample):
        return True
    return sniff(data) not in ("text/plain", "application/octet-stream")
