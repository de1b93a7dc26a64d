"""DNS TXT look-ups for DKIM verification: asynchronous, short timeout, TTL cache, negative cache.

The relay resolves the keys a message will need before the engine runs:
``await resolver.prefetch(names)`` looks them up with dnspython's asynchronous
resolver on the event loop (one look-up in flight per name, however many
messages wait for it) and fills the cache. The spoofed-sender policy then calls
``services.dns_txt(name)`` from the engine's worker thread and finds the answer
there; only a name the prefetch did not cover is looked up synchronously, in
that worker thread, never on the event loop. Answers are cached for their TTL
(bounded), missing records for a short negative TTL, so a flood of mail claiming
one domain costs one look-up. A look-up that fails for now (a timeout, servers
that fail) is remembered for a few seconds as such, and asking for that name
raises ``DnsTemporaryError``: the relay answers 451 rather than judge the
message without its key.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable

import dns.asyncresolver
import dns.exception
import dns.rdatatype
import dns.resolver

from policies.base import TemporaryCheckError

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 2.0
NEGATIVE_TTL = 60.0
TEMPORARY_TTL = 5.0  # a timeout is remembered this long: a flood of mail waits on one look-up, not on one each
MIN_TTL = 30.0
MAX_TTL = 3600.0
MAX_ENTRIES = 4096

Lookup = Callable[[str, float], tuple[bytes | None, float]]
AsyncLookup = Callable[[str, float], Awaitable[tuple[bytes | None, float]]]
MAX_PREFETCH = 8  # names per message: a message with hundreds of signatures costs no more


class DnsTemporaryError(TemporaryCheckError):
    """The TXT record of a name cannot be had just now."""


def _dnspython_lookup(name: str, timeout: float) -> tuple[bytes | None, float]:
    """The TXT record of ``name`` (strings joined) and its TTL; (None, negative TTL) when there is none.

    Raises ``DnsTemporaryError`` when the look-up fails for now (a timeout, servers that fail).
    """
    try:
        answer = dns.resolver.resolve(name, dns.rdatatype.TXT, raise_on_no_answer=False, lifetime=timeout)
    except dns.exception.DNSException as e:
        return _failed(name, e)
    return _txt_of(answer)


async def _dnspython_async_lookup(name: str, timeout: float) -> tuple[bytes | None, float]:
    """``_dnspython_lookup`` on the event loop."""
    try:
        answer = await dns.asyncresolver.resolve(name, dns.rdatatype.TXT, raise_on_no_answer=False, lifetime=timeout)
    except dns.exception.DNSException as e:
        return _failed(name, e)
    return _txt_of(answer)


def _failed(name: str, e: dns.exception.DNSException) -> tuple[None, float]:
    """No such name, or no TXT record: there is no key. Anything else (a timeout, servers that fail) is for now."""
    if isinstance(e, (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer)):
        return None, NEGATIVE_TTL
    log.warning("DNS TXT look-up of %s failed: %s", name, type(e).__name__)
    raise DnsTemporaryError(f"DNS TXT look-up of {name} failed: {type(e).__name__}") from e


def _txt_of(answer: dns.resolver.Answer) -> tuple[bytes | None, float]:
    if answer.rrset is None:
        return None, NEGATIVE_TTL
    for rdata in answer.rrset:
        return b"".join(rdata.strings), float(answer.rrset.ttl)
    return None, NEGATIVE_TTL


class TxtResolver:
    """``resolver(name) -> bytes | None``, usable as ``Services.dns_txt`` and as dkimpy's ``dnsfunc``."""

    def __init__(
        self,
        timeout: float = DEFAULT_TIMEOUT,
        lookup: Lookup = _dnspython_lookup,
        clock: Callable[[], float] = time.monotonic,
        max_entries: int = MAX_ENTRIES,
        async_lookup: AsyncLookup = _dnspython_async_lookup,
    ) -> None:
        self.timeout = timeout
        self._lookup = lookup
        self._async_lookup = async_lookup
        self._inflight: dict[str, asyncio.Future[None]] = {}
        self._clock = clock
        self._max = max_entries
        # name -> (expires, TXT record or None, the look-up failed for now)
        self._cache: OrderedDict[str, tuple[float, bytes | None, bool]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, name: bytes | str, timeout: float | None = None) -> bytes | None:
        key = _key(name)
        now = self._clock()
        hit = self._cached(key, now)
        if hit is None:
            try:
                value, ttl = self._lookup(key, min(timeout or self.timeout, self.timeout))
            except DnsTemporaryError:
                self._store(key, now, None, TEMPORARY_TTL, temporary=True)
                raise
            self._store(key, now, value, ttl)
            return value
        if hit[2]:
            raise DnsTemporaryError(f"DNS TXT look-up of {key} failed a moment ago")
        return hit[1]

    async def prefetch(self, names: Iterable[bytes | str]) -> None:
        """Look ``names`` up asynchronously (those not cached), so that ``__call__`` finds them in the cache."""
        waits: list[asyncio.Future[None]] = []
        for name in list(dict.fromkeys(_key(n) for n in names))[:MAX_PREFETCH]:
            if self._cached(name, self._clock()) is not None:
                continue
            pending = self._inflight.get(name)
            if pending is None:
                pending = self._inflight[name] = asyncio.ensure_future(self._fetch(name))
            waits.append(pending)
        if waits:
            # shielded: one message's conversation ending must not cancel a look-up others wait for
            await asyncio.gather(*(asyncio.shield(w) for w in waits), return_exceptions=True)

    async def _fetch(self, name: str) -> None:
        try:
            now = self._clock()
            try:
                value, ttl = await asyncio.wait_for(self._async_lookup(name, self.timeout), self.timeout + 0.5)
            except (DnsTemporaryError, TimeoutError, OSError) as e:
                if not isinstance(e, DnsTemporaryError):
                    log.warning("DNS TXT look-up of %s failed: %s", name, type(e).__name__)
                self._store(name, now, None, TEMPORARY_TTL, temporary=True)
                return
            self._store(name, now, value, ttl)
        finally:
            self._inflight.pop(name, None)

    def _cached(self, key: str, now: float) -> tuple[float, bytes | None, bool] | None:
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] > now:
                self._cache.move_to_end(key)
                return hit
        return None

    def _store(self, key: str, now: float, value: bytes | None, ttl: float, *, temporary: bool = False) -> None:
        if not temporary:
            ttl = NEGATIVE_TTL if value is None else min(max(ttl, MIN_TTL), MAX_TTL)
        with self._lock:
            self._cache[key] = (now + ttl, value, temporary)
            self._cache.move_to_end(key)
            while len(self._cache) > self._max:
                self._cache.popitem(last=False)


def _key(name: bytes | str) -> str:
    return (name.decode("ascii", "replace") if isinstance(name, bytes) else name).rstrip(".").lower()
