"""The command line: validate's exit codes and report, and exports of exactly the filtered sites."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

from sample import ROOT, site, write_data

from mapapp.cli import main

LATER = site(
    "site-later",
    name={"es": "Después", "en": "Later"},
    category="prison-camp",
    periods=[{"start": "1974", "end": "1975-04", "use": "repression", "sources": [{"source": "src-one"}]}],
)


def test_validate_passes_on_good_data(tmp_path, capsys):
    assert main(["validate", "--data", str(write_data(tmp_path / "d"))]) == 0
    assert capsys.readouterr().out.startswith("ok: 1 sites")


def test_validate_lists_every_rejection_and_exits_1(tmp_path):
    root = write_data(tmp_path / "d", sites=[site(category="nope"), site("other", lat=10.0)])
    result = subprocess.run(
        [sys.executable, "-m", "mapapp", "validate", "--data", str(root)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(
        line.startswith("d/sites/metropolitana.geojson: site-one: properties.category: expected one of")
        for line in lines
    )
    assert any(
        line.startswith("d/sites/metropolitana.geojson: other: geometry.coordinates: expected a point in Chile")
        for line in lines
    )
    assert "records rejected" in result.stderr


def test_export_geojson_holds_exactly_the_span(tmp_path, capsys):
    root = write_data(tmp_path / "d", sites=[site(), LATER])
    assert (
        main(["export", "--format", "geojson", "--data", str(root), "--start", "1973-09-12", "--end", "1973-09-30"])
        == 0
    )
    collection = json.loads(capsys.readouterr().out)
    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == ["site-one"]
    props = collection["features"][0]["properties"]
    assert {"id", "name_es", "name_en", "category", "periods", "sources", "testimony"} <= set(props)
    assert props["periods"][0]["start"] == "1973-09-12"
    assert props["sources"][0]["url"] == "https://example.org/r"
    assert props["sources"][0]["at"] == "p. 1"
    assert props["testimony"][0]["summary"]["en"] == "Account."
    assert collection["features"][0]["geometry"] == {"type": "Point", "coordinates": [-70.61, -33.46]}


def test_export_csv_by_category_to_a_file(tmp_path):
    root = write_data(tmp_path / "d", sites=[site(), LATER])
    out = tmp_path / "out.csv"
    assert main(["export", "--format", "csv", "--data", str(root), "--category", "prison-camp", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [row["id"] for row in rows] == ["site-later"]
    assert "A report, p. 1 <https://example.org/r>" in rows[0]["sources"]


def test_export_refuses_an_end_before_the_start(tmp_path, capsys):
    root = write_data(tmp_path / "d")
    assert main(["export", "--format", "csv", "--data", str(root), "--start", "1980-01-01", "--end", "1979-01-01"]) == 2
    assert "before" in capsys.readouterr().err


def test_export_of_the_first_weeks_on_the_bundled_data(capsys):
    from mapapp.load import load_catalog

    assert main(["export", "--format", "geojson", "--start", "1973-09-12", "--end", "1973-09-30"]) == 0
    features = json.loads(capsys.readouterr().out)["features"]
    ids = {feature["id"] for feature in features}
    assert "estadio-nacional" in ids
    catalog = load_catalog()
    opened_later = {site.id for site in catalog.sites.values() if min(p.start for p in site.periods).year >= 1974}
    assert opened_later
    assert not ids & opened_later


def test_export_html_has_no_script_or_style_from_another_host(tmp_path):
    out = tmp_path / "map.html"
    assert (
        main(
            [
                "export",
                "--format",
                "html",
                "--start",
                "1973-09-12",
                "--end",
                "1973-12-31",
                "--lang",
                "en",
                "--site",
                "estadio-nacional",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    html = out.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    # The slider's input (its markup is a JSON string in the page) and the Leaflet map it drives.
    # (Was `a and b or c`, which passed on "L.map" alone; ruff RUF021.)
    assert 'input id=\\"time-first\\"' in html
    assert 'getElementById("time-first")' in html
    assert "L.map(" in html
    assert "Estadio Nacional" in html


def test_export_a_printable_sheet_and_publish_a_static_site(tmp_path):
    pdf = tmp_path / "sheet.pdf"
    assert main(["export", "--format", "pdf", "--region", "Antofagasta", "--lang", "en", "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    site = tmp_path / "site"
    assert main(["publish", str(site)]) == 0
    assert (site / "index.html").is_file()
    assert (site / "sites" / "estadio-nacional.html").is_file()
    assert main(["publish", str(tmp_path)]) == 2  # a folder holding other things is refused
