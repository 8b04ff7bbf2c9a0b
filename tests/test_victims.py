"""The victims layer, on the real Freire et al. (2019) file and on small broken copies of it."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import folium
import pytest

from mapapp import victims
from mapapp.dates import DateSpan, PartialDate
from mapapp.filters import Filter
from mapapp.load import DEFAULT_DATA, load_catalog
from mapapp.style import STYLES
from mapapp.victims import (
    FreireError,
    ImportResult,
    Person,
    VictimPlace,
    load_layer,
    people_at,
    read_freire,
    write_layer,
)
from mapapp.victims_check import KEPT, ROW_DROPPED, VALUE_DROPPED, flag_code
from mapapp.victims_import import import_freire
from mapapp.victims_map import (
    VictimStore,
    layer_features,
    located,
    people_in_span,
    person_span,
    store_payload,
    victims_legend,
    view_code,
)

ROOT = Path(__file__).resolve().parents[1]
# The dataset sits beside the repository, not in it: ../shared/datasets/freire2019/ from the root.
CSV = ROOT.parent / "shared/datasets/freire2019/pinochet.csv"


def _real_csv() -> Path:
    if not CSV.is_file():
        pytest.fail(f"the Freire et al. (2019) dataset is missing: expected it at {CSV}")
    return CSV


@pytest.fixture(scope="module")
def real() -> ImportResult:
    return read_freire(_real_csv(), load_catalog(DEFAULT_DATA))


def _person(result: ImportResult, ident: int) -> Person:
    return next(person for person in result.people if person.id == ident)


def _place(result: ImportResult, ident: int, index: int) -> VictimPlace:
    return next(place for place in _person(result, ident).places if place.index == index)


def test_every_row_of_the_real_file_imports(real):
    assert real.rows == 2398
    assert len(real.people) == 2398
    assert len({person.id for person in real.people}) == 2398
    assert all(problem.effect == KEPT for problem in real.problems), real.problems


def test_the_three_end_dates_before_their_start_are_reported_and_kept(real):
    reported = {(problem.record, problem.column) for problem in real.problems}
    assert reported == {("228", "end_date"), ("651", "end_date"), ("1541", "end_date")}
    assert _person(real, 228).end == PartialDate(1973, 9, 16)


# The known errors of RESEARCH.md: (individual_id, place index, flag code, words of the reason).
KNOWN_ERRORS = [
    (512, 2, "far-from-site", "12 km from Tres Álamos"),  # Tres Alamos placed in Maipú
    (2194, 1, "far-from-site", "12 km from Tres Álamos"),
    (490, 2, "far-from-site", "12 km from Cuatro Álamos"),
    (618, 3, "far-from-site", "119 km from Chacabuco prison camp"),  # the camp, not the town
    (1421, 1, "far-from-person", "La Araucanía"),  # a Paine victim geocoded 554 km south
    (1428, 1, "far-from-person", "Paine substation"),
    (1572, 4, "known-error", "Topáter"),  # the Calama executions of 19 Oct 1973
    (1569, 4, "known-error", "96 km"),
]


@pytest.mark.parametrize(("ident", "index", "code", "words"), KNOWN_ERRORS)
def test_the_known_errors_are_flagged_with_a_readable_reason(real, ident, index, code, words):
    place = _place(real, ident, index)
    found = [flag for flag in place.flags if flag_code(flag) == code]
    assert found, place.flags
    assert words in found[0]
    assert place.lon is not None, "a flagged place is kept on the map"


def test_every_tres_and_cuatro_alamos_place_is_flagged(real):
    alamos = [place for _, place in real.places() if place.site in ("tres-alamos", "cuatro-alamos")]
    assert len(alamos) == 61
    assert all(any(flag_code(flag) == "far-from-site" for flag in place.flags) for place in alamos)


@pytest.mark.parametrize(
    ("ident", "index", "code"),
    [
        (1, 1, "approximate"),  # exact_coordinates_1 == 0
        (490, 1, "approximate"),
        (24, 1, "no-coordinates"),  # latitude_1 and longitude_1 are NA
    ],
)
def test_the_exact_coordinates_column_is_read_into_flags(real, ident, index, code):
    assert code in [flag_code(flag) for flag in _place(real, ident, index).flags]


@pytest.mark.parametrize(("ident", "index"), [(1, 2), (521, 1), (474, 1), (109, 1)])
def test_an_exact_place_that_agrees_with_everything_is_not_flagged(real, ident, index):
    place = _place(real, ident, index)
    assert place.exact is True
    assert place.flags == ()


def test_abroad_is_kept_and_flagged(real):
    paris = _place(real, 991, 1)
    assert "outside-chile" in [flag_code(flag) for flag in paris.flags]


# (individual_id, site id): checked by reading pinochet.csv (the place's location_N).
LINKED = [
    (512, "tres-alamos"),  # "Tres Alamos"
    (2194, "tres-alamos"),  # "Tres Alamos detention site"
    (490, "cuatro-alamos"),  # "Cuatro Alamos"
    (49, "estadio-nacional"),  # "National Stadium"
    (1039, "estadio-nacional"),
    (49, "estadio-chile"),  # "Chile Stadium"
    (109, "estadio-chile"),
    (521, "villa-grimaldi"),  # "Villa Grimaldi"
    (474, "londres-38"),  # "Londres No.38"
    (499, "jose-domingo-canas-1367"),  # "José Domingo Cañas"
    (618, "chacabuco"),  # "Chacabuco prison camp"
    (212, "pisagua"),  # "Pisagua prison camp"
    (1380, "hornos-de-lonquen"),  # "Lonquén lime ovens"
    # "Paine substation": the Carabineros sub-station of 1973 (victims/places.json), not the Paine memorial
    (1421, "comisaria-de-carabineros-de-paine-hoy-64a-comisaria"),
]
NOT_LINKED = [
    (39, "chacabuco"),  # "Avenida Chile in the area of Plaza Chacabuco": a square in Santiago
    (22, "estadio-chile"),  # "near the Chile Stadium, ...": near is not at
    (1421, "topater"),
]


@pytest.mark.parametrize(("ident", "site"), LINKED)
def test_people_at_a_site(real, ident, site):
    assert ident in {person.id for person, _ in people_at(real, site)}


@pytest.mark.parametrize(("ident", "site"), NOT_LINKED)
def test_people_not_at_a_site(real, ident, site):
    assert ident not in {person.id for person, _ in people_at(real, site)}


def test_names_are_exactly_as_in_the_file(real):
    with _real_csv().open(encoding="utf-8", newline="") as file:
        rows = {row["individual_id"]: (row["first_name"], row["last_name"]) for row in csv.DictReader(file)}
    assert {str(p.id): (p.first_name, p.last_name) for p in real.people} == rows
    assert _person(real, 29).last_name == "Muñoz Miranda"
    assert _person(real, 29).first_name == "Ramón Augusto"


def test_dates_carry_their_precision(real):
    assert _person(real, 1).start == PartialDate(1973, 9, 12)
    monthly = next(person for person in real.people if person.id == 95)  # no daily dates, monthly 1973-09
    assert monthly.start == PartialDate(1973, 9)


# --- bad input: small copies of the real file -------------------------------------------


def _lines() -> list[str]:
    return _real_csv().read_text(encoding="utf-8").splitlines()[:4]  # the header and three people


def _write(tmp_path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path = tmp_path / "small.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def _replace(line: str, column: str, value: str) -> str:
    header = next(csv.reader([_lines()[0]]))
    fields = next(csv.reader([line]))
    fields[header.index(column)] = value
    return ",".join(f'"{field}"' if "," in field else field for field in fields)


def test_a_small_good_file_imports(tmp_path):
    result = read_freire(_write(tmp_path, _lines()), load_catalog(DEFAULT_DATA))
    assert [person.id for person in result.people] == [1, 2, 3]
    assert result.problems == ()


SHIFTED = [
    ("extra-value", lambda line: line + ",extra"),  # one value too many: a shifted column
    ("missing-value", lambda line: line.rsplit(",", 1)[0]),
]


@pytest.mark.parametrize("shift", [change for _, change in SHIFTED], ids=[name for name, _ in SHIFTED])
def test_a_shifted_row_is_reported_and_the_rest_imports(tmp_path, shift):
    lines = _lines()
    result = read_freire(_write(tmp_path, [*lines[:2], shift(lines[2]), lines[3]]))
    assert [person.id for person in result.people] == [1, 3]
    [problem] = result.problems
    assert (problem.row, problem.record, problem.column, problem.effect) == (3, "2", "(row)", ROW_DROPPED)
    assert str(problem).startswith("row 3 (individual_id 2): (row): ")


# (person 1-3, column, bad value, people imported, what became of it)
BAD_VALUES = [
    (1, "start_date_daily", "1973-13-45", [1, 2, 3], VALUE_DROPPED),
    (1, "end_date_monthly", "Sept 1973", [1, 2, 3], VALUE_DROPPED),
    (1, "latitude_1", "-133.46", [1, 2, 3], VALUE_DROPPED),
    (1, "longitude_2", "west", [1, 2, 3], VALUE_DROPPED),
    (2, "exact_coordinates_1", "yes", [1, 2, 3], VALUE_DROPPED),
    (3, "individual_id", "x3", [1, 2], ROW_DROPPED),
]


@pytest.mark.parametrize(("person", "column", "value", "people", "effect"), BAD_VALUES)
def test_a_bad_value_is_reported_with_row_and_column_and_the_rest_imports(
    tmp_path, person, column, value, people, effect
):
    lines = _lines()
    lines[person] = _replace(lines[person], column, value)
    result = read_freire(_write(tmp_path, lines))
    assert [imported.id for imported in result.people] == people
    [problem] = result.problems
    assert (problem.row, problem.column, problem.effect) == (person + 1, column, effect)
    assert value in problem.reason


def test_an_impossible_coordinate_keeps_the_place_without_a_point(tmp_path):
    lines = _lines()
    result = read_freire(_write(tmp_path, [lines[0], _replace(lines[1], "latitude_1", "-133.46"), *lines[2:]]))
    place = _place(result, 1, 1)
    assert (place.lon, place.lat) == (None, None)
    assert flag_code(place.flags[0]) == "impossible-coordinate"
    assert "-133.46" in str(result.problems[0])


def test_a_bad_date_falls_back_to_the_month(tmp_path):
    lines = _lines()
    result = read_freire(_write(tmp_path, [lines[0], _replace(lines[1], "start_date_daily", "1973-13-45"), *lines[2:]]))
    assert _person(result, 1).start == PartialDate(1973, 9)


def test_a_latin_1_row_is_reported_with_its_column(tmp_path):
    lines = _lines()
    lines[2] = _replace(lines[2], "last_name", "Muñoz Torres")
    path = tmp_path / "mixed.csv"
    path.write_bytes(("\n".join(lines[:2]) + "\n").encode() + (lines[2] + "\n").encode("latin-1") + lines[3].encode())
    result = read_freire(path)
    assert [person.id for person in result.people] == [1, 3]
    [problem] = result.problems
    assert (problem.row, problem.column, problem.effect) == (3, "last_name", ROW_DROPPED)
    assert "UTF-8" in problem.reason
    assert "Muñoz Torres" in problem.reason


def test_a_whole_latin_1_file_with_accents_everywhere_is_refused(tmp_path):
    lines = [_lines()[0], *(_replace(line, "first_name", "Ñandú") for line in _lines()[1:])]
    with pytest.raises(FreireError, match="no row could be imported"):
        read_freire(_write(tmp_path, lines, encoding="latin-1"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("individual_id,last_name,first_name\n1,A,B\n", "missing columns violence, start_date_daily"),
        ("a;b;c\n1;2;3\n", "missing columns individual_id"),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FreireError, match=message):
        read_freire(path)


def test_a_missing_file_is_refused_with_its_path(tmp_path):
    code, report = import_freire(tmp_path / "nowhere.csv", tmp_path / "data")
    assert code == 2
    assert "nowhere.csv" in report
    assert "nothing written" in report
    assert not (tmp_path / "data" / "victims").exists()


def test_nothing_is_overwritten_when_an_import_fails(tmp_path):
    code, _ = import_freire(_write(tmp_path, _lines()), tmp_path)
    assert code == 0
    stored = (tmp_path / "victims" / "freire2019.json").read_bytes()
    broken = tmp_path / "broken.csv"
    broken.write_text("individual_id,last_name\n1,A\n", encoding="utf-8")
    code, report = import_freire(broken, tmp_path)
    assert code == 2
    assert "missing columns" in report
    assert (tmp_path / "victims" / "freire2019.json").read_bytes() == stored
    assert sorted(path.name for path in (tmp_path / "victims").iterdir()) == ["README.md", "freire2019.json"]


def test_an_import_with_a_dropped_row_is_refused_and_says_which(tmp_path):
    lines = _lines()
    path = _write(tmp_path, [*lines[:2], lines[2] + ",extra", lines[3]])
    code, report = import_freire(path, tmp_path)
    assert code == 2
    assert f"{path}: row 3 (individual_id 2): (row):" in report
    assert "nothing written" in report
    assert not (tmp_path / "victims").exists()


def test_a_forced_import_with_a_dropped_row_exits_1_and_says_which(tmp_path):
    lines = _lines()
    code, report = import_freire(_write(tmp_path, [*lines[:2], lines[2] + ",extra", lines[3]]), tmp_path, force=True)
    assert code == 1
    assert "row 3 (individual_id 2): (row):" in report


# --- the stored layer ---------------------------------------------------------------------


def test_the_layer_round_trips(tmp_path, real):
    write_layer(real, tmp_path)
    loaded = load_layer(tmp_path)
    assert loaded.people == real.people
    assert loaded.problems == real.problems


def test_no_layer_is_none_and_a_broken_layer_is_a_clear_error(tmp_path):
    assert load_layer(tmp_path) is None
    (tmp_path / "victims").mkdir()
    path = tmp_path / "victims" / "freire2019.json"
    for text in ("{not json", "[]", '{"format": "mapapp-victims/1", "rows": 1, "problems": [], "people": [{}]}'):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(FreireError, match=r"freire2019\.json: the victims layer cannot be read"):
            load_layer(tmp_path)


def test_the_bundled_layer_is_the_real_import(real):
    bundled = load_layer(DEFAULT_DATA)
    assert bundled is not None, "geodata/victims/freire2019.json is missing: run the import"
    assert bundled.people == real.people


def test_the_readme_documents_every_field_and_cites_the_dataset(real):
    readme = victims.README
    document = victims.layer_json(real)
    keys = set(document) | {f"source.{key}" for key in document["source"]}
    keys |= {f"people[].{key}" for key in document["people"][0]} | {
        f"places[].{key}" for key in document["people"][0]["places"][0]
    }
    for key in keys:
        assert f"`{key}`" in readme or f", `{key.rsplit('.', 1)[-1]}`" in readme, key
    for code in {flag_code(flag) for _, _, flag in real.flagged()}:
        assert f"`{code}`" in readme, code
    assert "doi:10.31235/osf.io/vqnwu" in readme
    assert "MIT" in readme
    assert (DEFAULT_DATA / "victims" / "README.md").read_text(encoding="utf-8") == readme


# --- the map layer --------------------------------------------------------------------------

HOSTILE = '<script>alert(1)</script> `${x}` "quoted" & <img src=x onerror=alert(2)>'


def _hostile_layer() -> ImportResult:
    place = VictimPlace(1, "In Custody", HOSTILE, -70.61, -33.46, True)
    flagged = VictimPlace(2, "In Public", "Calle <b>1</b>", -70.6, -33.4, False, ("approximate: not <exact>",))
    person = Person(7, HOSTILE, HOSTILE, "Killed", PartialDate(1973, 9, 12), None, "12<", (place, flagged))
    return ImportResult((person,), 1)


def test_hostile_text_is_escaped_in_the_features_and_the_html():
    features = layer_features(_hostile_layer(), dt.date(1973, 9, 11), None, "en")["features"]
    for feature in features:
        for value in (feature["properties"]["tooltip"], feature["properties"]["popup"]):
            assert "<script" not in value
            assert "<img" not in value
            assert "`" not in value
            assert "${" not in value
    assert "Rettig report, p. 12&lt;" in features[0]["properties"]["popup"]
    assert "Approximate location" in features[1]["properties"]["popup"]
    fmap = folium.Map(prefer_canvas=True)
    VictimStore(data=store_payload(_hostile_layer(), "en")).add_to(fmap)
    html = fmap.get_root().render()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "\\u003cstrong>" in html  # the popup's own markup cannot end the page's script
    assert "&lt;script&gt;alert(1)" in html  # the text is there, as text


def test_the_store_holds_each_located_place_once_styled_per_kind(real):
    payload = store_payload(real, "es")
    assert (
        len(payload["places"])
        == len(located(real))
        == sum(1 for person in real.people for place in person.places if place.lon is not None)
    )
    fills = {style["fillColor"] for style in payload["styles"]}
    assert {"#c51b7d", "#01665e", "#ffffff"} <= fills  # killed, disappeared, approximate places hollow
    assert not fills & {colour for _, colour in STYLES.values()}  # no mark of a person looks like a site's
    for (person, place), entry in zip(located(real), payload["places"], strict=True):
        assert (entry[0], entry[1], entry[5]) == (round(place.lat, 5), round(place.lon, 5), person.id)


def test_the_view_shows_the_places_of_the_people_in_the_span(real):
    start, end = dt.date(1973, 9, 11), dt.date(1973, 9, 30)
    code = view_code(real, start, end)
    in_span = {person.id for person in people_in_span(real, start, end)}
    assert len(code) == len(located(real))
    assert [person.id in in_span for person, _ in located(real)] == [char == "1" for char in code]
    assert "1" in code
    assert "0" in code
    assert view_code(real, start, end, shown=False) == ""  # switched off: nothing shown, nothing fetched


def _dated(start: PartialDate | None, end: PartialDate | None) -> ImportResult:
    place = VictimPlace(1, "In Public", "Santiago", -70.65, -33.45, True)
    return ImportResult((Person(1, "A", "B", "Killed", start, end, "1", (place,)),), 1)


@pytest.mark.parametrize(
    ("start", "end", "span", "shown"),
    [
        (PartialDate(1973, 10, 16), None, (dt.date(1973, 10, 16), dt.date(1973, 10, 16)), True),
        (PartialDate(1973, 10, 16), None, (dt.date(1973, 9, 11), dt.date(1973, 10, 16)), True),  # last day
        (PartialDate(1973, 10, 16), None, (dt.date(1973, 10, 16), None), True),  # first day
        (PartialDate(1973, 10, 16), None, (dt.date(1973, 10, 17), None), False),
        (PartialDate(1973, 10, 16), None, (dt.date(1973, 9, 11), dt.date(1973, 10, 15)), False),
        (PartialDate(1973, 10), None, (dt.date(1973, 10, 31), None), True),  # a month covers its days
        (PartialDate(1973, 10), None, (dt.date(1973, 11, 1), None), False),
        (PartialDate(1973, 9, 20), PartialDate(1973, 10, 5), (dt.date(1973, 10, 5), None), True),
        (PartialDate(1973, 9, 20), PartialDate(1973, 10, 5), (dt.date(1973, 10, 6), None), False),
        (None, PartialDate(1974, 1), (dt.date(1974, 1, 31), None), True),  # only an end date
        (None, None, (dt.date(1989, 1, 1), dt.date(1989, 1, 2)), True),  # no date: the whole dictatorship
    ],
)
def test_date_filtering_is_inclusive_at_both_ends(start, end, span, shown):
    layer = _dated(start, end)
    assert bool(people_in_span(layer, *span)) is shown
    assert bool(layer_features(layer, *span, "en")["features"]) is shown


def test_the_legend_counts_the_people_in_view_per_kind(real):
    start, end = dt.date(1973, 9, 11), dt.date(1973, 12, 31)
    legend = victims_legend("en", real, start, end)
    assert [entry["kind"] for entry in legend] == [
        "killed",
        "disappeared",
        "disappeared-died",
        "unresolved",
        "suicide",
        "unknown",
    ]
    assert sum(entry["count"] for entry in legend) == len(people_in_span(real, start, end))
    assert all(entry["count"] == 0 for entry in victims_legend("es"))


def test_the_core_module_does_not_import_streamlit():
    code = "import sys, mapapp.victims; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# Audit: drawing a card imported the importer, and through it pyproj.
@pytest.mark.parametrize(
    ("module", "not_loaded"),
    [
        ("mapapp.cards", ("mapapp.victims_check", "mapapp.victims_csv", "mapapp.victims_import", "pyproj")),
        ("mapapp.victims_records", ("mapapp.victims_check", "mapapp.victims_csv", "mapapp.load", "pyproj")),
        ("mapapp.victims_map", ("mapapp.victims_check", "mapapp.victims_csv", "pyproj")),
    ],
)
def test_drawing_does_not_import_the_importer(module, not_loaded):
    code = f"import sys, {module}; print(sorted(m for m in {list(not_loaded)!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]", result.stdout


def test_the_written_json_keeps_accents_readable(tmp_path, real):
    write_layer(real, tmp_path)
    text = (tmp_path / "victims" / "freire2019.json").read_text(encoding="utf-8")
    assert "Muñoz Miranda" in text
    assert json.loads(text)["source"]["cite"].startswith("Freire, D.")


def test_the_command_line_imports_into_a_data_directory(tmp_path):
    import shutil
    import subprocess
    import sys

    into = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, into, ignore=shutil.ignore_patterns("victims"))
    result = subprocess.run(
        [sys.executable, "-m", "mapapp", "import", "freire", str(_real_csv()), "--into", str(into)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "2398" in result.stdout.replace(",", "")
    assert (into / "victims" / "freire2019.json").is_file()
    assert load_layer(into) is not None


def test_a_sites_card_lists_the_people_the_report_places_there(real):
    from mapapp.cards import card_html

    catalog = load_catalog(DEFAULT_DATA)
    people = people_at(real, "tres-alamos")
    assert people
    card = card_html(catalog.sites["tres-alamos"], catalog, "en", people=people)
    assert "from the Rettig report, place" in card
    assert people[0][0].name.split()[0] in card
    assert "Freire" in card


@pytest.mark.parametrize(
    ("wanted", "check"),
    [
        # Regression (issue 14): a region view showed victims' places all over Chile.
        (Filter(region="Antofagasta"), lambda person, place, where: where == "Antofagasta"),
        (Filter(region="Aysén del General Carlos Ibáñez del Campo"), lambda p, place, where: where.startswith("Aysén")),
        (Filter(text="corredera"), lambda person, place, where: "Corredera" in person.name),
        (Filter(text="CALAMA"), lambda person, place, where: "calama" in (person.name + place.label).lower()),
        (
            Filter(start=dt.date(1973, 10, 1), end=dt.date(1973, 10, 31), region="Antofagasta"),
            lambda person, place, where: where == "Antofagasta" and person_span(person).overlaps(
                DateSpan(dt.date(1973, 10, 1), dt.date(1973, 10, 31))
            ),
        ),
    ],
)
def test_the_victims_layer_follows_the_region_and_the_search(real, wanted, check):
    from mapapp import boundaries

    code = view_code(real, wanted=wanted)
    kept = [(person, place) for (person, place), char in zip(located(real), code, strict=True) if char == "1"]
    assert kept, "the view keeps some places"
    for person, place in kept:
        where = (boundaries.locate(place.lon, place.lat) or ("", ""))[1]
        assert check(person, place, where), (person.name, place.label, where)
    everything = view_code(real, wanted=Filter())
    assert code.count("1") < everything.count("1")
    legend = victims_legend("en", real, wanted=wanted)
    assert sum(entry["count"] for entry in legend) == len({person.id for person, _ in kept})
