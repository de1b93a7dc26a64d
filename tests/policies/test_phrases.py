"""policies._phrases: word-start search gives the matches a plain search would, only faster."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from policies import chain_message, meeting_arrangement, safeguarding
from policies._phrases import Doc, word_finditer

PATTERNS = [
    chain_message._PRESSURE,
    *(c.pattern for c in safeguarding.SAFEGUARDING_CUES[:12]),
    *(c.pattern for c in meeting_arrangement.MEETING_CUES[:8]),
    re.compile(r"(?:the )?park|\bmeet|x\d"),
]
WORDS = ["send", "this", "to", "10", "people", "or", "else", "meet", "me", "at", "the", "park", "xpark", "parked",
         "secret", "dont", "tell", "your", "mum", "x1", "ax1", "_meet", "9meet", "a", "ghost", "will", "come"]


def plain_finditer(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """The reference: every leftmost match, kept only where the match starts a word."""
    pos = 0
    while pos <= len(text):
        m = pattern.search(text, pos)
        while m is not None and m.start() > 0 and text[m.start() - 1].isalnum():
            m = pattern.search(text, m.start() + 1)
        if m is None:
            return
        yield m.span()
        pos = m.end() if m.end() > m.start() else m.start() + 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40), st.lists(st.sampled_from([" ", "", ", ", ". ", "\n", "-"]), max_size=40))
def test_word_start_search_finds_what_a_plain_search_finds(words: list[str], seps: list[str]) -> None:
    text = "".join(w + (seps[i] if i < len(seps) else " ") for i, w in enumerate(words))
    for pattern in PATTERNS:
        assert [m.span() for m in word_finditer(pattern, text)] == list(plain_finditer(pattern, text))


def test_a_messages_doc_is_built_once_even_when_other_messages_are_judged_in_between(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from policies._phrases import Doc
    from policies.message import parse

    built: list[str] = []
    real_build = Doc.build.__func__  # type: ignore[attr-defined]

    def counting_build(cls, texts, **kw):  # type: ignore[no-untyped-def]
        texts = list(texts)
        built.append(texts[0][1])
        return real_build(cls, texts, **kw)

    monkeypatch.setattr(Doc, "build", classmethod(counting_build))
    one = parse(b"Subject: first\r\n\r\nMeet me at the park.\r\n")
    two = parse(b"Subject: second\r\n\r\nSend this to 10 people.\r\n")
    # interleaved, as the relay's engine threads judge them
    docs = [Doc.of_message(m) for m in (one, two, one, two, one)]
    assert built == ["first", "second"]
    assert docs[0] is docs[2] is docs[4] and docs[1] is docs[3]
    assert "park" in docs[0].text and "10 people" in docs[1].text


def test_childrens_spellings_are_read_as_the_words_meant_and_only_whole_words() -> None:
    from policies._phrases import _TOKEN

    doc = Doc.build([("body", "Evryone would be beter off. dont tell any1, its a secrit! numbat frendly beterave l8r")])
    assert doc.text == "everyone would be better off.\ndont tell anyone, its a secret!\nnumbat frendly beterave later"
    assert doc.tokens == frozenset(_TOKEN.findall(doc.text))  # the words the cues' key words are checked against
    assert doc.sentences[0].original == "Evryone would be beter off."  # evidence is as written
