"""Load the data directory: every valid record into a Catalog, every other one rejected.

A broken file or record never stops the load: it becomes a `Rejection` that names the file,
the record and the field, and everything else still loads.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mapapp import boundaries, layout
from mapapp.fields import describe
from mapapp.model import Catalog, Citation, Rejection
from mapapp.records import PARSERS, RecordInvalid
from mapapp.schema import FOLDERS

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "geodata"
ENV_DATA = "MAPAPP_DATA"  # documented in mapapp.settings


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Return the data directory: the one given, else $MAPAPP_DATA, else the bundled geodata/."""
    chosen = explicit or os.environ.get(ENV_DATA) or DEFAULT_DATA
    return Path(chosen)


def _read_records(path: Path, label: str, key: str, rejections: list[Rejection]) -> list[Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        rejections.append(Rejection(label, "", "(file)", "a readable UTF-8 file", str(error)))
        return []
    except json.JSONDecodeError as error:
        got = f"{error.msg} at line {error.lineno}, column {error.colno}"
        rejections.append(Rejection(label, "", "(file)", "valid JSON", got))
        return []
    records = document.get(key) if isinstance(document, dict) else None
    if not isinstance(records, list):
        got = describe(document) if not isinstance(document, dict) else f"keys {sorted(document)}"
        rejections.append(Rejection(label, "", key, f'an object with a list "{key}"', got))
        return []
    return records


def _parse_folder(root: Path, folder: str, rejections: list[Rejection]) -> dict[str, tuple[Any, str]]:
    """Return {id: (record, file label)} for the valid records of one folder."""
    suffix, key, kind = FOLDERS[folder]
    found: dict[str, tuple[Any, str]] = {}
    for path in sorted((root / folder).glob(f"*{suffix}")):
        label = f"{root.name}/{folder}/{path.name}"
        for index, data in enumerate(_read_records(path, label, key, rejections), start=1):
            if not isinstance(data, dict):
                rejections.append(
                    Rejection(label, f"record {index}", "(record)", f"an object ({kind})", describe(data))
                )
                continue
            try:
                record = PARSERS[kind](data)
            except RecordInvalid as error:
                name = error.record or f"record {index}"
                rejections.extend(Rejection(label, name, p.field, p.expected, p.got) for p in error.problems)
                continue
            if record.id in found:
                first = found[record.id][1]
                rejections.append(
                    Rejection(label, record.id, "id", f"an id not used before (used in {first})", record.id)
                )
                continue
            found[record.id] = (record, label)
    return found


def _unknown_sources(citations: Iterable[Citation], sources: dict) -> list[str]:
    return sorted({citation.source for citation in citations if citation.source not in sources})


def _keep_linked(records: dict, rejections: list[Rejection], sources: dict, sites: dict | None = None) -> dict:
    """Keep the records whose citations, and site links, point at records that loaded."""
    kept = {}
    for record_id, (record, label) in records.items():
        missing = _unknown_sources(record.citations(), sources)
        if missing:
            rejections.append(Rejection(label, record_id, "sources", "ids of sources in sources/", ", ".join(missing)))
            continue
        if sites is not None:
            linked = _linked_sites(record)
            absent = sorted(site for site in linked if site not in sites)
            if absent:
                rejections.append(
                    Rejection(label, record_id, "site", "the id of a site that loaded", ", ".join(absent))
                )
                continue
        kept[record_id] = record
    return kept


def _linked_sites(record: Any) -> set[str]:
    if hasattr(record, "stops"):
        return {stop.site for stop in record.stops if stop.site}
    return {record.site} if getattr(record, "site", "") else set()


def _points(record: Any) -> list[tuple[str, Any]]:
    """Return (field, point) for every point a record places: a site, or a place of its own."""
    if hasattr(record, "stops"):
        return [(f"stops[{i}].place.coordinates", stop.place) for i, stop in enumerate(record.stops) if stop.place]
    if hasattr(record, "place"):
        return [("place.coordinates", record.place)] if record.place else []
    return [("geometry.coordinates", record)]


def _keep_in_place(records: dict, rejections: list[Rejection]) -> dict:
    """Keep the records whose points lie in the commune and region they state (or say why not)."""
    kept = {}
    for record_id, (record, label) in records.items():
        problems = [
            Rejection(
                label,
                record_id,
                field,
                f"a point in {point.commune}, {point.region} (or a location.boundary_note saying why not)",
                found,
            )
            for field, point in _points(record)
            if not point.abroad
            and not point.location.boundary_note.get("en")
            and (found := boundaries.mismatch(point.lon, point.lat, point.commune, point.region))
        ]
        rejections.extend(problems)
        if not problems:
            kept[record_id] = (record, label)
    return kept


def load_catalog(root: str | os.PathLike | None = None) -> Catalog:
    """Load every record below the data directory; never raise for bad data."""
    root = data_dir(root)
    rejections: list[Rejection] = []
    if not root.is_dir():
        rejections.append(Rejection(str(root), "", "(directory)", "a data directory", "no such directory"))
        return Catalog(rejections=tuple(rejections))
    parsed = {folder: _parse_folder(root, folder, rejections) for folder in FOLDERS}
    parsed = layout.keep_in_layout(parsed, rejections)
    for folder in ("sites", "events", "routes"):
        parsed[folder] = _keep_in_place(parsed[folder], rejections)
    sources = {record_id: record for record_id, (record, _) in parsed["sources"].items()}
    sites = _keep_linked(parsed["sites"], rejections, sources)
    return Catalog(
        sources=sources,
        sites=sites,
        testimony=_keep_linked(parsed["testimony"], rejections, sources, sites),
        events=_keep_linked(parsed["events"], rejections, sources, sites),
        routes=_keep_linked(parsed["routes"], rejections, sources, sites),
        rejections=tuple(rejections),
    )
