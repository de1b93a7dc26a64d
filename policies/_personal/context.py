"""Where in a text a detail is not personal: quoted reply headers and organisations' signature blocks."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# "On Tue, 14 Jan 2025 at 17:40, Amelia Clarke <amelia.clarke@...> wrote:" (may wrap over lines),
# and the header lines of a quoted or forwarded message.
_ATTRIBUTION = re.compile(r"(?m)^[> \t]*On\s[^\n]{0,200}?(?:\n[> \t]*[^\n]{0,200}?){0,2}?\bwrote:")
_HEADER_LINE = re.compile(r"(?mi)^[> \t*]*(?:from|to|cc|bcc|sent|date|reply-to)[ \t]*:[^\n]*")
# Where the writer's own text ends and a quoted or forwarded message starts.
_QUOTED_LINE = re.compile(r"(?m)^[ \t]*>")
_QUOTE_START = re.compile(
    r"(?mi)^(?:[ \t]*-{2,}[ \t]*original\s+message[ \t]*-{2,}|[ \t]*-{3,}[ \t]*forwarded\s+message|"
    r"[ \t]*begin\s+forwarded\s+message|[ \t]*_{8,}[ \t]*$|[ \t]*from:[^\n]*\n[ \t]*(?:sent|date):|On\s[^\n]{0,200}?wrote:)"
)
_SIGN_OFF = re.compile(
    r"(?mi)^[> \t]*(?:(?:kind|best|warm|warmest|many|with|yours)\s+)*(?:regards|wishes|thanks|thank\s+you|"
    r"sincerely|faithfully|truly)[ \t,!.]*$|^[> \t]*(?:cheers|all\s+the\s+best|take\s+care|--)[ \t,!.]*$"
)
_ORGANISATION = re.compile(
    r"\b(?:ltd|limited|plc|llp|cic|museum|council|library|libraries|trust|centre|center|society|club|office|"
    r"department|university|college|academy|school|charity|foundation|team|officer|manager|coordinator|"
    r"services?|www\.|https?://|registered|company|theatre|gallery|zoo|park|church|association|federation|partnership|"
    r"alliance|network|unsubscribe|receiving\s+this|business\s+park|industrial\s+estate)\b",
    re.IGNORECASE,
)
_MAX_SIGNATURE_LINES = 12
_MAX_SIGNATURE_CHARS = 1200


@dataclass(frozen=True, slots=True)
class Regions:
    """Spans of one text: quoted header lines, and signature blocks (with whether an organisation's)."""

    headers: tuple[tuple[int, int], ...]
    own_end: int  # where the writer's own text ends
    signatures: tuple[tuple[int, int, bool], ...]  # (start, end, looks like an organisation's)

    def in_header(self, start: int, end: int) -> bool:
        i = bisect_right(self.headers, (start, 1 << 62))
        return any(s <= start and end <= e for s, e in self.headers[max(0, i - 3) : i])

    def signature_at(self, start: int, end: int) -> tuple[int, int, bool] | None:
        # Signature blocks are in order of their starts; the nearest few before the hit can hold it.
        i = bisect_right(self.signatures, (start, 1 << 62, True))
        return next(
            (sig for sig in reversed(self.signatures[max(0, i - 3) : i]) if sig[0] <= start and end <= sig[1]), None
        )


def regions(text: str) -> Regions:
    headers = [(m.start(), m.end()) for m in _ATTRIBUTION.finditer(text)]
    headers += [(m.start(), m.end()) for m in _HEADER_LINE.finditer(text)]
    breaks = [m.start() for m in _QUOTE_START.finditer(text)]
    first_quoted = _QUOTED_LINE.search(text)
    own_end = min(breaks[:1] + ([first_quoted.start()] if first_quoted else []) + [len(text)])
    signatures: list[tuple[int, int, bool]] = []
    for m in _SIGN_OFF.finditer(text):
        start = m.end()
        # The writer's signature ends where the quote starts; a quoted one at the next quoted message.
        if start <= own_end:
            end = own_end
        else:
            i = bisect_right(breaks, start)
            end = breaks[i] if i < len(breaks) else len(text)
        if end - start > _MAX_SIGNATURE_CHARS:
            continue
        block = text[start:end]
        lines = [line for line in block.splitlines() if line.strip(" \t>")]
        if not lines or len(lines) > _MAX_SIGNATURE_LINES:
            continue
        signatures.append((m.start(), end, bool(_ORGANISATION.search(block))))
    # No sign-off line: the last paragraph of the writer's own text, when it names an organisation
    # ("Priya Lal / Learning Officer / Ratae Roman Museum / 22 Vaughan Way ...").
    own = text[:own_end].rstrip()
    last = own.rfind("\n\n", max(0, len(own) - _MAX_SIGNATURE_CHARS))
    if last >= 0 and not any(sig[0] <= last + 2 and sig[1] >= len(own) for sig in signatures):
        start = last + 2
        block = own[start:]
        lines = [line for line in block.splitlines() if line.strip()]
        if not (2 <= len(lines) <= _MAX_SIGNATURE_LINES and _ORGANISATION.search(block)):
            # split by blank lines (an HTML part's paragraphs): the trailing paragraphs of signature lines together
            start = _signature_lines_start(own)
            block = own[start:]
            lines = [line for line in block.splitlines() if line.strip()]
        if 2 <= len(lines) <= _MAX_SIGNATURE_LINES and _ORGANISATION.search(block):
            signatures.append((start, own_end, True))
            signatures.sort()
    return Regions(tuple(sorted(headers)), own_end, tuple(signatures))


# A signature line: a few words, not a sentence ("Home Front Museum", "12 Market Street, Loughborough, LE11 3HW").
_SIGNATURE_LINE = re.compile(r"[ \t>]*(?:\S+[ \t]+){0,7}\S+[ \t]*(?<![.!?])")
_SIGNATURE_LINE_CHARS = 64


def _signature_lines_start(own: str) -> int:
    """Where the trailing run of signature lines (blank lines allowed between them) starts."""
    start = len(own)
    pos = len(own)
    count = 0
    while pos > 0 and count < _MAX_SIGNATURE_LINES:
        line_start = own.rfind("\n", 0, pos) + 1
        line = own[line_start:pos]
        if line.strip():
            if len(line) > _SIGNATURE_LINE_CHARS or not _SIGNATURE_LINE.fullmatch(line):
                break
            count += 1
            start = line_start
        pos = line_start - 1
    return start
