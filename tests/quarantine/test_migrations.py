"""Schema migrations: an old store upgrades with its items intact; the migrated schema matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from gateway.config import Config
from quarantine.models import Base, Item
from quarantine.store import MIGRATIONS, ItemState, Store, alembic_config
from tests.quarantine.conftest import Put


def _revision(store: Store) -> set[str]:
    with store.write_engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def test_store_at_first_revision_upgrades_with_items_intact(store_config: Config, put: Put, store: Store) -> None:
    # the fixture's store is at head; build a second one at revision 0001 in its own database
    del put
    store.close()
    first = Store.from_config(store_config, migrate=False)
    with first.write_engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        conn.exec_driver_sql("DROP TABLE IF EXISTS items_search")
        for table in reversed(Base.metadata.sorted_tables):
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table.name}")
    first.upgrade("0001")
    assert _revision(first) == {"0001"}
    assert "outbox" not in inspect(first.write_engine).get_table_names()
    from policies.types import Envelope
    from tests.conftest import build_eml
    from tests.quarantine.conftest import make_verdict

    raw = build_eml(body="kept through the upgrade\r\n", to="info@museum.example")
    env = Envelope("amelia.clarke@rbps.example", ("info@museum.example",), raw)
    item_id = first.put(env, make_verdict(["group-address-required"], ["info@museum.example"]), ["info@museum.example"],
                        ItemState.QUARANTINED)  # fmt: skip
    first.close()

    upgraded = Store.from_config(store_config)  # runs alembic upgrade heads
    try:
        heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
        assert _revision(upgraded) == heads
        assert "outbox" in inspect(upgraded.write_engine).get_table_names()
        with upgraded.read() as s:
            item = s.get(Item, item_id)
            assert item is not None and upgraded.unseal(item) == raw
            assert item.state == "quarantined" and [f.policy for f in item.findings] == ["group-address-required"]
        # the items stored before the text search index are found through it
        from quarantine.actions import Actor, ItemFilter, Quarantine

        head = Actor.for_staff(upgraded, "h.patel@rbps.example")
        found = Quarantine(upgraded).list_items(head, ItemFilter(text="HELL")).items
        assert [i.id for i in found] == [item_id]
    finally:
        upgraded.close()


def test_migrated_schema_matches_the_models(store: Store) -> None:
    assert MIGRATIONS.is_dir()
    with store.write_engine.connect() as conn:
        # the text search index lives outside the models (an FTS5 table on SQLite, a trigram index on PostgreSQL)
        def include(name: str | None, type_: str, parent_names: object) -> bool:
            return not (name or "").startswith(("items_search", "ix_items_search"))

        ctx = MigrationContext.configure(conn, opts={"include_name": include})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], f"models and migrations differ (add a revision): {diff}"
