"""DKIM signing of outbound mail (dkimpy) and ``gateway dkim keygen``.

``sign`` prepends one DKIM-Signature header to the unchanged message: relaxed/
relaxed canonicalisation, rsa-sha256, no ``l=`` tag (a body length limit lets
anyone append text under the school's signature), and the headers that matter
to a reader oversigned so that none can be added after signing. A key that
cannot be read or used raises ``DkimError``: the relay answers 451 and never
sends the message unsigned.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import dkim as dkimpy

from gateway.config import DkimConfig

# Signed once more than they occur, so that a second copy cannot be added later.
OVERSIGNED: tuple[bytes, ...] = (
    b"subject", b"date", b"to", b"cc", b"reply-to", b"message-id", b"content-type",
)  # fmt: skip
SIGNED: tuple[bytes, ...] = (b"from", *OVERSIGNED, b"mime-version", b"content-transfer-encoding", b"in-reply-to", b"references")
KEY_BITS = 2048


class DkimError(Exception):
    """The message cannot be signed (the key is missing, unreadable or unusable)."""


def read_key(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise DkimError(f"cannot read the DKIM private key {path}: {e.strerror or e}") from None
    if b"PRIVATE KEY" not in data:
        raise DkimError(f"{path} is not a PEM private key")
    return data


def sign(raw: bytes, config: DkimConfig, key: bytes | None = None) -> bytes:
    """``raw`` with a DKIM-Signature header in front. Raises ``DkimError``."""
    if config.private_key is None or not config.selector or not config.domain:
        raise DkimError("[dkim] needs selector, domain and private_key")
    pem = key if key is not None else read_key(config.private_key)
    d = dkimpy.DKIM(raw, linesep=b"\r\n")
    # Every occurrence of the signed headers, then each oversigned name once more: that
    # extra (empty) instance is what makes an added Subject, Cc, Reply-To... break the signature.
    present = [name.lower() for name, _ in d.headers if name.lower() in SIGNED]
    include = present + list(OVERSIGNED)
    try:
        header = d.sign(
            config.selector.encode("ascii"),
            config.domain.encode("ascii"),
            pem,
            canonicalize=(b"relaxed", b"relaxed"),
            include_headers=include,
            length=False,
        )
    except (dkimpy.DKIMException, ValueError, UnicodeEncodeError) as e:
        raise DkimError(f"cannot sign with the DKIM key {config.private_key}: {e}") from None
    return bytes(header) + raw


def txt_record(public_der: bytes) -> str:
    return "v=DKIM1; k=rsa; p=" + base64.b64encode(public_der).decode("ascii")


def keygen(path: Path, selector: str, domain: str, bits: int = KEY_BITS) -> str:
    """Write a new RSA private key to ``path`` (mode 0600, never overwriting); return the DNS TXT record line."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )
    der = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(path, 0o600)
    record = txt_record(der)
    # A TXT string holds at most 255 octets: split into quoted chunks as zone files expect.
    chunks = " ".join(f'"{record[i:i + 250]}"' for i in range(0, len(record), 250))
    return f"{selector}._domainkey.{domain}. IN TXT ( {chunks} )"
