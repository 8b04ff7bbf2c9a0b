"""Control and bidirectional-control characters never reach a reader; exported cells are never formulas.

Audit: a right-to-left override in a record reversed the card text after it, terminal escape
codes were printed raw, and CSV cells beginning with = + - @ ran as spreadsheet formulas.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest
from sample import write_data

from mapapp import escape
from mapapp.cards import card_html
from mapapp.export import csv_cell, to_csv, to_geojson
from mapapp.filters import Filter, filter_catalog
from mapapp.load import load_catalog
from mapapp.model import Text
from mapapp.standalone import standalone_html
from mapapp.viewstate import ViewState

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
CONTROL = "\x00\x01\x08\x0b\x0c\x0d\x1b\x7f\x85\x9b"
UNSEEN = BIDI + CONTROL

# (hostile text, what a reader must see of it)
HOSTILE = [
    ("Villa \u202eidlamirG\u202c después", "Villa idlamirG después"),  # the audit's case: RLO reverses what follows
    ("Nombre\u2067 aislado\u2069 fin", "Nombre aislado fin"),
    ("\x1b[31mrojo\x1b[0m", "[31mrojo[0m"),
    ("a\x00b\x7fc\x9bd", "abcd"),
    ("línea\r\notra", "línea\notra"),
    ("marca\u200e\u200f\u061c", "marca"),
]


@pytest.mark.parametrize(("hostile", "seen"), HOSTILE)
def test_escape_removes_control_and_bidi_characters(hostile, seen):
    assert escape.plain(hostile) == seen
    assert escape.text(hostile) == seen  # nothing in these needs an HTML reference
    assert escape.link("https://example.org/", hostile).endswith(f">{seen}</a>")


@pytest.mark.parametrize("char", list(UNSEEN))
def test_each_unseen_character_is_removed_from_html_and_escaped_on_a_terminal(char):
    assert char not in escape.text(f"a{char}b")
    shown = escape.terminal(f"a{char}b")
    assert (
        char not in shown
    )
    assert (
        shown == f"a\\{'x' if ord(char) < 256 else 'u'}{ord(char):0{2 if ord(char) < 256 else 4}x}b"
    )


def test_tab_and_newline_stay_in_plain_text():
    assert escape.plain("a\tb\nc") == "a\tb\nc"


@pytest.fixture(scope="module")
def hostile_catalog(tmp_path_factory):
    """The sample catalog with every text of its site made hostile (after loading: the renderer trusts nothing)."""
    catalog = load_catalog(write_data(tmp_path_factory.mktemp("d") / "d"))
    assert catalog.rejections == ()
    text = " ".join(hostile for hostile, _ in HOSTILE)
    site = dataclasses.replace(
        catalog.sites["site-one"],
        name=Text(es='=HYPERLINK("http://x")' + text, en="-2+3" + text),
        address="@SUM(A1)" + text,
        commune="+cmd" + text,
        summary=Text(es="\tTAB" + text, en="\rCR" + text),
    )
    return dataclasses.replace(catalog, sites={"site-one": site})


def _assert_clean(output: str) -> None:
    found = sorted({f"U+{ord(char):04X}" for char in output if char in UNSEEN})
    assert not found, found


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_card_shows_hostile_text_without_its_hidden_characters(hostile_catalog, lang):
    card = card_html(hostile_catalog.sites["site-one"], hostile_catalog, lang)
    _assert_clean(card)
    assert "Villa idlamirG después" in card


def test_the_geojson_export_holds_no_hidden_characters_and_keeps_numbers(hostile_catalog):
    selection = filter_catalog(hostile_catalog, Filter())
    text = to_geojson(selection, hostile_catalog, Filter())
    _assert_clean(json.loads(text).__repr__() + text)
    feature = json.loads(text)["features"][0]
    assert feature["geometry"]["coordinates"] == [-70.61, -33.46]
    assert feature["properties"]["address"].startswith("@SUM(A1)Villa idlamirG")


# (column, how the cell must begin: a quote before what a spreadsheet would run)
FORMULA_CELLS = [
    ("name_es", "'=HYPERLINK"),
    ("name_en", "'-2+3"),
    ("address", "'@SUM(A1)"),
    ("commune", "'+cmd"),
    ("summary_es", "'\tTAB"),
]


@pytest.mark.parametrize(("column", "starts"), FORMULA_CELLS)
def test_csv_text_cells_that_look_like_formulas_are_quoted(hostile_catalog, column, starts):
    rows = list(csv.DictReader(io.StringIO(to_csv(filter_catalog(hostile_catalog, Filter()), hostile_catalog))))
    assert rows[0][column].startswith(starts), rows[0][column]
    _assert_clean("".join(rows[0].values()))


def test_csv_coordinates_stay_negative_numbers(hostile_catalog):
    rows = list(csv.DictReader(io.StringIO(to_csv(filter_catalog(hostile_catalog, Filter()), hostile_catalog))))
    assert (float(rows[0]["latitude"]), float(rows[0]["longitude"])) == (-33.46, -70.61)
    assert rows[0]["latitude"] == "-33.46"


# (a cell value, what the CSV writer is given)
CELLS = [
    ("=1+1", "'=1+1"),
    ("+1", "'+1"),
    ("-1", "'-1"),
    ("@x", "'@x"),
    ("\tx", "'\tx"),
    ("\rx", "x"),  # a carriage return is a control character: removed, so nothing is left to run
    ("\u202e=1+1", "'=1+1"),  # a hidden character before the formula does not hide it
    ("plain", "plain"),
    ("1973-09-11", "1973-09-11"),
    (-33.46, -33.46),
    (-70, -70),
    (True, True),
]


@pytest.mark.parametrize(("value", "written"), CELLS)
def test_csv_cell(value, written):
    assert csv_cell(value) == written


def test_the_standalone_html_holds_no_hidden_characters_from_data(hostile_catalog):
    html = standalone_html(hostile_catalog, ViewState(lang="es"))
    assert "Villa idlamirG después" in html
    _assert_clean(html)
