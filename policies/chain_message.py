"""chain-message: chain letters, repeated forwards, mass sending, and one body from many senders.

Four independent checks, each a finding of its own:

- chain-letter pressure in the text: "forward this to 10 people or you'll have
  bad luck", "send this to everyone you know", "if you don't pass this on ...",
  "don't break the chain";
- repeated forwarding: more than ``max_forwards`` forwards, counted from the
  subject's ``Fwd:``/``Fw:``/``FW:`` prefixes (``Re:`` is an ordinary reply
  thread and never counts), the nested forwarded blocks in the body
  ("---------- Forwarded message ---------", "Begin forwarded message:", an
  Outlook header block whose subject is a forward) and message/rfc822 nesting;
- mass sending: more than ``max_recipients`` envelope recipients;
- across messages (the running gateway only, when a chain memory is given):
  the same normalised body (``body_fingerprint``) arriving from more than
  ``max_senders`` distinct senders within ``window_hours``.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import deque

from gateway.config import Config
from policies._phrases import Doc, compile_words, rx
from policies.base import Context, Policy, register
from policies.message import Message
from policies.types import Action, Finding

# -- chain-letter pressure -------------------------------------------------------------------

_NUM = r"(?:[0-9]+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|a hundred|100)"
_FWD_VERB = r"(?:forward|fwd|send|sent|pass|copy and paste|copy paste|paste|copy|share|post|repost|text|email|e-mail)"
_THIS = r"(?:this|it|this message|this email|this on|it on|this chain|this letter|the message)"
# "10 people", "everyone you know", "all your friends": a chain's audience. Plain "everyone" is only a weak sign
# ("can you send this to everyone in the eco council?").
_AUDIENCE = (
    r"(?:" + _NUM + r" (?:more )?(?:people|friends|persons|others|contacts|mates|girls|boys|kids|ppl)|"
    r"all (?:of )?(?:your|ur) (?:friends|contacts|mates)|every ?(?:one|1|body) (?:you|u) know|"
    r"(?:your|ur) (?:whole )?(?:address book|contact list|contacts)|"
    r"every ?(?:one|1|body) (?:in|on|from) (?:your|ur) (?:contacts|contact list|address book|friends list|phone))"
)
_ANY_AUDIENCE = r"(?:" + _AUDIENCE + r"|everyone|every1|everybody)"
# Whose harm a chain letter threatens: you, your family, your pets, your crush.
_VICTIM = (
    r"(?:you|u|(?:your|ur) (?:mum|mom|mam|dad|mummy|daddy|parents|family|nan|gran|grandma|grandad|brother|sister|crush"
    r"|best friend|bff|pet|dog|cat|hamster|house|account|channel|profile))"
)
_WILL = r"(?:ll| will| wil| is going to| are going to| gonna| gunna| shall)"
_HARM = (
    r"(?:bad luck|unlucky|cursed|curse|die|dies|dead|haunted|never|single|ugly|killed|disappear|get hurt|go missing"
    r"|get ill|get sick|be ill|be sick|fall ill|hate (?:you|u)|be deleted|get deleted|deleted|be gone|goes|lose)"
)
# Hoaxes: a platform about to delete, charge for or expose your account ("Facebook will delete your account
# unless you share this"); with a forwarding demand they are a chain.
_PLATFORM = (
    r"(?:facebook|fb|instagram|insta|whatsapp|snapchat|tiktok|youtube|roblox|fortnite|minecraft|google|microsoft"
    r"|messenger|gmail|hotmail|discord)"
)
_HOAX = (
    r"\b" + _PLATFORM + r"(?: is| are| will| wil| is going to| are going to| is gonna| gonna)(?: start| be| now)? (?:charging|charge"
    r"|(?:deleting|delete|closing|close|shutting down|shut down|banning|ban|removing|remove|making|make|selling|sell|hacking|blocking"
    r"|block|wiping|wipe) (?:all |every |old |inactive )?(?:(?:your|ur|our|peoples|kids|childrens|the|everyones) )?(?:accounts?|channels?"
    r"|profiles?|photos|pictures|pics|messages|chats|data|info|stuff|videos))\b"
)
_PRESSURE = rx(
    # forward this to 10 people / send this to everyone you know / pass it on to 5 friends
    r"\b" + _FWD_VERB + r" " + _THIS + r"(?: on)? (?:to |2 |with )?" + _ANY_AUDIENCE + r"\b"
    r"|" + _HOAX + r"|\bunless (?:you|u) (?:" + _FWD_VERB + r")\b"
    r"|\b(?:has|have|needs? to|must|got to|gotta) to (?:send|forward|pass) (?:it|this)(?: on)? to " + _ANY_AUDIENCE + r"\b"
    r"|\b(?:has|have|needs? to|must|got to|gotta) (?:send|forward|pass) (?:it|this)(?: on)? to " + _ANY_AUDIENCE + r"\b"
    # if you don't pass this on / if you do not forward this
    r"|\bif (?:you|u) (?:dont|do not|didnt|fail to|refuse to|ignore this and dont|break the chain|delete this|delete it|ignore this|"
    r"dont send|do not send|dont forward|dont pass)\b(?: " + _FWD_VERB + r" (?:this|it))?"
    # ... but "if you don't send it to your mum" names its one recipient, "if you don't send it back" asks for it back
    r"(?! (?:on )?to (?:your|ur|my|his|her|the|mr|mrs|miss|ms|sir|mum|dad|parents|teacher|me|us|him|them)\b"
    r"| (?:back|me|us|him|her|them|over|in)\b)"
    r"|\b(?:dont|do not|never) break (?:the|this) (?:chain|circle)\b|\bchain (?:letter|mail|message)\b"
    # counting the replies: "if you get 3 back you have true friends"
    r"|\bif (?:you|u) get (?:[0-9]+|one|two|three|four|five|ten|none|zero) (?:back|replies|messages back)\b"
    # the threat or the promise
    r"|\b(?:or|otherwise|or else|(?:ignore|delete|break|skip) (?:it|this|the chain) and) " + _VICTIM + _WILL + r"? (?:[a-z]+ ){0,5}?" + _HARM + r"\b"
    # your mum will die tonight / a ghost will come to your house at 3am
    r"|\b(?:your|ur) (?:mum|mom|mam|dad|parents|family|nan|gran|crush|best friend|pet|dog|cat)" + _WILL
    + r" (?:die|be killed|get hurt|go missing|disappear|hate (?:you|u))\b"
    r"|\b(?:(?:a|the) (?:[a-z]+ )?(?:ghost|girl|clown|man|lady|woman|boy|doll|spirit|demon|monster|unicorn|witch)s?|momo"
    r"|bloody mary|she|he|someone|something)" + _WILL
    + r" (?:come|appear|visit|haunt|kill|get|be) (?:[a-z]+ ){0,3}?(?:your|ur) (?:house|room|bed|window)\b"
    # forward to 5 friends (without "this")
    # "send her on to 10 people": the letter's unicorn, ghost or doll passed on
    r"|\b" + _FWD_VERB + r" (?:it |this |her |him |them |me )?on (?:to )?" + _AUDIENCE + r"\b|\b(?:forward|fwd|send|pass|copy|share) to " + _AUDIENCE + r"\b"
    r"|\b(?:bad luck|unlucky|cursed|haunted) for " + _NUM + r" (?:years?|days|weeks|months)\b"
    r"|\b" + _NUM + r" (?:years?|days|weeks|months) (?:of )?bad luck\b"
    r"|\b(?:in the next|within) (?:" + _NUM + r"|one|an|a) (?:minutes?|mins?|seconds?|hours?)\b"
    r"|\bthis (?:really |actually )?works\b|\bit really works\b"
    r"|\b(?:your|ur) crush will\b"
)
# Strong phrasings fire on their own; the rest need a second, different phrase.
_STRONG_PRESSURE = rx(
    r"\b" + _FWD_VERB + r" " + _THIS + r"(?: on)? (?:to |2 |with )?" + _AUDIENCE + r"\b"
    r"|\b(?:has|have|needs? to|must|got to|gotta) (?:to )?(?:send|forward|pass) (?:it|this)(?: on)? to " + _AUDIENCE + r"\b"
    r"|\b(?:dont|do not|never) break (?:the|this) (?:chain|circle)\b|\bchain (?:letter|mail|message)\b"
    r"|\bif (?:you|u) (?:dont|do not|didnt|fail to) (?:forward|send|pass|share|copy)\b"
)
# A teacher's "please forward this to your parents" or a pupil's "forward this to Mr Okafor" is not a chain.
_INNOCENT_PRESSURE = compile_words(
    r"(?<!if you )(?<!if u )dont forward this", r"(?<!if you )(?<!if u )do not forward", "please do not send", "not a chain",
    # chain letters as a topic: "we watched a video about chain messages", "how to spot a chain letter"
    r"(?:about|dangers? of|learned about|learnt about|lesson on|video on|spot|recogni[sz]e|report|ignore|delete|never forward"
    r"|dont forward|do not forward|not to forward|what to do with|examples? of) (?:[a-z]+ ){0,3}?chain (?:letters?|messages?|mails?"
    r"|emails?|texts?)",
    # a chain described, not passed on: a story, a lesson, a message someone got
    r"in (?:my|the|our|this|a) (?:story|book|film|poem|play|comic)",
    r"(?:gets|got|received|receives|sees|saw|finds|found|reads|read) an? (?:[a-z]+ ){0,2}?(?:letter|message|email|text|mail|post)"
    r" (?:that |which )?(?:says|said|saying|told|tells)",
    r"if an? (?:[a-z]+ )?(?:message|email|text|letter|post) (?:says|asks|tells)",
    r"(?:brother|sister|mum|mom|dad|cousin|friend|nan|gran|he|she|someone|somebody|i) (?:got|gets|received|had|was sent) an? chain"
    r" (?:letter|message|mail|email|text)",
)


def pressure(doc: Doc) -> int | None:
    """Sentence index of chain-letter pressure, or None."""
    strong: int | None = None
    kinds: dict[str, int] = {}
    for index, m in doc.find(_PRESSURE):
        if doc.sentence_has(_INNOCENT_PRESSURE, index):
            continue
        phrase = m.group(0)
        if _STRONG_PRESSURE.fullmatch(phrase) or _STRONG_PRESSURE.match(phrase):
            strong = index
            break
        kinds.setdefault(_kind(phrase), index)
    if strong is not None:
        return strong
    if len(kinds) >= 2:
        return min(kinds.values())
    return None


_HOAX_RE = re.compile(_HOAX)


def _kind(phrase: str) -> str:
    if _HOAX_RE.match(phrase):
        return "hoax"
    for key in ("unless", "if ", "luck", "next", "works", "crush", "or "):
        if key in phrase:
            return key
    return phrase


# -- repeated forwards ---------------------------------------------------------------------------

_SUBJECT_PREFIX = re.compile(r"^\s*(?:\[[^\]]{0,40}\]\s*)?(re|fwd?|fw|tr|wg|aw|sv|vs|rv|enc)\s*(?:\[\d+\])?\s*:\s*", re.I)
_FWD_PREFIXES = frozenset({"fwd", "fw", "tr", "wg", "enc", "rv"})
_FORWARD_MARKER = re.compile(
    r"^[ \t>]*(?:-{3,}\s*(?:forwarded message|original message|weitergeleitete nachricht|message transf[ée]r[ée])\s*-{3,}"
    r"|begin forwarded message:|-{2,}\s*forwarded by\b.*|forwarded message:?)\s*$",
    re.I | re.M,
)
_ORIGINAL_MARKER = re.compile(r"original message", re.I)
_HEADER_SUBJECT = re.compile(r"^[ \t>]*subject:[ \t]*(.*)$", re.I | re.M)
_OUTLOOK_BLOCK = re.compile(
    r"^[ \t>]*_{8,}[ \t]*\n[ \t>]*from:.*\n(?:[ \t>]*(?:sent|date|to|cc):.*\n){0,4}[ \t>]*subject:[ \t]*(.*)$", re.I | re.M
)


def forward_count(subject: str) -> int:
    """How many forward prefixes a subject carries (``Re:`` prefixes are skipped, not counted)."""
    count = 0
    rest = subject
    for _ in range(50):
        m = _SUBJECT_PREFIX.match(rest)
        if not m:
            break
        if m.group(1).lower() in _FWD_PREFIXES:
            count += 1
        rest = rest[m.end():]
    return count


def _forward_markers(text: str, lower: str) -> list[re.Match[str]]:
    if "forward" not in lower and "original message" not in lower:
        return []
    return list(_FORWARD_MARKER.finditer(text))


def forward_depth(message: Message) -> tuple[int, str, str]:
    """(depth, evidence, where): the deepest forwarding seen in the subject, the body or attached messages."""
    best = (forward_count(message.subject), message.subject, "subject")
    for part in message.parts:
        if part.where.endswith(" subject"):
            continue
        text = part.text
        lower = text.lower()
        markers = sum(1 for m in _forward_markers(text, lower) if not _ORIGINAL_MARKER.search(m.group(0)))
        outlook = [s for s in _OUTLOOK_BLOCK.findall(text) if forward_count(s)] if "_____" in text else []
        blocks = markers + len(outlook)
        if blocks > best[0]:
            best = (blocks, f"{blocks} forwarded messages nested in the body", part.where)
        if "subject:" not in lower:
            continue
        for subj in _HEADER_SUBJECT.findall(text):
            n = forward_count(subj) + 1
            if n > best[0]:
                best = (n, subj.strip(), part.where)
    attached = message.attached_messages
    if attached:
        for i, headers in enumerate(attached):
            subj = next((v for k, v in headers if k.lower() == "subject"), "")
            n = i + 1 + forward_count(subj) + (1 if forward_count(message.subject) else 0)
            if n > best[0]:
                best = (n, f"attached message: {subj}"[:200], "attachment")
    return best


# -- body fingerprints (the same chain arriving from many senders) ------------------------------

_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)
_ATTRIBUTION = re.compile(r"^.*\bwrote:[ \t]*$", re.M)
_HEADER_LINE = re.compile(r"^[ \t]*(?:from|sent|date|to|cc|bcc|subject|reply-to):.*$", re.M)
_SEPARATOR = re.compile(r"^[ \t]*(?:_{5,}|-{5,}|={5,})[ \t]*$", re.M)
_SIGNATURE = re.compile(r"^-- ?$", re.M)
_SENT_FROM = re.compile(r"^[ \t]*sent from my .*$", re.M)
_FWD_WORDS = re.compile(r"(?:fwd?|fw)[ \t]*:")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_ASCII_NON_WORD = str.maketrans("", "", "".join(chr(i) for i in range(128) if not chr(i).isalnum()))
_MIN_CONTENT = 40


def _content(text: str) -> str:
    """The words of a text, lower case, without headers, attributions, signatures and punctuation."""
    text = text.lower()
    sig = _SIGNATURE.search(text)
    if sig:
        text = text[:sig.start()]
    if "sent from my" in text:
        text = _SENT_FROM.sub("", text)
    if ":" in text:
        text = _HEADER_LINE.sub("", text)
        if "wrote:" in text:
            text = _ATTRIBUTION.sub("", text)
        text = _FWD_WORDS.sub("", text)
    if "_____" in text or "-----" in text or "=====" in text:
        text = _SEPARATOR.sub("", text)
    if "forward" in text or "original message" in text:
        text = _FORWARD_MARKER.sub("", text)
    if text.isascii():
        return text.translate(_ASCII_NON_WORD)
    return _NON_WORD.sub("", text)


def _own_and_carried(text: str) -> tuple[str, str | None, bool]:
    """(the sender's own words, the innermost carried text or None, carried text is a forward)."""
    markers = _forward_markers(text, text.lower())
    outlook = list(_OUTLOOK_BLOCK.finditer(text)) if "_____" in text else []
    forwards = [m for m in markers if not _ORIGINAL_MARKER.search(m.group(0))] + [
        m for m in outlook if forward_count(m.group(1))
    ]
    replies = [m for m in markers if _ORIGINAL_MARKER.search(m.group(0))] + [
        m for m in outlook if not forward_count(m.group(1))
    ]
    if forwards:
        first = min(m.start() for m in forwards)
        last = max(forwards, key=lambda m: m.start())
        carried = _QUOTE.sub("", text[last.end():])
        # a forward inside the quoted part of the last marker: take the innermost
        inner = _forward_markers(carried, carried.lower())
        if inner:
            carried = carried[inner[-1].end():]
        return text[:first], carried, True
    unquoted_lines: list[str] = []
    quoted_lines: list[str] = []
    depth_max = 0
    cut = min((m.start() for m in replies), default=None)
    own_text = text if cut is None else text[:cut]
    has_quotes = ">" in own_text
    for line in own_text.split("\n"):
        q = _QUOTE.match(line) if has_quotes else None
        if q:
            d = q.group(0).count(">")
            depth_max = max(depth_max, d)
            quoted_lines.append(line[q.end():])
        else:
            unquoted_lines.append(line)
    own = "\n".join(unquoted_lines)
    if cut is not None:
        return own, text[cut:], False
    if quoted_lines:
        return own, "\n".join(quoted_lines), False
    return own, None, False


_FINGERPRINT_KEY = "_chain_fingerprint"


def body_fingerprint(message: Message) -> str | None:
    """``_body_fingerprint``, worked out once per message (the relay asks for it before the policy does).

    Kept on the message itself, as ``Doc.of_message`` keeps its doc.
    """
    cache = message.__dict__
    if _FINGERPRINT_KEY not in cache:
        cache[_FINGERPRINT_KEY] = _body_fingerprint(message)
    fp: str | None = cache[_FINGERPRINT_KEY]
    return fp


def _body_fingerprint(message: Message) -> str | None:
    """A stable fingerprint of the message body that a forwarded or quoted copy shares with its original.

    Forwarded-header blocks, quote markers, ``Fwd:`` prefixes, attribution and
    signature lines, punctuation, white space and letter case are dropped. A
    forward is fingerprinted by the text it carries (the innermost forwarded
    message); a reply by the sender's own words, unless those are too short to
    matter (a pure quoted copy). ``None`` when there is too little text.
    """
    body = next((p for p in message.parts if p.where == "body" and not p.html), None)
    if body is None:
        body = next((p for p in message.parts if p.where == "body"), None)
    if body is None:
        return None
    own, carried, forwarded = _own_and_carried(body.text)
    own_c = _content(own)
    if carried is not None and (forwarded or len(own_c) < _MIN_CONTENT):
        content = _content(carried)
    else:
        content = own_c
    if len(content) < _MIN_CONTENT and message.attached_messages:
        # forwarded as an attachment: the innermost attached message's own text
        inner = {p.where[: -len(" subject")] for p in message.parts if p.where.endswith(" subject")}
        texts = [p for p in message.parts if p.where in inner and not p.html]
        if texts:
            return body_fingerprint_text(texts[-1].text)
    if len(content) < _MIN_CONTENT:
        return None
    return _digest(content)


def body_fingerprint_text(text: str) -> str | None:
    """``body_fingerprint`` of a bare body text."""
    own, carried, forwarded = _own_and_carried(text)
    own_c = _content(own)
    content = _content(carried) if carried is not None and (forwarded or len(own_c) < _MIN_CONTENT) else own_c
    return _digest(content) if len(content) >= _MIN_CONTENT else None


def _digest(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:32]


def window_seconds(config: Config) -> float:
    """The ``window_hours`` setting of ``[policies.chain-message]`` in seconds (for a store-backed chain memory)."""
    value = config.policy_settings(ChainMessage.id).get("window_hours", ChainMessage.settings["window_hours"])
    return float(value) * 3600.0


class InMemoryChainMemory:
    """A ``ChainMemory`` kept in a dict: for tests and offline runs (the relay uses the store).

    The window is the memory's own (``window_hours``); ``from_config`` takes it from
    ``[policies.chain-message] window_hours``.
    """

    def __init__(self, window_hours: float = 24.0, max_fingerprints: int = 100_000) -> None:
        self.window = window_hours * 3600.0
        self.max_fingerprints = max_fingerprints
        self._seen: dict[str, deque[tuple[float, str]]] = {}
        self._lock = threading.Lock()

    def remember(self, fingerprint: str, sender: str, now: float) -> int:
        sender = sender.lower()
        with self._lock:
            entries = self._seen.get(fingerprint)
            if entries is None:
                if len(self._seen) >= self.max_fingerprints:
                    self._expire(now)
                entries = self._seen.setdefault(fingerprint, deque())
            entries.append((now, sender))
            while entries and entries[0][0] < now - self.window:
                entries.popleft()
            return len({s for t, s in entries if t <= now})

    @classmethod
    def from_config(cls, config: Config) -> InMemoryChainMemory:
        return cls(window_seconds(config) / 3600.0)

    def _expire(self, now: float) -> None:
        for fp in [fp for fp, e in self._seen.items() if not e or e[-1][0] < now - self.window]:
            del self._seen[fp]
        while len(self._seen) >= self.max_fingerprints:
            self._seen.pop(next(iter(self._seen)))


@register
class ChainMessage(Policy):
    id = "chain-message"
    description = "Chain messages, repeated forwards and mass sending"
    default_action = Action.QUARANTINE
    settings = {"max_recipients": 10, "max_forwards": 2, "max_senders": 3, "window_hours": 24}

    def __init__(self, config: Config) -> None:
        super().__init__(config)
        for key in self.settings:
            value = self.options[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"{key} must be a non-negative number, not {value!r}")
        if self.options["window_hours"] <= 0:
            raise ValueError("window_hours must be more than 0")

    def applies(self, ctx: Context) -> bool:
        return ctx.sent_by_pupil_or_group

    def chain_memory_key(self, ctx: Context) -> str | None:
        return body_fingerprint(ctx.message) if ctx.services.chain_memory is not None and self.applies(ctx) else None

    def check(self, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        doc = Doc.of_message(ctx.message)
        index = pressure(doc) if doc.sentences else None
        depth, evidence, where = forward_depth(ctx.message)
        # a pupil telling a teacher about a chain ("my cousin sent one that said ... is it true?") passes
        # nothing on; sending the chain itself to a teacher (a forward) still counts
        if index is not None and ctx.pupil_to_staff_only and not depth:
            index = None
        if index is not None:
            out.append(self.finding("chain letter", doc.evidence(index), doc.sentences[index].where))
        if depth > self.options["max_forwards"]:
            out.append(self.finding("forwarded again and again", f"{depth} forwards: {evidence}", where))
        recipients = {r.lower() for r in ctx.envelope.rcpt_tos}
        if len(recipients) > self.options["max_recipients"]:
            out.append(self.finding("sent to too many people", f"{len(recipients)} recipients", "envelope"))
        memory = ctx.services.chain_memory
        if memory is not None:
            fp = body_fingerprint(ctx.message)
            if fp is not None:
                senders = memory.remember(fp, ctx.sender.address, ctx.envelope.received_at.timestamp())
                if senders > self.options["max_senders"]:
                    out.append(self.finding(
                        "the same message from many senders",
                        f"{senders} senders within {self.options['window_hours']} hours", "body",
                    ))
        return out
