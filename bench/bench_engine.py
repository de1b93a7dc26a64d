#!/usr/bin/env python3
"""Engine throughput over the shared corpus, one process, one core; 1 MB body time; memory.

Prints: messages per second (parse + every policy), the time to judge a 1 MB text
body from a pupil, and the peak resident memory of the process.
Usage: .venv/bin/python bench/bench_engine.py [--seconds N]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gateway.config import load_config  # noqa: E402
from policies.engine import Engine  # noqa: E402
from policies.message import parse  # noqa: E402
from policies.types import Envelope  # noqa: E402

CORPUS = Path(os.environ.get("GATEWAY_CORPUS", ROOT.parent / "shared" / "corpus"))


def envelopes() -> list[Envelope]:
    cases = tomllib.loads((CORPUS / "cases.toml").read_text())["case"]
    out = []
    for c in cases:
        raw = (CORPUS / c["file"]).read_bytes()
        m = parse(raw)
        sender = c.get("mail_from") or (m.from_addresses[:1] or ("",))[0]
        rcpts = tuple(c.get("rcpt") or dict.fromkeys(m.recipients_in_headers))
        out.append(Envelope(sender, rcpts, raw, client_ip=c.get("client_ip")))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=5.0)
    a = ap.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass
    engine = Engine(load_config(CORPUS / "gateway.toml"))
    envs = envelopes()
    for e in envs:  # warm-up: imports, regex compilation, caches
        engine.judge(e)
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < a.seconds:
        for e in envs:
            engine.judge(e)
        n += len(envs)
    elapsed = time.perf_counter() - start
    rate = n / elapsed
    print(f"engine: {n} messages in {elapsed:.2f} s = {rate:,.0f} messages/s on one core "
          f"(corpus of {len(envs)} messages; target >= 500) {'OK' if rate >= 500 else 'BELOW TARGET'}")

    sentence = ("We looked at the rivers of Europe today and I drew a map of the Danube with all the "
                "countries it flows through, and then we wrote a poem about the sea. ")
    body = (sentence * (1_000_000 // len(sentence) + 1))[:1_000_000]
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "amelia.clarke@rbps.example"
    msg["To"] = "isla.mensah@rbps.example"
    msg["Subject"] = "my long story"
    msg.set_content(body)
    raw = msg.as_bytes()
    env = Envelope("amelia.clarke@rbps.example", ("isla.mensah@rbps.example",), raw)
    t0 = time.perf_counter()
    v = engine.judge(env)
    t1 = time.perf_counter() - t0
    print(f"1 MB text body judged in {t1 * 1000:.0f} ms (verdict {v.action.label}; target < 1000 ms) "
          f"{'OK' if t1 < 1 else 'BELOW TARGET'}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {rss:.0f} MB (target < 150 MB) {'OK' if rss < 150 else 'BELOW TARGET'}")


if __name__ == "__main__":
    main()
