"""Measure the map at scale in one run; print one table and write it to docs/performance.md.

    .venv/bin/python scripts/bench.py [--no-browser] [--no-browser-100k] [--out docs/performance.md]

Server side: the feature groups the app sends (mapapp.mapbuild.site_layers, rendered to
JavaScript exactly as streamlit-folium does it) against two references measured in the same
run, the naive map (one folium.Marker and folium.Popup per site) and the floor (a minimal
GeoJSON of id and name, serialised with orjson). In Chromium: page load to markers drawn,
a slider change to the map updated, and the server's memory with one and twenty visitors.
Targets are reported PASS/FAIL; nothing is asserted. Every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
import orjson  # noqa: E402
from bench_data import synthetic_catalog, write_data_dir  # noqa: E402

from mapapp import escape, victims  # noqa: E402
from mapapp.dates import COUP  # noqa: E402
from mapapp.filters import Filter, filter_catalog  # noqa: E402
from mapapp.i18n import t  # noqa: E402
from mapapp.load import load_catalog  # noqa: E402
from mapapp.mapbuild import base_map, event_layer, route_layer, site_layers  # noqa: E402

try:  # the victims layer's drawing moved out of mapapp.victims; measure whichever the app uses
    from mapapp import victims_map as victims_drawing  # noqa: E402
except ImportError:  # pragma: no cover - older layout
    victims_drawing = victims

LANG = "en"
SIZES = (1_000, 10_000, 100_000)
BROWSER_SIZES = (1_000, 10_000)
NAIVE_BUDGET = 90.0  # seconds: the naive map is skipped where it would take longer
PACKAGES = ("streamlit", "streamlit-folium", "folium", "branca", "jinja2", "babel", "orjson", "psutil", "playwright")
SLIDER_SPANS = (dt.date(1976, 12, 31), dt.date(1980, 6, 30), dt.date(1984, 1, 1), dt.date(1988, 10, 5))


def best_of(fn, runs: int = 3, budget: float = 30.0):
    """Return (best seconds, last result) of up to `runs` calls, stopping once `budget` is spent."""
    times, result, began = [], None, time.perf_counter()
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        if time.perf_counter() - began > budget:
            break
    return min(times), result


# ---- server side ---------------------------------------------------------------------------


def feature_group_js(groups: list) -> str:
    """Return the JavaScript streamlit-folium sends for `groups` (group.render() on the fixed base map)."""
    from streamlit_folium import _get_feature_group_string

    fmap = base_map(None)
    fmap.get_root().render()
    return "".join(_get_feature_group_string(group, fmap, index) for index, group in enumerate(groups))


def app_groups(selection, catalog, layer) -> list:
    """Return the groups the map page draws with its default layers (and the victims layer, if any)."""
    groups = site_layers(selection, catalog, LANG)
    if catalog.routes or catalog.events:
        groups += [route_layer(selection, catalog, LANG), event_layer(selection, catalog, LANG)]
    if layer is not None:
        groups.append(victims_drawing.victims_layer(layer, COUP, None, LANG))
    return groups


def points(selection, catalog, layer) -> list[tuple[str, str, float, float, str]]:
    """Return (id, name, lon, lat, popup) for every point the app draws: sites, events, victims.

    The popup is the escaped name (and a site's category), as the app's map popup shows it.
    """
    found = []
    for site in selection.sites:
        name = site.name.get(LANG)
        popup = f"<strong>{escape.text(name)}</strong><br>{escape.text(t('category.' + site.category, LANG))}"
        found.append((site.id, name, site.lon, site.lat, popup))
    for event in selection.events:
        where = catalog.sites.get(event.site) or event.place
        if where is not None:
            title = event.title.get(LANG)
            found.append((event.id, title, where.lon, where.lat, escape.text(title)))
    if layer is not None:
        for person in victims_drawing.people_in_span(layer, COUP, None):
            for place in person.places:
                if place.lon is not None:
                    found.append((person.id, person.name, place.lon, place.lat, escape.text(person.name)))
    return found


def floor_bytes(selection, catalog, layer) -> bytes:
    """Return the minimal GeoJSON of the same points (id and name), serialised with orjson."""
    features = [
        {
            "type": "Feature",
            "id": pid,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"id": pid, "name": name},
        }
        for pid, name, lon, lat, _ in points(selection, catalog, layer)
    ]
    return orjson.dumps({"type": "FeatureCollection", "features": features})


def naive_html(selection, catalog, layer) -> str:
    """Return the naive map: one folium.Marker with a folium.Popup per point, rendered."""
    fmap = folium.Map(location=(-36.5, -71.0), zoom_start=4, tiles=None)
    for _, name, lon, lat, popup in points(selection, catalog, layer):
        folium.Marker((lat, lon), popup=folium.Popup(popup), tooltip=name).add_to(fmap)
    return fmap.get_root().render()


def measure_build(label: str, catalog, layer=None, naive_estimate: float | None = None) -> dict:
    selection = filter_catalog(catalog, Filter())
    n = len(selection.sites)
    runs = 3 if n <= 10_000 else 1
    build, js = best_of(lambda: feature_group_js(app_groups(selection, catalog, layer)), runs, budget=20)
    floor, data = best_of(lambda: floor_bytes(selection, catalog, layer), 5, budget=10)
    row = {
        "label": label,
        "sites": n,
        "build": build,
        "bytes": len(js.encode()),
        "floor": floor,
        "floor_bytes": len(data),
        "naive": None,
        "naive_bytes": None,
        "naive_note": "",
    }
    if naive_estimate is not None and naive_estimate > NAIVE_BUDGET:
        row["naive_note"] = f"skipped (about {naive_estimate:.0f} s by extrapolation)"
    else:
        row["naive"], html = best_of(lambda: naive_html(selection, catalog, layer), 1 if n >= 10_000 else 3, budget=8)
        row["naive_bytes"] = len(html.encode())
    print(
        f"  {label}: build {build:.2f} s, {len(js.encode()) / 1e6:.2f} MB; floor {floor:.3f} s; "
        f"naive {row['naive'] if row['naive'] is not None else row['naive_note']}",
        flush=True,
    )
    return row


def measure_slider(catalog) -> dict:
    """Return the best server-side cost of a slider change (filter + layers + JS) over several spans."""
    costs, parts = [], {"filter": [], "layers": [], "render": []}
    began = time.perf_counter()
    for end in SLIDER_SPANS:
        gc.collect()
        t0 = time.perf_counter()
        selection = filter_catalog(catalog, Filter(end=end))
        t1 = time.perf_counter()
        groups = site_layers(selection, catalog, LANG)
        t2 = time.perf_counter()
        feature_group_js(groups)
        t3 = time.perf_counter()
        costs.append(t3 - t0)
        for key, value in zip(parts, (t1 - t0, t2 - t1, t3 - t2), strict=True):
            parts[key].append(value)
        if time.perf_counter() - began > 40:
            break
    best = costs.index(min(costs))
    return {"best": costs[best], "runs": len(costs), **{key: values[best] for key, values in parts.items()}}


def measure_base_map() -> float:
    """Return what st_folium spends on the fixed base map (communes layer) on every rerun."""
    from streamlit_folium import _get_map_string

    from mapapp import boundaries

    communes = boundaries.communes_geojson()

    def once():
        fmap = base_map(communes)
        fmap.get_root().render()
        return _get_map_string(fmap)

    return best_of(once, 3, budget=20)[0]


def profile_build(catalog, top: int = 12) -> str:
    """Return the top of a cProfile of building and rendering the layers for `catalog`."""
    import cProfile
    import io
    import pstats

    selection = filter_catalog(catalog, Filter())
    profiler = cProfile.Profile()
    profiler.runcall(lambda: feature_group_js(site_layers(selection, catalog, LANG)))
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# ---- browser -------------------------------------------------------------------------------


def browser_run(catalogs: dict[int, object], sizes: tuple[int, ...], deadline: float) -> dict:
    """Return load and slider times per size, and the server's memory with 1 and 20 visitors."""
    import bench_browser as bb
    from playwright.sync_api import sync_playwright

    found: dict = {"sizes": {}, "memory": None, "notes": []}
    if not Path(bb.CHROMIUM).is_file():
        found["notes"].append(f"Chromium not installed at {bb.CHROMIUM}: browser figures not measured")
        return found
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=bb.CHROMIUM, args=bb.FLAGS)
        try:
            for size in sizes:
                if time.monotonic() > deadline:
                    found["notes"].append(f"browser at {size:,} sites skipped: the run's time budget was spent")
                    continue
                print(f"  browser at {size:,} sites", flush=True)
                found["sizes"][size] = _browser_size(bb, browser, catalogs[size], size, found)
        finally:
            browser.close()
    return found


def _browser_size(bb, browser, catalog, size: int, found: dict) -> dict:
    everything = len(filter_catalog(catalog, Filter()).sites)
    at_coup = len(filter_catalog(catalog, Filter(end=COUP)).sites)
    timeout = {1_000: 90, 10_000: 240}.get(size, 240)
    result: dict = {"sites": everything}
    with tempfile.TemporaryDirectory(prefix="bench-data-") as folder:
        write_data_dir(catalog, Path(folder))
        app = bb.App(Path(folder))
        contexts = []
        try:
            url = f"{app.url}/?lang={LANG}"
            result["cold"], context, page = bb.load_time(browser, url, everything, timeout)
            contexts.append(context)
            if result["cold"] is None:
                result["note"] = f"markers not all drawn within {timeout} s"
                return result
            if size > 10_000:  # one load is the figure asked for; a second would cost minutes
                result["note"] = "first load only at this size"
                return result
            if size < 10_000:  # at 10,000 a second load costs minutes: the slider runs on the first page
                context.close()
                contexts.clear()
                result["warm"], context, page = bb.load_time(browser, url, everything, timeout)
                contexts.append(context)
            bb.settle(page, timeout)
            result["narrow"] = [bb.slider_change(page, "Home", at_coup, timeout)]
            result["widen"] = [bb.slider_change(page, "End", everything, timeout)]
            if size == 10_000:
                time.sleep(3)
                one = app.rss()
                twenty = bb.visitors(browser, app, url, 19, timeout=240)
                found["memory"] = {"sites": everything, "one": one, **twenty}
        finally:
            for context in contexts:
                context.close()
            app.stop()
    return result


# ---- report --------------------------------------------------------------------------------


def machine() -> list[str]:
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")), "?")
    import psutil

    memory = psutil.virtual_memory().total / 2**30
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    try:
        chromium = subprocess.run(
            ["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=20
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chromium = "not installed"
    return [
        f"- CPU: {model}, {os.cpu_count()} cores visible (psutil: {psutil.cpu_count(logical=False)} physical)",
        f"- Memory: {memory:.1f} GiB",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()}; {', '.join(versions)}",
        f"- Browser: {chromium}",
    ]


def seconds(value: float | None) -> str:
    return "-" if value is None else (f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s")


def megabytes(value: int | None) -> str:
    return "-" if value is None else f"{value / 1e6:.2f} MB"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def build_table(rows: list[dict]) -> list[str]:
    lines = [
        "| data | sites | app build | floor build | build / floor | naive build | app bytes | floor bytes | bytes / floor | naive bytes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        naive = seconds(r["naive"]) if r["naive"] is not None else r["naive_note"]
        lines.append(
            f"| {r['label']} | {r['sites']:,} | {seconds(r['build'])} | {seconds(r['floor'])} | "
            f"{r['build'] / r['floor']:.0f}x | {naive} | {megabytes(r['bytes'])} | {megabytes(r['floor_bytes'])} | "
            f"{r['bytes'] / r['floor_bytes']:.2f}x | {megabytes(r['naive_bytes'])} |"
        )
    return lines


def browser_table(found: dict) -> list[str]:
    lines = [
        "| sites | first load to markers (cold server) | load to markers (warm) | slider narrow: first change / settled | slider widen: first change / settled | map kept mounted |",
        "|---:|---:|---:|---:|---:|---|",
    ]
    for size, r in found["sizes"].items():

        def best(key, part, r=r):
            values = [item[part] for item in r.get(key, []) if item[part] is not None]
            return min(values) if values else None

        kept = all(item["kept_mounted"] for item in r.get("narrow", []) + r.get("widen", [])) if "narrow" in r else None
        lines.append(
            f"| {size:,} | {seconds(r.get('cold'))} | {seconds(r.get('warm'))} | "
            f"{seconds(best('narrow', 'first'))} / {seconds(best('narrow', 'settled'))} | "
            f"{seconds(best('widen', 'first'))} / {seconds(best('widen', 'settled'))} | "
            f"{'-' if kept is None else ('yes' if kept else 'NO (remounted)')} |"
            + (f" {r['note']}" if r.get("note") else "")
        )
    return lines


def targets(rows, slider, found) -> list[str]:
    at = {r["label"]: r for r in rows}
    ten = at.get("synthetic 10,000")
    lines = []
    if ten:
        ratio = ten["build"] / ten["floor"]
        lines.append(f"{verdict(ratio <= 3)}  build at 10,000 within 3x the floor: {ratio:.0f}x")
        ratio = ten["bytes"] / ten["floor_bytes"]
        lines.append(f"{verdict(ratio <= 1.3)}  bytes at 10,000 within 1.3x the floor: {ratio:.2f}x")
    lines.append(
        f"{verdict(slider['best'] < 0.3)}  slider change at 10,000, server side, under 0.3 s: {seconds(slider['best'])}"
    )
    b10 = found["sizes"].get(10_000, {}) if found else {}
    moves = b10.get("narrow", []) + b10.get("widen", [])
    first = [m["first"] for m in moves if m["first"] is not None]
    mounted = all(m["kept_mounted"] for m in moves) if moves else None
    ok = None if not moves else bool(first) and max(first) < 0.5 and mounted
    shown = (
        "not measured"
        if not moves
        else f"slowest {seconds(max(first)) if first else 'timeout'}, kept mounted: {mounted}"
    )
    lines.append(f"{verdict(ok)}  slider change at 10,000 in the browser under 0.5 s, map not remounted: {shown}")
    hundred = at.get("synthetic 100,000")
    b100 = found["sizes"].get(100_000) if found else None
    if b100 is not None:
        ok = b100.get("cold") is not None
        shown = f"markers drawn after {seconds(b100.get('cold'))}" if ok else b100.get("note", "not drawn")
    else:
        ok = None
        shown = (
            f"server build {seconds(hundred['build'])}, {megabytes(hundred['bytes'])} of JS; browser not run"
            if hundred
            else "not run"
        )
    lines.append(f"{verdict(ok)}  at 100,000 the map still draws: {shown}")
    memory = found.get("memory") if found else None
    if memory:
        extra = memory["rss"] - memory["one"]
        lines.append(
            f"{verdict(extra < 50e6)}  twenty visitors under 50 MB more than one: +{extra / 1e6:.0f} MB"
            + ("" if memory["idle"] is not None else " (server still busy when sampled)")
        )
    else:
        lines.append("n/a   twenty visitors under 50 MB more than one: not measured")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true", help="server-side figures only")
    parser.add_argument("--no-browser-100k", action="store_true", help="leave out the browser run at 100,000 sites")
    parser.add_argument("--budget", type=float, default=14 * 60, help="seconds after which optional parts are skipped")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args(argv)
    began, load_before = time.monotonic(), os.getloadavg()

    print("building synthetic catalogues", flush=True)
    catalogs = {size: synthetic_catalog(size) for size in SIZES}
    real, layer = load_catalog(), victims.load_layer()

    print("server side: layers and their JavaScript", flush=True)
    rows, estimate = [], None
    for size in SIZES:
        rows.append(measure_build(f"synthetic {size:,}", catalogs[size], naive_estimate=estimate))
        if rows[-1]["naive"] is not None:
            # the next size is ten times larger, and folium's render grows a little faster than linearly
            estimate = rows[-1]["naive"] * 10 * 1.2
    rows.append(measure_build("real data + victims", real, layer))
    print("server side: slider change at 10,000", flush=True)
    slider = measure_slider(catalogs[10_000])
    base = measure_base_map()
    profile = profile_build(catalogs[10_000])

    found: dict = {"sizes": {}, "memory": None, "notes": []}
    if args.no_browser:
        found["notes"].append("browser figures not measured (--no-browser)")
    else:
        sizes = BROWSER_SIZES if args.no_browser_100k else (*BROWSER_SIZES, 100_000)
        if args.no_browser_100k:
            found["notes"].append("browser at 100,000 sites left out (--no-browser-100k)")
        found = _merge(found, browser_run(catalogs, sizes, began + args.budget * 0.75))

    shown = lambda loads: " / ".join(f"{value:.1f}" for value in loads)  # noqa: E731
    loads = f"load average (1 / 5 / 15 min) {shown(load_before)} at the start, {shown(os.getloadavg())} at the end"
    report = render(rows, slider, base, found, profile, time.monotonic() - began, loads)
    print("\n".join(report["console"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(report["markdown"]) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}")
    return 0


def _merge(found: dict, measured: dict) -> dict:
    return {"sizes": measured["sizes"], "memory": measured["memory"], "notes": found["notes"] + measured["notes"]}


def render(rows, slider, base, found, profile, took, loads) -> dict:
    memory = found.get("memory")
    slider_line = (
        f"Slider change at 10,000 sites, server side (best of {slider['runs']} spans): {seconds(slider['best'])} "
        f"= filter_catalog {seconds(slider['filter'])} + site_layers {seconds(slider['layers'])} "
        f"+ render to JS {seconds(slider['render'])}. On every rerun st_folium also renders the fixed "
        f"base map with the communes layer: {seconds(base)}."
    )
    memory_line = (
        f"Server memory at {memory['sites']:,} sites (RSS of streamlit and children): one visitor "
        f"{memory['one'] / 1e6:.0f} MB; twenty at once {memory['rss'] / 1e6:.0f} MB "
        f"(+{(memory['rss'] - memory['one']) / 1e6:.0f} MB, peak {memory['peak'] / 1e6:.0f} MB, "
        + (
            f"server quiet {memory['idle']:.0f} s after they opened)."
            if memory["idle"] is not None
            else "server still busy after 240 s)."
        )
        if memory
        else "Server memory: not measured."
    )
    checks = targets(rows, slider, found)
    table = build_table(rows)
    browser = browser_table(found) if found["sizes"] else ["Browser figures not measured."]
    notes = [f"- {note}" for note in found["notes"]]
    console = [
        "",
        *table,
        "",
        slider_line,
        "",
        *browser,
        "",
        memory_line,
        "",
        "Targets:",
        *checks,
        *notes,
        f"\nwhole run: {took / 60:.1f} min",
    ]
    markdown = [
        "# Performance at scale",
        "",
        f"Measured by `scripts/bench.py` (`make bench`) on {dt.date.today().isoformat()}, in one run of {took / 60:.1f} min.",
        "Re-run it after any change to `mapapp/mapbuild.py`, `mapapp/cards.py` or `mapapp/ui.py` and commit this page.",
        "",
        "## Machine",
        "",
        *machine(),
        f"- During the run: {loads}; the machine is shared, so the browser figures carry other work's noise.",
        "",
        "## What is measured",
        "",
        "- Data: seeded synthetic catalogues of 1,000, 10,000 and 100,000 sites built as `mapapp.model`",
        "  objects (names 20-60 characters, summaries 300-800, 1-3 periods in 1973-1990, points in Chile's",
        "  mainland box, every category, citations to five sources), and the real `geodata/` with the victims layer.",
        "- App build: `site_layers` (plus `route_layer`, `event_layer` and `victims_layer` for the real data)",
        "  and their JavaScript as streamlit-folium makes it (`group.render()` and its leaflet string, per",
        "  feature group, on the fixed base map); app bytes are the bytes of that JavaScript. Best of up to 3.",
        "- Floor: the minimal GeoJSON FeatureCollection of the same points with id and name, built and",
        "  serialised with orjson (the floor's time covers building the dicts too). Naive: one `folium.Marker`",
        "  with a tooltip and a `folium.Popup` (escaped name, and a site's category) per point on a `folium.Map`,",
        "  `get_root().render()`.",
        "- Browser: Debian's Chromium through Playwright, flags and network cut as in `tests/browser/conftest.py`,",
        "  the real app (`streamlit run app.py`) on the synthetic data written as a data directory (`MAPAPP_DATA`).",
        "  Site markers are the iframe's `.site-marker` elements plus the canvas shape markers on the map (the app",
        "  draws a layer of more than 1,500 sites on a canvas, where there is no element to count).",
        "  Load: navigation to every site marker drawn in the map's iframe; the cold figure includes the",
        "  server loading the catalogue. Slider: the span's end thumb, Home (narrow to 11 Sep 1973) or End (widen",
        "  again); first change = the iframe's site-marker count changes, settled = it reaches the filter's count.",
        "  Mounted: a mark set on the iframe's window survives the change. At 10,000 the slider runs on the first",
        "  page (a second load costs minutes); at 100,000 only the first load is tried, if the time budget allows.",
        "- Memory: RSS of the streamlit process and its children with the one page above open, then with 19 more",
        "  browser contexts opened at once, sampled when the server's CPU has been quiet for 4 s (peak sampled",
        "  every 0.25 s meanwhile).",
        "",
        "## Build and bytes",
        "",
        *table,
        "",
        "## Slider change, server side",
        "",
        slider_line,
        "",
        "## In the browser",
        "",
        *browser,
        "",
        "## Memory",
        "",
        memory_line,
        "",
        "## Targets",
        "",
        "```",
        *checks,
        "```",
        *([""] + notes if notes else []),
        "",
        "## Where the time goes (cProfile, build at 10,000 sites, top by cumulative time)",
        "",
        "```",
        *[line.rstrip() for line in profile.strip().splitlines()[:40]],
        "```",
    ]
    return {"console": console, "markdown": markdown}


if __name__ == "__main__":
    sys.exit(main())
