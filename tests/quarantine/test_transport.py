"""The real SMTP transport against a real (aiosmtpd) next hop on a free port."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from gateway.config import HostPort
from quarantine.outbox import PermanentError, SmtpTransport, TransientError


class Sink:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.startswith("gone@"):
            return "550 5.1.1 no such user"
        if address.startswith("busy@"):
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK queued"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def sink() -> Iterator[tuple[Sink, int]]:
    handler = Sink()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


RAW = b"X-School-Gateway: released\r\nFrom: a@rbps.example\r\nSubject: hi\r\n\r\nhello\r\n.leading dot\r\n"


async def test_delivers_byte_for_byte(sink: tuple[Sink, int]) -> None:
    handler, port = sink
    t = SmtpTransport(HostPort("127.0.0.1", port), timeout=5)
    refused = await t.send("a@rbps.example", ["x@museum.example", "y@museum.example"], RAW)
    assert refused == {}
    ((mail_from, rcpts, data),) = handler.messages
    assert mail_from == "a@rbps.example" and rcpts == ["x@museum.example", "y@museum.example"]
    assert data == RAW


async def test_partial_refusal_is_reported_per_recipient(sink: tuple[Sink, int]) -> None:
    handler, port = sink
    t = SmtpTransport(HostPort("127.0.0.1", port), timeout=5)
    refused = await t.send("a@rbps.example", ["x@museum.example", "gone@museum.example", "busy@museum.example"], RAW)
    assert refused["gone@museum.example"][0] == 550 and refused["busy@museum.example"][0] == 451
    assert handler.messages[0][1] == ["x@museum.example"]


async def test_all_refused_permanently_or_for_now(sink: tuple[Sink, int]) -> None:
    _, port = sink
    t = SmtpTransport(HostPort("127.0.0.1", port), timeout=5)
    with pytest.raises(PermanentError, match="550"):
        await t.send("a@rbps.example", ["gone@museum.example"], RAW)
    with pytest.raises(TransientError, match="451"):
        await t.send("a@rbps.example", ["busy@museum.example"], RAW)


async def test_next_hop_down_is_transient() -> None:
    t = SmtpTransport(HostPort("127.0.0.1", _free_port()), timeout=2)
    with pytest.raises(TransientError):
        await t.send("a@rbps.example", ["x@museum.example"], RAW)
