"""The core records of one message's path: Envelope, Action, Finding, Direction.

Everything here is immutable. A policy returns ``Finding`` records; the engine
fills in each finding's ``action`` from configuration, and ``policies.verdict``
turns findings into a ``Verdict`` per recipient and per message.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime


class Action(enum.IntEnum):
    """What happens to a message; ordered by severity, the strongest wins."""

    DELIVER = 0
    HOLD = 1
    QUARANTINE = 2
    REJECT = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Action:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(a.label for a in cls)
            raise ValueError(f"unknown action {text!r} (expected one of: {choices})") from None


class Direction(enum.StrEnum):
    """POLICY.md section 3, decided from the envelope alone."""

    INTERNAL = "internal"
    OUTBOUND = "outbound"
    INBOUND = "inbound"


@dataclass(frozen=True, slots=True)
class Envelope:
    """What the SMTP conversation (or ``gateway check``) gives us, unchanged.

    ``client_ip`` is ``None`` when the message comes from a trusted network
    without a known address (the offline ``gateway check`` default).
    """

    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes
    client_ip: str | None = None
    helo: str = ""
    received_at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True, slots=True)
class Finding:
    """One policy's observation about one message.

    ``recipients`` holds the envelope recipients (as given) that the finding
    concerns; empty means every recipient. ``action`` is ``None`` as a policy
    returns it and is filled in by the engine from configuration.
    """

    policy: str
    reason: str
    evidence: str = ""
    where: str = "body"
    recipients: frozenset[str] = frozenset()
    action: Action | None = None

    def concerns(self, recipient: str) -> bool:
        return not self.recipients or recipient in self.recipients

    def to_json(self) -> dict[str, object]:
        return {
            "policy": self.policy,
            "action": self.action.label if self.action is not None else None,
            "reason": self.reason,
            "evidence": self.evidence,
            "where": self.where,
            "recipients": sorted(self.recipients),
        }
