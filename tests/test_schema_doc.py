"""geodata/README.md documents exactly the fields the validator knows, with the same 'required'."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mapapp.model import CATEGORIES, REGIONS
from mapapp.schema import FIELDS, FOLDERS

README = (Path(__file__).resolve().parent.parent / "geodata" / "README.md").read_text(encoding="utf-8")
TABLE_KINDS = ["Source", "Site", "Location", "Period", "Today", "Fact", "Testimony", "Event", "Route"]


def documented_table(kind: str) -> dict[str, bool]:
    """Return {field: required} from the table under the heading '## Kind' or '### Kind'."""
    section = re.split(rf"^#{{2,3}} {kind}\b.*$", README, flags=re.M)[1]
    section = re.split(r"^#{2,3} ", section, flags=re.M)[0]
    rows = re.findall(r"^\| `([a-z_]+)` \|[^|]*\| (yes|no) \|", section, flags=re.M)
    return {name: flag == "yes" for name, flag in rows}


@pytest.mark.parametrize("kind", TABLE_KINDS)
def test_table_matches_schema(kind):
    assert documented_table(kind) == FIELDS[kind]


@pytest.mark.parametrize("kind", ["Value", "Witness", "Place", "Stop", "Citation"])
def test_inline_kinds_name_every_field(kind):
    for name in FIELDS[kind]:
        assert f'"{name}"' in README, f"{kind}.{name} is not described in geodata/README.md"


def test_folders_regions_and_categories_are_documented():
    for folder in FOLDERS:
        assert f"`{folder}/`" in README
    for region in REGIONS:
        assert f"`{region}`" in README
    assert f"one of {', '.join(f'`{c}`' for c in CATEGORIES)}" in README
