"""Postcodes and house-number-and-street home addresses."""

from __future__ import annotations

import re

from policies._personal import Hit, Hits, Kind, windows

# The 121 UK postcode areas: an outward code must start with one of them.
_AREAS = frozenset(
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN EX "
    "FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE "
    "NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ "
    "TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE".split()
)
# Public addresses everybody knows (Downing Street, Buckingham Palace, Parliament): not anybody's home details.
_PUBLIC_POSTCODES = frozenset({"SW1A1AA", "SW1A2AA", "SW1A0AA"})
_PUBLIC_STREETS = re.compile(r"^(?:10\s+downing\s+st(?:reet)?|221\s*b\s+baker\s+st(?:reet)?)$", re.IGNORECASE)
# ... and the postcode that follows one: "221B Baker Street, London NW1 6XE".
_AFTER_PUBLIC_STREET = re.compile(r"\b(?:10\s+downing|221\s*b\s+baker)\s+st(?:reet)?\b[^\n]{0,40}$", re.IGNORECASE)

_POSTCODE = re.compile(r"\b([A-Za-z]{1,2})(\d[A-Za-z\d]?)[ \t]*(\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2})\b")
# The inward code ("8GH"): a cheap digit-led test before the full postcode regex.
_INWARD = re.compile(r"\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}\b")
_ADDRESS_WORDS = re.compile(
    r"\b(?:post\s*code|address|live[sd]?|living|house|home|flat|street|road|avenue|close|lane|drive|stay(?:ing)?)\b",
    re.IGNORECASE,
)

_SUFFIX = (
    r"(?:road|rd|street|st|avenue|ave|close|lane|ln|drive|dr|way|crescent|cres|court|ct|gardens|gdns|place|pl|"
    r"grove|terrace|walk|hill|row|mews|square|sq|view|rise|park|green|parade|vale|gate|wharf|chase|fold|croft|"
    r"meadows?|boulevard|crossway|circle|hollow|end|side|ridge|bank|fields?|wynd|approach|cottages)"
)
# House number (with an optional letter), one to three words, a street suffix.
# A street's name is not a preposition ("level 40 in the park", "3 at the green"); "flat 5 on Moat Street" is.
# The email's line wrapping may fall inside the address: "we're number 31\nHalifax Drive".
_STREET = re.compile(
    r"(?<![\w£$€.,:/#-])(\d{1,4}[A-Za-z]?)(?:[ \t]*,)?(?:[ \t]+|[ \t]*\n[ \t]*)"
    r"((?:(?!(?:in|at|of|to|for|with|by|from|and|or|is|are|was|were)\b)[A-Za-z][A-Za-z'’-]*(?:[ \t]+|[ \t]*\n[ \t]*)){1,3}?"
    + _SUFFIX
    + r")\b\.?",
    re.IGNORECASE,
)
# "my house number is 14 and its on Clover Lane": the number and the street apart.
_HOUSE_NUMBER_ON = re.compile(
    r"\b(?:house|flat|door)\s+(?:number|no\.?|num)\s*(?:is|=|:|'s)?\s*(?P<num>\d{1,4}[a-z]?)\b[^.!?\n\d]{0,30}?"
    r"\b(?:on|in|at)\s+(?P<street>(?:[a-z][a-z'’-]*[ \t]+){1,3}?" + _SUFFIX + r")\b",
    re.IGNORECASE,
)
# "my house is the one on Elm Road with the blue door, number 58": the street, then the number.
_HOUSE_ON_STREET_NUMBER = re.compile(
    r"\b(?:my|our|\w+'s)\s+(?:house|home|flat)\s+is\s+(?:the\s+(?:one|house|flat|blue\s+one|red\s+one)\s+)?(?:on|in|at)\s+"
    r"(?P<street>(?:[a-z][a-z'’-]*[ \t]+){1,3}?" + _SUFFIX + r")\b[^.!?\d]{0,40}?"
    r"\b(?:number|no\.?|num|house\s+number)\s*(?:is\s+)?(?P<num>\d{1,4}[a-z]?)\b",
    re.IGNORECASE,
)
# "I live on Elm Road" (no number): the street of a home, capitalised as a name.
_LIVE_ON = re.compile(
    r"\b(?i:i|we|he|she|they|my\s+\w+)\s+(?i:live|lives|living|stay|stays|moved)\s+(?i:on|in|to)\s+"
    r"((?:[A-Z][a-z'’-]*[ \t]+){1,3}(?:Road|Street|Avenue|Close|Lane|Drive|Way|Crescent|Court|Gardens|Place|Grove|"
    r"Terrace|Walk|Row|Mews|Square|Rise|Parade))\b"
)
# What before a street says it is where someone lives ("come 2 mine", "I'm at", a flat number before
# the house number: "flat 3b, 40 Hinckley Rd").
_HOME_CONTEXT = re.compile(
    r"(?:\b(?:live[sd]?|living|stay(?:ing|s)?|moved|move)\s+(?:at|to|in|on)\b|\baddress\b|\b(?:my|our|his|her|their|"
    r"nan'?s|gran'?s|mum'?s|dad'?s|\w+'s)\s+(?:house|home|flat|place)\b|"
    r"\b(?:come|go|walk|get|round|over)\s+(?:round\s+|over\s+)?(?:to|2)\b|\b(?:at|to|2)\s+(?:mine|mines|mine's)\b[\s!,:-]*|"
    r"\b(?:i'?m|im|i\s+am|we'?re|we\s+are)\s+(?:now\s+|still\s+)?at\b|\b(?:flat|apartment|apt)\s+\d{1,3}[a-z]?\b|"
    r"\bwhere\s*:|\b(?:post|send|deliver|bring|drop)\s+(?:it\s+|them\s+|\w+\s+)?(?:off\s+)?(?:to|at)\b|\bhouse\s+is\b)"
    r"[^.!?\n]{0,40}$",
    re.IGNORECASE,
)


# "In the story the family lives at 12 Elm Road": a made-up home, not anybody's details.
_FICTION_WORDS = r"(?:story|stories|book|novel|chapter|film|movie|play|poem|character|fiction|tale|author|comic|episode)s?"
_FICTION = re.compile(r"\b" + _FICTION_WORDS + r"\b", re.IGNORECASE)


# The writer in the sentence, but not "in our story" or "my book" (the writer's story, not the writer's home).
_FIRST_PERSON = re.compile(
    r"\b(?:i|i'?m|im|we|my|our|me|us|mine)\b(?!\s+(?:own\s+|class\s+|new\s+)?" + _FICTION_WORDS + r"\b)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?\n][^.!?\n]*$")


def _in_fiction(text: str, start: int) -> bool:
    """A story is being talked about, and the home is not the writer's own ("I live at ..." never is fiction)."""
    before = text[max(0, start - 150) : start]
    end = _SENTENCE_END.search(before)
    sentence = before if end is None else before[end.start() + 1 :]
    if _FIRST_PERSON.search(sentence):
        return False
    paragraph = before.rfind("\n\n")
    return bool(_FICTION.search(before, paragraph + 1 if paragraph >= 0 else 0))


def _postcode_key(m: re.Match[str]) -> str:
    return (m.group(1) + m.group(2) + m.group(3)).upper()


def find_postcodes(text: str) -> list[Hit]:
    hits = Hits()
    if not _INWARD.search(text):
        return hits
    for m in _POSTCODE.finditer(text):
        if hits.enough():
            break
        if m.group(1).upper() not in _AREAS:
            continue
        key = _postcode_key(m)
        if key in _PUBLIC_POSTCODES or hits.has_enough_of(key):
            continue
        if _AFTER_PUBLIC_STREET.search(text, max(0, m.start() - 80), m.start()):
            continue
        if not m.group().isupper() and not _ADDRESS_WORDS.search(text, max(0, m.start() - 80), m.start()):
            continue  # "ps4 2nd hand": lower case counts only where an address is being given
        hits.add(Hit(Kind.POSTCODE, m.start(), m.end(), m.group(), key))
    return hits


def find_addresses(text: str, postcodes: list[Hit], streets: list[int], homes: list[int]) -> list[Hit]:
    """Home addresses: a numbered street said to be someone's home, or followed by a postcode.

    The hit runs from the house number to the postcode when one follows within a
    line or two, so the address and its postcode are one detail.
    """
    hits = Hits()
    for m in (m for s, e in windows(streets, 70, 12, len(text)) for m in _STREET.finditer(text, s, e)):
        if hits.enough():
            return hits
        street = " ".join(m.group().rstrip(".").split())
        if hits.has_enough_of(street.lower()) or _PUBLIC_STREETS.match(street):
            continue
        end = m.end()
        following = next((p for p in postcodes if 0 <= p.start - end <= 60 and "\n\n" not in text[end : p.start]), None)
        if following is not None:
            end = following.end
        elif not _HOME_CONTEXT.search(text, max(0, m.start() - 60), m.start()) or _in_fiction(text, m.start()):
            continue
        evidence = " ".join(text[m.start() : end].split())
        hits.add(Hit(Kind.ADDRESS, m.start(), end, evidence, street.lower()))
    # the number and the street apart: "house number 14 ... on Clover Lane", "the one on Clover Lane ... number 14"
    apart = (
        m
        for pattern, after in ((_HOUSE_NUMBER_ON, 12), (_HOUSE_ON_STREET_NUMBER, 90))
        for s, e in windows(streets, 90, after, len(text))
        for m in pattern.finditer(text, s, e)
    )
    for m in apart:
        if hits.enough():
            return hits
        key = f"{m.group('num')} {' '.join(m.group('street').split())}".lower()
        if not any(h.start <= m.start("street") < h.end for h in hits) and not _in_fiction(text, m.start()):
            hits.add(Hit(Kind.ADDRESS, m.start(), m.end(), " ".join(m.group().split()), key))
    for m in (m for s, e in windows(homes, 50, 90, len(text)) for m in _LIVE_ON.finditer(text, s, e)):
        if hits.enough():
            break
        if _in_fiction(text, m.start()):
            continue
        hits.add(Hit(Kind.ADDRESS, m.start(1), m.end(1), m.group(1), m.group(1).lower()))
    return hits
