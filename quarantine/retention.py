"""Retention: undecided items expire; raw messages of decided items are purged; legal hold exempts.

- ``[retention] expire_days`` (default 14; 0 = never): held and quarantined items
  older than this expire (the pupil who sent it and the teachers are told).
  Escalated items do not expire: the safeguarding lead decides them.
- ``[retention] purge_days`` (default 30; 0 = at the next purge): the raw message
  of an item decided that long ago is removed (its summary, findings and audit
  records stay), unless the item is on legal hold or still in the outbox.
  Composed notifications in the outbox are purged on the same schedule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, exists, select, update

from quarantine import audit
from quarantine.actions import ActionError, Quarantine
from quarantine.models import Item, OutboxMessage
from quarantine.store import ItemState, Store

DAY = 86400.0


@dataclass
class RetentionResult:
    expired: list[str] = field(default_factory=list)
    purged: list[str] = field(default_factory=list)
    outbox_purged: int = 0
    errors: list[str] = field(default_factory=list)


def expire_due(store: Store, result: RetentionResult | None = None) -> RetentionResult:
    result = result or RetentionResult()
    days = store.settings.expire_days
    if days <= 0:
        return result
    cutoff = store.clock() - days * DAY
    with store.read() as s:
        ids = list(
            s.execute(
                select(Item.id)
                .where(Item.state.in_([ItemState.HELD.value, ItemState.QUARANTINED.value]), Item.created <= cutoff)
                .order_by(Item.created)
            ).scalars()
        )
    q = Quarantine(store)
    for item_id in ids:
        try:
            q.expire(item_id)
            result.expired.append(item_id)
        except ActionError as e:  # decided meanwhile: fine
            result.errors.append(f"{item_id}: {e}")
    return result


def purge_due(store: Store, result: RetentionResult | None = None) -> RetentionResult:
    result = result or RetentionResult()
    now = store.clock()
    cutoff = now - store.settings.purge_days * DAY
    final = [s.value for s in (ItemState.RELEASED, ItemState.AUTHORISED, ItemState.RETURNED, ItemState.DELETED,
                               ItemState.EXPIRED)]  # fmt: skip
    in_outbox = exists().where(and_(OutboxMessage.item_id == Item.id, OutboxMessage.state.in_(["pending", "sending"])))
    with store.read() as s:
        ids = list(
            s.execute(
                select(Item.id).where(
                    Item.state.in_(final), Item.decided <= cutoff, Item.raw.is_not(None),
                    Item.legal_hold.is_(False), ~in_outbox,
                )
            ).scalars()
        )  # fmt: skip
    for item_id in ids:
        with store.write() as s:
            done = s.execute(
                update(Item)
                .where(Item.id == item_id, Item.legal_hold.is_(False), Item.raw.is_not(None))
                .values(raw=None, purged=now, updated=now)
            ).rowcount  # type: ignore[attr-defined]
            if done:
                audit.append(s, at=now, actor=audit.SYSTEM, role="retention", action="purged", item_id=item_id,
                             outcome="raw message removed")  # fmt: skip
                result.purged.append(item_id)
    with store.write() as s:
        result.outbox_purged = s.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.state.in_(["sent", "failed"]),
                OutboxMessage.done <= cutoff,
                OutboxMessage.raw.is_not(None),
            )
            .values(raw=None)
        ).rowcount  # type: ignore[attr-defined]
    return result


def run_retention(store: Store) -> RetentionResult:
    """Expire, then purge (what ``gateway quarantine purge`` and the relay's daily task run)."""
    result = expire_due(store)
    return purge_due(store, result)
