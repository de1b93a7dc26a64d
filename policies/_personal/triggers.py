"""One pass over the lower-cased text finds where each costly detector needs to look."""

from __future__ import annotations

import re
from collections import defaultdict

from policies._personal import trie_regex

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

# Words are separated by commas. In a word, a space may be left out ("tik tok", "tiktok")
# and a trailing "|" means the word must stand alone ("sc" but not "school").
_WORDS = {
    "dob": "dob|, d.o.b, birth, born, bday, b'day, b’day, b-day",
    "secret": "pass, pas w, pin|, pw|, pwd|, log in, lock code, code, combination",
    "home": "live, living, stay, moved",
    "mail": "gmail, googlemail, hotmail, outlook, yahoo, icloud, aol|, proton mail, ymail, dot|, (dot), [dot]",
    "street": (
        "road|, rd|, street|, st|, avenue|, ave|, close|, lane|, ln|, drive|, dr|, way|, crescent|, cres|, court|, "
        "ct|, gardens|, gdns|, place|, pl|, grove|, terrace|, walk|, hill|, row|, mews|, square|, sq|, view|, rise|, "
        "park|, green|, parade|, vale|, gate|, wharf|, chase|, fold|, croft|, meadow|, meadows|, boulevard|, "
        "crossway|, circle|, hollow|, end|, side|, ridge|, bank|, field|, fields|, wynd|, approach|, cottages|"
    ),
    "handle": (
        "snap, insta, ig|, sc|, tik tok, whats app, discord, roblox, minecraft, fortnite, xbox, psn|, play station, "
        "ps3|, ps4|, ps5|, steam, epic, twitter, facebook, fb|, messenger, telegram, kik|, youtube, twitch, threads, "
        "be real, among us, brawl, clash, nintendo, switch, face time, imessage, skype, signal, musical, likee, yubo, "
        "omegle, wink, hoop, pinterest, reddit, call of duty, cod|, gorilla tag, rec room, vr chat, animal jam, "
        "club penguin, msp|, moviestarplanet, habbo, wizard101, rocket league, valorant, apex, fifa, ea fc, "
        "user name, gamer tag, handle, screen name, display name, hmu|"
    ),
    "invite": "follow me, add me, dm me, pm me, message me, msg me, text me, find me",
}
_CATEGORY = {
    word.replace(" ", "").rstrip("|"): category
    for category, words in _WORDS.items()
    for word in (w.strip() for w in words.split(","))
}
# Case-sensitive on lower-cased text, starting at the start of a word.
_TRIGGER = re.compile(
    r"(?<![a-z0-9])"
    + trie_regex(
        (w.strip() for words in _WORDS.values() for w in words.split(",")),
        {" ": " ?", "|": "(?![a-z0-9])"},
    )
)


def lower_same_length(text: str) -> str:
    """Lower-case without changing any offset (str.lower() may turn one character into two)."""
    if text.isascii():
        return text.lower()
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


def scan(low: str) -> defaultdict[str, list[int]]:
    """Trigger positions by detector (``dob``, ``secret``, ``home``, ``mail``, ``street``, ``handle``, ``invite``); missing ones are empty."""
    found: defaultdict[str, list[int]] = defaultdict(list)
    for m in _TRIGGER.finditer(low):
        category = _CATEGORY.get(m.group().replace(" ", ""))
        if category is not None:
            found[category].append(m.start())
    return found
