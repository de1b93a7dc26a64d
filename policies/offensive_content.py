"""offensive-content: Swearing, insults, bullying and threats. (Placeholder: the checks are being written.)"""

from __future__ import annotations

from policies.base import Context, Policy, register
from policies.types import Action, Finding


@register
class OffensiveContent(Policy):
    id = "offensive-content"
    description = "Swearing, insults, bullying and threats"
    default_action = Action.QUARANTINE

    def applies(self, ctx: Context) -> bool:
        return ctx.pupil_or_group_involved

    def check(self, ctx: Context) -> list[Finding]:
        return []
