"""The card: testimony readable at a glance, graphic testimony closed until chosen."""

from __future__ import annotations

import re

import pytest
from sample import account, write_data

from mapapp.cards import card_html
from mapapp.load import load_catalog


@pytest.mark.parametrize(
    ("note", "opened", "line"),
    [
        ("none", True, "survivor, A. Person (given May 1990) · no content note"),
        ("distressing", True, "survivor, A. Person (given May 1990) · distressing content"),
        ("graphic", False, "survivor, A. Person (given May 1990) · graphic content. Open to read"),
    ],
)
def test_each_testimony_line_names_witness_year_and_note(tmp_path, note, opened, line):
    catalog = load_catalog(write_data(tmp_path / "d", accounts=[account(content_note=note)]))
    html = card_html(catalog.sites["site-one"], catalog, "en")
    item = re.search(r"<details class=\"testimony note-(\w+)\"( open)?><summary[^>]*>([^<]*)</summary>", html)
    assert item
    assert item.group(1) == note
    assert bool(item.group(2)) is opened  # only graphic testimony waits to be opened
    assert item.group(3) == line


def test_the_national_stadiums_accounts_are_told_apart_at_a_glance():
    # Regression (issue 16): every item read "Content note: distressing content. Open to read".
    catalog = load_catalog()
    html = card_html(catalog.sites["estadio-nacional"], catalog, "en")
    lines = re.findall(r"<details class=\"testimony[^>]*><summary[^>]*>([^<]*)</summary>", html)
    assert len(lines) == len(catalog.testimony_at("estadio-nacional")) >= 2
    assert len(set(lines)) == len(lines), lines


def test_classroom_mode_leaves_graphic_testimony_out(tmp_path):
    items = [account("t-one", content_note="graphic"), account("t-two", content_note="distressing")]
    catalog = load_catalog(write_data(tmp_path / "d", accounts=items))
    html = card_html(catalog.sites["site-one"], catalog, "en", classroom=True)
    assert "note-graphic" not in html
    assert "note-distressing" in html
    assert "1 testimony item with graphic content hidden in classroom mode." in html
