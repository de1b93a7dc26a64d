"""The pipeline with the in-memory relay fake: order of work, withdrawal, headers; raw helpers."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from gateway.config import Config
from gateway.pipeline import (
    INLINE_MAX_BYTES,
    HeaderInjection,
    Incoming,
    Pipeline,
    Reply,
    count_headers,
    has_bare_line_ending,
    header_line,
    passthrough_reply,
    reject_reply,
    safe_token,
    strip_header,
)
from gateway.relay import MemoryTransport, RelayResult, RelayStatus
from policies.base import Context, Services
from policies.engine import Engine
from policies.types import Action, Direction, Envelope, Finding
from policies.verdict import Verdict

GROUP, TEACHER, MUSEUM, PUPIL = "year6@rbps.example", "j.okafor@rbps.example", "bookings@museum.example", "isla.mensah@rbps.example"
RAW = b"From: year6@rbps.example\r\nTo: bookings@museum.example\r\nSubject: visit\r\n\r\nThank you for the visit.\r\n"


class RecordingStore:
    def __init__(self, fail: bool = False) -> None:
        self.events: list[str] = []
        self.items: dict[str, tuple[str, ...]] = {}
        self.fail = fail

    def put(self, envelope: Envelope, verdict: Verdict, recipients: Sequence[str], state: Any) -> str:
        if self.fail:
            raise OSError("no space")
        item = f"i{len(self.events)}"
        self.items[item] = tuple(recipients)
        self.events.append(f"put {state} {','.join(recipients)}")
        return item

    def withdraw(self, ids: list[str], reason: str) -> None:
        for i in ids:
            del self.items[i]
        self.events.append(f"withdraw {','.join(ids)}")


class FixedEngine:
    def __init__(self, verdict: Verdict) -> None:
        self.verdict = verdict

    def judge(self, envelope: Envelope) -> Verdict:
        return self.verdict


def mixed() -> Verdict:
    f = Finding("external-authorisation", "needs a teacher", "", "envelope", frozenset({MUSEUM}), Action.HOLD)
    return Verdict.combine(Direction.OUTBOUND, (TEACHER, MUSEUM), [f])


def incoming(rcpts: tuple[str, ...] = (TEACHER, MUSEUM), raw: bytes = RAW, helo: str = "client.test") -> Incoming:
    return Incoming("QID1", GROUP, rcpts, raw, "127.0.0.1", helo, False)


def pipeline(config: Config, verdict: Verdict, store: RecordingStore, transport: MemoryTransport) -> Pipeline:
    return Pipeline(config, FixedEngine(verdict), store, transport, hostname="gw.test", state_of=str)  # type: ignore[arg-type]


async def test_mixed_stores_first_then_relays(config: Config) -> None:
    store, transport = RecordingStore(), MemoryTransport()
    out = await pipeline(config, mixed(), store, transport).process(incoming())
    assert out.reply.startswith("250 ") and out.relayed and len(out.items) == 1
    assert store.events == [f"put held {MUSEUM}"]
    assert [r.rcpt_tos for r in transport.sent] == [(TEACHER,)]
    sent = transport.sent[0].raw
    assert sent.endswith(RAW) and b"X-School-Gateway: deliver; queue-id=QID1; findings=none\r\n" in sent


async def test_next_hop_refusal_withdraws_the_stored_copy(config: Config) -> None:
    store = RecordingStore()
    transport = MemoryTransport(RelayResult(RelayStatus.TEMPORARY, 0, "down"))
    out = await pipeline(config, mixed(), store, transport).process(incoming())
    assert out.reply == Reply.NEXT_HOP_TEMPORARY and store.items == {} and store.events[-1] == "withdraw i0"
    transport = MemoryTransport(RelayResult(RelayStatus.PERMANENT, 554, "5.7.1 no\r\nsecond line"))
    out = await pipeline(config, mixed(), RecordingStore(), transport).process(incoming())
    assert out.reply == "554 5.7.1 no"


async def test_store_failure_relays_nothing(config: Config) -> None:
    transport = MemoryTransport()
    out = await pipeline(config, mixed(), RecordingStore(fail=True), transport).process(incoming())
    assert out.reply == Reply.TEMPORARY_FAILURE and transport.sent == []


async def test_reject_anywhere_refuses_the_whole_message(config: Config) -> None:
    f = Finding("approved-account", "unknown", "", "envelope", frozenset({MUSEUM}), Action.REJECT)
    verdict = Verdict.combine(Direction.OUTBOUND, (TEACHER, MUSEUM), [f])
    store, transport = RecordingStore(), MemoryTransport()
    out = await pipeline(config, verdict, store, transport).process(incoming())
    assert out.reply.startswith("550 5.7.1 ") and "approved" in out.reply and "approved-account" not in out.reply
    assert store.events == [] and transport.sent == []


async def test_hostile_helo_cannot_inject_headers(config: Config) -> None:
    transport = MemoryTransport()
    clean = Verdict.combine(Direction.INTERNAL, (TEACHER,), [])
    await pipeline(config, clean, RecordingStore(), transport).process(incoming((TEACHER,), helo="x\r\nBcc: all@evil.example"))
    head = transport.sent[0].raw[: -len(RAW)]
    assert head.count(b"\r\n") == 2 and b"\r\nBcc" not in head and b"from x??Bcc:" in head


async def test_engine_crash_is_quarantine(config: Config, engine: Engine) -> None:
    class Broken:
        def judge(self, envelope: Envelope) -> Verdict:
            raise RuntimeError("bug")

    store, transport = RecordingStore(), MemoryTransport()
    p = Pipeline(config, Broken(), store, transport, state_of=str)  # type: ignore[arg-type]
    out = await p.process(incoming((TEACHER,)))
    assert out.reply.startswith("250 ") and transport.sent == [] and store.events == [f"put quarantined {TEACHER}"]


def test_header_line_refuses_cr_lf_nul() -> None:
    assert header_line("X-A", "b c") == b"X-A: b c\r\n"
    for bad in ("a\rb", "a\nb", "a\x00b"):
        with pytest.raises(HeaderInjection):
            header_line("X-A", bad)
    assert safe_token("host name\x01\u00e9") == "host?name??"
    assert safe_token("") == "unknown"


def test_strip_header_keeps_everything_else_byte_for_byte() -> None:
    raw = b"A: 1\r\nX-School-Gateway: deliver\r\n  folded\r\nB: 2\r\n\r\nX-School-Gateway: in the body\r\n"
    assert strip_header(raw, b"X-School-Gateway") == b"A: 1\r\nB: 2\r\n\r\nX-School-Gateway: in the body\r\n"
    assert strip_header(RAW, b"X-School-Gateway") is RAW
    assert count_headers(b"Received: a\r\nreceived : b\r\n\r\nReceived: body\r\n", b"received") == 2
    assert count_headers(b"\r\nReceived: body only\r\n", b"received") == 0


def test_bare_line_endings() -> None:
    assert not has_bare_line_ending(b"a\r\nb\r\n")
    assert has_bare_line_ending(b"a\nb\r\n") and has_bare_line_ending(b"a\rb\r\n")


def test_replies() -> None:
    f = Finding("blocked-attachment", "exe", "", "attachment", frozenset(), Action.REJECT)
    assert reject_reply(Verdict.combine(Direction.INTERNAL, (TEACHER,), [f])) == (
        "550 5.7.1 Your message was not sent because it has a file that is not allowed."
    )
    assert passthrough_reply(RelayResult(RelayStatus.SENT, 250, "2.0.0 Ok \u00e9\x00")) == "250 2.0.0 Ok"


async def test_a_crashing_relay_client_still_withdraws(config: Config) -> None:
    class Crashing(MemoryTransport):
        async def send(self, *args: Any, **kwargs: Any) -> RelayResult:
            raise RuntimeError("bug")

    store = RecordingStore()
    out = await pipeline(config, mixed(), store, Crashing()).process(incoming())
    assert out.reply == Reply.NEXT_HOP_TEMPORARY and store.items == {}


# -- where the engine runs: on the event loop for small messages, in a worker thread otherwise --


class ThreadRecordingEngine(Engine):
    def __init__(self, config: Config, memory: object = None) -> None:
        super().__init__(config, services=Services(chain_memory=memory))  # type: ignore[arg-type]
        self.threads: list[str] = []

    def judge_context(self, ctx: Context) -> Verdict:
        self.threads.append(threading.current_thread().name)
        return super().judge_context(ctx)


class RecordingMemory:
    """A chain memory that says which thread read it ahead and which remembered."""

    def __init__(self) -> None:
        self.seen: dict[str, set[str]] = {}
        self.calls: list[tuple[str, str]] = []

    def cached(self, fingerprint: str) -> bool:
        return fingerprint in self.seen

    def warm(self, fingerprint: str, now: float) -> None:
        self.calls.append(("warm", threading.current_thread().name))
        self.seen.setdefault(fingerprint, set())

    def remember(self, fingerprint: str, sender: str, now: float) -> int:
        self.calls.append(("remember" if fingerprint in self.seen else "remember unwarmed", threading.current_thread().name))
        self.seen.setdefault(fingerprint, set()).add(sender)
        return len(self.seen[fingerprint])


def pupil_mail(body: str, headers: str = "") -> bytes:
    return (f"{headers}From: {PUPIL}\r\nTo: {TEACHER}\r\nSubject: homework\r\n\r\n{body}\r\n").encode()


async def judged_in(config: Config, engine: ThreadRecordingEngine, msg: Incoming) -> str:
    cpu, io = ThreadPoolExecutor(1, thread_name_prefix="engine"), ThreadPoolExecutor(1, thread_name_prefix="store")
    try:
        p = Pipeline(config, engine, RecordingStore(), MemoryTransport(), cpu=cpu, io=io, state_of=str)  # type: ignore[arg-type]
        out = await p.process(msg)
    finally:
        cpu.shutdown()
        io.shutdown()
    assert out.verdict is not None and len(engine.threads) == 1
    return engine.threads[0]


async def test_a_small_message_is_judged_on_the_event_loop(config: Config) -> None:
    engine = ThreadRecordingEngine(config)
    raw = pupil_mail("Here is my homework about the Romans.")
    assert await judged_in(config, engine, Incoming("Q", PUPIL, (TEACHER,), raw, "127.0.0.1", "c", False)) == "MainThread"


async def test_a_large_message_is_judged_in_a_worker_thread(config: Config) -> None:
    engine = ThreadRecordingEngine(config)
    raw = pupil_mail("We drew the river and wrote about it. " * (INLINE_MAX_BYTES // 30))
    assert len(raw) > INLINE_MAX_BYTES
    thread = await judged_in(config, engine, Incoming("Q", PUPIL, (TEACHER,), raw, "127.0.0.1", "c", False))
    assert thread.startswith("engine")


async def test_a_message_whose_dkim_keys_are_looked_up_is_judged_in_a_worker_thread(config: Config) -> None:
    # from outside the trusted networks, signed for a school domain: the engine may resolve a key itself
    engine = ThreadRecordingEngine(config)
    signed = pupil_mail("Hello.", "DKIM-Signature: v=1; a=rsa-sha256; d=rbps.example; s=sel; h=from; bh=x; b=y\r\n")
    thread = await judged_in(config, engine, Incoming("Q", PUPIL, (TEACHER,), signed, "203.0.113.9", "c", False))
    assert thread.startswith("engine")
    unsigned = pupil_mail("Hello.")
    engine.threads.clear()
    assert await judged_in(config, engine, Incoming("Q", PUPIL, (TEACHER,), unsigned, "203.0.113.9", "c", False)) == "MainThread"


async def test_the_chain_memory_is_read_ahead_off_the_loop_then_judged_on_it(config: Config) -> None:
    memory = RecordingMemory()
    engine = ThreadRecordingEngine(config, memory)
    raw = pupil_mail("Did you finish the poem about the sea for Friday? I wrote four verses.")
    incoming_ = Incoming("Q", PUPIL, (TEACHER,), raw, "127.0.0.1", "c", False)
    assert await judged_in(config, engine, incoming_) == "MainThread"
    assert [c[0] for c in memory.calls] == ["warm", "remember"]
    assert memory.calls[0][1].startswith("engine") and memory.calls[1][1] == "MainThread"
    # a second copy finds it cached: no read ahead
    engine.threads.clear()
    assert await judged_in(config, engine, incoming_) == "MainThread"
    assert [c[0] for c in memory.calls] == ["warm", "remember", "remember"]


async def test_a_chain_memory_that_cannot_be_read_ahead_is_used_from_a_worker_thread(config: Config) -> None:
    class Plain:
        def __init__(self) -> None:
            self.threads: list[str] = []

        def remember(self, fingerprint: str, sender: str, now: float) -> int:
            self.threads.append(threading.current_thread().name)
            return 1

    memory = Plain()
    engine = ThreadRecordingEngine(config, memory)
    raw = pupil_mail("Did you finish the poem about the sea for Friday? I wrote four verses.")
    thread = await judged_in(config, engine, Incoming("Q", PUPIL, (TEACHER,), raw, "127.0.0.1", "c", False))
    assert thread.startswith("engine") and memory.threads == [thread]
