"""chain-message: Chain messages, repeated forwards and mass sending. (Placeholder: the checks are being written.)"""

from __future__ import annotations

from policies.base import Context, Policy, register
from policies.types import Action, Finding


@register
class ChainMessage(Policy):
    id = "chain-message"
    description = "Chain messages, repeated forwards and mass sending"
    default_action = Action.QUARANTINE

    def applies(self, ctx: Context) -> bool:
        return ctx.sent_by_pupil_or_group

    def check(self, ctx: Context) -> list[Finding]:
        return []
