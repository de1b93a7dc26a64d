"""Sub-commands of this subsystem (placeholder until the subsystem lands)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    """Add this subsystem's commands to the ``gateway`` parser."""
    del sub


__all__ = ["argparse", "register"]
