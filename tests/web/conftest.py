"""Fixtures for the web UI: a school with a separate safeguarding lead, a store seeded with corpus mail."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from gateway.config import Config, load_config
from policies.types import Action, Direction, Envelope, Finding
from policies.verdict import Verdict
from quarantine.models import StaffCredential
from quarantine.store import ItemState, Store
from quarantine.web.auth import hash_password

CORPUS = Path("/work/shared/corpus")
PASSWORD = "correct horse battery"

HEAD = "h.patel@rbps.example"
DSL = "k.shah@rbps.example"
OKAFOR = "j.okafor@rbps.example"  # Year 6 (Oak)
WRIGHT = "s.wright@rbps.example"  # Year 4 (Willow)
ADMIN = "d.evans@rbps.example"
OFFICE = "office@rbps.example"


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def write_config(tmp_path: Path, next_hop_port: int = 10026, extra: str = "", idle_minutes: int = 30) -> Path:
    """gateway.toml + directory.toml in ``tmp_path``: the corpus school, with a safeguarding lead of her own."""
    directory = (CORPUS / "directory.toml").read_text(encoding="utf-8")
    directory, n = re.subn(r'roles = \["headteacher", "safeguarding-lead"\]', 'roles = ["headteacher"]', directory)
    assert n == 1, "the corpus directory changed: update tests/web/conftest.py"
    # Mrs Wright teaches Year 4 only here, so that Year 6's mail is not hers.
    directory, n = re.subn(
        r'teachers = \["s.wright@rbps.example", "j.okafor@rbps.example"\]',
        'teachers = ["j.okafor@rbps.example"]',
        directory,
    )
    assert n == 1, "the corpus directory changed: update tests/web/conftest.py"
    directory += (
        '\n[[staff]]\naddress = "k.shah@rbps.example"\nname = "Kiran Shah"\n'
        'roles = ["safeguarding-lead"]\nmay_email_pupils = true\n'
    )
    (tmp_path / "directory.toml").write_text(directory, encoding="utf-8")
    config = f"""
[school]
name = "Robert Bakewell Primary School"
domains = ["rbps.example"]

[directory]
file = "directory.toml"

[relay]
next_hop = "127.0.0.1:{next_hop_port}"

[store]
url = "sqlite:///{tmp_path / "gateway.db"}"

[web]
listen = "127.0.0.1:8025"
base_url = "http://127.0.0.1:8025"
secret_key = "test-secret-key-for-the-web-ui-tests"
session_idle_minutes = {idle_minutes}

[quarantine]
retry_base_seconds = 0
{extra}
"""
    path = tmp_path / "gateway.toml"
    path.write_text(config, encoding="utf-8")
    return path


def corpus(name: str) -> bytes:
    (path,) = CORPUS.glob(f"{name}-*.eml")
    return path.read_bytes()


def put(store: Store, raw: bytes, mail_from: str, rcpts: tuple[str, ...], findings: list[Finding],
        state: ItemState = ItemState.QUARANTINED, direction: Direction = Direction.INTERNAL) -> str:  # fmt: skip
    action = Action.HOLD if state is ItemState.HELD else Action.QUARANTINE
    found = [Finding(f.policy, f.reason, f.evidence, f.where, f.recipients, action) for f in findings]
    verdict = Verdict.combine(direction, rcpts, found)
    return store.put(Envelope(mail_from, rcpts, raw, client_ip="10.20.1.5"), verdict, rcpts, state)


HOSTILE_HTML = """<html><head><script>window.__pwned = 1; alert('script ran')</script>
<style>body {{ background: url(http://127.0.0.1:{port}/css-bg.png) }}</style></head>
<body onload="alert('onload ran')">
<p>Look at this <b>funny</b> picture!</p>
<img src="http://127.0.0.1:{port}/remote.png" alt="remote" onerror="alert('onerror ran')">
<img src="x" onerror="fetch('http://127.0.0.1:{port}/onerror-fetch')">
<a href="javascript:alert('link ran')" id="jslink">click me</a>
<div style="background-image: url('http://127.0.0.1:{port}/style-bg.png')">styled</div>
<form action="http://127.0.0.1:{port}/form"><input name="password"><button>Send</button></form>
<svg onload="alert('svg ran')"><script>alert('svg script')</script></svg>
<iframe src="http://127.0.0.1:{port}/frame"></iframe>
<link rel="stylesheet" href="http://127.0.0.1:{port}/sheet.css">
<meta http-equiv="refresh" content="0;url=http://127.0.0.1:{port}/refresh">
</body></html>"""


def hostile_eml(port: int) -> bytes:
    html = HOSTILE_HTML.format(port=port)
    return (
        "From: Zain Hussain <zain.hussain@rbps.example>\r\n"
        "To: Oliver Nowak <oliver.nowak@rbps.example>\r\n"
        "Subject: funny picture\r\n"
        "Date: Mon, 03 Mar 2025 18:00:00 +0000\r\n"
        "Message-ID: <hostile.1@rbps.example>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        "--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        f"{html}\r\n"
        "--b1\r\nContent-Type: application/octet-stream\r\n"
        'Content-Disposition: attachment; filename="game.exe"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAA=\r\n"
        "--b1--\r\n"
    ).encode()


@dataclass
class Seeded:
    phone: str  # 013: Year 6, personal-details, phone number (Okafor)
    museum: str  # 008: Year 6 class to a museum, held for authorisation (Okafor)
    park: str  # 024: Year 6, meeting arrangement (Okafor)
    sad: str  # 039: Year 6 pupil to Okafor, safeguarding (the DSL decides)
    year4: str  # 025: Year 4 pupils (Wright), meeting arrangement
    hostile: str  # hostile HTML, Year 6 (Okafor)


def seed(store: Store, hostile_port: int = 9) -> Seeded:
    pd = Finding("personal-details", "a phone number", "07700900461")
    return Seeded(
        phone=put(store, corpus("013"), "oliver.nowak@rbps.example", ("zain.hussain@rbps.example",), [pd]),
        museum=put(
            store,
            corpus("008"),
            "year6@rbps.example",
            ("learning@ratae-museum.example",),
            [
                Finding(
                    "external-authorisation",
                    "a class address writing outside the school needs a teacher's permission",
                    "learning@ratae-museum.example",
                    "envelope",
                )
            ],
            ItemState.HELD,
            Direction.OUTBOUND,
        ),  # fmt: skip
        park=put(
            store,
            corpus("024"),
            "oliver.nowak@rbps.example",
            ("zain.hussain@rbps.example",),
            [Finding("meeting-arrangement", "arranges to meet outside school", "meet me at the park")],
        ),
        sad=put(
            store,
            corpus("039"),
            "amelia.clarke@rbps.example",
            (OKAFOR,),
            [Finding("safeguarding", "the pupil says they do not want to be alive", "I don't want to be alive")],
        ),
        year4=put(
            store,
            corpus("025"),
            "grace.obi@rbps.example",
            ("poppy.taylor@rbps.example",),
            [Finding("meeting-arrangement", "invites a friend home", "come round to my house")],
        ),
        hostile=put(
            store,
            hostile_eml(hostile_port),
            "zain.hussain@rbps.example",
            ("oliver.nowak@rbps.example",),
            [Finding("attachments", "an executable program", "game.exe", "attachment")],
        ),
    )


@functools.cache
def _password_hash() -> str:
    return hash_password(PASSWORD)


def set_passwords(store: Store) -> None:
    """Every staff member's password is PASSWORD (one argon2 hash, computed once: the tests run faster)."""
    with store.write() as s:
        for who in (HEAD, DSL, OKAFOR, WRIGHT, ADMIN, OFFICE):
            s.merge(StaffCredential(address=who, password_hash=_password_hash(), updated_at=store.clock()))


@pytest.fixture
def web_config(tmp_path: Path) -> Config:
    return load_config(write_config(tmp_path))


@pytest.fixture
def web_store(web_config: Config) -> Iterator[Store]:
    store = Store.from_config(web_config)
    set_passwords(store)
    yield store
    store.close()
