"""external-authorisation: email to external organisations is authorised before sending."""

from __future__ import annotations

from gateway.directory import domain_of
from policies.base import Context, Policy, register
from policies.types import Action, Finding


@register
class ExternalAuthorisation(Policy):
    id = "external-authorisation"
    description = "Mail from a class or group address to outside is held for a teacher"
    default_action = Action.HOLD
    settings = {"pre_authorised": []}

    def __init__(self, config) -> None:  # type: ignore[no-untyped-def]
        super().__init__(config)
        domains = self.options["pre_authorised"]
        if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
            raise ValueError("'pre_authorised' must be a list of domains")
        self.pre_authorised = frozenset(d.lower().lstrip("@") for d in domains)

    def applies(self, ctx: Context) -> bool:
        return ctx.sender.is_group

    def _pre_authorised(self, address: str) -> bool:
        domain = domain_of(address)
        return any(domain == d or domain.endswith("." + d) for d in self.pre_authorised)

    def check(self, ctx: Context) -> list[Finding]:
        held = {r.given for r in ctx.external_recipients if not self._pre_authorised(r.address)}
        if not held:
            return []
        return [
            self.finding(
                "mail from a class address to outside the school waits for a teacher's authorisation",
                ", ".join(sorted(held)),
                "envelope",
                held,
            )
        ]
