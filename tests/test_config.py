"""gateway.toml and directory.toml: loading, and every error named with file, entry and problem."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gateway.config import ConfigError, load_config
from gateway.directory import AccountKind, Role

GOOD_DIRECTORY = """
[[staff]]
address = "j.smith@school.example"
name = "Jane Smith"
roles = ["teacher"]
may_email_pupils = true

[[group]]
address = "class5@school.example"
name = "Class 5"
teachers = ["j.smith@school.example"]

[[pupil]]
address = "amy.brown@school.example"
name = "Amy Brown"
groups = ["class5@school.example"]
"""

GOOD_CONFIG = """
[school]
name = "Test School"
domains = ["school.example"]
phone = ["0116 496 0000"]
address = "1 School Lane, Leicester, LE1 9ZZ"

[directory]
file = "directory.toml"

[relay]
listen = "127.0.0.1:10025"
next_hop = "127.0.0.1:10026"
trusted_networks = ["127.0.0.0/8", "::1/128"]
max_message_size = 26214400

[store]
url = "sqlite:///gateway.db"

[policies.external-authorisation]
pre_authorised = ["library.example"]
"""


def write(tmp_path: Path, config: str = GOOD_CONFIG, directory: str = GOOD_DIRECTORY) -> Path:
    (tmp_path / "directory.toml").write_text(directory)
    p = tmp_path / "gateway.toml"
    p.write_text(config)
    return p


def test_good_config_loads_into_typed_records(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path))
    assert cfg.school.domains == ("school.example",)
    assert cfg.relay.listen.port == 10025 and cfg.relay.next_hop.host == "127.0.0.1"
    assert cfg.relay.is_trusted("127.0.0.5") and not cfg.relay.is_trusted("203.0.113.1")
    assert cfg.relay.is_trusted("::ffff:127.0.0.1")
    d = cfg.directory
    assert d.resolve("AMY.Brown+spelling@School.Example").kind is AccountKind.PUPIL
    assert d.resolve("class5@school.example").kind is AccountKind.GROUP
    assert d.resolve("amy.b.2@school.example").kind is AccountKind.UNKNOWN_LOCAL
    assert d.resolve("info@museum.example").kind is AccountKind.EXTERNAL
    assert Role.TEACHER in d.staff[0].roles
    assert cfg.policy_settings("external-authorisation")["pre_authorised"] == ["library.example"]


def test_corpus_config_loads(config) -> None:  # type: ignore[no-untyped-def]
    assert len(config.directory.pupils) == 8
    assert config.directory.teachers_for([config.directory.resolve("leo.fernandes@rbps.example")]) == (
        "s.wright@rbps.example",
        "j.okafor@rbps.example",
    )


@pytest.mark.parametrize(
    ("directory", "entry", "problem"),
    [
        (GOOD_DIRECTORY.replace('roles = ["teacher"]', 'roles = ["wizard"]'), "staff 'j.smith@school.example'", "unknown role 'wizard'"),
        (GOOD_DIRECTORY.replace('groups = ["class5@school.example"]', 'groups = ["class9@school.example"]'), "pupil 'amy.brown@school.example'", "does not exist"),
        (GOOD_DIRECTORY.replace("amy.brown@school.example", "amy brown@school.example"), "pupil 'amy brown@school.example'", "malformed address"),
        (GOOD_DIRECTORY.replace("amy.brown@school.example", "Class5@school.example"), "pupil 'Class5@school.example'", "duplicate address"),
        (GOOD_DIRECTORY.replace("amy.brown@school.example", "amy@elsewhere.example"), "pupil 'amy@elsewhere.example'", "not in the school's domains"),
        (GOOD_DIRECTORY.replace('teachers = ["j.smith@school.example"]', 'teachers = ["nobody@school.example"]'), "group 'class5@school.example'", "not a staff member"),
        (GOOD_DIRECTORY + "\n[[pupil]]\naddress = \"x@school.example\"\ngroups = [\"class5@school.example\"]\n", "pupil 'x@school.example'", "missing required key 'name'"),
        (GOOD_DIRECTORY + "\n[[teacher]]\naddress = \"x@school.example\"\n", "directory", "unknown key 'teacher'"),
        ("[[staff]\n", "syntax", ""),
    ],
)
def test_directory_errors_name_file_entry_and_problem(tmp_path: Path, directory: str, entry: str, problem: str) -> None:
    with pytest.raises(ConfigError) as e:
        load_config(write(tmp_path, directory=directory))
    assert e.value.file.endswith("directory.toml")
    assert e.value.entry == entry
    assert problem in e.value.problem


@pytest.mark.parametrize(
    ("config", "entry", "problem"),
    [
        (GOOD_CONFIG.replace('"127.0.0.0/8"', '"127.0.0.300/8"'), "[relay]", "bad network"),
        (GOOD_CONFIG.replace('listen = "127.0.0.1:10025"', 'listen = "localhost"'), "[relay]", "HOST:PORT"),
        (GOOD_CONFIG.replace("max_message_size = 26214400", 'max_message_size = "big"'), "[relay]", "must be an integer"),
        (GOOD_CONFIG.replace("max_message_size = 26214400", "workers = 0"), "[relay]", "'workers' must be at least 1"),
        (GOOD_CONFIG.replace('file = "directory.toml"', 'file = "missing.toml"'), "file", "not found"),
        (GOOD_CONFIG.replace('domains = ["school.example"]', "domains = []"), "[school]", "at least one domain"),
        (GOOD_CONFIG + "\n[relly]\nx = 1\n", "gateway.toml", "unknown key 'relly'"),
        (GOOD_CONFIG.replace('url = "sqlite:///gateway.db"', 'url = "gateway.db"'), "[store]", "database URL"),
    ],
)
def test_config_errors_name_file_entry_and_problem(tmp_path: Path, config: str, entry: str, problem: str) -> None:
    with pytest.raises(ConfigError) as e:
        load_config(write(tmp_path, config=config))
    assert e.value.entry == entry, e.value
    assert problem in e.value.problem, e.value


def test_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


def _gateway(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gateway.cli", *args], capture_output=True, text=True, timeout=60)


def test_config_check_prints_a_summary(tmp_path: Path) -> None:
    proc = _gateway("config", "check", "--config", str(write(tmp_path)))
    assert proc.returncode == 0, proc.stderr
    assert "pupils:   1" in proc.stdout and "groups:   1" in proc.stdout and "staff:    1" in proc.stdout


def test_config_check_refuses_bad_config_with_exit_2(tmp_path: Path) -> None:
    bad = GOOD_DIRECTORY.replace('roles = ["teacher"]', 'roles = ["wizard"]')
    proc = _gateway("config", "check", "--config", str(write(tmp_path, directory=bad)))
    assert proc.returncode == 2
    assert "directory.toml" in proc.stderr and "unknown role 'wizard'" in proc.stderr


def test_unknown_policy_and_bad_action_are_config_errors(tmp_path: Path) -> None:
    proc = _gateway("config", "check", "--config", str(write(tmp_path, config=GOOD_CONFIG + "\n[policies.no-such]\naction = \"reject\"\n")))
    assert proc.returncode == 2 and "[policies.no-such]" in proc.stderr
    proc = _gateway("config", "check", "--config", str(write(tmp_path, config=GOOD_CONFIG + "\n[policies.chain-message]\naction = \"explode\"\n")))
    assert proc.returncode == 2 and "unknown action 'explode'" in proc.stderr
