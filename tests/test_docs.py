"""The README says what the code does: its settings table and its URL parameters."""

from __future__ import annotations

import re
from pathlib import Path

from mapapp.settings import SETTINGS
from mapapp.viewstate import READERS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_settings_table_matches_the_settings():
    rows = re.findall(r"^\| `(MAPAPP_[A-Z_]+)` \| `([^`]*)` \| (.+) \|$", README, flags=re.M)
    assert rows == [(s.name, s.default, s.help) for s in SETTINGS]


def test_every_url_parameter_is_documented():
    documented = set()
    for cell in re.findall(r"^\| (`[a-z]+`(?:, `[a-z]+`)*) \|", README, flags=re.M):
        documented |= set(re.findall(r"`([a-z]+)`", cell))
    assert set(READERS) <= documented, sorted(set(READERS) - documented)


def test_the_readme_shows_the_two_commands_and_a_screenshot():
    assert "make run" in README
    assert "make test" in README
    shot = re.search(r"!\[[^\]]*\]\((docs/[^)]+\.png)\)", README)
    assert shot
    assert (Path(__file__).resolve().parent.parent / shot.group(1)).is_file()
