"""Teachers' operations: every transition, every refusal, permissions, filters, concurrency."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from quarantine import audit
from quarantine.actions import (
    Actor,
    BadRequest,
    ConflictError,
    Decision,
    InvalidTransition,
    ItemFilter,
    NotFound,
    PermissionDenied,
    Quarantine,
)
from quarantine.models import Item, Notice, OutboxMessage
from quarantine.store import ItemState, Store
from tests.quarantine.conftest import ADMIN, DSL_ONLY, HEAD, OFFICE, YEAR4, YEAR6, Clock, Put

ActorOf = Callable[[str], Actor]


def _state(store: Store, item_id: str) -> str:
    with store.read() as s:
        item = s.get(Item, item_id)
        assert item is not None
        return item.state


def _act(q: Quarantine, who: Actor, item_id: str, decision: Decision) -> object:
    return q.decide(who, item_id, decision, "a comment for the record")


def _held(put: Put) -> str:
    return put(mail_from="year6@rbps.example", rcpt=["info@museum.example"])  # external-authorisation: held


def _quarantined(put: Put) -> str:
    return put(mail_from="oliver.nowak@rbps.example", rcpt=["info@museum.example"])  # year6 pupil to outside


def _outbox_count(store: Store, item_id: str) -> int:
    with store.read() as s:
        return int(s.execute(select(func.count()).where(OutboxMessage.item_id == item_id)).scalar_one())


# state reached by (starting point, decision); None = refused as an invalid transition
EXPECTED: dict[str, dict[Decision, ItemState | None]] = {
    "held": {Decision.RELEASE: None, Decision.AUTHORISE: ItemState.AUTHORISED, Decision.RETURN: ItemState.RETURNED,
             Decision.ESCALATE: ItemState.ESCALATED, Decision.DELETE: ItemState.DELETED},
    "quarantined": {Decision.RELEASE: ItemState.RELEASED, Decision.AUTHORISE: None,
                    Decision.RETURN: ItemState.RETURNED, Decision.ESCALATE: ItemState.ESCALATED,
                    Decision.DELETE: ItemState.DELETED},
    "escalated-from-held": {Decision.RELEASE: None, Decision.AUTHORISE: ItemState.AUTHORISED,
                            Decision.RETURN: ItemState.RETURNED, Decision.ESCALATE: None,
                            Decision.DELETE: ItemState.DELETED},
    "escalated-from-quarantined": {Decision.RELEASE: ItemState.RELEASED, Decision.AUTHORISE: None,
                                   Decision.RETURN: ItemState.RETURNED, Decision.ESCALATE: None,
                                   Decision.DELETE: ItemState.DELETED},
}  # fmt: skip


@pytest.mark.parametrize("start", sorted(EXPECTED))
def test_every_transition(start: str, store: Store, q: Quarantine, put: Put, actor: ActorOf) -> None:
    head = actor(HEAD)
    for decision, expected in EXPECTED[start].items():
        item_id = _held(put) if "held" in start else _quarantined(put)
        if start.startswith("escalated"):
            q.escalate(actor(YEAR6), item_id)
        before = _state(store, item_id)
        if expected is None:
            with pytest.raises(InvalidTransition):
                _act(q, head, item_id, decision)
            assert _state(store, item_id) == before
            assert _outbox_count(store, item_id) == 0
        else:
            outcome = _act(q, head, item_id, decision)
            assert outcome.state is expected  # type: ignore[attr-defined]
            assert _state(store, item_id) == expected.value
            delivered = expected in (ItemState.RELEASED, ItemState.AUTHORISED)
            assert _outbox_count(store, item_id) == (1 if delivered else 0)


@pytest.mark.parametrize("final", ["released", "authorised", "returned", "deleted", "expired"])
def test_final_states_allow_nothing(final: str, store: Store, q: Quarantine, put: Put, actor: ActorOf) -> None:
    head = actor(HEAD)
    item_id = _held(put) if final == "authorised" else _quarantined(put)
    if final == "expired":
        q.expire(item_id)
    else:
        _act(q, head, item_id, {"released": Decision.RELEASE, "authorised": Decision.AUTHORISE,
                                "returned": Decision.RETURN, "deleted": Decision.DELETE}[final])  # fmt: skip
    for decision in (Decision.RELEASE, Decision.AUTHORISE, Decision.RETURN, Decision.ESCALATE, Decision.DELETE):
        with pytest.raises(InvalidTransition, match=f"already {final}"):
            _act(q, head, item_id, decision)
    assert _state(store, item_id) == final
    assert _outbox_count(store, item_id) == (1 if final in ("released", "authorised") else 0)


def test_nobody_expires_by_hand_and_escalated_items_do_not_expire(q: Quarantine, put: Put, actor: ActorOf) -> None:
    item_id = _quarantined(put)
    with pytest.raises(PermissionDenied):
        q.decide(actor(HEAD), item_id, Decision.EXPIRE)
    q.escalate(actor(YEAR6), item_id)
    with pytest.raises(InvalidTransition):
        q.expire(item_id)


def test_teacher_acts_only_on_their_own_pupils(store: Store, q: Quarantine, put: Put, actor: ActorOf) -> None:
    item_id = _quarantined(put)  # oliver: year6 only -> j.okafor
    with pytest.raises(PermissionDenied):
        q.release(actor(YEAR4), item_id)
    with pytest.raises(PermissionDenied):
        q.get_item(actor(YEAR4), item_id)
    assert [i.id for i in q.list_items(actor(YEAR4)).items] == []
    assert [i.id for i in q.list_items(actor(YEAR6)).items] == [item_id]
    assert q.release(actor(YEAR6), item_id).state is ItemState.RELEASED


def test_shared_group_teachers_both_may_act(q: Quarantine, put: Put, actor: ActorOf) -> None:
    item_id = put(mail_from="leo.fernandes@rbps.example", rcpt=["info@museum.example"])  # year4 + eco-council
    assert {i.id for i in q.list_items(actor(YEAR6)).items} == {item_id}
    assert {i.id for i in q.list_items(actor(YEAR4)).items} == {item_id}
    assert q.return_to_sender(actor(YEAR6), item_id, "please use the class address").state is ItemState.RETURNED


def test_admin_sees_summaries_but_not_bodies_and_decides_nothing(
    store: Store, q: Quarantine, put: Put, actor: ActorOf
) -> None:
    item_id = _quarantined(put)
    admin = actor(ADMIN)
    assert [i.id for i in q.list_items(admin).items] == [item_id]
    detail = q.get_item(admin, item_id)
    assert detail.raw is None and not detail.body_allowed and detail.allowed == frozenset()
    assert detail.findings and detail.findings[0].policy == "group-address-required"
    assert detail.findings[0].reason and detail.findings[0].evidence == ""  # evidence quotes the message
    with store.read() as s:
        assert not [r for r in audit.records(s) if r.action == "view-body"]
    for decision in (Decision.RELEASE, Decision.RETURN, Decision.ESCALATE, Decision.DELETE):
        with pytest.raises(PermissionDenied, match="network manager"):
            _act(q, admin, item_id, decision)
    with pytest.raises(PermissionDenied):
        q.legal_hold(admin, item_id, on=True)
    assert q.get_item(actor(YEAR6), item_id).findings[0].evidence == "group-address-required evidence"


def test_office_and_strangers_have_no_access(store: Store, q: Quarantine, put: Put, actor: ActorOf) -> None:
    item_id = _quarantined(put)
    with pytest.raises(PermissionDenied):
        q.list_items(actor(OFFICE))
    with pytest.raises(PermissionDenied):
        q.get_item(actor(OFFICE), item_id)
    with pytest.raises(PermissionDenied):
        q.release(actor(OFFICE), item_id)
    with pytest.raises(PermissionDenied):
        Actor.for_staff(store, "amelia.clarke@rbps.example")  # a pupil is not staff
    with pytest.raises(PermissionDenied):
        Actor.for_staff(store, "someone@elsewhere.example")


def test_not_found(q: Quarantine, actor: ActorOf) -> None:
    with pytest.raises(NotFound):
        q.release(actor(HEAD), "0123456789abcdef")
    with pytest.raises(NotFound):
        q.get_item(actor(HEAD), "nope")


def test_return_needs_a_comment(q: Quarantine, put: Put, actor: ActorOf, store: Store) -> None:
    item_id = _quarantined(put)
    with pytest.raises(BadRequest):
        q.return_to_sender(actor(YEAR6), item_id, "   ")
    assert _state(store, item_id) == "quarantined"


def test_safeguarding_items_are_the_dsls(store: Store, q: Quarantine, put: Put, actor: ActorOf) -> None:
    sg = put(mail_from="stranger@freemail.example", rcpt=["isla.mensah@rbps.example"], findings=["safeguarding"])
    plain = _quarantined(put)
    dsl, teacher = actor(DSL_ONLY), actor(YEAR6)
    # the DSL sees safeguarding items from everyone, not other items
    assert [i.id for i in q.list_items(dsl).items] == [sg]
    with pytest.raises(PermissionDenied):
        q.get_item(dsl, plain)
    # the class teacher sees it and may escalate, but not decide
    assert q.get_item(teacher, sg).allowed == frozenset({Decision.ESCALATE})
    for decision in (Decision.RELEASE, Decision.RETURN, Decision.DELETE):
        with pytest.raises(PermissionDenied, match="safeguarding lead"):
            _act(q, teacher, sg, decision)
    assert q.get_item(dsl, sg).raw is not None
    assert q.release(dsl, sg).state is ItemState.RELEASED


def test_escalation_passes_the_decision_to_the_dsl(store: Store, q: Quarantine, put: Put, actor: ActorOf) -> None:
    item_id = _quarantined(put)
    dsl, teacher = actor(DSL_ONLY), actor(YEAR6)
    assert q.list_items(dsl).items == ()
    q.escalate(teacher, item_id, "worried about this one")
    assert [i.id for i in q.list_items(dsl).items] == [item_id]
    with pytest.raises(PermissionDenied, match="escalated"):
        q.release(teacher, item_id)
    with store.read() as s:
        notes = s.execute(select(Notice).where(Notice.kind == "escalation")).scalars().all()
        assert {n.recipient for n in notes} == {HEAD, DSL_ONLY}
        assert all(n.comment == "worried about this one" for n in notes)
    assert q.delete(dsl, item_id).state is ItemState.DELETED
    # after the decision the DSL still sees it (it was escalated)
    assert q.get_item(dsl, item_id).summary.state is ItemState.DELETED


def test_legal_hold(store: Store, q: Quarantine, put: Put, actor: ActorOf) -> None:
    sg = put(mail_from="stranger@freemail.example", rcpt=["isla.mensah@rbps.example"], findings=["safeguarding"])
    with pytest.raises(PermissionDenied):
        q.legal_hold(actor(YEAR6), sg, on=True)
    q.legal_hold(actor(DSL_ONLY), sg, on=True)
    with pytest.raises(InvalidTransition):
        q.legal_hold(actor(DSL_ONLY), sg, on=True)
    # deleting an item on legal hold keeps the message
    q.delete(actor(DSL_ONLY), sg)
    with store.read() as s:
        item = s.get(Item, sg)
        assert item is not None and item.raw is not None and item.legal_hold
    q.legal_hold(actor(HEAD), sg, on=False)
    with pytest.raises(InvalidTransition):
        q.legal_hold(actor(HEAD), sg, on=False)


def test_delete_removes_the_message_at_once(store: Store, q: Quarantine, put: Put, actor: ActorOf) -> None:
    item_id = _quarantined(put)
    q.delete(actor(YEAR6), item_id)
    detail = q.get_item(actor(YEAR6), item_id)
    assert detail.raw is None and detail.purged is not None


def test_refusals_and_body_views_are_audited(store: Store, q: Quarantine, put: Put, actor: ActorOf) -> None:
    item_id = _quarantined(put)
    with pytest.raises(PermissionDenied):
        q.release(actor(YEAR4), item_id)
    q.get_item(actor(YEAR6), item_id)
    q.release(actor(YEAR6), item_id)
    with store.read() as s:
        recs = [r for r in audit.records(s) if r.item_id == item_id]
    assert [(r.actor, r.action, r.outcome) for r in recs] == [
        ("gateway", "stored", "quarantined"),
        (YEAR4, "release", "refused"),
        (YEAR6, "view-body", "ok"),
        (YEAR6, "release", "released"),
    ]
    assert recs[1].remote == "192.0.2.7" and recs[1].role == "teacher" and "permission-denied" in recs[1].detail
    assert all("Hi there" not in r.detail for r in recs)  # no bodies in the log


def test_detail_has_findings_history_and_raw(q: Quarantine, put: Put, actor: ActorOf) -> None:
    item_id = _quarantined(put)
    q.escalate(actor(YEAR6), item_id, "please look")
    d = q.get_item(actor(HEAD), item_id)
    assert d.raw is not None and b"Hi there" in d.raw
    assert d.findings[0].policy == "group-address-required" and d.findings[0].reason
    assert [(e.from_state, e.to_state, e.actor, e.comment) for e in d.history] == [
        ("", "quarantined", "gateway", ""),
        ("quarantined", "escalated", YEAR6, "please look"),
    ]
    assert d.allowed == frozenset({Decision.RELEASE, Decision.RETURN, Decision.DELETE})


def test_list_filters_and_pages(store: Store, q: Quarantine, put: Put, actor: ActorOf, clock: Clock) -> None:
    old = _held(put)
    clock.advance(3 * 86400)
    oliver = put(mail_from="oliver.nowak@rbps.example", rcpt=["info@museum.example"], subject="Museum trip")
    clock.advance(60)
    poppy = put(mail_from="poppy.taylor@rbps.example", rcpt=["info@museum.example"], subject="Hello 100%_fun")
    clock.advance(60)
    sg = put(mail_from="stranger@freemail.example", rcpt=["isla.mensah@rbps.example"], findings=["safeguarding"])
    head = actor(HEAD)

    def ids(**kw: object) -> list[str]:
        return [i.id for i in q.list_items(head, ItemFilter(**kw)).items]  # type: ignore[arg-type]

    assert ids() == [sg, poppy, oliver, old]  # newest first
    assert ids(states=(ItemState.HELD,)) == [old]
    assert ids(policy="safeguarding") == [sg]
    assert ids(policy="group-address-required") == [poppy, oliver]
    assert ids(policy="group-address") == []  # whole ids only
    assert ids(group="year4@rbps.example") == [poppy]
    assert ids(group="YEAR6@rbps.example") == [sg, oliver, old]
    assert ids(sender="Oliver.Nowak@rbps.example") == [oliver]
    assert ids(older_than=86400) == [old]
    assert ids(newer_than=3600) == [sg, poppy, oliver]
    assert ids(text="museum TRIP") == [oliver]
    assert ids(text="100%_") == [poppy]
    assert ids(text="100%x") == []  # LIKE wildcards are escaped
    assert ids(text="stranger@") == [sg]
    assert ids(text="ol") == [oliver]  # short terms scan instead of using the index
    assert ids(text='trip" OR "hello') == []  # search syntax is taken literally
    assert ids(text="Museum trip") == [oliver]
    assert ids(teacher=YEAR4) == [poppy]
    p1 = q.list_items(head, per_page=3)
    p2 = q.list_items(head, page=2, per_page=3)
    assert p1.has_more and not p2.has_more
    assert [i.id for i in p1.items + p2.items] == [sg, poppy, oliver, old]
    s = p1.items[0]
    assert s.sender == "stranger@freemail.example" and s.recipients == ("isla.mensah@rbps.example",)
    assert s.policies == ("safeguarding",) and s.teachers == (YEAR6,) and s.state is ItemState.QUARANTINED


@pytest.mark.parametrize("n_threads", [2, 6])
def test_concurrent_decisions_one_success(
    n_threads: int, store: Store, q: Quarantine, put: Put, actor: ActorOf
) -> None:
    item_id = put(mail_from="amelia.clarke@rbps.example", rcpt=["info@museum.example"])  # both teachers
    actors = [actor(YEAR6 if i % 2 else YEAR4) for i in range(n_threads)]
    decisions = [Decision.RELEASE if i % 3 else Decision.RETURN for i in range(n_threads)]
    barrier = threading.Barrier(n_threads)
    results: list[object] = [None] * n_threads

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = q.decide(actors[i], item_id, decisions[i], "comment")
        except (InvalidTransition, ConflictError) as e:
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wins = [r for r in results if not isinstance(r, Exception)]
    refusals = [r for r in results if isinstance(r, Exception)]
    assert len(wins) == 1 and len(refusals) == n_threads - 1, results
    final = _state(store, item_id)
    assert _outbox_count(store, item_id) == (1 if final == "released" else 0)
    with store.read() as s:
        returned = s.execute(select(func.count()).where(Notice.kind == "returned")).scalar_one()
        assert returned == (1 if final == "returned" else 0)
        assert audit.verify(s) == []  # the audit chain did not fork under concurrency


def test_a_change_between_check_and_update_is_a_conflict(
    store: Store, q: Quarantine, put: Put, actor: ActorOf, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The conditional UPDATE (state and version) is the last guard: simulate a writer slipping in."""
    from sqlalchemy import update
    from sqlalchemy.orm import object_session

    import quarantine.actions as actions
    from quarantine.models import table

    item_id = _quarantined(put)
    real = actions.decision_refusal

    def sneaky(who: Actor, item: Item, decision: Decision) -> str | None:
        session = object_session(item)
        assert session is not None
        # another writer: a plain table UPDATE, which does not touch our loaded copy of the item
        items = table(Item)
        session.execute(update(items).where(items.c.id == item.id).values(version=items.c.version + 1))
        return real(who, item, decision)

    monkeypatch.setattr(actions, "decision_refusal", sneaky)
    with pytest.raises(ConflictError, match="changed by someone else"):
        q.release(actor(YEAR6), item_id)
    monkeypatch.setattr(actions, "decision_refusal", real)
    assert _state(store, item_id) == "quarantined" and _outbox_count(store, item_id) == 0
    assert q.release(actor(YEAR6), item_id).state is ItemState.RELEASED
