"""Text search over sender and subject without scanning every item.

SQLite: an FTS5 table with the trigram tokenizer (substring search), kept in
step with ``items`` by triggers. PostgreSQL: a pg_trgm GIN index on
``sender || ' ' || subject`` when the extension can be created (it is a trusted
extension from PostgreSQL 13); without it, text search still works by scanning.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE items_search USING fts5(sender, subject, content='items', content_rowid='rowid', "
    "tokenize='trigram')",
    "CREATE TRIGGER items_search_insert AFTER INSERT ON items BEGIN "
    "INSERT INTO items_search(rowid, sender, subject) VALUES (new.rowid, new.sender, new.subject); END",
    "CREATE TRIGGER items_search_delete AFTER DELETE ON items BEGIN "
    "INSERT INTO items_search(items_search, rowid, sender, subject) VALUES ('delete', old.rowid, old.sender, "
    "old.subject); END",
    "CREATE TRIGGER items_search_update AFTER UPDATE OF sender, subject ON items BEGIN "
    "INSERT INTO items_search(items_search, rowid, sender, subject) VALUES ('delete', old.rowid, old.sender, "
    "old.subject); "
    "INSERT INTO items_search(rowid, sender, subject) VALUES (new.rowid, new.sender, new.subject); END",
    "INSERT INTO items_search(items_search) VALUES ('rebuild')",
]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        bind.exec_driver_sql("SAVEPOINT trgm")
        try:
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # noqa: BLE001 - no permission or not installed: searching scans instead
            bind.exec_driver_sql("ROLLBACK TO SAVEPOINT trgm")
            return
        bind.exec_driver_sql("RELEASE SAVEPOINT trgm")
        op.execute("CREATE INDEX ix_items_search_trgm ON items USING gin ((sender || ' ' || subject) gin_trgm_ops)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("items_search_insert", "items_search_delete", "items_search_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS items_search")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_items_search_trgm")
