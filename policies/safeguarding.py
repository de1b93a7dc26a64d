"""safeguarding: Self-harm, abuse, grooming, violence and extremism: the safeguarding lead is alerted. (Placeholder: the checks are being written.)"""

from __future__ import annotations

from policies.base import Context, Policy, register
from policies.types import Action, Finding


@register
class Safeguarding(Policy):
    id = "safeguarding"
    description = "Self-harm, abuse, grooming, violence and extremism: the safeguarding lead is alerted"
    default_action = Action.QUARANTINE

    def applies(self, ctx: Context) -> bool:
        return ctx.pupil_or_group_involved

    def check(self, ctx: Context) -> list[Finding]:
        return []
