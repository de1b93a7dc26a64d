"""What a policy is, what it sees, and the registry that holds them all.

A policy is a small named class: ``id`` (from POLICY.md), ``description``,
``default_action``, ``applies(ctx)`` (is this message in its scope?) and
``check(ctx)`` returning ``Finding`` records. It never decides the action,
never writes into shared state and never raises on purpose.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar, Protocol

from gateway.config import Config
from gateway.directory import Account, Directory
from policies.message import Message
from policies.types import Action, Direction, Envelope, Finding


class ChainMemory(Protocol):
    """Shared memory of body fingerprints (the running gateway keeps it in the store)."""

    def remember(self, fingerprint: str, sender: str, now: float) -> int:
        """Record that ``sender`` sent ``fingerprint``; return the number of distinct senders in the window."""
        ...


# ``dns_txt(name) -> TXT record bytes or None``: the DKIM key look-up, injectable for tests.
# It may raise ``TemporaryCheckError`` when the answer cannot be had just now (a timeout).
DnsTxt = Callable[[bytes], bytes | None]


class TemporaryCheckError(Exception):
    """A check that cannot be made just now (a DNS look-up timed out or its servers failed).

    Not a finding: the engine lets it through, and the relay answers 451 so that the client
    offers the message again later, when the check can be made. (Any other exception in a
    policy is recorded as a finding and the message is quarantined or refused.)
    """


@dataclass(frozen=True, slots=True)
class Services:
    """What a policy may call out to. Everything optional: offline checks have none."""

    dns_txt: DnsTxt | None = None
    chain_memory: ChainMemory | None = None


@dataclass(frozen=True)
class Context:
    """Everything a policy may look at for one message: read-only."""

    envelope: Envelope
    message: Message
    config: Config
    sender: Account
    recipients: tuple[Account, ...]
    from_accounts: tuple[Account, ...]
    direction: Direction
    trusted_client: bool
    services: Services = field(default_factory=Services)

    @property
    def directory(self) -> Directory:
        return self.config.directory

    @cached_property
    def pupil_or_group_involved(self) -> bool:
        return self.sender.is_pupil_or_group or any(r.is_pupil_or_group for r in self.recipients)

    @cached_property
    def sent_by_pupil_or_group(self) -> bool:
        return self.sender.is_pupil_or_group

    @cached_property
    def from_outside_to_pupil_or_group(self) -> bool:
        return self.sender.is_external and any(r.is_pupil_or_group for r in self.recipients)

    @cached_property
    def pupil_to_staff_only(self) -> bool:
        """A pupil (or group) writing only to members of staff: telling a teacher, asking a teacher."""
        return self.sender.is_pupil_or_group and bool(self.recipients) and all(r.is_staff for r in self.recipients)

    @cached_property
    def external_recipients(self) -> tuple[Account, ...]:
        return tuple(r for r in self.recipients if r.is_external)

    @cached_property
    def goes_outside(self) -> bool:
        return bool(self.external_recipients)

    def is_school_contact(self, text: str) -> bool:
        """True for the school's own published phone numbers or address (never personal)."""
        from policies._school import matches_school_contact

        return matches_school_contact(self.config.school, text)


class Policy(ABC):
    id: ClassVar[str]
    description: ClassVar[str]
    default_action: ClassVar[Action]
    # Settings a school may put under ``[policies.ID]`` besides ``action``.
    settings: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, config: Config) -> None:
        self.config = config
        self.options: dict[str, Any] = dict(self.settings)
        self.options.update({k: v for k, v in config.policy_settings(self.id).items() if k in self.settings})

    def applies(self, ctx: Context) -> bool:
        """Whether this message is in the policy's scope (POLICY.md section 4)."""
        return True

    @abstractmethod
    def check(self, ctx: Context) -> list[Finding]: ...

    def chain_memory_key(self, ctx: Context) -> str | None:
        """The key ``check`` will look up in ``ctx.services.chain_memory``, if it will: the relay reads it
        from the store beforehand, off its event loop."""
        return None

    def finding(
        self,
        reason: str,
        evidence: str = "",
        where: str = "body",
        recipients: frozenset[str] | set[str] | tuple[str, ...] = frozenset(),
    ) -> Finding:
        return Finding(self.id, reason, evidence[:200], where, frozenset(recipients))


class Registry:
    """The policies by id; refuses two with the same id."""

    def __init__(self) -> None:
        self._by_id: dict[str, type[Policy]] = {}

    def register(self, cls: type[Policy]) -> type[Policy]:
        if cls.id in self._by_id:
            raise ValueError(f"policy id {cls.id!r} registered twice")
        self._by_id[cls.id] = cls
        return cls

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._by_id.values())

    def __contains__(self, policy_id: object) -> bool:
        return policy_id in self._by_id

    def ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)


REGISTRY = Registry()
register = REGISTRY.register
