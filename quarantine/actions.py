"""Teachers' operations on the quarantine, used alike by the CLI, the web UI and email links.

Every operation takes an ``Actor`` (who, their roles from the directory, from
where), checks the permission rules, applies an explicit state transition and
writes the audit log; refusals are audited too and raised as one of:

- ``NotFound``: no such item;
- ``PermissionDenied``: this staff member may not do this to this item;
- ``InvalidTransition``: the item's state does not allow it (e.g. already released);
- ``ConflictError``: someone else changed the item at the same moment (try again);
- ``BadRequest``: the request itself is incomplete (e.g. a return without a comment).

Permission rules
----------------
- headteacher: sees and decides everything;
- safeguarding lead (DSL): sees and decides items with a ``safeguarding`` finding
  and items that were escalated, from everyone; puts items on legal hold;
- teacher: sees and decides the items they are responsible for (the teachers of
  the groups of the pupils and groups involved: ``item.teachers``), except that
  items with a safeguarding finding, and escalated items, are decided by the DSL
  (a teacher may still view and escalate them);
- admin (network manager): sees every item's summary (sender, subject, policies)
  and runs maintenance, but never reads a message body or decides, unless also a
  teacher of the item (or DSL/headteacher);
- office: no access.

Transitions
-----------
``TRANSITIONS`` below is the whole table; ``escalated`` items may be released when
they were quarantined and authorised when they were held.

Concurrency: each decision is a conditional ``UPDATE ... WHERE state = :expected
AND version = :version`` inside a write transaction (SQLite takes the write lock at
BEGIN; PostgreSQL also locks the row with ``SELECT ... FOR UPDATE``), so of two
teachers acting at once exactly one succeeds and the other gets a clear refusal;
the delivery is queued in the same transaction, so it is never queued twice.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, literal_column, or_, select, update
from sqlalchemy import table as table_text
from sqlalchemy.orm import Session

from gateway.directory import Role, normalise_address
from quarantine import audit
from quarantine.models import Item, ItemEvent, ItemGroup, ItemTeacher, Notice
from quarantine.store import SAFEGUARDING, ItemState, NoticeKind, Store


class ActionError(Exception):
    """A refused operation; ``str(e)`` is a sentence for the person who asked."""

    code = "error"


class NotFound(ActionError):
    code = "not-found"


class PermissionDenied(ActionError):
    code = "permission-denied"


class InvalidTransition(ActionError):
    code = "invalid-transition"


class ConflictError(ActionError):
    code = "conflict"


class BadRequest(ActionError):
    code = "bad-request"


class Decision(enum.StrEnum):
    RELEASE = "release"
    AUTHORISE = "authorise"
    RETURN = "return"
    ESCALATE = "escalate"
    DELETE = "delete"
    EXPIRE = "expire"  # automatic (retention), never a person


S = ItemState
D = Decision

# state -> {decision: new state}. Final states (released, authorised, returned,
# deleted, expired) allow nothing.
TRANSITIONS: dict[ItemState, dict[Decision, ItemState]] = {
    S.HELD: {D.AUTHORISE: S.AUTHORISED, D.RETURN: S.RETURNED, D.ESCALATE: S.ESCALATED,
             D.DELETE: S.DELETED, D.EXPIRE: S.EXPIRED},
    S.QUARANTINED: {D.RELEASE: S.RELEASED, D.RETURN: S.RETURNED, D.ESCALATE: S.ESCALATED,
                    D.DELETE: S.DELETED, D.EXPIRE: S.EXPIRED},
    S.ESCALATED: {D.RELEASE: S.RELEASED, D.AUTHORISE: S.AUTHORISED, D.RETURN: S.RETURNED, D.DELETE: S.DELETED},
}  # fmt: skip

FINAL_STATES = frozenset({S.RELEASED, S.AUTHORISED, S.RETURNED, S.DELETED, S.EXPIRED})

_PAST = {
    D.RELEASE: "released", D.AUTHORISE: "authorised", D.RETURN: "returned", D.ESCALATE: "escalated",
    D.DELETE: "deleted", D.EXPIRE: "expired",
}  # fmt: skip


def allowed_decisions(state: ItemState, origin: ItemState) -> frozenset[Decision]:
    """What may happen next to an item in ``state`` (stored as ``origin``)."""
    allowed = set(TRANSITIONS.get(state, {}))
    if state is S.ESCALATED:
        allowed.discard(D.AUTHORISE if origin is S.QUARANTINED else D.RELEASE)
    return frozenset(allowed)


# -- who is acting -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Actor:
    """A staff member acting (or the gateway itself, for automatic events)."""

    address: str
    roles: frozenset[Role]
    remote: str = ""  # IP address, or "cli", or "email-link"

    @classmethod
    def for_staff(cls, store: Store, address: str, remote: str = "") -> Actor:
        """The staff member with this address, with their roles from the directory."""
        staff = store.config.directory.staff_member(address)
        if staff is None:
            raise PermissionDenied(f"{address} is not a staff member in the directory")
        return cls(normalise_address(staff.address), staff.roles, remote)

    @classmethod
    def system(cls, remote: str = "") -> Actor:
        return cls(audit.SYSTEM, frozenset(), remote)

    @property
    def key(self) -> str:
        return normalise_address(self.address)

    @property
    def is_system(self) -> bool:
        return self.address == audit.SYSTEM

    @property
    def role_label(self) -> str:
        return ",".join(sorted(r.value for r in self.roles)) or ("system" if self.is_system else "none")

    @property
    def is_head(self) -> bool:
        return Role.HEADTEACHER in self.roles

    @property
    def is_dsl(self) -> bool:
        return Role.SAFEGUARDING_LEAD in self.roles

    @property
    def is_teacher(self) -> bool:
        return Role.TEACHER in self.roles

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def has_access(self) -> bool:
        return self.is_system or self.is_head or self.is_dsl or self.is_teacher or self.is_admin


def _teachers(item: Item) -> list[str]:
    return [normalise_address(t) for t in json.loads(item.teachers)]


def is_teacher_of(actor: Actor, item: Item) -> bool:
    return actor.is_teacher and actor.key in _teachers(item)


def _dsl_matter(item: Item) -> bool:
    return item.safeguarding or item.escalated or item.state == S.ESCALATED


def can_see(actor: Actor, item: Item) -> bool:
    """May see the item's summary (sender, subject, policies, findings)."""
    return (
        actor.is_system
        or actor.is_head
        or actor.is_admin
        or is_teacher_of(actor, item)
        or (actor.is_dsl and _dsl_matter(item))
    )


def can_read_body(actor: Actor, item: Item) -> bool:
    """May read the message itself (admins may not, unless also responsible for it)."""
    return actor.is_head or is_teacher_of(actor, item) or (actor.is_dsl and _dsl_matter(item))


def decision_refusal(actor: Actor, item: Item, decision: Decision) -> str | None:
    """Why ``actor`` may not take ``decision`` on ``item`` (None when they may)."""
    if actor.is_system:
        return None if decision is D.EXPIRE else "the gateway only expires items"
    if decision is D.EXPIRE:
        return "items expire automatically; nobody expires them by hand"
    if actor.is_head or (actor.is_dsl and _dsl_matter(item)):
        return None
    if not is_teacher_of(actor, item):
        if actor.is_admin:
            return "the network manager manages the store but does not decide on pupils' messages"
        return f"{actor.address} is not a teacher responsible for this message"
    if item.state == S.ESCALATED:
        return "this message was escalated: the safeguarding lead decides it"
    if item.safeguarding and decision is not D.ESCALATE:
        return "messages with a safeguarding concern are decided by the safeguarding lead (you may escalate it)"
    return None


# -- views -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemSummary:
    id: str
    state: ItemState
    origin: ItemState
    sender: str
    recipients: tuple[str, ...]
    subject: str
    policies: tuple[str, ...]
    created: float
    teachers: tuple[str, ...]
    direction: str
    safeguarding: bool
    escalated: bool
    legal_hold: bool

    @classmethod
    def of(cls, item: Item) -> ItemSummary:
        return cls(
            id=item.id,
            state=ItemState(item.state),
            origin=ItemState(item.origin),
            sender=item.mail_from,
            recipients=tuple(json.loads(item.recipients)),
            subject=item.subject,
            policies=tuple(p for p in item.policies.split(",") if p),
            created=item.created,
            teachers=tuple(json.loads(item.teachers)),
            direction=item.direction,
            safeguarding=item.safeguarding,
            escalated=item.escalated,
            legal_hold=item.legal_hold,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "state": self.state.value, "origin": self.origin.value, "sender": self.sender,
            "recipients": list(self.recipients), "subject": self.subject, "policies": list(self.policies),
            "created": self.created, "teachers": list(self.teachers), "direction": self.direction,
            "safeguarding": self.safeguarding, "escalated": self.escalated, "legal_hold": self.legal_hold,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class FindingView:
    policy: str
    action: str
    reason: str
    evidence: str
    where: str
    recipients: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "policy": self.policy, "action": self.action, "reason": self.reason, "evidence": self.evidence,
            "where": self.where, "recipients": list(self.recipients),
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class EventView:
    at: float
    from_state: str
    to_state: str
    actor: str
    comment: str

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "from": self.from_state,
            "to": self.to_state,
            "actor": self.actor,
            "comment": self.comment,
        }


@dataclass(frozen=True, slots=True)
class ItemDetail:
    summary: ItemSummary
    findings: tuple[FindingView, ...]
    history: tuple[EventView, ...]
    mail_from: str
    from_header: str
    client_ip: str
    helo: str
    received: float
    decided: float | None
    raw_size: int
    purged: float | None
    raw: bytes | None  # None when purged or when the actor may not read bodies
    body_allowed: bool
    allowed: frozenset[Decision] = field(default_factory=frozenset)  # what this actor may do now

    @property
    def id(self) -> str:
        return self.summary.id

    def to_json(self, with_raw: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            **self.summary.to_json(),
            "findings": [f.to_json() for f in self.findings],
            "history": [e.to_json() for e in self.history],
            "mail_from": self.mail_from, "from_header": self.from_header, "client_ip": self.client_ip,
            "helo": self.helo, "received": self.received, "decided": self.decided, "size": self.raw_size,
            "purged": self.purged, "allowed": sorted(d.value for d in self.allowed),
        }  # fmt: skip
        if with_raw and self.raw is not None:
            out["raw"] = self.raw.decode("utf-8", "replace")
        return out


@dataclass(frozen=True, slots=True)
class ItemFilter:
    states: tuple[ItemState, ...] = ()
    policy: str | None = None
    group: str | None = None
    sender: str | None = None
    older_than: float | None = None  # seconds
    newer_than: float | None = None  # seconds
    text: str | None = None  # in sender or subject, case-insensitive
    teacher: str | None = None  # items this teacher is responsible for


@dataclass(frozen=True, slots=True)
class Page:
    items: tuple[ItemSummary, ...]
    page: int
    per_page: int
    has_more: bool


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of a decision."""

    item_id: str
    action: str  # a Decision's value, or legal-hold-on / legal-hold-off
    state: ItemState
    message: str


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# -- the operations ----------------------------------------------------------------


class Quarantine:
    """The operations, bound to a store. ``Quarantine(store).release(actor, item_id)``."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- reading -----------------------------------------------------------------

    def _visible(self, actor: Actor) -> ColumnElement[bool] | None:
        """The SQL condition for the items ``actor`` may see (None: all)."""
        if actor.is_system or actor.is_head or actor.is_admin:
            return None
        conds: list[ColumnElement[bool]] = []
        if actor.is_teacher:
            conds.append(exists().where(and_(ItemTeacher.item_id == Item.id, ItemTeacher.teacher == actor.key)))
        if actor.is_dsl:
            conds += [Item.safeguarding.is_(True), Item.escalated.is_(True)]
        return or_(*conds) if conds else false()

    def _require_access(self, actor: Actor, what: str) -> None:
        if not actor.has_access:
            self._refuse(actor, what, "", "no access to the quarantine")
            raise PermissionDenied(f"{actor.address} has no access to the quarantine")

    def list_items(self, actor: Actor, filters: ItemFilter | None = None, *, page: int = 1, per_page: int = 50) -> Page:
        """Items ``actor`` may see, newest first, one page at a time."""
        self._require_access(actor, "list")
        f = filters or ItemFilter()
        page, per_page = max(1, page), max(1, min(per_page, 500))
        conds: list[ColumnElement[bool]] = []
        visible = self._visible(actor)
        if visible is not None:
            conds.append(visible)
        if f.policy:
            conds.append(Item.policies.like(f"%,{_like_escape(f.policy)},%", escape="\\"))
        if f.group:
            g = normalise_address(f.group)
            conds.append(exists().where(and_(ItemGroup.item_id == Item.id, ItemGroup.group_address == g)))
        if f.teacher:
            t = normalise_address(f.teacher)
            conds.append(exists().where(and_(ItemTeacher.item_id == Item.id, ItemTeacher.teacher == t)))
        if f.sender:
            conds.append(Item.sender == normalise_address(f.sender))
        now = self.store.clock()
        if f.older_than is not None:
            conds.append(Item.created <= now - f.older_than)
        if f.newer_than is not None:
            conds.append(Item.created >= now - f.newer_than)
        if f.text:
            conds.append(self._text_condition(f.text))
        wanted = (page - 1) * per_page + per_page + 1
        # One query per state, each walking the (state, created) index newest first, merged here:
        # "state IN (...) ORDER BY created" would make the database sort every matching row.
        state_sets: list[list[str]] = [[st.value] for st in dict.fromkeys(f.states)] or [[]]
        rows: list[Any] = []
        with self.store.read() as s:
            for states in state_sets:
                q = select(
                    Item.id, Item.state, Item.origin, Item.mail_from, Item.recipients, Item.subject, Item.policies,
                    Item.created, Item.teachers, Item.direction, Item.safeguarding, Item.escalated, Item.legal_hold,
                )  # only the summary columns: never load raw messages for a list  # fmt: skip
                where = [*conds, Item.state == states[0]] if states else conds
                if where:
                    q = q.where(*where)
                q = q.order_by(Item.created.desc(), Item.id.desc()).limit(wanted)
                rows.extend(s.execute(q).all())
        if len(state_sets) > 1:
            rows.sort(key=lambda r: (r.created, r.id), reverse=True)
        rows = rows[(page - 1) * per_page : wanted]
        items = tuple(ItemSummary.of(r) for r in rows[:per_page])
        return Page(items, page, per_page, len(rows) > per_page)

    def _text_condition(self, text: str) -> ColumnElement[bool]:
        """Sender or subject contains ``text`` (case-insensitive), through the search index when there is one."""
        pattern = f"%{_like_escape(text)}%"
        if self.store.is_sqlite:
            if len(text) >= 3 and self.store.has_text_index:
                phrase = '"' + text.replace('"', '""') + '"'
                matches: Select[Any] = (
                    select(literal_column("rowid"))
                    .select_from(table_text("items_search"))
                    .where(literal_column("items_search").op("MATCH")("{sender subject} : " + phrase))
                )
                return literal_column("items.rowid").in_(matches)
            # SQLite's LIKE ignores ASCII case already
            return or_(Item.sender.like(pattern, escape="\\"), Item.subject.like(pattern, escape="\\"))
        both = Item.sender.concat(" ").concat(Item.subject)  # the expression of the trigram index
        return both.ilike(pattern, escape="\\")

    def get_item(self, actor: Actor, item_id: str, *, with_body: bool = True) -> ItemDetail:
        """An item in full; reading the body writes a ``view-body`` audit record."""
        self._require_access(actor, "view")
        with self.store.read() as s:
            item = s.get(Item, item_id)
            if item is None:
                self._refuse(actor, "view", item_id, "not found")
                raise NotFound(f"no item {item_id}")
            if not can_see(actor, item):
                self._refuse(actor, "view", item_id, "permission denied")
                raise PermissionDenied(f"{actor.address} may not see item {item_id}")
            body_allowed = can_read_body(actor, item)
            raw = self.store.unseal(item) if (with_body and body_allowed) else None
            state, origin = ItemState(item.state), ItemState(item.origin)
            allowed = frozenset(d for d in allowed_decisions(state, origin) if decision_refusal(actor, item, d) is None)
            detail = ItemDetail(
                summary=ItemSummary.of(item),
                findings=tuple(
                    FindingView(
                        f.policy,
                        f.action,
                        f.reason,
                        # the evidence is an excerpt of the message: only for those who may read it
                        f.evidence if body_allowed else "",
                        f.location,
                        tuple(json.loads(f.recipients)),
                    )  # fmt: skip
                    for f in item.findings
                ),
                history=tuple(EventView(e.at, e.from_state, e.to_state, e.actor, e.comment) for e in item.events),
                mail_from=item.mail_from,
                from_header=item.from_header,
                client_ip=item.client_ip,
                helo=item.helo,
                received=item.received,
                decided=item.decided,
                raw_size=item.raw_size,
                purged=item.purged,
                raw=raw,
                body_allowed=body_allowed,
                allowed=allowed,
            )
        if raw is not None:
            with self.store.write() as s:
                audit.append(
                    s, at=self.store.clock(), actor=actor.address, role=actor.role_label, action="view-body",
                    item_id=item_id, remote=actor.remote, outcome="ok",
                )  # fmt: skip
        return detail

    # -- deciding ------------------------------------------------------------------

    def release(self, actor: Actor, item_id: str, comment: str = "") -> Outcome:
        return self.decide(actor, item_id, D.RELEASE, comment)

    def authorise(self, actor: Actor, item_id: str, comment: str = "") -> Outcome:
        return self.decide(actor, item_id, D.AUTHORISE, comment)

    def return_to_sender(self, actor: Actor, item_id: str, comment: str) -> Outcome:
        return self.decide(actor, item_id, D.RETURN, comment)

    def escalate(self, actor: Actor, item_id: str, comment: str = "") -> Outcome:
        return self.decide(actor, item_id, D.ESCALATE, comment)

    def delete(self, actor: Actor, item_id: str, comment: str = "") -> Outcome:
        return self.decide(actor, item_id, D.DELETE, comment)

    def expire(self, item_id: str) -> Outcome:
        return self.decide(Actor.system(), item_id, D.EXPIRE, "")

    def decide(self, actor: Actor, item_id: str, decision: Decision, comment: str = "") -> Outcome:
        """Apply one decision, or refuse it (audited) with an ``ActionError``."""
        comment = comment.strip()
        try:
            if not actor.has_access:
                raise PermissionDenied(f"{actor.address} has no access to the quarantine")
            if decision is D.RETURN and not comment:
                raise BadRequest("returning a message needs a comment for the sender")
            if len(comment) > 4000:
                raise BadRequest("the comment is too long (at most 4000 characters)")
            with self.store.write() as s:
                return self._decide(s, actor, item_id, decision, comment)
        except ActionError as e:
            self._refuse(actor, decision.value, item_id, f"{e.code}: {e}")
            raise

    def _decide(self, s: Session, actor: Actor, item_id: str, decision: Decision, comment: str) -> Outcome:
        item = s.execute(select(Item).where(Item.id == item_id).with_for_update()).scalar_one_or_none()
        if item is None:
            raise NotFound(f"no item {item_id}")
        if not can_see(actor, item):
            raise PermissionDenied(f"{actor.address} may not act on item {item_id}")
        state, origin = ItemState(item.state), ItemState(item.origin)
        if state in FINAL_STATES:
            who = item.events[-1].actor if item.events else ""
            by = f" by {who}" if who and who != audit.SYSTEM else ""
            raise InvalidTransition(f"item {item_id} was already {state.value}{by}; nothing more can be done")
        if decision not in allowed_decisions(state, origin):
            hint = ""
            if decision is D.RELEASE and origin is S.HELD:
                hint = " (held mail is authorised, not released)"
            elif decision is D.AUTHORISE and origin is S.QUARANTINED:
                hint = " (quarantined mail is released, not authorised)"
            raise InvalidTransition(f"cannot {decision.value} an item that is {state.value}{hint}")
        refusal = decision_refusal(actor, item, decision)
        if refusal is not None:
            raise PermissionDenied(refusal)
        new_state = TRANSITIONS[state][decision]
        now = self.store.clock()
        values: dict[str, Any] = {"state": new_state.value, "updated": now, "version": item.version + 1}
        if new_state in FINAL_STATES:
            values["decided"] = now
        if new_state is S.ESCALATED:
            values["escalated"] = True
        if new_state in (S.DELETED, S.EXPIRED) and not item.legal_hold:
            values["raw"] = None
            values["purged"] = now
        result = s.execute(
            update(Item)
            .where(Item.id == item_id, Item.state == state.value, Item.version == item.version)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise ConflictError(f"item {item_id} was changed by someone else at the same moment; look again")
        s.add(ItemEvent(item_id=item_id, at=now, from_state=state.value, to_state=new_state.value,
                        actor=actor.address, comment=comment))  # fmt: skip
        self._side_effects(s, item, actor, decision, comment, now)
        audit.append(
            s, at=now, actor=actor.address, role=actor.role_label, action=decision.value, item_id=item_id,
            remote=actor.remote, outcome=new_state.value, detail={"comment_chars": len(comment)} if comment else None,
        )  # fmt: skip
        return Outcome(item_id, decision.value, new_state, f"item {item_id} {_PAST[decision]}")

    def _side_effects(self, s: Session, item: Item, actor: Actor, decision: Decision, comment: str, now: float) -> None:
        from quarantine import outbox

        directory = self.store.config.directory
        if decision in (D.RELEASE, D.AUTHORISE):
            outbox.enqueue_delivery(self.store, s, item, actor.address, _PAST[decision], now)
        elif decision is D.RETURN:
            if item.mail_from:
                s.add(Notice(kind=NoticeKind.RETURNED.value, recipient=item.mail_from, item_id=item.id,
                             created=now, comment=comment))  # fmt: skip
        elif decision is D.ESCALATE:
            for dsl in directory.staff_with_role(Role.SAFEGUARDING_LEAD):
                s.add(Notice(kind=NoticeKind.ESCALATION.value, recipient=dsl.address, item_id=item.id,
                             created=now, comment=comment))  # fmt: skip
        elif decision is D.EXPIRE:
            sender = directory.resolve(item.mail_from) if item.mail_from else None
            if sender is not None and sender.is_pupil:
                s.add(Notice(kind=NoticeKind.EXPIRED_PUPIL.value, recipient=item.mail_from, item_id=item.id,
                             created=now))  # fmt: skip
            for t in json.loads(item.teachers):
                s.add(Notice(kind=NoticeKind.EXPIRED_TEACHER.value, recipient=t, item_id=item.id, created=now))

    # -- legal hold ------------------------------------------------------------------

    def legal_hold(self, actor: Actor, item_id: str, on: bool, comment: str = "") -> Outcome:
        """Put an item on legal hold (exempt from purging) or lift it: the DSL or headteacher."""
        action = "legal-hold-on" if on else "legal-hold-off"
        try:
            if not (actor.is_dsl or actor.is_head):
                raise PermissionDenied("only the safeguarding lead or the headteacher can place or lift a legal hold")
            with self.store.write() as s:
                item = s.execute(select(Item).where(Item.id == item_id).with_for_update()).scalar_one_or_none()
                if item is None:
                    raise NotFound(f"no item {item_id}")
                if not actor.is_head and not (actor.is_dsl and (_dsl_matter(item) or is_teacher_of(actor, item))):
                    raise PermissionDenied(f"{actor.address} may not act on item {item_id}")
                if item.legal_hold == on:
                    raise InvalidTransition(f"item {item_id} is {'already' if on else 'not'} on legal hold")
                if on and item.raw is None:
                    raise InvalidTransition(f"item {item_id} has already been purged; there is nothing to hold")
                now = self.store.clock()
                s.execute(
                    update(Item).where(Item.id == item_id).values(legal_hold=on, updated=now, version=item.version + 1)
                )
                audit.append(
                    s, at=now, actor=actor.address, role=actor.role_label, action=action, item_id=item_id,
                    remote=actor.remote, outcome="ok", detail={"comment_chars": len(comment)} if comment else None,
                )  # fmt: skip
            verb = "placed on" if on else "lifted from"
            return Outcome(item_id, action, ItemState(item.state), f"legal hold {verb} item {item_id}")
        except ActionError as e:
            self._refuse(actor, action, item_id, f"{e.code}: {e}")
            raise

    # -- audit of refusals ---------------------------------------------------------

    def _refuse(self, actor: Actor, action: str, item_id: str, why: str) -> None:
        with self.store.write() as s:
            audit.append(
                s, at=self.store.clock(), actor=actor.address, role=actor.role_label, action=action,
                item_id=item_id[:32], remote=actor.remote, outcome="refused", detail={"why": why[:300]},
            )  # fmt: skip


def teachers_of(item: Item) -> Sequence[str]:
    return tuple(json.loads(item.teachers))


SAFEGUARDING_POLICY = SAFEGUARDING
