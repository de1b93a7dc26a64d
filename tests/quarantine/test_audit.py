"""The audit log: a hash chain that finds an edited, deleted or inserted record."""

from __future__ import annotations

from sqlalchemy import delete, text, update

from quarantine import audit
from quarantine.actions import Actor, Quarantine
from quarantine.models import AuditRecord
from quarantine.store import Store
from tests.quarantine.conftest import YEAR4, YEAR6, Put


def _fill(store: Store, put: Put) -> None:
    q = Quarantine(store)
    a = put(mail_from="oliver.nowak@rbps.example", rcpt=["info@museum.example"])
    b = put(mail_from="isla.mensah@rbps.example", rcpt=["info@museum.example"])
    q.get_item(Actor.for_staff(store, YEAR6), a)
    try:
        q.release(Actor.for_staff(store, YEAR4), a)
    except Exception:  # noqa: BLE001 - a refusal, audited
        pass
    q.release(Actor.for_staff(store, YEAR6), a)
    q.delete(Actor.for_staff(store, YEAR6), b)


def _verify(store: Store) -> list[audit.VerifyProblem]:
    with store.read() as s:
        return audit.verify(s)


def test_intact_chain_verifies(store: Store, put: Put) -> None:
    _fill(store, put)
    with store.read() as s:
        recs = list(audit.records(s))
    assert [r.seq for r in recs] == list(range(1, len(recs) + 1)) and len(recs) == 6
    assert recs[0].prev_hash == audit.GENESIS and all(recs[i].prev_hash == recs[i - 1].hash for i in range(1, 6))
    assert _verify(store) == []


def test_edited_record_is_found(store: Store, put: Put) -> None:
    _fill(store, put)
    with store.write() as s:
        s.execute(update(AuditRecord).where(AuditRecord.seq == 4).values(actor="someone.else@rbps.example"))
    problems = _verify(store)
    assert [p.seq for p in problems] == [4] and "edited" in problems[0].problem


def test_edited_outcome_with_rehash_breaks_the_next_link(store: Store, put: Put) -> None:
    _fill(store, put)
    with store.write() as s:
        r = s.get(AuditRecord, 3)
        assert r is not None
        r.outcome = "ok-edited"
        r.hash = audit.record_hash(r.seq, r.at, r.actor, r.role, r.action, r.item_id, r.remote, r.outcome, r.detail,
                                   r.prev_hash)  # fmt: skip
    problems = _verify(store)
    assert [p.seq for p in problems] == [4]  # record 4 no longer follows record 3


def test_deleted_record_in_the_middle_is_found(store: Store, put: Put) -> None:
    _fill(store, put)
    with store.write() as s:
        s.execute(delete(AuditRecord).where(AuditRecord.seq == 2))
    problems = _verify(store)
    assert problems and problems[0].seq == 3 and "missing" in problems[0].problem


def test_deleted_last_record_is_found(store: Store, put: Put) -> None:
    _fill(store, put)
    with store.write() as s:
        s.execute(delete(AuditRecord).where(AuditRecord.seq == 6))
    problems = _verify(store)
    assert len(problems) == 1 and "deleted at the end" in problems[0].problem


def test_deleted_first_record_is_found(store: Store, put: Put) -> None:
    _fill(store, put)
    with store.write() as s:
        s.execute(text("DELETE FROM audit_log WHERE seq = 1"))
    assert _verify(store)


def test_records_carry_who_what_where_and_no_body(store: Store, put: Put) -> None:
    _fill(store, put)
    with store.read() as s:
        recs = list(audit.records(s))
    release = next(r for r in recs if r.action == "release" and r.outcome == "released")
    assert release.actor == YEAR6 and release.role == "teacher" and release.remote == "" and release.at > 0
    refused = next(r for r in recs if r.outcome == "refused")
    assert refused.actor == YEAR4 and "permission-denied" in refused.detail
    assert all("Hi there" not in (r.detail + r.outcome) for r in recs)
    with store.read() as s:
        assert [r.seq for r in audit.records(s, limit=2)] == [5, 6]
