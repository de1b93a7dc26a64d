"""``gateway dkim keygen``, ``gateway sink`` and the structured log line."""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path

import pytest

from gateway.cli import main
from gateway.sink import Sink, start_sink
from tests.gateway.conftest import StartGateway, eml, free_port, send


def test_dkim_keygen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "keys" / "gw.pem"
    assert main(["dkim", "keygen", "--selector", "gw2026", "--domain", "rbps.example", "--key", str(key), "--bits", "1024"]) == 0
    out = capsys.readouterr().out
    assert 'gw2026._domainkey.rbps.example. IN TXT ( "v=DKIM1; k=rsa; p=' in out
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    before = key.read_bytes()
    assert main(["dkim", "keygen", "--selector", "gw2026", "--domain", "rbps.example", "--key", str(key)]) == 2
    assert key.read_bytes() == before


async def test_sink_writes_complete_files(tmp_path: Path) -> None:
    sink = Sink(tmp_path / "delivered")
    port = free_port()
    server = await start_sink(sink, "127.0.0.1", port)
    try:
        raw = eml(sender="a@x.example", to="j.okafor@rbps.example")
        assert (await send(port, "a@x.example", ["j.okafor@rbps.example"], raw))[0] == 250
    finally:
        server.close()
    files = list((tmp_path / "delivered").iterdir())
    assert len(files) == 1 and files[0].suffix == ".eml"
    data = files[0].read_bytes()
    assert data.startswith(b"Return-Path: <a@x.example>\r\nDelivered-To: j.okafor@rbps.example\r\n") and data.endswith(raw)


async def test_one_structured_log_line_per_message(start_gateway: StartGateway, caplog: pytest.LogCaptureFixture) -> None:
    gw = await start_gateway()
    caplog.set_level(logging.INFO, logger="gateway.mail")
    raw = eml(sender="amelia.clarke@rbps.example", to="isla.mensah@rbps.example", body="ring me on 07700 900123")
    assert (await send(gw.port, "amelia.clarke@rbps.example", ["isla.mensah@rbps.example"], raw))[0] == 250
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "gateway.mail"]
    assert len(lines) == 1
    rec = lines[0]
    assert rec["client"] == "127.0.0.1" and rec["sender"] == "amelia.clarke@rbps.example"
    assert rec["recipients"] == {"isla.mensah@rbps.example": "quarantine"} and rec["verdict"] == "quarantine"
    assert rec["policies"] == ["personal-details"] and len(rec["items"]) == 1 and rec["reply"].startswith("250 ")
    assert len(rec["queue_id"]) == 12 and rec["ms"] >= 0
