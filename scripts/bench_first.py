"""The benchmark's first-mark figures: each page against its floor, measured side by side.

    pages_vs_floors   the app on the real data against a bare Streamlit page (one line of text),
                      and the published static site and an exported file against a plain
                      Leaflet page loading the same sites as one GeoJSON file; the real-scale
                      app (the record plus synthetic inventory to 1,500 sites, victims on)
    drawing_at_scale  the app's own map code without Streamlit at 10,000 (slider views applied
                      straight to the store), 100,000 and 1,000,000 sites

Servers are warm: each page is loaded once unmeasured, then the pages of a comparison are
loaded in turn, round after round, so the machine's load falls on each alike. Each load is a
new browser context (nothing cached). Medians and the slowest are reported.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import bench_browser as bb
import bench_pages as bp
from bench_data import real_scale_dir, synthetic_catalog, synthetic_store

ROOT = Path(__file__).resolve().parents[1]
LANG = "en"
ROUNDS = 5
SCALE_TOTAL = 1_500
LAYERS = "sites,routes,events,victims"


def _summary(times: list[float | None]) -> dict:
    done = sorted(value for value in times if value is not None)
    return {
        "median": statistics.median(done) if done else None,
        "slowest": done[-1] if done else None,
        "runs": len(done),
        "failed": len(times) - len(done),
    }


def side_by_side(browser, pages: dict[str, tuple[str, str]], rounds: int, timeout: float = 90) -> dict:
    """Load each page (name: (url, selector)) once to warm it, then `rounds` times in turn;
    return each page's first-mark summary."""
    for url, selector in pages.values():
        bp.first_mark(browser, url, selector, timeout)
    times: dict[str, list] = {name: [] for name in pages}
    for _ in range(rounds):
        for name, (url, selector) in pages.items():
            times[name].append(bp.first_mark(browser, url, selector, timeout))
    return {name: _summary(values) for name, values in times.items()}


def pages_vs_floors(browser, real, folder: Path, rounds: int = ROUNDS) -> dict:
    """Return the first-mark summaries of the app, its floors, the static site, the export and
    the real-scale app, and the bytes of the files the static pages load."""
    from mapapp.publish import publish
    from mapapp.standalone import standalone_html
    from mapapp.viewstate import ViewState

    files = bp.Files(folder / "files")
    found: dict = {"bytes": {}}
    try:
        geojson = bp.sites_geojson(real)
        plain = bp.plain_leaflet(files, "plain", geojson)
        publish(real, folder / "files" / "site")
        export = files.write("export.html", standalone_html(real, ViewState(lang=LANG)))
        found["bytes"] = {
            "plain": len(bp.PLAIN_LEAFLET) + len(geojson),
            "static": (folder / "files" / "site" / LANG / "map.html").stat().st_size,
            "export": (folder / "files" / "export.html").stat().st_size,
        }
        print("  first mark: plain Leaflet, static site, exported file", flush=True)
        found.update(
            side_by_side(
                browser,
                {
                    "plain": (plain, bp.LEAFLET_MARK),
                    "static": (f"{files.url}/site/{LANG}/map.html", bp.MARKS),
                    "export": (export, bp.MARKS),
                },
                rounds,
            )
        )
        print("  first mark: bare Streamlit page, the app on the real data, the real-scale app", flush=True)
        scale_dir = real_scale_dir(real, ROOT / "geodata", folder / "scale-data", SCALE_TOTAL)
        servers = [bp.Bare(folder), bb.App(ROOT / "geodata"), bb.App(scale_dir)]
        try:
            bare, app, scale = servers
            found.update(
                side_by_side(
                    browser,
                    {
                        "bare": (bare.url, bp.Bare.SELECTOR),
                        "app": (f"{app.url}/?lang={LANG}", bp.MARKS),
                        "scale": (f"{scale.url}/?lang={LANG}&layers={LAYERS}", bp.MARKS),
                    },
                    rounds,
                )
            )
        finally:
            for server in servers:
                server.stop()
    finally:
        files.stop()
    found["scale_sites"] = SCALE_TOTAL
    return found


def drawing_at_scale(browser, folder: Path, deadline: float, repeats: int = 3) -> dict:
    """Return the drawing page's figures: at 10,000 sites the slider's views applied to the store
    (narrow to the coup, widen again), at 100,000 and 1,000,000 the time to every site drawn."""
    import datetime as dt

    from mapapp.dates import COUP
    from mapapp.filters import Filter, filter_catalog
    from mapapp.sitestore import store_payload, view_code

    files = bp.Files(folder / "drawing")
    found: dict = {}
    try:
        catalog = synthetic_catalog(10_000)
        full = view_code(catalog, filter_catalog(catalog, Filter()))
        narrow = view_code(catalog, filter_catalog(catalog, Filter(end=COUP)))
        middle = view_code(catalog, filter_catalog(catalog, Filter(end=dt.date(1980, 6, 30))))
        payload = store_payload(catalog, LANG)
        # The same views drawn by supercluster (the app's drawing at this size) and, for the
        # comparison, by Leaflet.markercluster (the drawing of smaller stores).
        for engine, many_at in (("supercluster", None), ("markercluster", 10**9)):
            print(f"  drawing page at 10,000 sites, {engine}", flush=True)
            url = bp.drawing_page(files, f"sites-10000-{engine}", payload, full, many_at)
            result = bp.drawn(browser, url, 10_000, 180)
            if result["all"] is not None:
                result["page"].wait_for_timeout(1000)
                moves = bp.views(result["page"], [narrow, full, middle, full] * repeats)
                found[(10_000, engine)] = {"first": result["first"], "all": result["all"], "moves": moves}
            else:
                found[(10_000, engine)] = {"error": result.get("error")}
            result["context"].close()
        for size in (100_000, 1_000_000):
            if time.monotonic() > deadline:
                found[size] = {"note": "skipped: the run's time budget was spent"}
                continue
            print(f"  drawing page at {size:,} sites", flush=True)
            url = bp.drawing_page(files, f"sites-{size}", synthetic_store(size, LANG), "0" * size)
            result = bp.drawn(browser, url, size, 300)
            result["context"].close()
            found[size] = {key: result.get(key) for key in ("first", "all", "error")}
    finally:
        files.stop()
    return found
