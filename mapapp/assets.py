"""Where the map's browser assets come from: the app's own server, never a public host.

`make assets` installs Leaflet from the npm registry into `static/vendor/`; Streamlit serves
that folder at `/app/static/vendor/`. An exported file carries the same files inline.
Data the map needs whole and unchanged on every rerun (the communes, the site store) is
written once to `static/cache/` and fetched by the browser from there, instead of travelling
again with every rerun.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import folium

VENDOR = Path(__file__).resolve().parent.parent / "static" / "vendor"
SERVED_AT = "/app/static/vendor"
SCRIPTS = {"leaflet": "leaflet/leaflet.js"}
STYLES = {"leaflet_css": "leaflet/leaflet.css"}


def serve_locally(fmap: folium.Map, base: str = SERVED_AT) -> folium.Map:
    """Make this map (only this one) load Leaflet from the app's server instead of a CDN."""
    fmap.default_js = [(name, f"{base}/{path}") for name, path in SCRIPTS.items()]
    fmap.default_css = [(name, f"{base}/{path}") for name, path in STYLES.items()]
    return fmap


def missing() -> list[str]:
    """Return the asset files that `make assets` has not installed yet."""
    return [path for path in [*SCRIPTS.values(), *STYLES.values()] if not (VENDOR / path).is_file()]


CACHE = VENDOR.parent / "cache"
CACHE_SERVED_AT = "/app/static/cache"
KEEP = 8  # files kept per name: enough for every language and a few recent versions of the data


def serve_bytes(stem: str, payload: bytes) -> str | None:
    """Write payload where the app's server serves it; return its address (None: cannot write).

    The file is named by its content, so a browser never sees a stale copy and visitors of the
    same data share one file. Older files of the same stem beyond the newest `KEEP` are removed.
    """
    name = f"{stem}-{hashlib.sha256(payload).hexdigest()[:20]}.json"
    path = CACHE / name
    try:
        if not path.is_file():
            CACHE.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.part")
            partial.write_bytes(payload)
            os.replace(partial, path)
        older = sorted(CACHE.glob(f"{stem}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
        for old in older:
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        return None
    return f"{CACHE_SERVED_AT}/{name}"
