"""spoofed-sender: school addresses from untrusted networks, and school DKIM signatures that do not verify."""

from __future__ import annotations

import base64
from collections.abc import Callable

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from gateway.config import Config
from policies.base import Services
from policies.engine import Engine
from policies.types import Envelope
from policies.verdict import Verdict
from tests.conftest import build_eml

UNTRUSTED = "203.0.113.45"
SCHOOL_NET = "10.20.3.41"
HEAD = "h.patel@rbps.example"
OFFICE = "office@rbps.example"
LIST = "bounce-77@lists.example"


def _key() -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)


@pytest.fixture(scope="module")
def keys() -> tuple[tuple[bytes, bytes], tuple[bytes, bytes]]:
    return _key(), _key()


def spoofed(v: Verdict) -> bool:
    return "spoofed-sender" in v.policies


# -- addresses -----------------------------------------------------------------------------


def test_school_sender_from_untrusted_network_is_rejected(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=HEAD, to=OFFICE, body="Please buy gift cards", client_ip=UNTRUSTED)
    assert spoofed(v) and v.action.label == "reject"
    assert any(f.where == "envelope sender" and UNTRUSTED in f.evidence for f in v.findings)


def test_school_from_header_with_outside_envelope_is_rejected(judge: Callable[..., Verdict]) -> None:
    v = judge(sender="s.wright@rbps.example", to="j.okafor@rbps.example", mail_from="x@mailblast.example",
              client_ip="198.51.100.23")
    assert spoofed(v) and v.action.label == "reject"
    assert [f.where for f in v.findings if f.policy == "spoofed-sender"] == ["header From"]


def test_unknown_school_address_from_outside_is_spoofed_too(judge: Callable[..., Verdict]) -> None:
    v = judge(sender="x@RBPS.example", to=OFFICE, client_ip=UNTRUSTED)
    assert spoofed(v)


def test_school_sender_from_trusted_networks_is_fine(judge: Callable[..., Verdict]) -> None:
    for ip in (SCHOOL_NET, "127.0.0.1", None):
        v = judge(sender=HEAD, to=OFFICE, body="Staff meeting at 3", client_ip=ip)
        assert not spoofed(v), ip


def test_outside_sender_from_outside_is_fine(judge: Callable[..., Verdict]) -> None:
    v = judge(sender="learning@museum.example", to=OFFICE, body="Booking confirmed", client_ip=UNTRUSTED)
    assert not spoofed(v)


def test_school_name_only_in_display_name_is_not_this_policy(judge: Callable[..., Verdict]) -> None:
    v = judge(sender='"Harriet Patel (rbps.example)" <h.patel@freemail.example>', to=OFFICE, client_ip=UNTRUSTED)
    assert not spoofed(v)


# -- DKIM -----------------------------------------------------------------------------------


def _signed(private: bytes, domain: bytes = b"rbps.example", sender: str = "news@lists.example") -> bytes:
    raw = build_eml(sender=sender, to=OFFICE, subject="Newsletter", body="The school fair is on Saturday.\n")
    raw = raw.replace(b"\n", b"\r\n") if b"\r\n" not in raw else raw
    sig: bytes = dkim.sign(raw, b"mail", domain, private, include_headers=[b"from", b"to", b"subject"])
    return sig + raw


def _judge_dkim(config: Config, raw: bytes, dns: dict[bytes, bytes], ip: str | None = UNTRUSTED) -> Verdict:
    lookups: list[bytes] = []

    def dns_txt(name: bytes) -> bytes | None:
        lookups.append(name)
        return dns.get(name)

    engine = Engine(config, services=Services(dns_txt=dns_txt))
    return engine.judge(Envelope(LIST, (OFFICE,), raw, client_ip=ip))


NAME = b"mail._domainkey.rbps.example."


def test_valid_school_dkim_passes(config: Config, keys: tuple[tuple[bytes, bytes], ...]) -> None:
    (private, public), _ = keys
    assert not spoofed(_judge_dkim(config, _signed(private), {NAME: public}))


def test_tampered_body_fails(config: Config, keys: tuple[tuple[bytes, bytes], ...]) -> None:
    (private, public), _ = keys
    raw = _signed(private).replace(b"Saturday", b"Sunday")
    v = _judge_dkim(config, raw, {NAME: public})
    assert spoofed(v) and v.action.label == "reject"
    assert any(f.where == "header DKIM-Signature" and "rbps.example" in f.evidence for f in v.findings)


def test_wrong_key_fails(config: Config, keys: tuple[tuple[bytes, bytes], ...]) -> None:
    (private, _), (_, other_public) = keys
    assert spoofed(_judge_dkim(config, _signed(private), {NAME: other_public}))


def test_missing_key_fails(config: Config, keys: tuple[tuple[bytes, bytes], ...]) -> None:
    (private, _), _ = keys
    assert spoofed(_judge_dkim(config, _signed(private), {}))


def test_garbage_signature_fails_without_raising(config: Config) -> None:
    raw = b"DKIM-Signature: v=1; d=rbps.example; s=mail; b=!!!; bh=???\r\n" + build_eml(sender="a@lists.example", to=OFFICE)
    v = _judge_dkim(config, raw, {})
    assert spoofed(v)
    assert all(f.reason != "this check failed, so a teacher must look" for f in v.findings)


def test_failing_signature_of_another_domain_is_not_this_policy(config: Config, keys: tuple[tuple[bytes, bytes], ...]) -> None:
    (private, _), _ = keys
    raw = _signed(private, domain=b"lists.example").replace(b"Saturday", b"Sunday")
    assert not spoofed(_judge_dkim(config, raw, {}))


def test_subdomain_of_school_counts(config: Config, keys: tuple[tuple[bytes, bytes], ...]) -> None:
    (private, _), _ = keys
    assert spoofed(_judge_dkim(config, _signed(private, domain=b"mail.rbps.example"), {}))


def test_dkim_not_required_from_trusted_network(config: Config, keys: tuple[tuple[bytes, bytes], ...]) -> None:
    (private, _), _ = keys
    raw = _signed(private).replace(b"Saturday", b"Sunday")
    assert not spoofed(_judge_dkim(config, raw, {}, ip=SCHOOL_NET))


def test_valid_dkim_does_not_excuse_a_school_sender_from_outside(config: Config, keys: tuple[tuple[bytes, bytes], ...]) -> None:
    (private, public), _ = keys
    raw = _signed(private, sender=HEAD)
    v = _judge_dkim(config, raw, {NAME: public})
    assert spoofed(v)
    assert [f.where for f in v.findings if f.policy == "spoofed-sender"] == ["header From"]
