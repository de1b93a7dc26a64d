"""Fault tests: Postfix's smtp-sink as a misbehaving next hop, and SIGKILL of a running gateway."""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from gateway.config import load_config
from gateway.sink import Sink, start_sink
from quarantine.models import Item
from quarantine.store import Store
from tests.gateway.conftest import StartGateway, eml, free_port, send, write_config

SMTP_SINK = shutil.which("smtp-sink") or "/usr/sbin/smtp-sink"
needs_smtp_sink = pytest.mark.skipif(not Path(SMTP_SINK).exists(), reason="Postfix's smtp-sink is not installed")
ROOT = Path(__file__).resolve().parents[2]

PUPIL = "amelia.clarke@rbps.example"
PUPIL2 = "isla.mensah@rbps.example"
CLEAN = eml(sender=PUPIL, to=PUPIL2, body="See you at the library club.")

SmtpSink = Callable[..., Awaitable[tuple[int, Path]]]


@pytest.fixture
async def smtp_sink(tmp_path: Path) -> AsyncIterator[SmtpSink]:
    """``await smtp_sink("-r", "DATA")`` -> (port, dump folder); each accepted message is one file there."""
    procs: list[subprocess.Popen[bytes]] = []
    dumps: list[Path] = []

    async def start(*options: str) -> tuple[int, Path]:
        port = free_port()
        # smtp-sink drops to "nobody" when run as root: its folder must be reachable by nobody.
        dump = Path(tempfile.mkdtemp(prefix="gw-smtp-sink-"))
        dumps.append(dump)
        os.chmod(dump, 0o777)
        user = ["-u", "nobody"] if os.geteuid() == 0 else []
        proc = subprocess.Popen(
            [SMTP_SINK, *user, "-d", f"{dump}/%M.", *options, f"127.0.0.1:{port}", "50"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        procs.append(proc)
        for _ in range(100):
            try:
                _, w = await asyncio.open_connection("127.0.0.1", port)
                w.close()
                break
            except OSError:
                await asyncio.sleep(0.05)
        return port, dump

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(5)
    for dump in dumps:
        shutil.rmtree(dump, ignore_errors=True)


def dumped(folder: Path) -> int:
    return sum(1 for p in folder.iterdir() if p.is_file())


@needs_smtp_sink
async def test_smtp_sink_accepting_gets_the_message(start_gateway: StartGateway, smtp_sink: SmtpSink) -> None:
    port, dump = await smtp_sink()
    gw = await start_gateway(next_hop=port)
    code, text = await send(gw.port, PUPIL, [PUPIL2], CLEAN)
    assert code == 250, text
    await asyncio.sleep(0.2)
    assert dumped(dump) == 1 and gw.stored() == 0


@needs_smtp_sink
@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (("-r", "MAIL"), 451),  # 4xx at MAIL
        (("-r", "RCPT"), 451),
        (("-r", "DATA"), 451),
        (("-r", "."), 451),  # 4xx after the message
        (("-Q", "DATA"), 451),  # 421 and hang-up
        (("-q", "RCPT"), 451),  # hang-up without a word
        (("-q", "."), 451),
        (("-f", "RCPT"), 500),  # 5xx: the client gets the next hop's answer
        (("-f", "."), 500),
    ],
)
async def test_misbehaving_next_hop(start_gateway: StartGateway, smtp_sink: SmtpSink, options: tuple[str, ...], expected: int) -> None:
    port, dump = await smtp_sink(*options)
    gw = await start_gateway(next_hop=port)
    code, text = await send(gw.port, PUPIL, [PUPIL2], CLEAN)
    assert code == expected, text
    await asyncio.sleep(0.2)
    assert gw.stored() == 0
    if "." not in options:  # smtp-sink dumps what it read before refusing "."; a refused message is not delivered
        assert dumped(dump) == 0


@needs_smtp_sink
async def test_slow_next_hop_within_the_timeout_is_fine(start_gateway: StartGateway, smtp_sink: SmtpSink) -> None:
    port, dump = await smtp_sink("-W", "DATA:1")
    gw = await start_gateway(next_hop=port, relay_timeout=5)
    assert (await send(gw.port, PUPIL, [PUPIL2], CLEAN))[0] == 250


@needs_smtp_sink
async def test_next_hop_slower_than_the_timeout_is_451(start_gateway: StartGateway, smtp_sink: SmtpSink) -> None:
    port, _ = await smtp_sink("-W", "MAIL:5")
    gw = await start_gateway(next_hop=port, relay_timeout=1)
    started = asyncio.get_running_loop().time()
    code, _ = await send(gw.port, PUPIL, [PUPIL2], CLEAN)
    assert code == 451 and asyncio.get_running_loop().time() - started < 4
    assert gw.stored() == 0


# -- SIGKILL while mail flows ------------------------------------------------------------------


def _messages(n: int, round_: int) -> list[tuple[str, str, bytes]]:
    out = []
    for i in range(n):
        mid = f"kill-{round_}-{i}@test"
        body = "Did you do the maths homework?" if i % 3 else "my phone number is 07700 900123 call me"
        raw = eml(sender=PUPIL, to=PUPIL2, subject=f"m{i}", body=body).replace(b"Message-ID: <", f"Message-ID: <{mid}".encode() + b"x", 1)
        out.append((mid, PUPIL, raw))
    return out


async def _wait_port(port: int, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(1200):  # a loaded CI machine can be slow to import and migrate
        if proc.poll() is not None:
            raise AssertionError("gateway exited early")
        try:
            _, w = await asyncio.open_connection("127.0.0.1", port)
            w.close()
            return
        except OSError:
            await asyncio.sleep(0.05)
    raise AssertionError("gateway did not start")


@pytest.mark.slow
async def test_sigkill_at_random_points_loses_no_acknowledged_message(tmp_path: Path) -> None:
    sink = Sink()
    sink_port = free_port()
    sink_server = await start_sink(sink, "127.0.0.1", sink_port)
    port = free_port()
    config_path = write_config(tmp_path, port, sink_port)
    acked: set[str] = set()
    sent = 0
    rng = random.Random(1234)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        for round_ in range(4):
            proc = subprocess.Popen(
                [sys.executable, "-m", "gateway.cli", "serve", "--config", str(config_path)],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            try:
                await _wait_port(port, proc)
                batch = _messages(30, round_)
                sent += len(batch)
                first_ack = asyncio.Event()

                async def one(mid: str, sender: str, raw: bytes, delay: float, first: asyncio.Event = first_ack) -> None:
                    await asyncio.sleep(delay)
                    try:
                        code, _ = await send(port, sender, [PUPIL2], raw)
                    except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                        return
                    if code == 250:
                        acked.add(mid)
                        first.set()

                tasks = [asyncio.create_task(one(m, s, r, rng.uniform(0, 0.8))) for m, s, r in batch]
                # kill mid-flow: after the first acknowledgement of the round, at a random moment
                try:
                    await asyncio.wait_for(first_ack.wait(), 30)
                except TimeoutError:
                    pass
                await asyncio.sleep(rng.uniform(0.0, 0.3))
                proc.send_signal(signal.SIGKILL)
                await asyncio.gather(*tasks)
            finally:
                if proc.poll() is None:
                    proc.kill()
                proc.wait(10)
    finally:
        sink_server.close()
        await sink_server.wait_closed()
    delivered = {m for m in (_mid(d.raw) for d in sink.messages) if m}
    store = Store.from_config(load_config(config_path))
    try:
        with store.read() as s:
            stored = {m for m in (_mid(store.unseal(i) or b"") for i in s.query(Item).all()) if m}
    finally:
        store.close()
    assert acked, "no message was acknowledged at all: the test did not exercise anything"
    assert len(acked) < sent, "every message was acknowledged: the kill never landed mid-flow"
    missing = acked - delivered - stored
    assert not missing, f"acknowledged but neither delivered nor stored: {sorted(missing)}"


def _mid(raw: bytes) -> str | None:
    start = raw.find(b"Message-ID: <kill-")
    if start < 0:
        return None
    end = raw.find(b"x", start + 13)
    return raw[start + 13 : end].decode()


async def test_sigterm_stops_gracefully(tmp_path: Path) -> None:
    from tests.gateway.conftest import Talk

    sink = Sink()
    sink_port = free_port()
    sink_server = await start_sink(sink, "127.0.0.1", sink_port)
    port = free_port()
    config_path = write_config(tmp_path, port, sink_port)
    proc = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "serve", "--config", str(config_path), "--grace", "10"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        await _wait_port(port, proc)
        talk, _ = await Talk.open(port)
        await talk.cmd("EHLO client.test")
        await talk.cmd(f"MAIL FROM:<{PUPIL}>")
        await talk.cmd(f"RCPT TO:<{PUPIL2}>")
        proc.send_signal(signal.SIGTERM)
        refused = False
        for _ in range(200):  # no new conversations once the signal is handled
            try:
                _, w = await asyncio.open_connection("127.0.0.1", port)
                w.close()
                await asyncio.sleep(0.05)
            except OSError:
                refused = True
                break
        assert refused
        code, _ = await talk.data(CLEAN)  # the one in progress finishes
        assert code == 250
        assert (await talk.reply())[0] == 421
        await talk.close()
        code = await asyncio.get_running_loop().run_in_executor(None, proc.wait, 30)
        assert code == 0
        assert len(sink.messages) == 1
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        sink_server.close()
        await sink_server.wait_closed()
