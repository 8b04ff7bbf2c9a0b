"""Sample records: a tiny data directory built from good records, which tests then break."""

from __future__ import annotations

import copy
import json
from pathlib import Path

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


def write_data(root: Path, sites=None, sources=None, accounts=None, events=None, routes=None) -> Path:
    """Write a data directory with one file per kind; None means one good record."""
    files = {
        "sources/main.json": {"sources": [SOURCE] if sources is None else sources},
        "sites/main.geojson": {"type": "FeatureCollection", "features": [site()] if sites is None else sites},
        "testimony/main.json": {"testimony": [account()] if accounts is None else accounts},
        "events/main.json": {"events": [event()] if events is None else events},
        "routes/main.json": {"routes": [] if routes is None else routes},
    }
    for name, document in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
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


def write_file(root: Path, name: str, content: str | bytes) -> Path:
    """Write one file below the data directory (text as UTF-8, bytes as they are)."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path
