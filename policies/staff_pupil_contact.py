"""staff-pupil-contact: staff write to pupils only when the SLT has approved it."""

from __future__ import annotations

from gateway.directory import Staff
from policies.base import Context, Policy, register
from policies.types import Action, Finding


@register
class StaffPupilContact(Policy):
    id = "staff-pupil-contact"
    description = "Staff accounts without may_email_pupils may not write to pupils"
    default_action = Action.QUARANTINE

    def check(self, ctx: Context) -> list[Finding]:
        staff = ctx.sender.entry
        if not isinstance(staff, Staff) or staff.may_email_pupils:
            return []
        pupils = {r.given for r in ctx.recipients if r.is_pupil}
        if not pupils:
            return []
        return [
            self.finding(
                "this staff account is not approved to email pupils",
                ctx.sender.given,
                "envelope",
                pupils,
            )
        ]
