"""The wire layer: an aiosmtpd protocol with the gateway's limits, and a handler.

It translates SMTP into the pipeline's terms and back and holds no policy:
who may connect (``[relay] trusted_networks``, ``max_connections``), envelope
checks at MAIL and RCPT, the limits on DATA, and at end of DATA one call to
``Pipeline.process``, whose reply it sends.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session
from email_validator import EmailNotValidError, validate_email

from gateway.config import Config
from gateway.directory import AccountKind
from gateway.pipeline import Incoming, Pipeline, Reply, count_headers, has_bare_line_ending

log = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
NULL_SENDER = "<>"
# A plain "<local@domain>" at the start of a MAIL/RCPT argument: no quotes, comments, escapes or
# source route, and not followed by a comment. Only these take the cached path in ``_getaddr``.
_PLAIN_ANGLE_ADDR = re.compile(r"[ \t]*(<[^<>\"\\()\s,:;]+>)(?![ \t]*\()")
_ADDRESS_CACHE_SIZE = 4096

# aiosmtpd's own fixed replies, given enhanced status codes and plain words.
_AIOSMTPD_REPLIES: dict[str, str] = {
    "552 Error: message size exceeds fixed maximum message size": Reply.SIZE_EXCEEDED,
    "552 Error: Too much mail data": Reply.SIZE_EXCEEDED,
    "500 Line too long (see RFC5321 4.5.3.1.6)": Reply.LINE_TOO_LONG,
    "500 Command line too long": Reply.LINE_TOO_LONG,
}


def new_queue_id() -> str:
    return secrets.token_hex(6).upper()


class Handler:
    """aiosmtpd hooks: MAIL and RCPT checks; DATA goes to the pipeline."""

    def __init__(self, config: Config, pipeline: Pipeline) -> None:
        self.config = config
        self.pipeline = pipeline

    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]) -> str:
        if address != NULL_SENDER:
            problem = _address_problem(address, bool(envelope.smtp_utf8), Reply.BAD_SENDER)
            if problem:
                return problem
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return Reply.SENDER_OK

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]) -> str:
        problem = _address_problem(address, bool(envelope.smtp_utf8), Reply.BAD_RECIPIENT)
        if problem:
            return problem
        if self.config.directory.resolve(address).kind is AccountKind.UNKNOWN_LOCAL:
            return Reply.UNKNOWN_LOCAL
        if len(envelope.rcpt_tos) >= self.config.relay.max_recipients:
            return Reply.TOO_MANY_RECIPIENTS
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return Reply.RECIPIENT_OK

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if has_bare_line_ending(raw):
            return Reply.BARE_LINE_ENDING
        if count_headers(raw, b"received") >= self.config.relay.max_received_headers:
            return Reply.LOOP
        peer = session.peer
        msg = Incoming(
            queue_id=new_queue_id(),
            mail_from="" if envelope.mail_from == NULL_SENDER else str(envelope.mail_from),
            rcpt_tos=tuple(envelope.rcpt_tos),
            raw=raw,
            client_ip=peer[0] if isinstance(peer, tuple) else None,
            helo=str(session.host_name or ""),
            smtputf8=bool(envelope.smtp_utf8),
        )
        # Shielded: a client that hangs up mid-way must not cut the work in half
        # (a stored item without its withdrawal, a relay without its log line).
        task = asyncio.ensure_future(self.pipeline.process(msg))
        if isinstance(server, GatewaySMTP):
            server.busy = task
        try:
            outcome = await asyncio.shield(task)
        finally:
            if isinstance(server, GatewaySMTP):
                server.busy = None
        return str(outcome.reply)

    async def handle_exception(self, error: Exception) -> str:
        log.error("SMTP session error: %s: %s", type(error).__name__, error)
        return Reply.TEMPORARY_FAILURE


@functools.lru_cache(maxsize=_ADDRESS_CACHE_SIZE)
def _address_problem(address: str, smtputf8: bool, bad: Reply) -> str | None:
    """The refusal for an envelope address, or None. Cached: a school's addresses repeat all day."""
    if _CONTROL.search(address):
        return Reply.CONTROL_CHARACTERS
    if not address.isascii() and not smtputf8:
        return Reply.NEEDS_SMTPUTF8
    try:
        validate_email(address, check_deliverability=False, allow_smtputf8=smtputf8, allow_quoted_local=True)
    except EmailNotValidError:
        return bad
    return None


class Sessions:
    """The live connections of one server: admission, and the graceful stop."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.live: set[GatewaySMTP] = set()
        self.draining = False
        self.idle = asyncio.Event()
        self.idle.set()

    def admit(self, conn: GatewaySMTP) -> str | None:
        if self.draining:
            return Reply.SHUTTING_DOWN
        peer = conn.session.peer if conn.session else None
        ip = peer[0] if isinstance(peer, tuple) else None
        if not self.config.relay.is_trusted(ip):
            return Reply.BANNER_UNTRUSTED
        if len(self.live) > self.config.relay.max_connections:
            return Reply.TOO_MANY_CONNECTIONS
        return None

    def add(self, conn: GatewaySMTP) -> None:
        self.live.add(conn)
        self.idle.clear()

    def remove(self, conn: GatewaySMTP) -> None:
        self.live.discard(conn)
        if not self.live:
            self.idle.set()

    def drain(self) -> None:
        """No new conversations; idle ones are closed now, busy ones when their message is answered."""
        self.draining = True
        for conn in list(self.live):
            conn.close_when_idle(Reply.SHUTTING_DOWN, finish_transaction=True)

    def close_all(self) -> None:
        for conn in list(self.live):
            conn.hang_up(Reply.SHUTTING_DOWN)


class GatewaySMTP(SMTP):
    """aiosmtpd's SMTP with admission control, a session deadline and the gateway's replies."""

    def __init__(self, handler: Handler, sessions: Sessions, config: Config, hostname: str, **kwargs: Any) -> None:
        relay = config.relay
        # aiosmtpd sizes its StreamReader from this attribute in __init__: set it first.
        self.line_length_limit = relay.max_line_length + 3  # text + "." transparency + CRLF
        super().__init__(
            handler,
            data_size_limit=relay.max_message_size,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname=hostname,
            ident="school-mail-gateway",
            timeout=relay.command_timeout,
            **kwargs,
        )
        self.sessions = sessions
        self.relay = relay
        self.busy: asyncio.Future[Any] | None = None
        self._closing_reply: str | None = None
        self._deadline: asyncio.TimerHandle | None = None
        self._finish_transaction = False

    # -- connection life ------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self.sessions.add(self)

    def connection_lost(self, error: Exception | None) -> None:
        self.sessions.remove(self)
        if self._deadline is not None:
            self._deadline.cancel()
        super().connection_lost(error)

    async def _handle_client(self) -> None:
        refusal = self.sessions.admit(self)
        if refusal is not None:
            log.info("refused connection from %s: %s", self.session.peer if self.session else "?", refusal)
            await self.push(refusal)
            if self.transport is not None:
                self.transport.close()
            return
        self._deadline = self.loop.call_later(self.relay.session_deadline, self.close_when_idle, Reply.SESSION_DEADLINE)
        await super()._handle_client()

    def hang_up(self, reply: str) -> None:
        if self.transport is None or self.transport.is_closing():
            return
        try:
            self._writer.write(reply.encode("ascii") + b"\r\n")
        except (RuntimeError, OSError):
            pass
        self.transport.close()

    def _in_transaction(self) -> bool:
        return bool(self.envelope is not None and self.envelope.mail_from)

    def close_when_idle(self, reply: str, finish_transaction: bool = False) -> None:
        """Close now between messages; while a message is being processed, right after its answer.

        With ``finish_transaction`` (a graceful stop) a client between MAIL and the end of
        DATA may finish that message first.
        """
        self._finish_transaction = finish_transaction
        if self.busy is None and not (finish_transaction and self._in_transaction()):
            self.hang_up(reply)
        else:
            self._closing_reply = reply

    def _timeout_cb(self) -> None:  # aiosmtpd's per-command timer
        if self.busy is not None:
            self._reset_timeout()
            return
        self.hang_up(Reply.COMMAND_TIMEOUT)

    async def push(self, status: Any) -> None:
        text = status.decode("ascii", "replace") if isinstance(status, bytes) else str(status)
        await super().push(_AIOSMTPD_REPLIES.get(text, text))
        if (
            self._closing_reply is not None
            and self.busy is None
            and not (self._finish_transaction and self._in_transaction())
        ):
            reply, self._closing_reply = self._closing_reply, None
            self.hang_up(reply)

    # -- commands ----------------------------------------------------------------------

    def _getaddr(self, arg: str) -> tuple[str | None, str | None]:
        """aiosmtpd's address parser, with the address of a plain ``<local@domain>`` cached.

        aiosmtpd parses every MAIL and RCPT argument with the email package's RFC 5322
        header parser, which is a large share of the gateway's CPU per message. The
        parameters after the address (``SIZE=``) differ per message, so only the angle
        address is the key; anything unusual goes to aiosmtpd's parser unchanged.
        """
        plain = _PLAIN_ANGLE_ADDR.match(arg) if arg else None
        if plain is None or plain.group(1) == NULL_SENDER:
            return super()._getaddr(arg)
        address = _parse_angle_addr(plain.group(1), self.local_part_limit)
        if address is None:
            return None, None
        return address, arg[plain.end() :].lstrip(" \t")

    async def smtp_MAIL(self, arg: str | None) -> None:
        if arg and _CONTROL.search(arg):
            await self.push(Reply.CONTROL_CHARACTERS)
            return
        await super().smtp_MAIL(arg)

    async def smtp_RCPT(self, arg: str | None) -> None:
        if arg and _CONTROL.search(arg):
            await self.push(Reply.CONTROL_CHARACTERS)
            return
        await super().smtp_RCPT(arg)


@functools.lru_cache(maxsize=_ADDRESS_CACHE_SIZE)
def _parse_angle_addr(angle_addr: str, local_part_limit: int) -> str | None:
    probe = _AddressLimits(local_part_limit)
    address, _ = SMTP._getaddr(probe, angle_addr)  # type: ignore[arg-type]  # it reads only local_part_limit
    return address


@dataclass(frozen=True)
class _AddressLimits:
    local_part_limit: int


def protocol_factory(config: Config, pipeline: Pipeline, sessions: Sessions, hostname: str) -> Callable[[], GatewaySMTP]:
    handler = Handler(config, pipeline)

    def make() -> GatewaySMTP:
        return GatewaySMTP(handler, sessions, config, hostname)

    return make
