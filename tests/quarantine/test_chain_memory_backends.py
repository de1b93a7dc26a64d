"""The relay's batched chain memory on each store backend (SQLite, and PostgreSQL when one answers)."""

from __future__ import annotations

from gateway.chain_memory import BufferedChainMemory
from quarantine.store import Store
from tests.quarantine.conftest import Clock


def test_a_second_gateway_sees_the_first_ones_sightings_once_written(store: Store, clock: Clock) -> None:
    first = BufferedChainMemory(store, start=False, cache_seconds=0.0)
    second = BufferedChainMemory(store, start=False, cache_seconds=0.0)
    now = clock()
    assert first.remember("fp-chain", "amy@rbps.example", now) == 1
    assert first.remember("fp-chain", "AMY@rbps.example", now) == 1  # the same sender, in other letters
    assert first.remember("fp-chain", "zain@rbps.example", now) == 2
    assert second.remember("fp-chain", "leo@rbps.example", now) == 1  # nothing written yet
    first.flush()
    second.flush()
    third = BufferedChainMemory(store, start=False)
    assert third.remember("fp-chain", "poppy@rbps.example", now) == 4
    assert third.remember("fp-other", "poppy@rbps.example", now) == 1
    # outside the window the sightings no longer count
    later = now + store.settings.chain_window_hours * 3600 + 60
    assert BufferedChainMemory(store, start=False).remember("fp-chain", "poppy@rbps.example", later) == 1
