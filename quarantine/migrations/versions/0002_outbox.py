"""The outbox (delivery with retries) and the record of redeemed one-time email links.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("purpose", sa.String(32), nullable=False),
        sa.Column("item_id", sa.String(32), nullable=True),
        sa.Column("mail_from", sa.String(998), nullable=False),
        sa.Column("rcpt_tos", sa.Text, nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=True),
        sa.Column("trace", sa.Text, nullable=False),
        sa.Column("sign_dkim", sa.Boolean, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt", sa.Float, nullable=False),
        sa.Column("last_error", sa.Text, nullable=False),
        sa.Column("created", sa.Float, nullable=False),
        sa.Column("done", sa.Float, nullable=True),
    )
    op.create_index("ix_outbox_item_id", "outbox", ["item_id"])
    op.create_index("ix_outbox_state_next", "outbox", ["state", "next_attempt"])
    op.create_table(
        "link_uses",
        sa.Column("token_id", sa.String(64), primary_key=True),
        sa.Column("used_at", sa.Float, nullable=False),
        sa.Column("outcome", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("link_uses")
    op.drop_table("outbox")
