"""DKIM signing and key generation; the DNS TXT cache."""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING

import dkim as dkimpy
import pytest

from gateway.config import Config, DkimConfig
from gateway.dkim import DkimError, keygen, sign
from gateway.dns import NEGATIVE_TTL, TEMPORARY_TTL, DnsTemporaryError, TxtResolver

if TYPE_CHECKING:
    from gateway.pipeline import Pipeline
    from gateway.relay import MemoryTransport
    from policies.engine import Engine

RAW = (
    b"From: h.patel@rbps.example\r\nTo: info@museum.example\r\nSubject: Booking\r\n"
    b"Date: Tue, 24 Nov 2026 10:00:00 +0000\r\nMessage-ID: <1@rbps.example>\r\n"
    b"Content-Type: text/plain\r\n\r\nWe would like to book a visit.\r\n"
)


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> tuple[DkimConfig, bytes]:
    path = tmp_path_factory.mktemp("dkim") / "keys" / "gw.pem"
    record = keygen(path, "gw", "rbps.example", bits=1024)
    txt = "".join(record.split('"')[1::2]).encode()
    return DkimConfig("gw", "rbps.example", path), txt


def verify(raw: bytes, txt: bytes) -> bool:
    return bool(dkimpy.verify(raw, dnsfunc=lambda name, timeout=5: txt if name == b"gw._domainkey.rbps.example." else None))


def test_keygen_writes_a_private_key_readable_only_by_its_owner(key: tuple[DkimConfig, bytes]) -> None:
    config, txt = key
    assert config.private_key is not None
    assert stat.S_IMODE(config.private_key.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in config.private_key.read_bytes()
    assert txt.startswith(b"v=DKIM1; k=rsa; p=")


def test_keygen_refuses_to_overwrite(key: tuple[DkimConfig, bytes]) -> None:
    config, _ = key
    assert config.private_key is not None
    with pytest.raises(FileExistsError):
        keygen(config.private_key, "gw", "rbps.example", bits=1024)


def test_signature_verifies_has_no_length_tag_and_oversigns(key: tuple[DkimConfig, bytes]) -> None:
    config, txt = key
    signed = sign(RAW, config)
    assert signed.endswith(RAW)
    assert verify(signed, txt)
    header = signed[: signed.index(RAW)].decode()
    unfolded = re.sub(r"\r\n[ \t]+", " ", header)
    assert not re.search(r"[; ]l=", unfolded)
    h = re.search(r"h=([^;]+)", unfolded)
    assert h is not None
    names = [n.strip().lower() for n in h.group(1).replace(" ", "").split(":")]
    for name in ("subject", "date", "to", "cc", "reply-to", "message-id", "content-type"):
        assert names.count(name) == RAW.lower().count(f"\n{name}:".encode()) + 1, name


def test_added_header_or_appended_body_breaks_the_signature(key: tuple[DkimConfig, bytes]) -> None:
    config, txt = key
    signed = sign(RAW, config)
    assert not verify(signed.replace(b"Subject: Booking\r\n", b"Subject: Booking\r\nSubject: Free money\r\n"), txt)
    assert not verify(signed.replace(b"Subject: Booking\r\n", b"Subject: Booking\r\nCc: all@else.example\r\n"), txt)
    assert not verify(signed + b"Click here\r\n", txt)


@pytest.mark.parametrize("content", [None, b"not a key", b"-----BEGIN RSA PRIVATE KEY-----\r\nAAAA\r\n-----END RSA PRIVATE KEY-----\r\n"])
def test_unusable_key_raises(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "k.pem"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DkimError):
        sign(RAW, DkimConfig("gw", "rbps.example", path))


def test_txt_resolver_caches_answers_and_failures() -> None:
    calls: list[str] = []
    now = [1000.0]

    def lookup(name: str, timeout: float) -> tuple[bytes | None, float]:
        calls.append(name)
        return (b"v=DKIM1; p=abc", 300.0) if name.startswith("gw.") else (None, NEGATIVE_TTL)

    resolve = TxtResolver(timeout=1.0, lookup=lookup, clock=lambda: now[0])
    assert resolve(b"gw._domainkey.rbps.example.") == b"v=DKIM1; p=abc"
    assert resolve("GW._domainkey.rbps.example", timeout=5) == b"v=DKIM1; p=abc"
    assert resolve(b"x._domainkey.rbps.example.") is None
    assert resolve(b"x._domainkey.rbps.example.") is None
    assert calls == ["gw._domainkey.rbps.example", "x._domainkey.rbps.example"]
    now[0] += NEGATIVE_TTL + 1
    resolve(b"x._domainkey.rbps.example.")
    resolve(b"gw._domainkey.rbps.example.")
    assert calls[2:] == ["x._domainkey.rbps.example"]  # the record's TTL (300 s) has not run out
    now[0] += 300
    resolve(b"gw._domainkey.rbps.example.")
    assert calls[-1] == "gw._domainkey.rbps.example"


def test_txt_resolver_is_bounded() -> None:
    resolve = TxtResolver(lookup=lambda name, t: (name.encode(), 300.0), max_entries=3)
    for i in range(10):
        resolve(f"n{i}.example")
    assert len(resolve._cache) == 3


# -- asynchronous key look-ups before the engine runs ---------------------------------------------


def test_dkim_key_names_from_the_header_section() -> None:
    from policies.spoofed_sender import dkim_key_names

    raw = (
        b"DKIM-Signature: v=1; a=rsa-sha256; d=rbps.example;\r\n\ts=Mail2026; h=from; bh=x; b=y\r\n"
        b"DKIM-Signature: v=1; d=lists.rbps.example; s=l1; b=z\r\n"
        b"DKIM-Signature: v=1; d=elsewhere.example; s=x; b=z\r\n"
        b"DKIM-Signature: v=1; d=rbps.example; s=mail2026; b=again\r\n"
        b"DKIM-Signature: v=1; d=rbps.example; s=bad/name; b=z\r\n"
        b"From: a@rbps.example\r\n\r\n"
        b"DKIM-Signature: v=1; d=rbps.example; s=inbody; b=z\r\n"
    )
    assert dkim_key_names(raw, ("rbps.example",)) == ["mail2026._domainkey.rbps.example", "l1._domainkey.lists.rbps.example"]
    many = b"".join(b"DKIM-Signature: d=rbps.example; s=k%d\r\n" % i for i in range(50)) + b"\r\nbody"
    assert len(dkim_key_names(many, ("rbps.example",))) == 8


def _no_blocking_lookup(name: str, timeout: float) -> tuple[bytes | None, float]:
    raise AssertionError(f"a synchronous look-up of {name} was made")


async def test_prefetch_looks_up_once_for_many_waiters_and_fills_the_cache() -> None:
    import asyncio

    calls: list[str] = []

    async def slow(name: str, timeout: float) -> tuple[bytes | None, float]:
        calls.append(name)
        await asyncio.sleep(0.05)
        return b"v=DKIM1; p=key", 300.0

    resolve = TxtResolver(lookup=_no_blocking_lookup, async_lookup=slow)
    await asyncio.gather(*(resolve.prefetch([b"gw._domainkey.rbps.example."]) for _ in range(10)))
    assert calls == ["gw._domainkey.rbps.example"]
    assert resolve("gw._domainkey.rbps.example") == b"v=DKIM1; p=key"  # from the cache, no blocking call
    await resolve.prefetch(["gw._domainkey.rbps.example"])
    assert len(calls) == 1


async def test_prefetch_timeout_is_remembered_as_a_failure_for_now() -> None:
    import asyncio

    async def hangs(name: str, timeout: float) -> tuple[bytes | None, float]:
        await asyncio.sleep(60)
        return b"late", 300.0

    now = [1000.0]
    resolve = TxtResolver(timeout=0.05, lookup=_no_blocking_lookup, async_lookup=hangs, clock=lambda: now[0])
    await asyncio.wait_for(resolve.prefetch(["gw._domainkey.rbps.example"]), 5)
    # neither a key nor "no key": the engine does not wait again, and the message is not judged without it
    with pytest.raises(DnsTemporaryError):
        resolve("gw._domainkey.rbps.example")
    now[0] += TEMPORARY_TTL + 1
    with pytest.raises(AssertionError, match="synchronous look-up"):
        resolve("gw._domainkey.rbps.example")  # forgotten after a few seconds: looked up afresh


def test_a_missing_key_is_no_key_and_a_failing_server_is_a_failure_for_now() -> None:
    import dns.exception
    import dns.resolver

    from gateway.dns import _failed

    assert _failed("x", dns.resolver.NXDOMAIN()) == (None, NEGATIVE_TTL)
    assert _failed("x", dns.resolver.NoAnswer()) == (None, NEGATIVE_TTL)
    for e in (dns.exception.Timeout(), dns.resolver.NoNameservers()):
        with pytest.raises(DnsTemporaryError):
            _failed("x", e)
    calls: list[str] = []

    def fails(name: str, timeout: float) -> tuple[bytes | None, float]:
        calls.append(name)
        raise DnsTemporaryError(name)

    resolve = TxtResolver(lookup=fails)
    for _ in range(3):
        with pytest.raises(DnsTemporaryError):
            resolve("gw._domainkey.rbps.example")
    assert calls == ["gw._domainkey.rbps.example"]  # a flood of mail waits on one look-up


def _pipeline(config: Config, engine: Engine) -> tuple[Pipeline, MemoryTransport, list[tuple[object, ...]]]:
    """The relay's pipeline with an in-memory next hop and a store that records its puts."""
    from gateway.pipeline import Pipeline
    from gateway.relay import MemoryTransport

    transport = MemoryTransport()
    puts: list[tuple[object, ...]] = []

    class Store:
        def put(self, *args: object) -> str:
            puts.append(args)
            return "item"

        def withdraw(self, *args: object) -> None:
            pass

    return Pipeline(config, engine, Store(), transport, hostname="gw.test", state_of=str), transport, puts


async def test_a_key_that_cannot_be_fetched_just_now_is_a_451_and_nothing_is_kept(
    tmp_path: Path, config: Config
) -> None:
    from gateway.pipeline import Incoming
    from policies.base import Services
    from policies.engine import Engine

    path = tmp_path / "k.pem"
    keygen(path, "mail", "rbps.example", bits=1024)
    raw = sign(RAW, DkimConfig("mail", "rbps.example", path))

    async def times_out(name: str, timeout: float) -> tuple[bytes | None, float]:
        raise TimeoutError

    engine = Engine(config, services=Services(dns_txt=TxtResolver(lookup=_no_blocking_lookup, async_lookup=times_out)))
    pipeline, transport, puts = _pipeline(config, engine)
    untrusted = Incoming("Q1", "news@lists.example", ("j.okafor@rbps.example",), raw, "203.0.113.9", "mx.lists.example", False)
    out = await pipeline.process(untrusted)
    assert out.reply.startswith("451 4.4.3"), out.reply
    assert (transport.sent, puts) == ([], [])


async def test_relay_resolves_school_dkim_keys_asynchronously_before_judging(
    tmp_path: Path, config: Config
) -> None:
    from gateway.pipeline import Incoming
    from policies.base import Services
    from policies.engine import Engine

    path = tmp_path / "k.pem"
    record = keygen(path, "mail", "rbps.example", bits=1024)
    public = "".join(record.split('"')[1::2]).encode()
    raw = sign(RAW, DkimConfig("mail", "rbps.example", path))
    calls: list[str] = []

    async def lookup(name: str, timeout: float) -> tuple[bytes | None, float]:
        calls.append(name)
        return (public if name == "mail._domainkey.rbps.example" else None), 300.0

    engine = Engine(config, services=Services(dns_txt=TxtResolver(lookup=_no_blocking_lookup, async_lookup=lookup)))
    pipeline, _, _ = _pipeline(config, engine)
    untrusted = Incoming("Q1", "news@lists.example", ("j.okafor@rbps.example",), raw, "203.0.113.9", "mx.lists.example", False)
    out = await pipeline.process(untrusted)
    assert calls == ["mail._domainkey.rbps.example"]
    assert out.verdict is not None
    dkim_findings = [f for f in out.verdict.findings if f.where == "header DKIM-Signature"]
    assert dkim_findings == []  # the signature verified with the prefetched key
    tampered = raw.replace(b"We would like", b"We would not like")
    out = await pipeline.process(Incoming("Q2", "news@lists.example", ("j.okafor@rbps.example",), tampered, "203.0.113.9", "x", False))
    assert out.verdict is not None and [f.policy for f in out.verdict.findings if f.where == "header DKIM-Signature"] == ["spoofed-sender"]
    assert len(calls) == 1  # cached
    trusted = Incoming("Q3", "year6@rbps.example", ("j.okafor@rbps.example",), raw.replace(b"mail;", b"other;"), "127.0.0.1", "x", False)
    await pipeline.process(trusted)
    assert len(calls) == 1  # mail from the trusted networks is not DKIM-checked, so nothing is looked up
