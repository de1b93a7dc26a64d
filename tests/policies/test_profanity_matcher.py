"""The swear-word matcher on its own: tricks it must see through, ordinary words it must leave alone."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies._profanity import MATCHER, Lexicon, Tier, Trick, contains_profanity, normalise


def words(text: str) -> list[str]:
    return [h.word for h in MATCHER.swearing(text)]


def evidence(text: str) -> list[str]:
    return [h.evidence for h in MATCHER.swearing(text)]


@pytest.mark.parametrize(
    "text",
    [
        "what the fuck",
        "Dude, I hate shit.",
        "you absolute wanker",
        "he is a m0th3rf*cker",  # better-profanity's own test sentence
        "ur an absolute sh1t goalie",
        "sh!t happens",
        "you b@stard",
        "$hit",
        "f*ck off",
        "f**k this",
        "f***ing noob",
        "what a c**t",
        "a**hole",
        "f u c k",
        "s.h.i.t.",
        "s-h-i-t",
        "F U C K   Y O U",
        "f u c k y o u",
        "fuuuuuck",
        "shiiiiit",
        "FUUUUCK OFF",
        "f\u200bu\u200bc\u200bk",  # zero-width spaces
        "fu\u00adck",  # soft hyphen
        "fu\u0441k",  # Cyrillic es for c (look-alike letters are folded)
        "fück",
        "\uff46\uff55\uff43\uff4b",  # full-width letters
        "piece of sh=\nit",  # a quoted-printable soft break nobody decoded
        "bollocks to that",
        "That wh0re gave m3 a very good H@nD j0b.",
        "go to hell",
    ],
)
def test_swearing_is_found(text: str) -> None:
    assert MATCHER.swearing(text), text


@pytest.mark.parametrize(
    "text",
    [
        "We beat Scunthorpe 3-1",
        "Penistone is a market town; Lewes is in East Sussex; Cockermouth is in Cumbria",
        "Essex County Council, Middlesex, Sussex",
        "cocktail sausages and a fruit cocktail",
        "our class assessment is on Tuesday",
        "the assassin bug stabs its prey",
        "class, pass, grass, bass, classic, glasses, embarrassed",
        "I got the part of the cat in Dick Whittington",
        "My favourite book is Moby-Dick. I also like Dick King-Smith's books.",
        "We chopped the shiitake mushrooms",
        "my mum is a therapist",
        "data analysis",
        "Arsenal won on Saturday",
        "a Word document",
        "cumulus clouds",
        "a titmouse and a blue tit on the feeder",
        "a great tit and a coal tit",
        "scrap paper",
        "hello! I found a shell",
        "Tony Hancock, Matsushita, a sextant",
        "If you prick us do we not bleed?",  # Shakespeare: better-profanity flags it
        "love from Amy x x x xxx",
        "The Owl and the Pussy-cat went to sea",
        "Balaam's ass spoke to him",
        "the cock crowed three times",
        "a door knob",
        "our science topic: the penis and the vagina are parts of the body",
        "Oh my god, I killed the Ender Dragon",
        "I was a noob at first",
        "a Shiite mosque; Mr Bonner; pollack and chips",
        "the analysis is on page 34",
        "A*, A** and 5* ratings; 3*4=12; *important*",
        "U.S.A. and the B.F.G. and S.O.S.",
        "I sob when I read the ending",
        "we ate a Cornish pasty and played chess (the pawn took the rook)",
        "the organ played in assembly",
        "the Vikings worshipped Frigg and Odin; King Cnut ruled England",
        "Lesbos is a Greek island",
        "email me at amy.brown@school.example",
        "Y6 came 1st and 2nd, 4th in the 100m",
    ],
)
def test_innocent_text_is_clean(text: str) -> None:
    assert not MATCHER.swearing(text), (text, evidence(text))


def test_evidence_is_the_text_as_written() -> None:
    assert evidence("ok F*CK that") == ["F*CK"]
    assert evidence("so s h i t at this") == ["s h i t"]
    assert evidence("what a Fuuuuck") == ["Fuuuuck"]


def test_how_each_word_was_written() -> None:
    tricks = {h.evidence: h.trick for h in MATCHER.scan("fuck sh1t f*ck s h i t fuuuuck hand job")}
    assert tricks == {
        "fuck": Trick.PLAIN,
        "sh1t": Trick.LEET,
        "f*ck": Trick.MASKED,
        "s h i t": Trick.SPACED,
        "fuuuuck": Trick.STRETCHED,
        "hand job": Trick.PHRASE,
    }


def test_masked_words_read_as_the_likely_word() -> None:
    assert words("f*ck") == ["fuck"]
    assert words("f*king") == ["fucking"]  # a run of asterisks may hide one letter more
    assert words("sh*tty") == ["shitty"]
    assert not words("b*d mo*her sc*re")
    assert words("d**k head") == ["dick"]


@pytest.mark.parametrize("text", ["you prick!", "such a dick", "you stupid cock", "he's a knob", "suck my dick", "d1ck", "p3nis", "c0ck", "a$$", "d i c k"])
def test_ordinary_words_count_when_aimed_or_disguised(text: str) -> None:
    assert MATCHER.swearing(text), text


@pytest.mark.parametrize("text", ["Dick Whittington", "the cock crowed", "Charles Dickens wrote Oliver Twist", "my penis hurts, said the boy in the health leaflet"])
def test_ordinary_words_alone_are_not_swearing(text: str) -> None:
    assert not MATCHER.swearing(text), text


def test_dropped_words_are_never_swearing_but_context_words_are_scanned() -> None:
    lex = Lexicon.build()
    for innocent in ("god", "kill", "virgin", "organ", "xxx", "xx", "niggle", "seaman", "slave", "hitler", "fat", "ugly"):
        assert innocent not in lex.words, innocent
    assert lex.words["fuck"] is Tier.STRONG
    assert lex.words["dick"] is Tier.CONTEXT
    assert "bollocks" in lex.words  # additions to better-profanity's list


def test_better_profanity_word_list_is_used() -> None:
    lex = Lexicon.build()
    # entries that come only from the package's list
    for entry in ("cunnilingus", "fudgepacker", "knobjocky"):
        assert entry in lex.words


def test_normalise_keeps_positions() -> None:
    n = normalise("Ur SUCH a L0SER")
    assert len(n.text) == len(n.low) == len(n.folded)
    assert n.folded == "ur such a loser"


def test_contains_profanity() -> None:
    assert contains_profanity("oh shit")
    assert not contains_profanity("oh sugar")


def test_hostile_input_stays_linear() -> None:
    for text in ("a " * 100_000, "!a" * 100_000, "x1" * 100_000, "*" * 200_000, "f u c k " * 20_000):
        started = time.perf_counter()
        MATCHER.swearing(text)
        assert time.perf_counter() - started < 2.0, text[:10]


def test_one_megabyte_in_under_two_seconds() -> None:
    para = (
        "On 14 November 1940 German bombers attacked Coventry all night and the cathedral was destroyed. "
        "Lots of children were evacuated to the countryside with a gas mask and a label. That was shit. "
    )
    text = para * (1_000_000 // len(para))
    started = time.perf_counter()
    hits = MATCHER.swearing(text)
    assert time.perf_counter() - started < 2.0
    assert len(hits) == 1_000_000 // len(para)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("fuckshitFUCK a.*1!@$-_=\n\u200b\u0130\u00df\u0443\u0441\u00e9\u00a0")), max_size=80))
def test_any_text_is_judged_and_evidence_comes_from_it(text: str) -> None:
    n = normalise(text)
    for hit in MATCHER.swearing(n):
        assert hit.evidence == n.text[hit.start : hit.end]
        assert 0 <= hit.start < hit.end <= len(n.text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("you are a p r i c k", "prick"),
        ("u r a d.i.c.k", "dick"),
        ("ur such a f.u.c.k.i.n.g idiot", "fucking"),
        ("omg ur so fkn annoying", "fkn"),
        ("what the fck", "fck"),
        ("fuk off", "fuk"),
        ("ffs just stop", "ffs"),
    ],
)
def test_one_letter_fillers_and_text_speak_spellings(text: str, word: str) -> None:
    assert word in words(text), words(text)


@pytest.mark.parametrize(
    "text",
    ["r u ok", "we went to the u s a", "I T is my favourite lesson", "i a m happy", "a b c d e", "u r a s t a r",
     "t h e e n d", "P E N I S T O N E is a town"],
)
def test_spelled_out_words_with_one_letter_fillers_are_not_swearing(text: str) -> None:
    assert not MATCHER.swearing(text), words(text)


def test_a_masked_word_still_reads_as_the_full_spelling_not_the_text_speak_one() -> None:
    assert words("f*king") == ["fucking"]
    assert words("f**k") == ["fuck"]


# -- fresh probes: dialect and text-speak spellings, letters one to a line, the dog sense of "bitch" ----


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("omg ur so f00kin annoying", "fookin"),
        ("stop being a wnker", "wnker"),
        ("shut up u btch", "btch"),
        ("F\nU\nC\nK\nO\nF\nF", "fuckoff"),
        ("s\nh\ni\nt", "shit"),
        ("ur such a lezza lol", "lezza"),
        ("our dog is nice but ur a bitch", "bitch"),
        ("ur mum is a b1tch", "bitch"),
    ],
)
def test_fresh_spellings_and_line_split_words(text: str, word: str) -> None:
    assert word in words(text), words(text)


@pytest.mark.parametrize(
    "text",
    [
        "our dog had puppies, the mum is a bitch and the dad is called Max",
        "the vet said our greyhound is a bitch not a dog",
        "A\nB\nC\nD",
        "x\nx\nx",
        "Cockermouth and Clitheroe and Shitterton are real places",
    ],
)
def test_fresh_innocent_texts(text: str) -> None:
    assert not MATCHER.swearing(text), words(text)
