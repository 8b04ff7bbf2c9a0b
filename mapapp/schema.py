"""The record schema as data: which fields each record kind has, and which are required.

`geodata/README.md` documents the same tables; `tests/test_schema_doc.py` keeps them equal.
"""

from __future__ import annotations

# kind -> {field: required}
FIELDS: dict[str, dict[str, bool]] = {
    "Source": {"id": True, "title": True, "publisher": True, "url": False, "date": False, "kind": True},
    "Site": {
        "name": True,
        "category": True,
        "address": False,
        "commune": True,
        "region": True,
        "abroad": False,
        "location": True,
        "periods": True,
        "today": False,
        "summary": True,
        "facts": False,
        "sources": True,
    },
    "Location": {"precision": True, "sources": True, "note": False, "boundary_note": False},
    "Period": {"start": True, "end": True, "use": True, "sources": True, "note": False},
    "Today": {"status": True, "decree": False, "note": False, "sources": True},
    "Fact": {"about": True, "values": True},
    "Value": {"value": True, "sources": True, "note": False},
    "Testimony": {
        "id": True,
        "site": True,
        "witness": True,
        "given": True,
        "summary": True,
        "content_note": True,
        "sources": True,
    },
    "Witness": {"kind": True, "name": False},
    "Event": {
        "id": True,
        "date": True,
        "end": False,
        "title": True,
        "summary": True,
        "site": False,
        "place": False,
        "sources": True,
    },
    "Place": {
        "coordinates": True,
        "name": True,
        "commune": True,
        "region": True,
        "abroad": False,
        "location": True,
    },
    "Route": {"id": True, "name": True, "kind": True, "summary": True, "stops": True, "sources": True},
    "Stop": {"site": False, "place": False, "date": True, "facts": False, "sources": True},
    "Citation": {"source": True, "at": False},
    "Feature": {"type": True, "id": True, "geometry": True, "properties": True},
}

# Folder below the data directory -> (file suffix, top-level key, record kind).
FOLDERS: dict[str, tuple[str, str, str]] = {
    "sources": (".json", "sources", "Source"),
    "sites": (".geojson", "features", "Site"),
    "testimony": (".json", "testimony", "Testimony"),
    "events": (".json", "events", "Event"),
    "routes": (".json", "routes", "Route"),
}
