"""``gateway quarantine ...`` end to end through gateway.cli.main (SQLite)."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from gateway.cli import main
from gateway.config import Config, load_config
from quarantine.store import ItemState, Store
from tests.conftest import CORPUS
from tests.quarantine.conftest import make_verdict
from tests.quarantine.test_transport import Sink

YEAR6, YEAR4, HEAD, ADMIN, OFFICE = (
    "j.okafor@rbps.example", "s.wright@rbps.example", "h.patel@rbps.example", "d.evans@rbps.example",
    "office@rbps.example",
)  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Config, int]:
    port = _free_port()
    cfg = tmp_path / "gateway.toml"
    cfg.write_text(
        f"""
[school]
name = "Robert Bakewell Primary School"
domains = ["rbps.example"]

[directory]
file = "{CORPUS / "directory.toml"}"

[relay]
next_hop = "127.0.0.1:{port}"

[store]
url = "sqlite:///data/quarantine.db"

[web]
secret_key = "cli-test"
""",
        encoding="utf-8",
    )
    return cfg, load_config(cfg), port


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(setup: tuple[Path, Config, int], capsys: pytest.CaptureFixture[str]) -> Run:
    cfg = setup[0]

    def _run(*args: str) -> tuple[int, str, str]:
        code = main(["quarantine", *args, "--config", str(cfg)])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def _put(config: Config, mail_from: str, rcpt: str, findings: list[str], state: ItemState, subject: str = "hi") -> str:
    from policies.types import Envelope
    from tests.conftest import build_eml

    raw = build_eml(sender=mail_from, to=rcpt, subject=subject, body="the body text")
    store = Store.from_config(config)
    try:
        return store.put(Envelope(mail_from, (rcpt,), raw), make_verdict(findings, [rcpt]), [rcpt], state)
    finally:
        store.close()


def test_store_path_is_relative_to_the_config(setup: tuple[Path, Config, int]) -> None:
    cfg, config, _ = setup
    _put(config, "oliver.nowak@rbps.example", "a@museum.example", ["group-address-required"], ItemState.QUARANTINED)
    assert (cfg.parent / "data" / "quarantine.db").is_file()


def test_list_json_and_filters(setup: tuple[Path, Config, int], run: Run) -> None:
    _, config, _ = setup
    a = _put(config, "oliver.nowak@rbps.example", "a@museum.example", ["group-address-required"],
             ItemState.QUARANTINED, "Trip")  # fmt: skip
    b = _put(config, "year6@rbps.example", "b@museum.example", ["external-authorisation"], ItemState.HELD)
    c = _put(config, "poppy.taylor@rbps.example", "c@museum.example", ["personal-details"], ItemState.QUARANTINED)
    code, out, _ = run("list", "--as", HEAD, "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == [c, b, a]
    assert {"id", "state", "sender", "recipients", "subject", "policies"} <= set(rows[0])
    assert rows[2] | {} == rows[2] and rows[2]["subject"] == "Trip" and rows[2]["recipients"] == ["a@museum.example"]
    assert rows[1]["state"] == "held" and rows[1]["policies"] == ["external-authorisation"]

    def ids(*extra: str) -> list[str]:
        code, out, err = run("list", "--as", HEAD, "--json", *extra)
        assert code == 0, err
        return [json.loads(line)["id"] for line in out.splitlines()]

    assert ids("--state", "held") == [b]
    assert ids("--state", "held", "--state", "quarantined") == [c, b, a]
    assert ids("--policy", "personal-details") == [c]
    assert ids("--group", "year4@rbps.example") == [c]
    assert ids("--sender", "oliver.nowak@rbps.example") == [a]
    assert ids("--older-than", "1d") == []
    assert ids("--older-than", "0s") == [c, b, a]
    code, out, _ = run("list", "--as", YEAR4, "--json")
    assert [json.loads(line)["id"] for line in out.splitlines()] == [c]  # only s.wright's pupils
    code, out, _ = run("list", "--as", YEAR6)
    assert code == 0 and a in out and b in out and "Trip" in out
    code, _, err = run("list", "--as", HEAD, "--older-than", "soon")
    assert code == 2 and "older-than" in err


def test_decisions_and_refusals(setup: tuple[Path, Config, int], run: Run) -> None:
    _, config, _ = setup
    a = _put(config, "oliver.nowak@rbps.example", "a@museum.example", ["group-address-required"], ItemState.QUARANTINED)
    code, _, err = run("release", a, "--as", YEAR4)
    assert code == 1 and "refused" in err and "may not act" in err
    code, _, err = run("list", "--as", OFFICE)
    assert code == 1 and "no access" in err
    code, _, err = run("release", a, "--as", "nobody@rbps.example")
    assert code == 1 and "not a staff member" in err
    code, _, err = run("authorise", a, "--as", YEAR6)
    assert code == 1 and "quarantined mail is released" in err
    code, out, _ = run("release", a, "--as", YEAR6)
    assert code == 0 and f"item {a} released" in out
    code, _, err = run("release", a, "--as", YEAR6)
    assert code == 1 and "already released by j.okafor@rbps.example" in err
    code, _, err = run("release", "does-not-exist", "--as", YEAR6)
    assert code == 1 and "no item" in err
    code, _, _ = run("release", a)  # --as is required
    assert code == 2


def test_return_escalate_delete_hold(setup: tuple[Path, Config, int], run: Run) -> None:
    _, config, _ = setup
    a = _put(config, "oliver.nowak@rbps.example", "a@museum.example", ["group-address-required"], ItemState.QUARANTINED)
    b = _put(config, "isla.mensah@rbps.example", "b@museum.example", ["group-address-required"], ItemState.QUARANTINED)
    c = _put(config, "zain.hussain@rbps.example", "c@museum.example", ["group-address-required"], ItemState.QUARANTINED)
    assert run("return", a, "--as", YEAR6)[0] == 2  # --comment required
    code, out, _ = run("return", a, "--as", YEAR6, "--comment", "Please use the class address")
    assert code == 0 and "returned" in out
    code, out, _ = run("escalate", b, "--as", YEAR6, "--comment", "worried")
    assert code == 0 and "escalated" in out
    assert run("release", b, "--as", YEAR6)[0] == 1  # the DSL decides now
    code, _, err = run("hold", c, "--as", YEAR6)
    assert code == 1 and "safeguarding lead or the headteacher" in err
    assert run("hold", b, "--as", HEAD)[0] == 0
    assert run("hold", b, "--as", HEAD, "--off")[0] == 0
    assert run("delete", c, "--as", YEAR6)[0] == 0


def test_show_and_raw(setup: tuple[Path, Config, int], run: Run) -> None:
    _, config, _ = setup
    a = _put(config, "oliver.nowak@rbps.example", "a@museum.example", ["group-address-required"], ItemState.QUARANTINED)
    code, out, _ = run("show", a, "--as", YEAR6)
    assert code == 0
    assert "group-address-required (quarantine): group-address-required reason" in out
    assert "the body text" in out and "You may:    delete, escalate, release, return" in out
    code, out, _ = run("show", a, "--as", ADMIN)
    assert code == 0 and "the body text" not in out and "not shown to your role" in out
    store = Store.from_config(config)
    try:
        from quarantine.models import Item

        with store.read() as s:
            item = s.get(Item, a)
            assert item is not None and item.raw is not None
            raw = bytes(item.raw)
    finally:
        store.close()
    code, out, _ = run("show", a, "--as", YEAR6, "--raw")
    assert code == 0 and out.encode() == raw


def test_audit_and_verify(setup: tuple[Path, Config, int], run: Run) -> None:
    _, config, _ = setup
    a = _put(config, "oliver.nowak@rbps.example", "a@museum.example", ["group-address-required"], ItemState.QUARANTINED)
    run("release", a, "--as", YEAR4)
    run("release", a, "--as", YEAR6)
    code, _, err = run("audit", "--as", YEAR6)
    assert code == 1 and "network manager" in err
    code, out, _ = run("audit", "--as", ADMIN)
    assert code == 0 and "stored" in out and "refused" in out and "released" in out
    code, out, _ = run("audit", "--as", ADMIN, "--json", "--item", a)
    recs = [json.loads(line) for line in out.splitlines()]
    assert [r["action"] for r in recs] == ["stored", "release", "release"]
    code, out, _ = run("audit", "verify")
    assert code == 0 and "chain intact" in out
    store = Store.from_config(config)
    try:
        from sqlalchemy import text

        with store.write() as s:
            s.execute(text("UPDATE audit_log SET actor = 'x@rbps.example' WHERE seq = 2"))
    finally:
        store.close()
    code, out, _ = run("audit", "verify")
    assert code == 1 and "TAMPERED: record 2" in out


def test_deliver_to_the_next_hop_and_purge(setup: tuple[Path, Config, int], run: Run) -> None:
    _, config, port = setup
    a = _put(config, "oliver.nowak@rbps.example", "a@museum.example", ["group-address-required"], ItemState.QUARANTINED)
    run("release", a, "--as", YEAR6)
    code, out, err = run("deliver")
    assert code == 0 and "will retry" in out  # the next hop is down: kept for later
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        store = Store.from_config(config)
        try:
            from sqlalchemy import update

            from quarantine.models import OutboxMessage

            with store.write() as s:  # due now rather than in a minute
                s.execute(update(OutboxMessage).values(next_attempt=0))
        finally:
            store.close()
        code, out, _ = run("deliver", "--as", ADMIN)
        assert code == 0 and "failed 0" in out
    finally:
        controller.stop()
    delivered = [m for m in handler.messages if m[1] == ["a@museum.example"]]
    assert len(delivered) == 1 and b"the body text" in delivered[0][2]
    # the pupil's notice went too; the teacher's digest did not (the item was decided before it was due)
    assert any(m[1] == ["oliver.nowak@rbps.example"] and b"waiting for your teacher" in m[2] for m in handler.messages)
    assert not any(m[1] == [YEAR6] for m in handler.messages)
    code, _, err = run("purge", "--as", YEAR6)
    assert code == 1
    code, out, _ = run("purge", "--as", ADMIN)
    assert code == 0 and "purged 0 message(s)" in out


def test_keygen(run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["quarantine", "keygen"])
    out = capsys.readouterr().out.strip()
    assert code == 0 and len(out) == 44
