"""DNS TXT look-ups for DKIM verification: short timeout, TTL cache, negative cache.

The spoofed-sender policy calls ``services.dns_txt(name)`` from the engine's
worker thread (the relay runs the engine with ``loop.run_in_executor``), so a
slow resolver stalls one worker, never the event loop. Answers are cached for
their TTL (bounded), failures and missing records for a short negative TTL, so
a flood of mail claiming one domain costs one look-up.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

import dns.exception
import dns.rdatatype
import dns.resolver

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 2.0
NEGATIVE_TTL = 60.0
MIN_TTL = 30.0
MAX_TTL = 3600.0
MAX_ENTRIES = 4096

Lookup = Callable[[str, float], tuple[bytes | None, float]]


def _dnspython_lookup(name: str, timeout: float) -> tuple[bytes | None, float]:
    """The TXT record of ``name`` (strings joined) and its TTL; (None, negative TTL) when absent or failing."""
    try:
        answer = dns.resolver.resolve(name, dns.rdatatype.TXT, raise_on_no_answer=False, lifetime=timeout)
    except (dns.resolver.NXDOMAIN, dns.resolver.NoNameservers, dns.resolver.NoAnswer):
        return None, NEGATIVE_TTL
    except (dns.exception.Timeout, dns.resolver.NoResolverConfiguration, dns.exception.DNSException) as e:
        log.warning("DNS TXT look-up of %s failed: %s", name, type(e).__name__)
        return None, NEGATIVE_TTL
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
    ) -> None:
        self.timeout = timeout
        self._lookup = lookup
        self._clock = clock
        self._max = max_entries
        self._cache: OrderedDict[str, tuple[float, bytes | None]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, name: bytes | str, timeout: float | None = None) -> bytes | None:
        key = (name.decode("ascii", "replace") if isinstance(name, bytes) else name).rstrip(".").lower()
        now = self._clock()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] > now:
                self._cache.move_to_end(key)
                return hit[1]
        value, ttl = self._lookup(key, min(timeout or self.timeout, self.timeout))
        ttl = NEGATIVE_TTL if value is None else min(max(ttl, MIN_TTL), MAX_TTL)
        with self._lock:
            self._cache[key] = (now + ttl, value)
            self._cache.move_to_end(key)
            while len(self._cache) > self._max:
                self._cache.popitem(last=False)
        return value
