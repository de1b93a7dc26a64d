"""group-address-required: class or group addresses are used for communication outside school."""

from __future__ import annotations

from policies.base import Context, Policy, register
from policies.types import Action, Finding


@register
class GroupAddressRequired(Policy):
    id = "group-address-required"
    description = "A pupil's own account may not write to, or be written to from, outside the school"
    default_action = Action.QUARANTINE

    def check(self, ctx: Context) -> list[Finding]:
        if ctx.sender.is_pupil and ctx.goes_outside:
            # The pupil's message going outside: it concerns the external recipients.
            outside = {r.given for r in ctx.external_recipients}
            return [
                self.finding(
                    "a pupil's own account is writing outside the school; use a class address",
                    ", ".join(sorted(outside)),
                    "envelope",
                    outside,
                )
            ]
        if ctx.sender.is_external:
            pupils = {r.given for r in ctx.recipients if r.is_pupil}
            if pupils:
                return [
                    self.finding(
                        "someone outside the school is writing to a pupil's own account",
                        ctx.sender.given,
                        "envelope",
                        pupils,
                    )
                ]
        return []
