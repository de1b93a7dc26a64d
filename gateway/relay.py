"""The relay client: a seam between the SMTP handler and the next hop.

``SmtpTransport`` speaks SMTP to ``[relay] next_hop`` with aiosmtplib, one
transaction per call, under one overall deadline. ``MemoryTransport`` is the
in-memory fake for tests. Both return a ``RelayResult``; neither raises for a
next hop that refuses, hangs or is down (those are results the handler turns
into replies).
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import aiosmtplib

from gateway.config import HostPort

log = logging.getLogger(__name__)


class RelayStatus(enum.Enum):
    SENT = "sent"  # the next hop took responsibility (2xx after DATA)
    TEMPORARY = "temporary"  # down, hung, 4xx, disconnected: the client must retry
    PERMANENT = "permanent"  # 5xx: the client gets the next hop's answer


@dataclass(frozen=True, slots=True)
class RelayResult:
    status: RelayStatus
    code: int
    text: str

    @property
    def sent(self) -> bool:
        return self.status is RelayStatus.SENT


class Transport(Protocol):
    async def send(self, mail_from: str, rcpt_tos: Sequence[str], raw: bytes, *, smtputf8: bool = False) -> RelayResult:
        """Hand one message to the next hop for all of ``rcpt_tos``."""
        ...


def _status_for(code: int) -> RelayStatus:
    if 200 <= code < 300:
        return RelayStatus.SENT
    return RelayStatus.PERMANENT if 500 <= code < 600 else RelayStatus.TEMPORARY


class SmtpTransport:
    """Relay with aiosmtplib to ``next_hop``; ``timeout`` bounds the whole transaction.

    Up to ``pool_size`` connections are kept open between messages (RSET after each),
    as Postfix's own connection cache does. A pooled connection that turns out to be
    closed by the next hop before MAIL is accepted is replaced by a fresh one once:
    that can never send a message twice, because nothing was sent on it.
    """

    def __init__(
        self, next_hop: HostPort, *, timeout: float = 60.0, local_hostname: str | None = None, pool_size: int = 16
    ) -> None:
        self.next_hop = next_hop
        self.timeout = timeout
        self.local_hostname = local_hostname
        self.pool_size = pool_size
        self._idle: list[aiosmtplib.SMTP] = []

    async def _connect(self) -> aiosmtplib.SMTP:
        client = aiosmtplib.SMTP(
            hostname=self.next_hop.host,
            port=self.next_hop.port,
            timeout=self.timeout,
            start_tls=False,
            local_hostname=self.local_hostname,
        )
        await client.connect()
        if not client.supports_esmtp:
            await client.ehlo()
        return client

    async def send(self, mail_from: str, rcpt_tos: Sequence[str], raw: bytes, *, smtputf8: bool = False) -> RelayResult:
        client: aiosmtplib.SMTP | None = None
        reusable = False
        try:
            async with asyncio.timeout(self.timeout):
                while self._idle:
                    candidate = self._idle.pop()
                    if candidate.is_connected:
                        client = candidate
                        break
                fresh = client is None
                if client is None:
                    client = await self._connect()
                try:
                    await self._mail(client, mail_from, raw, smtputf8)
                except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPSenderRefused) as e:
                    stale = isinstance(e, aiosmtplib.SMTPServerDisconnected) or e.code == 421
                    if fresh or not stale:
                        raise
                    client.close()  # a stale pooled connection: nothing was sent on it
                    client = await self._connect()
                    await self._mail(client, mail_from, raw, smtputf8)
                encoding = "utf-8" if smtputf8 else "ascii"
                for rcpt in rcpt_tos:
                    await client.rcpt(rcpt, encoding=encoding)
                response = await client.data(raw)
                result = RelayResult(_status_for(response.code), response.code, response.message)
                reusable = True
        except aiosmtplib.SMTPResponseException as e:
            result = RelayResult(_status_for(e.code), e.code, e.message)
        except (TimeoutError, aiosmtplib.SMTPTimeoutError):
            result = RelayResult(RelayStatus.TEMPORARY, 0, "next hop timed out")
        except (aiosmtplib.SMTPException, OSError, UnicodeError) as e:
            result = RelayResult(RelayStatus.TEMPORARY, 0, f"next hop unavailable: {type(e).__name__}")
        if client is not None:
            if reusable and client.is_connected and len(self._idle) < self.pool_size:
                self._idle.append(client)
            else:
                await self._discard(client)
        if not result.sent:
            log.warning("next hop %s: %s %s", self.next_hop, result.code, result.text)
        return result

    async def _mail(self, client: aiosmtplib.SMTP, mail_from: str, raw: bytes, smtputf8: bool) -> None:
        options: list[str] = []
        if smtputf8:
            options.append("SMTPUTF8")
        if client.supports_extension("8bitmime") and not raw.isascii():
            options.append("BODY=8BITMIME")
        if client.supports_extension("size"):
            options.append(f"SIZE={len(raw)}")
        await client.mail(mail_from, options=options, encoding="utf-8" if smtputf8 else "ascii")

    async def _discard(self, client: aiosmtplib.SMTP) -> None:
        if not client.is_connected:
            return
        try:
            async with asyncio.timeout(2.0):
                await client.quit()
        except (TimeoutError, aiosmtplib.SMTPException, OSError):
            client.close()

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for client in idle:
            await self._discard(client)


@dataclass(frozen=True, slots=True)
class Relayed:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes
    smtputf8: bool


@dataclass
class MemoryTransport:
    """The in-memory fake: records what it was given and answers ``reply``."""

    reply: RelayResult = RelayResult(RelayStatus.SENT, 250, "2.0.0 Ok: queued")
    sent: list[Relayed] = field(default_factory=list)

    async def send(self, mail_from: str, rcpt_tos: Sequence[str], raw: bytes, *, smtputf8: bool = False) -> RelayResult:
        if self.reply.sent:
            self.sent.append(Relayed(mail_from, tuple(rcpt_tos), raw, smtputf8))
        return self.reply
