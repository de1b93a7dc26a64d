"""Who is who (POLICY.md section 1): staff, groups and pupils, and address lookup."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


class AccountKind(enum.StrEnum):
    PUPIL = "pupil"
    GROUP = "group"
    STAFF = "staff"
    UNKNOWN_LOCAL = "unknown-local"
    EXTERNAL = "external"


class Role(enum.StrEnum):
    TEACHER = "teacher"
    SAFEGUARDING_LEAD = "safeguarding-lead"
    HEADTEACHER = "headteacher"
    ADMIN = "admin"
    OFFICE = "office"


@dataclass(frozen=True, slots=True)
class Staff:
    address: str
    name: str
    roles: frozenset[Role]
    may_email_pupils: bool


@dataclass(frozen=True, slots=True)
class Group:
    address: str
    name: str
    teachers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Pupil:
    address: str
    name: str
    groups: tuple[str, ...]


Entry = Staff | Group | Pupil


def normalise_address(address: str) -> str:
    """Lower-case, drop angle brackets and a ``+tag``: the key an account is found by."""
    addr = address.strip().strip("<>").strip()
    local, at, domain = addr.rpartition("@")
    if not at:
        return addr.lower()
    local = local.split("+", 1)[0] if "+" in local else local
    return f"{local.lower()}@{domain.lower()}"


def domain_of(address: str) -> str:
    return address.strip().strip("<>").rpartition("@")[2].lower()


@dataclass(frozen=True, slots=True)
class Account:
    """An address as seen in one message, resolved against the directory.

    ``given`` is the address exactly as it appeared; ``address`` is the
    directory's spelling (or the normalised form for addresses not in it).
    """

    given: str
    address: str
    kind: AccountKind
    entry: Entry | None = None

    @property
    def is_pupil(self) -> bool:
        return self.kind is AccountKind.PUPIL

    @property
    def is_group(self) -> bool:
        return self.kind is AccountKind.GROUP

    @property
    def is_pupil_or_group(self) -> bool:
        return self.kind in (AccountKind.PUPIL, AccountKind.GROUP)

    @property
    def is_staff(self) -> bool:
        return self.kind is AccountKind.STAFF

    @property
    def is_local(self) -> bool:
        return self.kind is not AccountKind.EXTERNAL

    @property
    def is_external(self) -> bool:
        return self.kind is AccountKind.EXTERNAL


class Directory:
    """The school's accounts, looked up case-insensitively and without ``+tags``."""

    def __init__(
        self,
        domains: Iterable[str],
        staff: Iterable[Staff] = (),
        groups: Iterable[Group] = (),
        pupils: Iterable[Pupil] = (),
    ) -> None:
        self.domains: frozenset[str] = frozenset(d.lower() for d in domains)
        self.staff: tuple[Staff, ...] = tuple(staff)
        self.groups: tuple[Group, ...] = tuple(groups)
        self.pupils: tuple[Pupil, ...] = tuple(pupils)
        entries: dict[str, Entry] = {}
        everyone: tuple[Entry, ...] = (*self.staff, *self.groups, *self.pupils)
        for e in everyone:
            entries[normalise_address(e.address)] = e
        self._entries: Mapping[str, Entry] = entries
        self._groups_by_addr = {normalise_address(g.address): g for g in self.groups}

    def is_local_domain(self, address: str) -> bool:
        return domain_of(address) in self.domains

    def lookup(self, address: str) -> Entry | None:
        return self._entries.get(normalise_address(address))

    def resolve(self, address: str) -> Account:
        key = normalise_address(address)
        entry = self._entries.get(key)
        if entry is not None:
            kind = {Staff: AccountKind.STAFF, Group: AccountKind.GROUP, Pupil: AccountKind.PUPIL}[
                type(entry)
            ]
            return Account(address, entry.address, kind, entry)
        if self.is_local_domain(address):
            return Account(address, key, AccountKind.UNKNOWN_LOCAL)
        return Account(address, key, AccountKind.EXTERNAL)

    def group(self, address: str) -> Group | None:
        return self._groups_by_addr.get(normalise_address(address))

    def staff_member(self, address: str) -> Staff | None:
        e = self.lookup(address)
        return e if isinstance(e, Staff) else None

    def teachers_for(self, accounts: Iterable[Account]) -> tuple[str, ...]:
        """The teachers of the groups of the pupils and groups involved, in directory order."""
        group_addrs: list[str] = []
        for acc in accounts:
            if isinstance(acc.entry, Pupil):
                group_addrs.extend(acc.entry.groups)
            elif isinstance(acc.entry, Group):
                group_addrs.append(acc.entry.address)
        teachers: dict[str, None] = {}
        for g in group_addrs:
            grp = self.group(g)
            if grp is not None:
                teachers.update(dict.fromkeys(grp.teachers))
        return tuple(teachers)

    def staff_with_role(self, role: Role) -> tuple[Staff, ...]:
        return tuple(s for s in self.staff if role in s.roles)

    def pupils_of_group(self, address: str) -> tuple[Pupil, ...]:
        key = normalise_address(address)
        return tuple(p for p in self.pupils if key in {normalise_address(g) for g in p.groups})
