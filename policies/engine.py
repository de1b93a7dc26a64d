"""The engine: parse once, run the policies in scope, combine findings into a verdict."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace

from gateway.config import Config, ConfigError
from gateway.directory import Account
from policies.base import REGISTRY, Context, Policy, Services, TemporaryCheckError
from policies.message import DEFAULT_BUDGETS, Budgets, Message, parse
from policies.types import Action, Direction, Envelope, Finding
from policies.verdict import Verdict

log = logging.getLogger(__name__)

# Keys every ``[policies.ID]`` table may have, whatever the policy.
_COMMON_KEYS = frozenset({"action", "enabled"})


def load_policies() -> None:
    """Import every policy module so that each registers itself."""
    import policies.all  # noqa: F401


def direction_of(sender: Account, recipients: Iterable[Account]) -> Direction:
    if not sender.is_local:
        return Direction.INBOUND
    if any(r.is_external for r in recipients):
        return Direction.OUTBOUND
    return Direction.INTERNAL


class Engine:
    """Judges messages against the configured policies. Thread-safe; build once."""

    def __init__(
        self,
        config: Config,
        *,
        services: Services | None = None,
        budgets: Budgets = DEFAULT_BUDGETS,
        policies: Iterable[type[Policy]] | None = None,
    ) -> None:
        load_policies()
        self.config = config
        self.services = services or Services()
        self.budgets = budgets
        classes = list(policies) if policies is not None else list(REGISTRY)
        for pid, table in config.policies.items():
            if pid not in REGISTRY:
                raise ConfigError(config.path, f"[policies.{pid}]", f"unknown policy (known: {', '.join(REGISTRY.ids())})")
            cls = next(c for c in REGISTRY if c.id == pid)
            unknown = set(table) - _COMMON_KEYS - set(cls.settings)
            if unknown:
                raise ConfigError(config.path, f"[policies.{pid}]", f"unknown setting {sorted(unknown)[0]!r}")
        self.actions: dict[str, Action] = {}
        self.policies: list[Policy] = []
        for cls in classes:
            table = config.policy_settings(cls.id)
            action = cls.default_action
            if "action" in table:
                try:
                    action = Action.parse(str(table["action"]))
                except ValueError as e:
                    raise ConfigError(config.path, f"[policies.{cls.id}] action", str(e)) from None
            self.actions[cls.id] = action
            if table.get("enabled", True) is False:
                continue
            try:
                self.policies.append(cls(config))
            except (TypeError, ValueError) as e:
                raise ConfigError(config.path, f"[policies.{cls.id}]", str(e)) from None

    def context(self, envelope: Envelope, message: Message | None = None) -> Context:
        directory = self.config.directory
        message = message if message is not None else parse(envelope.raw, self.budgets)
        sender = directory.resolve(envelope.mail_from)  # "" (a bounce) resolves as external
        recipients = tuple(directory.resolve(r) for r in envelope.rcpt_tos)
        return Context(
            envelope=envelope,
            message=message,
            config=self.config,
            sender=sender,
            recipients=recipients,
            from_accounts=tuple(directory.resolve(a) for a in message.from_addresses),
            direction=direction_of(sender, recipients),
            trusted_client=self.config.relay.is_trusted(envelope.client_ip),
            services=self.services,
        )

    def judge(self, envelope: Envelope, message: Message | None = None) -> Verdict:
        ctx = self.context(envelope, message)
        return self.judge_context(ctx)

    def chain_memory_keys(self, ctx: Context) -> list[str]:
        """What the policies will look up in the chain memory for ``ctx`` (a policy that fails here fails
        again, and is recorded, in ``judge_context``)."""
        keys: list[str] = []
        for policy in self.policies:
            try:
                key = policy.chain_memory_key(ctx)
            except Exception:  # noqa: BLE001 - judge_context records it
                continue
            if key is not None:
                keys.append(key)
        return keys

    def judge_context(self, ctx: Context) -> Verdict:
        findings: list[Finding] = []
        for policy in self.policies:
            try:
                if not policy.applies(ctx):
                    continue
                found = policy.check(ctx)
            except TemporaryCheckError:
                raise  # not judged at all: the relay answers 451 and the client tries again later
            except Exception as e:  # noqa: BLE001 - a failing check is a quarantine, never a delivery
                log.exception("policy %s failed", policy.id)
                findings.append(
                    Finding(policy.id, "this check failed, so a teacher must look", type(e).__name__, "message",
                            frozenset(), max(Action.QUARANTINE, self.actions[policy.id]))
                )
                continue
            action = self.actions[policy.id]
            findings.extend(replace(f, action=action) for f in found)
        return Verdict.combine(ctx.direction, ctx.envelope.rcpt_tos, findings)
