"""personal-details: Pupils must not reveal personal details of themselves or others.

Applies to mail sent by a pupil or group and to mail from outside to a pupil or
group. Finds phone numbers, home addresses, postcodes, dates of birth (in
context), personal email addresses, social-media and gaming handles given with
an invitation to contact, passwords and PINs, and, in mail going outside, the
full names of pupils in the subject or body. The detectors live in
``policies._personal``; this module applies the exemptions:

- the school's own published contact details (``Context.is_school_contact``);
- an organisation's published details in its signature block (a museum's
  address and phone at the end of a message from the museum, or quoted);
- addresses and names in quoted reply headers ("On ..., Amelia Clarke <...> wrote:");
- an organisation's own details given as such in the body of its message
  ("call us on 0116 496 0999", "our museum is at ..."; never a mobile);
- an organisation's own postal address in the body of its message: "our
  address is ...", "post your entries to us at ...", an address that names
  the organisation ("Address: National Space Centre, ..."), a postcode for the
  satnav; not when the sentence, or the one before, speaks of a home or a
  family ("Write to me, our address is ..." is a pen pal's);
- a non-personal email address: the school's, an organisation's own, or one
  already in the message's headers, unless it is given as "my email is ...";
- a landline said to be a public place's, as in a pupil's project ("the
  museum's number is 0116 496 0999", "ring the zoo on ..."); never a mobile,
  nor a family's place ("my dad's office number");
- in mail to organisations only, a place's own details asked back of it ("Hi
  Ratae Museum, is your address still 22 Vaughan Way?"), when the message
  speaks to a place and the sentence says nothing of a home.

A detail in a signature block stays personal when the line says so ("text my
mum on ..."). Only landlines and mobiles are personal phone numbers (0800,
03, 09 numbers are organisations'). Homes in stories are not home addresses
unless the writer's own.

One finding per distinct detail, in the order found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property

from gateway.directory import domain_of, normalise_address
from policies._personal import Hit, Kind
from policies._personal.context import Regions, regions
from policies._personal.dates import find_dates_of_birth
from policies._personal.names import find_full_names
from policies._personal.online import (
    PLATFORM_ONLY,
    find_emails,
    find_handles,
    find_passwords,
    find_spelt_out_emails,
    is_free_mail,
)
from policies._personal.phones import find_phones, find_spoken_phones, is_mobile
from policies._personal.places import find_addresses, find_postcodes
from policies._personal.triggers import lower_same_length, scan
from policies.base import Context, Policy, register
from policies.types import Action, Finding

_DIGIT = re.compile(r"\d")
# An organisation giving its own details: "call us on", "our museum is at", "we are based at".
# ("our address is" is not here but in _ORG_ADDRESS_CONTEXT: a pen pal's family says that too.)
_ORG_CONTEXT = re.compile(
    r"(?:\b(?:call|ring|phone|contact|reach|email|e-mail|write\s+to|visit|find)\s+us\b|\bour\s+(?:office|reception|main|"
    r"booking|bookings|enquir(?:y|ies)|phone|telephone|helpline|switchboard|number|email|e-mail|"
    r"museum|centre|library|shop|building|site|venue|club|school)\b|\bwe\s+are\s+(?:at|based|located)\b)[^\n.!?]{0,40}$",
    re.IGNORECASE,
)
_ORG_CONTEXT_KINDS = frozenset({Kind.PHONE, Kind.ADDRESS, Kind.POSTCODE, Kind.EMAIL})
# An organisation giving its own postal address, which may run over a few lines
# ("Our address is Exploration Drive, Leicester LE4 5NS", "post your entries to
# us at ...", "our offices are at ..."). "Our address is" counts only in a
# sentence with no sign of a person's home (_HOME_SIGNS).
_ORG_ADDRESS_CONTEXT = re.compile(
    r"(?:\b(?:visit|find|write\s+to|contact|reach|see|join)\s+us\b"
    r"|\b(?:send|post|return|deliver|bring|drop)\s+(?:[\w'’]+\s+){0,3}?(?:to|at)\s+us\b"
    r"|\bour\s+(?:(?:postal|full|main|office|business|contact|mailing|correspondence|registered|new)\s+)?"
    r"(?:address|postcode)\b"
    r"|\bour\s+(?:[\w'’-]+\s+)?(?:offices?|premises|headquarters|hq|studios?|shops?|stores?|bookshop|gallery|theatre|"
    r"cafe|café|restaurant|centre|museum|library|club|venue|building|site|school|warehouse|farm|branch|workshops?|"
    r"factory|depot|clinic|surgery|charity|reception|team)(?:\s+(?:is|are)\s+(?:now\s+)?(?:at|in|on|based|located)\b|\s*:)"
    r"|\bwe(?:'re|’re|\s+are)\s+(?:now\s+)?(?:at|based|located)\b)"
    r"(?:[^\n.!?]|\n(?!\s*\n)){0,80}$",
    re.IGNORECASE,
)
# Words that make "our address" a family's home, not an organisation's.
_HOME_SIGNS = re.compile(
    r"\b(?:me|my|mine|mum'?s?|mam|dad'?s?|nan'?s?|gran'?s?|grandma|grandad|family|home|house|flat|live[sd]?|living)\b",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[.!?]\s|\n\s*\n")
# Where the address itself starts: after "to", "at", "is", a colon or a sentence break.
_ADDRESS_RUN_START = re.compile(r"[:.!?]|\n\s*\n|\b(?:to|at|is|are)\b", re.IGNORECASE)
_ORGANISATION_NAME = re.compile(
    r"\b(?:ltd|limited|plc|museums?|councils?|librar(?:y|ies)|trust|centres?|center|society|club|university|college|academy|"
    r"school|charity|foundation|theatre|gallery|zoo|church|stadium|arena|cinema|hotel|books|bookshop|shop|"
    r"store|studios?|farm|leisure|station|hospital|surgery|c/o)\b"
    # Not a street named after one: "Station Road", "Church Lane", "School Close".
    r"(?!\s+(?:road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|way|place|terrace|view|gardens|crescent|grove|"
    r"hill|row|square|walk|court|mews|green|rise|parade|yard|side|fields?|meadows?|end|cottages?|house|lodge|barn)\b)",
    re.IGNORECASE,
)
# Finding a venue: "use postcode LE4 5NS in your satnav", "the coach park is at ...".
_DIRECTIONS = re.compile(
    r"\b(?:sat\s*-?\s*navs?|car\s+park|coach\s+park|coach\s+drop|parking|directions)\b", re.IGNORECASE
)

# Places whose landline is published for anybody to ring.
_PUBLIC_PLACES = (
    r"(?i:museums?|librar(?:y|ies)|zoo|council|cinema|theatre|shop|store|supermarket|restaurant|caf[eé]|hotel|"
    r"station|hospital|surgery|dentists?|doctors'?|vets?|gym|leisure\s+centre|centre|church|mosque|temple|gurdwara|"
    r"synagogue|club|company|business|office|police|charity|helpline|castle|farm|park|pool|stadium|bank|garage|"
    r"airport|post\s+office|gallery|aquarium|garden\s+centre)"
)
# A landline said to be a place's in a pupil's project: "the museum's number is ...", "Jewry Wall Museum
# phone number: ...", "ring the zoo on ...". (A mobile is never exempted this way.)
_PLACES_NUMBER = re.compile(
    r"(?:\b(?:[Tt]he|[A-Z][\w'’-]*)\s+(?:[\w'’-]+\s+){0,3}?" + _PUBLIC_PLACES + r"(?:['’]s?)?\s+"
    r"(?i:(?:(?:main|phone|telephone|contact|booking|bookings|enquiries|office)\s+)?(?:number|no\.?|phone|tel|telephone|line)\b)"
    r"|\b(?i:call|ring|phone|contact)\s+(?i:the)\s+(?:[\w'’-]+\s+){0,3}?" + _PUBLIC_PLACES + r"\b)"
    r"[^\n.!?]{0,25}$"
)
# Whose place it is: "my dad's office number", "our nan's shop phone" are a family's.
_FAMILY_OWNER = re.compile(
    r"\b(?:my|our|his|her|their|your|ur|mum|mam|mom|dad|nan|gran|grandma|grandad|auntie|aunt|uncle|brother|sister|"
    r"cousin|friend|step-?mum|step-?dad)(?:['’]?s)?\b",
    re.IGNORECASE,
)
# A public place's published details in a pupil's project or homework: the place named at the start of the
# line or of the line before ("Stars Discovery Centre" over "Exploration Way, Leicester LE4 5XS";
# "Edinburgh Castle, Edinburgh - EH1 2NG"), or a visitor's information around it ("Opening hours", "Tickets:").
_PLACE_WORDS = (
    r"(?:Centre|Center|Museum|Library|Zoo|Castle|Palace|Cathedral|Abbey|Minster|Farm|Park|Gallery|Aquarium|Stadium|Arena"
    r"|Theatre|Cinema|Observatory|Planetarium|Safari|Railway|Priory|Wildlife|Leisure|Gardens|Tower)"
)
_PLACE_HEADING = re.compile(
    r"(?:^|\n)[ \t]*(?:[-*\u2022][ \t]*)?(?:The[ \t]+)?(?:[A-Z][\w'’&.-]*[ \t]+){0,4}" + _PLACE_WORDS + r"\b"
    r"(?![ \t]+(?:Road|Rd|Street|St|Lane|Avenue|Ave|Close|Drive|Way|Place|Terrace|View|Crescent|Grove|Rise|Walk|Court))"
)
_VISITOR_INFO = re.compile(
    r"\b(?:opening\s+(?:hours|times)|open\s+(?:daily|every\s+day|from\s+\d)|admission|last\s+(?:entry|admission)"
    r"|box\s+office|ticket\s+(?:office|prices?)|tickets?\s*:|entry\s+(?:fee|price|prices)|visitor\s+information)\b",
    re.IGNORECASE,
)
_PUBLIC_PLACE_KINDS = frozenset({Kind.PHONE, Kind.ADDRESS, Kind.POSTCODE})


def _public_place(text: str, hit: Hit) -> bool:
    """``hit`` is a public place's published address or landline, written out in a project (see _PLACE_HEADING)."""
    line_start = text.rfind("\n", 0, hit.start) + 1
    previous = text.rfind("\n", 0, max(0, line_start - 1)) + 1 if line_start else 0
    lines = text[previous : hit.start]
    if _HOME_SIGNS.search(lines) or _FAMILY_OWNER.search(lines) or _PERSONAL_IN_SIGNATURE.search(lines):
        return False
    if _PLACE_HEADING.search(lines):
        return True
    return _VISITOR_INFO.search(text, max(0, hit.start - 250), min(len(text), hit.end + 250)) is not None


# A pupil writing to an organisation about its own details: "is your address still ...", "are you at ...".
# Only where the message speaks to a place (a museum, a shop) and not of a home: a pen pal's class at
# another school is an organisation's address too, and "is your address still 4 Oak Road?" there is a child's.
_RECIPIENTS_OWN = re.compile(
    r"(?:\b(?:your|ur)\s+(?:(?:postal|full|main|office|new|phone|contact|booking|bookings|education|learning|schools?|visitor)\s+)?(?:address|postcode|"
    r"number|phone(?:\s+number)?|telephone|museum|shop|centre|library|office|building|venue)\b|"
    r"\b(?:are\s+you|you\s+are|you'?re)\s+(?:still\s+|now\s+)?(?:at|on|in)\b)[^\n.!?]{0,30}$",
    re.IGNORECASE,
)
_RECIPIENT_KINDS = frozenset({Kind.PHONE, Kind.ADDRESS, Kind.POSTCODE})
# The recipient is spoken to as a place ("Hi Ratae Museum, ..."), not a pen-pal school's child.
_A_PLACE = re.compile(r"\b" + _PUBLIC_PLACES + r"\b")

# An organisation asking to be followed: "follow our museum on instagram", "subscribe to our channel".
# ("message our manager Rick on WhatsApp" is a person's.)
_ORGANISATIONS_ACCOUNT = re.compile(
    r"\b(?i:follow|like|subscribe\s+to|sub\s+to|find|join|add)\s+(?i:us|our\s+(?:[\w'’-]+\s+)?(?:"
    + _PUBLIC_PLACES
    + r"|(?i:page|account|channel|profile|feed|team|organisation|company|brand)))\b"
)

# What makes a detail in a signature block a person's own, not the organisation's.
_PERSONAL_IN_SIGNATURE = re.compile(
    r"\b(?:my|me|i'?m|im|text|whats\s*app|snap\w*|insta\w*|mum'?s|dad'?s|home|personal)\b", re.IGNORECASE
)
# Kinds an organisation publishes in its signature block.
_SIGNATURE_KINDS = frozenset({Kind.PHONE, Kind.ADDRESS, Kind.POSTCODE, Kind.EMAIL, Kind.HANDLE})
_SCHOOL_KINDS = frozenset({Kind.PHONE, Kind.ADDRESS, Kind.POSTCODE})


def _organisations_address(text: str, hit: Hit) -> bool:
    """The address is given as the writing organisation's own, in sentences that say nothing of a home.

    Said so ("our address is", "post it to us at"), naming an organisation in
    the address itself ("Address: National Space Centre, ...", "return the
    forms to Greenacre Farm, ..."), or given for finding the place ("use
    postcode LE4 5NS in your satnav").
    """
    cue = _ORG_ADDRESS_CONTEXT.search(text, max(0, hit.start - 130), hit.start)
    # The sentence around the cue and the address, and the one before: "Write to me, our address
    # is ..." and "It's Tayo's mum. Our address is ..." are a family's.
    from_ = cue.start() if cue else hit.start
    breaks = [b.end() for b in _SENTENCE_BREAK.finditer(text, max(0, from_ - 200), from_)]
    start = max(breaks[-2] if len(breaks) >= 2 else 0, from_ - 200)
    found_end = _SENTENCE_BREAK.search(text, hit.end, hit.end + 120)
    end = found_end.start() if found_end else min(len(text), hit.end + 120)
    if _HOME_SIGNS.search(text, start, end):
        return False
    if cue is not None:
        return True
    run_from = max(start, hit.start - 100)
    run_start = max((m.end() for m in _ADDRESS_RUN_START.finditer(text, run_from, hit.start)), default=run_from)
    if _ORGANISATION_NAME.search(text, run_start, hit.end):
        return True  # "Address: National Space Centre, Exploration Drive, ..."
    return bool(_DIRECTIONS.search(text, start, end))


# What closes a newsletter or a mailing: the sender's own legal and postal small print.
_FOOTER_MARK = re.compile(
    r"\b(?:unsubscribe|opt\s+out|privacy\s+(?:policy|notice)|all\s+rights\s+reserved|copyright|registered\s+(?:charity|office"
    r"|in\s+england)|company\s+(?:no|number|registration)|charity\s+(?:no|number))\b|©",
    re.IGNORECASE,
)


# "The Young Explorer, ", "Leicester Schools Sport Partnership · Unit ": who, before the address on a footer line
_FOOTER_NAME = re.compile(
    r"[ \t]*(?:(?:[A-Z0-9][\w&'’.-]*[ \t]+){0,5}[A-Z0-9][\w&'’.-]*[ \t]*[,\u00b7\u2022|\u2013][ \t]*){1,4}"
    r"(?:(?:Unit|Suite|Studio|Office|Floor)[ \t]+)?"
)
# A forwarded or quoted mailing's booking line: "Book online or call 0116 261 0261", "Tickets: 0116 ...".
_BOOKING = re.compile(
    r"\b(?:book(?:ings?)?|tickets?|enquir(?:y|ies)|box\s+office|reception|switchboard|helpline|opening\s+times)\b[^\n]{0,40}$",
    re.IGNORECASE,
)


def _organisations_footer(text: str, hit: Hit, own_end: int, *, named: bool = False) -> bool:
    """A postal address in the last lines of what an organisation wrote, or beside its small print.

    "The Young Explorer, 10 Press Street, London EC1A 1AA" closing a newsletter is its
    published address, signed or not; a line that speaks of a home never is. ``named``:
    the line must also name an organisation ("Beacon Books, 40 Wharf Road, ..." closing a
    forwarded message, whoever forwarded it).
    """
    line_start = text.rfind("\n", 0, hit.start) + 1
    line_end = text.find("\n", hit.end)
    line_end = len(text) if line_end < 0 else line_end
    if line_end - line_start > 200 or _HOME_SIGNS.search(text, line_start, line_end):
        return False
    # the line names who it is ("The Young Explorer, 10 Press Street, ..."): no "Address:", no "post it to Leo at"
    if not _FOOTER_NAME.fullmatch(text, line_start, hit.start):
        return False
    if named and not (
        _ORGANISATION_NAME.search(text, line_start, hit.start) or _FOOTER_MARK.search(text, line_start, line_end)
    ):
        return False
    # ... and closes a message that said something first
    said = sum(1 for line in text[:line_start].splitlines() if line.strip())
    if said >= 1 and _FOOTER_MARK.search(text, line_start, min(own_end, line_end + 300)):
        return True
    after = [line for line in text[line_end:own_end].splitlines() if line.strip()]
    return said >= 2 and len(after) <= 1 and all(len(line) <= 120 for line in after)


def _near(a: Hit, b: Hit, gap: int) -> bool:
    return a.start - gap <= b.end and b.start <= a.end + gap


class _LazyRegions:
    """The quoted headers and signature blocks of one text, found only if an exemption needs them."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._regions: Regions | None = None

    def get(self) -> Regions:
        if self._regions is None:
            self._regions = regions(self._text)
        return self._regions


class _LazySender:
    """What the exemptions need to know about who wrote the message, worked out when first asked."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    @cached_property
    def domain(self) -> str:
        return domain_of(self._ctx.sender.address)

    @cached_property
    def external_organisation(self) -> bool:
        """Outside the school, and not a free-mail address."""
        return self._ctx.sender.is_external and bool(self.domain) and not is_free_mail(self.domain)

    @cached_property
    def to_organisations(self) -> bool:
        """Written to organisations outside (not free-mail addresses), and to no pupil or group."""
        outside = self._ctx.external_recipients
        return (
            bool(outside)
            and all(not is_free_mail(domain_of(r.address)) for r in outside)
            and not any(r.is_pupil_or_group for r in self._ctx.recipients)
        )

    @cached_property
    def own_addresses(self) -> frozenset[str]:
        """The addresses already in the envelope and the headers."""
        ctx = self._ctx
        addresses = {normalise_address(a) for a in (ctx.envelope.mail_from, *ctx.envelope.rcpt_tos)}
        addresses.update(normalise_address(a) for a in ctx.message.from_addresses + ctx.message.recipients_in_headers)
        return frozenset(addresses)


@register
class PersonalDetails(Policy):
    id = "personal-details"
    description = "Pupils must not reveal personal details of themselves or others"
    default_action = Action.QUARANTINE

    def applies(self, ctx: Context) -> bool:
        return ctx.sent_by_pupil_or_group or ctx.from_outside_to_pupil_or_group

    def check(self, ctx: Context) -> list[Finding]:
        sender = _LazySender(ctx)
        school_domains = frozenset(d.lower() for d in ctx.config.school.domains) | ctx.directory.domains
        pupil_names = tuple(p.name for p in ctx.directory.pupils) if ctx.goes_outside else ()
        external = frozenset(r.given for r in ctx.external_recipients)
        seen: set[tuple[Kind, str]] = set()
        found: list[Finding] = []
        for where, text in ctx.message.texts():
            for hit in self._hits(ctx, text, sender, school_domains, pupil_names, seen):
                seen.add((hit.kind, hit.key))
                recipients = external if hit.kind is Kind.FULL_NAME else frozenset()
                found.append(self.finding(hit.kind.value, hit.evidence, where, recipients))
        return found

    def _hits(
        self,
        ctx: Context,
        text: str,
        sender: _LazySender,
        school_domains: frozenset[str],
        pupil_names: tuple[str, ...],
        seen: set[tuple[Kind, str]],
    ) -> Iterator[Hit]:
        """The hits of one text that are personal details not yet in ``seen``."""
        if not text:
            return
        hits: list[Hit] = []
        triggers = scan(lower_same_length(text))
        phones: list[Hit] = []
        if _DIGIT.search(text):
            phones = find_phones(text)
            postcodes = find_postcodes(text)
            addresses = find_addresses(text, postcodes, triggers["street"], triggers["home"])
            hits += phones + addresses
            hits += [p for p in postcodes if not any(a.start <= p.start and p.end <= a.end for a in addresses)]
        elif "home" in triggers:
            hits += find_addresses(text, [], [], triggers["home"])
        if "dob" in triggers:
            hits += find_dates_of_birth(text, triggers["dob"])  # "born on the third of June twenty fourteen" has no digit
        spoken = find_spoken_phones(text)  # "oh seven seven double oh ..."
        phones += spoken
        hits += spoken
        if "secret" in triggers:
            hits += find_passwords(text, triggers["secret"])  # "my password is PinkHorse" has no digit
        if "handle" in triggers or "invite" in triggers:
            # "my number is 07700 900123, message me on WhatsApp" is one detail, the number.
            handles = find_handles(text, triggers["handle"], triggers["invite"])
            # "my whatsapp is 07700 900123" is the number, not a handle "07700".
            hits += [
                h for h in handles if not any(_near(h, p, 40 if h.key.startswith(PLATFORM_ONLY) else 0) for p in phones)
            ]
        email_hits = find_emails(text) if "@" in text else []
        if "mail" in triggers:
            hits += find_spelt_out_emails(text, triggers["mail"])
        if pupil_names:
            hits += find_full_names(text, pupil_names)
        if not hits and not email_hits:
            return
        where = _LazyRegions(text)
        for e in email_hits:
            if self._personal_email(e.address, e.domain, e.invited, e.hit, sender, school_domains, where):
                hits.append(e.hit)
        hits.sort(key=lambda h: h.start)
        for hit in hits:
            if (hit.kind, hit.key) in seen or self._exempt(ctx, text, hit, sender, where):
                continue
            yield hit

    @staticmethod
    def _personal_email(
        address: str,
        domain: str,
        invited: bool,
        hit: Hit,
        sender: _LazySender,
        school_domains: frozenset[str],
        where: _LazyRegions,
    ) -> bool:
        if any(domain == d or domain.endswith("." + d) for d in school_domains) or where.get().in_header(
            hit.start, hit.end
        ):
            return False
        free = is_free_mail(domain)
        if not free and domain == sender.domain:
            return False  # an organisation's own address ("email learning@museum.example")
        if address in sender.own_addresses and not invited:
            return False  # the sender's or a recipient's address, already in the headers
        return free or invited

    @staticmethod
    def _exempt(ctx: Context, text: str, hit: Hit, sender: _LazySender, where: _LazyRegions) -> bool:
        if hit.kind is Kind.FULL_NAME:
            return where.get().in_header(hit.start, hit.end)
        if hit.kind in _SCHOOL_KINDS and ctx.is_school_contact(hit.evidence):
            return True
        if hit.kind is Kind.PHONE and not is_mobile(hit.key):
            place = _PLACES_NUMBER.search(text, max(0, hit.start - 80), hit.start)
            if place is not None and not _FAMILY_OWNER.search(place.group()):
                return True  # "the museum's number is 0116 496 0999" in a pupil's project
        if hit.kind in _PUBLIC_PLACE_KINDS and not (hit.kind is Kind.PHONE and is_mobile(hit.key)) and _public_place(text, hit):
            return True  # "Stars Discovery Centre / Exploration Way, Leicester LE4 5XS / Opening hours ..."
        if (
            hit.kind in _RECIPIENT_KINDS
            and sender.to_organisations
            and not (hit.kind is Kind.PHONE and is_mobile(hit.key))
            and _RECIPIENTS_OWN.search(text, max(0, hit.start - 60), hit.start)
            and _A_PLACE.search(text, max(0, hit.start - 200), hit.start)
            and not _HOME_SIGNS.search(text, max(0, hit.start - 60), hit.end + 60)
        ):
            return True  # "is your address still 22 Vaughan Way?" to the museum
        if hit.kind in _SIGNATURE_KINDS:
            sig = where.get().signature_at(hit.start, hit.end)
            line_start = text.rfind("\n", 0, hit.start) + 1
            personal = _PERSONAL_IN_SIGNATURE.search(text, max(line_start, hit.start - 40), hit.start)
            if sig is not None and personal is None:
                own = sig[0] < where.get().own_end
                if (
                    own
                    and sender.external_organisation
                    and (sig[2] or not (hit.kind is Kind.PHONE and is_mobile(hit.key)))
                ):
                    return True  # the organisation that wrote signs with its own details
                if not own and sig[2]:
                    return True  # an organisation's signature in a quoted message
        if (
            hit.kind is Kind.HANDLE
            and sender.external_organisation
            and (hit.evidence.lower().startswith("our ") or _ORGANISATIONS_ACCOUNT.match(hit.evidence))
        ):
            return True  # "our Instagram is @rataemuseum", "follow our museum on instagram": the organisation's own
        if (
            hit.kind in (Kind.ADDRESS, Kind.POSTCODE)
            and hit.start >= where.get().own_end
            and _organisations_footer(text, hit, len(text), named=True)
        ):
            return True  # "Beacon Books, 40 Wharf Road, London N1 7GR" closing a forwarded or quoted message
        if (
            hit.kind is Kind.PHONE
            and not is_mobile(hit.key)
            and hit.start >= where.get().own_end
            and _BOOKING.search(text, max(0, hit.start - 60), hit.start)
            and _FOOTER_MARK.search(text, hit.end)
        ):
            return True  # "Book online or call 0116 261 0261" in a forwarded mailing that signs off as an organisation
        if hit.kind in _ORG_CONTEXT_KINDS and sender.external_organisation and hit.start < where.get().own_end:
            if hit.kind is Kind.PHONE and is_mobile(hit.key):
                return False
            if _ORG_CONTEXT.search(text, max(0, hit.start - 60), hit.start):
                return True  # "call us on 0116 496 0999", "our museum is at ...": the organisation's own
            if hit.kind in (Kind.ADDRESS, Kind.POSTCODE) and _organisations_address(text, hit):
                return True  # "Our address is Exploration Drive, Leicester LE4 5NS"
            if hit.kind in (Kind.ADDRESS, Kind.POSTCODE) and _organisations_footer(text, hit, where.get().own_end):
                return True  # "The Young Explorer, 10 Press Street, London EC1A 1AA" closing its newsletter
            line_start = text.rfind("\n", 0, hit.start) + 1
            if hit.kind is Kind.PHONE and not _PERSONAL_IN_SIGNATURE.search(
                text, max(line_start, hit.start - 40), hit.start
            ):
                return True  # "for bookings ring 0116 496 0999": an organisation's landline
        return False
