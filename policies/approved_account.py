"""approved-account: pupils may only use approved email accounts."""

from __future__ import annotations

from gateway.directory import AccountKind, normalise_address
from policies.base import Context, Policy, register
from policies.types import Action, Finding


@register
class ApprovedAccount(Policy):
    id = "approved-account"
    description = "School addresses must be accounts in the directory, and From: must match the sender"
    default_action = Action.REJECT

    def check(self, ctx: Context) -> list[Finding]:
        found: list[Finding] = []
        if ctx.sender.kind is AccountKind.UNKNOWN_LOCAL:
            found.append(self.finding("the sender is not an approved school account", ctx.sender.given, "envelope sender"))
        for acc in ctx.from_accounts:
            if acc.kind is AccountKind.UNKNOWN_LOCAL:
                found.append(self.finding("From: is not an approved school account", acc.given, "header From"))
        if ctx.sender.is_local and ctx.sender.kind is not AccountKind.UNKNOWN_LOCAL:
            for acc in ctx.from_accounts:
                if acc.is_local and normalise_address(acc.address) != normalise_address(ctx.sender.address):
                    found.append(
                        self.finding(
                            "From: names a different account from the one that sent the message",
                            f"{acc.given} (sent by {ctx.sender.given})",
                            "header From",
                        )
                    )
        for rcpt in ctx.recipients:
            if rcpt.kind is AccountKind.UNKNOWN_LOCAL:
                found.append(
                    self.finding("this school address is not an approved account", rcpt.given, "envelope recipient", {rcpt.given})
                )
        return found
