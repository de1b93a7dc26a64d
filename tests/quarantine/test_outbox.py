"""The outbox: delivery byte for byte, retries with backoff while the next hop is down, failures reported."""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy import select

from gateway.config import DkimConfig
from quarantine import audit
from quarantine.actions import Actor, Quarantine
from quarantine.models import Item, OutboxMessage
from quarantine.outbox import MemoryTransport, Outbox, SentMessage, run_outbox
from quarantine.store import Store
from tests.quarantine.conftest import YEAR6, Clock, Put


def _deliveries(transport: MemoryTransport) -> list[SentMessage]:
    return [m for m in transport.sent if b"X-School-Gateway:" in m.raw]


def _rows(store: Store) -> list[OutboxMessage]:
    with store.read() as s:
        return list(s.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def _release(store: Store, put: Put) -> tuple[str, bytes]:
    item_id = put(mail_from="oliver.nowak@rbps.example", rcpt=["info@museum.example"])
    with store.read() as s:
        item = s.get(Item, item_id)
        assert item is not None and item.raw is not None
        raw = bytes(item.raw)
    Quarantine(store).release(Actor.for_staff(store, YEAR6), item_id)
    return item_id, raw


async def test_released_mail_is_the_original_plus_our_trace_header(store: Store, put: Put) -> None:
    item_id, raw = _release(store, put)
    transport = MemoryTransport()
    result = await Outbox(store, transport, signer=None).drain()
    assert result.sent >= 1 and result.failed == 0
    (sent,) = _deliveries(transport)
    assert sent.mail_from == "oliver.nowak@rbps.example" and sent.rcpt_tos == ("info@museum.example",)
    header, _, rest = sent.raw.partition(b"\n")
    assert header.startswith(b"X-School-Gateway: released by j.okafor@rbps.example; item " + item_id.encode())
    assert rest == raw  # byte for byte
    with store.read() as s:
        assert [r.action for r in audit.records(s, item_id=item_id)].count("delivered") == 1
    # nothing is sent twice
    again = await Outbox(store, transport, signer=None).drain()
    assert again.sent == 0 and len(_deliveries(transport)) == 1


async def test_retries_while_the_next_hop_is_down_then_delivers(store: Store, put: Put, clock: Clock) -> None:
    item_id, raw = _release(store, put)
    transport = MemoryTransport(up=False)
    box = Outbox(store, transport, signer=None)
    r1 = await box.drain()
    assert r1.sent == 0 and r1.retried >= 1 and r1.failed == 0
    row = next(r for r in _rows(store) if r.item_id == item_id and r.purpose == "delivery")
    assert row.state == "pending" and row.attempts == 1 and row.next_attempt == clock.now + 60
    # not due yet: nothing is tried
    attempts = transport.attempts
    await box.drain()
    assert transport.attempts == attempts
    clock.advance(61)
    r2 = await box.drain()
    assert r2.retried >= 1
    row = next(r for r in _rows(store) if r.item_id == item_id and r.purpose == "delivery")
    assert row.attempts == 2 and row.next_attempt == clock.now + 120  # exponential backoff
    transport.up = True
    clock.advance(121)
    r3 = await box.drain()
    assert r3.sent >= 1 and r3.failed == 0
    (sent,) = _deliveries(transport)
    assert sent.raw.endswith(raw)
    row = next(r for r in _rows(store) if r.item_id == item_id and r.purpose == "delivery")
    assert row.state == "sent" and row.attempts == 3 and row.last_error == ""


async def test_gives_up_after_the_configured_attempts_and_reports_it(store: Store, put: Put, clock: Clock) -> None:
    item_id, _ = _release(store, put)
    transport = MemoryTransport(up=False)
    box = Outbox(store, transport, signer=None)
    for _ in range(4 * store.settings.delivery_attempts):  # other queued messages take turns first
        await box.drain()
        clock.advance(store.settings.retry_max_seconds + 1)
        row = next(r for r in _rows(store) if r.item_id == item_id and r.purpose == "delivery")
        if row.state == "failed":
            break
    assert row.state == "failed" and row.attempts == store.settings.delivery_attempts
    assert "gave up after 8 attempts" in row.last_error
    with store.read() as s:
        failures = [r for r in audit.records(s, item_id=item_id) if r.action == "delivery-failed"]
    assert len(failures) == 1 and failures[0].outcome == "failed"
    transport.up = True
    clock.advance(10_000)
    await box.drain()
    assert _deliveries(transport) == []  # a failed message stays failed (and visible), not retried forever


async def test_permanent_refusal_fails_at_once(store: Store, put: Put) -> None:
    item_id, _ = _release(store, put)
    transport = MemoryTransport(refuse={"info@museum.example": (550, "no such user")})
    result = await Outbox(store, transport, signer=None).drain()
    assert result.failed == 1 and "550 no such user" in result.errors[0]
    row = next(r for r in _rows(store) if r.item_id == item_id and r.purpose == "delivery")
    assert row.state == "failed" and row.attempts == 1


async def test_partial_refusal_retries_only_the_refused(store: Store, put: Put, clock: Clock) -> None:
    item_id = put(mail_from="year6@rbps.example", rcpt=["a@museum.example", "b@museum.example", "c@museum.example"])
    Quarantine(store).authorise(Actor.for_staff(store, YEAR6), item_id)
    transport = MemoryTransport(refuse={"b@museum.example": (451, "try later"), "c@museum.example": (550, "gone")})
    box = Outbox(store, transport, signer=None)
    await box.drain()
    assert [m.rcpt_tos for m in _deliveries(transport)] == [("a@museum.example",)]
    rows = [r for r in _rows(store) if r.item_id == item_id]
    by_state = {r.state: json.loads(r.rcpt_tos) for r in rows}
    assert by_state == {"pending": ["b@museum.example"], "failed": ["c@museum.example"]}
    transport.refuse.clear()
    clock.advance(61)
    await box.drain()
    assert [m.rcpt_tos for m in _deliveries(transport)] == [("a@museum.example",), ("b@museum.example",)]


async def test_authorised_external_mail_is_dkim_signed(store: Store, put: Put) -> None:
    import dataclasses
    from pathlib import Path

    store.config = dataclasses.replace(
        store.config, dkim=DkimConfig("sel", "rbps.example", Path("/nonexistent/key.pem"))
    )
    item_id = put(mail_from="year6@rbps.example", rcpt=["info@museum.example"])
    Quarantine(store).authorise(Actor.for_staff(store, YEAR6), item_id)
    signed: list[bytes] = []

    def signer(raw: bytes, dkim: DkimConfig) -> bytes:
        signed.append(raw)
        assert dkim.selector == "sel"
        return b"DKIM-Signature: v=1; test\r\n" + raw

    transport = MemoryTransport()
    await Outbox(store, transport, signer=signer).drain()
    (sent,) = _deliveries(transport)
    assert sent.raw.startswith(b"DKIM-Signature: v=1; test\r\nX-School-Gateway: authorised")
    assert len(signed) == 1


async def test_internal_release_is_not_signed(store: Store, put: Put) -> None:
    import dataclasses
    from pathlib import Path

    store.config = dataclasses.replace(store.config, dkim=DkimConfig("sel", "rbps.example", Path("/x.pem")))
    item_id = put(mail_from="oliver.nowak@rbps.example", rcpt=["isla.mensah@rbps.example"], findings=["chain-message"])
    Quarantine(store).release(Actor.for_staff(store, YEAR6), item_id)

    def signer(raw: bytes, dkim: DkimConfig) -> bytes:
        raise AssertionError("internal mail must not be signed here")

    transport = MemoryTransport()
    await Outbox(store, transport, signer=signer).drain()
    assert len(_deliveries(transport)) == 1


async def test_run_outbox_worker_stops_on_the_event(store: Store, put: Put) -> None:
    _release(store, put)
    transport = MemoryTransport()
    stop = asyncio.Event()
    task = asyncio.create_task(run_outbox(store, transport, stop, interval=0.05))
    for _ in range(100):
        if _deliveries(transport):
            break
        await asyncio.sleep(0.02)
    stop.set()
    await asyncio.wait_for(task, timeout=5)
    assert len(_deliveries(transport)) == 1


@pytest.mark.parametrize("crlf", [True, False])
async def test_trace_header_uses_the_messages_line_endings(store: Store, put: Put, crlf: bool) -> None:
    from policies.types import Envelope
    from quarantine.store import ItemState
    from tests.quarantine.conftest import make_verdict

    raw = b"From: a@freemail.example\nSubject: x\n\nbody\n"
    if crlf:
        raw = raw.replace(b"\n", b"\r\n")
    env = Envelope("a@freemail.example", ("isla.mensah@rbps.example",), raw)
    item_id = store.put(env, make_verdict(["offensive-content"], ["isla.mensah@rbps.example"]),
                        ["isla.mensah@rbps.example"], ItemState.QUARANTINED)  # fmt: skip
    Quarantine(store).release(Actor.for_staff(store, YEAR6), item_id)
    transport = MemoryTransport()
    await Outbox(store, transport, signer=None).drain()
    (sent,) = _deliveries(transport)
    eol = b"\r\n" if crlf else b"\n"
    first, sep, rest = sent.raw.partition(eol)
    assert first.startswith(b"X-School-Gateway:") and b"\r" not in first and rest == raw


async def test_final_failure_is_reported_to_whoever_released_it(store: Store, put: Put) -> None:
    import email

    item_id, _ = _release(store, put)
    transport = MemoryTransport(refuse={"info@museum.example": (550, "mailbox unavailable")})
    await Outbox(store, transport, signer=None).drain()
    transport.refuse.clear()
    await Outbox(store, transport, signer=None).drain()  # composes and sends the notice
    notices = [email.message_from_bytes(m.raw) for m in transport.sent if m.rcpt_tos == (YEAR6,)]
    (notice,) = [n for n in notices if n["Subject"] == "A message you released could not be delivered"]
    body = notice.get_payload(decode=True)
    assert isinstance(body, bytes) and b"550 mailbox unavailable" in body and item_id.encode() in body


async def test_encrypted_store_seals_notices_and_still_delivers(config: object, store_url: str, engine: object) -> None:
    from quarantine.notify import compose_due
    from tests.quarantine.conftest import school_config

    cfg = school_config(config, store_url, encryption_key="a passphrase for the test")  # type: ignore[arg-type]
    st = Store.from_config(cfg)
    try:
        from policies.types import Envelope
        from quarantine.store import ItemState
        from tests.conftest import build_eml
        from tests.quarantine.conftest import make_verdict

        raw = build_eml(sender="oliver.nowak@rbps.example", to="info@museum.example", body="private words here")
        env = Envelope("oliver.nowak@rbps.example", ("info@museum.example",), raw)
        a = st.put(env, make_verdict(["personal-details"], ["info@museum.example"]), ["info@museum.example"],
                   ItemState.QUARANTINED)  # fmt: skip
        b = st.put(env, make_verdict(["personal-details"], ["info@museum.example"]), ["info@museum.example"],
                   ItemState.QUARANTINED)  # fmt: skip
        q = Quarantine(st)
        q.return_to_sender(Actor.for_staff(st, YEAR6), a, "please do not share that")
        q.release(Actor.for_staff(st, YEAR6), b)
        compose_due(st)
        rows = _rows(st)
        assert rows and all(r.raw is None or (r.encrypted and b"private words" not in bytes(r.raw)) for r in rows)
        transport = MemoryTransport()
        result = await Outbox(st, transport, signer=None).drain()
        assert result.failed == 0
        returned = [m for m in transport.sent if b"Your message was returned" in m.raw]
        assert len(returned) == 1 and b"please do not share that" in returned[0].raw
        assert len(_deliveries(transport)) == 1 and _deliveries(transport)[0].raw.endswith(raw)
    finally:
        st.close()


async def test_an_unreachable_next_hop_is_tried_once_per_round(store: Store, put: Put) -> None:
    for sender in ("oliver.nowak@rbps.example", "isla.mensah@rbps.example", "zain.hussain@rbps.example"):
        item_id = put(mail_from=sender, rcpt=["info@museum.example"])
        Quarantine(store).release(Actor.for_staff(store, YEAR6), item_id)
    transport = MemoryTransport(up=False)
    result = await Outbox(store, transport, signer=None).drain()
    assert transport.attempts == 1  # not once per queued message
    rows = _rows(store)
    assert len(rows) >= 6 and all(r.state == "pending" for r in rows) and result.retried == len(rows)
    assert sum(r.attempts for r in rows) == 1  # the others were put back untried
    assert all(r.last_error.startswith("not tried:") for r in rows if r.attempts == 0)


async def test_a_background_outbox_gives_the_cpu_back_after_each_piece_of_work(
    store: Store, put: Put, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quarantine.outbox as outbox_module

    for sender in ("oliver.nowak@rbps.example", "isla.mensah@rbps.example", "zain.hussain@rbps.example"):
        Quarantine(store).release(Actor.for_staff(store, YEAR6), put(mail_from=sender, rcpt=["info@museum.example"]))
    thread_pauses: list[float] = []
    loop_pauses: list[float] = []
    real_sleep = asyncio.sleep
    monkeypatch.setattr(outbox_module.time, "sleep", thread_pauses.append)

    async def recorded_sleep(delay: float, *args: object) -> None:
        loop_pauses.append(delay)
        await real_sleep(0)

    monkeypatch.setattr(outbox_module.asyncio, "sleep", recorded_sleep)
    transport = MemoryTransport()
    result = await Outbox(store, transport, signer=None, background=True).drain()
    # everything went, and the worker paused after composing and after each message it sent
    assert len(_deliveries(transport)) == 3 and result.failed == 0
    assert thread_pauses and len(loop_pauses) == len(transport.sent)
    assert all(0 <= p <= 2 * 0.05 for p in loop_pauses)
    # a foreground outbox (the CLI's) never pauses
    thread_pauses.clear()
    loop_pauses.clear()
    Quarantine(store).release(Actor.for_staff(store, YEAR6), put(mail_from="amelia.clarke@rbps.example",
                                                                 rcpt=["info@museum.example"]))  # fmt: skip
    await Outbox(store, transport, signer=None).drain()
    assert not thread_pauses and not loop_pauses
