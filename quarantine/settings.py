"""The quarantine's own configuration sections, read from ``Config.sections``.

The chain memory's window is the chain-message policy's own ``[policies.chain-message]
window_hours``, so the two can never disagree. ``[notifications]`` digest_minutes, from, link_valid_hours;
``[retention]`` expire_days, purge_days; ``[quarantine]`` delivery_attempts,
retry_base_seconds, retry_max_seconds. Every key is optional.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gateway.config import Config, ConfigError
from policies.chain_message import window_seconds


@dataclass(frozen=True, slots=True)
class QuarantineSettings:
    chain_window_hours: float = 24.0
    digest_minutes: float = 15.0
    notice_from: str = ""
    link_valid_hours: float = 72.0
    expire_days: float = 14.0
    purge_days: float = 30.0
    delivery_attempts: int = 8
    retry_base_seconds: float = 60.0
    retry_max_seconds: float = 3600.0

    @classmethod
    def from_config(cls, config: Config) -> QuarantineSettings:
        d = cls()

        def number(section: str, key: str, default: float, minimum: float = 0.0) -> float:
            table: Mapping[str, Any] = config.section(section)
            if key not in table:
                return default
            value = table[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
                raise ConfigError(config.path, f"[{section}] {key}", f"must be a number >= {minimum}, not {value!r}")
            return float(value)

        notice_from = config.section("notifications").get("from", "")
        if not isinstance(notice_from, str):
            raise ConfigError(config.path, "[notifications] from", f"must be an address, not {notice_from!r}")
        return cls(
            chain_window_hours=window_seconds(config) / 3600.0,
            digest_minutes=number("notifications", "digest_minutes", d.digest_minutes),
            notice_from=notice_from or f"quarantine@{config.school.domains[0]}",
            link_valid_hours=number("notifications", "link_valid_hours", d.link_valid_hours, 0.01),
            expire_days=number("retention", "expire_days", d.expire_days, 0.0),
            purge_days=number("retention", "purge_days", d.purge_days, 0.0),
            delivery_attempts=int(number("quarantine", "delivery_attempts", d.delivery_attempts, 1)),
            retry_base_seconds=number("quarantine", "retry_base_seconds", d.retry_base_seconds, 0.0),
            retry_max_seconds=number("quarantine", "retry_max_seconds", d.retry_max_seconds, 0.0),
        )
