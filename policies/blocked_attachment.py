"""blocked-attachment: Executables, scripts, installers, macro documents and disk images are not allowed. (Placeholder: the checks are being written.)"""

from __future__ import annotations

from policies.base import Context, Policy, register
from policies.types import Action, Finding


@register
class BlockedAttachment(Policy):
    id = "blocked-attachment"
    description = "Executables, scripts, installers, macro documents and disk images are not allowed"
    default_action = Action.REJECT

    def applies(self, ctx: Context) -> bool:
        return True

    def check(self, ctx: Context) -> list[Finding]:
        return []
