"""The reviewed table of custody places (geodata/victims/places.json) and the links it makes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from mapapp.cards import card_html, people_section
from mapapp.i18n import t
from mapapp.load import DEFAULT_DATA, load_catalog
from mapapp.victims import FreireError, Person, VictimPlace, load_layer, people_at, read_freire
from mapapp.victims_check import link_by_point
from mapapp.victims_places import PLACES_FILE, REASONS, LabelEntry, PlacesError, load_places

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT.parent / "shared/datasets/freire2019/pinochet.csv"


def _custody_labels() -> dict[str, int]:
    """Return every label of a place of custody in the real file, with how many places carry it."""
    if not CSV.is_file():
        pytest.fail(f"the Freire et al. (2019) dataset is missing: expected it at {CSV}")
    found: dict[str, int] = {}
    with CSV.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            for n in range(1, 7):
                if row[f"place_{n}"] == "In Custody":
                    found[row[f"location_{n}"]] = found.get(row[f"location_{n}"], 0) + 1
    return found


@pytest.fixture(scope="module")
def table() -> dict[str, LabelEntry]:
    return load_places(DEFAULT_DATA)


@pytest.fixture(scope="module")
def layer():
    return load_layer(DEFAULT_DATA)


def test_the_table_lists_every_custody_label_of_the_file_exactly_once():
    listed = [item["label"] for item in json.loads((DEFAULT_DATA / PLACES_FILE).read_text("utf-8"))["labels"]]
    assert len(listed) == len(set(listed)), "a label is listed twice"
    labels = _custody_labels()
    assert set(listed) == set(labels)
    assert len(labels) == 377  # RESEARCH.md: 377 distinct custody-place labels


def test_every_linked_site_is_in_the_record(table):
    sites = load_catalog(DEFAULT_DATA).sites
    assert [entry.label for entry in table.values() if entry.site and entry.site not in sites] == []


def test_every_no_site_yet_entry_names_its_commune_where_the_data_gives_a_point(table):
    with CSV.open(encoding="utf-8", newline="") as file:
        located = {
            row[f"location_{n}"]
            for row in csv.DictReader(file)
            for n in range(1, 7)
            if row[f"place_{n}"] == "In Custody" and row[f"latitude_{n}"] != "NA"
        }
    waiting = [entry for entry in table.values() if entry.reason == "no site yet"]
    assert waiting
    assert [entry.label for entry in waiting if entry.label in located and not entry.commune] == []


@pytest.mark.parametrize(
    ("label", "site"),
    [
        ("National Stadium", "estadio-nacional"),
        ("Tres Alamos", "tres-alamos"),
        ("Tres Alamos detention site", "tres-alamos"),
        ("Villa Grimaldi", "villa-grimaldi"),
        ("Londres No.38", "londres-38"),
        ("Chile Stadium", "estadio-chile"),
        ("Copiacó jail", "carcel-copiapo"),  # a typo of Copiapó (RESEARCH.md)
        ("Linanres jail", "carcel-publica-linares"),  # a typo of Linares (RESEARCH.md)
        ("Paine substation", "comisaria-de-carabineros-de-paine-hoy-64a-comisaria"),  # not the Paine memorial
        ("Colina Air Base", "base-aerea-de-colina"),  # an inventory entry from the label (scripts/rettig_places.py)
        # the proposal once linked it by point to a police station; now the regiment's own entry
        ("Rancagua Regiment in the city of Arica", "regimiento-rancagua"),
        ("Rancagua Regiment", "regimiento-rancagua"),
        ("Parral city jail", "carcel-de-parral"),  # three labels of one jail, one entry
        ("Parral prison", "carcel-de-parral"),
        ("Police station No.9", "ninth-police-station-santiago"),
        # a boat, not the pier: an inventory entry since (docs/inventory/aysen-2.json)
        ("small boat in Puerto Cisnes", "lancha-en-puerto-cisnes-donde-fue-retenido-jorge-vilugron"),
    ],
)
def test_known_links(table, layer, label, site):
    assert (table[label].site, table[label].how) == (site, "name")
    people = {person.id for person, place in people_at(layer, site) if place.label == label}
    assert people, f"no person at {site} through {label!r}"


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("NA", "not a place"),
        ("DINA custody", "not a place"),  # who held the person, not where
        ("Towards the 26th police station", "not a place"),
        ("Navy Mechanic School in Buenos Aires", "abroad"),
        ("police station", "ambiguous"),
        ("Investigative Police headquarters", "ambiguous"),  # the town is not said
        ("Calama", "ambiguous"),  # a town, not a place of custody
        ("detention site near San Antonio", "no site yet"),  # too vague for an inventory entry
    ],
)
def test_known_places_without_a_site(table, layer, label, reason):
    assert (table[label].site, table[label].reason) == ("", reason)
    assert table[label].note
    assert [place for _, place in layer.places() if place.label == label and place.how == "name"] == []


def test_every_place_whose_label_the_table_links_carries_that_link(table, layer):
    wrong = [
        (person.id, place.label, place.site)
        for person, place in layer.places()
        if place.label in table
        and table[place.label].site
        and (place.site, place.how) != (table[place.label].site, table[place.label].how)
    ]
    assert wrong == []


def test_every_link_says_how_it_was_made(layer):
    assert {place.how for _, place in layer.places() if place.site} <= {"name", "point"}
    assert {place.how for _, place in layer.places() if not place.site} == {""}


def _custody(label: str, lon: float, lat: float, exact: bool = True, kind: str = "In Custody") -> VictimPlace:
    return VictimPlace(1, kind, label, lon, lat, exact)


@pytest.mark.parametrize(
    ("place", "linked"),
    [
        (_custody("police station", -70.6106, -33.4646), "estadio-nacional"),  # an open label, at the stadium
        (_custody("police station", -70.6106, -33.4646, exact=False), ""),  # not exact: the point says nothing
        (_custody("police station", -70.6106, -33.4646, kind="In Public"), ""),  # a street by a site is not the site
        (_custody("Colina Air Base", -70.6106, -33.4646), ""),  # the table says it is another place
        (_custody("police station", -70.6206, -33.4646), ""),  # 900 m off
    ],
)
def test_links_by_point_only_exact_custody_places_the_table_leaves_open(table, place, linked):
    assert link_by_point(place, table, load_catalog(DEFAULT_DATA).sites) == linked


def test_the_national_stadium_card_counts_the_distinct_people_the_layer_links_to_it(layer):
    catalog = load_catalog(DEFAULT_DATA)
    people = people_at(layer, "estadio-nacional")
    distinct = {person.id for person, _ in people}
    assert distinct == {49, 618, 1039}  # docs/victims-places.md: the data's three; the report names more
    html = card_html(catalog.sites["estadio-nacional"], catalog, "en", people=people)
    assert t("card.people", "en", count=len(distinct)) in html
    assert html.count('class="linked-place"') == len(distinct)
    assert "National Stadium (linked by the place" in html


def test_a_person_with_two_places_at_a_site_is_listed_once_with_both():
    person = Person(7, "Pérez <b>", "Ana", "Killed", None, None, "12")
    places = [
        VictimPlace(1, "In Custody", "Villa <script>", 0, 0, True, site="x", how="name"),
        VictimPlace(2, "In Custody", "VG", 0, 0, True, site="x", how="point"),
    ]
    html = people_section([(person, place) for place in places], "en")
    assert html.count("<li>") == 1
    assert t("card.people", "en", count=1) in html
    assert "Villa &lt;script&gt; (linked by the place" in html
    assert "VG (linked by the place" in html
    assert "<script>" not in html
    assert "<b>" not in html


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([{"label": "A", "reason": "ambiguous"}, {"label": "A", "reason": "abroad"}], "label 'A' is listed twice"),
        ([{"label": "A", "site": "x", "how": "guess"}], "label 'A': 'how' must be one of name, point"),
        (
            [{"label": "A", "site": "x", "how": "name", "reason": "abroad"}],
            "label 'A': has both a 'site' and a 'reason'",
        ),
        ([{"label": "A", "reason": "maybe"}], f"label 'A': expected a 'site', or a 'reason' in {', '.join(REASONS)}"),
        ([{"label": "A", "reason": "abroad", "where": "?"}], "label 'A': unknown fields where"),
        (["A"], "entry 1: expected an object with a 'label' string"),
    ],
)
def test_a_wrong_table_is_refused_naming_the_file_and_the_label(tmp_path, items, expected):
    path = tmp_path / PLACES_FILE
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"labels": items}), encoding="utf-8")
    with pytest.raises(PlacesError) as error:
        load_places(tmp_path)
    assert str(path) in str(error.value)
    assert expected in str(error.value)


def test_an_import_through_a_table_that_links_to_no_site_is_refused():
    table = {"National Stadium": LabelEntry("National Stadium", site="no-such-site", how="name")}
    with pytest.raises(FreireError, match="label 'National Stadium': site 'no-such-site'"):
        read_freire(CSV, load_catalog(DEFAULT_DATA), table)
