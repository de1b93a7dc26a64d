"""Every table of the quarantine store, as SQLAlchemy 2 ORM classes.

This module is the single home of the schema: the store, the actions, the
outbox, the audit log and the web UI all use these classes.

Adding a table or a column (for example the web UI's sessions or rate limits)
=============================================================================
1. Add the class here (subclass ``Base``).
2. Add an Alembic revision under ``quarantine/migrations/versions/`` that
   creates it: copy the newest revision file, set ``revision`` to a new id and
   ``down_revision`` to the newest existing revision, and write the
   ``op.create_table(...)`` / ``op.add_column(...)`` calls by hand (use
   ``with op.batch_alter_table(...)`` for changes to existing SQLite tables).
   ``alembic -c quarantine/alembic.ini revision -m "..."`` makes the skeleton.
3. ``Store.from_config`` runs ``alembic upgrade heads`` (plural), so a branch
   made by two people adding revisions at once still upgrades; merge the heads
   later with ``alembic merge``.
``tests/quarantine/test_migrations.py`` checks that the migrated schema matches
these classes, so a table added here without a revision fails the tests.

Times are UNIX seconds (floats, UTC) everywhere: portable between SQLite and
PostgreSQL, cheap to index and compare.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, LargeBinary, String, Table, Text, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Item(Base):
    """One held or quarantined message for one set of recipients that share a verdict."""

    __tablename__ = "items"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    origin: Mapped[str] = mapped_column(String(16))  # the state it was stored in: held or quarantined
    created: Mapped[float] = mapped_column(Float)
    updated: Mapped[float] = mapped_column(Float)
    decided: Mapped[float | None] = mapped_column(Float, nullable=True)
    direction: Mapped[str] = mapped_column(String(16))
    sender: Mapped[str] = mapped_column(String(320))  # envelope sender, normalised (lower case)
    mail_from: Mapped[str] = mapped_column(String(998))  # envelope sender exactly as given
    from_header: Mapped[str] = mapped_column(String(998), default="")
    recipients: Mapped[str] = mapped_column(Text)  # JSON list, as given in RCPT TO
    subject: Mapped[str] = mapped_column(String(998), default="")
    policies: Mapped[str] = mapped_column(String(998), default="")  # ",policy-a,policy-b," for LIKE filters
    safeguarding: Mapped[bool] = mapped_column(Boolean, default=False)
    teachers: Mapped[str] = mapped_column(Text, default="[]")  # JSON list (also in item_teachers)
    client_ip: Mapped[str] = mapped_column(String(64), default="")
    helo: Mapped[str] = mapped_column(String(255), default="")
    received: Mapped[float] = mapped_column(Float)
    raw: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # None once purged
    raw_size: Mapped[int] = mapped_column(Integer, default=0)
    raw_sha256: Mapped[str] = mapped_column(String(64), default="")
    encrypted: Mapped[bool] = mapped_column(Boolean, default=False)
    purged: Mapped[float | None] = mapped_column(Float, nullable=True)
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False)
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)  # was ever escalated
    version: Mapped[int] = mapped_column(Integer, default=1)

    findings: Mapped[list[FindingRow]] = relationship(
        back_populates="item", order_by="FindingRow.seq", cascade="all, delete-orphan"
    )
    events: Mapped[list[ItemEvent]] = relationship(
        back_populates="item", order_by="ItemEvent.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        Index("ix_items_state_created", "state", "created"),
        Index("ix_items_created", "created"),
        Index("ix_items_sender_created", "sender", "created"),
    )


class ItemTeacher(Base):
    """A teacher responsible for an item (normalised address): the permission and filter index."""

    __tablename__ = "item_teachers"

    item_id: Mapped[str] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), primary_key=True)
    teacher: Mapped[str] = mapped_column(String(320), primary_key=True)
    created: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_item_teachers_teacher_created", "teacher", "created"),)


class ItemGroup(Base):
    """A group involved in an item (a group address, or a group of a pupil involved)."""

    __tablename__ = "item_groups"

    item_id: Mapped[str] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), primary_key=True)
    group_address: Mapped[str] = mapped_column(String(320), primary_key=True)
    created: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_item_groups_group_created", "group_address", "created"),)


class FindingRow(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    policy: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(255), default="")
    recipients: Mapped[str] = mapped_column(Text, default="[]")  # JSON list; empty = all

    item: Mapped[Item] = relationship(back_populates="findings")


class ItemEvent(Base):
    """The history of an item: every change of state, with who and why."""

    __tablename__ = "item_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    at: Mapped[float] = mapped_column(Float)
    from_state: Mapped[str] = mapped_column(String(16), default="")
    to_state: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(320), default="")
    comment: Mapped[str] = mapped_column(Text, default="")

    item: Mapped[Item] = relationship(back_populates="events")


class Notice(Base):
    """A notification waiting to be written and sent (see quarantine/notify.py)."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(320))
    item_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    created: Mapped[float] = mapped_column(Float)
    sent: Mapped[float | None] = mapped_column(Float, nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_notices_sent_kind", "sent", "kind"),)


class DigestState(Base):
    """When each teacher last got a digest (at most one every N minutes)."""

    __tablename__ = "digest_state"

    teacher: Mapped[str] = mapped_column(String(320), primary_key=True)
    last_sent: Mapped[float] = mapped_column(Float)


class ChainSighting(Base):
    """Chain memory: a body fingerprint seen from a sender at a time."""

    __tablename__ = "chain_memory"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fingerprint: Mapped[str] = mapped_column(String(128))
    sender: Mapped[str] = mapped_column(String(320))
    at: Mapped[float] = mapped_column(Float, index=True)

    __table_args__ = (Index("ix_chain_memory_fp_at", "fingerprint", "at"),)


class AuditRecord(Base):
    """One audit record; ``hash`` chains it to the record before (see quarantine/audit.py)."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[float] = mapped_column(Float)
    actor: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    item_id: Mapped[str] = mapped_column(String(32), default="", index=True)
    remote: Mapped[str] = mapped_column(String(128), default="")
    outcome: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The newest audit record's number and hash (one row, locked while appending)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class StaffCredential(Base):
    """A staff member's web UI password (argon2 hash); written by ``gateway staff set-password``."""

    __tablename__ = "staff_credentials"

    address: Mapped[str] = mapped_column(String(320), primary_key=True)  # normalised
    password_hash: Mapped[str] = mapped_column(String(255))
    updated_at: Mapped[float] = mapped_column(Float)


class OutboxMessage(Base):
    """A message waiting to go to the next hop: a released item, or a notification."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    purpose: Mapped[str] = mapped_column(String(32))  # delivery | notice
    item_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    mail_from: Mapped[str] = mapped_column(String(998))
    rcpt_tos: Mapped[str] = mapped_column(Text)  # JSON list
    raw: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # None: the item's raw message
    trace: Mapped[str] = mapped_column(Text, default="")  # header line(s) prepended at delivery
    sign_dkim: Mapped[bool] = mapped_column(Boolean, default=False)
    encrypted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # raw sealed at rest
    state: Mapped[str] = mapped_column(String(16))  # pending | sending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt: Mapped[float] = mapped_column(Float)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[float] = mapped_column(Float)
    done: Mapped[float | None] = mapped_column(Float, nullable=True)

    __table_args__ = (Index("ix_outbox_state_next", "state", "next_attempt"),)


class LinkUse(Base):
    """A one-time email link that has been redeemed (so a second click changes nothing)."""

    __tablename__ = "link_uses"

    token_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    used_at: Mapped[float] = mapped_column(Float)
    outcome: Mapped[str] = mapped_column(String(64), default="")


def table(cls: type[Base]) -> Table:
    """The Core table of a model (for fast ``insert(...)`` / ``update(...)`` without the ORM)."""
    return cast(Table, cls.__table__)
