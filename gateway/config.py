"""Load ``gateway.toml`` and its directory file into frozen, typed records.

Every problem is reported at load time as a ``ConfigError`` naming the file,
the entry and what is wrong; nothing half-valid is ever returned.
"""

from __future__ import annotations

import ipaddress
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from email_validator import EmailNotValidError, validate_email

from gateway.directory import Directory, Group, Pupil, Role, Staff, normalise_address

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class ConfigError(Exception):
    """A configuration or directory file that cannot be used, with where and why."""

    def __init__(self, file: Path | str, entry: str, problem: str) -> None:
        self.file = str(file)
        self.entry = entry
        self.problem = problem
        super().__init__(f"{self.file}: {entry}: {problem}")


@dataclass(frozen=True, slots=True)
class HostPort:
    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class SchoolConfig:
    name: str
    domains: tuple[str, ...]
    phone: tuple[str, ...] = ()
    address: str = ""


@dataclass(frozen=True, slots=True)
class RelayConfig:
    listen: HostPort = HostPort("127.0.0.1", 10025)
    next_hop: HostPort = HostPort("127.0.0.1", 10026)
    trusted_networks: tuple[IPNetwork, ...] = (
        ipaddress.ip_network("127.0.0.0/8"),
        ipaddress.ip_network("::1/128"),
    )
    max_message_size: int = 26214400
    max_recipients: int = 100
    max_connections: int = 100
    max_received_headers: int = 30
    max_line_length: int = 998
    command_timeout: float = 300.0
    session_deadline: float = 1800.0
    relay_timeout: float = 60.0
    hostname: str = ""
    workers: int = 1  # processes sharing the port (SO_REUSEPORT); ``gateway serve --workers`` overrides it

    def is_trusted(self, ip: str | None) -> bool:
        if ip is None:
            return True
        try:
            addr = ipaddress.ip_address(ip)
        except ValueError:
            return False
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
            addr = addr.ipv4_mapped
        return any(addr in net for net in self.trusted_networks)


@dataclass(frozen=True, slots=True)
class StoreConfig:
    url: str = "sqlite:///gateway.db"
    encryption_key: str = ""


@dataclass(frozen=True, slots=True)
class DkimConfig:
    selector: str = ""
    domain: str = ""
    private_key: Path | None = None

    @property
    def enabled(self) -> bool:
        return self.private_key is not None


@dataclass(frozen=True, slots=True)
class WebConfig:
    listen: HostPort = HostPort("127.0.0.1", 8025)
    base_url: str = "http://127.0.0.1:8025"
    secret_key: str = ""
    session_idle_minutes: int = 30


@dataclass(frozen=True, slots=True)
class Config:
    path: Path
    school: SchoolConfig
    directory: Directory
    relay: RelayConfig = field(default_factory=RelayConfig)
    store: StoreConfig = field(default_factory=StoreConfig)
    dkim: DkimConfig = field(default_factory=DkimConfig)
    web: WebConfig = field(default_factory=WebConfig)
    # The raw ``[policies.ID]`` tables; the engine checks them against its registry.
    policies: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Every top-level table, for subsystems that read sections of their own
    # (``[quarantine]``, ``[notifications]``, ...).
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def section(self, name: str) -> Mapping[str, Any]:
        return self.sections.get(name, MappingProxyType({}))

    def policy_settings(self, policy_id: str) -> Mapping[str, Any]:
        return self.policies.get(policy_id, MappingProxyType({}))

    def resolve_path(self, value: str | Path) -> Path:
        """A path from the config file, relative to the file's own folder."""
        p = Path(value)
        return p if p.is_absolute() else (self.path.parent / p)


# -- helpers ----------------------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(path, "file", "not found") from None
    except IsADirectoryError:
        raise ConfigError(path, "file", "is a directory, not a TOML file") from None
    except PermissionError:
        raise ConfigError(path, "file", "cannot be read (permission denied)") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(path, "syntax", str(e)) from None
    except UnicodeDecodeError:
        raise ConfigError(path, "syntax", "not UTF-8 text") from None


class _Table:
    """Typed access to one TOML table, with errors that name file and entry."""

    def __init__(self, file: Path, entry: str, data: object, known: set[str] | None = None) -> None:
        if not isinstance(data, dict):
            raise ConfigError(file, entry, f"must be a table, not {type(data).__name__}")
        self.file, self.entry, self.data = file, entry, data
        if known is not None:
            unknown = sorted(set(data) - known)
            if unknown:
                raise ConfigError(file, entry, f"unknown key {unknown[0]!r}")

    def fail(self, problem: str) -> ConfigError:
        return ConfigError(self.file, self.entry, problem)

    def _get(self, key: str, types: tuple[type, ...], what: str, default: Any) -> Any:
        if key not in self.data:
            if default is _REQUIRED:
                raise self.fail(f"missing required key {key!r}")
            return default
        value = self.data[key]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise self.fail(f"{key!r} must be {what}, not {value!r}")
        return value

    def text(self, key: str, default: Any = None) -> str:
        return str(self._get(key, (str,), "a string", default))

    def integer(self, key: str, default: Any = None, minimum: int = 0) -> int:
        v = int(self._get(key, (int,), "an integer", default))
        if v < minimum:
            raise self.fail(f"{key!r} must be at least {minimum}, not {v}")
        return v

    def number(self, key: str, default: Any = None) -> float:
        v = float(self._get(key, (int, float), "a number", default))
        if v <= 0:
            raise self.fail(f"{key!r} must be positive, not {v}")
        return v

    def flag(self, key: str, default: Any = None) -> bool:
        return bool(self._get(key, (bool,), "true or false", default))

    def strings(self, key: str, default: Any = None) -> tuple[str, ...]:
        value = self._get(key, (list,), "a list of strings", default)
        if not all(isinstance(v, str) for v in value):
            raise self.fail(f"{key!r} must be a list of strings")
        return tuple(value)

    def string_or_strings(self, key: str, default: Any = None) -> tuple[str, ...]:
        value = self._get(key, (list, str), "a string or a list of strings", default)
        if isinstance(value, str):
            return (value,)
        if not all(isinstance(v, str) for v in value):
            raise self.fail(f"{key!r} must be a list of strings")
        return tuple(value)


_REQUIRED = object()


def _host_port(t: _Table, key: str, default: HostPort) -> HostPort:
    if key not in t.data:
        return default
    text = t.text(key)
    host, sep, port = text.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise t.fail(f"{key!r} must be HOST:PORT, not {text!r}")
    return HostPort(host, int(port))


def check_address(file: Path, entry: str, address: object) -> str:
    if not isinstance(address, str) or not address:
        raise ConfigError(file, entry, f"address must be a non-empty string, not {address!r}")
    try:
        validate_email(address, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as e:
        raise ConfigError(file, entry, f"malformed address {address!r}: {e}") from None
    return address


def _domain(file: Path, entry: str, value: str) -> str:
    try:
        validate_email(f"postmaster@{value}", check_deliverability=False)
    except EmailNotValidError as e:
        raise ConfigError(file, entry, f"malformed domain {value!r}: {e}") from None
    return value.lower()


# -- the directory -----------------------------------------------------------


def load_directory(path: Path, domains: tuple[str, ...]) -> Directory:
    data = _read_toml(path)
    _Table(path, "directory", data, {"staff", "group", "pupil"})
    seen: dict[str, str] = {}
    local_domains = {d.lower() for d in domains}

    def entries(kind: str) -> list[tuple[str, _Table]]:
        raw = data.get(kind, [])
        if not isinstance(raw, list):
            raise ConfigError(path, kind, f"must be an array of tables ([[{kind}]])")
        out = []
        for i, item in enumerate(raw, start=1):
            label = f"{kind} #{i}"
            if isinstance(item, dict) and isinstance(item.get("address"), str):
                label = f"{kind} {item['address']!r}"
            out.append((label, item))
        return [(label, _Table(path, label, item, None)) for label, item in out]

    def claim(label: str, t: _Table) -> str:
        address = check_address(path, label, t.data.get("address"))
        key = normalise_address(address)
        if "+" in address.partition("@")[0]:
            raise t.fail(f"address {address!r} must not contain a +tag")
        if key.rpartition("@")[2] not in local_domains:
            raise t.fail(f"address {address!r} is not in the school's domains {sorted(local_domains)}")
        if key in seen:
            raise t.fail(f"duplicate address {address!r} (already used by {seen[key]})")
        seen[key] = label
        return address

    staff: list[Staff] = []
    for label, t in entries("staff"):
        _Table(path, label, t.data, {"address", "name", "roles", "may_email_pupils"})
        address = claim(label, t)
        roles: set[Role] = set()
        for r in t.strings("roles", ()):
            try:
                roles.add(Role(r))
            except ValueError:
                known = ", ".join(x.value for x in Role)
                raise t.fail(f"unknown role {r!r} (known roles: {known})") from None
        if not roles:
            raise t.fail("needs at least one role")
        staff.append(Staff(address, t.text("name", ""), frozenset(roles), t.flag("may_email_pupils", False)))
    staff_keys = {normalise_address(s.address) for s in staff}
    teacher_keys = {normalise_address(s.address) for s in staff if Role.TEACHER in s.roles}

    groups: list[Group] = []
    for label, t in entries("group"):
        _Table(path, label, t.data, {"address", "name", "teachers"})
        address = claim(label, t)
        teachers = t.strings("teachers", _REQUIRED)
        if not teachers:
            raise t.fail("needs at least one teacher")
        for teacher in teachers:
            key = normalise_address(teacher)
            if key not in staff_keys:
                raise t.fail(f"teacher {teacher!r} is not a staff member in the directory")
            if key not in teacher_keys:
                raise t.fail(f"{teacher!r} does not have the 'teacher' role")
        groups.append(Group(address, t.text("name", ""), teachers))
    group_keys = {normalise_address(g.address) for g in groups}

    pupils: list[Pupil] = []
    for label, t in entries("pupil"):
        _Table(path, label, t.data, {"address", "name", "groups"})
        address = claim(label, t)
        name = t.text("name", _REQUIRED)
        if not name.strip():
            raise t.fail("needs a name")
        member_of = t.strings("groups", _REQUIRED)
        if not member_of:
            raise t.fail("must belong to at least one group")
        for g in member_of:
            if normalise_address(g) not in group_keys:
                raise t.fail(f"group {g!r} does not exist in the directory")
        pupils.append(Pupil(address, name, member_of))

    return Directory(domains, staff, groups, pupils)


# -- gateway.toml ------------------------------------------------------------

_TOP_LEVEL = {
    "school", "directory", "relay", "store", "policies", "dkim", "web",
    "quarantine", "notifications", "retention",
}  # fmt: skip


def load_config(path: str | Path) -> Config:
    path = Path(path).resolve()
    data = _read_toml(path)
    _Table(path, "gateway.toml", data, _TOP_LEVEL)

    s = _Table(path, "[school]", data.get("school", None) or {}, {"name", "domains", "phone", "address"})
    if "school" not in data:
        raise ConfigError(path, "[school]", "missing section")
    domains = tuple(_domain(path, "[school] domains", d) for d in s.strings("domains", _REQUIRED))
    if not domains:
        raise s.fail("'domains' must name at least one domain")
    school = SchoolConfig(s.text("name", ""), domains, s.string_or_strings("phone", ()), s.text("address", ""))

    d = _Table(path, "[directory]", data.get("directory", {}), {"file"})
    dir_path = Path(d.text("file", _REQUIRED))
    if not dir_path.is_absolute():
        dir_path = path.parent / dir_path
    directory = load_directory(dir_path, domains)

    r = _Table(path, "[relay]", data.get("relay", {}), set(RelayConfig.__slots__))
    defaults = RelayConfig()
    nets: list[IPNetwork] = []
    for n in r.strings("trusted_networks", ()) if "trusted_networks" in r.data else ():
        try:
            nets.append(ipaddress.ip_network(n, strict=False))
        except ValueError:
            raise r.fail(f"bad network {n!r} in 'trusted_networks'") from None
    relay = RelayConfig(
        listen=_host_port(r, "listen", defaults.listen),
        next_hop=_host_port(r, "next_hop", defaults.next_hop),
        trusted_networks=tuple(nets) if "trusted_networks" in r.data else defaults.trusted_networks,
        max_message_size=r.integer("max_message_size", defaults.max_message_size, 1),
        max_recipients=r.integer("max_recipients", defaults.max_recipients, 1),
        max_connections=r.integer("max_connections", defaults.max_connections, 1),
        max_received_headers=r.integer("max_received_headers", defaults.max_received_headers, 1),
        max_line_length=r.integer("max_line_length", defaults.max_line_length, 78),
        command_timeout=r.number("command_timeout", defaults.command_timeout),
        session_deadline=r.number("session_deadline", defaults.session_deadline),
        relay_timeout=r.number("relay_timeout", defaults.relay_timeout),
        hostname=r.text("hostname", ""),
        workers=r.integer("workers", defaults.workers, 1),
    )

    st = _Table(path, "[store]", data.get("store", {}), {"url", "encryption_key"})
    store = StoreConfig(st.text("url", StoreConfig().url), st.text("encryption_key", ""))
    if "://" not in store.url:
        raise st.fail(f"'url' must be a database URL such as sqlite:///gateway.db, not {store.url!r}")

    k = _Table(path, "[dkim]", data.get("dkim", {}), {"selector", "domain", "private_key"})
    dkim = DkimConfig()
    if k.data:
        key_path = Path(k.text("private_key", _REQUIRED))
        dkim = DkimConfig(
            k.text("selector", _REQUIRED),
            _domain(path, "[dkim] domain", k.text("domain", domains[0])),
            key_path if key_path.is_absolute() else path.parent / key_path,
        )

    w = _Table(path, "[web]", data.get("web", {}), {"listen", "base_url", "secret_key", "session_idle_minutes"})
    wd = WebConfig()
    listen = _host_port(w, "listen", wd.listen)
    web = WebConfig(
        listen,
        w.text("base_url", f"http://{listen}"),
        w.text("secret_key", ""),
        w.integer("session_idle_minutes", wd.session_idle_minutes, 1),
    )

    pol = data.get("policies", {})
    if not isinstance(pol, dict):
        raise ConfigError(path, "[policies]", "must be a table of [policies.ID] tables")
    policies: dict[str, Mapping[str, Any]] = {}
    for pid, table in pol.items():
        if not isinstance(table, dict):
            raise ConfigError(path, f"[policies.{pid}]", "must be a table")
        policies[pid] = MappingProxyType(dict(table))

    sections = {k: MappingProxyType(dict(v)) for k, v in data.items() if isinstance(v, dict)}
    return Config(
        path=path,
        school=school,
        directory=directory,
        relay=relay,
        store=store,
        dkim=dkim,
        web=web,
        policies=MappingProxyType(policies),
        sections=MappingProxyType(sections),
    )
