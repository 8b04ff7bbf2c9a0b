"""Pages the benchmark opens besides the app: files on a plain HTTP server, and their first mark.

    Files            a folder served on a free local port (the repository's static/ linked in)
    plain_leaflet    the floor: Leaflet alone, the sites fetched as one GeoJSON file
    drawing_page     the app's own map code (base map, site store, one view) without Streamlit
    first_mark       seconds from navigation to the first mark drawn, in the page or any frame

A first mark is the first element matching a selector (a `.site-cluster` or `.site-marker` for
the app's maps, Leaflet's `.leaflet-marker-icon` for the plain page, the line of text for the
bare Streamlit page) found in the page or in any of its frames (looked for every 10 ms), timed at the frame
drawn after it is found, by a script the browser runs in every frame before the page's own.
"""

from __future__ import annotations

import functools
import http.server
import statistics
import threading
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
MARKS = ".site-cluster, .site-marker"
LEAFLET_MARK = ".leaflet-marker-icon"

# Runs in every frame before its own scripts: note when the first element matching SELECTOR is
# drawn, on the top window (frames of the same origin) and on the frame itself.
FIRST_MARK_JS = """
(() => {
  const SELECTOR = %s;
  // Looked for every 10 ms, timed at the next frame drawn: a MutationObserver, or a chain of
  // animation frames, is lost when a frame's document is rewritten (the map's component frame).
  const timer = setInterval(() => {
    if (!document.querySelector(SELECTOR)) { return; }
    clearInterval(timer);
    requestAnimationFrame(() => {
      const at = performance.timeOrigin + performance.now();
      window.__firstMark = window.__firstMark || at;
      try { if (!window.top.__firstMark || window.top.__firstMark > at) { window.top.__firstMark = at; } } catch (e) {}
    });
  }, 10);
})();
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the benchmark prints its own lines
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # each load fetches as a first visit does
        super().end_headers()


class Files:
    """A folder served over HTTP on a free local port, with the repository's static/ at
    /static/ and /app/static/ (where the app's pages look for Leaflet and the map's scripts)."""

    def __init__(self, folder: Path):
        self.folder = folder
        (folder / "app").mkdir(parents=True, exist_ok=True)
        for link in (folder / "static", folder / "app" / "static"):
            if not link.exists():
                link.symlink_to(ROOT / "static")
        handler = functools.partial(_Quiet, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def write(self, name: str, data: str | bytes) -> str:
        """Write a file into the folder; return its address."""
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return f"{self.url}/{name}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


PLAIN_LEAFLET = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Plain Leaflet</title>
<link rel="stylesheet" href="/static/vendor/leaflet/leaflet.css">
<script src="/static/vendor/leaflet/leaflet.js"></script>
<style>html, body, #map { height: 100%%; margin: 0 }</style></head>
<body><div id="map"></div><script>
var map = L.map("map").setView([-36.5, -71.0], 4);
fetch(%s).then(function (r) { return r.json(); }).then(function (d) { L.geoJSON(d).addTo(map); });
</script></body></html>
"""


def plain_leaflet(files: Files, name: str, geojson: bytes) -> str:
    """Write the floor page: Leaflet's own markers for the features of `geojson`, fetched as one file."""
    files.write(f"{name}.geojson", geojson)
    return files.write(f"{name}.html", PLAIN_LEAFLET % orjson.dumps(f"{name}.geojson").decode())


def drawing_page(files: Files, name: str, payload: dict, code: str, many_at: int | None = None) -> str:
    """Write a page drawing the site store `payload` with the app's own map code (mapapp.mapbuild's
    base map, mapapp.sitestore's store and view), offline, without Streamlit; return its address.
    `many_at`: the store size from which supercluster draws the sites (default: the app's)."""
    from mapapp.mapbuild import base_map
    from mapapp.sitestore import SiteStore, SiteView

    files.write(f"{name}.json", orjson.dumps(payload))
    fmap = base_map(None, offline=True)
    store = SiteStore(url=f"/{name}.json")
    if many_at is not None:
        store.options["manyAt"] = many_at
    store.add_to(fmap)
    SiteView(code).add_to(fmap)
    return files.write(f"{name}.html", fmap.get_root().render())


def new_page(browser, selector: str):
    """Return a context and page cut off from other hosts, noting the first `selector` drawn."""
    import bench_browser as bb

    context, page = bb.new_page(browser)
    context.add_init_script(FIRST_MARK_JS % orjson.dumps(selector).decode())
    return context, page


def first_mark(browser, url: str, selector: str, timeout: float = 60) -> float | None:
    """Open url in a new context; return seconds from navigation to the first `selector` drawn."""
    context, page = new_page(browser, selector)
    try:
        page.goto(url, wait_until="commit", timeout=timeout * 1000)
        page.wait_for_function("() => window.__firstMark", timeout=timeout * 1000, polling=100)
        return page.evaluate("() => (window.__firstMark - performance.timeOrigin) / 1000")
    except Exception:  # noqa: BLE001 - a timeout is a result here
        return None
    finally:
        context.close()


def loads(browser, url: str, selector: str, count: int, timeout: float = 60) -> dict:
    """Return the first-mark times of `count` loads after one unmeasured (warming) load."""
    first_mark(browser, url, selector, timeout)
    times = [first_mark(browser, url, selector, timeout) for _ in range(count)]
    done = sorted(value for value in times if value is not None)
    return {
        "median": statistics.median(done) if done else None,
        "slowest": done[-1] if done else None,
        "runs": len(done),
        "failed": count - len(done),
    }


def drawn(browser, url: str, expected: int, timeout: float) -> dict:
    """Open a drawing page; return seconds from navigation to its first mark and to every site
    drawn, and the page (its context: the caller closes it); None where it timed out."""
    context, page = new_page(browser, MARKS)
    started = time.perf_counter()
    result: dict = {"first": None, "all": None, "context": context, "page": page}
    try:
        page.goto(url, wait_until="commit", timeout=timeout * 1000)
        script = "n => { const s = window.__mapappSites; return !!s && s.ready && s.drawn() >= n; }"
        page.wait_for_function(script, arg=expected, timeout=timeout * 1000, polling=100)
        result["all"] = time.perf_counter() - started
        page.wait_for_function("() => window.__firstMark", timeout=10000, polling=100)
        result["first"] = page.evaluate("() => (window.__firstMark - performance.timeOrigin) / 1000")
    except Exception as error:  # noqa: BLE001 - a timeout is a result here
        result["error"] = str(error).splitlines()[0]
    return result


# A view applied straight to the store (no server): ms to the view applied and to the next frame drawn.
VIEW_JS = (
    "c => { const t = performance.now(); MemoryMap.view('sites', c, null); const a = performance.now();"
    " return new Promise(r => requestAnimationFrame(() => r([a - t, performance.now() - t,"
    " window.__mapappSites.drawn()]))); }"
)


def views(page, codes: list[str]) -> list[dict]:
    """Apply each view code in turn on a drawing page; return the time to applied and painted (s)."""
    found = []
    for code in codes:
        applied, painted, count = page.evaluate(VIEW_JS, code)
        expected = sum(1 for c in code if c != "-")
        found.append({"applied": applied / 1000, "painted": painted / 1000, "count_ok": count == expected})
    return found


class Bare:
    """The floor of the app: a Streamlit page showing one line of text, on a free port."""

    SELECTOR = "[data-testid='stMarkdownContainer'] p"

    def __init__(self, folder: Path):
        import subprocess
        import sys

        import bench_browser as bb

        script = folder / "bare.py"
        script.write_text('import streamlit as st\n\nst.markdown("Memory map")\n', encoding="utf-8")
        self.port = bb.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ]
        self.log = open(folder / "bare.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(command, cwd=folder, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self) -> None:
        import urllib.request

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("the bare Streamlit page did not answer within 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except Exception:  # noqa: BLE001
            self.process.kill()
        self.log.close()


def sites_geojson(catalog) -> bytes:
    """Return the catalogue's sites as the plain page loads them: one GeoJSON of points, id and name."""
    features = [
        {
            "type": "Feature",
            "id": site.id,
            "geometry": {"type": "Point", "coordinates": [round(site.lon, 5), round(site.lat, 5)]},
            "properties": {"id": site.id, "name": site.name.get("en")},
        }
        for site in catalog.sites_in_order
    ]
    return orjson.dumps({"type": "FeatureCollection", "features": features})
