"""Store fixtures: every store test runs on SQLite and on the real PostgreSQL at 127.0.0.1:5432."""

from __future__ import annotations

import dataclasses
import os
import secrets
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from gateway.config import Config, StoreConfig
from gateway.directory import Directory, Role, Staff
from policies.engine import Engine
from policies.types import Action, Direction, Envelope, Finding
from policies.verdict import Verdict
from quarantine.actions import Actor, Quarantine
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


DSL_ONLY = "r.ahmed@rbps.example"  # a safeguarding lead who is not the headteacher
HEAD = "h.patel@rbps.example"  # headteacher and safeguarding lead
YEAR6 = "j.okafor@rbps.example"  # teacher of year6 and eco-council
YEAR4 = "s.wright@rbps.example"  # teacher of year4 and eco-council
ADMIN = "d.evans@rbps.example"
OFFICE = "office@rbps.example"
SECRET = "test-secret-key-for-links"


def school_config(config: Config, url: str, **store: str) -> Config:
    """The corpus config plus a DSL who is not the headteacher, a link secret and this store URL."""
    d = config.directory
    staff = (*d.staff, Staff(DSL_ONLY, "Rukhsana Ahmed", frozenset({Role.SAFEGUARDING_LEAD}), False))
    directory = Directory(d.domains, staff, d.groups, d.pupils)
    web = dataclasses.replace(config.web, secret_key=SECRET, base_url="https://gateway.rbps.example")
    return dataclasses.replace(config, directory=directory, web=web, store=StoreConfig(url=url, **store))


@pytest.fixture
def store_config(config: Config, store_url: str) -> Config:
    return school_config(config, store_url)


@pytest.fixture
def store(store_config: Config, clock: Clock) -> Iterator[Store]:
    s = Store.from_config(store_config, clock=clock)
    yield s
    s.close()


Put = Callable[..., str]


@pytest.fixture
def put(store: Store, engine: Engine) -> Put:
    """put(state=None, mail_from=..., rcpt=[...], findings=None, judged=False, **build_eml kwargs) -> item id.

    The verdict is made from ``findings`` (policy ids or Finding records) so these
    tests do not depend on the content policies; by default a group writing
    outside gets ``external-authorisation`` (held) and anything else
    ``group-address-required`` (quarantined). ``judged=True`` uses the real engine.
    """

    def _put(
        *,
        state: ItemState | None = None,
        mail_from: str = "amelia.clarke@rbps.example",
        rcpt: list[str] | None = None,
        client_ip: str | None = "127.0.0.1",
        findings: list[str | Finding] | None = None,
        judged: bool = False,
        **kwargs: object,
    ) -> str:
        rcpts = rcpt or ["info@museum.example"]
        kwargs.setdefault("sender", mail_from)
        kwargs.setdefault("to", rcpts)
        raw = build_eml(**kwargs)  # type: ignore[arg-type]
        env = Envelope(mail_from, tuple(rcpts), raw, client_ip=client_ip)
        verdict: Verdict
        if judged:
            verdict = engine.judge(env)
        else:
            if findings is None:
                directory = store.config.directory
                external = frozenset(r for r in rcpts if not directory.is_local_domain(r))
                if directory.resolve(mail_from).is_group and external:
                    findings = [Finding("external-authorisation", "needs authorisation", recipients=external,
                                        action=Action.HOLD)]  # fmt: skip
                else:
                    findings = ["group-address-required"]
            verdict = make_verdict(findings, rcpts)
        if state is None:
            state = state_for(verdict, rcpts)
        return store.put(env, verdict, rcpts, state)

    return _put


def make_verdict(
    findings: Sequence[str | Finding], rcpts: list[str], direction: Direction = Direction.OUTBOUND
) -> Verdict:
    made = [
        f if isinstance(f, Finding) else Finding(f, f"{f} reason", evidence=f"{f} evidence", action=Action.QUARANTINE)
        for f in findings
    ]
    return Verdict.combine(direction, rcpts, made)


def state_for(verdict: Verdict, rcpts: list[str]) -> ItemState:
    strongest = max(verdict.recipients[r] for r in rcpts)
    return ItemState.HELD if strongest == Action.HOLD else ItemState.QUARANTINED


@pytest.fixture
def q(store: Store) -> Quarantine:
    return Quarantine(store)


@pytest.fixture
def actor(store: Store) -> Callable[[str], Actor]:
    return lambda address: Actor.for_staff(store, address, remote="192.0.2.7")
