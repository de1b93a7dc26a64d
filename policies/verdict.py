"""From findings to a verdict per recipient and per message (POLICY.md section 5)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from policies.types import Action, Direction, Finding


@dataclass(frozen=True, slots=True)
class Verdict:
    action: Action
    direction: Direction
    recipients: Mapping[str, Action]
    findings: tuple[Finding, ...]

    @classmethod
    def combine(
        cls, direction: Direction, recipients: Iterable[str], findings: Iterable[Finding]
    ) -> Verdict:
        found = tuple(findings)
        for f in found:
            if f.action is None:
                raise ValueError(f"finding of {f.policy} has no action")
        per_rcpt: dict[str, Action] = {}
        for rcpt in recipients:
            per_rcpt[rcpt] = max(
                (f.action for f in found if f.action is not None and f.concerns(rcpt)),
                default=Action.DELIVER,
            )
        overall = max((f.action for f in found if f.action is not None), default=Action.DELIVER)
        return cls(overall, direction, MappingProxyType(per_rcpt), found)

    @property
    def policies(self) -> tuple[str, ...]:
        """The ids of the policies that fired, in first-seen order, without repeats."""
        return tuple(dict.fromkeys(f.policy for f in self.findings))

    def recipients_with(self, action: Action) -> list[str]:
        return [r for r, a in self.recipients.items() if a == action]

    def findings_for(self, recipient: str) -> list[Finding]:
        return [f for f in self.findings if f.concerns(recipient)]

    def to_json(self) -> dict[str, object]:
        return {
            "verdict": self.action.label,
            "direction": self.direction.value,
            "recipients": {r: a.label for r, a in self.recipients.items()},
            # each finding names the recipients it concerns (a finding about the whole message, all of them)
            "findings": [
                {**f.to_json(), "recipients": [r for r in self.recipients if f.concerns(r)]} for f in self.findings
            ],
        }
