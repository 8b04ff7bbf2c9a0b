"""Where the map's browser assets come from: the app's own server, never a public host.

`make assets` installs Leaflet from the npm registry into `static/vendor/`; Streamlit serves
that folder at `/app/static/vendor/`. The map's own browser code is in the repository, in
`static/js/` (served at `/app/static/js/`), loaded after Leaflet. An exported file carries the
same files inline (`inline_assets`).
Data the map needs whole and unchanged on every rerun (the communes, the site store) is
written once to `static/cache/` and fetched by the browser from there, instead of travelling
again with every rerun.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import folium
from branca.element import Element

VENDOR = Path(__file__).resolve().parent.parent / "static" / "vendor"
SERVED_AT = "/app/static/vendor"
SCRIPTS = {
    "leaflet": "leaflet/leaflet.js",
    "markercluster": "markercluster/leaflet.markercluster.js",
    "supercluster": "supercluster/supercluster.min.js",  # clusters the app's maps of many thousand sites
}
STYLES = {"leaflet_css": "leaflet/leaflet.css", "markercluster_css": "markercluster/MarkerCluster.css"}
OWN_JS = VENDOR.parent / "js"
OWN_SERVED_AT = "/app/static/js"
# The map's own browser code, in the order it loads (memorymap.js first: the others extend it).
OWN_SCRIPTS = ("memorymap.js", "sites.js", "victims.js", "slider.js")


@functools.cache
def _own_version() -> str:
    """Return a digest of the map's own scripts, so a browser never runs a stale copy of them."""
    digest = hashlib.sha256()
    for name in OWN_SCRIPTS:
        digest.update((OWN_JS / name).read_bytes())
    return digest.hexdigest()[:12]


def serve_locally(fmap: folium.Map, base: str = SERVED_AT, own_base: str = OWN_SERVED_AT) -> folium.Map:
    """Make this map (only this one) load Leaflet and the map's own scripts from the app's server."""
    own = [(name.removesuffix(".js"), f"{own_base}/{name}?v={_own_version()}") for name in OWN_SCRIPTS]
    fmap.default_js = [(name, f"{base}/{path}") for name, path in SCRIPTS.items()] + own
    fmap.default_css = [(name, f"{base}/{path}") for name, path in STYLES.items()]
    return fmap


def inline_assets(fmap: folium.Map) -> folium.Map:
    """Write Leaflet's files and the map's own scripts into the page instead of linking them."""
    fmap.default_js, fmap.default_css = [], []
    header = fmap.get_root().header
    for path in STYLES.values():
        header.add_child(Element(f"<style>{(VENDOR / path).read_text(encoding='utf-8')}</style>"))
    scripts = [VENDOR / path for path in SCRIPTS.values()] + [OWN_JS / name for name in OWN_SCRIPTS]
    for path in scripts:
        code = path.read_text(encoding="utf-8")
        if "</script" in code.lower():
            raise ValueError(f"{path}: holds '</script', which would end the page's script early")
        header.add_child(Element(f"<script>{code}</script>"))
    return fmap


def missing() -> list[str]:
    """Return the asset files that `make assets` has not installed yet (or that are not in the repository)."""
    absent = [path for path in [*SCRIPTS.values(), *STYLES.values()] if not (VENDOR / path).is_file()]
    return absent + [f"static/js/{name}" for name in OWN_SCRIPTS if not (OWN_JS / name).is_file()]


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
