"""Store fixtures: every store test runs on SQLite and on the real PostgreSQL at 127.0.0.1:5432."""

from __future__ import annotations

import dataclasses
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gateway.config import Config, StoreConfig
from policies.engine import Engine
from policies.types import Action, Direction, Envelope, Finding
from policies.verdict import Verdict
from quarantine.store import ItemState, Store
from tests.conftest import build_eml

PG_HOST = os.environ.get("GATEWAY_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("GATEWAY_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("GATEWAY_TEST_PG_USER", "postgres")


class Clock:
    """A settable clock for the store (UNIX seconds)."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _pg_admin() -> object:
    import psycopg

    return psycopg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True, connect_timeout=3
    )


def _pg_available() -> str | None:
    try:
        conn = _pg_admin()
    except Exception as e:  # noqa: BLE001
        return f"no PostgreSQL server answers at {PG_HOST}:{PG_PORT} as {PG_USER}: {e}"
    conn.close()  # type: ignore[attr-defined]
    return None


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'gateway.db'}"
        return
    reason = _pg_available()
    if reason is not None:
        pytest.skip(reason)
    name = f"gw_test_{secrets.token_hex(6)}"
    admin = _pg_admin()
    admin.execute(f'CREATE DATABASE "{name}"')  # type: ignore[attr-defined]
    try:
        yield f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[attr-defined]
        admin.close()  # type: ignore[attr-defined]


def with_store_url(config: Config, url: str, **store: str) -> Config:
    return dataclasses.replace(config, store=StoreConfig(url=url, **store))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store_config(config: Config, store_url: str) -> Config:
    return with_store_url(config, store_url)


@pytest.fixture
def store(store_config: Config, clock: Clock) -> Iterator[Store]:
    s = Store.from_config(store_config, clock=clock)
    yield s
    s.close()


Put = Callable[..., str]


@pytest.fixture
def put(store: Store, engine: Engine) -> Put:
    """put(state=None, mail_from=..., rcpt=[...], findings=None, **build_eml kwargs) -> item id.

    Without ``findings`` the message is judged by the real engine (amelia -> museum:
    group-address-required); with ``findings`` (policy ids or Finding records) the
    verdict is made from them, so these tests do not depend on content policies.
    """

    def _put(
        *,
        state: ItemState | None = None,
        mail_from: str = "amelia.clarke@rbps.example",
        rcpt: list[str] | None = None,
        client_ip: str | None = "127.0.0.1",
        findings: list[str | Finding] | None = None,
        **kwargs: object,
    ) -> str:
        rcpts = rcpt or ["info@museum.example"]
        kwargs.setdefault("sender", mail_from)
        kwargs.setdefault("to", rcpts)
        raw = build_eml(**kwargs)  # type: ignore[arg-type]
        env = Envelope(mail_from, tuple(rcpts), raw, client_ip=client_ip)
        verdict: Verdict
        if findings is None:
            verdict = engine.judge(env)
        else:
            verdict = make_verdict(findings, rcpts)
        if state is None:
            state = ItemState.HELD if verdict.action.label == "hold" else ItemState.QUARANTINED
        return store.put(env, verdict, rcpts, state)

    return _put


def make_verdict(findings: list[str | Finding], rcpts: list[str], direction: Direction = Direction.OUTBOUND) -> Verdict:
    made = [
        f if isinstance(f, Finding) else Finding(f, f"{f} reason", evidence=f"{f} evidence", action=Action.QUARANTINE)
        for f in findings
    ]
    return Verdict.combine(direction, rcpts, made)
