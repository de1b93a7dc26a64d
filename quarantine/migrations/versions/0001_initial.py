"""The first schema: items, findings, history, notices, chain memory, audit log, staff passwords.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "items",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("created", sa.Float, nullable=False),
        sa.Column("updated", sa.Float, nullable=False),
        sa.Column("decided", sa.Float, nullable=True),
        sa.Column("direction", sa.String(16), nullable=False),
        sa.Column("sender", sa.String(320), nullable=False),
        sa.Column("mail_from", sa.String(998), nullable=False),
        sa.Column("from_header", sa.String(998), nullable=False),
        sa.Column("recipients", sa.Text, nullable=False),
        sa.Column("subject", sa.String(998), nullable=False),
        sa.Column("policies", sa.String(998), nullable=False),
        sa.Column("safeguarding", sa.Boolean, nullable=False),
        sa.Column("teachers", sa.Text, nullable=False),
        sa.Column("client_ip", sa.String(64), nullable=False),
        sa.Column("helo", sa.String(255), nullable=False),
        sa.Column("received", sa.Float, nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=True),
        sa.Column("raw_size", sa.Integer, nullable=False),
        sa.Column("raw_sha256", sa.String(64), nullable=False),
        sa.Column("encrypted", sa.Boolean, nullable=False),
        sa.Column("purged", sa.Float, nullable=True),
        sa.Column("legal_hold", sa.Boolean, nullable=False),
        sa.Column("escalated", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_items_state_created", "items", ["state", "created"])
    op.create_index("ix_items_created", "items", ["created"])
    op.create_index("ix_items_sender", "items", ["sender"])

    op.create_table(
        "item_teachers",
        sa.Column("item_id", sa.String(32), sa.ForeignKey("items.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("teacher", sa.String(320), primary_key=True),
        sa.Column("created", sa.Float, nullable=False),
    )
    op.create_index("ix_item_teachers_teacher_created", "item_teachers", ["teacher", "created"])
    op.create_table(
        "item_groups",
        sa.Column("item_id", sa.String(32), sa.ForeignKey("items.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("group_address", sa.String(320), primary_key=True),
        sa.Column("created", sa.Float, nullable=False),
    )
    op.create_index("ix_item_groups_group_created", "item_groups", ["group_address", "created"])

    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("item_id", sa.String(32), sa.ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("policy", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("location", sa.String(255), nullable=False),
        sa.Column("recipients", sa.Text, nullable=False),
    )
    op.create_index("ix_findings_item_id", "findings", ["item_id"])

    op.create_table(
        "item_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("item_id", sa.String(32), sa.ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("from_state", sa.String(16), nullable=False),
        sa.Column("to_state", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(320), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
    )
    op.create_index("ix_item_events_item_id", "item_events", ["item_id"])

    op.create_table(
        "notices",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("item_id", sa.String(32), nullable=True),
        sa.Column("created", sa.Float, nullable=False),
        sa.Column("sent", sa.Float, nullable=True),
        sa.Column("comment", sa.Text, nullable=False),
    )
    op.create_index("ix_notices_item_id", "notices", ["item_id"])
    op.create_index("ix_notices_sent_kind", "notices", ["sent", "kind"])
    op.create_table(
        "digest_state",
        sa.Column("teacher", sa.String(320), primary_key=True),
        sa.Column("last_sent", sa.Float, nullable=False),
    )

    op.create_table(
        "chain_memory",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("fingerprint", sa.String(128), nullable=False),
        sa.Column("sender", sa.String(320), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index("ix_chain_memory_at", "chain_memory", ["at"])
    op.create_index("ix_chain_memory_fp_at", "chain_memory", ["fingerprint", "at"])

    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("actor", sa.String(320), nullable=False),
        sa.Column("role", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("item_id", sa.String(32), nullable=False),
        sa.Column("remote", sa.String(128), nullable=False),
        sa.Column("outcome", sa.String(64), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_log_item_id", "audit_log", ["item_id"])
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    head = sa.table(
        "audit_head", sa.column("id", sa.Integer), sa.column("seq", sa.Integer), sa.column("hash", sa.String)
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": "0" * 64}])

    op.create_table(
        "staff_credentials",
        sa.Column("address", sa.String(320), primary_key=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "staff_credentials", "audit_head", "audit_log", "chain_memory", "digest_state", "notices",
        "item_events", "findings", "item_groups", "item_teachers", "items",
    ):  # fmt: skip
        op.drop_table(table)
