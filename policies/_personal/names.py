"""Pupils' full names (from the directory), found with one trie-shaped regex.

A trie regex stays fast with a whole school's pupils: at each position only
the branches that share the prefix are tried, never one branch per pupil.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from policies._personal import Hit, Hits, Kind, trie_regex


def _name_variants(name: str) -> list[str]:
    """Variants of "Amelia Rose Clarke": "amelia rose clarke", "amelia clarke", "clarke, amelia"."""
    words = [w for w in re.split(r"\s+", name.strip().lower()) if w]
    if len(words) < 2:
        return []
    out = {" ".join(words), f"{words[0]} {words[-1]}", f"{words[-1]}, {words[0]}"}
    return sorted(out)


@lru_cache(maxsize=16)
def name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    variants = [v.replace(", ", ",") for name in names for v in _name_variants(name)]
    if not variants:
        return None
    # Compiled case-sensitively for lower-cased text: the regex engine's first-character
    # scan then works, which makes it several times faster than IGNORECASE on a big body.
    return re.compile(r"(?<![\w'’-])" + trie_regex(variants, {" ": r"\s+", ",": r",\s*"}) + r"(?![\w-])")


def find_full_names(text: str, names: Iterable[str]) -> list[Hit]:
    pattern = name_pattern(tuple(sorted(set(names))))
    if pattern is None:
        return []
    hits = Hits()
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two: keep the spans right
        pattern = re.compile(pattern.pattern, re.IGNORECASE)
        lowered = text
    for m in pattern.finditer(lowered):
        if hits.saturated():
            break
        m_text = text[m.start() : m.end()]
        evidence = " ".join(m_text.split())
        words = re.split(r"[\s,]+", evidence.lower())
        key = " ".join(words[1:] + words[:1]) if "," in evidence else " ".join(words)
        hits.add(Hit(Kind.FULL_NAME, m.start(), m.end(), evidence, key))
    return hits
