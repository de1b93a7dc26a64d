"""unscannable-content: Content that cannot be inspected goes to a teacher. (Placeholder: the checks are being written.)"""

from __future__ import annotations

from policies.base import Context, Policy, register
from policies.types import Action, Finding


@register
class UnscannableContent(Policy):
    id = "unscannable-content"
    description = "Content that cannot be inspected goes to a teacher"
    default_action = Action.QUARANTINE

    def applies(self, ctx: Context) -> bool:
        return ctx.pupil_or_group_involved

    def check(self, ctx: Context) -> list[Finding]:
        return []
