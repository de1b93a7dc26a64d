"""``gateway check`` as POLICY.md section 6 defines it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import CORPUS, build_eml


def check(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    cmd = [sys.executable, "-m", "gateway.cli", "check", "--config", str(CORPUS / "gateway.toml"), *args]
    return subprocess.run(cmd, capture_output=True, input=stdin, timeout=120)


def lines(proc: subprocess.CompletedProcess[bytes]) -> list[dict[str, object]]:
    return [json.loads(x) for x in proc.stdout.decode().splitlines() if x.strip()]


def test_one_json_object_per_file_with_the_specified_keys(tmp_path: Path) -> None:
    a = tmp_path / "a.eml"
    a.write_bytes(build_eml(sender="year6@rbps.example", to="learning@museum.example", body="Hello"))
    b = tmp_path / "b.eml"
    b.write_bytes(build_eml())
    proc = check(str(a), str(b))
    assert proc.returncode == 0, proc.stderr
    out = lines(proc)
    assert [o["file"] for o in out] == [str(a), str(b)]
    assert set(out[0]) >= {"file", "verdict", "direction", "recipients", "findings"}
    assert out[0]["verdict"] == "hold" and out[0]["direction"] == "outbound"
    assert out[0]["recipients"] == {"learning@museum.example": "hold"}
    f = out[0]["findings"][0]  # type: ignore[index]
    assert set(f) >= {"policy", "action", "reason", "evidence", "where", "recipients"}
    assert out[1]["verdict"] == "deliver" and out[1]["findings"] == []


def test_each_finding_names_the_recipients_it_concerns(tmp_path: Path) -> None:
    a = tmp_path / "a.eml"
    pupils = ["isla.mensah@rbps.example", "oliver.nowak@rbps.example"]
    a.write_bytes(build_eml(sender="amelia.clarke@rbps.example", to=[*pupils, "nobody.here@rbps.example"],
                            body="ring me on 07700 900123"))  # fmt: skip
    (out,) = lines(check(str(a)))
    findings = {f["policy"]: f["recipients"] for f in out["findings"]}  # type: ignore[attr-defined]
    # a finding about the whole message concerns every recipient, as in POLICY.md's example
    assert findings["personal-details"] == [*pupils, "nobody.here@rbps.example"]
    # a finding about one recipient names only that one
    assert findings["approved-account"] == ["nobody.here@rbps.example"]


def test_envelope_options_override_headers(tmp_path: Path) -> None:
    a = tmp_path / "a.eml"
    a.write_bytes(build_eml(sender="isla.mensah@rbps.example", to="amelia.clarke@rbps.example"))
    out = lines(check("--mail-from", "oliver.nowak@rbps.example", "--rcpt", "zain.hussain@rbps.example", str(a)))
    assert out[0]["verdict"] == "reject"
    assert out[0]["recipients"] == {"zain.hussain@rbps.example": "reject"}
    out = lines(check("--client-ip", "203.0.113.9", str(a)))
    assert out[0]["verdict"] == "reject"  # a school sender from an untrusted network


def test_not_mime_at_all_still_gets_a_verdict(tmp_path: Path) -> None:
    junk = tmp_path / "junk.eml"
    junk.write_bytes(bytes(range(256)) * 40)
    proc = check("--mail-from", "amelia.clarke@rbps.example", "--rcpt", "isla.mensah@rbps.example", str(junk))
    assert proc.returncode == 0, proc.stderr
    assert lines(proc)[0]["verdict"] in {"deliver", "hold", "quarantine", "reject"}


def test_bad_command_line_and_bad_config_exit_2(tmp_path: Path) -> None:
    assert check().returncode == 2  # no files
    assert check("--client-ip", "not-an-ip", str(CORPUS / "001-re-re-re-science-homework-thread.eml")).returncode == 2
    bad = tmp_path / "gateway.toml"
    bad.write_text("[school\n")
    proc = subprocess.run([sys.executable, "-m", "gateway.cli", "check", "--config", str(bad), "x.eml"], capture_output=True, timeout=60)
    assert proc.returncode == 2 and b"gateway.toml" in proc.stderr


def test_reads_standard_input_as_dash() -> None:
    proc = check("-", stdin=build_eml(sender="year6@rbps.example", to="a@museum.example"))
    assert lines(proc)[0]["verdict"] == "hold"
