"""Signed one-time links for approval by email (release, authorise, return).

A teacher's digest carries links ``<[web] base_url>/links/<token>``. The token is
signed with ``[web] secret_key`` (itsdangerous, HMAC-SHA256), names the action,
the item and the staff member it was made for, and expires after
``[notifications] link_valid_hours`` (default 72).

For the web UI (which serves ``/links/<token>``):
- ``check_link(store, token)`` verifies signature and age without using it up:
  show a confirmation page on GET (mail scanners fetch links), act on POST;
- ``redeem_link(store, token)`` verifies and marks the token used, once: a second
  redemption raises ``LinkUsed`` (so a double click is harmless);
- ``use_link(store, token, remote, comment)`` redeems and performs the action as
  that staff member, through ``quarantine.actions`` (same permissions, audit).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from quarantine import audit
from quarantine.models import LinkUse
from quarantine.store import Store

LINK_PATH = "/links/"
LINK_ACTIONS = frozenset({"release", "authorise", "return"})
_SALT = "school-mail-gateway/quarantine-link"


class LinkError(Exception):
    """A link that cannot be used; ``str(e)`` is a sentence for the teacher."""


class LinkInvalid(LinkError):
    pass


class LinkExpired(LinkError):
    pass


class LinkUsed(LinkError):
    pass


@dataclass(frozen=True, slots=True)
class LinkClaim:
    action: str
    item_id: str
    staff: str
    token_id: str


def _serializer(store: Store) -> URLSafeTimedSerializer:
    secret = store.config.web.secret_key
    if not secret:
        raise LinkError("email links need [web] secret_key in gateway.toml")

    class _Signer(TimestampSigner):
        """Signs and checks ages with the store's clock (so tests can move time)."""

        def get_timestamp(self) -> int:
            return int(store.clock())

    return URLSafeTimedSerializer(secret, salt=_SALT, signer=_Signer)


def make_token(store: Store, action: str, item_id: str, staff: str) -> str:
    if action not in LINK_ACTIONS:
        raise ValueError(f"no email link for {action!r}")
    return str(_serializer(store).dumps({"a": action, "i": item_id, "s": staff, "n": secrets.token_hex(8)}))


def make_link(store: Store, action: str, item_id: str, staff: str) -> str:
    """The full URL of a one-time link for ``staff`` to ``action`` the item."""
    return store.config.web.base_url.rstrip("/") + LINK_PATH + make_token(store, action, item_id, staff)


def check_link(store: Store, token: str) -> LinkClaim:
    """Verify a token (signature, age); does not use it up."""
    max_age = int(store.settings.link_valid_hours * 3600)
    try:
        data = _serializer(store).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkExpired("this link has expired; open the item in the quarantine instead") from None
    except BadSignature:
        raise LinkInvalid("this link is not valid (it may have been changed or cut short)") from None
    if not (isinstance(data, dict) and data.get("a") in LINK_ACTIONS and isinstance(data.get("i"), str)
            and isinstance(data.get("s"), str)):  # fmt: skip
        raise LinkInvalid("this link is not valid")
    token_id = hashlib.sha256(token.encode("utf-8")).hexdigest()[:64]
    return LinkClaim(data["a"], data["i"], data["s"], token_id)


def redeem_link(store: Store, token: str, remote: str = "") -> tuple[str, str, str]:
    """Verify and use up a token: ``(action, item_id, staff)``. A second call raises ``LinkUsed``."""
    claim = check_link(store, token)
    now = store.clock()
    try:
        with store.write() as s:
            if s.get(LinkUse, claim.token_id) is not None:
                raise LinkUsed("this link has already been used")
            s.add(LinkUse(token_id=claim.token_id, used_at=now, outcome=claim.action))
            s.flush()
            audit.append(
                s, at=now, actor=claim.staff, role="email-link", action=f"link-{claim.action}",
                item_id=claim.item_id, remote=remote, outcome="redeemed",
            )  # fmt: skip
    except IntegrityError:
        raise LinkUsed("this link has already been used") from None
    return claim.action, claim.item_id, claim.staff


def use_link(store: Store, token: str, remote: str = "email-link", comment: str = "") -> object:
    """Redeem a link and perform its action as the staff member it was made for (an ``Outcome``)."""
    from quarantine.actions import Actor, BadRequest, Quarantine

    claim = check_link(store, token)
    if claim.action == "return" and not comment.strip():
        raise BadRequest("returning a message needs a comment for the sender")
    action, item_id, staff = redeem_link(store, token, remote)
    q = Quarantine(store)
    actor = Actor.for_staff(store, staff, remote)
    if action == "release":
        return q.release(actor, item_id)
    if action == "authorise":
        return q.authorise(actor, item_id)
    return q.return_to_sender(actor, item_id, comment)
