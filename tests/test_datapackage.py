"""The published data package: the Frictionless validator finds it valid, and would find a fault."""

from __future__ import annotations

import csv
import json

import pytest
from frictionless import validate

from mapapp.load import load_catalog
from mapapp.publish import publish
from mapapp.victims import load_layer


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = tmp_path_factory.mktemp("site") / "out"
    catalog, layer = load_catalog(), load_layer()
    publish(catalog, root, ("es", "en"), victims=layer)
    return root, catalog, layer


def test_the_whole_record_is_a_valid_data_package(published):
    root, catalog, layer = published
    report = validate(str(root / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])[:10]
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows["sites"] == len(catalog.sites) > 500
    assert rows["events"] == len(catalog.events)
    assert rows["sources"] == len(catalog.sources)
    assert rows["testimony"] == len(catalog.testimony)
    assert rows["route_stops"] == sum(len(route.stops) for route in catalog.routes.values())
    assert rows["victims"] == len(layer.people) > 2000


def test_the_package_names_its_licences_sources_and_version(published):
    package = json.loads((published[0] / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["version"]
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert set(resources) == {"sites", "events", "sources", "testimony", "route_stops", "victims", "victim_places"}
    for name in ("victims", "victim_places"):
        assert resources[name]["licenses"] == [
            {"name": "MIT", "path": "https://opensource.org/licenses/MIT", "title": "MIT License"}
        ]
        assert "Freire" in resources[name]["sources"][0]["title"]
    assert len(package["sources"]) == len(published[1].sources) + 1


def test_the_validator_catches_a_testimony_at_no_site(published, tmp_path):
    # Proves the validation above can fail: the foreign key from testimony to sites is checked.
    root = published[0]
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "data").mkdir()
    (broken / "datapackage.json").write_text((root / "datapackage.json").read_text(encoding="utf-8"), encoding="utf-8")
    for path in (root / "data").iterdir():
        (broken / "data" / path.name).write_bytes(path.read_bytes())
    rows = list(csv.reader((broken / "data" / "testimony.csv").open(encoding="utf-8")))
    rows[1][1] = "no-such-site"
    with (broken / "data" / "testimony.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    report = validate(str(broken / "datapackage.json"))
    assert not report.valid
    assert {error[1] for error in report.flatten(["resourceName", "type"])} == {"foreign-key"}
