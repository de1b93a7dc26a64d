"""Bullying without swear words: insults, exclusion, ranking, threats.

General pattern families (second- and third-person templates filled from word
lists), read on the normalised, leet-folded text of ``policies._profanity``
(``ur such a l0ser`` reads as ``ur such a loser``). Each family is anchored on
the person addressed (``you``, ``ur``, ``she's``), on a group (``nobody``,
``everyone``) or on a speaker with a future (``I'll``, ``we're going to``), so
that history, stories and games (``the Romans killed``, ``killed the Ender
Dragon``, ``the assassin bug stabs its prey``) never match, and negations
(``you're not stupid``) cannot: ``not`` is not an allowed filler.

Every pattern is a bounded regular expression (no nested unbounded repeats):
linear in the text.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


class Kind(enum.Enum):
    INSULT = "insult or bullying"
    THREAT = "threat"


@dataclass(frozen=True, slots=True)
class Match:
    kind: Kind
    start: int
    end: int


def _stretchy(word: str) -> str:
    """A word that may be written with its letters stretched: ``stuuupid``, ``loooser``."""
    out = []
    for m in re.finditer(r"([a-z])\1*|[^a-z]", word):
        g = m.group()
        if g[0].isalpha():
            out.append(f"{g[0]}{{{len(g)},}}" if len(g) > 1 else f"{g}+")
        elif g == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(g))
    return "".join(out)


def _alt(words: Iterable[str]) -> str:
    return "(?:" + "|".join(_stretchy(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


# Put-downs said of a person (adjectives) ...
INSULT_ADJECTIVES = """
ugly fat stupid dumb thick useless worthless pathetic disgusting gross smelly stinky hideous minging rank
retarded brainless clueless vile revolting repulsive fugly ugliest fattest smelliest stupidest dumbest
chubby porky lardy trash garbage crap
""".split()
# ... and names called (nouns).
INSULT_NOUNS = """
loser looser idiot moron dummy dumbo weirdo freak creep nerd crybaby snitch tattletale telltale grass pig cow
rat troll goblin fatty fatso lardo whale blob slob pest nobody failure disgrace joke embarrassment reject retard
psycho nutter nutcase minger munter skank slag slapper tramp scum scumbag vermin peasant twit prat plonker muppet
numpty wally div dork dweeb doofus dimwit halfwit nitwit imbecile cretin clown noob nub trash garbage sissy wimp
wuss coward bully freakshow weirdo mong spaz gremlin donkey dog toad loner saddo liar cheater
""".split()
NOUN_PHRASES = [r"waste\s+of\s+(?:space|air|oxygen|skin|time)", r"piece\s+of\s+(?:\w+\s+)?(?:work|rubbish|trash|garbage|crap|shit|poo)",
                r"cry\s*baby", r"no\s*(?:body|one)"]
# Nouns that are about things as often as people: not after "what a".
NOT_PERSONS = {"joke", "failure", "disgrace", "embarrassment", "trash", "garbage", "pest", "reject", "nobody",
               "pig", "cow", "rat", "dog", "toad", "donkey", "whale", "troll", "goblin", "grass", "baby"}
# Things a person is said to smell of.
GROSS = """
bins bin poo poop wee pee sick vomit puke rubbish socks feet fart farts dog dogs pig pigs toilet toilets sewage
sewer rotten eggs fish bum bums armpits cheese garbage trash dung manure mould sweat skunk farm tramp
""".split()
# What a person is said to look like.
LOOKALIKES = """
troll pig goblin monkey gorilla ape rat frog toad potato whale hippo cow dog witch orc zombie alien freak tramp
gremlin slug worm bin elephant donkey horse walrus baboon thumb egg boy man bug beetle spider
skeleton nerd geek camel giraffe
""".split()

_YOU = r"(?:you|u|ya)"
_MILD_WORDS_FOR_AUDIENCE = "weird annoying horrible mean boring cringe cringey nasty rude spoilt babyish".split()
_END = r"(?=\s*(?:[.!?,;:)\n]|$))"
_OBJ = r"(?:you|u|ya|her|him|them)"
_GROSS = _alt(GROSS)

# -- name-calling frames, checked word by word in Python ------------------------------------------

_ADJ_SET = frozenset(INSULT_ADJECTIVES)
# Mild words that are put-downs only when chained to an insult: "ur weird and ugly", "you're mean and fat".
_MILD_ADJ = frozenset(
    "weird annoying horrible mean boring cringe cringey nasty rude spoilt spoiled babyish odd sad lonely "
    "short skinny slow poor hairy spotty tall small weak".split()  # "ur so slow and fat"
)
_NOUN_SET = frozenset(INSULT_NOUNS)
_PERSON_SET = _NOUN_SET - NOT_PERSONS
_NOUN_PHRASE = re.compile("(?:" + "|".join(NOUN_PHRASES) + r")\b")
_MODS = frozenset(
    "so such really very well proper totally absolutely literally actually actual just a an the one biggest most "
    "massive absolute complete total utter big little lil right real bloody ugly fat stupid smelly pathetic dirty "
    "disgusting fucking effing all".split()
)
_YOUR_MODS = frozenset(
    "so such really very well proper totally absolutely literally actually actual just a an the biggest most "
    "absolute complete total utter".split()
)
# Who is addressed or talked about; the subject decides which fillers and words may follow.
# The subject alone is matched (so a frame that fails never swallows the next one: "you cant even
# read properly ur so dumb"); its tail of up to six words is read after it.
_FRAME = re.compile(
    r"(?=[yuashwb])(?:(?:your|ur|yr|yo)\s+(?:mum|mom|mam|mummy|mommy|mama|momma|dad|daddy|nan|nana|gran|granny|grandma|grandad"
    r"|sister|brother|family|parents|mums|dads|cousin)(?:\s*'\s*s|s|\s+is|\s+are|\s+was|\s+were|\s+r)"
    r"|you\s*'\s*re|you\s+are|you\s+r|youre|you|ur|your|yr|ya|u\s+r|u\s+are|ure|u|are\s+you|are\s+u"
    r"|she\s*'\s*s|shes|she\s+is|he\s*'\s*s|hes|he\s+is|what\s+an?|such\s+an?|being)"
    r"(?=[ \t]+[a-z'])"
)
# Someone named: "oliver is a smelly weirdo", "poppy taylor is such a loser". Only names called (nouns)
# count after a name, never adjectives alone ("maths is so stupid", "the cat is fat").
_NAMED = re.compile(
    r"(?<![a-z'])(?!(?:this|that|it|there|here|what|which|who|he|she|life|everything|nothing|something|today|the|a|an|and"
    r"|or|but|so|if|my|your|ur|his|her|our|their|its|game|film|book|story|homework|school|maths|work|weather|lesson)\b)"
    r"[a-z]+(?:[ \t]+[a-z]+)?[ \t]+(?:is|was)(?=[ \t]+[a-z'])"
)
_IS = re.compile(r"[ \t](is|was)(?=[ \t]+[a-z'])")
_ONE_OR_TWO_WORDS_BEFORE = re.compile(r"(?:[a-z]+[ \t]+)?[a-z]+[ \t]+$")


def _named(folded: str) -> Iterator[re.Match[str]]:
    """``_NAMED`` matches, tried only just before each "is"/"was" (a full scan tries every position of a long text)."""
    for verb in _IS.finditer(folded):
        words = _ONE_OR_TWO_WORDS_BEFORE.search(folded, max(0, verb.start() - 60), verb.start() + 1)
        if words is None:
            continue
        starts = [words.start()]
        second = folded.find(" ", words.start(), verb.start())
        if 0 <= second < verb.start():
            starts.append(second + 1)
        for start in starts:
            m = _NAMED.match(folded, start)
            if m is not None and m.end() == verb.end(1):
                yield m
                break


_TAIL = re.compile(r"(?:[ \t]+[a-z']+){1,6}")
_FAMILY = re.compile(r"(?:your|ur|yr|yo)\s")
_FAMILY_VERB = re.compile(r"\s(?:is|are|was|were|r)$")
_TAIL_WORD = re.compile(r"[a-z']+")
_AFTER_END = re.compile(r"\s*(?:[.!?,;:)\n]|$)")
_BEFORE_EXCLAIM = re.compile(r"(?:^|[.!?,;:\-\n]\s*|\b(?:and|lol|haha|omg)\s+)$")


def _known(word: str, vocab: frozenset[str]) -> bool:
    if word in vocab:
        return True
    if word.endswith("s") and word[:-1] in vocab:
        return True
    return bool(_LONG_RUN.search(word)) and _DOUBLE.sub(r"\1", word) in _squeezed(vocab)


_SQUEEZED: dict[int, frozenset[str]] = {}
_DOUBLE = re.compile(r"([a-z])\1+")
_LONG_RUN = re.compile(r"([a-z])\1\1")


def _squeezed(vocab: frozenset[str]) -> frozenset[str]:
    key = id(vocab)
    if key not in _SQUEEZED:
        _SQUEEZED[key] = frozenset(_DOUBLE.sub(r"\1", w) for w in vocab)
    return _SQUEEZED[key]


def _frame(text: str, m: re.Match[str]) -> int | None:
    """The end of a name-calling phrase whose subject is ``m``, or None."""
    subject = " ".join(m.group().split()).replace(" '", "'").replace("' ", "'")
    tail = _TAIL.match(text, m.end())
    if tail is None:
        return None
    words = list(_TAIL_WORD.finditer(text, tail.start(), tail.end()))
    # "your mum's fat cat" is a possessive: without a filler the word must end the phrase ("ur mums fat")
    possessive = False
    if m.re is _NAMED:
        kind, mods, nouns, adjs_ok = "named", _MODS, _PERSON_SET, False
    elif _FAMILY.match(subject):  # your mum is so fat / ur dad's a tramp: said of a person
        kind, mods, nouns, adjs_ok = "third", _MODS, _PERSON_SET, True
        possessive = not _FAMILY_VERB.search(subject)
    elif subject in ("you", "u", "ya"):
        kind, mods, nouns, adjs_ok = "bare", _MODS, _NOUN_SET, False
    elif subject in ("your", "ur", "yr"):
        kind, mods, nouns, adjs_ok = "your", _YOUR_MODS, _NOUN_SET, True
    elif subject.startswith(("she", "he")):
        kind, mods, nouns, adjs_ok = "third", _MODS, _PERSON_SET, True
    elif subject.startswith(("what", "such")):
        if not _BEFORE_EXCLAIM.search(text, max(0, m.start() - 12), m.start()):
            return None
        kind, mods, nouns, adjs_ok = "exclaim", _MODS, _PERSON_SET, False
    else:  # you're, you are, ur... are you
        kind, mods, nouns, adjs_ok = "are", _MODS, _NOUN_SET, True
    used = 0
    chained = False  # the previous word was a mild adjective: "and" may follow
    for w in words:
        word = w.group()
        if word in _MILD_ADJ and kind != "exclaim":
            used += 1
            chained = True
            continue
        if word == "and" and chained:
            chained = False
            continue
        chained = False
        phrase = _NOUN_PHRASE.match(text, w.start())
        is_noun = _known(word, nouns) or bool(phrase)
        is_adj = _known(word, _ADJ_SET)
        end = phrase.end() if phrase else w.end()
        if is_noun and (kind != "exclaim" or _AFTER_END.match(text, end)):
            if kind == "bare" and not used and not _AFTER_END.match(text, end):
                return None  # "you baby-sit", "thank you nerd club": a bare noun must end the phrase
            if (kind == "your" or possessive) and not used and not _AFTER_END.match(text, end):
                return None
            return end
        if is_adj and adjs_ok and kind != "exclaim":
            # "you're so stupid"; "your" needs a filler ("your so fat") or to end there ("ur ugly")
            nxt = _TAIL_WORD.match(text, w.end() + 1) if w.end() < len(text) else None
            if nxt and _known(nxt.group(), nouns):
                return nxt.end()
            if (kind == "your" or possessive) and not used and not _AFTER_END.match(text, w.end()):
                return None
            return w.end()
        if _known(word, mods) or (is_adj and kind in ("bare", "exclaim")):
            used += 1
            continue
        return None
    return None


# -- families read straight off the text ------------------------------------------------------------

_YOU_ARE_I = r"(?:you\s*'?\s*re|you\s+are|you\s+r|u\s+r|u\s+are|ure|youre|your|ur|yr)"
# What a pupil is asked "why are you so ...?" about: looks and ability.
_WHY_ADJ = "short fat weird slow thick annoying hairy spotty skinny smelly poor small useless rubbish".split()

# Words that rhyme with a swear word, used to hint at it.
_RHYMES = (
    r"(?:duck|truck|muck|cluck|puck|tuck|luck|yuck|banker|anchor|tanker|witch|rich|ditch|pitch|snitch|hit|spit|grit|bit"
    r"|glass|grass|brass|bass|runt|hunt|punt|stunt|brick|prick|trick|thick|lick|kick|bastard|mustard|custard)"
)
_PRONOUN_3 = r"(?:she|he)"
_INSULT_FAMILIES: list[tuple[tuple[str, ...], str]] = [
    # swearing hinted at: "go and (rhymes with duck) yourself", "such a rhymes-with-banker"
    (("rhymes", "rhyme"), r"(?:\(\s*rhymes?\s+with\s+(?:a\s+|an\s+)?" + _RHYMES + r"\s*\)|rhymes?-with-(?:a-|an-)?" + _RHYMES + r")(?![\w-])"),
    # you smell (like the bins) / you stink; she smells like the bins; Isla M - looks like a troll
    (("smell", "smells", "stink", "stinks", "reek", "reeks", "pong", "pongs"), rf"(?:smells?|stinks?|reeks?|pongs?)\s+(?:like|of)\s+(?:[\w']+\s+){{0,3}}?{_GROSS}\b"),
    (("stink", "stinks", "reek", "reeks", "pong", "pongs", "honk", "honks"), r"(?:stink|reek|pong|honk)s?\b(?!\s+(?:at|of\s+(?:perfume|flowers)))"),
    (("smell", "smells"), rf"smells?(?:\s+(?:so\s+|really\s+)?(?:bad|disgusting|gross|horrible|awful|rank|minging)\b|{_END}"
                          r"|(?=\s+(?:lol|haha|innit|too|as\s+well|and\s+(?:every\w*|no|nobody|ur|your|you\s*'?re|u\s+r|you\s+are|ya|u\s+look|you\s+look))\b))"),
    (("look", "looks", "looked"), rf"(?:look|looks|looked)\s+like\s+(?:a|an|the|some)\s+(?:[\w']+\s+)?{_alt(LOOKALIKES)}\b"),
    # her hair is disgusting / your face is ugly
    (("your", "ur", "her", "his", "face", "hair", "teeth", "nose", "ears", "breath", "skin", "glasses", "legs", "belly"),
     r"(?:your|ur|her|his)\s+(?:face|hair|teeth|nose|ears|clothes|breath|voice|body|head|feet|skin|glasses|legs|belly|tummy)"
     r"\s+(?:(?:they|it)\s+)?(?:is|are|looks?|'s|s)\s+(?:so\s+|really\s+|well\s+|proper\s+)?(?:[a-z]+\s+and\s+(?:so\s+)?)?"
     r"(?:ugly|disgusting|gross|minging|horrible|weird|greasy|smelly|stinky|hideous|revolting|rank|wonky|crooked|manky)\b"),
    # ranking: top 5 ugliest / the smelliest kid in the class
    (("top",), r"top\s+\d+\s+(?:[\w']+\s+){0,2}?(?:ugliest|fattest|smelliest|weirdest|dumbest|stupidest|worst|most\s+(?:annoying|hated|ugly)|biggest\s+losers?|ugly|fat)\b"),
    (("ugliest", "fattest", "smelliest", "stupidest", "dumbest", "weirdest", "hated", "most"),
     r"(?:ugliest|fattest|smelliest|stupidest|dumbest|weirdest|most\s+(?:hated|annoying|disgusting|irritating|pathetic))\s+(?:[\w']+\s+)?"
     r"(?:people|person|kids?|girls?|boys?|one|pupils?|children|ones)\s+(?:in|at|of)\b"),
    # rejection: nobody likes you / everyone hates you / no one would ever want to sit next to her
    (("nobody", "one", "noone", "noi"),
     rf"(?:nobody|no\s*-?\s*one|noone|noi|not\s+one\s+person)\b(?:\s+[\w']+){{0,4}}?\s+(?:likes?|loves?|wants?|cares?\s+about|misses|would\s+(?:ever\s+)?(?:want|miss|like|care\s+about))\s+{_OBJ}\b"),
    (("nobody", "one", "noone", "noi"),
     rf"(?:nobody|no\s*-?\s*one|noone|noi)\b(?:\s+[\w']+){{0,3}}?\s+(?:(?:wants?|would\s+(?:ever\s+)?want|likes?)\s+to|will|would|is\s+going\s+to)"
     rf"\s+(?:sit|play|be|talk|hang\s+out|work|go|stand)\s+(?:with|next\s+to|near|beside|friends\s+with|around|by)\s+{_OBJ}\b"),
    (("hate", "hates", "despise", "despises", "stand", "everyi"),
     rf"(?:everyone|everybody|every\s+one|everyi|we\s+all|all\s+of\s+us|the\s+whole\s+(?:class|school|year)|they\s+all|people)\s+(?:(?:really|just|actually|literally|secretly|still|all)\s+)?(?:hates?|despises?|can'?t\s+stand)\s+{_OBJ}\b"),
    (("laugh", "laughs", "laughed", "laughing", "fun", "mick", "snigger", "sniggers", "everyi"),
     rf"(?:everyone|everybody|everyi|every\s+one|we\s+all|all\s+of\s+us|the\s+whole\s+(?:class|school|year)|they\s+all|people)"
     rf"\s+(?:[\w']+\s+){{0,3}}?(?:(?:laughs?|laughed|laughing|sniggers?|sniggering)\s+at|(?:makes?|made|making)\s+fun\s+of"
     rf"|takes?\s+the\s+mick\s+out\s+of)\s+{_YOU}\b"),
    (("think", "thinks", "says", "say", "knows", "know", "everyi"),
     rf"(?:everyone|everybody|everyi|every\s+one|we\s+all|all\s+of\s+us|the\s+whole\s+(?:class|school|year)|they\s+all|people)"
     rf"\s+(?:[\w']+\s+){{0,3}}?(?:thinks?|says?|knows?)\s+(?:that\s+)?(?:you\s*'?\s*re|you\s+are|ur|u\s+r|youre|your)"
     rf"\s+(?:so\s+|a\s+|an\s+|really\s+|such\s+an?\s+|well\s+)*(?:{_alt(_MILD_WORDS_FOR_AUDIENCE)}|{_alt(INSULT_ADJECTIVES)}|{_alt(INSULT_NOUNS)}|baby)\b"),
    (("hate",), r"i\s+(?:really\s+|just\s+|actually\s+)?hate\s+(?:you|u)\b(?!\s+(?:for|when|because|cos|lol|haha)\b)"),
    (("want", "invited"),
     rf"(?:we|nobody|no\s*one|they)\s+(?:(?:don'?t|doesn'?t|do\s+not)\s+want|invited)\s+{_OBJ}\b(?:\s+(?:in|at|near|around|on)\b|\s*(?:[.!\n]|$)|\s+(?:so|and)\b)"),
    (("pretend", "pretends", "pretending"), r"pretend(?:s|ing)?\s+to\s+(?:be\s+(?:your|ur|her|his)\s+friends?|like\s+(?:you|u|her|him))\b"),
    (("friends", "mates"), rf"(?:{_YOU}|she|he)\s*(?:'ve|\s+have|\s+has|\s+got|\s+'ve\s+got|\s+have\s+got|\s+has\s+got|ve\s+got)"
                           r"\s+no\s+(?:friends|mates)\b(?!\s+(?:yet|here|so\s+(?:be|lets|let'?s|we|can|please)|to\s+play))"),
    (("friend", "partner", "mate", "bff", "partners"),
     r"(?:nobody|no\s*-?\s*one|noone|noi)\s+(?:is|wants\s+to\s+be|will\s+ever\s+be|would\s+(?:ever\s+)?(?:want\s+to\s+)?be)\s+(?:your|ur)\s+"
     r"(?:best\s+)?(?:friend|partner|mate|bff)"),
    (("friend", "friends"), r"not\s+(?:your|ur)\s+friends?\s+any\s*more\b"),
    (("die", "dead", "kill", "kys"), r"(?:go\s+(?:and\s+)?die|drop\s+dead|kill\s+(?:yourself|urself|ur\s+self|your\s+self)|kys)\b"),
    (("back",), rf"(?:go\s+away|leave|get\s+lost|hope\s+{_YOU})\s+(?:and\s+)?(?:never|don'?t\s+ever|don'?t)\s+come\s+back\b"),
    (("ignore", "exclude", "leave", "block", "unfriend"),
     rf"(?:everyone|everybody|let'?s|we\s+should|we'?re\s+going\s+to|we\s+will|we'?ll)\s+(?:all\s+)?(?:ignore|exclude|leave\s+out|block|unfriend)\s+{_OBJ}\b"),
    # "lets ALL ignore grace", "everyone ignore oliver tomorrow"
    (("ignore", "exclude", "unfriend"),
     r"(?:everyone|everybody|let'?s\s+all|we\s+(?:should\s+|will\s+|must\s+)?all|we'?re\s+all\s+going\s+to)\s+(?:ignore|exclude|unfriend)\s+"
     r"(?!(?:the|that|this|it|what|those|these|everything|anything|all|his|her|my|your|ur|our|their|its|a|an|any|some|him|them|me"
     r"|us|homework|rules?)\b)[a-z]+\b"),
    # "if u talk to her ur out of our group"
    (("out",), rf"{_YOU_ARE_I}\s+out\s+of\s+(?:our|the|my)\s+(?:group|gang|squad|club|friendship\s+group|team)\b"),
    # mocking a family: "ur family is so poor", "ur dad only left cos he couldnt stand having u as a son"
    (("poor", "skint", "broke", "tramps"),
     r"(?:your|ur|yr)\s+(?:family|mum|mom|dad|parents|mums|dads)\s*(?:is|are|r|'s|s)\s+(?:so+\s+|really\s+|well\s+|proper\s+|too\s+)?"
     r"(?:poor|skint|broke|tramps)\b"),
    (("stand",), rf"(?:couldn'?t|could\s+not|can'?t|cannot)\s+stand\s+(?:having\s+)?{_YOU}"
                 r"\b(?!\s+(?:being|getting|going|doing|feeling|sad|upset|hurt|crying|cry|leaving|moving))"),
    (("not",), r"(?:you\s*'?\s*re|you\s+are|ur|u\s+r|youre)\s+not\s+(?:invited|welcome|wanted|allowed\s+in\s+our|in\s+our\s+(?:group|gang))\b"),
    # ranking said to the face: you are the most annoying person in the school / ur the worst friend ever
    (("most", "ugliest", "fattest", "smelliest", "stupidest", "dumbest", "weirdest", "worst", "thickest", "biggest"),
     rf"{_YOU_ARE_I}\s+(?:literally\s+|actually\s+|just\s+)?the\s+(?:most\s+(?:annoying|hated|boring|irritating|disgusting|pathetic"
     r"|useless|stupid|ugly)|ugliest|fattest|smelliest|stupidest|dumbest|weirdest|worst|thickest|biggest\s+(?:loser|idiot|baby|nerd|freak))"
     r"\s+(?:[\w']+\s+)?(?:person|people|kid|girl|boy|one|pupil|thing|human|player|friend)\b"),
    # why are you so fat / why r u such a loser
    (("why",), rf"why\s+(?:are|r)\s+{_YOU}\s+(?:always\s+)?(?:so|sooo+|such\s+an?)\s+(?:{_alt(INSULT_ADJECTIVES)}|{_alt(_WHY_ADJ)}|{_alt(INSULT_NOUNS)}|baby)\b"),
    # you're such a baby (not a baby brother or a baby photo)
    (("baby",), rf"(?:{_YOU_ARE_I}|{_YOU}|stop\s+being)\s+(?:such\s+a|a\s+(?:big|massive|little|total|proper))\s+(?:big\s+|massive\s+|little\s+)?baby\b"
                r"(?!\s*-?\s*(?:brother|sister|cousin|sitter|sitting|shark|animal|photos?|pictures?|pics?|clothes|teeth|tooth|food|bird|elephant))"),
    # racist exclusion: go back to your own country
    (("back",), rf"go\s+back\s+(?:to\s+(?:your|ur|yr)\s+(?:own\s+)?country|(?:to\s+)?where\s+{_YOU}\s+(?:came|come)\s+from)\b"),
    # the group chat you are not in
    (("chat", "gc", "gang", "squad"), rf"(?:group\s*chat|gc|(?:our|new)\s+(?:group|gang|squad|club|chat))\b[^.!?\n]{{0,40}}?\b{_YOU_ARE_I}\s+not\s+in\s+it\b"),
    # compared: "your uglier than the warthog", "ur fatter than a hippo"
    (("uglier", "fatter", "smellier", "stupider", "dumber", "thicker", "weirder", "more"),
     rf"{_YOU_ARE_I}\s+(?:even\s+|so\s+much\s+|way\s+|literally\s+)?(?:uglier|fatter|smellier|stupider|dumber|thicker|weirder"
     r"|more\s+(?:stupid|annoying|useless|pathetic|disgusting|ugly))\s+than\b"),
    # "your useless at drawing", "ur pathetic at football"
    (("useless", "hopeless", "pathetic", "crap"),
     rf"{_YOU_ARE_I}\s+(?:so\s+|really\s+|totally\s+|completely\s+|well\s+|just\s+)?(?:useless|hopeless|pathetic|crap)\s+at\b"),
    # someone of theirs: "your keeper is a fat loser", "your whole school is thick"
    (("your", "ur"),
     r"(?:your|ur|yr)\s+(?:whole\s+)?(?:keeper|goalie|team|school|class|sister|brother|mum|mom|dad|family|friends?|mates?|cousin"
     r"|boyfriend|girlfriend|captain|striker|defence|defense)\s+(?:is|are|'s|s|r)\s+(?:a\s+|an\s+|such\s+an?\s+|so\s+|really\s+|well\s+"
     r"|all\s+)?(?:(?:fat|ugly|smelly|stupid|thick|massive|total)\s+)?"
     rf"(?:{_alt(INSULT_NOUNS)}|thick|stupid|dumb|useless|pathetic|ugly|fat|losers|idiots|morons|freaks)\b"),
    # the gay slur: you're gay / that's so gay
    (("gay",), r"(?:you\s*'?\s*re|you\s+are|ur|u\s+r|youre|that\s*'?s|thats|so|such\s+a)\s+(?:so\s+|well\s+|proper\s+)?gay\b"),
]
# Subjects that make "smells like" / "looks like" about a person.
# ("they smell really bad" is as often the seals on the beach as people)
_LIKE_SUBJECT = re.compile(
    rf"(?:\b(?:{_YOU}|{_PRONOUN_3}|(?:your|ur|her|his)\s+(?:face|hair|head|nose|teeth|breath|feet))\s+"
    r"(?:really\s+|so\s+|proper\s+|well\s+)?|(?:^|[-:,])\s*)$"
)
_LIKE_VERB = re.compile(r"(?:smell|stink|reek|pong|honk|look)(?:s|ed)?\b")
# Exclusion: you can't play with us / don't sit on our table any more / don't play with her.
_EXCLUSION_FAMILIES: list[tuple[tuple[str, ...], str]] = [
    (("can", "cant", "cannot", "allowed", "not"),
     rf"(?=[yuht])(?:{_YOU_ARE_I}|{_YOU}|{_PRONOUN_3}|they)\s+(?:can'?t|cannot|can\s+not|are\s+not\s+allowed\s+to|aren'?t\s+allowed\s+to|isn'?t\s+allowed\s+to|is\s+not\s+allowed\s+to|not\s+allowed\s+to)\s+(?:play|sit|hang\s+out|be|come|join|eat|stand)\s+(?:with|near|next\s+to|by|in|at)\s+(?:us|our|me)\b"),
    (("don", "dont"),
     r"don'?t\s+(?:let\s+(?:her|him|them)\s+)?(?:sit|play|hang\s+out|stand|eat)\s+(?:on|at|with|next\s+to|near|by)\s+(?:our\s+(?:table|group|bench|team|gang)|us)\s+(?:[\w']+\s+){0,3}?(?:any\s*more|ever\s+again|again)\b"),
    # don't even try to sit with us / don't even think about playing with us
    (("even",), r"don'?t\s+even\s+(?:try\s+(?:to|and)\s+|think\s+about\s+|bother\s+(?:trying\s+to\s+)?)?(?:sit|play|hang\s+out|stand|eat|come)(?:ting|ing)?"
                r"\s+(?:on|at|with|next\s+to|near|by)\s+(?:our\s+(?:table|group|bench|team|gang)|us)\b"),
    (("don", "dont"), r"don'?t\s+(?:sit|play|hang\s+out|talk)\s+(?:with|next\s+to|near|to)\s+(?:her|him|them)\b(?!\s+(?:if|unless|until))"),
]
# Exclusion lines that are about arrangements, not people: "sorry you can't play with us on Saturday because".
_EXCUSED = re.compile(r"\b(?:sorry|because|cos|coz|cause|'cause|as\s+we|since)\b")

_SUBJ1 = r"(?:i|we|they|me\s+and\s+(?:my\s+)?[\w']+|my\s+(?:big\s+)?(?:brother|cousin|dad|mates|friends|gang|sister|uncle|mum))"
_MODAL = (
    r"(?:\s*'ll|ll|\s+will|\s+shall|\s*'m\s+(?:going\s+to|gonna)|m\s+(?:going\s+to|gonna)|\s+am\s+(?:going\s+to|gonna)"
    r"|\s*'re\s+(?:going\s+to|gonna)|re\s+(?:going\s+to|gonna)|\s+are\s+(?:going\s+to|gonna)|\s+is\s+(?:going\s+to|gonna)"
    r"|\s+r\s+(?:going\s+to|gonna)|\s+gonna|\s+going\s+to)"
)
_VIOLENT = r"(?:batter|kill|murder|punch|hurt|stab|knife|shank|jump|bash|thump|kick|slap|deck|strangle|choke|burn|shoot|whack|drown|hit|end)"
_BODY = r"(?:face|head|teeth|nose|neck|legs?|arms?|brains?|skull|jaw|lights|eyes?|stomach|belly|gob|mouth)"
_YOU_ARE = r"(?:you\s*'?\s*re|you\s+are|you\s+r|u\s+r|u\s+are|ure|youre|your|ur|yr)"
_THREAT_FAMILIES: list[tuple[tuple[str, ...], str]] = [
    # you're dead / or your dead. (not "you're dead good", "dead right")
    (("dead",), rf"{_YOU_ARE}\s+(?:so\s+|going\s+to\s+be\s+|gonna\s+be\s+)?dead(?:\s+meat)?\b(?=\s*(?:[.!?,;:)\n]|$|\s+(?:tomorrow|tmrw|tonight|today|after|when|if|at|on|mate|m8|bro|now|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next|this|unless|i|innit|lol|you|u|me|meat)\b))"),
    (("die", "get"), rf"(?:{_YOU_ARE}|{_YOU})\s*(?:are\s+)?(?:going\s+to|gonna|will|'ll|ll)\s+(?:die|get\s+(?:battered|beaten\s+up|smashed|hurt|stabbed|killed|jumped|what'?s\s+coming))\b(?!\s+(?:laughing|of))"),
    # ur getting punched tmrw / you're gonna get battered
    (("getting", "get"), rf"{_YOU_ARE}\s+(?:getting|gonna\s+get|going\s+to\s+get|about\s+to\s+get)\s+(?:punched|battered|beaten\s+up"
                         r"|smacked|slapped|kicked|jumped|stabbed|merked|bashed|decked|smashed|done\s+in|rushed|knocked\s+out)\b"),
    (("it",), rf"(?:{_YOU_ARE}|{_YOU})\s*(?:are\s+)?(?:going\s+to|gonna|will|'ll|ll)\s+get\s+it(?:{_END}|\s+(?:tomorrow|tmrw|after\s+school|at\s+break|at\s+lunch|later|now)\b)"),
    # I'll / we're going to / me and my cousin are going to ... hurt you
    (("ll", "ill", "well", "theyll", "will", "gonna", "going", "shall"),
     rf"{_SUBJ1}{_MODAL}\s+(?:[\w']+\s+){{0,6}}?{_VIOLENT}\s+{_OBJ}\b(?!\s+(?:a|an|some|one|up|back\s+(?:your|ur|the)|something|anything|the"
     rf"|at(?!\s+(?:break|lunch|play\s*time|home\s*time|school|skool)\b)|in(?!\s+(?:the|ur|your|yer)\s+{_BODY}\b)|on|\d))"),
    (("get",),
     rf"{_SUBJ1}{_MODAL}\s+(?:[\w']+\s+){{0,3}}?get\s+{_OBJ}(?:\s+back)?(?=\s*(?:[.!?,;)\n]|$|\s+(?:after|at\s+(?:break|lunch|home\s*time)|tomorrow|tmrw|later|for\s+(?:this|that|it)|when|outside|on\s+the\s+way)\b))"),
    (("ll", "ill", "well", "theyll", "will", "gonna", "going"),
     rf"{_SUBJ1}{_MODAL}\s+(?:[\w']+\s+){{0,9}}?(?:smash|punch|kick|bash|break|cave|knock|rip|batter|slap|snap|boot|stamp\s+on|pull)\s+(?:your|ur|his|her|their)\s+(?:[\w']+\s+)?{_BODY}\b"),
    (("after", "outside", "way"),
     rf"(?:{_VIOLENT}|beat|batter|get|smash)\s+{_OBJ}\s+(?:up\s+)?(?:after|at|outside|on\s+the\s+way)\s+(?:school|skool|home|the\s+gates?|break|lunch|the\s+park)\b"),
    # (not acted: "the gladiator pretended to stab him with the trident")
    (("stab", "knife", "shank", "strangle"), rf"(?<!pretended\sto\s)(?<!pretend\sto\s)(?<!pretending\sto\s)(?<!pretends\sto\s)"
                                             rf"(?:stab|knife|shank|strangle)\s+{_OBJ}\b"),
    (("beat",), rf"beat\s+(?:the\s+(?:crap|hell|living\s+daylights|life)\s+out\s+of\s+)?{_OBJ}\s+up\b"),
    (("school",), r"bring\s+(?:a|my|his|her|their|[\w']+'s)\s+(?:[\w']+\s+)?(?:knife|gun|blade|machete|weapon)\s+(?:to|into|in)\s+school\b"),
    (("back",), r"watch\s+(?:your|ur|yo)\s+back\b(?=\s*(?:[.!?,;)\n]|$|\s+(?:cos|because|at|after|tomorrow|mate|m8)\b))"),
    (("live",), rf"i\s+know\s+where\s+{_YOU}\s+live\b"),
    (("sorry", "regret"),
     rf"(?:{_YOU_ARE}|{_YOU})\s*(?:'ll|ll|\s+will|\s+(?:are\s+)?going\s+to|\s+(?:are\s+)?gonna)\s+(?:be\s+sorry|regret\s+(?:it|this|that)){_END}"),
    (("wait",), rf"(?:just\s+)?wait\s+(?:till|until|til)\s+(?:i|we)\s+(?:see|get|catch)\s+{_YOU}\b"),
    (("coming",), rf"(?:{_YOU}\s+won'?t\s+see\s+it\s+coming|(?:i'?m|im|i\s+am|we'?re|were|we\s+are)\s+coming\s+for\s+{_YOU})\b"),
    (("eye",), r"sleep\s+with\s+one\s+eye\s+open\b"),
    # u better watch out / you'd better watch yourself (not "watch out for the ice")
    (("better",), r"better\s+watch\s+(?:out|it|yourself|urself|ur\s+self)\b"
                  r"(?=[ \t,!]*(?:(?:at|after)\s+(?:school|break|lunch|home\s*time|play\s*time)|tomorrow|tmrw|or\s+else|cos|coz|because|mate|m8"
                  r"|i\s*'?m\s+(?:coming|warning)|im\s+(?:coming|warning))\b)"),
    # ... or else! closing a demand (the demand is looked for before it: see _OR_ELSE_DEMAND)
    (("else",), r"or\s+else(?=\s*(?:[.!?)\n]|$))"),
]


def _compile(families: list[tuple[tuple[str, ...], str]]) -> list[tuple[tuple[str, ...], re.Pattern[str]]]:
    return [(triggers, re.compile(p, re.M)) for triggers, p in families]


INSULTS = _compile(_INSULT_FAMILIES)
EXCLUSIONS = _compile(_EXCLUSION_FAMILIES)
THREATS = _compile(_THREAT_FAMILIES)
_NEGATED = re.compile(r"\b(?:never|not|n't|wouldn'?t|won'?t|don'?t|didn'?t)\b")
_SENTENCE_END = re.compile(r"[.!?\n]")


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in ".!?\n")
    m = _SENTENCE_END.search(text, end)
    return text[left + 1 : m.start() if m else len(text)]


_WORDS = re.compile(r"[a-z]+")


def _word_start(text: str, i: int) -> bool:
    return i == 0 or not text[i - 1].isalnum()


def _index(families: list[tuple[tuple[str, ...], re.Pattern[str]]]) -> tuple[frozenset[str], dict[str, list[int]]]:
    index: dict[str, list[int]] = {}
    for i, (triggers, _) in enumerate(families):
        for t in triggers:
            index.setdefault(t, []).append(i)
    return frozenset(index), index


_INDEXES = {id(f): _index(f) for f in (INSULTS, EXCLUSIONS, THREATS)}


def _run(families: list[tuple[tuple[str, ...], re.Pattern[str]]], text: str, words: frozenset[str]) -> Iterator[re.Match[str]]:
    """The matches of the families whose trigger words occur in the text (a set look-up, not a pass each)."""
    triggers, index = _INDEXES[id(families)]
    chosen = sorted({i for w in words & triggers for i in index[w]})
    for i in chosen:
        for m in families[i][1].finditer(text):
            if _word_start(text, m.start()):
                yield m


def find(folded: str) -> Iterator[Match]:
    """Insults and threats in ``folded`` (lower case, leetspeak spelled out)."""
    for match in _find(folded):
        if not _quoted_or_sympathetic(folded, match):
            yield match


# Words quoted, not said: a book review ("the bully in the story called him a loser"), a lesson
# ("unkind words like 'you're ugly'"). The cue must come before the words in the same sentence.
_QUOTING = re.compile(
    r"\b(?:in\s+the\s+(?:story|book|film|movie|play|poem|chapter|novel)|the\s+(?:bully|bullies|character|characters|author"
    r"|main\s+character|villain|baddie)|book\s+review|words\s+like|things\s+like|phrases\s+like|such\s+as|for\s+example"
    r"|(?:might|would|could|often|sometimes)\s+say,?\s+like|say\s+things\s+like|speech\s+bubbles?"
    r"|e\.g\.|examples?\s+of|unkind\s+words|mean\s+words|anti\s*-?\s*bullying)\b"
)
# Told about someone else, kindly: "she said nobody wants to sit with her and she was crying, we should be nice to her".
_SYMPATHY = re.compile(
    r"\b(?:crying|cried|upset|be\s+nice|be\s+kind|feel\s+sorry|felt\s+sorry|left\s+out|cheer\s+(?:her|him|them)\s+up"
    r"|look\s+after|stick\s+up\s+for|stand\s+up\s+for|tell\s+(?:a|the)\s+teacher|tell\s+(?:miss|sir))\b"
)
_THIRD_PERSON_END = re.compile(r"\b(?:her|him|them)$")
# A rule that forbids the words it quotes: 'Nobody says "you can't play with us"', "we never say 'loser'".
_RULE_QUOTE = re.compile(
    r"\b(?:nobody|no\s*-?\s*one|never|dont|don'?t|do\s+not|mustn'?t|shouldn'?t|not\s+allowed\s+to)\s+(?:[\w']+\s+){0,2}?"
    r"(?:say|says|said|call|calls|shout|shouts|write|writes|tell|tells)\s*[:,]?\s*(?:[\w']+\s+){0,3}?[\"“'‘]\s*$"
)


_REACH = 300  # how far a sentence is read either side of a match: a text without full stops stays linear


def _quoted_or_sympathetic(folded: str, match: Match) -> bool:
    floor = max(0, match.start - _REACH)
    left = max(max(folded.rfind(c, floor, match.start) for c in ".!?\n") + 1, floor)
    # the whole sentence, over wrapped lines: the quoting cue may sit on the line before ('might say, like "you\n...')
    sentence = max(max(folded.rfind(c, floor, match.start) for c in ".!?") + 1, folded.rfind("\n\n", floor, match.start) + 1, floor)
    if _QUOTING.search(folded, sentence, match.start):
        return True
    if _RULE_QUOTE.search(folded, max(0, match.start - 80), match.start):
        return True
    if match.kind is Kind.INSULT and _THIRD_PERSON_END.search(folded, match.start, match.end):
        stop = _SENTENCE_END.search(folded, match.end, match.end + _REACH)
        return bool(_SYMPATHY.search(folded, left, stop.start() if stop else min(len(folded), match.end + _REACH)))
    return False


# Light names that friends call each other, laughing: "you are a nutter lol", "ur such a numpty haha".
_TEASING = frozenset("nutter nutcase muppet numpty plonker wally twit dork dweeb doofus div dummy dumbo noob nub weirdo".split())
_LAUGH = re.compile(r"[ \t!.,]*(?:lol|lmao|haha\w*|hehe\w*|jk|\U0001f602|\U0001f923|\U0001f61c|\U0001f606|\U0001f61d|\U0001f61b|xx+)")


def _teasing(folded: str, start: int, end: int) -> bool:
    words = _TAIL_WORD.findall(folded, start, end)
    if not words or words[-1] not in _TEASING or any(_known(w, _ADJ_SET) for w in words):
        return False
    return bool(_LAUGH.match(folded, end))


# A question about what happened: "how many times did the assassins stab him?", "had the knight stabbed him?"
_TOLD_OF_THE_PAST = re.compile(r"\b(?:did|had)\s+(?:the\s+|a\s+|his\s+|her\s+|their\s+)?(?:[\w']+\s+){0,2}$")
_OR_ELSE = re.compile(r"or\s+else")
# What "or else" closes to be a threat: "give it back or else!", "you better not tell or else".
_OR_ELSE_DEMAND = re.compile(r"\b(?:better|dare|tell|stop|do\s+it|give\s+(?:it|me|them))\b[^.!?\n]*$")


def _find(folded: str) -> Iterator[Match]:
    words = frozenset(_WORDS.findall(folded))
    for m in _run(THREATS, folded, words):
        start = m.start()
        if _OR_ELSE.match(m.group()):
            demand = _OR_ELSE_DEMAND.search(folded, max(0, start - 60), start)
            if demand is None:
                continue
            start = demand.start()  # "you better not tell anyone or else": the "not" is part of the demand
        elif _NEGATED.search(m.group()) or _TOLD_OF_THE_PAST.search(folded, max(0, start - 40), start):
            continue
        yield Match(Kind.THREAT, start, m.end())
    for m in _FRAME.finditer(folded):
        if _word_start(folded, m.start()):
            end = _frame(folded, m)
            if end is not None and not _teasing(folded, m.start(), end):
                yield Match(Kind.INSULT, m.start(), end)
    for m in _named(folded):
        end = _frame(folded, m)
        if end is not None and not _teasing(folded, m.start(), end):
            yield Match(Kind.INSULT, m.start(), end)
    for m in _run(INSULTS, folded, words):
        verb = _LIKE_VERB.match(folded, m.start())
        if verb and not _LIKE_SUBJECT.search(folded, max(0, m.start() - 30), m.start()):
            continue
        start = m.start()
        if verb:  # take the subject into the evidence: "she smells like the bins"
            subj = _LIKE_SUBJECT.search(folded, max(0, m.start() - 30), m.start())
            if subj and subj.group().strip(" -:,\n"):
                start = subj.start() + len(subj.group()) - len(subj.group().lstrip(" -:,\n"))
        yield Match(Kind.INSULT, start, m.end())
    for m in _run(EXCLUSIONS, folded, words):
        # "sorry you can't play with us on Saturday because we're away": an arrangement, not exclusion
        if not _EXCUSED.search(_sentence(folded, m.start(), m.end())):
            yield Match(Kind.INSULT, m.start(), m.end())
