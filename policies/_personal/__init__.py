"""Detectors for the ``personal-details`` policy.

Each detector takes one text and returns ``Hit`` records (kind, span, evidence,
key). They know nothing about the message: the policy applies the exemptions
(the school's own contact details, an organisation's signature block, quoted
reply headers) and turns the hits into findings, one per distinct detail.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass


class Kind(enum.StrEnum):
    """What was found; the value is the reason a teacher reads."""

    PHONE = "phone number"
    ADDRESS = "home address"
    POSTCODE = "postcode"
    DOB = "date of birth"
    EMAIL = "personal email address"
    HANDLE = "social media handle"
    PASSWORD = "password"
    FULL_NAME = "pupil's full name"


@dataclass(frozen=True, slots=True)
class Hit:
    kind: Kind
    start: int
    end: int
    evidence: str
    # What makes two hits the same detail (normalised number, address, ...).
    key: str


# A detector stops after this many hits in one text: one finding per distinct
# detail is enough to quarantine, and it bounds the work on hostile input.
MAX_HITS = 50


def windows(positions: list[int], before: int, after: int, size: int) -> list[tuple[int, int]]:
    """Merged ``[start, end)`` ranges around trigger positions, for running a costly regex only there.

    Merging keeps the total scanned no bigger than the text, however many triggers.
    """
    out: list[tuple[int, int]] = []
    for p in positions:
        s, e = max(0, p - before), min(size, p + after)
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


_Trie = dict[str, "_Trie"]
_END = ""


def _trie_pattern(trie: _Trie, piece: dict[str, str]) -> str:
    alts: list[str] = []
    optional = False
    for ch in sorted(trie):
        if ch == _END:
            optional = True
            continue
        alts.append(piece.get(ch, re.escape(ch)) + _trie_pattern(trie[ch], piece))
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return "(?:" + body + ")?" if optional else body


def trie_regex(words: Iterable[str], piece: dict[str, str] | None = None) -> str:
    """One regex matching any of ``words``, shaped as a trie so that it stays fast with many words.

    ``piece`` maps a character to the regex it stands for (" " to r"\\s+", say).
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _trie_pattern(trie, piece or {})
