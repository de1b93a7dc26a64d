"""Retention: expiry of undecided items, purge of decided ones, legal hold."""

from __future__ import annotations

from sqlalchemy import select

from quarantine import audit
from quarantine.actions import Actor, Quarantine
from quarantine.models import Item, OutboxMessage
from quarantine.notify import compose_due
from quarantine.retention import expire_due, purge_due, run_retention
from quarantine.store import Store
from tests.quarantine.conftest import DSL_ONLY, YEAR6, Clock, Put

DAY = 86400


def _item(store: Store, item_id: str) -> Item:
    with store.read() as s:
        item = s.get(Item, item_id)
        assert item is not None
        return item


def test_expiry_after_the_configured_days(store: Store, put: Put, clock: Clock) -> None:
    held = put(mail_from="year6@rbps.example", rcpt=["info@museum.example"])
    quarantined = put(mail_from="oliver.nowak@rbps.example", rcpt=["info@museum.example"])
    clock.advance(10 * DAY)
    fresh = put(mail_from="isla.mensah@rbps.example", rcpt=["info@museum.example"])
    escalated = put(mail_from="zain.hussain@rbps.example", rcpt=["info@museum.example"])
    Quarantine(store).escalate(Actor.for_staff(store, YEAR6), escalated)
    clock.advance(4 * DAY + 1)  # the first two are now 14 days old
    result = expire_due(store)
    assert sorted(result.expired) == sorted([held, quarantined])
    assert _item(store, held).state == "expired" and _item(store, quarantined).state == "expired"
    assert _item(store, held).raw is None  # an expired message is not kept
    assert _item(store, fresh).state == "quarantined"
    clock.advance(30 * DAY)
    expire_due(store)
    assert _item(store, escalated).state == "escalated"  # the DSL decides those
    with store.read() as s:
        assert any(r.action == "expire" and r.item_id == held and r.actor == "gateway" for r in audit.records(s))


def test_purge_removes_old_decided_messages_but_keeps_the_record(store: Store, put: Put, clock: Clock) -> None:
    q = Quarantine(store)
    teacher = Actor.for_staff(store, YEAR6)
    released = put(mail_from="oliver.nowak@rbps.example", rcpt=["info@museum.example"])
    returned = put(mail_from="isla.mensah@rbps.example", rcpt=["info@museum.example"])
    waiting = put(mail_from="zain.hussain@rbps.example", rcpt=["info@museum.example"])
    q.release(teacher, released)
    q.return_to_sender(teacher, returned, "no")
    compose_due(store)
    with store.write() as s:  # pretend the delivery went out
        for row in s.execute(select(OutboxMessage)).scalars():
            row.state, row.done = "sent", clock.now
    clock.advance(29 * DAY)
    assert purge_due(store).purged == []
    clock.advance(DAY + 1)
    result = run_retention(store)
    assert sorted(result.purged) == sorted([released, returned])
    with store.read() as s:
        item = s.get(Item, released)
        assert item is not None
        assert item.raw is None and item.purged == clock.now and item.subject and item.findings
    assert result.expired == [waiting] and _item(store, waiting).state == "expired"  # undecided: expired, not purged
    assert result.outbox_purged >= 1  # composed notices (the returned original) purged too
    with store.read() as s:
        purged = [r for r in audit.records(s) if r.action == "purged"]
        assert {r.item_id for r in purged} == {released, returned}
        assert any(r.action == "release" and r.item_id == released for r in audit.records(s))  # audit stays
        assert audit.verify(s) == []


def test_legal_hold_exempts_from_purge_until_lifted(store: Store, put: Put, clock: Clock) -> None:
    q = Quarantine(store)
    dsl = Actor.for_staff(store, DSL_ONLY)
    sg = put(mail_from="stranger@freemail.example", rcpt=["isla.mensah@rbps.example"], findings=["safeguarding"])
    q.legal_hold(dsl, sg, on=True)
    q.return_to_sender(dsl, sg, "not accepted")
    clock.advance(100 * DAY)
    assert purge_due(store).purged == []
    assert _item(store, sg).raw is not None
    q.legal_hold(dsl, sg, on=False)
    assert purge_due(store).purged == [sg]
    assert _item(store, sg).raw is None


def test_undelivered_messages_are_not_purged(store: Store, put: Put, clock: Clock) -> None:
    item_id = put(mail_from="oliver.nowak@rbps.example", rcpt=["info@museum.example"])
    Quarantine(store).release(Actor.for_staff(store, YEAR6), item_id)
    clock.advance(60 * DAY)
    assert purge_due(store).purged == []  # still in the outbox (next hop down for weeks)


async def test_the_outbox_worker_runs_retention(store: Store, put: Put, clock: Clock) -> None:
    import asyncio

    from quarantine.outbox import MemoryTransport, run_outbox

    item_id = put(mail_from="oliver.nowak@rbps.example", rcpt=["info@museum.example"])
    clock.advance(15 * DAY)
    stop = asyncio.Event()
    task = asyncio.create_task(run_outbox(store, MemoryTransport(), stop, interval=0.05))
    for _ in range(100):
        if _item(store, item_id).state == "expired":
            break
        await asyncio.sleep(0.02)
    stop.set()
    await asyncio.wait_for(task, timeout=5)
    assert _item(store, item_id).state == "expired"
