"""Chain memory for the running relay: the store's sightings table, written in batches.

``Store.remember`` commits (fsyncs) one row per message, which caps a busy
gateway at the disk's fsync rate. ``BufferedChainMemory`` answers each
``remember`` from a short-lived cache of the store's distinct senders for
that fingerprint plus the sightings it has not written yet, and writes the
pending sightings in one transaction every ``flush_seconds`` (and on close).
Several gateways sharing one store see each other's sightings within about
``flush_seconds + cache_seconds``. A crash loses at most the last batch of
sightings: never mail, only a little of a heuristic's memory.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import bindparam, delete, func, select

from gateway.directory import normalise_address
from quarantine.models import ChainSighting

log = logging.getLogger(__name__)

MAX_PENDING = 100_000
PRUNE_EVERY = 60.0
_SENDERS_SINCE = (
    select(ChainSighting.sender)
    .where(ChainSighting.fingerprint == bindparam("fp"), ChainSighting.at >= bindparam("since"))
    .distinct()
)


class BufferedChainMemory:
    def __init__(
        self,
        store: Any,
        *,
        flush_seconds: float = 0.5,
        cache_seconds: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        start: bool = True,
    ) -> None:
        self.store = store
        self.window = float(store.settings.chain_window_hours) * 3600.0
        self.flush_seconds = flush_seconds
        self.cache_seconds = cache_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._pending: list[tuple[str, str, float]] = []
        self._cache: dict[str, tuple[float, set[str]]] = {}
        self._last_prune = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if start:
            self._thread = threading.Thread(target=self._run, name="chain-memory", daemon=True)
            self._thread.start()

    def remember(self, fingerprint: str, sender: str, now: float) -> int:
        """Record the sighting; the number of distinct senders of ``fingerprint`` within the window."""
        fp, who = fingerprint[:128], normalise_address(sender)
        with self._lock:
            if len(self._pending) < MAX_PENDING:
                self._pending.append((fp, who, now))
            hit = self._cache.get(fp)
            if hit is not None and hit[0] > self._clock():
                hit[1].add(who)
                return len(hit[1])
        senders = self._read(fp, now)
        with self._lock:
            senders.add(who)
        return len(senders)

    def cached(self, fingerprint: str) -> bool:
        """Whether ``remember(fingerprint, ...)`` would be answered without reading the store."""
        with self._lock:
            hit = self._cache.get(fingerprint[:128])
            return hit is not None and hit[0] > self._clock()

    def warm(self, fingerprint: str, now: float) -> None:
        """Read ``fingerprint``'s senders from the store into the cache, so that a ``remember`` soon
        after needs no store: the relay calls this in a worker thread, then judges on its event loop."""
        self._read(fingerprint[:128], now)

    def _read(self, fp: str, now: float) -> set[str]:
        """The senders of ``fp`` in the store and not yet written, cached (the live set) and returned."""
        senders = self._senders_in_store(fp, now)
        with self._lock:
            senders |= {s for f, s, _ in self._pending if f == fp}
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[fp] = (self._clock() + self.cache_seconds, senders)
        return senders

    def _senders_in_store(self, fp: str, now: float) -> set[str]:
        # Core, not the ORM: one statement built once, run on a pooled connection (a quarter of the cost).
        with self.store.read_engine.connect() as conn:
            return set(conn.execute(_SENDERS_SINCE, {"fp": fp, "since": now - self.window}).scalars())

    def flush(self) -> None:
        with self._flush_lock:
            with self._lock:
                batch, self._pending = self._pending, []
            if not batch:
                return
            now = time.time()
            try:
                with self.store.write() as s:
                    s.add_all(ChainSighting(fingerprint=f, sender=w, at=at) for f, w, at in batch)
                    if now - self._last_prune > PRUNE_EVERY:
                        s.execute(delete(ChainSighting).where(ChainSighting.at < now - self.window))
                        self._last_prune = now
            except Exception as e:  # noqa: BLE001 - keep the sightings for the next try
                log.warning("cannot write %d chain sightings: %s", len(batch), e)
                with self._lock:
                    self._pending = (batch + self._pending)[-MAX_PENDING:]

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def _run(self) -> None:
        while not self._stop.wait(self.flush_seconds):
            self.flush()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self.flush()


def count_in_store(store: Any, fingerprint: str) -> int:
    """Distinct senders of ``fingerprint`` in the store (for tests and diagnostics)."""
    with store.read() as s:
        return int(
            s.execute(
                select(func.count(func.distinct(ChainSighting.sender))).where(ChainSighting.fingerprint == fingerprint)
            ).scalar_one()
        )
