"""A tiny next hop for trying the gateway out (``gateway sink``) and for tests.

Every message it accepts is kept in memory (``Sink.messages``) and, with a
folder, written there as ``<time>-<n>.eml`` (written to a temporary name,
fsync'd, then renamed, so a file that exists is complete), with
``Return-Path:`` and ``Delivered-To:`` in front as a local delivery agent adds.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass(frozen=True, slots=True)
class Delivered:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes


@dataclass
class Sink:
    folder: Path | None = None
    reply: str = "250 2.0.0 Ok: delivered"
    messages: list[Delivered] = field(default_factory=list)
    _n: itertools.count[int] = field(default_factory=itertools.count)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if not self.reply.startswith("2"):
            return self.reply
        item = Delivered(str(envelope.mail_from), tuple(envelope.rcpt_tos), raw)
        if self.folder is not None:
            await asyncio.get_running_loop().run_in_executor(None, self._write, item)
        self.messages.append(item)
        return self.reply

    def _write(self, item: Delivered) -> None:
        assert self.folder is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{next(self._n):06d}.eml"
        head = f"Return-Path: <{item.mail_from}>\r\nDelivered-To: {', '.join(item.rcpt_tos)}\r\n".encode()
        tmp = self.folder / f".{name}.tmp"
        with tmp.open("wb") as f:
            f.write(head + item.raw)
            f.flush()
            os.fsync(f.fileno())
        tmp.rename(self.folder / name)


async def start_sink(sink: Sink, host: str, port: int) -> asyncio.Server:
    loop = asyncio.get_running_loop()
    return await loop.create_server(
        lambda: SMTP(sink, enable_SMTPUTF8=True, decode_data=False, hostname="sink", ident="gateway-sink"),
        host=host,
        port=port,
        reuse_address=True,
    )


async def run_sink(folder: Path, host: str, port: int) -> None:
    import signal

    sink = Sink(folder)
    server = await start_sink(sink, host, port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"gateway sink: listening on {host}:{port}, writing to {folder}/", flush=True)
    await stop.wait()
    server.close()
    await server.wait_closed()
