"""Notifications, each written for its reader, sent through the outbox.

The store queues ``Notice`` rows in the same transaction as the event that
causes them (an item stored, escalated, returned, expired); ``compose_due``
turns the due ones into email messages in the outbox:

- teacher digest: what awaits them, with the reason, a link to each item in the
  web UI and signed one-time links (release / authorise / return); the first
  item goes at once, then at most one digest every ``[notifications]
  digest_minutes`` (default 15);
- DSL alert: immediately, for every item with a ``safeguarding`` finding (and
  every escalation), with the reason and a link; no one-click links;
- pupil notice: in plain words, that their message waits for their teacher
  (or that it expired and was not sent);
- returned: to the sender, with the teacher's comment and the original attached.

Notifications never quote the evidence or the body: email is less protected than
the quarantine, so the reader follows the link to see the message.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from email.utils import format_datetime, formataddr, make_msgid

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from gateway.directory import Pupil, Staff, normalise_address
from quarantine import outbox
from quarantine.links import LinkError, make_link
from quarantine.models import DigestState, FindingRow, Item, Notice
from quarantine.store import SAFEGUARDING, ItemState, NoticeKind, Store

# What a pupil is told about why a message waits, in plain words (never for safeguarding).
PUPIL_REASONS = {
    "external-authorisation": "Messages to people outside school are checked by a teacher before they are sent.",
    "group-address-required": "Messages between your own account and people outside school are checked by a teacher.",
    "personal-details": "It might share personal details, like a phone number, a home address or a password.",
    "meeting-arrangement": "It might be about meeting someone, which needs a grown-up to say yes.",
    "chain-message": "It looks like a chain message, and those are not sent on.",
    "offensive-content": "It might contain words that could upset someone.",
    "unscannable-content": "The gateway could not check part of it, so a teacher will look.",
    "staff-pupil-contact": "A teacher needs to check messages like this one.",
}


def item_url(store: Store, item_id: str) -> str:
    return f"{store.config.web.base_url.rstrip('/')}/items/{item_id}"


def _when(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%d %b %Y at %H:%M UTC")


def _name(store: Store, address: str) -> str:
    entry = store.config.directory.lookup(address)
    if isinstance(entry, Staff) and entry.name:
        return entry.name
    if isinstance(entry, Pupil):
        return entry.name.split()[0]
    return ""


def _message(store: Store, to: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    sender = store.settings.notice_from
    msg["From"] = formataddr((f"{store.config.school.name or 'School'} email gateway", sender))
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime.fromtimestamp(store.clock(), UTC))
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(body)
    return msg


def _reasons(item: Item, *, only: str | None = None) -> list[str]:
    out: list[str] = []
    for f in item.findings:
        if only is not None and f.policy != only:
            continue
        line = f"{f.policy}: {f.reason}"
        if line not in out:
            out.append(line)
    return out


def _rcpts(item: Item) -> str:
    return ", ".join(json.loads(item.recipients))


# -- the messages ------------------------------------------------------------------


def teacher_digest(store: Store, teacher: str, items: Sequence[Item]) -> EmailMessage:
    name = _name(store, teacher)
    n = len(items)
    subject = "A message waits for your decision" if n == 1 else f"{n} messages wait for your decision"
    hours = int(store.settings.link_valid_hours)
    lines = [f"Dear {name or 'colleague'},", "",
             f"The school email gateway is holding {'this message' if n == 1 else 'these messages'} for you to check.",
             ""]  # fmt: skip
    for i, item in enumerate(items, 1):
        what = "held for authorisation" if item.state == ItemState.HELD else "quarantined"
        lines += [
            f"{i}. From {item.mail_from or '(no sender)'} to {_rcpts(item)}",
            f"   Subject: {item.subject or '(no subject)'}",
            f"   {what.capitalize()} on {_when(item.created)} because:",
            *(f"   - {r}" for r in _reasons(item)),
            f"   Open it: {item_url(store, item.id)}",
        ]
        if item.safeguarding:
            lines.append("   The safeguarding lead has been alerted and will decide this one.")
        else:
            try:
                main = "authorise" if item.state == ItemState.HELD else "release"
                lines.append(f"   {main.capitalize()} it now: {make_link(store, main, item.id, teacher)}")
                lines.append(f"   Return it to the sender: {make_link(store, 'return', item.id, teacher)}")
            except LinkError:
                pass  # no [web] secret_key: the item link above is enough
        lines.append("")
    lines += [f"The one-click links work once and expire after {hours} hours.",
              "Messages nobody decides expire after "
              f"{store.settings.expire_days:g} days and are not sent."]  # fmt: skip
    return _message(store, teacher, subject, "\n".join(lines) + "\n")


def dsl_alert(store: Store, dsl: str, item: Item, *, escalated_by: str = "", comment: str = "") -> EmailMessage:
    name = _name(store, dsl)
    if escalated_by:
        who = _name(store, escalated_by) or escalated_by
        subject = f"Escalated to you: a message from {item.mail_from or '(no sender)'}"
        opening = f"{who} has escalated a message to you. It waits for your decision."
    else:
        subject = f"Safeguarding concern: a message from {item.mail_from or '(no sender)'}"
        opening = "The school email gateway has quarantined a message with a safeguarding concern."
    reasons = _reasons(item, only=SAFEGUARDING) or _reasons(item)
    lines = [f"Dear {name or 'colleague'},", "", opening, "",
             f"From: {item.mail_from or '(no sender)'}", f"To: {_rcpts(item)}",
             f"Subject: {item.subject or '(no subject)'}", f"Received: {_when(item.created)}", "", "Why:",
             *(f"- {r}" for r in reasons)]  # fmt: skip
    if comment:
        lines += ["", f"{who if escalated_by else 'The teacher'} wrote:", *(f"  {c}" for c in comment.splitlines())]
    lines += ["", f"Open it in the quarantine: {item_url(store, item.id)}", "",
              "The message is not delivered until you decide."]  # fmt: skip
    return _message(store, dsl, subject, "\n".join(lines) + "\n")


def pupil_waiting(store: Store, pupil: str, item: Item) -> EmailMessage:
    first = _name(store, pupil)
    lines = [f"Hello {first or 'there'},", "",
             f'You sent a message called "{item.subject or "(no subject)"}" to {_rcpts(item)}.', "",
             "It has not been sent yet. Your teacher will look at it first.", ""]  # fmt: skip
    if not item.safeguarding:
        reasons = [PUPIL_REASONS[f.policy] for f in item.findings if f.policy in PUPIL_REASONS]
        for reason in dict.fromkeys(reasons):
            lines.append(reason)
        if reasons:
            lines.append("")
    lines += ["You do not need to do anything. If you have a question, ask your teacher.", ""]
    return _message(store, pupil, "Your message is waiting for your teacher", "\n".join(lines))


def pupil_expired(store: Store, pupil: str, item: Item) -> EmailMessage:
    first = _name(store, pupil)
    body = (
        f"Hello {first or 'there'},\n\n"
        f'You sent a message called "{item.subject or "(no subject)"}" to {_rcpts(item)} on {_when(item.created)}.\n\n'
        "A teacher did not check it in time, so it was not sent.\n\n"
        "If you still want to send it, ask your teacher.\n"
    )
    return _message(store, pupil, "Your message was not sent", body)


def teacher_expired(store: Store, teacher: str, item: Item) -> EmailMessage:
    body = (
        f"Dear {_name(store, teacher) or 'colleague'},\n\n"
        f"Nobody decided this message within {store.settings.expire_days:g} days, so it has expired and was not sent:\n\n"
        f"From: {item.mail_from or '(no sender)'}\nTo: {_rcpts(item)}\nSubject: {item.subject or '(no subject)'}\n"
        f"Received: {_when(item.created)}\n\n"
        f"Details: {item_url(store, item.id)}\n"
    )
    return _message(store, teacher, "A held message expired without a decision", body)


def delivery_failed(store: Store, teacher: str, item: Item, error: str) -> EmailMessage:
    body = (
        f"Dear {_name(store, teacher) or 'colleague'},\n\n"
        "The message you released could not be delivered, and the gateway has stopped trying:\n\n"
        f"From: {item.mail_from or '(no sender)'}\nTo: {_rcpts(item)}\nSubject: {item.subject or '(no subject)'}\n\n"
        f"What the mail server said: {error}\n\n"
        f"Details: {item_url(store, item.id)}\n"
        "Please let the network manager know if this keeps happening.\n"
    )
    return _message(store, teacher, "A message you released could not be delivered", body)


def returned_notice(
    store: Store, sender: str, item: Item, comment: str, decided_by: str, raw: bytes | None
) -> EmailMessage:
    directory = store.config.directory
    who = _name(store, decided_by) or "A teacher"
    subject = f"Your message was returned: {item.subject or '(no subject)'}"
    if directory.resolve(sender).is_pupil:
        first = _name(store, sender)
        body = (
            f"Hello {first or 'there'},\n\n"
            f'Your message called "{item.subject or "(no subject)"}" to {_rcpts(item)} was not sent.\n\n'
            f"{who} wrote:\n\n" + "".join(f"  {line}\n" for line in comment.splitlines()) + "\n"
            "Your message is attached, so you can change it and send it again.\n"
        )
    else:
        body = (
            "Hello,\n\n"
            f"Your message to {_rcpts(item)} with the subject \"{item.subject or '(no subject)'}\", "
            f"sent on {_when(item.received)}, was not delivered by {store.config.school.name or 'the school'}'s "
            "email gateway. It was returned with this comment:\n\n"
            + "".join(f"  {line}\n" for line in comment.splitlines()) + "\n"
            "Your original message is attached.\n"
        )  # fmt: skip
    msg = _message(store, sender, subject, body)
    if raw is not None:
        original = BytesParser(policy=default_policy).parsebytes(raw)
        msg.add_attachment(original, disposition="attachment", filename="original.eml")
    return msg


# -- composing what is due ---------------------------------------------------------


def _last_actor(item: Item, to_state: str) -> str:
    for e in reversed(item.events):
        if e.to_state == to_state:
            return e.actor
    return ""


# Notices never need the message itself (a returned message loads it when it is read).
_NO_BODY = (defer(Item.raw),)


# Notices composed per transaction: a writer holds SQLite's only write lock while it composes,
# and the relay's puts wait behind it (a backlog of 1,000 notices in one transaction held the
# lock for a quarter of a second).
COMPOSE_BATCH = 25


def compose_due(store: Store, batch: int = COMPOSE_BATCH, pause: Callable[[float], None] | None = None) -> int:
    """Turn due notices into outbox messages; return how many messages were queued.

    Each transaction composes at most ``batch`` notices or one teacher's digest, so the
    store's writers (the relay's puts among them) never wait long behind it. ``pause``,
    when given, is called after each transaction with the seconds it took: the relay
    sleeps there so that a backlog of notices never takes the CPU from the mail it is
    answering.
    """
    queued = 0
    while True:
        started = time.monotonic()
        n, more = _compose_immediate(store, batch)
        queued += n
        if pause is not None:
            pause(time.monotonic() - started)
        if not more:
            break
    now = store.clock()
    window = store.settings.digest_minutes * 60.0
    # Digests: only the teachers whose window has passed are read. Notices of a teacher who had
    # a digest less than N minutes ago stay unread until then, however many pile up (a busy
    # gateway composes every second; re-reading them each time would grow with the pile).
    with store.read() as s:
        waiting = s.execute(
            select(Notice.recipient).where(Notice.sent.is_(None), Notice.kind == NoticeKind.DIGEST).distinct()
        ).scalars().all()
        due = [r for r in waiting if _digest_due(s, r, now, window)]
    for recipient in due:
        started = time.monotonic()
        queued += _compose_digest(store, recipient, now, window)
        if pause is not None:
            pause(time.monotonic() - started)
    return queued


def _compose_immediate(store: Store, batch: int) -> tuple[int, bool]:
    """Compose up to ``batch`` notices that are not digests; (messages queued, whether more may wait)."""
    now = store.clock()
    queued = 0
    with store.write() as s:
        # SKIP LOCKED: two relay processes composing at once never send the same notice twice (PostgreSQL;
        # SQLite serialises writers anyway).
        pending = (
            s.execute(
                select(Notice)
                .where(Notice.sent.is_(None), Notice.kind != NoticeKind.DIGEST)
                .order_by(Notice.id)
                .limit(batch)
                .with_for_update(skip_locked=True)
            )
            .scalars()
            .all()
        )
        for n in pending:
            item = s.get(Item, n.item_id, options=_NO_BODY) if n.item_id else None
            msg = _compose_one(store, s, n, item)
            if msg is not None:
                outbox.enqueue_message(
                    s, store.settings.notice_from, [n.recipient], msg.as_bytes(), now, n.item_id, store
                )
                queued += 1
            n.sent = now
    return queued, len(pending) == batch


def _compose_digest(store: Store, recipient: str, now: float, window: float) -> int:
    """One teacher's digest of the notices waiting for ``recipient``, in its own transaction."""
    with store.write() as s:
        notes = (
            s.execute(
                select(Notice)
                .where(Notice.sent.is_(None), Notice.kind == NoticeKind.DIGEST, Notice.recipient == recipient)
                .order_by(Notice.id)
                .with_for_update(skip_locked=True)
            )
            .scalars()
            .all()
        )
        if not notes:
            return 0
        teacher = normalise_address(recipient)
        state = s.get(DigestState, teacher)
        if state is not None and now - state.last_sent < window:
            return 0  # another spelling of the same address was sent a digest in this pass
        queued = 0
        ids = list(dict.fromkeys(n.item_id for n in notes if n.item_id))
        items = [
            it for it in (s.get(Item, i, options=_NO_BODY) for i in ids)
            if it is not None and it.state in (ItemState.HELD, ItemState.QUARANTINED)
        ]  # fmt: skip
        if items:
            msg = teacher_digest(store, notes[0].recipient, items)
            outbox.enqueue_message(s, store.settings.notice_from, [notes[0].recipient], msg.as_bytes(), now, None, store)
            queued = 1
            if state is None:
                s.add(DigestState(teacher=teacher, last_sent=now))
            else:
                state.last_sent = now
        for n in notes:
            n.sent = now
        return queued


def _digest_due(s: Session, recipient: str, now: float, window: float) -> bool:
    state = s.get(DigestState, normalise_address(recipient))
    return state is None or now - state.last_sent >= window


def _compose_one(store: Store, s: Session, n: Notice, item: Item | None) -> EmailMessage | None:
    if item is None:
        return None
    kind = NoticeKind(n.kind)
    if kind is NoticeKind.DSL_ALERT:
        return dsl_alert(store, n.recipient, item)
    if kind is NoticeKind.ESCALATION:
        return dsl_alert(store, n.recipient, item, escalated_by=_last_actor(item, "escalated"), comment=n.comment)
    if kind is NoticeKind.PUPIL_WAITING:
        return pupil_waiting(store, n.recipient, item)
    if kind is NoticeKind.EXPIRED_PUPIL:
        return pupil_expired(store, n.recipient, item)
    if kind is NoticeKind.EXPIRED_TEACHER:
        return teacher_expired(store, n.recipient, item)
    if kind is NoticeKind.DELIVERY_FAILED:
        return delivery_failed(store, n.recipient, item, n.comment)
    if kind is NoticeKind.RETURNED:
        return returned_notice(store, n.recipient, item, n.comment, _last_actor(item, "returned"), store.unseal(item))
    return None


__all__ = ["FindingRow", "compose_due", "dsl_alert", "pupil_waiting", "returned_notice", "teacher_digest"]
