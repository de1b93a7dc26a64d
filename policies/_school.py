"""The school's own published contact details, which pupils may always share."""

from __future__ import annotations

import re
from functools import lru_cache

from gateway.config import SchoolConfig


def digits(text: str) -> str:
    d = re.sub(r"\D", "", text)
    if d.startswith("44") and len(d) > 10:
        d = "0" + d[2:]
    return d


@lru_cache(maxsize=64)
def _school_keys(school: SchoolConfig) -> tuple[frozenset[str], frozenset[str], str]:
    phones = frozenset(digits(p) for p in school.phone if digits(p))
    postcodes = frozenset(
        re.sub(r"\s", "", m.upper())
        for m in re.findall(r"\b[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\b", school.address)
    )
    # The street line is the first part of the address with a house number in it.
    lines = [part.strip() for part in school.address.split(",")]
    street = next((line.lower() for line in lines if re.search(r"\d", line)), "")
    street = re.sub(r"\s+", " ", street)
    return phones, postcodes, street


def matches_school_contact(school: SchoolConfig, text: str) -> bool:
    phones, postcodes, street = _school_keys(school)
    d = digits(text)
    if d and d in phones:
        return True
    if re.sub(r"\s", "", text.upper()) in postcodes:
        return True
    t = re.sub(r"\s+", " ", text).strip().lower()
    return bool(street) and (street in t or t in street) and len(t) >= 6
