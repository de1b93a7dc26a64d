"""The outbox: released and authorised mail, and notifications, on their way to the next hop.

Messages are queued in the store inside the transaction that decided them (so a
decision and its delivery are one durable fact), then sent by a worker with
retries and exponential backoff while the next hop is unavailable. After
``[quarantine] delivery_attempts`` tries, or at once on a permanent (5xx) refusal,
the message is marked ``failed`` and an audit record ``delivery-failed`` reports
it; nothing is dropped silently.

The network is behind a seam: ``Transport`` (``SmtpTransport`` with aiosmtplib for
real, ``MemoryTransport`` for tests). ``run_outbox(store, transport, stop_event)``
is the long-running worker for the relay process; ``drain(store, transport)`` sends
what is due once (``gateway quarantine deliver``).

Authorised or released mail from the school to outside is DKIM-signed as it leaves,
with ``gateway.dkim.sign(raw, dkim_config)`` when that module is present and
``[dkim]`` is configured.
"""

from __future__ import annotations

import asyncio
import enum
import importlib
import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gateway.config import DkimConfig, HostPort
from quarantine import audit
from quarantine.models import Item, Notice, OutboxMessage
from quarantine.store import NoticeKind, Store, StoreError

log = logging.getLogger(__name__)

STALE_SENDING_SECONDS = 600.0  # a "sending" claim older than this was lost in a crash: retry it


class OutboxState(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class Purpose(enum.StrEnum):
    DELIVERY = "delivery"
    NOTICE = "notice"


# -- the transport seam -----------------------------------------------------------


class TransientError(Exception):
    """The next hop could not take the message now (connection refused, 4xx): try again later."""


class NextHopUnavailable(TransientError):
    """The next hop could not be reached at all (refused, unreachable, timed out): stop this round."""


class PermanentError(Exception):
    """The next hop refused the message for good (5xx)."""


Refusals = Mapping[str, tuple[int, str]]  # recipient -> (SMTP code, text)


def _refusal_text(refused: Refusals) -> str:
    texts = list(dict.fromkeys(f"{code} {text}" for code, text in refused.values()))
    return "; ".join(texts)


class Transport(Protocol):
    async def send(self, mail_from: str, rcpt_tos: Sequence[str], raw: bytes) -> Refusals:
        """Hand over one message; return the recipients the next hop refused (empty: all accepted).

        Raise ``TransientError`` or ``PermanentError`` when the whole message failed.
        """
        ...


class SmtpTransport:
    """The real next hop, over SMTP with aiosmtplib."""

    def __init__(self, next_hop: HostPort, timeout: float = 60.0, local_hostname: str | None = None) -> None:
        self.next_hop = next_hop
        self.timeout = timeout
        self.local_hostname = local_hostname or None

    async def send(self, mail_from: str, rcpt_tos: Sequence[str], raw: bytes) -> Refusals:
        import aiosmtplib

        try:
            errors, _ = await aiosmtplib.send(
                raw,
                sender=mail_from,
                recipients=list(rcpt_tos),
                hostname=self.next_hop.host,
                port=self.next_hop.port,
                timeout=self.timeout,
                local_hostname=self.local_hostname,
                use_tls=False,
                start_tls=False,
            )
        except aiosmtplib.SMTPRecipientsRefused as e:
            refused = {r.recipient: (r.code, r.message) for r in e.recipients}
            text = _refusal_text(refused)
            if all(code >= 500 for code, _ in refused.values()):
                raise PermanentError(text) from e
            raise TransientError(text) from e
        except aiosmtplib.SMTPResponseException as e:
            if 500 <= e.code < 600:
                raise PermanentError(f"{e.code} {e.message}") from e
            raise TransientError(f"{e.code} {e.message}") from e
        except (aiosmtplib.SMTPConnectError, aiosmtplib.SMTPConnectTimeoutError, OSError) as e:
            raise NextHopUnavailable(f"{type(e).__name__}: {e}") from e
        except (aiosmtplib.SMTPException, TimeoutError) as e:
            raise TransientError(f"{type(e).__name__}: {e}") from e
        return {r: (resp.code, resp.message) for r, resp in errors.items()}


@dataclass
class SentMessage:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes


@dataclass
class MemoryTransport:
    """An in-memory next hop for tests: ``up`` toggles availability; ``refuse`` maps rcpt -> (code, text)."""

    up: bool = True
    sent: list[SentMessage] = field(default_factory=list)
    refuse: dict[str, tuple[int, str]] = field(default_factory=dict)
    attempts: int = 0

    async def send(self, mail_from: str, rcpt_tos: Sequence[str], raw: bytes) -> Refusals:
        self.attempts += 1
        if not self.up:
            raise NextHopUnavailable("connection refused (next hop down)")
        refused = {r: self.refuse[r] for r in rcpt_tos if r in self.refuse}
        accepted = tuple(r for r in rcpt_tos if r not in refused)
        if not accepted:
            if all(code >= 500 for code, _ in refused.values()):
                raise PermanentError(_refusal_text(refused))
            raise TransientError(_refusal_text(refused))
        self.sent.append(SentMessage(mail_from, accepted, raw))
        return refused


# -- queueing ----------------------------------------------------------------------


def _line_ending(raw: bytes) -> bytes:
    first = raw.split(b"\n", 1)[0]
    return b"\r\n" if first.endswith(b"\r") else b"\n"


def trace_header(item_id: str, verb: str, actor: str, now: float) -> str:
    return f"X-School-Gateway: {verb} by {actor}; item {item_id}; {formatdate(now, usegmt=True)}"


def needs_dkim(store: Store, mail_from: str, rcpt_tos: Sequence[str]) -> bool:
    directory = store.config.directory
    return (
        store.config.dkim.enabled
        and bool(mail_from)
        and directory.is_local_domain(mail_from)
        and any(not directory.is_local_domain(r) for r in rcpt_tos)
    )


def enqueue_delivery(store: Store, session: Session, item: Item, actor: str, verb: str, now: float) -> None:
    """Queue an item for its recipients (inside the deciding transaction)."""
    rcpts = json.loads(item.recipients)
    session.add(
        OutboxMessage(
            purpose=Purpose.DELIVERY.value, item_id=item.id, mail_from=item.mail_from, rcpt_tos=json.dumps(rcpts),
            raw=None, trace=trace_header(item.id, verb, actor, now), sign_dkim=needs_dkim(store, item.mail_from, rcpts),
            state=OutboxState.PENDING.value, attempts=0, next_attempt=now, last_error="", created=now, done=None,
        )
    )  # fmt: skip


def enqueue_message(
    session: Session,
    mail_from: str,
    rcpt_tos: Sequence[str],
    raw: bytes,
    now: float,
    item_id: str | None = None,
    store: Store | None = None,
) -> None:
    """Queue a composed message (a notification); sealed at rest when the store encrypts."""
    sealed, encrypted = store.seal(raw) if store is not None else (raw, False)
    session.add(
        OutboxMessage(
            purpose=Purpose.NOTICE.value, item_id=item_id, mail_from=mail_from, rcpt_tos=json.dumps(list(rcpt_tos)),
            raw=sealed, trace="", sign_dkim=False, encrypted=encrypted, state=OutboxState.PENDING.value, attempts=0,
            next_attempt=now, last_error="", created=now, done=None,
        )
    )  # fmt: skip


# -- sending -----------------------------------------------------------------------


Signer = Callable[[bytes, DkimConfig], bytes]


def find_signer() -> Signer | None:
    """``gateway.dkim.sign`` when the relay's DKIM module is installed."""
    try:
        module = importlib.import_module("gateway.dkim")
    except ImportError:
        return None
    sign = getattr(module, "sign", None)
    return sign if callable(sign) else None


@dataclass
class DrainResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Job:
    id: int
    purpose: str
    item_id: str | None
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes
    attempts: int


class Outbox:
    """Sends what the store's outbox holds.

    ``background``: this outbox shares its process with SMTP conversations (the relay's
    worker, the web UI's): after each piece of work it sleeps ``BACKGROUND_PAUSE`` times as
    long as the work took, so that a backlog of notices or releases takes at most about a
    third of the CPU, never the time the relay needs to answer mail.
    """

    BACKGROUND_PAUSE = 2.0

    def __init__(
        self, store: Store, transport: Transport, signer: Signer | None = None, *, background: bool = False
    ) -> None:
        self.store = store
        self.transport = transport
        self.signer = signer if signer is not None else find_signer()
        self.background = background

    def _pause(self, spent: float) -> None:
        """In a worker thread: give the CPU (and the GIL) back for a while after ``spent`` seconds of work."""
        time.sleep(min(spent * self.BACKGROUND_PAUSE, 1.0))

    def backoff(self, attempts: int) -> float:
        s = self.store.settings
        return float(min(s.retry_max_seconds, s.retry_base_seconds * (2 ** max(0, attempts - 1))))

    def _claim(self, limit: int) -> list[_Job]:
        """Mark due messages as ``sending`` and return them with their bytes ready to send."""
        now = self.store.clock()
        jobs: list[_Job] = []
        with self.store.write() as s:
            s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.state == OutboxState.SENDING.value,
                       OutboxMessage.next_attempt < now - STALE_SENDING_SECONDS)
                .values(state=OutboxState.PENDING.value)
            )  # fmt: skip
            rows = (
                s.execute(
                    select(OutboxMessage)
                    .where(OutboxMessage.state == OutboxState.PENDING.value, OutboxMessage.next_attempt <= now)
                    .order_by(OutboxMessage.next_attempt, OutboxMessage.id)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
                .scalars()
                .all()
            )
            for row in rows:
                problem = "the message is no longer in the store"
                try:
                    raw = self._bytes_of(s, row)
                except StoreError as e:  # e.g. cannot be decrypted with the configured key
                    raw, problem = None, str(e)
                if raw is None:
                    row.state = OutboxState.FAILED.value
                    row.done = now
                    row.last_error = problem
                    self._audit_failure(s, row, now)
                    continue
                row.state = OutboxState.SENDING.value
                row.next_attempt = now
                jobs.append(_Job(row.id, row.purpose, row.item_id, row.mail_from, tuple(json.loads(row.rcpt_tos)),
                                 raw, row.attempts))  # fmt: skip
        return jobs

    def _bytes_of(self, s: Session, row: OutboxMessage) -> bytes | None:
        if row.raw is not None:
            if row.encrypted:
                if self.store.cipher is None:
                    raise StoreError(f"outbox {row.id} is encrypted but [store] encryption_key is not set")
                return self.store.cipher.decrypt(bytes(row.raw))
            return bytes(row.raw)
        item = s.get(Item, row.item_id) if row.item_id else None
        raw = self.store.unseal(item) if item is not None else None
        if raw is None:
            return None
        if row.trace:
            eol = _line_ending(raw)
            raw = row.trace.encode("utf-8") + eol + raw
        if row.sign_dkim:
            if self.signer is not None:
                raw = self.signer(raw, self.store.config.dkim)
            else:
                # TODO(relay): gateway/dkim.py with sign(raw, dkim) is not there yet; sent unsigned.
                log.warning("outbox %s: DKIM signing wanted but gateway.dkim.sign is not available", row.id)
        return raw

    def _audit_failure(self, s: Session, row: OutboxMessage, now: float) -> None:
        audit.append(
            s, at=now, actor=audit.SYSTEM, role="outbox", action="delivery-failed" if row.purpose == "delivery"
            else "notice-failed", item_id=row.item_id or "", outcome="failed",
            detail={"outbox": row.id, "attempts": row.attempts, "error": row.last_error[:300]},
        )  # fmt: skip
        log.error("outbox %s (%s, item %s) failed for good: %s", row.id, row.purpose, row.item_id, row.last_error)
        if row.purpose == Purpose.DELIVERY.value and row.item_id:
            # tell whoever released it (a notice, itself sent through the outbox)
            item = s.get(Item, row.item_id)
            decider = next(
                (e.actor for e in reversed(item.events) if e.to_state in ("released", "authorised")), ""
            ) if item is not None else ""  # fmt: skip
            if decider and decider != audit.SYSTEM:
                s.add(Notice(kind=NoticeKind.DELIVERY_FAILED.value, recipient=decider, item_id=row.item_id,
                             created=now, comment=row.last_error[:2000]))  # fmt: skip

    def _defer(self, jobs: Sequence[_Job], why: str, result: DrainResult) -> None:
        """Put claimed messages back, untried (no attempt counted), for the next round."""
        if not jobs:
            return
        now = self.store.clock()
        with self.store.write() as s:
            s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_([j.id for j in jobs]), OutboxMessage.state == OutboxState.SENDING.value)
                .values(state=OutboxState.PENDING.value, next_attempt=now + self.backoff(1),
                        last_error=f"not tried: {why}"[:2000])
            )  # fmt: skip
        result.retried += len(jobs)

    def _finish(self, job: _Job, refused: Refusals | None, error: Exception | None, result: DrainResult) -> None:
        now = self.store.clock()
        with self.store.write() as s:
            row = s.get(OutboxMessage, job.id)
            if row is None:
                return
            row.attempts = job.attempts + 1
            retry: list[str] = []
            lost: dict[str, str] = {}
            if error is None:
                for rcpt, (code, text) in (refused or {}).items():
                    if code >= 500:
                        lost[rcpt] = f"{code} {text}"
                    else:
                        retry.append(rcpt)
                delivered = [r for r in job.rcpt_tos if r not in (refused or {})]
                if delivered:
                    audit.append(
                        s, at=now, actor=audit.SYSTEM, role="outbox",
                        action="delivered" if job.purpose == "delivery" else "notice-sent",
                        item_id=job.item_id or "", outcome="sent", detail={"recipients": len(delivered)},
                    )  # fmt: skip
                    result.sent += 1
            elif isinstance(error, PermanentError):
                lost = {r: str(error) for r in job.rcpt_tos}
            else:
                retry = list(job.rcpt_tos)
            if lost:
                row.last_error = "; ".join(f"{r}: {e}" for r, e in lost.items())[:2000]
                failed = OutboxMessage(
                    purpose=row.purpose, item_id=row.item_id, mail_from=row.mail_from, rcpt_tos=json.dumps(list(lost)),
                    raw=row.raw, trace=row.trace, sign_dkim=row.sign_dkim, state=OutboxState.FAILED.value,
                    attempts=row.attempts, next_attempt=now, last_error=row.last_error, created=row.created, done=now,
                ) if retry else row  # fmt: skip
                if failed is not row:
                    s.add(failed)
                    s.flush()
                failed.state, failed.done = OutboxState.FAILED.value, now
                self._audit_failure(s, failed, now)
                result.failed += 1
                result.errors.append(f"outbox {failed.id}: {failed.last_error}")
            if retry:
                row.rcpt_tos = json.dumps(retry)
                row.last_error = str(error)[:2000] if error is not None else f"refused for now: {retry}"
                if row.attempts >= self.store.settings.delivery_attempts:
                    row.state, row.done = OutboxState.FAILED.value, now
                    row.last_error = f"gave up after {row.attempts} attempts: {row.last_error}"[:2000]
                    self._audit_failure(s, row, now)
                    result.failed += 1
                    result.errors.append(f"outbox {row.id}: {row.last_error}")
                else:
                    row.state = OutboxState.PENDING.value
                    row.next_attempt = now + self.backoff(row.attempts)
                    result.retried += 1
                    log.warning("outbox %s: will retry in %.0fs: %s", row.id, row.next_attempt - now, row.last_error)
            elif not lost:
                row.state, row.done, row.last_error = OutboxState.SENT.value, now, ""

    async def drain(self, limit: int = 100) -> DrainResult:
        """Compose due notifications, then send every message that is due (once)."""
        from quarantine import notify

        result = DrainResult()
        pause = self._pause if self.background else None
        await asyncio.to_thread(notify.compose_due, self.store, notify.COMPOSE_BATCH, pause)
        while True:
            jobs = await asyncio.to_thread(self._claim, limit)
            if not jobs:
                return result
            for i, job in enumerate(jobs):
                started = time.monotonic()
                refused: Refusals | None = None
                error: Exception | None = None
                try:
                    refused = await self.transport.send(job.mail_from, job.rcpt_tos, job.raw)
                except (TransientError, PermanentError) as e:
                    error = e
                except Exception as e:  # noqa: BLE001 - an unexpected transport failure is retried, not lost
                    error = TransientError(f"{type(e).__name__}: {e}")
                await asyncio.to_thread(self._finish, job, refused, error, result)
                if isinstance(error, NextHopUnavailable):
                    # no point trying the others now (a black-holed next hop would cost a timeout each)
                    await asyncio.to_thread(self._defer, jobs[i + 1 :], str(error), result)
                    return result
                if self.background:
                    # capped: a slow next hop is time spent waiting, not working
                    spent = min(time.monotonic() - started, 0.05)
                    await asyncio.sleep(spent * self.BACKGROUND_PAUSE)
            if len(jobs) < limit:
                return result


async def drain(store: Store, transport: Transport, limit: int = 100) -> DrainResult:
    return await Outbox(store, transport).drain(limit)


async def run_outbox(
    store: Store,
    transport: Transport,
    stop_event: asyncio.Event,
    interval: float = 5.0,
    retention_every: float | None = 3600.0,
) -> None:
    """The relay's long-running worker until ``stop_event`` is set.

    Every ``interval`` seconds: compose due notifications and send what is due.
    Every ``retention_every`` seconds (None: never): expire and purge (quarantine.retention).
    """
    from quarantine.retention import run_retention

    box = Outbox(store, transport, background=True)
    last_retention = float("-inf")
    while not stop_event.is_set():
        try:
            if retention_every is not None and store.clock() - last_retention >= retention_every:
                last_retention = store.clock()
                await asyncio.to_thread(run_retention, store)
            await box.drain()
        except Exception:  # noqa: BLE001 - the worker must survive a bad moment of the database
            log.exception("outbox: drain failed; will try again")
        try:
            await asyncio.wait_for(stop_event.wait(), timeout=interval)
        except TimeoutError:
            pass


def failures(store: Store, limit: int = 100) -> list[OutboxMessage]:
    """Messages that could not be delivered, newest first (for the CLI and the web UI)."""
    with store.read() as s:
        return list(
            s.execute(
                select(OutboxMessage)
                .where(OutboxMessage.state == OutboxState.FAILED.value)
                .order_by(OutboxMessage.done.desc())
                .limit(limit)
            ).scalars()
        )
