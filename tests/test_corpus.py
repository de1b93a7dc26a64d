"""The whole shared corpus, through the Python API and through ``gateway check``."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from policies.verdict import Verdict
from tests.conftest import CORPUS, corpus_cases

CASES = corpus_cases()


def _expected(case: dict[str, Any]) -> tuple[str, set[str], set[str]]:
    return case["verdict"], set(case["policies"]), set(case.get("optional", []))


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_corpus_case_through_engine(case: dict[str, Any], judge: Callable[..., Verdict]) -> None:
    raw = (CORPUS / case["file"]).read_bytes()
    verdict = judge(raw, mail_from=case.get("mail_from"), rcpt=case.get("rcpt"), client_ip=case.get("client_ip"))
    want_verdict, must, optional = _expected(case)
    fired = set(verdict.policies)
    assert verdict.action.label == want_verdict, (verdict.to_json(), case["note"])
    assert must <= fired, f"missing {must - fired}: {case['note']}"
    assert fired <= must | optional, f"false positive {fired - must - optional}: {verdict.to_json()}"


def _check(files: list[Path], *opts: str) -> list[dict[str, Any]]:
    cmd = [sys.executable, "-m", "gateway.cli", "check", "--config", str(CORPUS / "gateway.toml"), *opts]
    proc = subprocess.run([*cmd, *map(str, files)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def test_corpus_through_gateway_check() -> None:
    groups: dict[tuple[tuple[str, str], ...], list[dict[str, Any]]] = {}
    for c in CASES:
        key = tuple((k, str(c[k])) for k in ("mail_from", "client_ip") if c.get(k))
        groups.setdefault(key, []).append(c)
    for key, cases in groups.items():
        opts: list[str] = []
        for k, v in key:
            opts += [f"--{k.replace('_', '-')}", v]
        results = {Path(r["file"]).name: r for r in _check([CORPUS / c["file"] for c in cases], *opts)}
        for c in cases:
            r = results[c["file"]]
            want_verdict, must, optional = _expected(c)
            fired = {f["policy"] for f in r["findings"]}
            assert r["verdict"] == want_verdict, (c["file"], r)
            assert must <= fired <= must | optional, (c["file"], fired)


def test_score_corpus_tool_passes() -> None:
    tool = CORPUS.parent / "tools" / "score-corpus"
    if not tool.exists():
        pytest.skip("score-corpus is not beside the corpus")
    gw = Path(sys.executable).parent / "gateway"
    proc = subprocess.run([sys.executable, str(tool), "--quiet", "--gateway", str(gw), str(CORPUS)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "score: verdicts" in proc.stdout
