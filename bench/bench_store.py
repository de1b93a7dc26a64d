"""Quarantine store benchmark: items stored per second (fsync'd) and filtered list time at 100,000 items.

    .venv/bin/python bench/bench_store.py [--stores 2000] [--items 100000] [--backend sqlite --backend postgresql]

Targets (issue 4): at least 500 stores a second on SQLite; the first page of a
filtered list in under 50 ms at 100,000 items. PostgreSQL runs against
127.0.0.1:5432 (user postgres) in a database created and dropped here; it is
skipped with a message when no server answers.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gateway.config import Config, StoreConfig, load_config  # noqa: E402
from policies.types import Action, Direction, Envelope, Finding  # noqa: E402
from policies.verdict import Verdict  # noqa: E402
from quarantine.actions import Actor, ItemFilter, Quarantine  # noqa: E402
from quarantine.models import FindingRow, Item, ItemGroup, ItemTeacher, table  # noqa: E402
from quarantine.store import ItemState, Store  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
POLICIES = ["group-address-required", "personal-details", "offensive-content", "chain-message", "safeguarding"]


@contextmanager
def database(backend: str) -> Iterator[str | None]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as d:
            yield f"sqlite:///{d}/bench.db"
        return
    try:
        import psycopg

        admin = psycopg.connect(
            host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True, connect_timeout=3
        )
    except Exception as e:  # noqa: BLE001
        print(f"postgresql: skipped (no server at 127.0.0.1:5432: {e})")
        yield None
        return
    name = f"gw_bench_{secrets.token_hex(4)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def sample_message(i: int) -> bytes:
    body = ("Dear museum, our class would like to visit next term. " * 20).encode()
    return (
        f"From: oliver.nowak@rbps.example\r\nTo: info@museum.example\r\nSubject: Visit question {i}\r\n"
        f"Message-ID: <{i}@rbps.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n"
    ).encode() + body


def bench_stores(config: Config, url: str, n: int, threads: int = 1) -> float:
    store = Store.from_config(dataclasses.replace(config, store=StoreConfig(url=url)))
    rcpts = ["info@museum.example"]
    verdict = Verdict.combine(
        Direction.OUTBOUND,
        rcpts,
        [Finding("group-address-required", "a pupil's own account writing outside", "info@museum.example",
                 "envelope", frozenset(rcpts), Action.QUARANTINE)],
    )  # fmt: skip
    envelopes = [Envelope("oliver.nowak@rbps.example", tuple(rcpts), sample_message(i)) for i in range(n)]
    store.put(envelopes[0], verdict, rcpts, ItemState.QUARANTINED)  # warm up
    start = time.perf_counter()
    if threads == 1:
        for env in envelopes[1:]:
            store.put(env, verdict, rcpts, ItemState.QUARANTINED)
    else:  # as the relay does: several SMTP sessions at once, each put() in a worker thread
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda env: store.put(env, verdict, rcpts, ItemState.QUARANTINED), envelopes[1:]))
    elapsed = time.perf_counter() - start
    store.close()
    return (n - 1) / elapsed


def fill(store: Store, n: int) -> None:
    """Insert ``n`` items directly (as put would, minus notices and audit) for the list benchmark."""
    directory = store.config.directory
    pupils = list(directory.pupils)
    rng = random.Random(4)
    now = time.time()
    states = ["held", "quarantined"] * 2 + ["released", "returned", "deleted", "expired", "escalated", "authorised"]
    batch = 5000
    for start in range(0, n, batch):
        items, teachers, groups, findings = [], [], [], []
        for i in range(start, min(n, start + batch)):
            pupil = rng.choice(pupils)
            accounts = [directory.resolve(pupil.address)]
            ts = list(directory.teachers_for(accounts))
            policy = rng.choice(POLICIES)
            created = now - (n - i) * 30.0
            item_id = secrets.token_hex(8)
            items.append(dict(
                id=item_id, state=rng.choice(states), origin="quarantined", created=created, updated=created,
                decided=None, direction="outbound", sender=pupil.address, mail_from=pupil.address, from_header="",
                recipients=json.dumps(["info@museum.example"]), subject=f"Message number {i} about the trip",
                policies=f",{policy},", safeguarding=policy == "safeguarding", teachers=json.dumps(ts), client_ip="",
                helo="", received=created, raw=b"x" * 200, raw_size=200, raw_sha256="", encrypted=False, purged=None,
                legal_hold=False, escalated=False, version=1,
            ))  # fmt: skip
            teachers += [dict(item_id=item_id, teacher=t, created=created) for t in ts]
            groups += [dict(item_id=item_id, group_address=g, created=created) for g in pupil.groups]
            findings.append(dict(item_id=item_id, seq=0, policy=policy, action="quarantine", reason="r", evidence="e",
                                 location="body", recipients="[]"))  # fmt: skip
        with store.write() as s:
            s.execute(table(Item).insert(), items)
            s.execute(table(ItemTeacher).insert(), teachers)
            s.execute(table(ItemGroup).insert(), groups)
            s.execute(table(FindingRow).insert(), findings)
    if not store.is_sqlite:
        with store.write_engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    else:
        with store.write_engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")


def timed(fn: Callable[[], object], runs: int = 15) -> float:
    fn()  # warm
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000.0


def bench_list(config: Config, url: str, n: int) -> dict[str, float]:
    store = Store.from_config(dataclasses.replace(config, store=StoreConfig(url=url)))
    t0 = time.perf_counter()
    fill(store, n)
    print(f"  (filled {n} items in {time.perf_counter() - t0:.1f}s)")
    q = Quarantine(store)
    head = Actor.for_staff(store, "h.patel@rbps.example")
    teacher = Actor.for_staff(store, "s.wright@rbps.example")
    waiting = (ItemState.HELD, ItemState.QUARANTINED)
    cases: dict[str, Callable[[], object]] = {
        "teacher, waiting items": lambda: q.list_items(teacher, ItemFilter(states=waiting)),
        "teacher, no filter": lambda: q.list_items(teacher),
        "head, state=held": lambda: q.list_items(head, ItemFilter(states=(ItemState.HELD,))),
        "head, policy=safeguarding": lambda: q.list_items(head, ItemFilter(policy="safeguarding")),
        "head, group=year4": lambda: q.list_items(head, ItemFilter(group="year4@rbps.example")),
        "head, sender": lambda: q.list_items(head, ItemFilter(sender="poppy.taylor@rbps.example")),
        "head, older than 7 days, waiting": lambda: q.list_items(
            head, ItemFilter(states=waiting, older_than=7 * 86400)
        ),
        "dsl (head+dsl), text search": lambda: q.list_items(head, ItemFilter(text="number 99999")),
    }
    out = {name: timed(fn) for name, fn in cases.items()}
    store.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stores", type=int, default=2000)
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--backend", action="append", choices=["sqlite", "postgresql"])
    args = ap.parse_args()
    config = load_config(CORPUS / "gateway.toml")
    ok = True
    for backend in args.backend or ["sqlite", "postgresql"]:
        with database(backend) as url:
            if url is None:
                continue
            for threads in (1, 8):
                rate = bench_stores(config, url, args.stores, threads)
                target = " (target >= 500)" if backend == "sqlite" else ""
                print(
                    f"{backend}: {rate:,.0f} items stored per second, {threads} client(s), committed with fsync{target}"
                )
                ok &= backend != "sqlite" or rate >= 500
        with database(backend) as url:
            if url is None:
                continue
            print(f"{backend}: first page (50 items) at {args.items:,} items, median ms:")
            for name, ms in bench_list(config, url, args.items).items():
                flag = "" if ms < 50 else "  << over 50 ms"
                print(f"  {name:<36} {ms:7.2f} ms{flag}")
                ok &= ms < 50
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
