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


# A detector keeps at most this many distinct details of one text, and this many
# occurrences of each (the later ones can only repeat a finding): enough to
# quarantine, and a bound on the work for hostile input.
MAX_KEYS = 50
MAX_REPEATS = 20
# And it looks at no more than this many regex matches (most of them rejected).
MAX_MATCHES = 5000


class Hits(list[Hit]):
    """One detector's hits, bounded by ``MAX_KEYS`` and ``MAX_REPEATS``."""

    def __init__(self) -> None:
        super().__init__()
        self._counts: dict[str, int] = {}
        self._looked = 0

    def saturated(self) -> bool:
        """True when ``MAX_KEYS`` distinct details have been found."""
        return len(self._counts) >= MAX_KEYS

    def enough(self) -> bool:
        """Called once per regex match looked at: true when the detector should stop."""
        self._looked += 1
        return len(self._counts) >= MAX_KEYS or self._looked > MAX_MATCHES

    def has_enough_of(self, key: str) -> bool:
        """True once ``key`` was seen ``MAX_REPEATS`` times: skip the costly checks of another one."""
        return self._counts.get(key, 0) >= MAX_REPEATS

    def add(self, hit: Hit) -> None:
        n = self._counts.get(hit.key, 0)
        if n >= MAX_REPEATS or (n == 0 and len(self._counts) >= MAX_KEYS):
            return
        self._counts[hit.key] = n + 1
        self.append(hit)


def windows(positions: list[int], before: int, after: int, size: int) -> list[tuple[int, int]]:
    """Merged ``[start, end)`` ranges around trigger positions, for running a costly regex only there.

    Merging keeps the total scanned no bigger than the text, however many triggers.
    """
    out: list[tuple[int, int]] = []
    start = end = -1
    for p in positions:
        if p - before <= end:
            end = p + after
        else:
            if end >= 0:
                out.append((max(0, start), min(size, end)))
            start, end = p - before, p + after
    if end >= 0:
        out.append((max(0, start), min(size, end)))
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
