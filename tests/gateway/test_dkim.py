"""DKIM signing and key generation; the DNS TXT cache."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import dkim as dkimpy
import pytest

from gateway.config import DkimConfig
from gateway.dkim import DkimError, keygen, sign
from gateway.dns import NEGATIVE_TTL, TxtResolver

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
