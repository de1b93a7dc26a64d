"""What happens to one accepted DATA: judge, then relay / store / refuse, then one reply.

The order of the work is what makes "nothing half-done" hold:

1. The engine judges the message (in a worker thread). A crash of the engine
   itself is a quarantine of every recipient, never a delivery and never a 5xx;
   a check that cannot be made just now (a DKIM key look-up that timed out) is
   a 451, and the client offers the message again later.
2. Any recipient whose verdict is ``reject``: the whole message is refused with
   550 5.7.1 and a plain reason (SMTP has one answer per DATA; refusing all is
   the only answer that neither drops a copy silently nor delivers mail that
   the sender will be told was refused). Nothing is stored or relayed.
3. The copy for the next hop is prepared (and DKIM-signed when it goes outside);
   a key that cannot be used is a 451 before anything has happened.
4. Held and quarantined copies are stored, one item per action, each committed
   (fsync'd) before the next step. A store failure withdraws what was stored in
   this step and answers 451: the client keeps the message.
5. Only then is the deliver copy relayed. If the next hop does not take it, the
   items stored in step 4 are withdrawn and the client gets 451 (or the next
   hop's 5xx): a retry can never duplicate a delivery, and the only window for
   a duplicate is a withdrawal that itself fails (a second held item for a
   teacher to see, logged loudly) or a crash between relay and answer (the
   classic SMTP duplicate, RFC 1047) - never a lost message.
"""

from __future__ import annotations

import asyncio
import enum
import json
import logging
import re
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from email.utils import format_datetime
from typing import Any, Protocol, TypeVar

from gateway.config import Config
from gateway.dkim import DkimError, read_key, sign
from gateway.relay import RelayResult, RelayStatus, Transport
from policies.base import Context, TemporaryCheckError
from policies.engine import Engine, direction_of
from policies.spoofed_sender import dkim_key_names
from policies.types import Action, Direction, Envelope, Finding
from policies.verdict import Verdict

_T = TypeVar("_T")
log = logging.getLogger(__name__)
mail_log = logging.getLogger("gateway.mail")

HEADER_NAME = "X-School-Gateway"
AGENT = "school-mail-gateway"


class Reply(enum.StrEnum):
    """Every fixed reply the gateway gives (dynamic ones are built by the functions below)."""

    # connection
    BANNER_UNTRUSTED = "554 5.7.1 This gateway does not accept mail from your network"
    TOO_MANY_CONNECTIONS = "421 4.7.0 Too many connections, please try again later"
    SHUTTING_DOWN = "421 4.3.2 The gateway is restarting, please try again later"
    SESSION_DEADLINE = "421 4.4.2 Session time limit reached, closing"
    COMMAND_TIMEOUT = "421 4.4.2 Timeout waiting for a command, closing"
    # envelope
    CONTROL_CHARACTERS = "501 5.1.3 Control characters are not allowed in addresses"
    BAD_SENDER = "553 5.1.7 The sender address is not valid"
    BAD_RECIPIENT = "553 5.1.3 The recipient address is not valid"
    NEEDS_SMTPUTF8 = "553 5.6.7 A non-ASCII address needs SMTPUTF8"
    UNKNOWN_LOCAL = "550 5.1.1 There is nobody with this email address at the school"
    TOO_MANY_RECIPIENTS = "452 4.5.3 Too many recipients, please send the rest separately"
    SENDER_OK = "250 2.1.0 Ok"
    RECIPIENT_OK = "250 2.1.5 Ok"
    # data
    SIZE_EXCEEDED = "552 5.3.4 The message is too big"
    LINE_TOO_LONG = "500 5.5.2 A line of the message is too long"
    LOOP = "554 5.4.6 Too many Received headers: the message is going round in a loop"
    BARE_LINE_ENDING = "550 5.6.11 Bare CR or LF in the message: lines must end with CRLF"
    TEMPORARY_FAILURE = "451 4.3.0 The gateway could not finish with this message, please try again later"
    CHECK_UNAVAILABLE = "451 4.4.3 The gateway cannot check this message just now, please try again later"
    NEXT_HOP_TEMPORARY = "451 4.3.0 The next mail server is not available, please try again later"


# What a pupil reads when a message is refused: plain words, no policy internals.
REJECT_REASONS: Mapping[str, str] = {
    "approved-account": "Your message was not sent because this email address is not one the school has approved.",
    "blocked-attachment": "Your message was not sent because it has a file that is not allowed.",
    "spoofed-sender": "Your message was not sent because it says it is from the school but it is not.",
    "unscannable-content": "Your message was not sent because the school could not check what is inside it.",
    "personal-details": "Your message was not sent because it shares private details about someone.",
    "meeting-arrangement": "Your message was not sent because it asks to meet someone. Please talk to an adult.",
    "offensive-content": "Your message was not sent because it has unkind or rude words in it.",
    "safeguarding": "Your message was not sent. Please talk to a teacher or a trusted adult.",
    "chain-message": "Your message was not sent because it looks like a chain message.",
}
DEFAULT_REJECT_REASON = "Your message was not sent because it breaks the school's email rules. Ask a teacher for help."

_UNSAFE_REPLY = re.compile(r"[^\x20-\x7e]")
_NOT_TOKEN = re.compile(r"[^\x21-\x7e]")
_FORBIDDEN_IN_HEADER = re.compile(r"[\r\n\x00]")


def reject_reply(verdict: Verdict) -> str:
    for f in verdict.findings:
        if f.action is Action.REJECT:
            return f"550 5.7.1 {REJECT_REASONS.get(f.policy, DEFAULT_REJECT_REASON)}"
    return f"550 5.7.1 {DEFAULT_REJECT_REASON}"


def passthrough_reply(result: RelayResult) -> str:
    """The next hop's own answer, made safe to repeat (one line of printable ASCII)."""
    text = _UNSAFE_REPLY.sub(" ", result.text.splitlines()[0] if result.text else "")[:400].strip()
    return f"{result.code} {text}".rstrip()


class HeaderInjection(ValueError):
    """A value for one of the gateway's own headers contains CR, LF or NUL."""


def header_line(name: str, value: str) -> bytes:
    if _FORBIDDEN_IN_HEADER.search(name) or _FORBIDDEN_IN_HEADER.search(value):
        raise HeaderInjection(f"refusing CR/LF/NUL in the {name} header")
    return f"{name}: {value}\r\n".encode()


def safe_token(text: str, limit: int = 255) -> str:
    """A client-supplied word (HELO name) reduced to printable ASCII without spaces."""
    return _NOT_TOKEN.sub("?", text)[:limit] or "unknown"


# -- raw message helpers (linear scans of the header section) --------------------


def header_section_end(raw: bytes) -> int:
    if raw.startswith(b"\r\n"):
        return 0
    end = raw.find(b"\r\n\r\n")
    return len(raw) if end < 0 else end + 2


def count_headers(raw: bytes, name: bytes) -> int:
    head = raw[: header_section_end(raw)]
    wanted = name.lower()
    count = 0
    for line in head.split(b"\r\n"):
        field, colon, _ = line.partition(b":")
        if colon and field.rstrip(b" \t").lower() == wanted:
            count += 1
    return count


def strip_header(raw: bytes, name: bytes) -> bytes:
    """``raw`` without any ``name:`` field (and its continuation lines); the rest byte for byte."""
    end = header_section_end(raw)
    head = raw[:end]
    if name.lower() not in head.lower():
        return raw
    wanted = name.lower()
    kept: list[bytes] = []
    dropping = False
    for line in head.split(b"\r\n")[:-1] if head.endswith(b"\r\n") else head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t"):
            if not dropping:
                kept.append(line)
            continue
        field, colon, _ = line.partition(b":")
        dropping = bool(colon) and field.rstrip(b" \t").lower() == wanted
        if not dropping:
            kept.append(line)
    new_head = b"".join(line + b"\r\n" for line in kept)
    return new_head + raw[end:]


def has_bare_line_ending(raw: bytes) -> bool:
    stripped = raw.replace(b"\r\n", b"")
    return b"\r" in stripped or b"\n" in stripped


# -- the store as the relay sees it ------------------------------------------------


class Storage(Protocol):
    """What the relay needs of ``quarantine.store.Store``."""

    def put(self, envelope: Envelope, verdict: Verdict, recipients: Sequence[str], state: Any) -> str: ...

    def withdraw(self, item_ids: Sequence[str], reason: str) -> None: ...


# -- the pipeline ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Incoming:
    """One message as the SMTP layer hands it over."""

    queue_id: str
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes
    client_ip: str | None
    helo: str
    smtputf8: bool


@dataclass(frozen=True, slots=True)
class Outcome:
    reply: str
    verdict: Verdict | None
    items: tuple[str, ...] = ()
    relayed: bool = False


INLINE_MAX_BYTES = 8 * 1024
"""Messages up to this size (the shared corpus's median is 0.7 KiB, its 90th percentile 2 KiB) are judged on
the event loop: about a millisecond, about 20 ms for 8 KiB of text dense with the policies' cues. Larger ones
go to a worker thread."""


class ItemStateName(enum.StrEnum):
    HELD = "held"
    QUARANTINED = "quarantined"


_STORED_ACTIONS: tuple[tuple[Action, ItemStateName], ...] = (
    (Action.HOLD, ItemStateName.HELD),
    (Action.QUARANTINE, ItemStateName.QUARANTINED),
)


class Pipeline:
    def __init__(
        self,
        config: Config,
        engine: Engine,
        store: Storage,
        transport: Transport,
        *,
        cpu: Executor | None = None,
        io: Executor | None = None,
        hostname: str = "localhost",
        state_of: Callable[[str], object] | None = None,
    ) -> None:
        self.config = config
        self.engine = engine
        self.store = store
        self.transport = transport
        self.cpu = cpu
        self.io = io
        self.hostname = hostname
        # The store's own state enum (quarantine.store.ItemState) when it is importable.
        self._state_of = state_of or _store_state

    async def _run(self, executor: Executor | None, fn: Callable[..., _T], *args: object) -> _T:
        return await asyncio.get_running_loop().run_in_executor(executor, fn, *args)

    async def _verdict(self, envelope: Envelope, *, in_thread: bool) -> Verdict:
        """The engine's verdict: on the event loop for a small message, in a worker thread for a large one.

        A small message costs the engine about a millisecond, and handing it to a thread and back
        costs the hand-off and the GIL passing between loop and worker (1-6% more messages a second
        without them, in paired benchmark runs), so it is judged here. Nothing it needs may block: its DKIM keys
        (``in_thread`` when it needed any) and its chain memory entries are read beforehand, off
        the loop, and anything unusual goes to the thread as before.
        """
        context = getattr(self.engine, "context", None)
        keys_of = getattr(self.engine, "chain_memory_keys", None)
        if in_thread or context is None or keys_of is None:
            return await self._run(self.cpu, self.judge, envelope)
        try:
            ctx: Context = context(envelope)
            keys: list[str] = keys_of(ctx)
        except Exception:  # noqa: BLE001 - judged again in the thread, where the failure is recorded
            return await self._run(self.cpu, self.judge, envelope)
        memory = ctx.services.chain_memory
        if keys and memory is not None:
            cached = getattr(memory, "cached", None)
            warm = getattr(memory, "warm", None)
            if cached is None or warm is None:  # a memory that cannot be read ahead: judge off the loop
                return await self._run(self.cpu, self.judge, envelope, ctx)
            now = envelope.received_at.timestamp()
            for key in keys:
                if not cached(key):
                    try:
                        # on the engine's threads, not the store's: a read must not queue behind puts
                        # waiting for the database's write lock
                        await self._run(self.cpu, warm, key, now)
                    except Exception:  # noqa: BLE001 - the policy reads (and fails) again, in the thread
                        return await self._run(self.cpu, self.judge, envelope, ctx)
        return self.judge(envelope, ctx)

    def judge(self, envelope: Envelope, ctx: Context | None = None) -> Verdict:
        try:
            return self.engine.judge_context(ctx) if ctx is not None else self.engine.judge(envelope)
        except TemporaryCheckError:
            raise  # answered 451 by ``_process``
        except Exception as e:  # noqa: BLE001 - an engine crash is a quarantine, never a delivery or a 5xx
            log.exception("the engine failed on a message from %r", envelope.mail_from)
            directory = self.config.directory
            direction = direction_of(directory.resolve(envelope.mail_from), [directory.resolve(r) for r in envelope.rcpt_tos])
            finding = Finding(
                "unscannable-content", "the gateway could not check this message, so a teacher must look",
                type(e).__name__, "message", frozenset(), Action.QUARANTINE,
            )  # fmt: skip
            return Verdict.combine(direction, envelope.rcpt_tos, [finding])

    def own_headers(self, msg: Incoming, envelope: Envelope, label: str, findings: Sequence[Finding]) -> bytes:
        ids = ",".join(dict.fromkeys(f.policy for f in findings)) or "none"
        client = f"[{msg.client_ip}]" if msg.client_ip else "unknown"
        proto = "UTF8SMTP" if msg.smtputf8 else "ESMTP"
        received = (
            f"from {safe_token(msg.helo)} ({client}) by {safe_token(self.hostname)} ({AGENT}) "
            f"with {proto} id {msg.queue_id}; {format_datetime(envelope.received_at)}"
        )
        return header_line("Received", received) + header_line(
            HEADER_NAME, f"{label}; queue-id={msg.queue_id}; findings={ids}"
        )

    def _findings_for(self, verdict: Verdict, rcpts: Sequence[str]) -> list[Finding]:
        wanted = set(rcpts)
        return [f for f in verdict.findings if not f.recipients or f.recipients & wanted]

    async def process(self, msg: Incoming) -> Outcome:
        started = time.perf_counter()
        outcome = await self._process(msg)
        self._log(msg, outcome, time.perf_counter() - started)
        return outcome

    async def _process(self, msg: Incoming) -> Outcome:
        raw = strip_header(msg.raw, HEADER_NAME.encode())
        envelope = Envelope(msg.mail_from, msg.rcpt_tos, raw, client_ip=msg.client_ip, helo=msg.helo)
        looked_up = await self._prefetch_dkim_keys(msg, raw)
        try:
            verdict = await self._verdict(envelope, in_thread=looked_up or len(raw) > INLINE_MAX_BYTES)
        except TemporaryCheckError as e:
            log.warning("queue %s: a check cannot be made just now (%s): 451", msg.queue_id, e)
            return Outcome(Reply.CHECK_UNAVAILABLE, None)
        if verdict.recipients_with(Action.REJECT):
            return Outcome(reject_reply(verdict), verdict)

        deliver = verdict.recipients_with(Action.DELIVER)
        relay_raw = b""
        if deliver:
            relay_raw = self.own_headers(msg, envelope, Action.DELIVER.label, self._findings_for(verdict, deliver)) + raw
            if self._needs_signature(verdict, deliver):
                try:
                    relay_raw = await self._run(self.io, self._sign, relay_raw)
                except DkimError as e:
                    log.error("queue %s: %s", msg.queue_id, e)
                    return Outcome(Reply.TEMPORARY_FAILURE, verdict)

        stored: list[str] = []
        for action, state in _STORED_ACTIONS:
            rcpts = verdict.recipients_with(action)
            if not rcpts:
                continue
            copy = replace(envelope, raw=self.own_headers(msg, envelope, action.label, self._findings_for(verdict, rcpts)) + raw)
            try:
                stored.append(await self._run(self.io, self.store.put, copy, verdict, rcpts, self._state_of(state)))
            except Exception as e:  # noqa: BLE001 - fail closed: any store problem is a 451
                log.error("queue %s: cannot store the %s copy: %s", msg.queue_id, state, e)
                await self._withdraw(msg, stored, "the store failed")
                return Outcome(Reply.TEMPORARY_FAILURE, verdict)

        if not deliver:
            return Outcome(f"250 2.0.0 Ok: {msg.queue_id} kept for a teacher", verdict, tuple(stored))

        try:
            result = await self.transport.send(msg.mail_from, deliver, relay_raw, smtputf8=msg.smtputf8)
        except Exception as e:  # noqa: BLE001 - a relay bug must still withdraw what was stored
            log.exception("queue %s: the relay client failed", msg.queue_id)
            result = RelayResult(RelayStatus.TEMPORARY, 0, f"relay client error: {type(e).__name__}")
        if not result.sent:
            if not await self._withdraw(msg, stored, f"the next hop answered {result.code}"):
                return Outcome(Reply.TEMPORARY_FAILURE, verdict, tuple(stored))
            if result.status is RelayStatus.PERMANENT:
                return Outcome(passthrough_reply(result), verdict)
            return Outcome(Reply.NEXT_HOP_TEMPORARY, verdict)
        if stored:
            return Outcome(f"250 2.0.0 Ok: {msg.queue_id} sent, and kept for a teacher", verdict, tuple(stored), True)
        return Outcome(passthrough_reply(result), verdict, (), True)

    async def _prefetch_dkim_keys(self, msg: Incoming, raw: bytes) -> bool:
        """Resolve the DKIM keys the spoofed-sender policy will need on the event loop, asynchronously.

        True when the message names any: the engine may still look one up itself (one the
        prefetch did not cover), so such a message is judged in a worker thread.
        """
        if self.config.relay.is_trusted(msg.client_ip):
            return False  # mail from the trusted networks is not DKIM-checked
        names = dkim_key_names(raw, self.config.school.domains)
        if not names:
            return False
        services = getattr(self.engine, "services", None)  # test doubles of the engine may have none
        prefetch = getattr(getattr(services, "dns_txt", None), "prefetch", None)
        if prefetch is not None:
            try:
                await prefetch(names)
            except Exception:  # noqa: BLE001 - the engine's own look-up still runs (in its worker thread)
                log.exception("queue %s: DKIM key prefetch failed", msg.queue_id)
        return True

    async def _withdraw(self, msg: Incoming, item_ids: Sequence[str], reason: str) -> bool:
        if not item_ids:
            return True
        try:
            await self._run(self.io, self.store.withdraw, list(item_ids), reason)
            return True
        except Exception as e:  # noqa: BLE001 - report, and answer 4xx anyway
            log.error("queue %s: could not withdraw stored items %s (%s): a retry may store them twice", msg.queue_id, item_ids, e)
            return False

    def _needs_signature(self, verdict: Verdict, rcpts: Sequence[str]) -> bool:
        if not self.config.dkim.enabled or verdict.direction is not Direction.OUTBOUND:
            return False
        directory = self.config.directory
        return any(directory.resolve(r).is_external for r in rcpts)

    def _sign(self, raw: bytes) -> bytes:
        assert self.config.dkim.private_key is not None
        return sign(raw, self.config.dkim, read_key(self.config.dkim.private_key))

    def _log(self, msg: Incoming, outcome: Outcome, seconds: float) -> None:
        verdict = outcome.verdict
        record = {
            "event": "message",
            "queue_id": msg.queue_id,
            "client": msg.client_ip,
            "helo": safe_token(msg.helo),
            "sender": msg.mail_from,
            "recipients": {r: verdict.recipients[r].label for r in msg.rcpt_tos} if verdict else list(msg.rcpt_tos),
            "verdict": verdict.action.label if verdict else None,
            "policies": list(verdict.policies) if verdict else [],
            "size": len(msg.raw),
            "items": list(outcome.items),
            "relayed": outcome.relayed,
            "reply": str(outcome.reply),
            "ms": round(seconds * 1000, 1),
        }
        mail_log.info(json.dumps(record, ensure_ascii=False))


def _store_state(name: str) -> object:
    try:
        from quarantine.store import ItemState
    except ImportError:  # pragma: no cover - the store is part of the package
        return name
    return ItemState(name)
