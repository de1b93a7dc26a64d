"""Index items by (sender, created) so a sender's newest items list without a sort.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_items_sender_created", "items", ["sender", "created"])
    op.drop_index("ix_items_sender", table_name="items")


def downgrade() -> None:
    op.create_index("ix_items_sender", "items", ["sender"])
    op.drop_index("ix_items_sender_created", table_name="items")
