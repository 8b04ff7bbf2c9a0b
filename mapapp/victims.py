"""The victims layer: the people named in the Rettig report, from Freire et al. (2019).

`read_freire` (in `mapapp.victims_csv`) reads the dataset's `pinochet.csv`, and
`mapapp.victims_check` flags doubtful places and links places to curated sites. This module
stores the layer as `victims/freire2019.json` in the data directory (`write_layer`,
`load_layer`; the format is in `victims/README.md`), writes the import report and finds
people by name (through the index of `mapapp.people_search`). `mapapp.victims_import` runs
the import command; `mapapp.victims_map` draws the layer.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from mapapp.dates import PartialDate
from mapapp.load import data_dir
from mapapp.people_search import index_for
from mapapp.victims_check import (  # noqa: F401 (the records are this module's API too)
    FAR_KM,
    KEPT,
    PERSON_FAR_KM,
    ROW_DROPPED,
    FreireError,
    ImportResult,
    Person,
    Problem,
    VictimPlace,
    flag_code,
)
from mapapp.victims_csv import read_freire  # noqa: F401 (part of this module's API)
from mapapp.victims_places import RADIUS_KM
from mapapp.victims_records import CITATION, people_at  # noqa: F401 (part of this module's API)

LAYER_FILE = Path("victims") / "freire2019.json"
FORMAT = "mapapp-victims/1"
Layer = ImportResult  # a layer read back from disk is the import result it was written from

README = f"""# The victims layer: people named in the Rettig report

`freire2019.json` is written by `python -m mapapp import freire PATH [--into DIR] [--force]`
(`mapapp.victims_import.import_freire`) from the dataset's `pinochet.csv`; do not edit it by
hand, re-run the import. The app reads it with `mapapp.victims.load_layer`.

The import replaces the layer only with a file that passes its checks: the expected columns,
every row and value readable (a cut or shifted row is refused), and at least 90% as many
people as the layer it replaces; `--force` replaces it anyway. The layer it replaces is kept
beside it as `freire2019.json.bak` (one backup, the latest). A refused import writes nothing.

Source: {CITATION}
Published by its authors as a research dataset and as the R package `pinochet` (MIT licence,
copyright 2019 Danilo Freire, Lucas Mingardi and Robert Myles McDonnell). Names, dates,
places and page numbers are the dataset's; the flags and the links to curated sites are this
project's.

## `freire2019.json`, field by field

| field | meaning |
|---|---|
| `format` | `"{FORMAT}"`: the version of this format |
| `source` | where the layer comes from: |
| `source.file` | the name of the file imported |
| `source.cite` | how to cite the dataset |
| `rows` | the data rows read from the file (the header not counted) |
| `problems` | what could not be imported as it stands: `row` (line in the file, header = 1), `record` (`individual_id`), `column`, `reason`, `effect`: `row not imported` (the whole row left out), `value not imported` (the row imported without that value) or `kept as given` |
| `people` | one object per person, in the file's order |
| `people[].id` | the dataset's `individual_id` |
| `people[].last_name`, `first_name` | exactly as in the dataset (empty when it says `NA`) |
| `people[].violence` | exactly as in the dataset: `Killed`, `Disappearance`, `Disappearance, Information of Death`, `Unresolved`, `Suicide`, or empty |
| `people[].start`, `end` | `YYYY-MM-DD` from `start_date_daily`/`end_date_daily`; else `YYYY-MM` from the monthly columns; else `null` |
| `people[].page` | the Rettig report page(s), e.g. `159-60` (empty when not given) |
| `people[].perpetrator` | `perpetrator_affiliation_detail`: who the data says was responsible, exactly as in the dataset (`DINA agents`, `Military`, `Policemen`, ...; empty when `NA`) |
| `people[].places` | up to six places, from the columns `place_N`, `location_N`, `latitude_N`, `longitude_N`, `exact_coordinates_N` |
| `places[].index` | N, 1 to 6 |
| `places[].kind` | `place_N`: `In Custody`, `In Public`, `Home`, `Work`, `In Hospital`, `University`, ... (empty when `NA`) |
| `places[].label` | `location_N`: the place as the dataset names it |
| `places[].lon`, `lat` | WGS84 degrees, or `null` when the dataset gives no usable coordinate (not drawn) |
| `places[].exact` | `exact_coordinates_N`: `true`, `false`, or `null` when not stated |
| `places[].flags` | why the place is doubtful, one sentence each, starting with a code (below); a flagged place is kept and drawn as approximate |
| `places[].site` | the id of the curated site (in `sites/`) the place is linked to, or empty |
| `places[].how` | how the place was linked: `name` (its label, through `places.json` or an alias), `point` (its exact point, within the site's radius), or empty (not linked) |

## Flags

| code | meaning |
|---|---|
| `approximate` | the dataset marks the coordinate as not exact |
| `exactness-unknown` | the dataset does not say whether it is exact |
| `no-coordinates` | no coordinate: the place is listed, not drawn |
| `impossible-coordinate` | the coordinate is not a point on Earth: listed, not drawn |
| `outside-chile` | no Chilean commune holds the point (abroad, or at sea), per the official boundaries |
| `far-from-site` | more than {FAR_KM:g} km from the curated site of the same name |
| `far-from-same-name` | more than {FAR_KM:g} km from the middle of the exactly placed places of the same name |
| `far-from-person` | not exact, and more than {PERSON_FAR_KM:g} km from every exact place of the same person |
| `known-error` | an error recorded in the project's research notes (the Calama executions) |

## Links to curated sites

`places.json` (beside this file, reviewed by hand; proposed by `scripts/propose_victim_places.py`)
lists every distinct label of a place of custody (`place_N` = `In Custody`) once: either the
site it is (`site`, and `how`: `name` when the label names the site, `point` when the data's
exact points show it) or the reason it has none (`reason`: `not a place`, `abroad`,
`ambiguous`, `no site yet` with the `commune` the data places it in; and a `note`).

A place links to a site by its label when `places.json` links the label, or, for a label it
does not hold (a place not of custody), when the label matches an alias of the site
(`mapapp.victims_places.ALIASES`, case and accents ignored); `how` is then `name`. A place of
custody whose label the table leaves `ambiguous` links by its point (`how` = `point`) when the
dataset marks it exact, no flag doubts it, and it lies within {RADIUS_KM["building"] * 1000:g} m of a
detention centre, prison camp or execution site placed to the building. (Links by point to a
site placed to the street, within {RADIUS_KM["street"] * 1000:g} m, or to a locality, within
{RADIUS_KM["locality"]:g} km, are made label by label in `places.json`, after review.) A place linked by name keeps its link when
its point is far off (it is then flagged `far-from-site`). A site's card lists each person
the layer links to it once, with the place as the dataset names it and how it was linked.
"""


def find_people(layer: ImportResult, query: str, limit: int = 50) -> list[Person]:
    """Return up to `limit` people the query names, best first, through the layer's name index.

    Accents, case, word order, a missing second surname, one typo per word of four letters or
    more and an unfinished last word are forgiven (`mapapp.people_search`).
    """
    return index_for(layer).search(query, limit)


def report_text(result: ImportResult) -> str:
    """Return the import report: counts, every problem, and the places flagged for a reason beyond 'approximate'."""
    places = result.places()
    located = sum(1 for _, place in places if place.lon is not None)
    flagged = sum(1 for _, place in places if place.flags)
    lines = [
        f"Freire et al. (2019), {result.source}: {result.rows} rows read, {len(result.people)} people imported, "
        f"{sum(1 for problem in result.problems if problem.effect == ROW_DROPPED)} rows not imported",
        f"places: {len(places)} imported, {located} with a coordinate, {flagged} flagged (kept, shown as approximate)",
        "flags per reason:",
        *(f"  {code}: {count}" for code, count in result.counts().items()),
        f"linked to curated sites: {sum(1 for _, place in places if place.site)} places",
    ]
    if result.problems:
        lines += [f"problems ({len(result.problems)}):", *(f"  {problem}" for problem in result.problems)]
    routine = ("approximate", "exactness-unknown", "no-coordinates")
    serious = [item for item in result.flagged() if flag_code(item[2]) not in routine]
    lines.append(f"flagged places beyond 'approximate' ({len(serious)}; individual_id, column, reason):")
    lines += [f"  {ident}, {column}: {reason}" for ident, column, reason in serious]
    return "\n".join(lines)


def _place_json(place: VictimPlace) -> dict:
    return {
        "index": place.index,
        "kind": place.kind,
        "label": place.label,
        "lon": place.lon,
        "lat": place.lat,
        "exact": place.exact,
        "flags": list(place.flags),
        "site": place.site,
        "how": place.how,
    }


def _person_json(person: Person) -> dict:
    return {
        "id": person.id,
        "last_name": person.last_name,
        "first_name": person.first_name,
        "violence": person.violence,
        "start": person.start.iso() if person.start else None,
        "end": person.end.iso() if person.end else None,
        "page": person.page,
        "perpetrator": person.perpetrator,
        "places": [_place_json(place) for place in person.places],
    }


def layer_json(result: ImportResult) -> dict:
    """Return the layer as the JSON document `write_layer` stores (format in victims/README.md)."""
    return {
        "format": FORMAT,
        "source": {"file": result.source, "cite": CITATION},
        "rows": result.rows,
        "problems": [vars(problem) for problem in result.problems],
        "people": [_person_json(person) for person in result.people],
    }


def _write(path: Path, text: str) -> None:
    """Write through a temporary file and rename it, so a failure leaves the old file whole."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def write_layer(result: ImportResult, into_dir: str | os.PathLike) -> Path:
    """Write victims/freire2019.json and victims/README.md below the data directory; return the JSON path."""
    path = Path(into_dir) / LAYER_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(path, json.dumps(layer_json(result), ensure_ascii=False, indent=1) + "\n")
    _write(path.parent / "README.md", README)
    return path


def _place_from(data: dict) -> VictimPlace:
    return VictimPlace(
        int(data["index"]),
        str(data["kind"]),
        str(data["label"]),
        None if data["lon"] is None else float(data["lon"]),
        None if data["lat"] is None else float(data["lat"]),
        data["exact"] if data["exact"] in (True, False, None) else bool(data["exact"]),
        tuple(str(flag) for flag in data["flags"]),
        str(data["site"]),
        str(data.get("how", "")),  # layers written before links said how have none
    )


def _person_from(data: dict) -> Person:
    day = lambda value: PartialDate.parse(value) if value else None  # noqa: E731
    return Person(
        int(data["id"]),
        str(data["last_name"]),
        str(data["first_name"]),
        str(data["violence"]),
        day(data["start"]),
        day(data["end"]),
        str(data["page"]),
        tuple(_place_from(place) for place in data["places"]),
        str(data.get("perpetrator") or ""),  # absent from layers written before it was kept
    )


def _check_complete(layer: ImportResult) -> None:
    """Raise ValueError when the people and the rows left out do not add up to the rows read (a cut layer)."""
    dropped = sum(1 for problem in layer.problems if problem.effect == ROW_DROPPED)
    if len(layer.people) + dropped != layer.rows:
        raise ValueError(
            f"it holds {len(layer.people)} people and {dropped} rows not imported, "
            f"but says {layer.rows} rows were read: people are missing"
        )


def load_layer(data: str | os.PathLike | None = None) -> ImportResult | None:
    """Return the stored layer, or None when the data directory has none.

    A file that cannot be read raises FreireError with a message that names the file and
    what is wrong, for the app to show; no other exception leaves this function.
    """
    path = data_dir(data) / LAYER_FILE
    if not path.is_file():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format") != FORMAT:
            raise ValueError(f"expected format {FORMAT!r}, got {document.get('format')!r}")
        problems = tuple(Problem(**item) for item in document["problems"])
        people = tuple(_person_from(person) for person in document["people"])
        result = ImportResult(people, int(document["rows"]), problems, str(document["source"]["file"]))
        _check_complete(result)
        return result
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise FreireError(
            f"{path}: the victims layer cannot be read ({type(error).__name__}: {error}); re-run the import"
        ) from None
