"""Imports every policy module, in the order their findings are listed."""
# ruff: noqa: I001 - the order here is the order findings are listed in

from policies import (  # noqa: F401
    approved_account,
    spoofed_sender,
    blocked_attachment,
    unscannable_content,
    group_address_required,
    staff_pupil_contact,
    external_authorisation,
    personal_details,
    meeting_arrangement,
    chain_message,
    offensive_content,
    safeguarding,
)
