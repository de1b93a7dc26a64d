"""Notifications: who gets what, when, and in which words."""

from __future__ import annotations

import email
from email.message import Message

from sqlalchemy import select

from quarantine.actions import Actor, Quarantine
from quarantine.links import LINK_PATH
from quarantine.models import OutboxMessage
from quarantine.notify import compose_due
from quarantine.store import Store
from tests.quarantine.conftest import DSL_ONLY, HEAD, YEAR4, YEAR6, Clock, Put


def _notices(store: Store) -> list[tuple[list[str], Message]]:
    import json

    with store.read() as s:
        rows = s.execute(
            select(OutboxMessage).where(OutboxMessage.purpose == "notice").order_by(OutboxMessage.id)
        ).scalars()
        return [(json.loads(r.rcpt_tos), email.message_from_bytes(bytes(r.raw or b""))) for r in rows]


def _text(msg: Message) -> str:
    for part in msg.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    return ""


def _for(store: Store, rcpt: str) -> list[Message]:
    return [m for r, m in _notices(store) if r == [rcpt]]


def test_teacher_digest_immediate_then_at_most_one_per_window(store: Store, put: Put, clock: Clock) -> None:
    first = put(mail_from="oliver.nowak@rbps.example", rcpt=["info@museum.example"], subject="Trip question")
    compose_due(store)
    (digest,) = _for(store, YEAR6)
    assert digest["Subject"] == "A message waits for your decision"
    body = _text(digest)
    assert "Dear James Okafor," in body and "Trip question" in body
    assert "group-address-required:" in body  # the reason
    assert f"https://gateway.rbps.example/items/{first}" in body  # the link to the item
    assert body.count("https://gateway.rbps.example" + LINK_PATH) == 2  # release + return one-time links
    assert "Hi there" not in body  # never the message itself
    # two more items within the window: no new digest yet
    clock.advance(60)
    put(mail_from="isla.mensah@rbps.example", rcpt=["info@museum.example"], subject="Second")
    clock.advance(60)
    put(mail_from="oliver.nowak@rbps.example", rcpt=["x@museum.example"], subject="Third")
    compose_due(store)
    assert len(_for(store, YEAR6)) == 1
    clock.advance(15 * 60)
    compose_due(store)
    digests = _for(store, YEAR6)
    assert len(digests) == 2
    assert digests[1]["Subject"] == "2 messages wait for your decision"
    assert "Second" in _text(digests[1]) and "Third" in _text(digests[1]) and "Trip question" not in _text(digests[1])
    assert _for(store, YEAR4) == []  # not s.wright's pupils


def test_digest_skips_items_decided_in_the_meantime(store: Store, put: Put, clock: Clock) -> None:
    put(mail_from="oliver.nowak@rbps.example", rcpt=["info@museum.example"])
    compose_due(store)
    clock.advance(60)
    second = put(mail_from="isla.mensah@rbps.example", rcpt=["info@museum.example"])
    Quarantine(store).release(Actor.for_staff(store, YEAR6), second)
    clock.advance(16 * 60)
    compose_due(store)
    assert len(_for(store, YEAR6)) == 1  # nothing left to tell


def test_held_item_digest_offers_authorise(store: Store, put: Put) -> None:
    put(mail_from="year6@rbps.example", rcpt=["info@museum.example"])
    compose_due(store)
    body = _text(_for(store, YEAR6)[0])
    assert "Authorise it now: https://gateway.rbps.example/links/" in body and "Release it now" not in body
    assert _for(store, "year6@rbps.example") == []  # a group address is not told like a pupil


def test_dsl_alert_is_immediate_and_the_digest_has_no_one_click_links(store: Store, put: Put) -> None:
    item_id = put(mail_from="stranger@freemail.example", rcpt=["isla.mensah@rbps.example"], findings=["safeguarding"],
                  subject="our secret")  # fmt: skip
    compose_due(store)
    for dsl in (HEAD, DSL_ONLY):
        (alert,) = [m for m in _for(store, dsl) if m["Subject"].startswith("Safeguarding concern")]
        body = _text(alert)
        assert "stranger@freemail.example" in body and "safeguarding: safeguarding reason" in body
        assert f"https://gateway.rbps.example/items/{item_id}" in body and LINK_PATH not in body
        assert "safeguarding evidence" not in body  # evidence stays in the quarantine
    teacher = _text(_for(store, YEAR6)[0])
    assert "safeguarding lead has been alerted" in teacher and LINK_PATH not in teacher
    assert _for(store, "stranger@freemail.example") == []  # the outside sender is not told


def test_pupil_is_told_in_plain_words(store: Store, put: Put) -> None:
    put(mail_from="poppy.taylor@rbps.example", rcpt=["nan@freemail.example"], subject="hi nan", findings=[
        "personal-details", "group-address-required"])  # fmt: skip
    compose_due(store)
    (notice,) = _for(store, "poppy.taylor@rbps.example")
    assert notice["Subject"] == "Your message is waiting for your teacher"
    assert notice["Auto-Submitted"] == "auto-generated"
    body = _text(notice)
    assert body.startswith("Hello Poppy,")
    assert 'You sent a message called "hi nan" to nan@freemail.example.' in body
    assert "Your teacher will look at it first." in body
    assert "personal details, like a phone number" in body
    assert "policy" not in body.lower() and "quarantine" not in body.lower()  # no jargon for a child


def test_pupil_is_not_told_the_reason_for_a_safeguarding_item(store: Store, put: Put) -> None:
    put(mail_from="poppy.taylor@rbps.example", rcpt=["freddie.jones@rbps.example"], findings=["safeguarding"])
    compose_due(store)
    (notice,) = _for(store, "poppy.taylor@rbps.example")
    body = _text(notice)
    assert "waiting" in notice["Subject"] and "safeguarding" not in body.lower()


def test_returned_notice_carries_the_comment_and_the_original(store: Store, put: Put) -> None:
    item_id = put(mail_from="oliver.nowak@rbps.example", rcpt=["info@museum.example"], subject="my address",
                  body="I live at 12 Elm Road")  # fmt: skip
    Quarantine(store).return_to_sender(Actor.for_staff(store, YEAR6), item_id,
                                       "Please don't share your address.\nAsk me first.")  # fmt: skip
    compose_due(store)
    (notice,) = [m for m in _for(store, "oliver.nowak@rbps.example") if "returned" in m["Subject"]]
    assert notice["Subject"] == "Your message was returned: my address"
    body = _text(notice)
    assert body.startswith("Hello Oliver,")
    assert "James Okafor wrote:" in body and "  Please don't share your address.\n  Ask me first." in body
    attached = [p for p in notice.walk() if p.get_content_type() == "message/rfc822"]
    assert len(attached) == 1 and b"I live at 12 Elm Road" in attached[0].as_bytes()


def test_returned_notice_to_an_outside_sender_is_formal(store: Store, put: Put) -> None:
    item_id = put(mail_from="learning@museum.example", rcpt=["amelia.clarke@rbps.example"], subject="Competition")
    Quarantine(store).return_to_sender(Actor.for_staff(store, YEAR6), item_id, "Please write to year6@rbps.example.")
    compose_due(store)
    (notice,) = _for(store, "learning@museum.example")
    body = _text(notice)
    assert body.startswith("Hello,") and "was not delivered by Robert Bakewell Primary School" in body
    assert "Please write to year6@rbps.example." in body


def test_escalation_alerts_the_dsl_with_the_teachers_comment(store: Store, put: Put) -> None:
    item_id = put(mail_from="oliver.nowak@rbps.example", rcpt=["info@museum.example"])
    Quarantine(store).escalate(Actor.for_staff(store, YEAR6), item_id, "Oliver seemed upset today")
    compose_due(store)
    (alert,) = [m for m in _for(store, DSL_ONLY) if m["Subject"].startswith("Escalated to you")]
    body = _text(alert)
    assert "James Okafor has escalated a message to you" in body and "Oliver seemed upset today" in body
    assert f"/items/{item_id}" in body


def test_expiry_tells_the_pupil_and_the_teacher(store: Store, put: Put, clock: Clock) -> None:
    from quarantine.retention import expire_due

    put(mail_from="oliver.nowak@rbps.example", rcpt=["info@museum.example"], subject="old one")
    clock.advance(15 * 86400)
    assert len(expire_due(store).expired) == 1
    compose_due(store)
    (pupil,) = [m for m in _for(store, "oliver.nowak@rbps.example") if m["Subject"] == "Your message was not sent"]
    assert "A teacher did not check it in time, so it was not sent." in _text(pupil)
    (teacher,) = [m for m in _for(store, YEAR6) if "expired" in m["Subject"]]
    assert "old one" in _text(teacher)


def test_a_backlog_is_composed_in_short_transactions_and_none_is_lost(store: Store, put: Put) -> None:
    # each safeguarding item gives several immediate notices (the leads, the pupil): a backlog of them
    for n in range(6):
        put(mail_from="poppy.taylor@rbps.example", rcpt=["freddie.jones@rbps.example"], findings=["safeguarding"],
            subject=f"item {n}")  # fmt: skip
    with store.read() as s:
        from quarantine.models import Notice
        from quarantine.store import NoticeKind

        waiting = s.execute(select(Notice).where(Notice.sent.is_(None), Notice.kind != NoticeKind.DIGEST)).scalars().all()
    assert len(waiting) > 6
    pauses: list[float] = []
    queued = compose_due(store, batch=4, pause=pauses.append)
    # one pause per transaction of at most 4 notices (plus the digests'), every notice composed once
    assert len(pauses) >= -(-len(waiting) // 4) and all(p >= 0 for p in pauses)
    assert queued == len(_notices(store))
    with store.read() as s:
        assert not s.execute(select(Notice).where(Notice.sent.is_(None))).scalars().all()
    assert compose_due(store) == 0  # nothing composed twice
