"""Fixtures shared by every test: the shared corpus, its configuration, an engine, message builders."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from gateway.config import Config, load_config
from policies.engine import Engine
from policies.types import Envelope
from policies.verdict import Verdict

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("GATEWAY_CORPUS", ROOT.parent / "shared" / "corpus"))


def corpus_cases() -> list[dict[str, Any]]:
    with (CORPUS / "cases.toml").open("rb") as f:
        return list(tomllib.load(f)["case"])


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def config() -> Config:
    """The shared corpus's configuration (Robert Bakewell Primary School, rbps.example)."""
    return load_config(CORPUS / "gateway.toml")


@pytest.fixture(scope="session")
def engine(config: Config) -> Engine:
    return Engine(config)


def build_eml(
    *,
    sender: str = "amelia.clarke@rbps.example",
    to: str | list[str] = "isla.mensah@rbps.example",
    subject: str = "hello",
    body: str = "Hi there",
    html: str | None = None,
    attachments: list[tuple[str, str, bytes]] = (),  # type: ignore[assignment]
    headers: dict[str, str] | None = None,
) -> bytes:
    """A well-formed message; ``attachments`` are (filename, content type, data)."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to) if isinstance(to, list) else to
    msg["Subject"] = subject
    for k, v in (headers or {}).items():
        msg[k] = v
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    for name, ctype, data in attachments:
        maintype, _, subtype = ctype.partition("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


@pytest.fixture
def judge(engine: Engine) -> Callable[..., Verdict]:
    """judge(raw_or_kwargs..., mail_from=None, rcpt=None, client_ip=None) -> Verdict.

    Either pass ``raw=`` bytes or the keyword arguments of ``build_eml``. The
    envelope defaults to the From: and To: addresses, as ``gateway check`` does.
    """

    def _judge(
        raw: bytes | None = None,
        *,
        mail_from: str | None = None,
        rcpt: list[str] | None = None,
        client_ip: str | None = None,
        **kwargs: Any,
    ) -> Verdict:
        from policies.message import parse

        data = raw if raw is not None else build_eml(**kwargs)
        message = parse(data)
        sender = mail_from if mail_from is not None else (message.from_addresses[:1] or ("",))[0]
        rcpts = tuple(rcpt) if rcpt else tuple(dict.fromkeys(message.recipients_in_headers))
        return engine.judge(Envelope(sender, rcpts, data, client_ip=client_ip), message)

    return _judge
