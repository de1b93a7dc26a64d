"""spoofed-sender: mail claiming to be from the school must come from the school.

Applies to every message handed over by a client outside the trusted networks
(``ctx.trusted_client`` is false). It reports:

- an envelope sender in one of the school's domains (an approved account or not);
- a ``From:`` address in one of the school's domains;
- a DKIM signature made for one of the school's domains (``d=`` the domain or a
  sub-domain of it) that does not verify: a bad signature, a changed message, a
  key that cannot be found or does not match.

Strict on purpose, as POLICY.md says: a school sender or ``From:`` arriving from
an untrusted network is spoofing, even when it carries a valid school DKIM
signature (a message replayed through a mailing list or a compromised relay
would too). Mail from the trusted networks needs no DKIM signature and is not
checked here at all.

The DKIM key look-up is ``ctx.services.dns_txt`` when given (tests inject one),
else ``policies._dns.dns_txt`` (dnspython, 2 s timeout, small TTL cache). The
relay calls ``dkim_key_names`` first and resolves those names asynchronously,
so that the look-up here finds them cached. The relay's look-up raises
``TemporaryCheckError`` for a key it cannot fetch just now (a timeout, failing
servers): the message is then neither passed nor refused but offered again
later (451). ``gateway check``'s own look-up counts such a key as missing.
"""

from __future__ import annotations

import logging
import re

import dkim

from policies.base import Context, DnsTxt, Policy, TemporaryCheckError, register
from policies.types import Action, Finding

_D_TAG = re.compile(r"(?:^|;)\s*d\s*=\s*([^;\s]+)", re.I)
_S_TAG = re.compile(r"(?:^|;)\s*s\s*=\s*([^;\s]+)", re.I)
_DKIM_FIELD = re.compile(rb"^dkim-signature[ \t]*:(.*(?:\r?\n[ \t].*)*)", re.I | re.M)
_LABEL = re.compile(r"^[a-z0-9_.-]{1,253}$", re.I)
_quiet = logging.getLogger("policies.spoofed_sender.dkim")
_quiet.addHandler(logging.NullHandler())
_quiet.propagate = False


def _school_domain(domain: str, school: tuple[str, ...]) -> bool:
    d = domain.strip().strip(".").lower()
    return any(d == s or d.endswith("." + s) for s in school)


def dkim_key_names(raw: bytes, school_domains: tuple[str, ...], limit: int = 8) -> list[str]:
    """The DNS names of the keys this policy will look up for ``raw``: ``s._domainkey.d`` of each
    DKIM signature made for a school domain, from a scan of the header section (no parse)."""
    end = raw.find(b"\r\n\r\n")
    head = raw if end < 0 else raw[: end + 2]
    school = tuple(d.lower() for d in school_domains)
    names: list[str] = []
    for m in _DKIM_FIELD.finditer(head):
        value = re.sub(r"\r?\n[ \t]", " ", m.group(1).decode("ascii", "replace"))
        d, sel = _D_TAG.search(value), _S_TAG.search(value)
        if d is None or sel is None or not _school_domain(d.group(1), school):
            continue
        name = f"{sel.group(1).strip('.')}._domainkey.{d.group(1).strip('.')}".lower()
        if _LABEL.match(name) and name not in names:
            names.append(name)
            if len(names) >= limit:
                break
    return names


@register
class SpoofedSender(Policy):
    id = "spoofed-sender"
    description = "Mail claiming a school address must come from a trusted network or carry a valid DKIM signature"
    default_action = Action.REJECT

    def applies(self, ctx: Context) -> bool:
        return not ctx.trusted_client

    def check(self, ctx: Context) -> list[Finding]:
        found: list[Finding] = []
        origin = ctx.envelope.client_ip or "an untrusted network"
        if ctx.sender.is_local:
            found.append(
                self.finding(
                    "a school sender address arriving from outside the school's network",
                    f"{ctx.sender.given} from {origin}",
                    "envelope sender",
                )
            )
        for acc in ctx.from_accounts:
            if acc.is_local:
                found.append(
                    self.finding(
                        "From: claims a school address but the message came from outside the school's network",
                        f"{acc.given} from {origin}",
                        "header From",
                    )
                )
                break
        found.extend(self._dkim(ctx))
        return found

    def _dkim(self, ctx: Context) -> list[Finding]:
        signatures = ctx.message.headers_named("DKIM-Signature")
        if not signatures:
            return []
        school = tuple(d.lower() for d in ctx.config.school.domains)
        lookup = ctx.services.dns_txt
        if lookup is None:
            from policies._dns import dns_txt as lookup_default

            lookup = lookup_default
        found: list[Finding] = []
        verifier: dkim.DKIM | None = None
        for idx, value in enumerate(signatures):
            m = _D_TAG.search(value)
            domain = m.group(1) if m else ""
            if not _school_domain(domain, school):
                continue
            if verifier is None:
                verifier = dkim.DKIM(ctx.envelope.raw, logger=_quiet)
            if not _verifies(verifier, idx, lookup):
                found.append(
                    self.finding(
                        "a DKIM signature of the school's domain does not verify",
                        f"d={domain[:100]}",
                        "header DKIM-Signature",
                    )
                )
        return found


def _verifies(verifier: dkim.DKIM, idx: int, lookup: DnsTxt) -> bool:
    def dnsfunc(name: bytes, timeout: float = 5) -> bytes | None:
        return lookup(name if isinstance(name, bytes) else str(name).encode())

    try:
        return bool(verifier.verify(idx=idx, dnsfunc=dnsfunc))
    except TemporaryCheckError:
        raise  # the key could not be fetched just now: neither verified nor failed
    except Exception:  # noqa: BLE001 - a malformed signature or key is a signature that does not verify
        return False
