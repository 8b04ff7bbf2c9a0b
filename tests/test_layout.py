"""The layout of the data directory: each record in the file of its region, checked on load."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sample import ROOT, account, event, site, write_data

from mapapp import layout
from mapapp.load import DEFAULT_DATA, load_catalog
from mapapp.model import REGIONS

COAST = site("site-coast", lon=-71.62, lat=-33.05, commune="Valparaíso", region="Valparaíso")
ABROAD_SITE = site("site-abroad", -77.03, 38.9, abroad="United States")
del ABROAD_SITE["properties"]["commune"], ABROAD_SITE["properties"]["region"]
PLACE_HERE = {
    "coordinates": [-70.65, -33.44],
    "name": {"es": "Lugar"},
    "commune": "Santiago",
    "region": "Metropolitana de Santiago",
    "location": {"precision": "commune", "sources": [{"source": "src-one"}]},
}
AT_PLACE = {key: value for key, value in event("e-two", place=PLACE_HERE).items() if key != "site"}
ROUTE = {
    "id": "traslado-uno",
    "name": {"es": "Traslado"},
    "kind": "prisoner-transfer",
    "summary": {"es": "Resumen."},
    "stops": [{"site": "site-one", "date": "1973-10"}, {"site": "site-one", "date": "1973-11"}],
    "sources": [{"source": "src-one"}],
}
ROUTE["stops"] = [dict(stop, sources=[{"source": "src-one"}]) for stop in ROUTE["stops"]]
METROPOLITANA = "region Metropolitana de Santiago (file {} holds region Metropolitana de Santiago)"


def _collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


# (label, extra file below the sample directory, its document) -> no rejection
GOOD = [
    ("the sample alone", None, None),
    ("a site of Valparaíso in valparaiso.geojson", "sites/valparaiso.geojson", _collection(COAST)),
    ("an abroad site in abroad.geojson", "sites/abroad.geojson", _collection(ABROAD_SITE)),
    ("testimony at a site of the file's region", "testimony/metropolitana.json", {"testimony": [account("t-two")]}),
    ("an event at a place of the file's region", "events/metropolitana.json", {"events": [AT_PLACE]}),
    ("a route in the file of its id", "routes/traslado-uno.json", {"routes": [ROUTE]}),
    ("sources in a file of any name", "sources/extra.json", {"sources": []}),
]

# (label, extra file, its document, record, field, fragment of expected, fragment of got)
BAD = [
    (
        "a site of Valparaíso in the Metropolitana file",
        "sites/metropolitana.geojson",
        _collection(COAST),
        "site-coast",
        "properties.region",
        "a site of " + METROPOLITANA.format("sites/metropolitana.geojson"),
        "a site of region Valparaíso, whose file is sites/valparaiso.geojson",
    ),
    (
        "an abroad site in a region's file",
        "sites/metropolitana.geojson",
        _collection(ABROAD_SITE),
        "site-abroad",
        "properties.region",
        "a site of region Metropolitana de Santiago",
        "a site abroad, whose file is sites/abroad.geojson",
    ),
    (
        "a site of a region in abroad.geojson",
        "sites/abroad.geojson",
        _collection(site("site-two")),
        "site-two",
        "properties.region",
        "a site abroad (file sites/abroad.geojson holds those abroad)",
        "of region Metropolitana de Santiago, whose file is sites/metropolitana.geojson",
    ),
    (
        "testimony in the file of another region",
        "testimony/valparaiso.json",
        {"testimony": [account("t-two")]},
        "t-two",
        "site",
        "testimony at a site of region Valparaíso (file testimony/valparaiso.json holds region Valparaíso)",
        "site site-one of region Metropolitana de Santiago, whose file is testimony/metropolitana.json",
    ),
    (
        "an event at a site, in the file of another region",
        "events/abroad.json",
        {"events": [event("e-two")]},
        "e-two",
        "site",
        "an event abroad (file events/abroad.json holds those abroad)",
        "site site-one of region Metropolitana de Santiago, whose file is events/metropolitana.json",
    ),
    (
        "an event at a place, in the file of another region",
        "events/biobio.json",
        {"events": [AT_PLACE]},
        "e-two",
        "place.region",
        "an event of region Biobío",
        "a place of region Metropolitana de Santiago, whose file is events/metropolitana.json",
    ),
    (
        "a route in a file not named by its id",
        "routes/routes.json",
        {"routes": [ROUTE]},
        "traslado-uno",
        "id",
        "the route the file is named after (file routes/routes.json holds route routes)",
        "route traslado-uno, whose file is routes/traslado-uno.json",
    ),
]

# (label, extra file, its document, the record it holds): a file named after no region
UNKNOWN_FILES = [
    ("a curation batch's sites", "sites/rm1.geojson", _collection(site("site-two")), "site-two"),
    ("testimony in main.json", "testimony/main.json", {"testimony": [account("t-two")]}, "t-two"),
    ("events in national.json", "events/national.json", {"events": [event("e-two")]}, "e-two"),
]


def _load(tmp_path, extra: str | None, document: dict | None):
    """Load the sample directory with `document`'s records added to the file `extra`."""
    root = write_data(tmp_path / "data")
    if extra:
        path = root / extra
        if path.exists():
            held = json.loads(path.read_text(encoding="utf-8"))
            key = next(key for key, value in document.items() if isinstance(value, list))
            document = {**held, key: held[key] + document[key]}
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return load_catalog(root)


@pytest.mark.parametrize(("label", "extra", "document"), GOOD, ids=[case[0] for case in GOOD])
def test_a_record_in_the_file_of_its_region_loads(tmp_path, label, extra, document):
    catalog = _load(tmp_path, extra, document)
    assert [str(item) for item in catalog.rejections] == []


@pytest.mark.parametrize(("label", "extra", "document", "record", "field", "expected", "got"), BAD, ids=[case[0] for case in BAD])
def test_a_misplaced_record_is_rejected_with_the_file_it_belongs_in(
    tmp_path, label, extra, document, record, field, expected, got
):
    catalog = _load(tmp_path, extra, document)
    found = [item for item in catalog.rejections if item.record == record]
    assert [(item.file, item.field) for item in found] == [(f"data/{extra}", field)], [str(r) for r in found]
    assert expected in found[0].expected
    assert got in found[0].got
    assert record not in {*catalog.sites, *catalog.testimony, *catalog.events, *catalog.routes}
    assert "site-one" in catalog.sites
    assert "t-one" in catalog.testimony


@pytest.mark.parametrize(("label", "extra", "document", "record"), UNKNOWN_FILES, ids=[case[0] for case in UNKNOWN_FILES])
def test_a_file_named_after_no_region_is_rejected_whole(tmp_path, label, extra, document, record):
    catalog = _load(tmp_path, extra, document)
    _folder, name = extra.split("/")
    assert [(item.file, item.record, item.field, item.got) for item in catalog.rejections] == [
        (f"data/{extra}", "", "(file)", name)
    ]
    expected = catalog.rejections[0].expected
    assert expected.startswith(f"a file named after a region: one of arica-y-parinacota{Path(name).suffix}, ")
    assert f"metropolitana{Path(name).suffix}" in expected
    assert expected.endswith(f"abroad{Path(name).suffix}")
    assert record not in {*catalog.sites, *catalog.testimony, *catalog.events}


@pytest.mark.parametrize(
    ("path", "region"),
    [
        ("data/sites/valparaiso.geojson", "Valparaíso"),
        ("testimony/metropolitana.json", "Metropolitana de Santiago"),
        ("events/ohiggins.json", "Libertador General Bernardo O'Higgins"),
        (Path("sites/nuble.geojson"), "Ñuble"),
        ("sites/abroad.geojson", layout.ABROAD),
        ("sites/rm1.geojson", None),
        ("sites/valparaiso.old.geojson", None),
        ("events/national.json", None),
        ("sites/Valparaíso.geojson", None),
    ],
)
def test_region_of_file(path, region):
    assert layout.region_of_file(path) == region


def test_one_slug_per_region_in_lower_case_ascii():
    assert tuple(layout.REGION_SLUGS) == REGIONS
    slugs = list(layout.REGION_SLUGS.values())
    assert len(set(slugs)) == len(slugs)
    assert layout.ABROAD not in slugs
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", slug) for slug in slugs)


def _region(admin: dict) -> str:
    return layout.ABROAD if admin.get("abroad") else admin["region"]


def _documents(folder: str) -> dict[str, dict]:
    suffix = ".geojson" if folder == "sites" else ".json"
    return {
        path.name: json.loads(path.read_text(encoding="utf-8")) for path in (DEFAULT_DATA / folder).glob(f"*{suffix}")
    }


def test_the_bundled_record_obeys_the_layout_and_every_region_has_its_sites_file():
    site_regions = {}
    for name, document in _documents("sites").items():
        for feature in document["features"]:
            assert _region(feature["properties"]) == layout.region_of_file(name), (name, feature["id"])
            site_regions[feature["id"]] = layout.region_of_file(name)
    assert {layout.file_of("sites", region).split("/")[1] for region in REGIONS} <= set(_documents("sites"))
    for name, document in _documents("testimony").items():
        assert {site_regions[item["site"]] for item in document["testimony"]} == {layout.region_of_file(name)}, name
    for name, document in _documents("events").items():
        found = {
            _region(item["place"]) if "place" in item else site_regions[item["site"]] for item in document["events"]
        }
        assert found == {layout.region_of_file(name)}, name
    for name, document in _documents("routes").items():
        assert [route["id"] for route in document["routes"]] == [Path(name).stem]


def test_the_geodata_readme_names_the_file_of_every_region():
    readme = (ROOT / "geodata" / "README.md").read_text(encoding="utf-8")
    section = re.split(r"^## Layout$", readme, flags=re.M)[1].split("\n## ")[0]
    rows = dict(re.findall(r"^\| (.+?) \| `([a-z-]+)` \|$", section, flags=re.M))
    assert rows == {**layout.REGION_SLUGS, "outside Chile": layout.ABROAD}
