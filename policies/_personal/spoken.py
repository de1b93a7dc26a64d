"""Numbers written in words: a phone number read out digit by digit, a day and a year in a date.

"my number is oh seven seven double oh, nine double oh one two three" is a phone
number as much as "07700 900123" is, and so are "O77OO 9OO 123" (letters for
digits) and "07seven00 900 123" (words run into the figures); "born on the
third of June twenty fourteen" is a date of birth. These helpers turn such words into the digits the other
detectors understand, and leave every other use of number words alone: a run of
digit words is a phone number only when it reads as a whole UK number.
"""

from __future__ import annotations

import re

_DIGITS = {
    "zero": "0", "oh": "0", "o": "0", "nought": "0", "nil": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_REPEAT = {"double": 2, "triple": 3, "treble": 3}
_WORDS = "zero|oh|nought|nil|one|two|three|four|five|six|seven|eight|nine"
_DIGIT_WORD = r"(?:" + _WORDS + "|o)"
# A token with a digit in it, made of figures, digit words and the letters that look like digits: "O77OO",
# "9OO", "07seven00", "l23". (Letters and words without a figure are the digit words' business.)
_MIXED = r"(?=[a-z]*\d)(?:" + _DIGIT_WORD + r"|\d|[oil]){2,15}(?![a-z0-9])"
_TOKEN = r"(?:(?:double|triple|treble)[ \t-]+(?:" + _DIGIT_WORD + r"|\d)|" + _MIXED + "|" + _DIGIT_WORD + r"|\d{1,5})"
# Tokens one to three separators apart (spaces, commas, hyphens, dots, a line break).
_RUN = re.compile(r"(?<![\w])" + _TOKEN + r"(?:[ \t\n,.\-]{1,3}" + _TOKEN + r")*(?![\w])", re.IGNORECASE)
# A UK number read out starts "oh seven", "zero one", "nought two"...: nothing costly runs without it.
_UK_START = re.compile(r"\b(?:zero|oh|o|nought|0)[ \t,\-]+(?:seven|one|two|7|1|2)\b")
# ...or a figure touches a look-alike letter or a digit word: "O77OO", "07seven00".
# (Written to start with the figure, so that the regex engine skips ahead to the digits of a long text.)
_LOOKALIKE = re.compile(
    r"\d(?:(?=[oil]|" + _WORDS + r")|(?<=[oil]\d)|" + "|".join(r"(?<=" + w + r"\d)" for w in _WORDS.split("|")) + ")"
)
# The pieces of a run: repeat words, digit words, figures and look-alike letters (words before letters).
_PIECE = re.compile(r"double|triple|treble|" + _WORDS + r"|\d+|[oil]")
_LETTER_DIGITS = {"o": "0", "i": "1", "l": "1"}


def _digits(run: str) -> tuple[str, int]:
    """The digits a run of number words says, and how many of its tokens were words."""
    out: list[str] = []
    words = 0
    repeat = 1
    for tok in _PIECE.findall(run.lower()):
        if tok in _REPEAT:
            repeat = _REPEAT[tok]
            continue
        if tok.isdigit():
            out.append(tok[0] * repeat + tok[1:])
        else:
            out.append((_DIGITS.get(tok) or _LETTER_DIGITS[tok]) * repeat)
            words += 1
        repeat = 1
    return "".join(out), words


def spoken_phone_numbers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, digits) of each UK phone number read out in words ("oh seven seven double oh ...")."""
    low = text.lower()
    # substring tests first: a plain scan is far cheaper than the regex over a long text
    spoken = any(w in low for w in ("zero", "oh", "nought", "seven", "one", "two")) and _UK_START.search(low)
    if not spoken and not _LOOKALIKE.search(low):
        return []
    found = []
    for m in _RUN.finditer(text):
        digits, words = _digits(m.group())
        # words or look-alikes in it (a number in figures is the figure detector's), and a whole UK number
        # (one look-alike run into the figures is enough: "0770O 900461" is written to get past a filter)
        i = digits.find("0")
        if i < 0 or words < 1 or (words < 2 and not _LOOKALIKE.search(m.group().lower())):
            continue
        digits = digits[i:]
        if len(digits) == 11 and digits[1] in "127":
            found.append((m.start(), m.end(), digits))
    return found


_UNITS = {w: int(d) for w, d in _DIGITS.items() if d != "0"}
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}

_UNIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEEN_WORD = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS_WORD = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_SEP = r"[ \t-]+"
# "third", "twenty-first", "thirty first"
DAY_WORDS = (
    r"(?:(?:twenty|thirty)[ \t-]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"
    r"|twentieth|thirtieth"
)
# "twenty fourteen", "nineteen eighty-five", "twenty oh nine", "two thousand and fourteen"
_TWO_DIGITS = r"(?:" + _TEEN_WORD + r"|" + _TENS_WORD + r"(?:" + _SEP + _UNIT_WORD + r")?|oh" + _SEP + _UNIT_WORD + r")"
YEAR_WORDS = (
    r"(?:nineteen|twenty)" + _SEP + _TWO_DIGITS
    + r"|two" + _SEP + r"thousand(?:" + _SEP + r"and)?(?:" + _SEP + r"(?:" + _TEEN_WORD + r"|" + _TENS_WORD
    + r"(?:" + _SEP + _UNIT_WORD + r")?|" + _UNIT_WORD + r"))?"
)  # fmt: skip


def _small(words: list[str]) -> int:
    """1-99 from its words (["twenty", "one"] is 21, ["oh", "nine"] is 9)."""
    total = 0
    for w in words:
        total += _TENS.get(w) or _TEENS.get(w) or _UNITS.get(w, 0)
    return total


def year_number(words: str) -> int | None:
    """The year ``YEAR_WORDS`` names ("twenty fourteen" is 2014, "two thousand and nine" is 2009), or None."""
    parts = [p for p in re.split(r"[ \t-]+", words.lower().strip()) if p and p != "and"]
    if len(parts) >= 2 and parts[0] == "two" and parts[1] == "thousand":
        return 2000 + _small(parts[2:])
    if len(parts) >= 2 and parts[0] in ("nineteen", "twenty"):
        return _TEENS.get(parts[0], _TENS.get(parts[0], 0)) * 100 + _small(parts[1:])
    return None
