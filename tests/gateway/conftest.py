"""Fixtures for the relay: a sink next hop and a gateway on free loopback ports, and a raw SMTP client.

Everything runs in the test's own event loop: the sink (aiosmtpd), the gateway
(``GatewayServer`` with the real SQLite store in a temporary folder) and the
client (``Talk``: raw lines, so that tests can send what real clients would not).
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from gateway.config import Config, load_config
from gateway.server import GatewayServer
from gateway.sink import Sink, start_sink
from quarantine.store import Store, StoreError

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_config(folder: Path, listen: int, next_hop: int, *, directory: Path | None = None, extra: str = "", **relay: Any) -> Path:
    """A gateway.toml for the corpus school in ``folder``; ``relay`` overrides [relay] keys."""
    values: dict[str, Any] = {
        "listen": f"127.0.0.1:{listen}",
        "next_hop": f"127.0.0.1:{next_hop}",
        "trusted_networks": ["127.0.0.0/8", "::1/128"],
        "relay_timeout": 5,
        "hostname": "gw.test",
    }
    values.update(relay)

    def toml(v: Any) -> str:
        if isinstance(v, str):
            return f'"{v}"'
        if isinstance(v, list):
            return "[" + ", ".join(toml(x) for x in v) + "]"
        return str(v)

    lines = "\n".join(f"{k} = {toml(v)}" for k, v in values.items())
    path = folder / "gateway.toml"
    path.write_text(
        f"""[school]
name = "Robert Bakewell Primary School"
domains = ["rbps.example"]
phone = ["0116 496 0123"]
address = "Robert Bakewell Primary School, 5 Bakewell Lane, Leicester, LE4 9ZZ"

[directory]
file = "{directory or CORPUS / 'directory.toml'}"

[relay]
{lines}

[store]
url = "sqlite:///{folder / 'gateway.db'}"

[policies.external-authorisation]
pre_authorised = ["leicester-libraries.example"]
{extra}
"""
    )
    return path


class FailingStore:
    """The real store, except that ``put`` fails after ``ok_puts`` successes (or always)."""

    def __init__(self, store: Store, ok_puts: int = 0) -> None:
        self.store = store
        self.ok_puts = ok_puts
        self.calls = 0

    def put(self, *args: Any) -> str:
        self.calls += 1
        if self.calls > self.ok_puts:
            raise StoreError("disk full (test)")
        return self.store.put(*args)

    def remember(self, fingerprint: str, sender: str, now: float) -> int:
        return self.store.remember(fingerprint, sender, now)

    def withdraw(self, item_ids: Any, reason: str) -> None:
        self.store.withdraw(item_ids, reason)


@dataclass
class Running:
    config: Config
    server: GatewayServer
    store: Store
    sink: Sink
    sink_port: int

    @property
    def port(self) -> int:
        return self.server.port

    def stored(self) -> int:
        return self.store.count()


StartGateway = Callable[..., Awaitable[Running]]


@pytest.fixture
async def start_gateway(tmp_path: Path) -> AsyncIterator[StartGateway]:
    """``await start_gateway(**relay_overrides, sink_reply=..., store_wrapper=..., next_hop=PORT)``."""
    started: list[tuple[GatewayServer, asyncio.Server | None, Store]] = []

    async def start(
        *,
        sink_reply: str | None = None,
        store_wrapper: Callable[[Store], Any] | None = None,
        next_hop: int | None = None,
        extra: str = "",
        **relay: Any,
    ) -> Running:
        sink = Sink()
        if sink_reply is not None:
            sink.reply = sink_reply
        sink_server = None
        sink_port = next_hop if next_hop is not None else free_port()
        if next_hop is None:
            sink_server = await start_sink(sink, "127.0.0.1", sink_port)
        folder = tmp_path / f"gw{len(started)}"
        folder.mkdir()
        config = load_config(write_config(folder, free_port(), sink_port, extra=extra, **relay))
        store = Store.from_config(config)
        server = GatewayServer(config, store_wrapper(store) if store_wrapper else store, threads=2)
        await server.start()
        started.append((server, sink_server, store))
        return Running(config, server, store, sink, sink_port)

    yield start
    for server, sink_server, store in started:
        await server.stop(grace=2)
        if sink_server is not None:
            sink_server.close()
            await sink_server.wait_closed()
        store.close()


class Talk:
    """A raw SMTP client: one command line at a time, replies as (code, text)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> tuple[Talk, tuple[int, str]]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        talk = cls(reader, writer)
        return talk, await talk.reply()

    async def reply(self, timeout: float = 15.0) -> tuple[int, str]:
        lines: list[str] = []
        while True:
            line = await asyncio.wait_for(self.reader.readline(), timeout)
            if not line:
                return (0, "\n".join(lines) or "connection closed")
            text = line.decode("utf-8", "replace").rstrip("\r\n")
            lines.append(text[4:])
            if len(text) < 4 or text[3] != "-":
                return int(text[:3]), "\n".join(lines)

    async def cmd(self, line: str | bytes) -> tuple[int, str]:
        data = line.encode("utf-8") if isinstance(line, str) else line
        self.writer.write(data + b"\r\n")
        await self.writer.drain()
        return await self.reply()

    async def data(self, raw: bytes, *, stuff: bool = True) -> tuple[int, str]:
        code, text = await self.cmd("DATA")
        if code != 354:
            return code, text
        body = raw if raw.endswith(b"\r\n") else raw + b"\r\n"
        if stuff:
            body = b"\r\n".join(b"." + ln if ln.startswith(b".") else ln for ln in body.split(b"\r\n"))
        self.writer.write(body + b".\r\n")
        await self.writer.drain()
        return await self.reply()

    async def close(self) -> None:
        try:
            self.writer.write(b"QUIT\r\n")
            await self.writer.drain()
        except (ConnectionError, RuntimeError):
            pass
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except (ConnectionError, OSError):
            pass


async def send(port: int, mail_from: str, rcpts: list[str], raw: bytes, *, ehlo: str = "client.test") -> tuple[int, str]:
    """One whole conversation; the first failing reply, or DATA's reply."""
    talk, (code, text) = await Talk.open(port)
    try:
        if code != 220:
            return code, text
        for line in (f"EHLO {ehlo}", f"MAIL FROM:<{mail_from}>", *(f"RCPT TO:<{r}>" for r in rcpts)):
            code, text = await talk.cmd(line)
            if code >= 300:
                return code, text
        return await talk.data(raw)
    finally:
        await talk.close()


def eml(*, sender: str, to: str, subject: str = "hello", body: str = "Hi there, see you tomorrow.", headers: str = "") -> bytes:
    text = f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Tue, 24 Nov 2026 10:00:00 +0000\r\nMessage-ID: <{abs(hash((sender, to, subject, body)))}@test>\r\n{headers}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    return text.encode("utf-8")
