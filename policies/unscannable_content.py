"""unscannable-content: content that cannot be inspected goes to a teacher.

What counts (all from ``Message.problems``, which the parser and the archive
scanner fill in): password-protected archives (an archive member that *says* it
is encrypted counts, whether or not it really is), password-protected Word,
Excel, PowerPoint and OpenDocument files (their words cannot be read, so a
password would get round every content check), corrupt archives, archive
formats the gateway cannot open (rar, 7z, cab, ...), parts that cannot be
decoded (garbage base64, multiparts that cannot be split), and content over the
parsing budgets (nesting depth, number of parts, lines, expanded size, text
size, header size, time), which includes zip bombs.

Scope, a deliberate choice: POLICY.md applies this policy where the content
policies apply (a pupil or group address is involved), so an encrypted zip
between two members of staff is delivered. But a message over the parsing
budgets was not looked at in full by ``blocked-attachment`` either, which
applies to *every* message; such a message must never be delivered unscanned.
So ``applies()`` is always true, and outside the content scope ``check()``
reports only the budget problems.

PDF encryption is not reported: no policy reads inside PDFs, so an encrypted
PDF hides nothing that an ordinary one would show.
"""

from __future__ import annotations

from policies.base import Context, Policy, register
from policies.types import Action, Finding


@register
class UnscannableContent(Policy):
    id = "unscannable-content"
    description = "Content that cannot be inspected goes to a teacher"
    default_action = Action.QUARANTINE

    def applies(self, ctx: Context) -> bool:
        # Always: budget problems are reported for every message (see the module docstring).
        return True

    def check(self, ctx: Context) -> list[Finding]:
        problems = ctx.message.problems
        if not problems:
            return []
        in_scope = ctx.pupil_or_group_involved
        found: list[Finding] = []
        seen: set[tuple[str, str]] = set()
        for p in problems:
            if not (in_scope or p.budget):
                continue
            key = (p.reason, p.where)
            if key in seen:
                continue
            seen.add(key)
            reason = p.reason if not p.budget else f"{p.reason} (over the inspection limits)"
            found.append(self.finding(reason, p.evidence, p.where))
            if len(found) >= 20:
                break
        return found
