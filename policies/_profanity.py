"""A linear-time swear-word matcher compiled from better-profanity's word list.

better-profanity's own matcher compares every word of a text against every
entry of its list (about 0.25 s per kilobyte). Here the same list, curated for
a primary school, is compiled into sets and a handful of regular expressions,
so a text is judged in a few passes over it at C speed:

1. plain words: ``set(words) & lexicon``;
2. stretched words (``fuuuck``, ``shiiiit``): the text with repeated letters
   squeezed, looked up by skeleton, then checked so that every run of the
   found word is at least as long as the lexicon word's (``ass`` needs two s);
3. leetspeak and masked words (``sh1t``, ``b@stard``, ``f*ck``, ``f***ing``):
   only the rare tokens that mix letters with digits or symbols, through the
   inverse of better-profanity's character map (plus ``!`` ``|`` ``+``);
   asterisks are single-letter wildcards;
4. spaced letters (``f u c k``, ``s.h.i.t``, ``F U C K   Y O U``);
5. multi-word entries (``hand job``, ``H4nd j0b``).

Matching is by whole word only, which is what keeps Scunthorpe, Penistone,
cocktail, assessment, shiitake and therapist clean. Words on the list that a
school uses innocently are either dropped (``god``, ``kill``, ``organ``,
``virgin``, ``xxx`` kisses) or marked ``CONTEXT`` (``dick``, ``cock``, ``tit``,
``prick``, ``penis``): those count as swearing only when disguised
(``d1ck``, ``p3nis``, ``d**k``) or aimed at someone (``you prick``, ``such a
dick``), never as a name (``Dick Whittington``, ``Moby-Dick``).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import better_profanity

from policies.message import INVISIBLE_CHARACTERS


class Tier(enum.Enum):
    STRONG = "strong"  # swearing wherever it stands as a word
    CONTEXT = "context"  # also an ordinary word: swearing only disguised or aimed at someone


class Trick(enum.Enum):
    PLAIN = "plain"
    STRETCHED = "stretched"
    LEET = "leet"
    MASKED = "masked"
    SPACED = "spaced"
    PHRASE = "phrase"


@dataclass(frozen=True, slots=True)
class Hit:
    word: str  # the lexicon entry
    tier: Tier
    trick: Trick
    start: int
    end: int
    evidence: str  # the matched text as it appears (after Unicode normalisation)

    @property
    def disguised(self) -> bool:
        return self.trick not in (Trick.PLAIN, Trick.PHRASE)


# -- the lexicon ---------------------------------------------------------------------------------

WORDLIST = Path(better_profanity.__file__).with_name("profanity_wordlist.txt")

# better-profanity entries that are ordinary words in a primary school (science, history, RE,
# cooking, music, sport, names, kisses) or belong to another policy (kill, murder, rape: threats
# and safeguarding have their own checks; stupid, ugly, fat: insults, judged in context).
DROPPED = frozenset(
    """
    arian aryan asanchez areole bondage breasts crotch cow cowgirl cowgirls drunk dink dong doofus dopey dummy
    enlargement erect erection extacy extasy fart fat fingering fisted fisty flange floozy fondle foobar foreskin
    freex gai ganja gigolo glans god gonad gonads gringo guido hebe hell hemp heroin herp herpes herpy hitler hiv
    hoar hoare homey homoerotic hooch hookah hooter hooters hootch hump humped humping hussy hymen inbred incest
    junkie junky jerk jerked kill kinky kkk klan kum labia lech len leper lesbians lmao loin loins lube lust lusting
    lusty mams masochist massa maxi menses menstruate menstruation meth molest moron murder mutha muther nad nads
    naked napalm nappy nazi nazism niggle nimrod ninny nipple nipples nude nudes nutbutter omg opiate opium oral
    orally organ orgies orgy ovary ovum ovums paddy pantie panties panty pastie pasty pawn pcp pedo pedophile
    pedophilia pedophiliac pee peepee penetrate penetration penial penile perversion peyote phalli phallic pimp
    pinko playboy pms pollock poop pot potty prig prostitute prude pubic pubis punky puss quicky racy raunch
    rectal rectum rectus reefer reich revue rum rump ruski sadism sadist sandbar scag scantily schizo screw
    screwed screwing scrotum scum seaman seamen seduce sexual sissy skag slave sleaze sleazy slope smut smutty
    snatch sniper snuff sodom souse soused sperm spick steamy stoned strip stroke stupid suck sucked sucking
    tampon tawdry teat teste testee testes testical testicle testis thrust thug tinkle titi toke toots tramp
    transsexual trashy tush ugly undies unwed urinal urine uterus uzi v14gra v1gra valium viagra virgin vixen
    vodka vomit voyeur vulgar wad wang wazoo wedgie weed weenie weewee weiner weirdo wench whiz willies womb
    woody xx xxx yury damn crap rape raped raper raping rapist semen nooky teez teets muff facial dogging frigg
    frigga hoer sob bestial cnut lesbos
    """.split()
)
# Multi-word entries that are innocent phrases ("Jack off sick", "three, some of them").
DROPPED_PHRASES = frozenset({"cow girl", "cow girls", "deep throat", "golden shower", "jack off", "three some", "strip club"})

# Entries that are also ordinary words, names or taught anatomy.
CONTEXT_WORDS = frozenset(
    """
    anal anus ass asses bimbo bimbos boob chink cock cocks coon cum dick dyke dykes fag fags faggot fanny gay gays
    gey homo hooker horny horniest knob nob pecker penis prick pricks pussy pussies queer queers sex shag spunk
    tit tits vag vagina vulva willy negro nig pube jap japs
    """.split()
)

# Common swearing that better-profanity's list lacks (British forms and inflections).
ADDED_STRONG = frozenset(
    """
    fucks fucking fuckwits fuckyou fuckoff fuckstick effing motherfucking
    shits shitty shitting shitted shithead shitheads shitface shithole shitholes shitbag shitstain dipshit
    horseshit bullshitter bullshitting shitehawk
    cunts cunty twats twatted twatting twatface
    wanks wanked wanking wankers wankstain wankface
    bitchy bitchface bitchass
    pisshead pissheads pisstake
    bastards bollock bollocks bollocking bugger buggered buggering
    arseholes arsewipe assholes dickheads knobheads bellends tossers tosspot
    spastic spaz spazz
    omfg
    fookin fooking fooker fookers biatch biatches lezza lezzas lezzer lezzers gayboy gayboys tranny trannies
    wog wogs
    """.split()
)
# Text-speak spellings without the vowel (fkn, fcking, fuk): swearing as written, never what a mask (f*king) stands for.
ABBREVIATED = frozenset(
    "fk fkn fkin fking fkng fkd fck fcks fcking fckin fcked fcker fuk fuks fuking fukin fukn fuked fuker ffs "
    "wnker wnkr wnkers btch btches bstrd stfu".split()
)

# Better-profanity's character map (letter -> substitutes), read from the installed package.
_BP_MAP: dict[str, tuple[str, ...]] = dict(getattr(better_profanity.profanity, "CHARS_MAPPING", {}))
# Its inverse for the symbols and digits (letter-for-letter swaps such as l->i or u<->v are left
# out: they turn ordinary words into list entries). ``*`` is a wildcard, handled apart.
LEET: dict[str, tuple[str, ...]] = {}
for _letter, _subs in sorted(_BP_MAP.items()):
    for _s in _subs:
        if _s != _letter and not _s.isalpha() and _s != "*":
            LEET[_s] = tuple(dict.fromkeys((*LEET.get(_s, ()), _letter)))
for _s, _letters in {"!": ("i",), "|": ("i", "l"), "+": ("t",), "0": ("o",), "1": ("i", "l"), "3": ("e",),
                     "4": ("a",), "5": ("s",), "7": ("t",), "$": ("s",), "@": ("a", "o")}.items():
    LEET[_s] = tuple(dict.fromkeys((*LEET.get(_s, ()), *_letters)))
# One letter per symbol, for the folded copy of the text the insult patterns read.
FOLD = str.maketrans({s: letters[0] for s, letters in LEET.items()})

_TOKEN_CHARS = "a-z0-9@$*!+|"
# What a masked word (``f*ck``, ``d**k``) is most likely to stand for, when several entries fit.
_PREFERRED = frozenset(
    "fuck fucks fucker fucked fucking fuckin shit shits shite shitty cunt cunts bitch twat twats wank wanker piss "
    "pissed arse arsehole asshole bastard bollocks dick dickhead cock prick slut whore tosser bellend".split()
)


def _read_list() -> list[str]:
    try:
        return [w.strip().lower() for w in WORDLIST.read_text(encoding="utf-8").splitlines() if w.strip()]
    except OSError:  # the package without its data file: the additions still work
        return []


def squeeze(word: str) -> str:
    return _DOUBLE.sub(r"\1", word)


def runs(word: str) -> tuple[int, ...]:
    return tuple(len(m.group()) for m in _RUN.finditer(word))


_DOUBLE = re.compile(r"([a-z])\1+")
_LONG_RUN = re.compile(r"([a-z])\1\1")
_RUN = re.compile(r"([a-z])\1*")


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, Tier]  # single words (letters only, or literal leet entries such as "sh!t")
    phrases: dict[tuple[str, ...], Tier]  # multi-word entries, as words
    skeletons: dict[str, tuple[tuple[str, tuple[int, ...]], ...]]  # squeezed word -> (word, runs)
    by_length: dict[int, str]  # newline-joined letter-only words of each length, for masked look-ups

    @classmethod
    def build(cls) -> Lexicon:
        words: dict[str, Tier] = {}
        phrases: dict[tuple[str, ...], Tier] = {}
        for entry in [*_read_list(), *ADDED_STRONG, *ABBREVIATED]:
            if entry in DROPPED or entry in DROPPED_PHRASES:
                continue
            tier = Tier.CONTEXT if entry in CONTEXT_WORDS else Tier.STRONG
            parts = re.split(r"[\s]+", entry)
            if len(parts) > 1:
                phrases[tuple(parts)] = tier
                continue
            if re.fullmatch(r"[a-z]([._\-])(?:[a-z0-9!]\1?)+", entry):  # f.u.c.k, s-h-i-t: the spaced pass
                entry = re.sub(r"[._\-]", "", entry)
                if entry in DROPPED:
                    continue
            if "*" in entry:  # "masterbat*": a stem
                entry = entry.replace("*", "")
            words.setdefault(entry, tier)
        for w in CONTEXT_WORDS:
            words[w] = Tier.CONTEXT
        letters = [w for w in words if w.isalpha()]
        skel: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
        for w in letters:
            skel.setdefault(squeeze(w), []).append((w, runs(w)))
        by_len: dict[int, list[str]] = {}
        for w in letters:
            if w not in ABBREVIATED:
                by_len.setdefault(len(w), []).append(w)
        return cls(
            words,
            phrases,
            {k: tuple(v) for k, v in skel.items()},
            {n: "\n".join(sorted(ws, key=lambda x: (x not in _PREFERRED, words[x] is not Tier.STRONG, x))) for n, ws in by_len.items()},
        )


# -- text normalisation -------------------------------------------------------------------------

# Look-alike letters used to dodge filters (Cyrillic, Greek), and accented Latin letters, to
# plain a-z, one character for one so that positions in the folded text are positions in the text.
_CONFUSABLE = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "к": "k", "м": "m", "т": "t", "н": "h", "в": "b", "ο": "o", "α": "a", "ι": "i", "κ": "k",
    "ν": "v", "τ": "t", "υ": "u", "ƒ": "f", "ß": "s", "ı": "i",
}


def _accent_table() -> dict[int, str]:
    table: dict[int, str] = {ord(k): v for k, v in _CONFUSABLE.items()}
    for cp in range(0xC0, 0x250):
        ch = chr(cp).lower()
        base = unicodedata.normalize("NFKD", ch)[:1]
        if len(ch) == 1 and base.isascii() and base.isalpha() and base != ch:
            table[cp] = base
    return table


_ACCENTS = _accent_table()
_QP_SOFT_BREAK = re.compile(r"=\r?\n")


@dataclass(frozen=True)
class Normalised:
    text: str  # what the evidence is cut from
    low: str  # lower case, accents and look-alikes folded; same length as ``text``

    @cached_property
    def folded(self) -> str:
        """``low`` with leetspeak tokens spelled out (``l0ser`` -> ``loser``); same length."""
        return _LEET_TOKEN.sub(_fold_token, self.low) if _HAS_LEET.search(self.low) else self.low

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(_WORD.findall(self.low))


def normalise(text: str) -> Normalised:
    if "=\n" in text or "=\r\n" in text:  # a quoted-printable body that was never decoded
        text = _QP_SOFT_BREAK.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text.translate(INVISIBLE_CHARACTERS))
    low = text.lower()
    if len(low) != len(text):  # a few letters lower-case to two characters: cut evidence from ``low``
        text = low
    if not low.isascii():
        low = low.translate(_ACCENTS)
    return Normalised(text, low)


def _fold_token(m: re.Match[str]) -> str:
    tok = m.group()
    core = tok.rstrip("!*").lstrip("*")
    if not core or core.isalpha():
        return tok
    i = tok.index(core)
    return tok[:i] + core.translate(FOLD) + tok[i + len(core):]


# -- the matcher ----------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z]+")
_HAS_LEET = re.compile(r"[a-z][0-9@$*!+|]|[0-9@$*!+|][a-z]")
# A token mixing letters with digits or symbols; starts only at a token start, so linear.
_LEET_TOKEN = re.compile(
    rf"(?<![{_TOKEN_CHARS}])(?=[{_TOKEN_CHARS}]*[a-z])[{_TOKEN_CHARS}]*[0-9@$*!+|][{_TOKEN_CHARS}]*"
)
# Single characters separated by spaces, dots, hyphens, underscores or slashes: f u c k, s.h.i.t.
_UNIT = r"[a-z0-9@$!*]"
_NOT_UNIT = r"(?![a-z0-9@$*])"
# A line break counts as a gap too: a word written one letter a line (F / U / C / K down the page).
_SPACED = re.compile(rf"(?<![a-z0-9@$*]){_UNIT}{_NOT_UNIT}(?:[ \t._\-/~\r\n]{{1,3}}{_UNIT}{_NOT_UNIT}){{2,}}")
_SEP = re.compile(r"[ \t._\-/~\r\n]+")
# Words that may sit between or after swear words in a spaced-out run: F U C K   Y O U.
_FILLERS = frozenset(
    "you u ya off up me it the a all this that him her them yourself urself face head hole r ur are an is such so".split()
)
# Fillers of a single letter (the DP otherwise only tries pieces of two letters or more): u r a d i c k.
_ONE_LETTER_FILLERS = frozenset(w for w in _FILLERS if len(w) == 1)
_MAX_VARIANTS = 32
_MAX_TOKEN = 40  # longer "words" are not words: hostile input is not expanded


def _variants(token: str) -> Iterator[str]:
    """Every spelling of ``token`` through the leet map (at most a few dozen)."""
    out = [""]
    for ch in token:
        subs = LEET.get(ch, (ch,))
        if len(out) * len(subs) > _MAX_VARIANTS:
            subs = subs[:1]
        out = [o + s for o in out for s in subs]
    yield from out


@lru_cache(maxsize=512)
def _words_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{alts})(?![a-z])")


@lru_cache(maxsize=512)
def _stretch_regex(skeleton: str) -> re.Pattern[str]:
    return re.compile("(?<![a-z])" + "".join(f"{re.escape(c)}+" for c in skeleton) + "(?![a-z])")


def _leet_class(ch: str) -> str:
    subs = [s for s, letters in LEET.items() if ch in letters]
    return "[" + re.escape(ch + "".join(subs)) + "]" if subs else re.escape(ch)


class Matcher:
    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or Lexicon.build()
        self.vocab = frozenset(w for w in self.lex.words if w.isalpha())
        self.skel_vocab = frozenset(self.lex.skeletons)
        tails = {p[-1] for p in self.lex.phrases}
        self.phrase_tails = frozenset(tails)
        self.phrase_heads = frozenset(
            {v for p in self.lex.phrases for v in _variants(p[0])} | {p[0] for p in self.lex.phrases}
        )
        # A phrase starting with a number ("2 girls 1 cup") has no head among the words: tails only.
        self.phrase_odd_heads = any(not p[0].isalpha() for p in self.lex.phrases)
        alts = sorted(
            (r"[\s._\-]+".join("".join(_leet_class(c) for c in w) for w in p) for p in self.lex.phrases),
            key=len,
            reverse=True,
        )
        self.phrase_re = re.compile(r"(?<![a-z0-9])(?:" + "|".join(alts) + r")(?![a-z0-9])") if alts else None
        self.phrase_index = {"".join(p): p for p in self.lex.phrases}

    # -- look-ups on one candidate spelling ----------------------------------------------------

    def lookup(self, s: str) -> tuple[str, Tier] | None:
        """The lexicon entry that ``s`` spells, allowing stretched letters."""
        tier = self.lex.words.get(s)
        if tier is not None:
            return s, tier
        # Stretching needs a letter three times over: a doubled letter is ordinary spelling
        # (Shiite is not "shite", Bonner not "boner", noob not "nob").
        if not s.isalpha() or not _LONG_RUN.search(s):
            return None
        found = self.lex.skeletons.get(squeeze(s))
        if found:
            have = runs(s)
            for word, need in found:
                if len(need) == len(have) and all(h >= n for h, n in zip(have, need, strict=True)):
                    return word, self.lex.words[word]
        return None

    def masked(self, s: str) -> tuple[str, Tier] | None:
        """``f*ck``, ``f***ing``: each asterisk stands for one letter (or, failing that, a run
        of asterisks for one letter more: ``f*king``)."""
        visible = sum(c.isalpha() for c in s)
        if visible == 0 or visible == len(s) or len(s) < 3 or not re.fullmatch(r"[a-z*]+", s):
            return None
        blob = self.lex.by_length.get(len(s), "")
        m = re.compile("^" + re.escape(s).replace(r"\*", "[a-z]") + "$", re.M).search(blob)
        if m:
            tier = self.lex.words[m.group()]
            if visible < 2 and tier is not Tier.STRONG:
                return None
            return m.group(), tier
        if visible < 2:
            return None
        loose = re.sub(r"\*+", lambda r: f"[a-z]{{{len(r.group())},{len(r.group()) + 1}}}", s)
        blob = self.lex.by_length.get(len(s) + 1, "") + "\n" + self.lex.by_length.get(len(s) + 2, "")
        for m in re.finditer("^" + loose + "$", blob, re.M):
            if self.lex.words[m.group()] is Tier.STRONG:
                return m.group(), Tier.STRONG
        return None

    # -- scanning ---------------------------------------------------------------------------------

    def scan(self, text: str | Normalised) -> list[Hit]:
        """Every lexicon word in ``text``, whatever its tier, with how it was written."""
        n = text if isinstance(text, Normalised) else normalise(text)
        low = n.low
        hits: list[Hit] = []
        words = n.words

        found = words & self.vocab
        if found:
            for m in _words_regex(tuple(sorted(found))).finditer(low):
                w = m.group()
                hits.append(Hit(w, self.lex.words[w], Trick.PLAIN, m.start(), m.end(), n.text[m.start() : m.end()]))

        if _LONG_RUN.search(low):  # stretching needs a letter three times over
            squeezed = _DOUBLE.sub(r"\1", low)
            for sk in set(_WORD.findall(squeezed)) & self.skel_vocab:
                for m in _stretch_regex(sk).finditer(low):
                    entry = self.lookup(m.group())
                    if entry and m.group() != entry[0]:
                        hits.append(Hit(entry[0], entry[1], Trick.STRETCHED, m.start(), m.end(), n.text[m.start() : m.end()]))

        seen = set(words)
        if _HAS_LEET.search(low):
            for m in _LEET_TOKEN.finditer(low):
                hit = self._leet(m, n, seen)
                if hit:
                    hits.append(hit)

        for m in _SPACED.finditer(low):
            hits.extend(self._spaced(m, n))

        heads_ok = self.phrase_odd_heads or not seen.isdisjoint(self.phrase_heads)
        if self.phrase_re is not None and heads_ok and not seen.isdisjoint(self.phrase_tails):
            for m in self.phrase_re.finditer(low):
                key = re.sub(r"[\s._\-]+", "", m.group())
                phrase = self.phrase_index.get(key)
                tier = self.lex.phrases[phrase] if phrase else Tier.STRONG
                word = " ".join(phrase) if phrase else m.group()
                hits.append(Hit(word, tier, Trick.PHRASE, m.start(), m.end(), n.text[m.start() : m.end()]))
        hits.sort(key=lambda h: (h.start, -h.end))
        out: list[Hit] = []
        last_end = -1
        for h in hits:
            if h.start >= last_end:
                out.append(h)
                last_end = h.end
        return out

    def _leet(self, m: re.Match[str], n: Normalised, seen: set[str]) -> Hit | None:
        tok = m.group()
        core = tok.rstrip("!")
        if core.isalpha() or not core or len(core) > _MAX_TOKEN:
            return None
        found = self._leet_token(tok)
        if found is None:
            return None
        word, tier, trick, offset, length, spelled = found
        seen.update(spelled)
        if not word:
            return None
        s = m.start() + offset
        return Hit(word, tier, trick, s, s + length, n.text[s : s + length])

    @lru_cache(maxsize=4096)  # noqa: B019 - one matcher per process; tokens repeat within and across texts
    def _leet_token(self, tok: str) -> tuple[str, Tier, Trick, int, int, tuple[str, ...]] | None:
        """(word, tier, trick, offset, length, spellings seen) for one leetspeak token."""
        start = 0
        seen: list[str] = []
        core = tok.rstrip("!")
        candidates = [core]
        stripped = core.strip("*@")
        if stripped != core and stripped:
            candidates.append(stripped)
        for cand in candidates:
            s = start + tok.index(cand)
            e = s + len(cand)
            literal = self.lex.words.get(cand)
            if literal is not None:
                return cand, literal, Trick.LEET, s, e - s, tuple(seen)
            if not any(c.isalpha() for c in cand):
                continue
            for v in _variants(cand):
                if "*" in v:
                    found = self.masked(v)
                    trick = Trick.MASKED
                else:
                    seen.append(v)
                    found = self.lookup(v)
                    trick = Trick.LEET
                if found:
                    return found[0], found[1], trick, s, e - s, tuple(seen)
        return "", Tier.CONTEXT, Trick.LEET, 0, 0, tuple(seen)

    def _spaced(self, m: re.Match[str], n: Normalised) -> list[Hit]:
        run = m.group()
        units = _SEP.split(run)
        gaps = [len(g) for g in _SEP.findall(run)]
        if sum(u.isalpha() for u in units) < 2:
            return []
        # Segments: split where the gap is wider than the narrowest (F U C K   Y O U).
        narrow = min(gaps)
        segments: list[tuple[int, int]] = []  # unit index ranges
        begin = 0
        for i, g in enumerate(gaps):
            if g > narrow:
                segments.append((begin, i + 1))
                begin = i + 1
        segments.append((begin, len(units)))
        offsets = [mm.start() for mm in re.finditer(rf"{_UNIT}", run)]
        hits: list[Hit] = []
        for a, b in segments:
            letters = "".join(units[a:b])
            for word, tier, i, j in self._segment(letters):
                s = m.start() + offsets[a + i]
                e = m.start() + offsets[a + j - 1] + 1
                hits.append(Hit(word, tier, Trick.SPACED, s, e, n.text[s:e]))
        return hits

    def _segment(self, letters: str) -> list[tuple[str, Tier, int, int]]:
        """Lexicon words in a run of spaced letters: the whole run, or words and fillers."""
        if len(letters) > 60:
            return []
        for v in _variants(letters):
            found = self.lookup(v) if "*" not in v else self.masked(v)
            if found:
                return [(found[0], found[1], 0, len(letters))]
        # fuckyou, youfuckingidiot: split into lexicon words and fillers (short runs only).
        v = next(_variants(letters))
        size = len(v)
        best: list[list[tuple[str, Tier, int, int]] | None] = [None] * (size + 1)
        best[0] = []
        for i in range(size):
            cur = best[i]
            if cur is None:
                continue
            for j in range(i + 1, min(size, i + 16) + 1):
                piece = v[i:j]
                if j == i + 1 and piece not in _ONE_LETTER_FILLERS:
                    continue
                found = self.lookup(piece)
                if found:
                    cand: list[tuple[str, Tier, int, int]] = [*cur, (found[0], found[1], i, j)]
                elif piece in _FILLERS:
                    cand = list(cur)
                else:
                    continue
                if best[j] is None:
                    best[j] = cand
        result = best[size]
        return result or []

    def contains_profanity(self, text: str) -> bool:
        return bool(self.swearing(text))

    def swearing(self, text: str | Normalised) -> list[Hit]:
        """Hits that are swearing: strong words, and context words disguised or aimed at someone."""
        n = text if isinstance(text, Normalised) else normalise(text)
        out = []
        for h in self.scan(n):
            if h.word in _DOG_SENSE and not h.disguised and self._about_dogs(n, h):
                continue
            if h.tier is Tier.STRONG or h.disguised or self.aimed(n, h):
                out.append(h)
        for m in _MILD.finditer(n.low) if not n.words.isdisjoint(_MILD_WORDS) else ():
            out.append(Hit(m.group(), Tier.STRONG, Trick.PHRASE, m.start(), m.end(), n.text[m.start() : m.end()]))
        return out

    def _about_dogs(self, n: Normalised, h: Hit) -> bool:
        """``bitch`` as a female dog: dog words close by, and not aimed at anyone (``you bitch``)."""
        if n.words.isdisjoint(_DOG_WORDS) or self.aimed(n, h):
            return False
        near = n.low[max(0, h.start - _DOG_WINDOW) : h.end + _DOG_WINDOW]
        return not _DOG_WORDS.isdisjoint(_WORD.findall(near))

    @staticmethod
    def aimed(n: Normalised, h: Hit) -> bool:
        """A context word used as a name-calling noun: ``you prick!``, ``such a dick``, ``suck my``."""
        original = n.text[h.start : h.end]
        if original[:1].isupper() and not original.isupper():
            return False  # Dick Whittington, Moby-Dick, a sentence-initial noun
        before = n.folded[max(0, h.start - 60) : h.start]
        if _AIMED_BEFORE.search(before):
            return True
        if _BARE_YOU_BEFORE.search(before) and _ENDS_HERE.match(n.folded, h.end):
            return True
        return bool(_CALLING.match(n.folded, h.end)) and bool(_BARE_YOU_BEFORE.search(before))


_ADJ = (
    r"(?:a|an|the|such|so|absolute|total|proper|massive|big|little|fat|stupid|ugly|dirty|smelly|silly|stinky"
    r"|actual|complete|utter|right|real|giant|bloody|f\w*ing|lil|tiny|great\s+big)"
)
_AIMED_BEFORE = re.compile(
    rf"(?:\byou\s*'?\s*re|\byou\s+are|\bur|\bu\s+r|\bure|\bsuch|\bwhat|\bbunch\s+of|\bload\s+of|\bsuck\s+my|\blick\s+my"
    rf"|\bhe\s*'?s|\bshe\s*'?s|\bhe\s+is|\bshe\s+is|\bthey\s*'?re|\bthey\s+are|\byou|\bu|\bya)\s+(?:{_ADJ}\s+){{1,3}}$"
    rf"|(?:\byou\s*'?\s*re|\byou\s+are|\bur|\bu\s+r|\bsuck\s+my|\blick\s+my|\bbunch\s+of)\s+$"
)
# ``bitch`` is also the word for a female dog (breeders, vets, a pet that had puppies).
_DOG_SENSE = frozenset({"bitch", "bitches"})
_DOG_WORDS = frozenset(
    "dog dogs puppy puppies pup pups litter litters breed breeder breeding kennel kennels vet vets whelp whelped "
    "whelping greyhound greyhounds spaniel labrador collie terrier poodle retriever".split()
)
_DOG_WINDOW = 100
_BARE_YOU_BEFORE = re.compile(r"(?:\byou|\bu|\bya)\s+$")
_ENDS_HERE = re.compile(r"\s*(?:[.!?,;:)]|$|\n)")
_CALLING = re.compile(r"\s+(?:head|face)\b")
# Mild words (hell, damn, sod, bugger) that are swearing only in these set phrases.
_MILD_WORDS = frozenset("hell damn goddamn sod piss stuffed yours".split())
_MILD = re.compile(
    r"\b(?:go\s+to\s+hell|what\s+the\s+hell|who\s+the\s+hell|the\s+hell\s+(?:out|up|off|away)|bloody\s+hell"
    r"|damn\s+(?:you|u)|god\s*damn\s*it|sod\s+(?:off|you|u)|piss\s+off|get\s+stuffed|up\s+yours)\b"
)

MATCHER = Matcher()


def contains_profanity(text: str) -> bool:
    return MATCHER.contains_profanity(text)
