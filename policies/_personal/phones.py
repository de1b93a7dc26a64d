"""Phone numbers: candidate digit runs found by one regex, confirmed by ``phonenumbers``.

``PhoneNumberMatcher`` is run on each candidate (never on the whole text), at
the POSSIBLE leniency so that Ofcom's drama ranges (07700 900xxx, 0116 496 0xxx),
which the library's metadata does not call valid, are still found. What makes it
strict enough for sums, years, order numbers and measurements is the filter
after it: a UK number must be written the way people write phone numbers (a
leading 0 trunk prefix or +44 / 0044) and have ten national digits starting
with a digit UK numbers start with; a foreign number must be written with + or 00.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from policies._personal import Hit, Hits, Kind
from policies._personal.spoken import spoken_phone_numbers

# Nine to fifteen digits, each at most three separator characters from the next
# (the separators people put in phone numbers, and a line break for a wrapped
# line: "07700\n900123"). Commas and slashes are not
# separators (21,196 / 14/03/2025); the run may not touch a letter, a slash or a
# decimal point on either side, nor a comma that follows a digit (a thousands
# separator; after a word it is punctuation, as in a CSV row "mum,07700 900123").
# "07700 900123 07700 900456" gives two.
_CANDIDATE = re.compile(r"(?<![\w/.+])(?<!\d,)(?:\+|\(\+?)?\d(?:[ \t\n\-.()]{0,3}\d){8,14}\)?(?![\w/]|[.,]\d)")
_GROUP = re.compile(r"\d+")
# The library's matcher costs about 25 microseconds a short candidate; past this
# many characters of candidates in one text, a structural check stands in for it.
_MATCHER_BUDGET = 6000
_DIGIT = re.compile(r"\d")
# Words just before a number that say it is not a phone number.
_NOT_PHONE_CONTEXT = re.compile(
    r"\b(?:order|ref(?:erence)?|invoice|isbn|account|acc(?:ount)?\s*no|booking|tracking|serial|barcode|parcel|"
    r"membership|ticket|receipt|transaction|sort\s*code|product|item|case\s*(?:no|number)|issn|doi|"
    r"licen[cs]e|registration|policy\s*(?:no|number))\b[^\n]{0,25}$",
    re.IGNORECASE,
)
_PHONE_CONTEXT = re.compile(
    r"\b(?:phone|mobile|mob|tel|telephone|call|ring|text|whats\s?app|number|contact|landline|cell|sms|fax)\b",
    re.IGNORECASE,
)
# Digits in a maths task ("digit cards 0 7 7 0 0 9 ...", "place value"): single digits spaced out are not
# a phone number there unless the sentence before says they are ("my number is 0 7 7 ...").
_MATHS = re.compile(
    r"\b(?:digit\s+cards?|place\s+value|(?:biggest|largest|smallest|greatest)\s+(?:\w+\s+)?number|round(?:ed|ing)?\s+to"
    r"|nearest\s+(?:ten|hundred|thousand|million)|partition\w*|ordering\s+numbers|number\s+cards?|sums?|times\s+tables?)\b",
    re.IGNORECASE,
)
_SPACED_DIGITS = re.compile(r"^\+?\d(?:[ \t]+\d)+$")

# A person's UK number is a landline (01, 02) or a mobile (07). 03, 05, 08 and 09
# numbers (freephone helplines such as 0808 800 5000, businesses, premium lines)
# belong to organisations.
_UK_FIRST = frozenset("127")


def _national_ok(raw: str, number: phonenumbers.PhoneNumber) -> bool:
    s = raw.lstrip("( \t")
    international = s.startswith(("+", "00"))
    nsn = phonenumbers.national_significant_number(number)
    if number.country_code == 44:
        if not (international or s.startswith("0")):
            return False
        if len(nsn) == 10 and nsn[0] in _UK_FIRST:
            return True
        return len(nsn) == 9 and phonenumbers.is_valid_number(number)
    return international and phonenumbers.is_possible_number(number) and len(nsn) >= 7


def is_mobile(key: str) -> bool:
    """``key`` is an E.164 number: a UK mobile (+447...), or a foreign one the numbering plan says is a mobile
    (a French pen pal's +33 6 ...); a number that may be either (the US, Canada) counts as a landline."""
    if key.startswith("+447"):
        return True
    if key.startswith("+44"):
        return False
    try:
        return phonenumbers.number_type(phonenumbers.parse(key)) == phonenumbers.PhoneNumberType.MOBILE
    except phonenumbers.NumberParseException:
        return False


def _library(span: str) -> list[tuple[int, int, str, str]]:
    """(start, end, raw, E.164) of the phone numbers ``phonenumbers`` finds in one candidate."""
    out = []
    # The library does not look across a line break; a space keeps the offsets.
    for m in PhoneNumberMatcher(span.replace("\n", " "), "GB", leniency=Leniency.POSSIBLE):
        if _national_ok(m.raw_string, m.number):
            key = phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
            out.append((m.start, m.end, m.raw_string, key))
    return out


def _structural(span: str) -> list[tuple[int, int, str, str]]:
    """The cheap stand-in once the budget is spent: a whole candidate that is a UK number."""
    d = "".join(_GROUP.findall(span))
    if span.lstrip("(").startswith("+") or d.startswith("00"):
        if d.startswith("0044"):
            d = d[4:]
        elif d.startswith("44"):
            d = d[2:]
        else:
            return []
        d = "0" + d.removeprefix("0")
    if len(d) == 11 and d[0] == "0" and d[1] in _UK_FIRST:
        return [(0, len(span), span, "+44" + d[1:])]
    return []


def find_phones(text: str) -> list[Hit]:
    hits = Hits()
    seen: dict[str, list[tuple[int, int, str, str]]] = {}
    budget = _MATCHER_BUDGET
    for cand in _CANDIDATE.finditer(text):
        if hits.saturated():
            break
        span = cand.group()
        found = seen.get(span)
        if found is None:
            if budget > 0:
                budget -= len(span)
                found = _library(span)
            else:
                found = _structural(span)
            seen[span] = found
        for rel_start, rel_end, raw, key in found:
            if hits.has_enough_of(key):
                continue
            start = cand.start() + rel_start
            before = text[max(0, start - 40) : start]
            if _NOT_PHONE_CONTEXT.search(before) and not _PHONE_CONTEXT.search(before):
                continue
            if (
                _SPACED_DIGITS.match(raw.strip())
                and not _PHONE_CONTEXT.search(before)
                and _MATHS.search(text, max(0, start - 300), cand.end() + 300)
            ):
                continue
            hits.add(Hit(Kind.PHONE, start, cand.start() + rel_end, " ".join(raw.split()), key))
    return hits


def find_spoken_phones(text: str) -> list[Hit]:
    """Phone numbers read out in words ("oh seven seven double oh, nine double oh one two three")."""
    hits = Hits()
    for start, end, digits in spoken_phone_numbers(text):
        found = _library(digits)
        if found and not hits.has_enough_of(found[0][3]):
            hits.add(Hit(Kind.PHONE, start, end, " ".join(text[start:end].split()), found[0][3]))
    return hits
