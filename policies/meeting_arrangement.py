"""meeting-arrangement: Pupils must not arrange to meet anyone without an adult's permission. (Placeholder: the checks are being written.)"""

from __future__ import annotations

from policies.base import Context, Policy, register
from policies.types import Action, Finding


@register
class MeetingArrangement(Policy):
    id = "meeting-arrangement"
    description = "Pupils must not arrange to meet anyone without an adult's permission"
    default_action = Action.QUARANTINE

    def applies(self, ctx: Context) -> bool:
        return ctx.sent_by_pupil_or_group or ctx.from_outside_to_pupil_or_group

    def check(self, ctx: Context) -> list[Finding]:
        return []
