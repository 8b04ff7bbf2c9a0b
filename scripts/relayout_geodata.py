"""Rewrite a data directory into the layout of `mapapp.layout`: records move, none changes.

One-off (run once on geodata/ when the record left its curation-batch files), kept so the
move can be checked: run it on the old tree and compare. Deterministic, and idempotent on
a tree already in the layout. Every record keeps its JSON content and key order; only the
file that holds it changes:

    sites/<region>.geojson      sites of the region, sorted by id (abroad: sites/abroad.geojson)
    testimony/<region>.json     testimony at a site of the region, sorted by id
    events/<region>.json        events at a site or place of the region, by date, then id
    routes/<route id>.json      one route per file
    sources/bibliography.json   every source, sorted by id

Files are written as the record always was: one-space indent, UTF-8 text, a final newline.

    python scripts/relayout_geodata.py [DATA_DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mapapp.layout import ABROAD, file_of  # noqa: E402
from mapapp.schema import FOLDERS  # noqa: E402

BIBLIOGRAPHY = "sources/bibliography.json"


def _read(root: Path) -> dict[str, list[dict]]:
    """Return every record of every folder, in file-name order, refusing a duplicate id."""
    records: dict[str, list[dict]] = {}
    for folder, (suffix, key, _) in FOLDERS.items():
        records[folder], seen = [], set()
        for path in sorted((root / folder).glob(f"*{suffix}")):
            document = json.loads(path.read_text(encoding="utf-8"))
            extra = set(document) - {key, "type"}
            if extra:
                raise SystemExit(f"{path}: top-level keys {sorted(extra)} have no place in the layout")
            for record in document[key]:
                if record["id"] in seen:
                    raise SystemExit(f"{path}: {record['id']}: id used twice")
                seen.add(record["id"])
                records[folder].append(record)
    return records


def _admin_region(data: dict, where: str) -> str:
    if data.get("abroad"):
        return ABROAD
    if not data.get("region"):
        raise SystemExit(f"{where}: no region and not abroad: cannot tell its file")
    return data["region"]


def _site_regions(sites: list[dict]) -> dict[str, str]:
    return {site["id"]: _admin_region(site["properties"], f"site {site['id']}") for site in sites}


def _event_region(event: dict, regions: dict[str, str]) -> str:
    if event.get("place"):
        return _admin_region(event["place"], f"event {event['id']}")
    return regions[event["site"]]


def _group(records: list[dict], folder: str, region_of, order) -> dict[str, list[dict]]:
    files: dict[str, list[dict]] = {}
    for record in sorted(records, key=order):
        files.setdefault(file_of(folder, region_of(record)), []).append(record)
    return files


def _by_id(record: dict) -> str:
    return record["id"]


def _chronological(event: dict) -> tuple[str, str]:
    return (event["date"], event["id"])


def layout(records: dict[str, list[dict]]) -> dict[str, dict]:
    """Return {file below the data directory: its document} for the new layout."""
    regions = _site_regions(records["sites"])
    documents: dict[str, dict] = {}
    for name, features in _group(records["sites"], "sites", lambda s: regions[s["id"]], _by_id).items():
        documents[name] = {"type": "FeatureCollection", "features": features}
    for name, items in _group(records["testimony"], "testimony", lambda t: regions[t["site"]], _by_id).items():
        documents[name] = {"testimony": items}
    for name, items in _group(records["events"], "events", lambda e: _event_region(e, regions), _chronological).items():
        documents[name] = {"events": items}
    for route in records["routes"]:
        documents[f"routes/{route['id']}.json"] = {"routes": [route]}
    documents[BIBLIOGRAPHY] = {"sources": sorted(records["sources"], key=_by_id)}
    return documents


def relayout(root: Path) -> dict[str, int]:
    """Rewrite `root` into the layout; return how many records each new file holds."""
    records = _read(root)
    documents = layout(records)
    for folder, (suffix, _, _) in FOLDERS.items():
        for path in (root / folder).glob(f"*{suffix}"):
            path.unlink()
    counts = {}
    for name, document in sorted(documents.items()):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        counts[name] = len(document[FOLDERS[name.split("/")[0]][1]])
    moved = sum(len(items) for items in records.values())
    if sum(counts.values()) != moved:
        raise SystemExit(f"{moved} records read but {sum(counts.values())} written")
    return counts


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "geodata"
    for name, count in relayout(target).items():
        print(f"{count:4d}  {name}")
