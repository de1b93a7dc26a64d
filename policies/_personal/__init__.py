"""Detectors for the ``personal-details`` policy.

Each detector takes one text and returns ``Hit`` records (kind, span, evidence,
key). They know nothing about the message: the policy applies the exemptions
(the school's own contact details, an organisation's signature block, quoted
reply headers) and turns the hits into findings, one per distinct detail.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Kind(enum.StrEnum):
    """What was found; the value is the reason a teacher reads."""

    PHONE = "phone number"
    ADDRESS = "home address"
    POSTCODE = "postcode"
    DOB = "date of birth"
    EMAIL = "personal email address"
    HANDLE = "social media handle"
    PASSWORD = "password"
    FULL_NAME = "pupil's full name"


@dataclass(frozen=True, slots=True)
class Hit:
    kind: Kind
    start: int
    end: int
    evidence: str
    # What makes two hits the same detail (normalised number, address, ...).
    key: str
