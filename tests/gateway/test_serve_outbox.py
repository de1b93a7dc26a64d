"""`gateway serve` runs the outbox: a teacher's release and the notifications reach the next hop."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from gateway.sink import Sink, start_sink
from tests.gateway.conftest import eml, free_port, send, write_config

ROOT = Path(__file__).resolve().parents[2]
PUPIL = "oliver.nowak@rbps.example"
PUPIL2 = "zain.hussain@rbps.example"
TEACHER = "j.okafor@rbps.example"  # teacher of Year 6


def _gateway(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gateway.cli", *args[:2], "--config", str(config), *args[2:]],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


async def _until(predicate, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds * 10)):
        if predicate():
            return True
        await asyncio.sleep(0.1)
    return bool(predicate())


async def test_release_from_the_cli_is_delivered_by_the_running_gateway(tmp_path: Path) -> None:
    async with _serving(tmp_path) as (_proc, port, sink):
        config = tmp_path / "gateway.toml"
        raw = eml(sender=PUPIL, to=PUPIL2, subject="my number", body="text me on 07700 900461 after tea")
        code, _ = await send(port, PUPIL, [PUPIL2], raw)
        assert code == 250
        assert not [m for m in sink.messages if PUPIL2 in m.rcpt_tos], "quarantined mail was delivered"

        # The teacher's digest (and the pupil's notice) go out through the outbox by themselves.
        assert await _until(lambda: any(TEACHER in m.rcpt_tos for m in sink.messages), 20), "no digest for the teacher"

        listed = _gateway(config, "quarantine", "list", "--json", "--as", TEACHER)
        assert listed.returncode == 0, listed.stderr
        items = [json.loads(line) for line in listed.stdout.splitlines() if line.strip()]
        assert len(items) == 1 and items[0]["state"] == "quarantined" and "personal-details" in items[0]["policies"]
        released = _gateway(config, "quarantine", "release", items[0]["id"], "--as", TEACHER)
        assert released.returncode == 0, released.stderr

        assert await _until(lambda: any(PUPIL2 in m.rcpt_tos for m in sink.messages), 20), "release was not delivered"
        delivered = [m for m in sink.messages if PUPIL2 in m.rcpt_tos]
        assert len(delivered) == 1
        assert b"text me on 07700 900461" in delivered[0].raw


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@asynccontextmanager
async def _serving(
    tmp_path: Path, *args: str, relay: dict[str, Any] | None = None
) -> AsyncIterator[tuple[subprocess.Popen[bytes], int, Sink]]:
    """``gateway serve`` (stderr in tmp_path/serve.log) relaying to a sink; (process, port, sink)."""
    sink = Sink()
    sink_port = free_port()
    sink_server = await start_sink(sink, "127.0.0.1", sink_port)
    port = free_port()
    config = write_config(tmp_path, port, sink_port, extra="\n[notifications]\ndigest_minutes = 0\n", **(relay or {}))
    with (tmp_path / "serve.log").open("ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gateway.cli", "serve", "--config", str(config), *args],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
    try:
        assert await _until(lambda: _listening(port), 20), "gateway did not start"
        yield proc, port, sink
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        sink_server.close()
        await sink_server.wait_closed()


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _outbox_pids(folder: Path) -> list[int]:
    """The outbox processes the gateway announced on stderr."""
    text = (folder / "serve.log").read_text()
    return [int(line.rsplit("pid ", 1)[1].rstrip(")")) for line in text.splitlines() if "outbox process (pid" in line]


async def _quarantine_one_and_see_the_digest(port: int, sink: Sink) -> bool:
    before = sum(TEACHER in m.rcpt_tos for m in sink.messages)
    raw = eml(sender=PUPIL, to=PUPIL2, subject="my number", body="text me on 07700 900461 after tea")
    code, _ = await send(port, PUPIL, [PUPIL2], raw)
    assert code == 250
    return await _until(lambda: sum(TEACHER in m.rcpt_tos for m in sink.messages) > before, 20)


async def test_the_outbox_runs_in_a_process_of_its_own_that_dies_with_the_gateway(tmp_path: Path) -> None:
    async with _serving(tmp_path) as (proc, port, sink):
        assert await _until(lambda: len(_outbox_pids(tmp_path)) == 1, 10)
        (outbox,) = _outbox_pids(tmp_path)
        assert _children(proc.pid) == [outbox]
        assert await _quarantine_one_and_see_the_digest(port, sink)
        # killed without a word, the gateway leaves no outbox process running on its own
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert await _until(lambda: not _running(outbox), 10), "the outbox process outlived the gateway"


async def test_when_the_outbox_process_dies_the_gateway_sends_the_outbox_itself(tmp_path: Path) -> None:
    async with _serving(tmp_path) as (proc, port, sink):
        assert await _until(lambda: len(_outbox_pids(tmp_path)) == 1, 10)
        (outbox,) = _outbox_pids(tmp_path)
        assert _children(proc.pid) == [outbox]
        os.kill(outbox, signal.SIGKILL)
        assert await _until(lambda: not _children(proc.pid), 10)  # reaped by the gateway
        assert await _quarantine_one_and_see_the_digest(port, sink), "nobody sends the outbox any more"
        proc.terminate()
        assert proc.wait(30) == 0


async def test_workers_come_from_the_config_file_and_the_command_line_overrides_them(tmp_path: Path) -> None:
    async with _serving(tmp_path, relay={"workers": 3}) as (proc, _port, _sink):
        assert await _until(lambda: len(_children(proc.pid)) == 4, 10)  # three SMTP workers and the outbox
        proc.terminate()
        assert proc.wait(30) == 0
    (tmp_path / "cli").mkdir()
    async with _serving(tmp_path / "cli", "--workers", "1", relay={"workers": 3}) as (proc, _port, _sink):
        assert await _until(lambda: len(_children(proc.pid)) == 1, 10)  # one process serving, and the outbox
        await asyncio.sleep(0.5)
        assert len(_children(proc.pid)) == 1
        proc.terminate()
        assert proc.wait(30) == 0


async def test_with_several_workers_a_dead_outbox_process_is_replaced(tmp_path: Path) -> None:
    async with _serving(tmp_path, "--workers", "2") as (proc, port, sink):
        assert await _until(lambda: len(_children(proc.pid)) == 3, 10)  # two SMTP workers and the outbox
        first = _children(proc.pid)
        (outbox,) = _outbox_pids(tmp_path)
        assert outbox in first
        os.kill(outbox, signal.SIGKILL)
        assert await _until(lambda: len(_children(proc.pid)) == 3 and outbox not in _children(proc.pid), 10)
        assert await _until(lambda: len(_outbox_pids(tmp_path)) == 2, 10)  # a new one, announced
        assert await _quarantine_one_and_see_the_digest(port, sink)
        proc.terminate()
        assert proc.wait(30) == 0
        assert not [c for c in first if _running(c)]
