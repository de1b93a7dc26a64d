"""spoofed-sender: Mail claiming a school address must come from a trusted network or carry a valid DKIM signature. (Placeholder: the checks are being written.)"""

from __future__ import annotations

from policies.base import Context, Policy, register
from policies.types import Action, Finding


@register
class SpoofedSender(Policy):
    id = "spoofed-sender"
    description = "Mail claiming a school address must come from a trusted network or carry a valid DKIM signature"
    default_action = Action.REJECT

    def applies(self, ctx: Context) -> bool:
        return True

    def check(self, ctx: Context) -> list[Finding]:
        return []
