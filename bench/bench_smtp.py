#!/usr/bin/env python3
"""SMTP load benchmark: a bare aiosmtpd relay vs ``gateway serve``, same sink, same client.

In one go, on loopback:
  (a) a bare aiosmtpd relay that parses each message (email.message_from_bytes)
      and forwards it with the gateway's own relay client, no checks;
  (b) ``gateway serve`` with every policy on (the corpus school, SQLite store);
  (c) ``gateway serve --workers N`` (one process per core, SO_REUSEPORT);
all forwarding to Postfix's ``smtp-sink`` (an aiosmtpd sink if it is missing),
driven by this script's async client: 20 concurrent connections, each reusing
its connection, sending the shared corpus messages in turn (a realistic mix:
some are delivered, some held or quarantined, some refused). It prints
messages per second for each, the ratio, p50/p99 latency at full load and at
half the gateway's maximum load, and each server's peak memory.
Usage: .venv/bin/python bench/bench_smtp.py [--seconds 8] [--connections 20] [--workers N]
"""

from __future__ import annotations

import argparse
import asyncio
import email
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiosmtplib  # noqa: E402

CORPUS = Path(os.environ.get("GATEWAY_CORPUS", ROOT.parent / "shared" / "corpus"))


@dataclass(frozen=True)
class Mail:
    mail_from: str
    rcpts: tuple[str, ...]
    raw: bytes


def corpus(mix: str = "corpus") -> list[Mail]:
    """The corpus messages; with ``mix="school"`` weighted to a school's day: 85% of them clean.

    The corpus is mostly policy violations (over half of it is held or quarantined), which is
    what a test corpus should be but not what a school's gateway sees.
    """
    from policies.message import parse

    out = []
    clean: list[Mail] = []
    for c in tomllib.loads((CORPUS / "cases.toml").read_text())["case"]:
        raw = (CORPUS / c["file"]).read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        m = parse(raw)
        sender = c.get("mail_from") or (m.from_addresses[:1] or ("",))[0]
        rcpts = tuple(c.get("rcpt") or dict.fromkeys(m.recipients_in_headers))
        if rcpts:
            out.append(Mail(sender, rcpts, raw))
            if c.get("verdict") == "deliver":
                clean.append(out[-1])
    if mix == "school" and clean:
        flagged = [m for m in out if m not in clean]
        # 17 clean for every 3 others = 85% clean, interleaved
        mixed: list[Mail] = []
        for i in range(max(len(flagged), 1) * 20 // 3):
            mixed.append(clean[i % len(clean)] if i % 20 >= 3 else flagged[(i // 20 * 3 + i % 20) % len(flagged)])
        return mixed
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, proc: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early: {proc.args}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"server did not listen on {port}")


def peak_rss_kib(pid: int) -> int:
    """VmHWM of ``pid`` and of its children (the workers), in KiB."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` and of its live children (the workers), in seconds."""
    tick = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    try:
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    total = 0.0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


@dataclass
class Cpu:
    """CPU milliseconds per message of each party during the full-load run."""

    server: float
    client: float
    sink: float


# -- (a) the bare relay, run as a subprocess of this script ---------------------------------


def bare_relay(listen: int, next_hop: int) -> None:
    from aiosmtpd.smtp import SMTP

    from gateway.config import HostPort
    from gateway.relay import SmtpTransport

    transport = SmtpTransport(HostPort("127.0.0.1", next_hop), timeout=30)

    class Handler:
        async def handle_DATA(self, server: SMTP, session: object, envelope: object) -> str:
            raw = envelope.original_content  # type: ignore[attr-defined]
            email.message_from_bytes(raw)  # parse, no checks
            result = await transport.send(envelope.mail_from, envelope.rcpt_tos, raw)  # type: ignore[attr-defined]
            return f"{result.code} {result.text}"

    async def main() -> None:
        loop = asyncio.get_running_loop()
        handler = Handler()
        server = await loop.create_server(
            lambda: SMTP(handler, enable_SMTPUTF8=True, hostname="bare", data_size_limit=26214400),
            "127.0.0.1", listen, backlog=512,
        )  # fmt: skip
        async with server:
            await server.serve_forever()

    asyncio.run(main())


# -- the client ------------------------------------------------------------------------------


@dataclass
class Result:
    sent: int
    seconds: float
    latencies: list[float]
    codes: dict[int, int]

    @property
    def rate(self) -> float:
        return self.sent / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        s = sorted(self.latencies)
        return s[min(len(s) - 1, int(q * len(s)))] * 1000


async def drive(port: int, mails: list[Mail], seconds: float, connections: int, rate: float | None = None) -> Result:
    """``connections`` clients for ``seconds``; with ``rate`` (messages/s overall) an open-loop schedule."""
    latencies: list[float] = []
    codes: dict[int, int] = {}
    start = time.perf_counter()
    end = start + seconds
    counter = iter(range(10**9))

    async def one_client(k: int) -> None:
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, timeout=30, start_tls=False)
        await client.connect()
        try:
            while True:
                n = next(counter)
                if rate:
                    due = start + n / rate
                    if due >= end:
                        return
                    delay = due - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                elif time.perf_counter() >= end:
                    return
                mail = mails[n % len(mails)]
                t0 = time.perf_counter()
                try:
                    await client.sendmail(mail.mail_from, list(mail.rcpts), mail.raw)
                    code = 250
                except aiosmtplib.SMTPRecipientsRefused as e:
                    code = e.recipients[0].code if e.recipients else 550
                    await client.rset()
                except aiosmtplib.SMTPResponseException as e:
                    code = e.code
                    if not client.is_connected:
                        await client.connect()
                    else:
                        await client.rset()
                latencies.append(time.perf_counter() - t0)
                codes[code] = codes.get(code, 0) + 1
        finally:
            if client.is_connected:
                await client.quit()

    await asyncio.gather(*(one_client(k) for k in range(connections)))
    return Result(len(latencies), time.perf_counter() - start, latencies, codes)


# -- the runs --------------------------------------------------------------------------------


def start_sink(port: int) -> subprocess.Popen[bytes]:
    smtp_sink = shutil.which("smtp-sink") or "/usr/sbin/smtp-sink"
    if Path(smtp_sink).exists():
        user = ["-u", "nobody"] if os.geteuid() == 0 else []
        cmd = [smtp_sink, *user, "-c", f"127.0.0.1:{port}", "512"]
    else:
        cmd = [sys.executable, "-c", f"import asyncio; from gateway.sink import Sink, start_sink\n"
               f"async def m():\n s = await start_sink(Sink(), '127.0.0.1', {port})\n await s.serve_forever()\n"
               f"asyncio.run(m())"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    wait_port(port, proc)
    return proc


def write_config(folder: Path, listen: int, next_hop: int) -> Path:
    path = folder / "gateway.toml"
    text = (CORPUS / "gateway.toml").read_text()
    text = text.replace('file = "directory.toml"', f'file = "{CORPUS / "directory.toml"}"')
    text = text.replace('listen = "127.0.0.1:10025"', f'listen = "127.0.0.1:{listen}"')
    text = text.replace('next_hop = "127.0.0.1:10026"', f'next_hop = "127.0.0.1:{next_hop}"')
    text = text.replace('url = "sqlite:///gateway.db"', f'url = "sqlite:///{folder / "gateway.db"}"')
    path.write_text(text)
    return path


def run(
    cmd: list[str], port: int, mails: list[Mail], args: argparse.Namespace, sink_pid: int, half_of: float | None = None
) -> tuple[Result, Result | None, int, Cpu]:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        wait_port(port, proc)
        asyncio.run(drive(port, mails, 1.0, args.connections))  # warm-up
        before = (cpu_seconds(proc.pid), time.process_time(), cpu_seconds(sink_pid))
        full = asyncio.run(drive(port, mails, args.seconds, args.connections))
        after = (cpu_seconds(proc.pid), time.process_time(), cpu_seconds(sink_pid))
        per = 1000 / max(full.sent, 1)
        cpu = Cpu(*((b - a) * per for a, b in zip(before, after, strict=True)))
        half = None
        if half_of is not None:
            half = asyncio.run(drive(port, mails, args.seconds, args.connections, rate=max(1.0, full.rate / 2)))
        return full, half, peak_rss_kib(proc.pid), cpu
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def line(name: str, r: Result, mem: int | None = None) -> str:
    codes = " ".join(f"{c}:{n}" for c, n in sorted(r.codes.items()))
    m = f"  peak RSS {mem / 1024:7.1f} MiB" if mem is not None else ""
    return f"{name:34s} {r.rate:8.1f} msg/s  p50 {r.pct(0.5):7.1f} ms  p99 {r.pct(0.99):7.1f} ms{m}  [{codes}]"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--seconds", type=float, default=8.0, help="seconds per measurement (default: 8)")
    ap.add_argument("--connections", type=int, default=20)
    ap.add_argument("--mix", choices=("school", "corpus"), default="school",
                    help="school: 85%% clean corpus messages (default); corpus: every corpus message in turn")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes for the SO_REUSEPORT run")
    ap.add_argument("--bare-relay", nargs=2, type=int, metavar=("LISTEN", "NEXT_HOP"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.bare_relay:
        bare_relay(*args.bare_relay)
        return 0

    mails = corpus(args.mix)
    sink_port = free_port()
    sink = start_sink(sink_port)
    tmp = Path(tempfile.mkdtemp(prefix="bench-smtp-"))
    py = sys.executable
    try:
        print(f"{len(mails)} messages ({args.mix} mix), {args.connections} connections, {args.seconds:.0f} s per run, "
              f"{os.cpu_count()} CPUs, sink: {Path(sink.args[0]).name}")  # fmt: skip
        port = free_port()
        bare, _, bare_mem, bare_cpu = run([py, __file__, "--bare-relay", str(port), str(sink_port)], port, mails, args, sink.pid)
        print(line("(a) bare aiosmtpd relay", bare, bare_mem), flush=True)

        port = free_port()
        (tmp / "one").mkdir()
        cfg = write_config(tmp / "one", port, sink_port)
        gw, half, gw_mem, gw_cpu = run(
            [py, "-m", "gateway.cli", "serve", "--config", str(cfg)], port, mails, args, sink.pid, half_of=1.0
        )
        print(line("(b) gateway serve, 1 process", gw, gw_mem), flush=True)
        assert half is not None
        print(line(f"    at half load ({half.rate:.0f} msg/s)", half), flush=True)

        gw_multi = None
        if args.workers > 1:
            port = free_port()
            (tmp / "multi").mkdir()
            cfg = write_config(tmp / "multi", port, sink_port)
            gw_multi, _, multi_mem, _ = run(
                [py, "-m", "gateway.cli", "serve", "--config", str(cfg), "--workers", str(args.workers)],
                port, mails, args, sink.pid,
            )  # fmt: skip
            print(line(f"(c) gateway serve, {args.workers} workers", gw_multi, multi_mem), flush=True)

        print()
        # Client, servers and sink share this machine's CPUs: the CPU each spends per message shows
        # what the throughput ratio would be on a server whose cores are not shared with the load.
        for name, c in (("bare relay", bare_cpu), ("gateway", gw_cpu)):
            print(f"CPU per message, {name:10s}: server {c.server:5.2f} ms  client {c.client:5.2f} ms  sink {c.sink:5.2f} ms")
        cpu_ratio = bare_cpu.server / gw_cpu.server if gw_cpu.server else 0.0
        print(f"gateway / bare relay throughput if each had its own core (server CPU per message): {cpu_ratio:.2f}")
        ratio = gw.rate / bare.rate if bare.rate else 0.0
        print(f"gateway / bare relay throughput: {ratio:.2f}  (target >= 0.70)  {'OK' if ratio >= 0.7 else 'BELOW TARGET'}")
        p99 = half.pct(0.99)
        print(f"gateway p99 at half load: {p99:.1f} ms  (target < 50 ms)  {'OK' if p99 < 50 else 'ABOVE TARGET'}")
        if gw_multi is not None:
            better = gw_multi.rate > bare.rate
            print(f"{args.workers} workers vs bare single-process relay: {gw_multi.rate:.1f} vs {bare.rate:.1f} msg/s  "
                  f"{'OK' if better else 'BELOW TARGET'}")  # fmt: skip
    finally:
        sink.terminate()
        sink.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
