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
    Setting("MAPAPP_METRICS", "0", "1: answer Streamlit's `/_stcore/metrics` (closed by default: it is public)"),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}


def _on(name: str) -> bool:
    return BY_NAME[name].value().strip().lower() in {"1", "true", "yes", "on"}


def offline() -> bool:
    """Return whether the map must work without tiles from the start."""
    return _on("MAPAPP_OFFLINE")


def metrics() -> bool:
    """Return whether the server answers Streamlit's metrics endpoint."""
    return _on("MAPAPP_METRICS")
