"""Validation, table-driven: good records load; each bad one is rejected alone, named precisely."""

from __future__ import annotations

import pytest
from sample import SOURCE, account, deep, event, site, write_data

from mapapp.load import load_catalog

OTHER = site("site-two", name={"es": "Otro", "en": "Other"})

GOOD = [
    ("plain site", {}),
    ("abroad, no commune or region", {"sites": [site("site-one", -77.03, 38.9, abroad="United States", commune=None)]}),
    (
        "month and year dates",
        {
            "sites": [
                site(
                    periods=[
                        {"start": "1973-10", "end": "1974", "use": "repression", "sources": [{"source": "src-one"}]}
                    ]
                )
            ]
        },
    ),
    (
        "open memorial period",
        {
            "sites": [
                site(
                    periods=[
                        {"start": "2010-01-11", "end": None, "use": "memorial", "sources": [{"source": "src-one"}]}
                    ]
                )
            ]
        },
    ),
    (
        "outside its commune, explained",
        {
            "sites": [
                site(
                    commune="Santiago",
                    location={
                        "precision": "building",
                        "sources": [{"source": "src-one"}],
                        "boundary_note": {"en": "The sources say so."},
                    },
                )
            ]
        },
    ),
    ("Rapa Nui", {"sites": [site(lon=-109.43, lat=-27.15, commune="Isla de Pascua", region="Valparaíso")]}),
    (
        "disputed fact",
        {
            "sites": [
                site(
                    facts=[
                        {
                            "about": {"en": "Prisoners"},
                            "values": [
                                {"value": "20000", "sources": [{"source": "src-one"}]},
                                {"value": 40000, "sources": [{"source": "src-one"}]},
                            ],
                        }
                    ]
                )
            ]
        },
    ),
    (
        "event at a place",
        {
            "events": [
                event(
                    site=None,
                    place={
                        "coordinates": [-70.65, -33.44],
                        "name": {"es": "Lugar"},
                        "commune": "Santiago",
                        "region": "Metropolitana de Santiago",
                        "location": {"precision": "commune", "sources": [{"source": "src-one"}]},
                    },
                )
            ]
        },
    ),
]


def _clean(feature: dict) -> dict:
    """Drop properties set to None (the table's way of saying 'leave it out')."""
    feature["properties"] = {k: v for k, v in feature["properties"].items() if v is not None}
    return feature


def _load(tmp_path, **files):
    if "sites" in files:
        files["sites"] = [_clean(deep(item)) for item in files["sites"]] + [deep(OTHER)]
    if "events" in files:
        files["events"] = [{k: v for k, v in item.items() if v is not None} for item in files["events"]]
    return load_catalog(write_data(tmp_path / "data", **files))


@pytest.mark.parametrize(("label", "files"), GOOD, ids=[case[0] for case in GOOD])
def test_good_records_load(tmp_path, label, files):
    catalog = _load(tmp_path, **files)
    assert catalog.rejections == (), [str(item) for item in catalog.rejections]


def _swapped():
    feature = site()
    feature["geometry"]["coordinates"] = [-33.46, -70.61]
    return feature


def _geometry(kind):
    feature = site()
    feature["geometry"] = {"type": kind, "coordinates": [[-70.6, -33.4], [-70.5, -33.3]]}
    return feature


SOURCE_FILE = "data/sources/bibliography.json"
SITE_FILE = "data/sites/metropolitana.geojson"

# (label, files, file, record, field, a fragment of what was expected)
BAD = [
    ("wrong geometry type", {"sites": [_geometry("LineString")]}, SITE_FILE, "site-one", "geometry.type", '"Point"'),
    ("lat and lon swapped", {"sites": [_swapped()]}, SITE_FILE, "site-one", "geometry.coordinates", "swapped"),
    (
        "outside Chile",
        {"sites": [site(lon=-58.38, lat=-34.6)]},
        SITE_FILE,
        "site-one",
        "geometry.coordinates",
        "a point in Chile",
    ),
    ("latitude out of range", {"sites": [site(lat=-133.46)]}, SITE_FILE, "site-one", "geometry.coordinates", "-90..90"),
    (
        "end before start",
        {
            "sites": [
                site(
                    periods=[
                        {
                            "start": "1974-01-01",
                            "end": "1973-12",
                            "use": "repression",
                            "sources": [{"source": "src-one"}],
                        }
                    ]
                )
            ]
        },
        SITE_FILE,
        "site-one",
        "properties.periods[0].end",
        "on or after the start",
    ),
    (
        "impossible date",
        {
            "sites": [
                site(
                    periods=[
                        {"start": "1973-02-30", "end": None, "use": "repression", "sources": [{"source": "src-one"}]}
                    ]
                )
            ]
        },
        SITE_FILE,
        "site-one",
        "properties.periods[0].start",
        "YYYY-MM-DD",
    ),
    (
        "unknown category",
        {"sites": [site(category="barracks")]},
        SITE_FILE,
        "site-one",
        "properties.category",
        "one of detention-centre",
    ),
    (
        "outside its commune",
        {"sites": [site(commune="Santiago")]},
        SITE_FILE,
        "site-one",
        "geometry.coordinates",
        "a point in Santiago, Metropolitana de Santiago",
    ),
    (
        "at sea",
        {"sites": [site(lon=-72.5, lat=-33.0, commune="Valparaíso", region="Valparaíso")]},
        "data/sites/valparaiso.geojson",
        "site-one",
        "geometry.coordinates",
        "a point in Valparaíso",
    ),
    ("unknown region", {"sites": [site(region="Santiago")]}, SITE_FILE, "site-one", "properties.region", "one of"),
    ("no source", {"sites": [site(sources=[])]}, SITE_FILE, "site-one", "properties.sources", "at least 1"),
    (
        "cites a missing source",
        {"sites": [site(sources=[{"source": "nowhere"}])]},
        SITE_FILE,
        "site-one",
        "properties.sources[0].source",  # the citation's own path (it was "sources" before the pydantic schema)
        "ids of sources",
    ),
    (
        "misspelt field",
        {"sites": [site(sumary={"en": "x"})]},
        SITE_FILE,
        "site-one",
        "properties.sumary",
        "no such field",
    ),
    (
        "text in no language",
        {"sites": [site(name={"es": "", "en": " "})]},
        SITE_FILE,
        "site-one",
        "properties.name",
        "at least one language",
    ),
    ("duplicate id", {"sites": [site(), site()]}, SITE_FILE, "site-one", "id", "not used before"),
    (
        "javascript: link",
        {"sources": [dict(SOURCE, url="javascript:alert(1)")]},
        SOURCE_FILE,
        "src-one",
        "url",
        "http:// or https://",
    ),
    (
        "data: link",
        {"sources": [dict(SOURCE, url="data:text/html,<script>alert(1)</script>")]},
        SOURCE_FILE,
        "src-one",
        "url",
        "http:// or https://",
    ),
    (
        "testimony at a missing site",
        {"accounts": [account(site_id="nowhere")]},
        "data/testimony/metropolitana.json",
        "t-one",
        "site",
        "a site that loaded",
    ),
    (
        "unknown content note",
        {"accounts": [account(content_note="mild")]},
        "data/testimony/metropolitana.json",
        "t-one",
        "content_note",
        "none, distressing, graphic",
    ),
    (
        "event with site and place missing",
        {"events": [event(site=None)]},
        "data/events/metropolitana.json",
        "e-one",
        "site",
        "exactly one of",
    ),
]


@pytest.mark.parametrize(("label", "files", "file", "record", "field", "expected"), BAD, ids=[case[0] for case in BAD])
def test_bad_record_is_rejected_alone(tmp_path, label, files, file, record, field, expected):
    catalog = _load(tmp_path, **files)
    matches = [r for r in catalog.rejections if (r.file, r.record, r.field) == (file, record, field)]
    assert matches, [str(item) for item in catalog.rejections]
    assert expected in matches[0].expected
    assert str(matches[0]).startswith(f"{file}: {record}: {field}: expected")
    if files.get("sites"):  # the site beside the broken one still loads
        assert "site-two" in catalog.sites


def test_broken_json_file_is_one_rejection_and_other_files_load(tmp_path):
    root = write_data(tmp_path / "data")
    (root / "sites" / "broken.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    catalog = load_catalog(root)
    assert [(r.file, r.field, r.expected) for r in catalog.rejections] == [
        ("data/sites/broken.geojson", "(file)", "valid JSON")
    ]
    assert "site-one" in catalog.sites
    assert "t-one" in catalog.testimony


def test_wrong_top_level_is_reported(tmp_path):
    root = write_data(tmp_path / "data")
    (root / "events" / "odd.json").write_text('[{"id": "x"}]', encoding="utf-8")
    rejections = load_catalog(root).rejections
    assert rejections[0].file == "data/events/odd.json"
    assert 'a list "events"' in rejections[0].expected


def test_record_that_is_not_an_object(tmp_path):
    catalog = load_catalog(write_data(tmp_path / "data", accounts=["just a string", account()]))
    assert [r.record for r in catalog.rejections] == ["record 1"]
    assert "t-one" in catalog.testimony


def test_missing_directory_is_a_rejection_not_a_crash(tmp_path):
    catalog = load_catalog(tmp_path / "absent")
    assert catalog.sites == {}
    assert catalog.rejections[0].got == "no such directory"
