"""The store: what put() keeps, durability settings, chain memory, failures."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text

from gateway.config import Config, ConfigError
from policies.engine import Engine
from policies.types import Action, Envelope, Finding
from quarantine.models import FindingRow, Item, ItemTeacher, Notice
from quarantine.store import ItemState, Store, StoreError, database_url
from tests.conftest import build_eml
from tests.quarantine.conftest import Clock, Put, make_verdict, with_store_url


def test_put_keeps_raw_envelope_findings_teachers(store: Store, engine: Engine) -> None:
    raw = build_eml(
        sender="amelia.clarke@rbps.example", to="info@museum.example", subject="my number",
        body="call me on 07700 900123 after school",
    )  # fmt: skip
    raw = raw.replace(b"\n", b"\r\n")  # exactly as received, CRLF and all
    env = Envelope("Amelia.Clarke@rbps.example", ("info@museum.example",), raw, client_ip="10.20.1.5", helo="pc1")
    verdict = make_verdict(
        [Finding("personal-details", "phone number", "07700 900123", action=Action.QUARANTINE), "chain-message"],
        ["info@museum.example"],
    )
    item_id = store.put(env, verdict, ["info@museum.example"], ItemState.QUARANTINED)
    with store.read() as s:
        item = s.get(Item, item_id)
        assert item is not None
        assert store.unseal(item) == raw
        assert item.state == "quarantined" and item.origin == "quarantined"
        assert item.sender == "amelia.clarke@rbps.example" and item.mail_from == "Amelia.Clarke@rbps.example"
        assert json.loads(item.recipients) == ["info@museum.example"]
        assert item.subject == "my number" and item.client_ip == "10.20.1.5" and item.helo == "pc1"
        # Amelia is in year6 (j.okafor) and eco-council (s.wright, j.okafor)
        assert json.loads(item.teachers) == ["j.okafor@rbps.example", "s.wright@rbps.example"]
        teachers = set(s.execute(select(ItemTeacher.teacher).where(ItemTeacher.item_id == item_id)).scalars())
        assert teachers == {"j.okafor@rbps.example", "s.wright@rbps.example"}
        findings = s.execute(select(FindingRow).where(FindingRow.item_id == item_id)).scalars().all()
        assert any(f.policy == "personal-details" and "07700" in f.evidence for f in findings)
        assert item.policies == ",personal-details,chain-message,"
        kinds = {(n.kind, n.recipient) for n in s.execute(select(Notice)).scalars()}
        assert ("digest", "j.okafor@rbps.example") in kinds and ("digest", "s.wright@rbps.example") in kinds
        assert ("pupil-waiting", "Amelia.Clarke@rbps.example") in kinds
        assert not any(k == "dsl-alert" for k, _ in kinds)


def test_put_keeps_only_findings_for_its_recipients(store: Store, engine: Engine) -> None:
    # a group writing to its teacher and to a museum: only the museum's copy waits
    raw = build_eml(sender="year6@rbps.example", to=["j.okafor@rbps.example", "info@museum.example"], body="hello")
    env = Envelope("year6@rbps.example", ("j.okafor@rbps.example", "info@museum.example"), raw)
    verdict = engine.judge(env)
    held = verdict.recipients_with(verdict.recipients["info@museum.example"])
    assert held == ["info@museum.example"]
    item_id = store.put(env, verdict, held, ItemState.HELD)
    with store.read() as s:
        item = s.get(Item, item_id)
        assert item is not None and item.state == "held"
        assert [f.policy for f in item.findings] == ["external-authorisation"]


def test_safeguarding_alerts_the_dsl(store: Store, put: Put) -> None:
    item_id = put(findings=["safeguarding"], rcpt=["isla.mensah@rbps.example"])
    with store.read() as s:
        item = s.get(Item, item_id)
        assert item is not None and item.safeguarding
        alerts = s.execute(select(Notice).where(Notice.kind == "dsl-alert")).scalars().all()
        assert sorted(n.recipient for n in alerts) == ["h.patel@rbps.example", "r.ahmed@rbps.example"]


def test_put_refuses_bad_state_and_no_recipients(store: Store, engine: Engine) -> None:
    raw = build_eml()
    env = Envelope("amelia.clarke@rbps.example", ("isla.mensah@rbps.example",), raw)
    verdict = engine.judge(env)
    with pytest.raises(StoreError):
        store.put(env, verdict, ["isla.mensah@rbps.example"], ItemState.RELEASED)
    with pytest.raises(StoreError):
        store.put(env, verdict, [], ItemState.QUARANTINED)


def test_put_fails_closed_when_the_database_is_gone(store: Store, engine: Engine) -> None:
    raw = build_eml()
    env = Envelope("amelia.clarke@rbps.example", ("isla.mensah@rbps.example",), raw)
    verdict = engine.judge(env)
    with store.write() as s:
        s.execute(text("DROP TABLE item_groups"))
    with pytest.raises(StoreError):
        store.put(env, verdict, ["isla.mensah@rbps.example"], ItemState.QUARANTINED)
    assert store.count() == 0  # nothing half-stored


def test_sqlite_is_wal_and_fsyncs(config: Config, tmp_path: object) -> None:
    st = Store.from_config(with_store_url(config, f"sqlite:///{tmp_path}/g.db"))
    try:
        with st.write_engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    finally:
        st.close()


def test_sqlite_log_is_checkpointed_by_a_thread_not_by_the_commits(config: Config, engine: Engine, tmp_path: object) -> None:
    import threading
    import time
    from pathlib import Path

    db = Path(f"{tmp_path}/g.db")
    st = Store.from_config(with_store_url(config, f"sqlite:///{db}"))
    try:
        with st.write_engine.connect() as conn:  # commits alone checkpoint only a very long log
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 10_000
        raw = build_eml(sender="oliver.nowak@rbps.example", to="info@museum.example", body="x" * 20_000)
        env = Envelope("oliver.nowak@rbps.example", ("info@museum.example",), raw)
        verdict = make_verdict(["group-address-required"], ["info@museum.example"])
        size = db.stat().st_size
        for _ in range(20):  # about 100 pages of log: far from the automatic checkpoint
            st.put(env, verdict, ["info@museum.example"], ItemState.QUARANTINED)
        deadline = time.monotonic() + 10
        while db.stat().st_size <= size and time.monotonic() < deadline:
            time.sleep(0.05)
        assert db.stat().st_size > size, "the log was never copied into the database"
        assert any(t.name == "sqlite-checkpoint" for t in threading.enumerate())
    finally:
        st.close()
    assert not any(t.name == "sqlite-checkpoint" and t.is_alive() for t in threading.enumerate())


def test_relative_sqlite_path_is_relative_to_the_config(config: Config) -> None:
    url = database_url(with_store_url(config, "sqlite:///data/q.db"))
    assert url.database == str(config.path.parent / "data" / "q.db")
    assert database_url(with_store_url(config, "postgresql://u@h/db")).drivername == "postgresql+psycopg"
    with pytest.raises(ConfigError):
        database_url(with_store_url(config, "sqlite:///:memory:"))
    with pytest.raises(ConfigError):
        database_url(with_store_url(config, "mysql://u@h/db"))


def test_chain_memory_counts_distinct_senders_in_window(store: Store, clock: Clock) -> None:
    t = clock.now
    assert store.remember("fp1", "a@rbps.example", t) == 1
    assert store.remember("fp1", "A@rbps.example", t + 1) == 1  # same sender, other spelling
    assert store.remember("fp1", "b@rbps.example", t + 2) == 2
    assert store.remember("fp2", "c@rbps.example", t + 3) == 1
    # 25 hours later the old sightings are out of the 24-hour window
    assert store.remember("fp1", "c@rbps.example", t + 25 * 3600) == 1


def test_encryption_at_rest(config: Config, store_url: str, engine: Engine) -> None:
    cfg = with_store_url(config, store_url, encryption_key="correct horse battery staple")
    st = Store.from_config(cfg)
    try:
        raw = build_eml(body="secret words", to="info@museum.example")
        env = Envelope("amelia.clarke@rbps.example", ("info@museum.example",), raw)
        item_id = st.put(env, engine.judge(env), ["info@museum.example"], ItemState.QUARANTINED)
        with st.read() as s:
            item = s.get(Item, item_id)
            assert item is not None and item.encrypted and item.raw is not None
            assert b"secret words" not in bytes(item.raw)
            assert st.unseal(item) == raw
    finally:
        st.close()
    plain = Store.from_config(with_store_url(config, store_url))
    try:
        with plain.read() as s:
            item = s.get(Item, item_id)
            assert item is not None
            with pytest.raises(StoreError):
                plain.unseal(item)
    finally:
        plain.close()


def test_concurrent_puts_are_all_stored_with_an_intact_audit_chain(store: Store, engine: Engine) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from quarantine import audit

    rcpts = ["info@museum.example"]
    verdict = make_verdict(["group-address-required"], rcpts)

    def one(i: int) -> str:
        raw = build_eml(sender="oliver.nowak@rbps.example", to=rcpts, subject=f"n{i}", body=f"body {i}")
        return store.put(
            Envelope("oliver.nowak@rbps.example", tuple(rcpts), raw), verdict, rcpts, ItemState.QUARANTINED
        )

    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(one, range(80)))
    assert len(set(ids)) == 80 and store.count() == 80
    with store.read() as s:
        subjects = {s.get(Item, i).subject for i in ids}  # type: ignore[union-attr]
        assert subjects == {f"n{i}" for i in range(80)}
        stored = [r for r in audit.records(s) if r.action == "stored"]
        assert len(stored) == 80 and audit.verify(s) == []
        assert s.execute(select(func.count()).select_from(Notice)).scalar_one() == 80 * 2  # digest + pupil


def test_subject_and_from_are_decoded(store: Store, engine: Engine) -> None:
    raw = (b"From: =?utf-8?q?Zo=C3=AB?= <zoe@freemail.example>\r\nTo: isla.mensah@rbps.example\r\n"
           b"Subject: =?utf-8?b?Q2Fmw6kgdGltZQ==?=\r\n  folded\r\n\r\nbody\r\n")  # fmt: skip
    env = Envelope("zoe@freemail.example", ("isla.mensah@rbps.example",), raw)
    item_id = store.put(env, make_verdict(["offensive-content"], ["isla.mensah@rbps.example"]),
                        ["isla.mensah@rbps.example"], ItemState.QUARANTINED)  # fmt: skip
    with store.read() as s:
        item = s.get(Item, item_id)
        assert item is not None and item.subject == "Café time folded" and item.from_header.startswith("Zoë")


def test_withdraw_removes_fresh_items_and_their_notices(store: Store, put: Put) -> None:
    from quarantine import audit
    from quarantine.actions import Actor, Quarantine

    a = put(mail_from="oliver.nowak@rbps.example", rcpt=["info@museum.example"])
    b = put(mail_from="isla.mensah@rbps.example", rcpt=["info@museum.example"])
    c = put(mail_from="zain.hussain@rbps.example", rcpt=["info@museum.example"])
    Quarantine(store).release(Actor.for_staff(store, "j.okafor@rbps.example"), c)
    store.withdraw([a, c], "the next hop refused the message")
    with store.read() as s:
        assert s.get(Item, a) is None and s.get(Item, b) is not None
        assert s.get(Item, c) is not None  # already decided: kept
        assert not s.execute(select(Notice).where(Notice.item_id == a)).scalars().all()
        assert not s.execute(select(ItemTeacher).where(ItemTeacher.item_id == a)).scalars().all()
        recs = [r for r in audit.records(s) if r.action == "withdrawn"]
        assert [r.item_id for r in recs] == [a] and "next hop" in recs[0].detail
        assert audit.verify(s) == []
