"""Staff sign-in: argon2 passwords, signed-cookie sessions with an idle timeout, rate limits, CSRF tokens.

The session lives in one signed cookie (itsdangerous): who is signed in, a
random session id, the CSRF token of the session, and when it was last used.
A cookie idle for longer than ``[web] session_idle_minutes`` is refused; each
request refreshes it. Signing out revokes the session id in this process.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from itsdangerous import BadSignature, URLSafeSerializer

from gateway.directory import normalise_address
from quarantine.models import StaffCredential
from quarantine.store import Store

log = logging.getLogger(__name__)

COOKIE = "gw_session"
_HASHER = PasswordHasher()
MAX_SESSION_SECONDS = 12 * 3600.0  # signed out after a working day, however busy
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
# A hash of a random password, verified against when the account has none, so that
# "no such account" and "wrong password" take the same time.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


# -- passwords ------------------------------------------------------------------


class PasswordProblem(ValueError):
    """A password that cannot be set (too short, too long)."""


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise PasswordProblem(f"the password must have at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise PasswordProblem(f"the password must have at most {MAX_PASSWORD} characters")
    return _HASHER.hash(password)


def set_password(store: Store, address: str, password: str) -> None:
    """Store ``address``'s password (argon2); the address must be a staff member in the directory."""
    staff = store.config.directory.staff_member(address)
    if staff is None:
        raise PasswordProblem(f"{address} is not a staff member in the directory")
    digest = hash_password(password)
    key = normalise_address(staff.address)
    with store.write() as s:
        row = s.get(StaffCredential, key)
        if row is None:
            s.add(StaffCredential(address=key, password_hash=digest, updated_at=store.clock()))
        else:
            row.password_hash, row.updated_at = digest, store.clock()


def password_stamp(store: Store, address: str) -> float | None:
    """When ``address``'s password was last set (None: it has none)."""
    with store.read() as s:
        row = s.get(StaffCredential, normalise_address(address))
        return float(row.updated_at) if row is not None else None


def check_password(store: Store, address: str, password: str) -> bool:
    """True when ``password`` is ``address``'s password (constant work whether or not the account exists)."""
    key = normalise_address(address)
    with store.read() as s:
        row = s.get(StaffCredential, key) if key else None
        stored = row.password_hash if row is not None else None
    try:
        ok = _HASHER.verify(stored or _DUMMY_HASH, password[:MAX_PASSWORD])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    if ok and stored is not None and _HASHER.check_needs_rehash(stored):
        try:
            with store.write() as s:
                row = s.get(StaffCredential, key)
                if row is not None:
                    row.password_hash = _HASHER.hash(password)
        except Exception:  # noqa: BLE001 - a rehash is an optimisation; signing in must not fail for it
            log.warning("could not rehash the password of %s", key)
    return ok and stored is not None


# -- rate limits ------------------------------------------------------------------


class RateLimiter:
    """At most ``limit`` failures per key within ``window`` seconds (sliding window, in memory)."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.time) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._hits.setdefault(key, deque())
        while q and q[0] <= now - self.window:
            q.popleft()
        return q

    def blocked(self, key: str) -> float:
        """Seconds until ``key`` may try again (0 when it may now)."""
        with self._lock:
            now = self.clock()
            q = self._recent(key, now)
            if len(q) < self.limit:
                if not q:
                    self._hits.pop(key, None)
                return 0.0
            return max(1.0, q[0] + self.window - now)

    def hit(self, key: str) -> None:
        with self._lock:
            now = self.clock()
            self._recent(key, now).append(now)
            if len(self._hits) > 100_000:  # bound memory under a flood of distinct keys
                for k in [k for k, q in self._hits.items() if not q or q[-1] <= now - self.window]:
                    del self._hits[k]

    def reset(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)


# -- sessions ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WebSession:
    sid: str
    csrf: str
    address: str  # "" when nobody is signed in (the sign-in form still has a CSRF token)
    last_seen: float
    started: float
    stamp: float = 0.0  # when the password was set: a new password ends every older session

    @property
    def signed_in(self) -> bool:
        return bool(self.address)


class Sessions:
    """Makes and reads the signed session cookie."""

    def __init__(self, secret: str, idle_seconds: float, clock: Callable[[], float] = time.time) -> None:
        self._ser = URLSafeSerializer(secret, salt="gateway-web-session")
        self.idle_seconds = idle_seconds
        self.clock = clock
        self._revoked: dict[str, float] = {}
        self._lock = threading.Lock()

    def new(self, address: str = "", stamp: float = 0.0) -> WebSession:
        now = self.clock()
        return WebSession(secrets.token_urlsafe(18), secrets.token_urlsafe(24), address, now, now, stamp)

    def dump(self, session: WebSession) -> str:
        return self._ser.dumps(
            [session.sid, session.csrf, session.address, session.last_seen, session.started, session.stamp]
        )

    def load(self, cookie: str | None) -> tuple[WebSession | None, bool]:
        """The session in the cookie, and whether a signed-in session has just expired."""
        if not cookie:
            return None, False
        try:
            sid, csrf, address, last_seen, started, stamp = self._ser.loads(cookie)
            session = WebSession(str(sid), str(csrf), str(address), float(last_seen), float(started), float(stamp))
        except (BadSignature, ValueError, TypeError):
            return None, False
        now = self.clock()
        with self._lock:
            if session.sid in self._revoked:
                return None, False
        if now - session.last_seen > self.idle_seconds or now - session.started > MAX_SESSION_SECONDS:
            return None, session.signed_in
        return WebSession(session.sid, session.csrf, session.address, now, session.started, session.stamp), False

    def revoke(self, session: WebSession) -> None:
        now = self.clock()
        with self._lock:
            self._revoked[session.sid] = now
            for sid in [s for s, t in self._revoked.items() if t < now - self.idle_seconds - 60]:
                del self._revoked[sid]


def csrf_ok(session: WebSession | None, token: object) -> bool:
    return session is not None and isinstance(token, str) and hmac.compare_digest(session.csrf, token)
