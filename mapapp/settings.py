"""Configuration as data: every setting the app reads, with its default and what it does.

The README's settings table is checked against this one by `tests/test_docs.py`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.name, self.default)


SETTINGS = (
    Setting("MAPAPP_DATA", "geodata/", "the data directory the app reads (the CLI takes --data)"),
    Setting("MAPAPP_OFFLINE", "0", "1: draw no map tiles, only the offline base layer of Chile's communes"),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}


def offline() -> bool:
    """Return whether the map must work without tiles from the start."""
    return BY_NAME["MAPAPP_OFFLINE"].value().strip().lower() in {"1", "true", "yes", "on"}
