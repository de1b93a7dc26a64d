"""personal-details: Pupils must not reveal personal details of themselves or others. (Placeholder: the checks are being written.)"""

from __future__ import annotations

from policies.base import Context, Policy, register
from policies.types import Action, Finding


@register
class PersonalDetails(Policy):
    id = "personal-details"
    description = "Pupils must not reveal personal details of themselves or others"
    default_action = Action.QUARANTINE

    def applies(self, ctx: Context) -> bool:
        return ctx.sent_by_pupil_or_group or ctx.from_outside_to_pupil_or_group

    def check(self, ctx: Context) -> list[Finding]:
        return []
