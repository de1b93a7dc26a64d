"""The default DKIM key look-up: a DNS TXT query with a short timeout and a small TTL cache.

Used only when no ``Services.dns_txt`` is given (tests always inject one). A
failed or timed-out look-up answers ``None``, which makes the signature fail
to verify: a school-domain signature that cannot be checked is not trusted.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

TIMEOUT_SECONDS = 2.0
_CACHE_SECONDS = 300.0
_NEGATIVE_CACHE_SECONDS = 30.0
_CACHE_SIZE = 256

_lock = threading.Lock()
_cache: OrderedDict[bytes, tuple[float, bytes | None]] = OrderedDict()


def _query(name: bytes) -> bytes | None:
    import dns.exception
    import dns.rdatatype
    import dns.resolver

    try:
        answer = dns.resolver.resolve(
            name.decode("ascii", "replace"), dns.rdatatype.TXT, lifetime=TIMEOUT_SECONDS, raise_on_no_answer=False
        )
    except (dns.exception.DNSException, UnicodeError, ValueError):
        return None
    for rrset in answer.response.answer:
        if rrset.rdtype == dns.rdatatype.TXT:
            for item in rrset:
                return b"".join(item.strings)
    return None


def dns_txt(name: bytes) -> bytes | None:
    """The first TXT record at ``name``, or ``None``; cached for a few minutes."""
    now = time.monotonic()
    with _lock:
        hit = _cache.get(name)
        if hit is not None and hit[0] > now:
            _cache.move_to_end(name)
            return hit[1]
    value = _query(name)
    expires = now + (_CACHE_SECONDS if value is not None else _NEGATIVE_CACHE_SECONDS)
    with _lock:
        _cache[name] = (expires, value)
        _cache.move_to_end(name)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return value
