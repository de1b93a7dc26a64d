"""Signed one-time links: valid, reused, expired, tampered; acting through them."""

from __future__ import annotations

import dataclasses

import pytest

from quarantine.actions import BadRequest, InvalidTransition, PermissionDenied
from quarantine.links import (
    LINK_PATH,
    LinkError,
    LinkExpired,
    LinkInvalid,
    LinkUsed,
    check_link,
    make_link,
    make_token,
    redeem_link,
    use_link,
)
from quarantine.models import Item
from quarantine.store import Store
from tests.quarantine.conftest import YEAR4, YEAR6, Clock, Put


def _quarantined(put: Put) -> str:
    return put(mail_from="oliver.nowak@rbps.example", rcpt=["info@museum.example"])


def _state(store: Store, item_id: str) -> str:
    with store.read() as s:
        item = s.get(Item, item_id)
        assert item is not None
        return item.state


def test_link_url_and_claim(store: Store, put: Put) -> None:
    item_id = _quarantined(put)
    url = make_link(store, "release", item_id, YEAR6)
    assert url.startswith("https://gateway.rbps.example" + LINK_PATH)
    token = url.rpartition("/")[2]
    claim = check_link(store, token)
    assert (claim.action, claim.item_id, claim.staff) == ("release", item_id, YEAR6)
    assert check_link(store, token) == claim  # checking does not use it up
    assert make_token(store, "release", item_id, YEAR6) != token  # every link is unique


def test_valid_link_acts_once_and_a_second_click_is_harmless(store: Store, put: Put) -> None:
    item_id = _quarantined(put)
    token = make_token(store, "release", item_id, YEAR6)
    outcome = use_link(store, token, remote="198.51.100.4")
    assert outcome.state.value == "released"  # type: ignore[attr-defined]
    with pytest.raises(LinkUsed):
        use_link(store, token)
    with pytest.raises(LinkUsed):
        redeem_link(store, token)
    assert _state(store, item_id) == "released"


def test_a_link_for_an_item_decided_meanwhile_changes_nothing(store: Store, put: Put) -> None:
    item_id = _quarantined(put)
    release = make_token(store, "release", item_id, YEAR6)
    back = make_token(store, "return", item_id, YEAR6)
    use_link(store, back, comment="no thanks")
    with pytest.raises(InvalidTransition):
        use_link(store, release)
    assert _state(store, item_id) == "returned"


def test_expired_link(store: Store, put: Put, clock: Clock) -> None:
    item_id = _quarantined(put)
    token = make_token(store, "release", item_id, YEAR6)
    clock.advance(72 * 3600 + 5)
    with pytest.raises(LinkExpired):
        check_link(store, token)
    with pytest.raises(LinkExpired):
        use_link(store, token)
    assert _state(store, item_id) == "quarantined"


@pytest.mark.parametrize("how", ["payload", "signature", "truncated", "garbage"])
def test_tampered_link(store: Store, put: Put, how: str) -> None:
    import base64
    import json

    item_id = _quarantined(put)
    token = make_token(store, "release", item_id, YEAR6)
    rest = token.split(".")[-2:]  # timestamp and signature (the payload may be compressed: ".xyz")
    if how == "payload":  # another staff member inside, the old timestamp and signature
        data = {"a": "release", "i": item_id, "s": YEAR4, "n": "0"}
        payload = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).rstrip(b"=").decode()
        bad = ".".join([payload, *rest])
    elif how == "signature":
        bad = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif how == "truncated":
        bad = token[: len(token) // 2]
    else:
        bad = "not-a-token"
    with pytest.raises(LinkInvalid):
        use_link(store, bad)
    assert _state(store, item_id) == "quarantined"


def test_a_link_signed_with_another_key_is_invalid(store: Store, put: Put) -> None:
    item_id = _quarantined(put)
    token = make_token(store, "release", item_id, YEAR6)
    store.config = dataclasses.replace(store.config, web=dataclasses.replace(store.config.web, secret_key="other"))
    with pytest.raises(LinkInvalid):
        check_link(store, token)


def test_links_keep_the_permission_rules(store: Store, put: Put) -> None:
    item_id = _quarantined(put)  # oliver: year6 only
    token = make_token(store, "release", item_id, YEAR4)  # a link made for the wrong teacher
    with pytest.raises(PermissionDenied):
        use_link(store, token)
    assert _state(store, item_id) == "quarantined"


def test_return_link_needs_a_comment_and_is_not_used_up_without_one(store: Store, put: Put) -> None:
    item_id = _quarantined(put)
    token = make_token(store, "return", item_id, YEAR6)
    with pytest.raises(BadRequest):
        use_link(store, token)
    use_link(store, token, comment="Please use the class address")
    assert _state(store, item_id) == "returned"


def test_no_secret_no_links(store: Store, put: Put) -> None:
    item_id = _quarantined(put)
    store.config = dataclasses.replace(store.config, web=dataclasses.replace(store.config.web, secret_key=""))
    with pytest.raises(LinkError, match="secret_key"):
        make_link(store, "release", item_id, YEAR6)
    with pytest.raises(ValueError):
        store.config = dataclasses.replace(store.config, web=dataclasses.replace(store.config.web, secret_key="k"))
        make_token(store, "delete", item_id, YEAR6)
