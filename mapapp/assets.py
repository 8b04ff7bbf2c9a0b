"""Where the map's browser assets come from: the app's own server, never a public host.

`make assets` installs Leaflet from the npm registry into `static/vendor/`; Streamlit serves
that folder at `/app/static/vendor/`. An exported file carries the same files inline.
"""

from __future__ import annotations

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
