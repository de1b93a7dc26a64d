"""chain-message: chain-letter pressure, repeated forwards, mass sending, and one body from many senders."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest

from gateway.config import Config
from policies._phrases import Doc
from policies.base import Services
from policies.chain_message import InMemoryChainMemory, body_fingerprint, forward_count, forward_depth, pressure
from policies.engine import Engine
from policies.message import parse
from policies.types import Action, Envelope
from policies.verdict import Verdict
from tests.conftest import build_eml

PUPILS = [
    "amelia.clarke@rbps.example", "oliver.nowak@rbps.example", "isla.mensah@rbps.example",
    "zain.hussain@rbps.example", "poppy.taylor@rbps.example", "leo.fernandes@rbps.example",
    "grace.obi@rbps.example", "freddie.jones@rbps.example",
]
STAFF = ["j.okafor@rbps.example", "s.wright@rbps.example", "h.patel@rbps.example"]
GROUPS = ["year4@rbps.example", "year6@rbps.example", "eco-council@rbps.example"]

JOKE = ("Why couldn't the bicycle stand up by itself? Because it was two tired!!!\n\n"
        "Pass it on to make someone smile today, it is the best joke in the whole world.")


def chain_reasons(v: Verdict) -> set[str]:
    return {f.reason for f in v.findings if f.policy == "chain-message"}


def has_pressure(text: str) -> bool:
    return pressure(Doc.build([("body", text)])) is not None


# -- chain-letter pressure -----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Forward this to 10 people or you'll have bad luck for 7 years.",
    "send this to everyone you know!!!",
    "If you don't pass this on, something bad will happen to you tonight.",
    "Pass it on to 5 friends in the next 10 minutes.",
    "Copy this to all your contacts or your crush will never like you.",
    "Don't break the chain!!",
    "This is a chain letter. Send it to 15 people and your wish will come true.",
    "If you ignore this you will be cursed for 10 years, it really works",
    "everyone has to send it to 5 people!!",
    "Copy and paste this to 5 people or you will be single forever",
    "Forward this to 20 people or your mum will die in her sleep",
    "Share this with 10 friends or you'll have bad luck",
    "Send this to everyone or you will have bad luck for 10 years!",
])
def test_pressure_fires(text: str) -> None:
    assert has_pressure(text)


@pytest.mark.parametrize("text", [
    "Please forward this to your parents, it's about the trip.",
    "Can you forward this to Mr Okafor? I don't have his address.",
    "Tell everyone to bring a coat on Friday!",
    "VOTE FREDDIE!!! Tell everyone!!!",
    "I'm not joking, my cousin did it.",
    "Pass it on to Isla when you've finished reading it.",
    "If you don't finish your homework Mr Okafor will be cross.",
    "My science experiment really works!",
    "Have a nice day, or you'll have a bad one lol",
    "Pass it on: the bake sale is on Friday!",
    "Forward this to your parents please - Mrs Wright said.",
    "Can you send this to everyone in the eco council? It's the poster plan.",
])
def test_pressure_traps_do_not_fire(text: str) -> None:
    assert not has_pressure(text)


@pytest.mark.parametrize("text", [
    "if u dont forward this ur dog will die",
    "if you do not send this on your nan will get hurt",
    "pass this on to 7 ppl or a clown will come to ur house tonight",
    "its real!! forward to 8 friends or u will be cursed",
    "read this or ur family will die in their sleep. send to 12 people",
    "copy and paste this on to 6 mates or your crush will hate you",
])
def test_pressure_fresh_wordings_fire(text: str) -> None:
    assert has_pressure(text)


@pytest.mark.parametrize("text", [
    "if you dont forward this to your mum she wont know about the trip",
    "If you don't send it to Mr Okafor today he can't mark it.",
    "we learned how to spot a chain letter in computing today",
    "We watched a video about the dangers of chain messages that say forward this to 10 people.",
    "Miss said never forward chain emails, just delete them.",
    "Please send to 30 people? No, the invitations only go to our class.",
    "Our play is on Friday, or you will miss it if you come on Saturday!",
])
def test_pressure_fresh_traps_do_not_fire(text: str) -> None:
    assert not has_pressure(text)



# -- fresh probes: platform hoaxes, "2" for "to", harm to your family or account, stories that describe a chain ----

@pytest.mark.parametrize("text", [
    "forward to everyone you know or your mum will get ill",
    "Instagram will make your account public tomorrow unless you copy and paste this to your story",
    "Facebook is deleting old accounts, unless you share this yours will go",
    "send this 2 10 ppl or ur bff will hate u 4 ever",
    "Angel chain, send to 12 people and an angel will protect you, ignore it and you will have 10 years bad luck",
    "pass it on to 6 friends or your account will be deleted",
    "TikTok is deleting accounts that dont post this, repost or your account goes",
])
def test_pressure_fresh_probe_wordings_fire(text: str) -> None:
    assert has_pressure(text)


@pytest.mark.parametrize("text", [
    "In my story, Lily gets a chain letter that says send this to 10 people or bad luck will follow you, but she deletes it.",
    "We learned in computing that if a message says forward this to 10 people, it is a chain letter and you should tell a teacher.",
    "My mum said Facebook is deleting old accounts but she is not bothered",
    "Roblox is making a new game, unless you send me the code I can't join",
    "if you dont send it back I will be sad",
    "if u dont send me the pic of the homework I cant do it",
    "Send it back or you'll lose it",
    "Can you send this to your grandma and grandad, it's the card I made",
    "my brother got a chain message on his phone and mum said to delete it",
    "pass the ball or you will lose the match!",
])
def test_pressure_fresh_probe_traps_do_not_fire(text: str) -> None:
    assert not has_pressure(text)


def test_a_single_forward_of_a_trip_letter_is_delivered(judge: Callable[..., Verdict]) -> None:
    body = ("here's the trip letter mum asked for\n---------- Forwarded message ---------\nFrom: office\n"
            "Subject: Year 6 trip letter\n\nThe trip to the museum is on Friday.")
    v = judge(sender=PUPILS[0], to=PUPILS[1], subject="Fwd: Year 6 trip letter", body=body)
    assert not chain_reasons(v), v.to_json()

# -- repeated forwards --------------------------------------------------------------------------

@pytest.mark.parametrize(("subject", "count"), [
    ("Fwd: Fwd: Fwd: joke", 3),
    ("FW: Fw: fwd: joke", 3),
    ("Re: Re: Re: science homework", 0),
    ("Re: Fwd: Re: Fwd: plans", 2),
    ("Fwd:Fwd:Fwd:Fwd:no spaces", 4),
    ("[class6] Fwd: Fwd: news", 2),
    ("Forward planning for the fair", 0),
    ("Refund", 0),
])
def test_forward_count(subject: str, count: int) -> None:
    assert forward_count(subject) == count


def _fwd_block(sender: str, subject: str, body: str) -> str:
    return (f"---------- Forwarded message ---------\nFrom: {sender}\nDate: Sat, 1 Feb 2025 at 20:31\n"
            f"Subject: {subject}\n\n{body}")


def test_nested_forwarded_blocks_in_body_are_counted() -> None:
    body = "look!!\n\n" + _fwd_block("Ella", "Fwd: Fwd: joke", "lol\n\n" + _fwd_block("Josh", "Fwd: joke", "haha\n\n"
                                     + _fwd_block("Mia", "joke", JOKE)))
    msg = parse(build_eml(subject="joke", body=body))
    depth, _, where = forward_depth(msg)
    assert depth >= 3 and where == "body"


def test_apple_and_outlook_forward_markers_count() -> None:
    body = ("see below\n\nBegin forwarded message:\n\nFrom: A\nSubject: Fwd: x\n\n"
            "________________________________\nFrom: B\nSent: Monday\nSubject: FW: x\n\nhi\n\n"
            "Begin forwarded message:\n\nFrom: C\nSubject: x\n\n" + JOKE)
    depth, _, _ = forward_depth(parse(build_eml(subject="x", body=body)))
    assert depth >= 3


def test_one_forward_and_a_reply_thread_do_not_count() -> None:
    one = parse(build_eml(subject="Fwd: trip letter", body="for you\n\n" + _fwd_block("Mrs Wright", "trip letter", JOKE)))
    assert forward_depth(one)[0] <= 2
    reply = parse(build_eml(subject="Re: Re: Re: homework", body="yes\n\nOn Tue, Isla wrote:\n> page 34?\n>> which page?"))
    assert forward_depth(reply)[0] == 0


def _nested_rfc822(levels: int) -> bytes:
    inner = EmailMessage()
    inner["From"], inner["To"], inner["Subject"] = "mia@freemail.example", "ella@freemail.example", "joke"
    inner.set_content(JOKE)
    for i in range(levels - 1):
        outer = EmailMessage()
        outer["From"], outer["To"], outer["Subject"] = f"kid{i}@freemail.example", "x@freemail.example", "Fwd: joke"
        outer.set_content("lol")
        outer.add_attachment(inner)
        inner = outer
    top = EmailMessage()
    top["From"], top["To"], top["Subject"] = PUPILS[0], PUPILS[1], "Fwd: joke"
    top.set_content("read the bottom one")
    top.add_attachment(inner)
    return top.as_bytes()


def test_nested_attached_messages_count_as_forwards(judge: Callable[..., Verdict]) -> None:
    v = judge(raw=_nested_rfc822(3))
    assert "forwarded again and again" in chain_reasons(v)


def test_a_single_attached_message_is_not_a_chain(judge: Callable[..., Verdict]) -> None:
    v = judge(raw=_nested_rfc822(1))
    assert not chain_reasons(v)


# -- through the engine ---------------------------------------------------------------------------

def test_repeated_fwd_subject_is_quarantined(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=PUPILS[0], to=PUPILS[1], subject="Fwd: Fwd: Fwd: funny", body="haha")
    assert v.action is Action.QUARANTINE and chain_reasons(v) == {"forwarded again and again"}


def test_re_re_re_thread_is_delivered(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=PUPILS[0], to=PUPILS[1], subject="Re: Re: Re: Re: maths", body="ok see you tomorrow")
    assert v.action is Action.DELIVER


def test_more_than_ten_recipients_is_mass_sending(judge: Callable[..., Verdict]) -> None:
    rcpts = PUPILS + STAFF  # 11
    v = judge(sender="year6@rbps.example", to=rcpts, body="Please vote for our class in the art competition")
    assert "sent to too many people" in chain_reasons(v)


def test_ten_recipients_is_not_mass_sending(judge: Callable[..., Verdict]) -> None:
    rcpts = PUPILS[1:] + STAFF  # 10
    v = judge(sender=PUPILS[0], to=rcpts, body="Please vote for me")
    assert not chain_reasons(v)


def test_recipients_repeated_in_letter_case_count_once(judge: Callable[..., Verdict]) -> None:
    rcpts = PUPILS[1:] + STAFF
    v = judge(sender=PUPILS[0], to=rcpts, rcpt=rcpts + [r.upper() for r in rcpts[:3]], body="hi")
    assert not chain_reasons(v)


def test_staff_are_out_of_scope(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=STAFF[0], to=PUPILS + GROUPS, subject="Fwd: Fwd: Fwd: trip", body="Forward this to 10 people!")
    assert not chain_reasons(v)


def test_max_recipients_is_configurable(config: Config) -> None:
    policies = dict(config.policies)
    policies["chain-message"] = {"max_recipients": 2}
    engine = Engine(dataclasses.replace(config, policies=policies))
    raw = build_eml(sender=PUPILS[0], to=PUPILS[1:4], body="hello all")
    v = engine.judge(Envelope(PUPILS[0], tuple(PUPILS[1:4]), raw))
    assert "sent to too many people" in chain_reasons(v)


def test_bad_setting_is_refused(config: Config) -> None:
    from gateway.config import ConfigError

    policies = dict(config.policies)
    policies["chain-message"] = {"max_senders": "lots"}
    with pytest.raises(ConfigError):
        Engine(dataclasses.replace(config, policies=policies))


# -- body fingerprints ------------------------------------------------------------------------------

def _fp(body: str, subject: str = "joke") -> str | None:
    return body_fingerprint(parse(build_eml(subject=subject, body=body)))


def test_forwarded_copy_matches_original() -> None:
    original = _fp(JOKE)
    assert original is not None
    gmail = _fp("lol read this\n\n" + _fwd_block("Mia", "joke", JOKE), subject="Fwd: joke")
    apple = _fp("Begin forwarded message:\n\nFrom: Mia <mia@x.example>\nSubject: joke\nDate: today\n\n" + JOKE)
    outlook = _fp("haha\n\n________________________________\nFrom: Mia\nSent: 02 February 2025 16:12\n"
                  "Subject: Fwd: joke\n\n" + JOKE)
    nested = _fp("x\n\n" + _fwd_block("Ella", "Fwd: joke", "> " + _fwd_block("Mia", "joke", JOKE).replace("\n", "\n> ")))
    assert gmail == apple == outlook == nested == original


def test_quoted_copy_matches_original() -> None:
    quoted = "On Sat, 1 Feb 2025 at 20:31, Mia <mia@x.example> wrote:\n" + "\n".join("> " + line for line in JOKE.split("\n"))
    assert _fp(quoted) == _fp(JOKE)
    assert _fp("^^\n\n" + quoted) == _fp(JOKE)  # a tiny note above the quote does not matter


def test_case_whitespace_punctuation_and_signature_do_not_matter() -> None:
    variant = JOKE.upper().replace(" ", "   ").replace("!!!", ".") + "\n\n-- \nAmelia, Year 6\nSent from my iPad"
    assert _fp(variant) == _fp(JOKE)


def test_a_reply_with_its_own_words_is_fingerprinted_by_them() -> None:
    reply = ("Thanks, that is a really good one, I told it to my brother and he laughed a lot.\n\n"
             "On Sat, Mia wrote:\n" + "\n".join("> " + line for line in JOKE.split("\n")))
    assert _fp(reply) != _fp(JOKE)


def test_different_bodies_differ() -> None:
    other = JOKE.replace("bicycle", "tricycle")
    assert _fp(other) != _fp(JOKE)
    assert _fp("Here are the answers to the maths homework: 1) 621 2) 414 3) 5761 4) 41769") != _fp(JOKE)


def test_short_bodies_have_no_fingerprint() -> None:
    assert _fp("ok see you tomorrow") is None
    assert _fp("Fwd: lol\n\n" + _fwd_block("Mia", "x", "haha so funny")) is None


# -- the same body from many senders ------------------------------------------------------------------

def test_in_memory_chain_memory_counts_distinct_senders_in_the_window() -> None:
    mem = InMemoryChainMemory(window_hours=24)
    t0 = 1_700_000_000.0
    assert mem.remember("fp", "a@x", t0) == 1
    assert mem.remember("fp", "A@x", t0 + 1) == 1  # same sender, any letter case
    assert mem.remember("fp", "b@x", t0 + 2) == 2
    assert mem.remember("other", "c@x", t0 + 3) == 1
    assert mem.remember("fp", "c@x", t0 + 25 * 3600) == 1  # the earlier ones are out of the window


def _engine_with_memory(config: Config, mem: InMemoryChainMemory) -> Engine:
    return Engine(config, services=Services(chain_memory=mem))


def _send(engine: Engine, sender: str, body: str, when: datetime, subject: str = "funny") -> Verdict:
    raw = build_eml(sender=sender, to=PUPILS[-1], subject=subject, body=body)
    return engine.judge(Envelope(sender, (PUPILS[-1],), raw, received_at=when))


def test_same_body_from_more_than_max_senders_is_a_chain(config: Config) -> None:
    engine = _engine_with_memory(config, InMemoryChainMemory())
    t0 = datetime(2025, 2, 1, 9, 0, tzinfo=UTC)
    bodies = [
        JOKE,
        "lol\n\n" + _fwd_block("Mia", "joke", JOKE),
        "On Sat, Mia wrote:\n" + "\n".join("> " + line for line in JOKE.split("\n")),
        JOKE.upper(),
    ]
    verdicts = [_send(engine, PUPILS[i], bodies[i], t0 + timedelta(hours=i)) for i in range(4)]
    assert [("the same message from many senders" in chain_reasons(v)) for v in verdicts] == [False, False, False, True]
    assert verdicts[3].action is Action.QUARANTINE


def test_one_sender_repeating_is_not_many_senders(config: Config) -> None:
    engine = _engine_with_memory(config, InMemoryChainMemory())
    t0 = datetime(2025, 2, 1, 9, 0, tzinfo=UTC)
    verdicts = [_send(engine, PUPILS[0], JOKE, t0 + timedelta(minutes=i)) for i in range(6)]
    assert not any(chain_reasons(v) for v in verdicts)


def test_senders_outside_the_window_do_not_count(config: Config) -> None:
    engine = _engine_with_memory(config, InMemoryChainMemory(window_hours=24))
    t0 = datetime(2025, 2, 1, 9, 0, tzinfo=UTC)
    verdicts = [_send(engine, PUPILS[i], JOKE, t0 + timedelta(hours=30 * i)) for i in range(5)]
    assert not any(chain_reasons(v) for v in verdicts)


def test_different_bodies_from_many_senders_are_fine(config: Config) -> None:
    engine = _engine_with_memory(config, InMemoryChainMemory())
    t0 = datetime(2025, 2, 1, 9, 0, tzinfo=UTC)
    verdicts = [
        _send(engine, p, f"My favourite animal is the number {i} one because it is very fluffy and kind.", t0)
        for i, p in enumerate(PUPILS)
    ]
    assert not any(chain_reasons(v) for v in verdicts)


def test_max_senders_is_configurable(config: Config) -> None:
    policies = dict(config.policies)
    policies["chain-message"] = {"max_senders": 1}
    engine = Engine(dataclasses.replace(config, policies=policies), services=Services(chain_memory=InMemoryChainMemory()))
    t0 = datetime(2025, 2, 1, 9, 0, tzinfo=UTC)
    assert not chain_reasons(_send(engine, PUPILS[0], JOKE, t0))
    assert "the same message from many senders" in chain_reasons(_send(engine, PUPILS[1], JOKE, t0))


def test_without_a_memory_there_is_no_cross_message_check(engine: Engine) -> None:
    t0 = datetime(2025, 2, 1, 9, 0, tzinfo=UTC)
    verdicts = [_send(engine, p, JOKE, t0) for p in PUPILS]
    assert not any(chain_reasons(v) for v in verdicts)


def test_outlook_original_message_copy_matches_original() -> None:
    copy = "-----Original Message-----\nFrom: Mia\nSent: 24 February 2025 10:12\nTo: Ella\nSubject: joke\n\n" + JOKE
    assert _fp(copy) == _fp(JOKE)


def test_forward_as_attachment_matches_original() -> None:
    raw = _nested_rfc822(1)
    assert body_fingerprint(parse(raw)) == _fp(JOKE)


def test_window_comes_from_the_configuration(config: Config) -> None:
    from policies.chain_message import window_seconds

    assert window_seconds(config) == 24 * 3600
    policies = dict(config.policies)
    policies["chain-message"] = {"window_hours": 2}
    changed = dataclasses.replace(config, policies=policies)
    assert window_seconds(changed) == 2 * 3600
    assert InMemoryChainMemory.from_config(changed).window == 2 * 3600


@pytest.mark.parametrize("body", [
    "Fwd: " * 100000,
    "---------- Forwarded message ---------\n" * 20000,
    "________________________________\nFrom: a\nSubject: Fwd: x\n" * 15000,
    ("> " * 40 + "x\n") * 5000,
    "forward this to " * 50000,
], ids=["fwd", "gmail", "outlook", "quotes", "pressure"])
def test_hostile_bodies_are_checked_in_linear_time(body: str) -> None:
    import time

    from policies.message import Message, TextPart

    msg = Message((), "Fwd: " * 200, (), (), (), (), (TextPart(body, "body"),), (), ())
    start = time.process_time()
    pressure(Doc.build(msg.texts()))
    forward_depth(msg)
    body_fingerprint(msg)
    assert time.process_time() - start < 3.0


@pytest.mark.parametrize("text", [
    "Copy and paste this to everyone in your contacts. If you get 3 back you have true friends. Don't break the circle!!",
    "send this to everyone on ur phone. if u get 5 back ur popular",
])
def test_friendship_chains_fire(text: str) -> None:
    assert has_pressure(text)


@pytest.mark.parametrize("text", [
    "If you get 3 back in the spelling test you need to practise",
    "we made a circle in PE and nobody could break the circle",
    "please send this to everyone in your class who is coming on the trip",
])
def test_friendship_chain_traps_do_not_fire(text: str) -> None:
    assert not has_pressure(text)


@pytest.mark.parametrize(("text", "fires"), [
    ("Send her on to 10 people within one hour and you will have good luck. If you break the chain the unicorn will cry.", True),
    ("pass him on to 5 friends or the ghost boy will visit your house", True),
    ("Please reply within one hour if your child needs a packed lunch.", False),
    ("Pass her the ball when she is on the left wing.", False),
])
def test_a_chain_that_passes_on_its_mascot(text: str, fires: bool) -> None:
    assert has_pressure(text) is fires


def test_a_chain_letter_forwarded_as_an_attached_message_is_found(judge: Callable[..., Verdict]) -> None:
    from email.message import EmailMessage

    inner = EmailMessage()
    inner["From"] = "lucky@freemail.example"
    inner["Subject"] = "the lucky cat"
    inner.set_content("Send her on to 10 people within one hour or you will have bad luck until your birthday.")
    outer = EmailMessage()
    outer["From"] = "oliver.nowak@rbps.example"
    outer["To"] = "isla.mensah@rbps.example"
    outer["Subject"] = "Fwd: the lucky cat"
    outer.set_content("you have to send this on")
    outer.add_attachment(inner, filename="the lucky cat.eml")
    assert "chain letter" in chain_reasons(judge(raw=outer.as_bytes()))


def test_the_fingerprint_is_worked_out_once_per_message(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    import policies.chain_message as chain

    calls: list[object] = []
    real = chain._body_fingerprint

    def counted(message: object) -> str | None:
        calls.append(message)
        return real(message)  # type: ignore[arg-type]

    monkeypatch.setattr(chain, "_body_fingerprint", counted)
    memory = InMemoryChainMemory()
    engine = Engine(config, services=Services(chain_memory=memory))
    raw = build_eml(sender=PUPILS[0], to=PUPILS[1], body="Did you finish the poem about the sea for Friday? I wrote four verses.")
    ctx = engine.context(Envelope(PUPILS[0], (PUPILS[1],), raw))
    keys = engine.chain_memory_keys(ctx)  # what the relay reads ahead
    engine.judge_context(ctx)
    assert len(keys) == 1 and keys[0] == body_fingerprint(ctx.message)
    assert len(calls) == 1
    assert list(memory._seen) == keys  # the policy remembered the body under the key read ahead
