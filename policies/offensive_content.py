"""offensive-content: swearing (however disguised), insults and bullying, threats.

Swearing comes from ``policies._profanity`` (better-profanity's word list,
compiled into a linear-time matcher); insults, exclusion, ranking and threats
from the pattern families of ``policies._bullying``. Every text of the message
is read: the subject, each text part and the subjects and bodies of attached
messages. Findings carry the words as written and where they were found.
"""

from __future__ import annotations

from policies._bullying import Kind, find
from policies._phrases import ADVICE, LITERARY, Doc, compile_words
from policies._profanity import MATCHER, normalise
from policies.base import Context, Policy, register
from policies.types import Action, Finding

SWEARING = "swearing"
# A member of staff teaching about unkindness quotes unkind words ("things people say, like 'nobody
# likes you'"): in their mail, insults are examples, while swearing is still swearing.
TEACHING = compile_words(
    "anti-?bullying", "bullying", "unkind", "circle time", "pshe", "kind words", "be kind", "kindness",
    "words like these", "things like", "for example", "examples?",
)
# At most this many findings per message: enough evidence for a teacher, not a wall of it.
MAX_FINDINGS = 12


@register
class OffensiveContent(Policy):
    id = "offensive-content"
    description = "Swearing, insults, bullying and threats"
    default_action = Action.QUARANTINE

    def applies(self, ctx: Context) -> bool:
        return ctx.pupil_or_group_involved

    def check(self, ctx: Context) -> list[Finding]:
        findings: list[Finding] = []
        seen: set[tuple[str, str]] = set()
        judged: dict[str, list[tuple[str, str]]] = {}  # the HTML part often reads as the plain one
        texts = [(where, text) for where, text in ctx.message.texts() if text]
        teaching = reviewing = False
        if ctx.sender.is_staff:
            doc = Doc.of_message(ctx.message)  # normalised once per message, shared with the other policies
            teaching = doc.has(TEACHING) or doc.has(ADVICE)
        elif ctx.pupil_to_staff_only:
            # a pupil's book review for their teacher: "at the start Mary is spoilt and nobody likes her"
            reviewing = Doc.of_message(ctx.message).has(LITERARY)
        # A teacher quoting a word in a lesson ("his enemies called him "William the B..."") and a pupil
        # telling a teacher what was said ("he kept saying "you're such a ..."") repeat words, in quotes.
        reporting = ctx.sender.is_staff or ctx.pupil_to_staff_only
        for where, text in texts:
            if text not in judged:
                judged[text] = judge_text(text, skip_quoted=reporting)
            for reason, evidence in judged[text]:
                if (teaching and reason != SWEARING) or (reviewing and reason == Kind.INSULT.value):
                    continue
                key = (reason, " ".join(evidence.lower().split()))
                if key in seen:
                    continue
                seen.add(key)
                findings.append(self.finding(reason, evidence, where))
                if len(findings) >= MAX_FINDINGS:
                    return findings
        return findings


def judge_text(text: str, *, skip_quoted: bool = False) -> list[tuple[str, str]]:
    """``(reason, evidence)`` pairs for one text, in the order they appear.

    With ``skip_quoted``, words inside double quotation marks are left out (repeated, not said).
    """
    n = normalise(text)
    out: list[tuple[int, str, str]] = [(h.start, SWEARING, h.evidence) for h in MATCHER.swearing(n)]
    for m in find(n.folded):
        out.append((m.start, m.kind.value, " ".join(n.text[m.start : m.end].split())))
    if skip_quoted:
        out = [t for t in out if not _in_quotes(n.text, t[0])]
    out.sort(key=lambda t: t[0])
    return [(reason, evidence) for _, reason, evidence in out]


def _in_quotes(text: str, pos: int) -> bool:
    """``pos`` lies between double quotation marks that open and close in its paragraph."""
    start = text.rfind("\n\n", 0, pos) + 1
    end = text.find("\n\n", pos)
    end = len(text) if end < 0 else end
    before, after = text[start:pos], text[pos:end]
    if before.count('"') % 2 == 1 and '"' in after:
        return True
    return before.count("\u201c") > before.count("\u201d") and "\u201d" in after


__all__ = ["Kind", "OffensiveContent", "judge_text"]
