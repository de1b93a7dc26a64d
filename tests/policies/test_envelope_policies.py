"""approved-account, group-address-required, external-authorisation, staff-pupil-contact."""

from __future__ import annotations

from collections.abc import Callable

from policies.types import Action
from policies.verdict import Verdict


def policies(v: Verdict) -> set[str]:
    return set(v.policies)


# -- approved-account ---------------------------------------------------------

def test_unknown_local_sender_is_rejected(judge: Callable[..., Verdict]) -> None:
    v = judge(sender="amelia.c@rbps.example", to="isla.mensah@rbps.example")
    assert v.action is Action.REJECT and policies(v) == {"approved-account"}


def test_unknown_local_recipient_is_rejected_for_that_recipient_only(judge: Callable[..., Verdict]) -> None:
    v = judge(sender="amelia.clarke@rbps.example", to=["isla.mensah@rbps.example", "isla.m@rbps.example"])
    assert v.recipients == {"isla.mensah@rbps.example": Action.DELIVER, "isla.m@rbps.example": Action.REJECT}


def test_from_header_of_another_account_is_rejected(judge: Callable[..., Verdict]) -> None:
    v = judge(sender="isla.mensah@rbps.example", to="amelia.clarke@rbps.example", mail_from="oliver.nowak@rbps.example")
    assert v.action is Action.REJECT and policies(v) == {"approved-account"}


def test_letter_case_and_plus_tags_are_the_same_account(judge: Callable[..., Verdict]) -> None:
    v = judge(sender="Amelia.Clarke@RBPS.example", to="j.okafor+maths@rbps.example", mail_from="amelia.clarke+x@rbps.example")
    assert v.action is Action.DELIVER, v.to_json()


def test_external_from_header_on_local_sender_is_not_approved_account(judge: Callable[..., Verdict]) -> None:
    # A staff member's mail client may show an outside From: (e.g. a mailing list); only local From: matter.
    v = judge(sender="news@charity.example", to="j.okafor@rbps.example", mail_from="j.okafor@rbps.example")
    assert "approved-account" not in policies(v)


# -- group-address-required ------------------------------------------------------

def test_pupil_own_account_writing_outside_is_quarantined_for_the_outside_copy(judge: Callable[..., Verdict]) -> None:
    v = judge(sender="oliver.nowak@rbps.example", to=["club@football.example", "j.okafor@rbps.example"], body="Can I join?")
    assert v.recipients["club@football.example"] is Action.QUARANTINE
    assert v.recipients["j.okafor@rbps.example"] is Action.DELIVER
    assert policies(v) == {"group-address-required"}


def test_outsider_writing_to_pupil_own_account(judge: Callable[..., Verdict]) -> None:
    v = judge(sender="info@museum.example", to=["grace.obi@rbps.example", "year4@rbps.example"], body="Thank you for visiting")
    assert v.recipients == {"grace.obi@rbps.example": Action.QUARANTINE, "year4@rbps.example": Action.DELIVER}


def test_group_address_writing_outside_is_not_group_address_required(judge: Callable[..., Verdict]) -> None:
    v = judge(sender="year4@rbps.example", to="books@leicester-libraries.example", body="Please send the book box")
    assert v.action is Action.DELIVER


# -- external-authorisation -------------------------------------------------------

def test_group_to_external_is_held(judge: Callable[..., Verdict]) -> None:
    v = judge(sender="eco-council@rbps.example", to="parks@city.example", body="Please plant more trees")
    assert v.action is Action.HOLD and policies(v) == {"external-authorisation"}


def test_pre_authorised_domain_and_its_subdomains_are_not_held(judge: Callable[..., Verdict]) -> None:
    assert judge(sender="year4@rbps.example", to="a@leicester-libraries.example").action is Action.DELIVER
    assert judge(sender="year4@rbps.example", to="a@branch.leicester-libraries.example").action is Action.DELIVER
    # A look-alike domain is not pre-authorised.
    assert judge(sender="year4@rbps.example", to="a@evil-leicester-libraries.example").action is Action.HOLD


def test_staff_to_external_is_not_held(judge: Callable[..., Verdict]) -> None:
    assert judge(sender="h.patel@rbps.example", to="bookings@museum.example").action is Action.DELIVER


# -- staff-pupil-contact ----------------------------------------------------------

def test_staff_without_approval_writing_to_pupil(judge: Callable[..., Verdict]) -> None:
    v = judge(sender="d.evans@rbps.example", to=["poppy.taylor@rbps.example", "s.wright@rbps.example"], body="Your laptop is fixed")
    assert v.recipients == {"poppy.taylor@rbps.example": Action.QUARANTINE, "s.wright@rbps.example": Action.DELIVER}
    assert policies(v) == {"staff-pupil-contact"}


def test_staff_without_approval_writing_to_a_group_is_fine(judge: Callable[..., Verdict]) -> None:
    assert "staff-pupil-contact" not in policies(judge(sender="office@rbps.example", to="year4@rbps.example", body="Trip letters due"))


def test_approved_teacher_writing_to_pupil(judge: Callable[..., Verdict]) -> None:
    assert judge(sender="s.wright@rbps.example", to="poppy.taylor@rbps.example", body="Well done!").action is Action.DELIVER
