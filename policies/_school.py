"""The school's own published contact details, which pupils may always share.

``matches_school_contact(school, text)`` is true when ``text`` (a phone number,
a postcode, or an address as found in a message) is the school's own: the same
phone number however it is written (``0116 496 0123``, ``+44 (0)116 496 0123``,
``0044 116 4960123``), the school's postcode, or its street line (``5 Bakewell
Lane``, also as ``5 Bakewell Ln``) but not another house on the same street.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gateway.config import SchoolConfig

_NON_DIGIT = re.compile(r"\D")
_POSTCODE = re.compile(r"\b[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\b")
_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")
_ABBREVIATIONS = {
    "rd": "road",
    "st": "street",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "dr": "drive",
    "cl": "close",
    "cres": "crescent",
    "ct": "court",
    "pl": "place",
    "sq": "square",
    "gdns": "gardens",
    "gr": "grove",
    "tce": "terrace",
}


def digits(text: str) -> str:
    """The national form of a phone number: ``+44 (0)116 496 0123`` -> ``01164960123``."""
    d = _NON_DIGIT.sub("", text)
    international = text.lstrip(" (").startswith("+") or d.startswith("00")
    if d.startswith("0044"):
        d = d[4:]
    elif international and d.startswith("44") or d.startswith("44") and len(d) > 11:
        d = d[2:]
    else:
        return d
    return "0" + d.removeprefix("0")


def _street_words(text: str) -> str:
    words = _PUNCT.sub(" ", text.lower()).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


@lru_cache(maxsize=64)
def _school_keys(school: SchoolConfig) -> tuple[frozenset[str], frozenset[str], re.Pattern[str] | None]:
    phones = frozenset(digits(p) for p in school.phone if digits(p))
    postcodes = frozenset(_SPACE.sub("", m.upper()) for m in _POSTCODE.findall(school.address))
    # The street line is the first part of the address with a house number in it.
    lines = [part.strip() for part in school.address.split(",")]
    street = next((_street_words(line) for line in lines if re.search(r"\d", line)), "")
    pattern = re.compile(r"(?<![\w])" + re.escape(street) + r"(?!\w)") if street else None
    return phones, postcodes, pattern


def matches_school_contact(school: SchoolConfig, text: str) -> bool:
    phones, postcodes, street = _school_keys(school)
    d = digits(text)
    if d and d in phones:
        return True
    if _SPACE.sub("", text.upper()) in postcodes:
        return True
    if street is None:
        return False
    return bool(street.search(_street_words(text)))
