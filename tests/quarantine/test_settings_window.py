"""The chain memory's window is the chain-message policy's setting: one key, no disagreement."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

from gateway.config import Config
from quarantine.settings import QuarantineSettings


def test_chain_window_comes_from_the_policy_setting(config: Config) -> None:
    assert QuarantineSettings.from_config(config).chain_window_hours == 24.0
    cfg = dataclasses.replace(
        config, policies=MappingProxyType({"chain-message": MappingProxyType({"window_hours": 6})})
    )
    assert QuarantineSettings.from_config(cfg).chain_window_hours == 6.0
