"""The audit log: append-only and tamper-evident.

Each record carries the SHA-256 of the record before it (``prev_hash``) and its
own hash over every field, so editing a record breaks its hash and deleting one
breaks the chain (or the head, for the newest). ``verify`` walks the chain.
The application only ever appends: there is no update or delete path here.

A record says who (``actor``, ``role``), what (``action``), when (``at``),
which item, from where (``remote``) and the ``outcome``; ``detail`` holds small
facts (a comment's length, a recipient count). Never a message body or a secret.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from quarantine.models import AuditHead, AuditRecord, table

GENESIS = "0" * 64
SYSTEM = "gateway"  # the actor of automatic events


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: float
    actor: str
    role: str
    action: str
    item_id: str
    remote: str
    outcome: str
    detail: str
    prev_hash: str
    hash: str

    def to_json(self) -> dict[str, object]:
        return {
            "seq": self.seq, "at": self.at, "actor": self.actor, "role": self.role, "action": self.action,
            "item": self.item_id, "remote": self.remote, "outcome": self.outcome, "detail": self.detail,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class VerifyProblem:
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"record {self.seq}: {self.problem}"


def record_hash(
    seq: int, at: float, actor: str, role: str, action: str, item_id: str, remote: str, outcome: str,
    detail: str, prev_hash: str,
) -> str:  # fmt: skip
    canonical = json.dumps(
        [seq, repr(float(at)), actor, role, action, item_id, remote, outcome, detail, prev_hash],
        ensure_ascii=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def append(
    session: Session,
    *,
    at: float,
    actor: str,
    role: str,
    action: str,
    outcome: str,
    item_id: str = "",
    remote: str = "",
    detail: Mapping[str, Any] | None = None,
) -> int:
    """Add one record inside the caller's transaction (the head row is locked until it commits)."""
    head = session.execute(
        select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1).with_for_update()
    ).one_or_none()
    if head is None:  # created by the first migration; recreate if someone removed it
        session.execute(insert(table(AuditHead)), [{"id": 1, "seq": 0, "hash": GENESIS}])
        prev_seq, prev_hash = 0, GENESIS
    else:
        prev_seq, prev_hash = int(head.seq), str(head.hash)
    detail_text = json.dumps(dict(detail), sort_keys=True, ensure_ascii=False) if detail else ""
    seq = prev_seq + 1
    h = record_hash(seq, at, actor, role, action, item_id, remote, outcome, detail_text, prev_hash)
    session.execute(
        insert(table(AuditRecord)),
        [{"seq": seq, "at": at, "actor": actor, "role": role, "action": action, "item_id": item_id, "remote": remote,
          "outcome": outcome, "detail": detail_text, "prev_hash": prev_hash, "hash": h}],
    )  # fmt: skip
    session.execute(update(table(AuditHead)).where(AuditHead.id == 1).values(seq=seq, hash=h))
    return seq


def chain(records: Sequence[Mapping[str, Any]], prev_seq: int, prev_hash: str) -> list[dict[str, Any]]:
    """Rows for ``records`` (fields as ``append`` takes them) following (prev_seq, prev_hash), hashed in order.

    For writers that insert many records at once; they must hold the head row as ``append`` does.
    """
    rows: list[dict[str, Any]] = []
    for rec in records:
        detail = rec.get("detail")
        detail_text = json.dumps(dict(detail), sort_keys=True, ensure_ascii=False) if detail else ""
        seq = prev_seq + 1
        fields = (seq, float(rec["at"]), rec["actor"], rec["role"], rec["action"], rec.get("item_id", ""),
                  rec.get("remote", ""), rec["outcome"], detail_text)  # fmt: skip
        h = record_hash(*fields, prev_hash)
        rows.append(dict(zip(("seq", "at", "actor", "role", "action", "item_id", "remote", "outcome", "detail"),
                             fields, strict=True), prev_hash=prev_hash, hash=h))  # fmt: skip
        prev_seq, prev_hash = seq, h
    return rows


def _entry(r: AuditRecord) -> AuditEntry:
    return AuditEntry(
        r.seq, r.at, r.actor, r.role, r.action, r.item_id, r.remote, r.outcome, r.detail, r.prev_hash, r.hash
    )


def records(session: Session, *, item_id: str | None = None, limit: int | None = None) -> Iterator[AuditEntry]:
    """Records oldest first (the last ``limit`` ones when given)."""
    q = select(AuditRecord)
    if item_id is not None:
        q = q.where(AuditRecord.item_id == item_id)
    if limit is not None:
        q = q.order_by(AuditRecord.seq.desc()).limit(limit)
        rows = list(session.execute(q).scalars())
        rows.reverse()
        yield from (_entry(r) for r in rows)
        return
    for r in session.execute(q.order_by(AuditRecord.seq).execution_options(yield_per=1000)).scalars():
        yield _entry(r)


def verify(session: Session) -> list[VerifyProblem]:
    """Every break in the chain: edited, deleted or inserted records. Empty when intact."""
    problems: list[VerifyProblem] = []
    prev_seq, prev_hash = 0, GENESIS
    for r in records(session):
        if r.seq != prev_seq + 1:
            problems.append(VerifyProblem(r.seq, f"records {prev_seq + 1}..{r.seq - 1} are missing (deleted)"))
        if r.prev_hash != prev_hash:
            problems.append(
                VerifyProblem(r.seq, "does not follow the record before it (a record was removed or replaced)")
            )
        expected = record_hash(
            r.seq, r.at, r.actor, r.role, r.action, r.item_id, r.remote, r.outcome, r.detail, r.prev_hash
        )
        if expected != r.hash:
            problems.append(VerifyProblem(r.seq, "its content does not match its hash (edited)"))
        prev_seq, prev_hash = r.seq, r.hash
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != prev_seq or head.hash != prev_hash):
        problems.append(
            VerifyProblem(
                head.seq, f"the log ends at record {prev_seq} but {head.seq} were written (deleted at the end)"
            )
        )
    return problems
