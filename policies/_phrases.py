"""Sentence-level text helpers shared by the content classifiers.

A message's texts (subject and every text part) become one ``Doc``: the text
split into sentences, each normalised for matching (lower case, apostrophes
dropped so that ``don't``/``dont`` and ``I'm``/``im`` read alike, quote markers
removed, white space collapsed) and joined with ``\\n`` so that a pattern never
runs across a sentence boundary. Patterns are run once over the whole joined
text (``Doc.find``); each match is mapped back to its sentence, whose original
wording is kept for the evidence.

Everything is linear in the size of the text: splitting is done with a few
regex passes, long blocks without punctuation are cut into bounded pieces, and
context checks are cached per sentence and per paragraph.
"""

from __future__ import annotations

import bisect
import enum
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from policies.message import Message

# A sentence longer than this is cut (at a space) so that context windows stay bounded.
MAX_SENTENCE = 400

_APOSTROPHES = str.maketrans({"\u2019": "", "\u2018": "", "'": "", "`": "", "\u00b4": ""})
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_QUOTES_AND_APOSTROPHES = {**_APOSTROPHES, **_QUOTES}
_QUOTE_PREFIX = re.compile(r"^[ \t]*((?:>[ \t]?)+)")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u25cf]|\d{1,3}[.)]|[a-z][.)])\s|^\s*[A-Za-z][A-Za-z ]{0,20}:\s")
# A sentence ends at . ! or ? after a letter (so that runs of punctuation do not make a sentence each).
_SENTENCE_END = re.compile(r"(?<=[^\W_][.!?])[\"')\]]*\s+|(?<=[^\W_][.!?][.!?])[\"')\]]*\s+|(?<=[^\W_][!?][!?][!?])\s*")
_SPACES = re.compile(r"\s+")
_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")
_TOKEN = re.compile(r"[a-z0-9£$-]+")
_WORD_ODDS = re.compile(r"[^a-z0-9£$@:?!.,\- \n]")


_ALLOWED = frozenset("abcdefghijklmnopqrstuvwxyz0123456789£$@:?!.,- \n")
_ASCII_ODDS = str.maketrans({chr(i): " " for i in range(128) if chr(i) not in _ALLOWED and not chr(i).isupper()})


def _normalise_lines(text: str) -> str:
    """``normalise`` without collapsing white space (line breaks are kept)."""
    text = text.translate(_QUOTES_AND_APOSTROPHES).lower()
    if " @ " in text:
        text = text.replace(" @ ", " at ")  # text-speak "c u @ the rec @ 4" (an address has no spaces round its @)
    if text.isascii():
        return text.translate(_ASCII_ODDS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _WORD_ODDS.sub(" ", text)


def normalise(text: str) -> str:
    """Lower case, apostrophes dropped, other odd characters spaced out, white space collapsed."""
    return " ".join(_normalise_lines(text).split())


# Children's spellings of words the patterns look for, read as the word meant ("evryone would be beter off",
# "dont tell ur freinds its a secrit"). Only spellings that are no other word: "cos", "wat", "mam" are left alone.
_RESPELT = """
everyone: evryone everone evreyone evry1 every1
everybody: evrybody everybdy evryboddy
better: beter bettr
because: becuase becos becoz bcos bcoz beacause becaus becouse becasue
someone: sumone sum1 some1 somone
somebody: sumbody
anyone: any1 enyone anyoen
anybody: enybody anybdy
no one: no1 noone
nobody: nobdy noboddy
friend: freind frend
friends: freinds frends
people: ppl peple poeple pepole
really: realy relly
scared: scard skared scaired
scary: scarey
secret: secrit seceret sekret secert secrat
secrets: secrits secerets sekrets
please: pleez pleeze
tomorrow: tmrw tmoz tomoz tomorow tommorow tommorrow 2moro 2morrow 2mrw tomorro
tonight: tonite 2nite 2night tonigt
anymore: enymore anymor
without: wivout widout witout
again: agen agian
their: thier
with: wiv wif
doesnt: dosnt dosent doesent
didnt: didint dident
wasnt: wasent wasint
cant: carnt
myself: meself myslef miself myslf
school: skool scool shcool
address: adress addres adres
number: numba numbr nummber nmbr
phone: fone
touch: tuch tutch
private: privat privite
photo: foto
photos: fotos
naked: nakid neked
believe: beleive belive
would: woud
could: coud
should: shud
nothing: nuthing nothin nufin nuffin
something: sumthing somethin sumfin sumthin
anything: anythin enything
sometimes: sumtimes somtimes
until: untill
weird: wierd
teacher: techer teecher
parents: perents parnets
bruises: bruses brusies
thinking: thinkin
hate: h8
mate: m8
mates: m8s
later: l8r l8er
great: gr8
scissors: sizzors sissors scissers sizzers sizors
night: nite
head: hed
goes: gos
when: wen
brother: bruvver bruvva bruva
tired: tird
please: plees pleese
trouble: trubble truble
boyfriend: boyfrend boyfreind
girlfriend: girlfrend girlfreind
said: sed
will: wil
wouldnt: wudnt woudnt
tomorrow: tomoro
breakfast: brekfast brekkfast
special: speshul speshal spesial speshel
jealous: jelous jellus jelus
promise: promis promiss
anyone: anywon enywon anywun
someone: sumwon sumwun
allowed: alowed allowd
"""
_RESPELLINGS: dict[str, str] = {
    spelt: meant.strip() for line in _RESPELT.strip().splitlines() for meant, _, spellings in [line.partition(":")]
    for spelt in spellings.split()
}
_RESPELT_KEYS = frozenset(_RESPELLINGS)
# What separates words in normalised text, besides white space (the rest of it is letters, digits, "£", "$" and "-").
_PUNCTUATION_TO_SPACE = str.maketrans(".,!?:@", "      ")


def _word_char(c: str) -> bool:
    return c.isalnum() or c in "£$-"


def _respell(text: str, found: Iterable[str]) -> str:
    """``text`` with each of the ``found`` spellings, where it is a whole word, read as the word meant."""
    for spelt in found:
        meant = _RESPELLINGS[spelt]
        out: list[str] = []
        pos = 0
        i = text.find(spelt)
        while i >= 0:
            j = i + len(spelt)
            if (i == 0 or not _word_char(text[i - 1])) and (j == len(text) or not _word_char(text[j])):
                out += (text[pos:i], meant)
                pos = j
            i = text.find(spelt, j)
        out.append(text[pos:])
        text = "".join(out)
    return text


@dataclass(frozen=True, slots=True)
class Sentence:
    original: str  # white space collapsed, otherwise as written (for evidence)
    where: str
    paragraph: int  # index of its paragraph across the whole doc
    quoted: bool  # inside a ">" quote block


def _cut(block: str) -> Iterator[str]:
    """Split a block into sentences; cut very long ones at a space (by index: linear time)."""
    for piece in _SENTENCE_END.split(block):
        piece = piece.strip()
        i, n = 0, len(piece)
        while n - i > MAX_SENTENCE:
            cut = piece.rfind(" ", i + MAX_SENTENCE // 2, i + MAX_SENTENCE)
            if cut < 0:
                cut = i + MAX_SENTENCE
            yield piece[i:cut]
            i = cut + 1 if piece[cut:cut + 1] == " " else cut
        if i < n:
            yield piece[i:]


def split_paragraphs(text: str) -> Iterator[tuple[str, bool]]:
    """Yield (block, quoted) pieces: paragraphs with wrapped lines joined up.

    A line joins the previous one when the previous line is long (hard-wrapped
    prose) and the new line does not start a list item or a ``Label:`` line;
    a blank line or a change of quote depth starts a new paragraph.
    """
    buf: list[str] = []
    depth = 0
    prev_len = 0
    if "\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    for raw_line in text.split("\n"):
        m = _QUOTE_PREFIX.match(raw_line) if raw_line[:1] in (" ", "\t", ">") else None
        d = m.group(1).count(">") if m else 0
        line = raw_line[m.end():] if m else raw_line
        stripped = line.strip()
        if not stripped or d != depth:
            if buf:
                yield " ".join(buf), depth > 0
                buf = []
            depth = d
            prev_len = 0
            if not stripped:
                continue
        if buf and (prev_len < 45 or _BULLET.match(line)):
            yield " ".join(buf), depth > 0
            buf = []
        buf.append(stripped)
        prev_len = len(stripped)
    if buf:
        yield " ".join(buf), depth > 0


def rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a phrase pattern for ``word_search``.

    A leading ``\\b`` is dropped from each top-level alternative: the word-start
    check is made by ``word_search`` instead, so that the regex engine can skip
    ahead on the literal first characters (twenty times faster on long texts).
    """
    branches: list[str] = []
    depth = 0
    cls = False
    start = 0
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if cls:
            cls = c != "]"
        elif c == "[":
            cls = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    branches.append(pattern[start:])
    return re.compile("|".join(b[2:] if b.startswith("\\b") else b for b in branches), flags)


# Words written with their letters spaced out, the words two or more spaces apart: "i   w a n t   t o   d i e".
_SPACED_LETTERS = re.compile(r"(?:(?<=  )|(?<=\A))(?:[^\W\d_] )+[^\W\d_](?=  |\Z|[.!?,;:])")


def _join_letters(m: re.Match[str]) -> str:
    return m.group().replace(" ", "")


# Keyed by id(): hashing a compiled pattern hashes its whole compiled code, microseconds for the long
# phrase patterns on every call. The pattern itself is kept in the value, so a reused id never matches.
_AT_WORD_START: dict[int, tuple[re.Pattern[str], re.Pattern[str]]] = {}


def _at_word_start(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` tried only where a word starts (not after a letter or digit).

    The same matches for ``word_search``, found about three times faster on long texts: the
    regex engine no longer tries every alternative of a long pattern inside every word.
    """
    cached = _AT_WORD_START.get(id(pattern))
    if cached is not None and cached[0] is pattern:
        return cached[1]
    try:
        found = re.compile(r"(?<![^\W_])(?:" + pattern.pattern + ")", pattern.flags)
    except re.error:  # e.g. inline global flags, which must stay first: use the pattern as it is
        found = pattern
    _AT_WORD_START[id(pattern)] = (pattern, found)
    return found


def word_search(pattern: re.Pattern[str], text: str, pos: int = 0) -> re.Match[str] | None:
    """The first match at or after ``pos`` that starts a word."""
    pattern = _at_word_start(pattern)
    while True:
        m = pattern.search(text, pos)
        if m is None or m.start() == 0 or not text[m.start() - 1].isalnum():
            return m
        pos = m.start() + 1


def word_finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    pos = 0
    n = len(text)
    while pos <= n:
        m = word_search(pattern, text, pos)
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.start() + 1


_DOC_KEY = "_phrases_doc"


@dataclass
class Doc:
    """The sentences of some texts, normalised and joined for one-pass matching."""

    text: str
    starts: list[int]
    sentences: list[Sentence]
    paragraphs: list[str] = field(default_factory=list)  # normalised text of each paragraph
    _cache: dict[tuple[int, str, int], bool] = field(default_factory=dict)

    @classmethod
    def build(cls, texts: Iterable[tuple[str, str]], *, skip_duplicates: bool = True) -> Doc:
        blocks: list[tuple[str, str, bool]] = []  # (where, block, quoted)
        seen: set[str] = set()
        for where, text in texts:
            if skip_duplicates:
                # plain + HTML alternatives of one body: inspect the words once
                key = "".join(text.split())
                if key in seen:
                    continue
                seen.add(key)
            for block, quoted in split_paragraphs(text):
                if "  " in block and _SPACED_LETTERS.search(block):
                    block = _SPACED_LETTERS.sub(_join_letters, block)  # "i   w a n t   t o   d i e"
                blocks.append((where, " ".join(block.split()), quoted))
        # normalise every block in one pass (blocks hold no line breaks)
        joined = _normalise_lines("\n".join(b for _, b, _ in blocks)) if blocks else ""
        respelt = _RESPELT_KEYS.intersection(joined.translate(_PUNCTUATION_TO_SPACE).split())
        if respelt:
            joined = _respell(joined, respelt)
        normed = joined.split("\n") if blocks else []
        pieces: list[str] = []
        starts: list[int] = []
        sentences: list[Sentence] = []
        paragraphs: list[str] = []
        pos = 0
        for (where, block, quoted), norm in zip(blocks, normed, strict=True):
            norm = " ".join(norm.split())
            if not norm:
                continue
            pidx = len(paragraphs)
            paragraphs.append(norm)
            if len(block) <= MAX_SENTENCE and "." not in block and "!" not in block and "?" not in block:
                npieces, opieces = [norm], [block]
            else:
                npieces = list(_cut(norm))
                opieces = list(_cut(block)) if len(block) <= 20_000 else []
            aligned = len(opieces) == len(npieces)
            for i, n in enumerate(npieces):
                starts.append(pos)
                sentences.append(Sentence(opieces[i] if aligned else n, where, pidx, quoted))
                pieces.append(n)
                pos += len(n) + 1
        return cls("\n".join(pieces), starts, sentences, paragraphs)

    @classmethod
    def of_message(cls, message: Message) -> Doc:
        """The doc of a message's texts, built once per message and shared by the content policies.

        It is kept on the message itself (as ``cached_property`` keeps its values), so messages
        judged at the same time in several threads never rebuild each other's doc.
        """
        doc = message.__dict__.get(_DOC_KEY)
        if not isinstance(doc, Doc):
            doc = cls.build(message.texts())
            message.__dict__[_DOC_KEY] = doc
        return doc

    @cached_property
    def tokens(self) -> frozenset[str]:
        """Every word of the text (for skipping patterns whose key words are absent)."""
        return frozenset(_TOKEN.findall(self.text))

    def index_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def sentence_text(self, index: int) -> str:
        start = self.starts[index]
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return self.text[start:end]

    def paragraph_text(self, index: int) -> str:
        return self.paragraphs[self.sentences[index].paragraph]

    def find(self, pattern: re.Pattern[str]) -> Iterator[tuple[int, re.Match[str]]]:
        """(sentence index, match) for every match of ``pattern`` that starts a word."""
        for m in word_finditer(pattern, self.text):
            yield self.index_at(m.start()), m

    def sentence_has(self, pattern: re.Pattern[str], index: int) -> bool:
        key = (id(pattern), "s", index)
        hit = self._cache.get(key)
        if hit is None:
            hit = word_search(pattern, self.sentence_text(index)) is not None
            self._cache[key] = hit
        return hit

    def paragraph_has(self, pattern: re.Pattern[str], index: int) -> bool:
        p = self.sentences[index].paragraph
        key = (id(pattern), "p", p)
        hit = self._cache.get(key)
        if hit is None:
            hit = word_search(pattern, self.paragraphs[p]) is not None
            self._cache[key] = hit
        return hit

    def has(self, pattern: re.Pattern[str]) -> bool:
        key = (id(pattern), "m", -1)
        hit = self._cache.get(key)
        if hit is None:
            hit = word_search(pattern, self.text) is not None
            self._cache[key] = hit
        return hit

    def before(self, index: int, start: int, window: int = 60) -> str:
        """Up to ``window`` characters of the sentence before offset ``start``."""
        return self.text[max(self.starts[index], start - window):start]

    def evidence(self, index: int) -> str:
        return self.sentences[index].original[:200]


def words(*alternatives: str) -> str:
    """A non-capturing alternation of phrases, for building patterns."""
    return "(?:" + "|".join(alternatives) + ")"


def compile_words(*alternatives: str) -> re.Pattern[str]:
    """Whole-word alternation, compiled (for ``word_search``)."""
    return rx(words(*alternatives) + r"\b")


# -- shared vocabularies (normalised: lower case, no apostrophes) -----------------

YOU = r"(?:you|u|ya|yu)"
YOUR = r"(?:your|ur|yor)"
W = r"(?:[a-z0-9£$-]+,? )"  # one word (and an optional comma) followed by a space


def gap(n: int) -> str:
    """Up to ``n`` words between two parts of a phrase (lazy, bounded: linear time)."""
    return W + "{0,%d}?".replace("%d", str(n))

NEGATION = re.compile(r"\b(?:not|never|no|dont|doesnt|didnt|wont|wouldnt|cant|cannot|couldnt|shouldnt|isnt|arent|wasnt)\b")


def negated(sentence: str, start: int, window: int = 4) -> bool:
    """A negation word among the ``window`` words before ``start``, in the same clause."""
    chunk = sentence[max(0, start - 60):start]
    # a negation in an earlier clause does not govern this one ("they wouldnt understand, so keep it secret")
    chunk = chunk[max(chunk.rfind("\n"), chunk.rfind(","), chunk.rfind(";")) + 1:]
    before = chunk.split()[-window:]
    return any(NEGATION.fullmatch(w) for w in before)


# Historical or literary writing: a sentence about the past or a story, not about the writer.
HISTORY = compile_words(
    r"(?:1[0-9]|20)[0-9]{2}s?", r"ad [0-9]+", r"[0-9]+ (?:bc|ad|bce|ce)", "history", "historical", "historian",
    "century", "centuries", "ancient", "romans?", "vikings?", "saxons?", "tudors?", "victorians?", "egyptians?",
    "greeks?", "aztecs?", "mayans?", "celts?", "iceni", "normans?", "stone age", "bronze age", "iron age",
    "medieval", "world war", "ww1", "ww2", "wwi", "wwii", "first world war", "second world war", "the war",
    "the blitz", "blitz", "nazis?", "hitler", "soldiers?", "battle", "empire", "king", "queen",
    "emperor", "evacuees?", "trenches", "kings", "knights?", "castle", "plague", "gunpowder plot", "guy fawkes",
    "suffragettes?", "slavery", "holocaust", "boudicca", "henry viii", "dinosaurs?",
    "assassins?", r"assassinat\w*", "ides of march", "caesar", "gladiators?", "pharaohs?",
    "highwaym[ae]n", "air raids?", "gas masks?", "rationing", "ration books?", "evacuated", "evacuation", "air raid shelter",
)
LITERARY = compile_words(
    "story", "stories", "book", "books", "novel", "chapter", "character", "characters", "poem", "poetry",
    "play script", "playscript", "author", "fairy tale", "fairytale", "once upon a time", "the film", "a film",
    "movie", "the show", "episode", "narrator", "the hero", "the villain", "the plot", "book review",
    "said the", "shouted the", "asked the", "whispered the", "cried the",
    "pantomime", "panto", "the giant", "the wolf", "the witch", "the dragon", "the pirate", "the monster",
    # a teacher's feedback on a pupil's writing: "your opening really pulls the reader in"
    "the reader", "your opening", "your writing", "your diary entry", "diary entries",
)
GAME = compile_words(
    "minecraft", "fortnite", "roblox", "among us", "fifa", "call of duty", "cod", "bedwars", "pokemon",
    "the game", "a game", "in game", "ingame", "this game", "level", "levels", "boss", "ender dragon",
    "zombies?", "creepers?", "mobs?", "respawn", "server", "xbox", "playstation", "ps4", "ps5", "nintendo",
    "switch", "gta", "mario", "sonic", "pvp", "noob", "gaming", "video game", "murder mystery", "mm2", "adopt me",
    "lego", "nerf", "water fight", "snowball", "dodgeball", "tag", "it in tag", "hide and seek", "laser tag",
    "paintball", "chess",
)
JOKE = compile_words("lol", "lmao", "haha+", "hehe+", "jk", "joking", "only joking", "just kidding", "kidding", "rofl")
# Safety advice to children (a teacher's e-safety letter quotes what groomers say).
ADVICE = compile_words(
    "trusted adult",
    # "tell your parents" is advice; "no need to tell your parents", "you don't have to tell a teacher" is the opposite
    "(?<!dont )(?<!not )(?<!never )(?<!no need to )(?<!t need to )(?<!t have to )"
    "tell (?:an adult|a grown[ -]?up|a teacher|your teacher|a parent|your parents)",
    # "never tell anyone online where you live", "don't go off with someone you don't know"
    "(?:never|dont|do not) (?:tell|give|post|share) (?:anyone|anybody|people|strangers|someone) (?:online )?"
    "(?:where you live|what school|which school|your (?:address|full name|phone|number|school|password))",
    "(?:never|dont|do not) go (?:off )?with (?:someone|anyone|anybody|a stranger|strangers)",
    "report it", "report them", "ceop", "childline", "thinkuknow", "warning signs?", "stay safe", "staying safe",
    "keep safe", "keeping safe", "online safety", "e-?safety", "internet safety",
    # "if someone online asks you for a photo ..." (not a groomer's "if anyone asks where you are, say ...")
    "if (?:someone|anyone|a stranger|somebody|a person) (?:online )?(?:asks (?:you )?(?:to|for)|tells you to|says (?:dont|not to)"
    "|wants (?:you )?to|sends you|offers you)",
    "never share", "never send", "never agree", "never give", "people you (?:meet|met|only know) online",
    "someone you (?:dont know|have only met online|met online)", "pretend to be", "pretending to be",
    "(?:someone|anyone|people|somebody) you (?:only )?know (?:from|on|through|in) (?:a game|games|an app|apps|online|the internet)",
    "(?:is|its) never your fault",
    # a teacher answering a pupil who reported something: "it is never ok for an adult you dont know to ask you for photos"
    "(?:it is|its) never (?:ok|okay|alright|right) for (?:an adult|a grown ?up|anyone|someone|a stranger|people)",
    "telling (?:an adult|a grown[ -]?up|a teacher|me|your teacher)", "you did (?:exactly )?the right thing",
)
SCHOOL_LEARNING = compile_words(
    "we learned", "we learnt", "we are learning", "were learning", "we learn", "learning about", "lesson",
    "topic", "homework", "assembly", "fact file", "project", "worksheet", "pshe", "in class", "our teacher said",
    "talk about", "talked about", "safety", "police came",
    # a definition: "Radicalisation is when someone slowly persuades you ..."
    r"(?:extremism|radicali[sz]ation|grooming|bullying|cyberbullying|self-harm|self harm|abuse|neglect|racism|terrorism)"
    r" (?:is|means) (?:when|a|an|the|that|someone)",
)
# A pupil's homework, lesson notes or poster.
SCHOOL_WORK = compile_words(
    "homework", "pshe", "worksheet", "my answers?", "lesson", "fact file", "poster", "project",
    # a book review: "I would give it 5 stars", "Book review: Goodnight Mister Tom"
    "book reviews?", "book reports?", r"reading (?:log|journal|record)", r"(?:give|gave|rate|rated) it [0-9]+ (?:stars?|out of [0-9]+)",
    r"[0-9]+ (?:stars? )?out of (?:5|10)(?: stars)?",
)


def safety_lesson(doc: Doc) -> bool:
    """A pupil's homework or poster that gives safety advice: its warning signs are a lesson about dangers, not one."""
    return doc.has(ADVICE) and doc.has(SCHOOL_WORK)


# -- cue evaluation -------------------------------------------------------------------


class Scope(enum.Enum):
    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    MESSAGE = "message"


@dataclass(frozen=True, slots=True)
class Ctx:
    """A named context: a pattern looked for in the sentence, its paragraph or the whole message."""

    name: str
    pattern: re.Pattern[str]
    scope: Scope = Scope.SENTENCE


STRONG = 2  # fires on its own
WEAK = 1  # needs a second, different weak cue of the same category in the message


@dataclass(frozen=True, slots=True)
class Cue:
    """One pattern family of a category.

    ``weight`` is STRONG or WEAK; ``adult`` overrides it when the sender is an
    adult (staff or outsider) rather than a pupil or group. ``unless`` names
    contexts that cancel a match; ``amplify`` names contexts that make a weak
    match strong; ``negatable`` cancels a match with a negation just before it.
    A context name may also be a message-level flag the policy sets.
    """

    category: str
    name: str
    pattern: re.Pattern[str]
    weight: int = STRONG
    adult: int | None = None
    unless: tuple[str, ...] = ()
    amplify: tuple[str, ...] = ()
    negatable: bool = False
    # The sentence before the match must (``before``) or must not (``not_before``) end with this (anchor with ``$``).
    before: re.Pattern[str] | None = None
    not_before: re.Pattern[str] | None = None
    # Words of which every match contains at least one: without any of them in the text the cue is skipped (speed).
    keys: frozenset[str] = frozenset()
    # A weak cue that only ever counts next to another weak cue of its category: looked for only then (speed).
    companion: bool = False


def keys(words: str) -> frozenset[str]:
    return frozenset(words.split())


@dataclass(frozen=True, slots=True)
class Hit:
    category: str
    cue: str
    weight: int
    index: int  # sentence index


def _holds(doc: Doc, ctx: Ctx | None, name: str, index: int, flags: frozenset[str]) -> bool:
    if name in flags:
        return True
    if ctx is None:
        return False
    if ctx.scope is Scope.SENTENCE:
        return doc.sentence_has(ctx.pattern, index)
    if ctx.scope is Scope.PARAGRAPH:
        return doc.paragraph_has(ctx.pattern, index)
    return doc.has(ctx.pattern)


def evaluate(
    doc: Doc,
    cues: Iterable[Cue],
    contexts: dict[str, Ctx],
    *,
    adult: bool = False,
    quoted_adult: bool | None = None,
    flags: frozenset[str] = frozenset(),
) -> dict[str, Hit]:
    """The decisive hit of each category that fires: a strong hit, or the first of two different weak ones.

    ``adult`` says whether the sender is an adult (staff or outsider); ``quoted_adult``
    whether the quoted text (``>`` lines, the message being answered) was written by one
    (default: the same as ``adult``).
    """
    if quoted_adult is None:
        quoted_adult = adult
    strong: dict[str, Hit] = {}
    weak: dict[str, dict[str, Hit]] = {}
    tokens = doc.tokens
    cues = tuple(cues)
    ordered = [c for c in cues if not c.companion] + [c for c in cues if c.companion]
    for cue in ordered:
        if cue.category in strong:
            continue
        if cue.companion and not weak.get(cue.category):
            continue
        own = cue.adult if adult and cue.adult is not None else cue.weight
        quoted = cue.adult if quoted_adult and cue.adult is not None else cue.weight
        if own <= 0 and quoted <= 0:
            continue
        if cue.keys and cue.keys.isdisjoint(tokens):
            continue
        for index, m in doc.find(cue.pattern):
            base = quoted if doc.sentences[index].quoted else own
            if base <= 0:
                continue
            if cue.negatable and negated(doc.text, m.start()):
                continue
            if cue.before is not None and cue.before.search(doc.before(index, m.start())) is None:
                continue
            if cue.not_before is not None and cue.not_before.search(doc.before(index, m.start())) is not None:
                continue
            if any(_holds(doc, contexts.get(n), n, index, flags) for n in cue.unless):
                continue
            w = base
            if w < STRONG and any(_holds(doc, contexts.get(n), n, index, flags) for n in cue.amplify):
                w = STRONG
            hit = Hit(cue.category, cue.name, w, index)
            if w >= STRONG:
                strong[cue.category] = hit
                break
            weak.setdefault(cue.category, {}).setdefault(cue.name, hit)
    out = dict(strong)
    for category, hits in weak.items():
        if category not in out and len(hits) >= 2:
            out[category] = min(hits.values(), key=lambda h: h.index)
    return out
