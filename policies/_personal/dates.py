"""Dates of birth, only in context: "DOB", "date of birth", "born on", "my birthday (bday) is <date with a year>".

A date on its own (a trip on 14/03/2025, "14 November 1940" in history
homework) is not a date of birth.
"""

from __future__ import annotations

import re
from datetime import date

from policies._personal import Hit, Hits, Kind, windows
from policies._personal.spoken import DAY_WORDS, YEAR_WORDS, year_number

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_DATE = (
    r"(?P<date>"
    r"(?:" + _DAY + r"[/.\-](?:1[0-2]|0?[1-9])(?:[/.\-](?P<y1>(?:19|20)\d\d|\d\d))?)(?![\d/.\-]\d)"
    r"|(?:(?:" + _DAY + r"(?:st|nd|rd|th)?|(?:the\s+)?(?:" + DAY_WORDS + r"))(?:\s+of)?\s+" + _MONTH
    + r"\b\.?(?:,?\s+(?P<y2>(?:19|20)\d\d|(?:" + YEAR_WORDS + r")(?![a-z])))?)"
    r"|(?:" + _MONTH + r"\.?\s+(?:" + _DAY + r"(?:st|nd|rd|th)?|(?:the\s+)?(?:" + DAY_WORDS + r"))\b"
    r"(?:,?\s+(?P<y3>(?:19|20)\d\d|(?:" + YEAR_WORDS + r")(?![a-z])))?)"
    r"|(?:(?P<y4>(?:19|20)\d\d)-(?:1[0-2]|0[1-9])-(?:3[01]|[12]\d|0[1-9]))\b"
    r")"
)
# The keyword, then at most 30 characters in the same sentence, then the date.
_DOB = re.compile(
    r"\b(?P<key>d\.?o\.?b\b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?|birthday|b['’-]?day)"
    r"(?P<gap>[^.!?\n]{0,30}?)(?<![\d/])" + _DATE,
    re.IGNORECASE,
)
# Who was born: the writer, the reader, their family or friends (not a Tudor king).
_PERSONAL_BORN = re.compile(
    r"\b(?:i|i'?m|we|you|u|my|our|your|his|her)\b[^.!?\n]{0,30}$",
    re.IGNORECASE,
)
# "born in 1926 and died 8 September 2022": the birth year was already given, the date is another event's.
_OTHER_EVENT = re.compile(r"\b(?:(?:19|20)\d\d|died|dies|dead|death|married|crowned|until|till)\b", re.IGNORECASE)
_EVENT = re.compile(r"\b(?:party|cake|card|present|trip|disco|sleepover|treat)s?\b", re.IGNORECASE)
# A pet's birthday is nobody's personal detail: "my dog Biscuit ... he was born on 11/03/2022".
_PET = re.compile(
    r"\b(?:dogs?|puppy|puppies|pup|cats?|kittens?|kitty|hamsters?|rabbits?|bunny|bunnies|guinea\s+pigs?|ponys?|ponies|horses?"
    r"|fish|goldfish|tortoises?|turtles?|budgies?|parrots?|gerbils?|lambs?|pets?|cockapoo|labrador|spaniel|chicks?"
    r"|pandas?|red pandas?|giraffes?|zebras?|elephants?|lions?|tigers?|cubs?|calf|calves|foals?|otters?|penguins?|meerkats?"
    r"|monkeys?|gorillas?|chimps?|chimpanzees?|bears?|wolves|wolf|leopards?|cheetahs?|rhinos?|hippos?|camels?|llamas?|alpacas?)(?:'s)?\b",
    re.IGNORECASE,
)
_A_PERSON = re.compile(
    r"\b(?:i|i'?m|me|we|you|u|(?:my|our|your|his|her)\s+(?:mum|mam|mom|dad|brother|sister|baby|nan|gran|grandma|grandad|cousin"
    r"|friend|aunt|auntie|uncle|step\w*))\b",
    re.IGNORECASE,
)
# A list of people and their full dates, in a text about birthdays: "Freddie Jones - 12/09/2015".
_NAME_DATE_LINE = re.compile(
    r"(?m)^[ \t]*(?:[-*\u2022>][ \t]*)?(?P<name>[A-Z][a-z'\-]+(?:[ \t]+[A-Z][a-z'\-]+){0,2})(?:[ \t]*\([^)\n]{0,20}\))?"
    r"[ \t]*(?:[-:\u2013,=]|'s)[ \t]*" + _DATE + r"[ \t]*$"
)
_YOUNGEST = 3  # "birthday ... <date>" with a later year is the date of an event, not of a birth
_YEAR_OF_A_CHILD = 25  # a birth year this recent is a child's (or young adult's), whoever's it is


def _year(m: re.Match[str]) -> int | None:
    y = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4")
    if y is None:
        return None
    if not y.isdigit():
        return year_number(y)  # "twenty fourteen"
    n = int(y)
    return n if n >= 100 else (2000 + n if n <= date.today().year % 100 else 1900 + n)


def find_dates_of_birth(text: str, triggers: list[int]) -> list[Hit]:
    """``triggers``: where "dob", "birth" or "born" occur (the regex runs only around them)."""
    hits = Hits()
    this_year = date.today().year
    for start, end in windows(triggers, 20, 110, len(text)):
        for m in _DOB.finditer(text, start, end):
            if hits.enough():
                return hits
            hit = _dob(text, m, this_year)
            if hit is not None:
                hits.add(hit)
    if triggers and not hits:
        for m in _NAME_DATE_LINE.finditer(text):
            year = _year(m)
            if year is not None and this_year - _YEAR_OF_A_CHILD <= year <= this_year and not hits.enough():
                hits.add(Hit(Kind.DOB, m.start("name"), m.end("date"), " ".join(text[m.start("name") : m.end("date")].split()),
                             " ".join(m.group("date").lower().split())))
    return hits


def _a_pets(text: str, m: re.Match[str]) -> bool:
    """The birth is a pet's: a pet named just before, and no person after it."""
    before = text[max(0, m.start() - 100) : m.start()]
    pets = list(_PET.finditer(before))
    return bool(pets) and not _A_PERSON.search(before, pets[-1].end())


def _dob(text: str, m: re.Match[str], this_year: int) -> Hit | None:
    key = m.group("key").lower()
    if _a_pets(text, m):
        return None
    year = _year(m)
    if key.endswith("day"):  # "birthday", "bday", "b'day"
        # "my birthday is 4th July 2014": a birthday with its year is a date of birth;
        # "my birthday party is on 8th February" is not.
        if year is None or year > this_year - _YOUNGEST or _EVENT.search(m.group("gap")):
            return None
    elif key.startswith("born"):
        if _OTHER_EVENT.search(m.group("gap")):
            return None
        before = text[max(0, m.start() - 40) : m.start()]
        recent = year is not None and this_year - _YEAR_OF_A_CHILD <= year <= this_year
        if not recent and not _PERSONAL_BORN.search(before):
            return None
    evidence = " ".join(m.group().split())
    return Hit(Kind.DOB, m.start(), m.end(), evidence, " ".join(m.group("date").lower().split()))
