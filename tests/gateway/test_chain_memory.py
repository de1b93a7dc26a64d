"""The relay's batched chain memory over the real store."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.chain_memory import BufferedChainMemory, count_in_store
from gateway.config import load_config
from quarantine.store import Store
from tests.gateway.conftest import free_port, write_config


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.from_config(load_config(write_config(tmp_path, free_port(), free_port())))
    yield s
    s.close()


def test_counts_distinct_senders_and_writes_in_batches(store: Store) -> None:
    now = time.time()
    memory = BufferedChainMemory(store, start=False)
    assert memory.remember("fp1", "amelia.clarke@rbps.example", now) == 1
    assert memory.remember("fp1", "Amelia.Clarke+x@RBPS.example", now) == 1  # the same account
    assert memory.remember("fp1", "isla.mensah@rbps.example", now) == 2
    assert memory.remember("fp2", "isla.mensah@rbps.example", now) == 1
    assert count_in_store(store, "fp1") == 0 and memory.pending() == 4  # nothing written yet
    memory.flush()
    assert count_in_store(store, "fp1") == 2 and memory.pending() == 0
    # another gateway sharing the store sees them
    other = BufferedChainMemory(store, start=False)
    assert other.remember("fp1", "zain.hussain@rbps.example", now) == 3
    memory.close()
    other.close()
    assert count_in_store(store, "fp1") == 3


def test_old_sightings_are_outside_the_window(store: Store) -> None:
    memory = BufferedChainMemory(store, start=False)
    long_ago = time.time() - memory.window - 60
    memory.remember("fp", "a@rbps.example", long_ago)
    memory.flush()
    fresh = BufferedChainMemory(store, start=False)
    assert fresh.remember("fp", "b@rbps.example", time.time()) == 1


def test_a_failed_write_keeps_the_sightings(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    memory = BufferedChainMemory(store, start=False)
    memory.remember("fp", "a@rbps.example", time.time())

    def broken() -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store, "write", broken)
    memory.flush()
    assert memory.pending() == 1
    monkeypatch.undo()
    memory.flush()
    assert memory.pending() == 0 and count_in_store(store, "fp") == 1


def test_background_thread_flushes(store: Store) -> None:
    memory = BufferedChainMemory(store, flush_seconds=0.05)
    memory.remember("fp", "a@rbps.example", time.time())
    for _ in range(100):
        if count_in_store(store, "fp") == 1:
            break
        time.sleep(0.02)
    memory.close()
    assert count_in_store(store, "fp") == 1


def test_warm_reads_the_store_once_ahead_of_remember(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    now = time.time()
    writer = BufferedChainMemory(store, start=False)
    writer.remember("fpw", "a@rbps.example", now)
    writer.flush()
    memory = BufferedChainMemory(store, start=False)
    reads: list[str] = []
    real = memory._senders_in_store

    def counted(fp: str, at: float) -> set[str]:
        reads.append(fp)
        return real(fp, at)

    monkeypatch.setattr(memory, "_senders_in_store", counted)
    assert not memory.cached("fpw")
    memory.warm("fpw", now)
    assert memory.cached("fpw") and reads == ["fpw"]
    assert memory.remember("fpw", "b@rbps.example", now) == 2  # the store's sender and this one
    assert reads == ["fpw"]  # answered from what warm read
    writer.close()
    memory.close()
