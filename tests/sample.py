"""Sample records: a tiny data directory built from good records, which tests then break."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from mapapp import layout

ROOT = Path(__file__).resolve().parent.parent

SOURCE = {
    "id": "src-one",
    "title": "A report",
    "publisher": "A commission",
    "url": "https://example.org/r",
    "kind": "report",
}


def site(site_id: str = "site-one", lon: float = -70.61, lat: float = -33.46, **props) -> dict:
    """Return a valid site feature; keyword arguments replace properties."""
    base = {
        "name": {"es": "Sitio uno", "en": "Site one"},
        "category": "detention-centre",
        "address": "Calle 1",
        "commune": "Ñuñoa",
        "region": "Metropolitana de Santiago",
        "location": {"precision": "building", "sources": [{"source": "src-one"}]},
        "periods": [
            {"start": "1973-09-12", "end": "1973-11-09", "use": "repression", "sources": [{"source": "src-one"}]}
        ],
        "summary": {"es": "Resumen.", "en": "Summary."},
        "sources": [{"source": "src-one", "at": "p. 1"}],
    }
    base.update(props)
    return {
        "type": "Feature",
        "id": site_id,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": base,
    }


def account(item_id: str = "t-one", site_id: str = "site-one", **fields) -> dict:
    base = {
        "id": item_id,
        "site": site_id,
        "witness": {"kind": "survivor", "name": "A. Person"},
        "given": "1990-05",
        "summary": {"es": "Relato.", "en": "Account."},
        "content_note": "distressing",
        "sources": [{"source": "src-one", "at": "p. 2"}],
    }
    base.update(fields)
    return base


def event(event_id: str = "e-one", **fields) -> dict:
    base = {
        "id": event_id,
        "date": "1973-09-11",
        "title": {"es": "Hecho", "en": "Event"},
        "summary": {"es": "Resumen.", "en": "Summary."},
        "site": "site-one",
        "sources": [{"source": "src-one"}],
    }
    base.update(fields)
    return base


DEFAULT_REGION = "Metropolitana de Santiago"  # the sample's region: where a record of no known region is written


def _region(data: object, sites: dict[str, str]) -> str:
    """Return the region whose file holds a record (sites by their own, testimony and events by their site's)."""
    if not isinstance(data, dict):
        return DEFAULT_REGION
    admin = data.get("properties") or data.get("place") or data
    if isinstance(admin, dict) and admin.get("abroad"):
        return layout.ABROAD
    if isinstance(admin, dict) and admin.get("region") in layout.REGION_SLUGS:
        return admin["region"]
    return sites.get(data.get("site"), DEFAULT_REGION)


def _by_region(folder: str, key: str, records: list, sites: dict[str, str]) -> dict[str, dict]:
    files: dict[str, dict] = {}
    for data in records:
        files.setdefault(layout.file_of(folder, _region(data, sites)), {key: []})[key].append(data)
    return files


def write_data(root: Path, sites=None, sources=None, accounts=None, events=None, routes=None, tours=None) -> Path:
    """Write a data directory in the layout of mapapp.layout; None means one good record.

    Each record goes in the file of its region (a site's testimony and events in the file of
    the site's region, each route in a file named by its id); a record whose region cannot be
    told, as in tests that break it, goes in the file of the sample's region.
    """
    features = [site()] if sites is None else sites
    regions = {item["id"]: _region(item, {}) for item in features if isinstance(item, dict) and "id" in item}
    files = {
        "sources/bibliography.json": {"sources": [SOURCE] if sources is None else sources},
        **{
            name: {"type": "FeatureCollection", "features": document["features"]}
            for name, document in _by_region("sites", "features", features, {}).items()
        },
        **_by_region("testimony", "testimony", [account()] if accounts is None else accounts, regions),
        **_by_region("events", "events", [event()] if events is None else events, regions),
        **{f"routes/{route.get('id')}.json": {"routes": [route]} for route in routes or []},
        **{f"tours/{tour.get('id')}.json": {"tours": [tour]} for tour in tours or []},
    }
    for folder in ("sources", "sites", "testimony", "events", "routes", "tours"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for name, document in files.items():
        (root / name).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return root


def deep(value):
    return copy.deepcopy(value)


def route(route_id: str = "r-one", stops=("site-one", "site-two"), **fields) -> dict:
    """Return a valid route through the given sites, one stop a day from 1973-10-01."""
    base = {
        "id": route_id,
        "name": {"es": "Ruta", "en": "Route"},
        "kind": "prisoner-transfer",
        "summary": {"es": "Resumen.", "en": "Summary."},
        "stops": [
            {"site": stop, "date": f"1973-10-{day:02d}", "sources": [{"source": "src-one"}]}
            for day, stop in enumerate(stops, start=1)
        ],
        "sources": [{"source": "src-one"}],
    }
    base.update(fields)
    return base


def tour(tour_id: str = "tour-one", views=("day=1973-09-12&site=site-one",), **fields) -> dict:
    """Return a valid tour with one step per view."""
    base = {
        "id": tour_id,
        "title": {"es": "Recorrido", "en": "Tour"},
        "author": "A. Curator",
        "languages": ["es", "en"],
        "steps": [
            {"view": view, "text": {"es": f"Paso {n}.", "en": f"Step {n}."}, "sources": [{"source": "src-one", "at": "p. 1"}]}
            for n, view in enumerate(views, start=1)
        ],
    }
    base.update(fields)
    return base


def write_file(root: Path, name: str, content: str | bytes) -> Path:
    """Write one file below the data directory (text as UTF-8, bytes as they are)."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path
