"""The schema's documents are generated from the models and equal to them.

geodata/README.md's field tables and the JSON Schema files in geodata/schema/ are written by
`python -m mapapp.schema_doc`; these tests fail when a committed file differs from what the
models generate, and check that the JSON Schema accepts the bundled record and refuses bad records.
"""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from sample import SOURCE, account, event, site

from mapapp.model import CATEGORIES, REGIONS
from mapapp.schema import FOLDERS, MODELS
from mapapp.schema_doc import README, SCHEMA_DIR, documented_kinds, field_table, json_schema, schema_file_name

TEXT = README.read_text(encoding="utf-8")
DATA = README.parent


def documented_table(kind: str) -> str:
    """Return the table that follows the line `<!-- fields: Kind -->` in the README."""
    found = re.search(rf"^<!-- fields: {kind} -->\n((?:\|.*\n)*)", TEXT, flags=re.M)
    return found.group(1) if found else ""


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_readme_table_equals_the_model(kind):
    assert documented_table(kind) == field_table(MODELS[kind]), "run `python -m mapapp.schema_doc`"


def test_every_model_has_one_table_and_no_table_is_stale():
    assert sorted(documented_kinds(TEXT)) == sorted(MODELS)


def test_a_changed_model_would_fail_the_readme_test():
    # The table of a model lists every field with its required flag, so a field added or made optional shows.
    assert "| `periods` | list of Period | yes |" in field_table(MODELS["Site"])
    assert "| `end` | Date or `null` | yes |" in field_table(MODELS["Period"])
    assert "| `commune` | string | yes |" in field_table(MODELS["Site"])  # required unless abroad


def test_folders_regions_and_categories_are_documented():
    for folder in FOLDERS:
        assert f"`{folder}/`" in TEXT
    for region in REGIONS:
        assert f"`{region}`" in TEXT
    assert f"one of {', '.join(f'`{c}`' for c in CATEGORIES)}" in TEXT


@pytest.mark.parametrize("folder", list(FOLDERS))
def test_committed_json_schema_equals_the_models(folder):
    committed = json.loads((SCHEMA_DIR / schema_file_name(folder)).read_text(encoding="utf-8"))
    assert committed == json_schema(folder), "run `python -m mapapp.schema_doc`"


def test_schema_files_are_named_by_kind():
    assert sorted(schema_file_name(folder) for folder in FOLDERS) == [
        "event.schema.json",
        "route.schema.json",
        "site.schema.json",
        "source.schema.json",
        "testimony.schema.json",
        "tour.schema.json",
    ]


def _bundled_files():
    return [
        (folder, path)
        for folder, (suffix, _, _) in FOLDERS.items()
        for path in sorted((DATA / folder).glob(f"*{suffix}"))
    ]


@pytest.mark.parametrize(("folder", "path"), _bundled_files(), ids=lambda value: getattr(value, "name", value))
def test_every_bundled_file_validates_against_its_json_schema(folder, path):
    validator = jsonschema.Draft202012Validator(json_schema(folder))
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(json.loads(path.read_text("utf-8")))
    ]
    assert errors == []


def test_there_are_bundled_files_of_every_kind():
    assert {folder for folder, _ in _bundled_files()} == set(FOLDERS)


def _file(folder: str, record: dict) -> dict:
    key = FOLDERS[folder][1]
    return {"type": "FeatureCollection", key: [record]} if folder == "sites" else {key: [record]}


# (label, folder, record): each breaks a rule the JSON Schema can see without the other files.
BAD = [
    ("misspelt field", "sites", site(sumary={"en": "x"})),
    ("unknown category", "sites", site(category="barracks")),
    ("no source", "sites", site(sources=[])),
    ("text in no language", "sites", site(name={"es": "", "en": " "})),
    (
        "year 0",
        "sites",
        site(periods=[{"start": "0000", "end": None, "use": "memorial", "sources": [{"source": "a"}]}]),
    ),
    ("latitude out of range", "sites", site(lat=-133.46)),
    ("commune missing in Chile", "sites", site(commune=None)),
    ("javascript: link", "sources", dict(SOURCE, url="javascript:alert(1)")),
    ("bad id", "sources", dict(SOURCE, id="Src One")),
    ("unknown content note", "testimony", account(content_note="mild")),
    ("month 13", "testimony", account(given="1990-13")),
    ("site and place both missing", "events", {k: v for k, v in event().items() if k != "site"}),
    (
        "one stop",
        "routes",
        {
            "id": "r",
            "name": {"en": "R"},
            "kind": "prisoner-transfer",
            "summary": {"en": "S"},
            "stops": [{"site": "a", "date": "1973", "sources": [{"source": "a"}]}],
            "sources": [{"source": "a"}],
        },
    ),
]


@pytest.mark.parametrize(("label", "folder", "record"), BAD, ids=[case[0] for case in BAD])
def test_json_schema_refuses_a_bad_record(label, folder, record):
    if folder == "sites":
        record["properties"] = {k: v for k, v in record["properties"].items() if v is not None}
    validator = jsonschema.Draft202012Validator(json_schema(folder))
    assert not validator.is_valid(_file(folder, record))


@pytest.mark.parametrize(
    ("folder", "record"), [("sites", site()), ("sources", SOURCE), ("testimony", account()), ("events", event())]
)
def test_json_schema_accepts_the_sample_records(folder, record):
    assert jsonschema.Draft202012Validator(json_schema(folder)).is_valid(_file(folder, record))
