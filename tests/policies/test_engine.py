"""The engine and verdicts: scope, per-recipient actions, configured actions, a failing policy."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from types import MappingProxyType

import pytest

from gateway.config import Config
from policies.base import Context, Policy
from policies.engine import Engine
from policies.types import Action, Direction, Envelope, Finding
from policies.verdict import Verdict
from tests.conftest import build_eml


def test_actions_are_ordered_by_severity() -> None:
    assert Action.DELIVER < Action.HOLD < Action.QUARANTINE < Action.REJECT
    assert max(Action.HOLD, Action.QUARANTINE) is Action.QUARANTINE
    assert Action.parse(" Quarantine ") is Action.QUARANTINE
    with pytest.raises(ValueError):
        Action.parse("bounce")


def test_verdict_is_per_recipient_and_strongest_wins() -> None:
    findings = [
        Finding("a", "r", action=Action.HOLD, recipients=frozenset({"x@out.example"})),
        Finding("b", "r", action=Action.QUARANTINE, recipients=frozenset({"y@out.example"})),
    ]
    v = Verdict.combine(Direction.OUTBOUND, ["t@school.example", "x@out.example", "y@out.example"], findings)
    assert v.recipients == {"t@school.example": Action.DELIVER, "x@out.example": Action.HOLD, "y@out.example": Action.QUARANTINE}
    assert v.action is Action.QUARANTINE
    assert v.recipients_with(Action.DELIVER) == ["t@school.example"]


def test_finding_without_action_is_refused() -> None:
    with pytest.raises(ValueError):
        Verdict.combine(Direction.INTERNAL, ["a@b.example"], [Finding("a", "r")])


def test_direction_from_envelope(judge: Callable[..., Verdict]) -> None:
    assert judge(sender="amelia.clarke@rbps.example", to="isla.mensah@rbps.example").direction is Direction.INTERNAL
    assert judge(sender="year6@rbps.example", to="info@museum.example").direction is Direction.OUTBOUND
    assert judge(sender="info@museum.example", to="year6@rbps.example").direction is Direction.INBOUND


def test_group_to_teacher_and_museum_is_split(judge: Callable[..., Verdict]) -> None:
    v = judge(sender="year6@rbps.example", to=["j.okafor@rbps.example", "info@museum.example"], body="Dear museum, when do you open?")
    assert v.recipients == {"j.okafor@rbps.example": Action.DELIVER, "info@museum.example": Action.HOLD}


def test_configured_action_replaces_the_default(config: Config) -> None:
    cfg = dataclasses.replace(
        config,
        policies=MappingProxyType({**config.policies, "external-authorisation": MappingProxyType({"action": "quarantine"})}),
    )
    raw = build_eml(sender="year6@rbps.example", to="info@museum.example", body="Hello museum")
    v = Engine(cfg).judge(Envelope("year6@rbps.example", ("info@museum.example",), raw))
    assert v.action is Action.QUARANTINE
    assert [f.policy for f in v.findings] == ["external-authorisation"]


def test_disabled_policy_does_not_run(config: Config) -> None:
    cfg = dataclasses.replace(
        config, policies=MappingProxyType({"external-authorisation": MappingProxyType({"enabled": False})})
    )
    raw = build_eml(sender="year6@rbps.example", to="info@museum.example", body="Hello museum")
    assert Engine(cfg).judge(Envelope("year6@rbps.example", ("info@museum.example",), raw)).action is Action.DELIVER


class _Broken(Policy):
    id = "approved-account"
    description = "raises"
    default_action = Action.DELIVER

    def check(self, ctx: Context) -> list[Finding]:
        raise RuntimeError("boom")


def test_a_policy_that_raises_is_a_quarantine_never_a_delivery(config: Config) -> None:
    engine = Engine(config, policies=[_Broken])
    raw = build_eml()
    v = engine.judge(Envelope("amelia.clarke@rbps.example", ("isla.mensah@rbps.example",), raw))
    assert v.action is Action.QUARANTINE
    assert v.findings[0].evidence == "RuntimeError"


def test_staff_to_staff_runs_only_the_three_envelope_policies(judge: Callable[..., Verdict]) -> None:
    v = judge(sender="j.okafor@rbps.example", to="s.wright@rbps.example",
              body="Ring me on 07700 900123, f*** the photocopier. Amelia Clarke's DOB is 01/02/2014.")
    assert v.action is Action.DELIVER and not v.findings
