"""Email addresses, social-media and gaming handles with an invitation, passwords and PINs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policies._personal import MAX_KEYS, MAX_REPEATS, Hit, Hits, Kind, windows

# -- email addresses ---------------------------------------------------------------

# An "@" between address characters (so a run of "@@@@" costs nothing).
_AT = re.compile(r"(?<=[A-Za-z0-9._%+'-])@(?=[A-Za-z0-9])")
_LOCAL_BEFORE_AT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+'-]{0,63}$")
_DOMAIN_AFTER_AT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,24}\b")
# "my email is", "email me at", "my mum's email": a personal address is being given.
_EMAIL_CONTEXT = re.compile(
    r"(?:\b(?:my|mine|our|his|her|their|(?:mum|mom|dad|brother|sister|nan|gran|grandad|cousin|auntie|aunt|uncle|"
    r"friend|step-?mum|step-?dad)'?s)\s+(?:new\s+|own\s+|home\s+|personal\s+|other\s+)?"
    r"(?:e-?mail|address|account|hotmail|gmail|icloud)\b|\b(?:e-?mail|message|write\s+to|contact|reach|add)\s+(?:me|him|her)\b"
    r"|\bsend\s+(?:it|me\s+\w+|something)\b)[^\n]{0,60}$",
    re.IGNORECASE,
)

FREE_MAIL = frozenset(
    "gmail.com googlemail.com hotmail.com hotmail.co.uk outlook.com outlook.co.uk live.com live.co.uk msn.com "
    "yahoo.com yahoo.co.uk ymail.com rocketmail.com icloud.com me.com mac.com aol.com aol.co.uk btinternet.com "
    "sky.com talktalk.net virginmedia.com blueyonder.co.uk ntlworld.com tiscali.co.uk protonmail.com proton.me "
    "pm.me gmx.com gmx.co.uk mail.com zoho.com yandex.com tutanota.com fastmail.com hushmail.com inbox.com".split()
)


def registered_label(domain: str) -> str:
    """The organisation's label of a domain: ``ratae-museum`` for mail.ratae-museum.example."""
    labels = domain.lower().split(".")
    if len(labels) >= 3 and labels[-2] in {"co", "org", "ac", "gov", "sch", "net", "ltd", "me", "nhs", "police"}:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def is_free_mail(domain: str) -> bool:
    """A provider where anybody can have a personal address (gmail, hotmail, ...)."""
    d = domain.lower()
    if d in FREE_MAIL or any(d.endswith("." + f) for f in FREE_MAIL):
        return True
    label = registered_label(d)
    return label.endswith("mail") or label in {"yahoo", "outlook", "hotmail", "icloud", "aol", "proton", "gmx"}


@dataclass(frozen=True, slots=True)
class EmailHit:
    hit: Hit
    address: str
    domain: str
    invited: bool  # "my email is ...", "email me at ..."


# "poppy2015 at gmail dot com", "sonia dot fernandes at homemail dot com": an address spelt out to get
# past a filter (free-mail providers only: the big names, and any "...mail" provider).
_DOT = r"(?:\(dot\)|\[dot\]|\sdot\s)"
_SPELT_OUT = re.compile(
    r"\b(?P<local>[A-Za-z0-9][A-Za-z0-9._-]{1,63}(?:\s*" + _DOT + r"\s*[A-Za-z0-9_-]{1,63}){0,3})\s*(?:\(at\)|\[at\]|\sat\s)\s*"
    r"(?P<provider>gmail|googlemail|hotmail|outlook|yahoo|icloud|aol|proton\s*mail|ymail|[a-z0-9-]{2,30}mail)\s*"
    r"(?:" + _DOT + r"|\.)\s*(?P<tld>co\s*(?:\.|dot|\(dot\))\s*uk|[a-z]{2,10})\b",
    re.IGNORECASE,
)


_SPELT_CONTEXT = re.compile(r"\b(?:e-?mail|address|contact|write\s+to)\b", re.IGNORECASE)


def find_spelt_out_emails(text: str, triggers: list[int]) -> list[Hit]:
    """``triggers``: where free-mail providers' names occur."""
    hits = Hits()
    for m in (m for s, e in windows(triggers, 90, 40, len(text)) for m in _SPELT_OUT.finditer(text, s, e)):
        if hits.enough():
            break
        local = re.sub(r"\s*" + _DOT + r"\s*", ".", m.group("local"))
        if not re.search(r"[\d._]", local) and not _SPELT_CONTEXT.search(text, max(0, m.start() - 60), m.start()):
            continue  # "look at gmail.com"
        tld = re.sub(r"[\s().]|dot", "", m.group("tld").lower()).replace("couk", "co.uk")
        key = f"{local.lower()}@{m.group('provider').lower().replace(' ', '')}.{tld}"
        hits.add(Hit(Kind.EMAIL, m.start(), m.end(), " ".join(m.group().split()), key))
    return hits


def find_emails(text: str) -> list[EmailHit]:
    out: list[EmailHit] = []
    last_end = -1
    counts: dict[str, int] = {}
    for at in _AT.finditer(text):
        if len(counts) >= MAX_KEYS:
            break
        i = at.start()
        if i < last_end:
            continue
        left = _LOCAL_BEFORE_AT.search(text, max(0, i - 64), i)
        right = _DOMAIN_AFTER_AT.match(text, i + 1, min(len(text), i + 256))
        if left is None or right is None:
            continue
        start, end = left.start(), right.end()
        address = text[start:end].lower().strip(".")
        domain = address.rpartition("@")[2]
        last_end = end
        seen = counts.get(address, 0)
        if seen >= MAX_REPEATS:
            continue
        counts[address] = seen + 1
        invited = bool(_EMAIL_CONTEXT.search(text, max(0, start - 80), start))
        out.append(EmailHit(Hit(Kind.EMAIL, start, end, text[start:end], address), address, domain, invited))
    return out


# -- social-media and gaming handles -----------------------------------------------

_PLATFORM = (
    r"(?:snap\s*chat|snap|sc|insta(?:gram)?|ig|tik\s*tok|whats\s*app|discord|roblox|minecraft|fortnite|"
    r"xbox(?:\s+live)?|psn|play\s*station|ps[345]|steam|epic(?:\s+games)?|twitter|facebook|fb|messenger|telegram|"
    r"kik|youtube|twitch|threads|be\s*real|among\s+us|brawl\s+stars|clash\s+(?:royale|of\s+clans)|nintendo(?:\s+switch)?|"
    r"switch|face\s*time|imessage|skype|signal|musical\.?ly|likee|yubo|omegle|wink|hoop|pinterest|reddit|"
    r"call\s+of\s+duty|cod|gorilla\s+tag|rec\s+room|vr\s*chat|animal\s+jam|moshi|club\s+penguin|msp|"
    r"moviestarplanet|habbo|wizard101|rocket\s+league|valorant|apex|fifa|ea\s+fc)"
)
_HANDLE = r"@?[A-Za-z0-9][A-Za-z0-9_.\-]{1,30}[A-Za-z0-9_]"
_WHO = (
    r"(?:(?i:me|him|her|them|my\s+(?:\w+\s+)?(?:mum|mom|dad|brother|sister|cousin|friend|uncle|aunt(?:ie)?|nan|gran)|"
    r"our\s+[\w ]{0,30}?)|[A-Z][a-z]+)"
)
# "add me on snapchat", "message me on WhatsApp", "follow me on insta", "message our manager Rick on WhatsApp".
_INVITE = re.compile(
    r"\b(?:(?i:add|follow|message|msg|dm|pm|text|friend(?:\s+request)?|find|chat(?:\s+(?:to|with))?|talk\s+to|"
    r"speak\s+to|call|ring|facetime|video\s*call|contact|hit\s+up|sub(?:scribe)?(?:\s+to)?)\s+"
    + _WHO
    + r"(?i:[^.!?\n]{0,30}?)|(?i:hmu|hit\s+me\s+up))\s+(?i:on|in|at|via|over|through)\s+(?i:(?P<platform>"
    + _PLATFORM
    + r")\b(?!\s+(?:game|games|video|videos|world)\b))",
)
# "follow me @cool_kid_2014": an @handle with an invitation, whatever the platform.
_AT_HANDLE = re.compile(
    r"\b(?:add|follow|dm|pm|message|msg|text|hmu|find)\s+me\s*(?:at|on|:|-)?\s*(?P<handle>@[A-Za-z0-9_][A-Za-z0-9_.]{2,30})",
    re.IGNORECASE,
)
# "my snap is x", "my insta: @x", "my roblox username is x", "my gamertag is x".
_DISCLOSE = re.compile(
    r"\b(?:my|his|her|our)\s+(?:(?P<platform>" + _PLATFORM + r")\s*"
    r"(?:user\s*name|user|name|handle|id|tag|gamer\s*tag|account|acc|code|friend\s+code|@)?"
    r"|(?:gamer\s*tag|gamertag|handle|screen\s*name|display\s*name|user\s*name|username))"
    r"\s*(?:is|=|:|-|'s)\s*(?P<handle>" + _HANDLE + r")",
    re.IGNORECASE,
)
# "I'm x", "it's x", "search x": a handle right after an invitation.
_HANDLE_AFTER = re.compile(
    r"[^.!?\n]{0,40}?(?:\b(?:i'?m|i\s+am|it'?s|its|is|search(?:\s+for)?|called)\s+|:\s*)(?P<handle>" + _HANDLE + r")",
    re.IGNORECASE,
)
# The key of an invitation that names no handle ("message me on WhatsApp").
PLATFORM_ONLY = "platform:"
# "I'm cool_kid_2014 on snapchat": a handle-shaped name (digits, _ . or @) said to be one's own.
_IM_ON = re.compile(
    r"\b(?:i'?m|i\s+am|im|find\s+me\s+as|i'?m\s+called)\s+(?P<handle>@?[A-Za-z0-9][A-Za-z0-9_.\-]*[A-Za-z0-9_])"
    r"\s+(?:on|in)\s+(?P<platform>" + _PLATFORM + r")\b",
    re.IGNORECASE,
)
# "I'm on roblox as PoppyPlays2015", "find me on xbox as ...", "my name on minecraft is ...": the platform
# first, then the name (which must be handle-shaped unless the writer asks to be found).
_ON_AS = re.compile(
    r"\b(?:(?P<find>find\s+me|search\s+(?:for\s+)?me|look\s+me\s+up|add\s+me)|i'?m|i\s+am|im)\s+(?:on|in)\s+"
    r"(?P<platform>" + _PLATFORM + r")\s+(?:as|called|under)\s+(?P<handle>@?[A-Za-z0-9][A-Za-z0-9_.\-]*[A-Za-z0-9_])"
    r"|\bmy\s+(?:user\s*)?name\s+(?:on|in)\s+(?P<platform2>" + _PLATFORM + r")\s+(?:is|=|:)\s*"
    r"(?P<handle2>@?[A-Za-z0-9][A-Za-z0-9_.\-]*[A-Za-z0-9_])",
    re.IGNORECASE,
)
# "add me my name is JagoSurfs_10": a handle-shaped "name" beside a platform or an invitation.
_NAME_IS = re.compile(
    r"\b(?:(?:my|his|her)\s+(?:(?:user\s*|player\s*|game\s*|nick\s*)?name(?:'s|\s+is|\s*[:=])|name\s+on\s+there\s+is)"
    # "i changed my fortnite name!! its Z41N_xGOATx now", "my roblox name is now ..."
    r"|(?:my|his|her)\s+[a-z]+\s+(?:user\s*|player\s*|gamer\s*|nick\s*)?(?:name|tag)\s*[!.:,=]*\s*"
    r"(?:is\s+now|is|it'?s|its|to|now)\s*[:=]?"
    # "do you play roblox? add me its IslaStarz_14"
    r"|(?:add|follow|friend)\s+me\s*[,:\-]?\s*(?:it'?s|its|i'?m|im|as)?)\s*(?P<handle>" + _HANDLE + r")",
    re.IGNORECASE,
)
# A name shaped like a handle: digits, "_", ".", "@", or camelCase ("zainGOAT"), not "bored" or "Zain".
_HANDLE_SHAPED = re.compile(r"[\d_.@]|[a-z][A-Z]")
_PLATFORM_NEAR = re.compile(r"\b" + _PLATFORM + r"\b|\b(?:add|follow)\s+me\b", re.IGNORECASE)
_NOT_A_HANDLE = frozenset(
    "the a an and or is it its not on in at my your so too very really going gonna called same new coming back "
    "here there online offline free fine good bad cool ok okay yes no".split()
)


def _handle_ok(handle: str) -> bool:
    h = handle.lstrip("@").lower()
    return h not in _NOT_A_HANDLE and len(h) >= 3


def _handle_hit(m: re.Match[str], handle: str) -> Hit:
    return Hit(Kind.HANDLE, m.start(), m.end(), " ".join(m.group().split()), handle.lstrip("@").lower())


def _found_near(hits: Hits, start: int) -> bool:
    """One detail already found close by ("add me on Snapchat!!! my username is x")."""
    return any(abs(h.start - start) < 150 for h in hits)


def _platform_near(text: str, m: re.Match[str]) -> bool:
    return bool(_PLATFORM_NEAR.search(text, max(0, m.start() - 120), m.end() + 120))


def find_handles(text: str, triggers: list[int], invites: list[int]) -> list[Hit]:
    """``triggers``: where platform names and "username"-like words occur; ``invites``: "follow me" and the like."""
    hits = Hits()
    spans = windows(triggers, 140, 110, len(text))
    for m in (m for s, e in spans for m in _DISCLOSE.finditer(text, s, e)):
        if hits.enough():
            return hits
        handle = m.group("handle")
        # "my username is freddiej4" for a homework site is not an invitation:
        # a bare username counts only near a platform or an invitation.
        if _handle_ok(handle) and (m.group("platform") is not None or _platform_near(text, m)):
            hits.add(_handle_hit(m, handle))
    invite_spans = windows(invites, 5, 60, len(text)) if "@" in text else []
    for m in (m for s, e in invite_spans for m in _AT_HANDLE.finditer(text, s, e)):
        if hits.enough():
            return hits
        if not _found_near(hits, m.start()):
            hits.add(_handle_hit(m, m.group("handle")))
    for m in (m for s, e in spans for m in _IM_ON.finditer(text, s, e)):
        if hits.enough():
            return hits
        handle = m.group("handle")
        if _handle_ok(handle) and _HANDLE_SHAPED.search(handle) and not _found_near(hits, m.start()):
            hits.add(_handle_hit(m, handle))
    for m in (m for s, e in spans for m in _ON_AS.finditer(text, s, e)):
        if hits.enough():
            return hits
        handle = m.group("handle") or m.group("handle2")
        if _handle_ok(handle) and (m.group("find") or _HANDLE_SHAPED.search(handle)) and not _found_near(hits, m.start()):
            hits.add(_handle_hit(m, handle))
    near_spans = windows(sorted(triggers + invites), 140, 110, len(text)) if invites else spans
    for m in (m for s, e in near_spans for m in _NAME_IS.finditer(text, s, e)):
        if hits.enough():
            return hits
        handle = m.group("handle")
        if (
            _handle_ok(handle)
            and _HANDLE_SHAPED.search(handle)
            and _platform_near(text, m)
            and not _found_near(hits, m.start())
        ):
            hits.add(_handle_hit(m, handle))
    for m in (m for s, e in spans for m in _INVITE.finditer(text, s, e)):
        if hits.enough():
            return hits
        if _found_near(hits, m.start()):
            continue
        end = m.end()
        after = _HANDLE_AFTER.match(text, end, min(len(text), end + 80))
        key = PLATFORM_ONLY + " ".join(m.group("platform").lower().split())
        if after is not None and _handle_ok(after.group("handle")):
            end = after.end()
            key = after.group("handle").lstrip("@").lower()
        hits.add(Hit(Kind.HANDLE, m.start(), end, " ".join(text[m.start() : end].split()), key))
    return hits


# -- passwords and PINs ------------------------------------------------------------

# Children's spellings too: "pasword", "passwrd", "passward".
_SECRET = (
    r"(?:pas{1,2}\s*w(?:or|ur|er|ar|r)?d|passcode|pass\s*code|pwd|pw|log\s*-?\s*in|pin(?:\s*(?:number|code|no\.?))?|lock\s*code|pass\s*key)"
)
# "my password is rocket2016", "the wifi password at my house is ...", "the PIN for my ipad is 1234".
_TOLD = re.compile(
    r"\b(?P<det>my|our|his|her|their|your|ur|the|mum'?s|dad'?s|mums|dads|\w+'s)\s+(?:[\w-]+\s+){0,3}?(?P<what>" + _SECRET + r")"
    r"(?:\s+(?:for|at|on|of|in|to)\s+[^.\n]{1,30}?)?\s*(?:(?<!\w)(?:is|was|are|will\s+be|is\s+now|it'?s)\b|=|:|'s\b)\s*[:\-]?\s*[\"'“‘]?"
    r"(?P<value>[^\s\"'”’,;]{3,40})",
    re.IGNORECASE,
)
# "password: rocket2016" in a list of details, "pin is 4821", without "my".
_LABELLED = re.compile(
    r"\b(?P<what>" + _SECRET + r")(?:\s*[:=]|\s+(?:is|was)\b)\s*[\"'“‘]?(?P<value>[^\s\"'”’,;]{3,40})",
    re.IGNORECASE,
)
# A line of login details: "password Tiger2014!" or "pw: x" on a line of its own under "username zain".
_DETAILS_LINE = re.compile(
    r"(?im)^[ \t]*(?:[-*•>]+[ \t]*)?(?P<what>" + _SECRET + r")[ \t]+[\"'“‘]?(?P<value>[^\s\"'”’]{3,40})[\"'”’]?[ \t]*$"
)
_PASSWORD_LIKE = re.compile(r"(?=.*[A-Za-z])(?=.*[\d\W_])|^\d{4,}$")
# "the code to my phone is 1234", "our door code is 4321": a code that opens something of someone's.
_DEVICE = (
    r"(?:phone|mobile|ipad|tablet|kindle|switch|door|front\s+door|back\s+door|gate|locker|padlock|safe|key\s*safe|"
    r"alarm|laptop|computer|house|garage|shed|bike\s+lock|lock\s*screen|screen)"
)
_DEVICE_CODE = re.compile(
    r"\b(?:(?:my|our|his|her|their|your|the|mum'?s|dad'?s|\w+'s)\s+" + _DEVICE + r"\s+(?:code|pin|passcode|combination)"
    r"|(?:code|pin|passcode|combination)\s+(?:for|to|of|on)\s+(?:my|our|his|her|their|your|the|mum'?s|dad'?s)\s+"
    + _DEVICE
    # "the code to unlock it is 4 8 2 9", "the pin to get into my tablet is 4829"
    + r"|(?:code|pin|passcode|password)\s+(?:to|for)\s+(?:unlock|unlocking|open|opening|get\s+into|getting\s+into)\s+"
    r"(?:it|(?:my|our|his|her|their|your|the|mum'?s|dad'?s)\s+\w+)"
    + r")\s*(?:is|was|it'?s|=|:|'s)\s*[:\-]?\s*[\"'“‘]?(?P<value>\d(?:[ -]?\d){2,7})\b",
    re.IGNORECASE,
)
# What follows "password is" in a lesson or a complaint, not a password.
_NOT_A_SECRET = frozenset(
    """the a an my your our his her their its this that it what which something nothing really very so too quite
    super not secret safe strong weak long short hard easy same different private personal changed wrong right
    correct incorrect forgotten reset expired case still now just also mine yours hers ours theirs made based
    written hidden important needed required being like only more less never always usually sometimes probably
    one two three four five six seven eight nine ten twelve letters characters numbers digits words symbols
    numbers. good bad rubbish terrible great easier harder longer shorter stronger weaker supposed meant
    going at in on to for of from with without by about as and or but if because when where
    given sent told set shared emailed texted typed stolen hacked leaked lost saved stored kept updated
    broken funny silly weird cool awesome stupid dumb annoying complicated confusing simple obvious boring ok okay
    fine top private classified unknown blank empty there here please guessable unguessable impossible""".split()
)
# A lesson's example ("an example of a strong password is ...", "never say your password is 1234").
_EXAMPLE = re.compile(
    r"(?:\b(?:example|e\.g|eg|such\s+as|like|instance)\b[^.\n]{0,40}|\b(?:never|don'?t|do\s+not|shouldn'?t)\b[^.\n]{0,20})$",
    re.IGNORECASE,
)


_MASK = frozenset("*•●x?#._-")
# A plain word is a password only when it ends the statement ("my password is kittens", "... is banana lol"),
# not when the sentence goes on ("your password is how you log in", "our log in was slow today").
_PLAIN_WORD = re.compile(r"[A-Za-z][a-z]*")
_STATEMENT_END = re.compile(
    r"[ \t]*(?:$|[.!?,;)\n]|(?:lol|xx?|dont|don'?t|do\s+not|so|and|but|ok|okay|haha|shh+|btw)\b)", re.IGNORECASE
)
_NOT_A_NAME = re.compile(r"(?:ing|ed|ly)$", re.IGNORECASE)


def _plain_word_ends(text: str, value: str, end: int) -> bool:
    """A digit-free, symbol-free value counts only as the last word of its statement."""
    if not _PLAIN_WORD.fullmatch(value):
        return True  # "Pink!Horse", "PinkHorse", "tiger99"
    return not _NOT_A_NAME.search(value) and bool(_STATEMENT_END.match(text, end))


def _secret_value(what: str, value: str) -> str | None:
    v = value.rstrip(".!?:)")
    if re.match(r"(?i)pin|lock", what) and not re.fullmatch(r"\d{3,8}", v):
        return None
    if len(v) < 3 or v.lower() in _NOT_A_SECRET or set(v) <= _MASK:
        return None  # "password: ********" gives nothing away
    return v


def find_passwords(text: str, triggers: list[int]) -> list[Hit]:
    """``triggers``: where "pass", "pin", "pw", "login" occur."""
    hits = Hits()
    spans = windows(triggers, 90, 130, len(text))
    for m in (m for s, e in spans for m in _TOLD.finditer(text, s, e)):
        if hits.enough():
            return hits
        value = _secret_value(m.group("what"), m.group("value"))
        if value is None or _EXAMPLE.search(text, max(0, m.start() - 50), m.start()):
            continue
        if not _plain_word_ends(text, value, m.start("value") + len(value)):
            continue
        hits.add(Hit(Kind.PASSWORD, m.start(), m.end(), " ".join(m.group().split()), value))
    for m in (m for s, e in spans for m in _DEVICE_CODE.finditer(text, s, e)):
        if hits.enough():
            return hits
        if not any(h.start <= m.start() < h.end for h in hits):
            hits.add(Hit(Kind.PASSWORD, m.start(), m.end(), " ".join(m.group().split()), m.group("value")))
    for m in (m for s, e in spans for m in _DETAILS_LINE.finditer(text, s, e)):
        if hits.enough():
            return hits
        value = _secret_value(m.group("what"), m.group("value"))
        if value is None or not _PASSWORD_LIKE.search(value) or any(h.start <= m.start() < h.end for h in hits):
            continue
        hits.add(Hit(Kind.PASSWORD, m.start(), m.end(), " ".join(m.group().split()), value))
    for m in (m for s, e in spans for m in _LABELLED.finditer(text, s, e)):
        if hits.enough():
            return hits
        value = _secret_value(m.group("what"), m.group("value"))
        if value is None or not re.search(r"[\d\W_]", value) or any(h.start <= m.start() < h.end for h in hits):
            continue
        if _EXAMPLE.search(text, max(0, m.start() - 50), m.start()):
            continue  # "an example of a strong password is Tr0ub4dor&3"
        hits.add(Hit(Kind.PASSWORD, m.start(), m.end(), " ".join(m.group().split()), value))
    return hits
