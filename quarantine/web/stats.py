"""Read-only summaries for the dashboard and the audit page.

Visibility comes from ``quarantine.actions`` (``Quarantine._visible``): the web
layer never decides who may see what. These could move into
``quarantine.actions`` as operations of their own.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import or_, select

from gateway.directory import Role
from quarantine import audit
from quarantine.actions import Actor, PermissionDenied, Quarantine
from quarantine.models import AuditRecord, FindingRow, Item
from quarantine.store import ItemState
from quarantine.web.chart import WeekCounts, week_start, weeks_ending

WAITING = (ItemState.HELD.value, ItemState.QUARANTINED.value, ItemState.ESCALATED.value)
SAFEGUARDING_LEAD = "the safeguarding lead"


@dataclass(frozen=True, slots=True)
class Awaiting:
    who: str  # a teacher's address, or SAFEGUARDING_LEAD
    name: str
    count: int


def awaiting(q: Quarantine, actor: Actor, limit: int = 10_000) -> tuple[int, list[Awaiting]]:
    """How many waiting items ``actor`` can see, and who must decide them."""
    visible = q._visible(actor)
    query = select(Item.teachers, Item.safeguarding, Item.state).where(Item.state.in_(WAITING))
    if visible is not None:
        query = query.where(visible)
    counts: Counter[str] = Counter()
    total = 0
    with q.store.read() as s:
        for teachers, safeguarding, state in s.execute(query.limit(limit)):
            total += 1
            if safeguarding or state == ItemState.ESCALATED.value:
                counts[SAFEGUARDING_LEAD] += 1
            else:
                for t in json.loads(teachers) or ["(no teacher: the headteacher)"]:
                    counts[t] += 1
    directory = q.store.config.directory
    dsl_names = ", ".join(s.name or s.address for s in directory.staff_with_role(Role.SAFEGUARDING_LEAD))
    rows = []
    for who, n in counts.most_common():
        if who == SAFEGUARDING_LEAD:
            name = f"Safeguarding lead ({dsl_names})" if dsl_names else "Safeguarding lead"
        else:
            staff = directory.staff_member(who)
            name = staff.name if staff is not None and staff.name else who
        rows.append(Awaiting(who, name, n))
    return total, rows


def findings_per_week(q: Quarantine, actor: Actor, now: float, weeks: int = 8) -> list[WeekCounts]:
    """Findings (by policy) of the items ``actor`` can see, for each of the last ``weeks`` weeks."""
    days = weeks_ending(now, weeks)
    since = days[0]
    import datetime as dt

    since_ts = dt.datetime(since.year, since.month, since.day, tzinfo=dt.UTC).timestamp()
    visible = q._visible(actor)
    query = select(FindingRow.policy, Item.created).join(Item, FindingRow.item_id == Item.id)
    query = query.where(Item.created >= since_ts)
    if visible is not None:
        query = query.where(visible)
    per: dict[object, Counter[str]] = {d: Counter() for d in days}
    with q.store.read() as s:
        for policy, created in s.execute(query):
            bucket = per.get(week_start(created))
            if bucket is not None:
                bucket[policy] += 1
    return [WeekCounts(d, dict(per[d])) for d in days]


def may_read_audit(actor: Actor) -> bool:
    return actor.is_head or actor.is_dsl


def audit_search(
    q: Quarantine, actor: Actor, text: str = "", *, page: int = 1, per_page: int = 100
) -> tuple[list[audit.AuditEntry], bool]:
    """Audit records, newest first, matching ``text`` in who, what, item, outcome or from where."""
    if not may_read_audit(actor):
        raise PermissionDenied("only the headteacher and the safeguarding lead can read the audit log")
    query = select(AuditRecord)
    text = text.strip().lower()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                *(
                    col.like(pattern, escape="\\")
                    for col in (
                        AuditRecord.actor,
                        AuditRecord.action,
                        AuditRecord.item_id,
                        AuditRecord.outcome,
                        AuditRecord.remote,
                        AuditRecord.role,
                    )
                )
            )  # fmt: skip
        )
    page = max(1, page)
    query = query.order_by(AuditRecord.seq.desc()).offset((page - 1) * per_page).limit(per_page + 1)
    with q.store.read() as s:
        rows = list(s.execute(query).scalars())
        entries = [
            audit.AuditEntry(
                r.seq, r.at, r.actor, r.role, r.action, r.item_id, r.remote, r.outcome, r.detail, r.prev_hash, r.hash
            )  # fmt: skip
            for r in rows[:per_page]
        ]
    return entries, len(rows) > per_page
