"""The benchmark's report: the machine, the tables, the targets, and docs/performance.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGES = ("streamlit", "streamlit-folium", "folium", "branca", "jinja2", "babel", "orjson", "psutil", "playwright")

METHOD = """\
- Data: seeded synthetic catalogues of 1,000, 10,000 and 100,000 sites built as `mapapp.model`
  objects (names 20-60 characters, summaries 300-800, 1-3 periods in 1973-1990, points in Chile's
  mainland box, every category, citations to five sources), and the real `geodata/` with the victims layer.
- App build, first visit: the site store (`mapapp.sitestore.store_payload`, every site once, serialised
  with orjson: the file the browser fetches from `static/cache/`) plus the JavaScript streamlit-folium
  sends (`group.render()` and its leaflet string, per feature group): the store element, the sites' view
  (one character per site), and for the real data the routes, events and victims layers. App bytes: the
  store file plus that JavaScript. Bytes per rerun: that JavaScript without the store (what a slider
  change sends). Best of up to 3.
- Floor: the minimal GeoJSON FeatureCollection of the same points with id and name, built and
  serialised with orjson (the floor's time covers building the dicts too). Naive: one `folium.Marker`
  with a tooltip and a `folium.Popup` (escaped name, and a site's category) per point on a `folium.Map`,
  `get_root().render()`.
- Browser: Debian's Chromium through Playwright, flags and network cut as in `tests/browser/conftest.py`,
  the real app (`streamlit run app.py`) on the synthetic data written as a data directory (`MAPAPP_DATA`).
  Sites drawn are counted by the map's site store (each site alone or inside a cluster; the app draws
  sites close together as one numbered cluster, and a map of more than `ICON_LIMIT` sites on a canvas).
  Load: navigation to every site marker drawn in the map's iframe; the cold figure includes the
  server loading the catalogue. Slider: the span's end thumb, Home (narrow to 11 Sep 1973) then End (widen
  again), three rounds on the same page; medians and the slowest are shown. Times are taken inside
  the page, from the key press to the first view the map's site store
  applied that changed markers (applied) and to the next frame the browser drew (painted); then the
  marker count is checked once against the filter's. Mounted: a mark set on the iframe's window survives
  the change. At 10,000 the slider runs on the first page (a second load costs minutes); at 100,000 a
  cold and a warm load are tried, if the time budget allows.
- First mark: seconds from navigation to the first site mark (a `.site-cluster` or `.site-marker`)
  drawn in the page or its map's frame (`scripts/bench_pages.py`: looked for every 10 ms, timed at the
  next frame drawn), each load in a new browser context, servers warm (one load unmeasured first).
  The pages of a comparison are loaded in turn, round after round, so the machine's load falls on
  each alike; medians and the slowest. Floors: a bare Streamlit page showing one line of text (its
  text drawn), and a plain Leaflet page fetching the same sites as one GeoJSON file (id and name) from
  a plain HTTP server on this machine (Leaflet's first `.leaflet-marker-icon`). The published static
  site (`mapapp publish`, its `en/map.html`) and an exported file (`mapapp export --format html`) are
  served by the same plain server. Real scale: the record plus synthetic inventory entries to 1,500
  sites (`scripts/bench_data.py real_scale_dir`), with the routes, events and victims layers on.
- Drawing at scale: the app's own map code (base map, site store, one view) on a page of its own,
  without Streamlit (`bench_pages.drawing_page`); time to every site drawn (in a cluster or alone;
  `store.drawn()` leaves out markers a cluster group still holds in a chunk). At 10,000 the slider's
  views (narrow to the coup, widen, narrow to mid-1980, widen; three rounds) are applied straight to the
  store and timed in the page to the view applied and to the next frame drawn, once drawn by
  supercluster (the app's drawing beyond `MANY_SITES`) and once by Leaflet.markercluster.
- Memory: RSS of the streamlit process and its children with the one page above open, then with 19 more
  browser contexts opened at once, sampled when the server's CPU has been quiet for 4 s (peak sampled
  every 0.25 s meanwhile).
""".splitlines()


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
        "| data | sites | app build (first visit) | floor build | build / floor | naive build "
        "| app bytes (first visit) | floor bytes | bytes / floor | bytes per rerun | naive bytes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        naive = seconds(r["naive"]) if r["naive"] is not None else r["naive_note"]
        lines.append(
            f"| {r['label']} | {r['sites']:,} | {seconds(r['build'])} | {seconds(r['floor'])} | "
            f"{r['build'] / r['floor']:.1f}x | {naive} | {megabytes(r['bytes'])} | {megabytes(r['floor_bytes'])} | "
            f"{r['bytes'] / r['floor_bytes']:.2f}x | {megabytes(r['rerun_bytes'])} | {megabytes(r['naive_bytes'])} |"
        )
    return lines


def _moves(result: dict) -> list[dict]:
    return result.get("narrow", []) + result.get("widen", [])


def _spread(moves: list[dict], part: str) -> str:
    """Return 'median (slowest)' of one timing over the changes, or '-'."""
    values = sorted(move[part] for move in moves if move[part] is not None)
    if not values:
        return "-"
    missing = len(moves) - len(values)
    shown = f"{seconds(statistics.median(values))} ({seconds(values[-1])})"
    return shown + (f", {missing} timed out" if missing else "")


def browser_table(found: dict) -> list[str]:
    lines = [
        "| sites | first load to markers (cold server) | load to markers (warm) | slider narrow: applied / painted "
        "| slider widen: applied / painted | marker count right | map kept mounted |",
        "|---:|---:|---:|---:|---:|---|---|",
    ]
    for size, r in found["sizes"].items():
        moves = _moves(r)
        counted = "-" if not moves else ("yes" if all(m["count_ok"] for m in moves) else "NO")
        kept = "-" if not moves else ("yes" if all(m["kept_mounted"] for m in moves) else "NO (remounted)")
        narrow, widen = r.get("narrow", []), r.get("widen", [])
        lines.append(
            f"| {size:,} | {seconds(r.get('cold'))} | {seconds(r.get('warm'))} | "
            f"{_spread(narrow, 'applied')} / {_spread(narrow, 'painted')} | "
            f"{_spread(widen, 'applied')} / {_spread(widen, 'painted')} | {counted} | {kept} |"
            + (f" {r['note']}" if r.get("note") else "")
        )
    lines.append("")
    lines.append("Slider times: median over the changes, slowest in brackets.")
    return lines


def targets(rows, slider, found) -> list[str]:
    at = {r["label"]: r for r in rows}
    ten = at.get("synthetic 10,000")
    lines = []
    if ten:
        ratio = ten["build"] / ten["floor"]
        lines.append(f"{verdict(ratio <= 3)}  build at 10,000 within 3x the floor: {ratio:.1f}x")
        ratio = ten["bytes"] / ten["floor_bytes"]
        lines.append(f"{verdict(ratio <= 1.3)}  bytes at 10,000 within 1.3x the floor: {ratio:.2f}x")
    lines.append(
        f"{verdict(slider['best'] < 0.3)}  slider change at 10,000, server side, under 0.3 s: {seconds(slider['best'])}"
    )
    moves = _moves(found["sizes"].get(10_000, {}) if found else {})
    painted = sorted(m["painted"] for m in moves if m["painted"] is not None)
    ok = None
    if moves:
        ok = len(painted) == len(moves) and statistics.median(painted) <= 0.2
        ok = ok and all(m["kept_mounted"] and m["count_ok"] for m in moves)
    shown = (
        "not measured"
        if not moves
        else f"median {seconds(statistics.median(painted)) if painted else 'timeout'} to the frame drawn over "
        f"{len(moves)} changes (slowest {seconds(painted[-1]) if painted else 'timeout'}), "
        f"kept mounted: {all(m['kept_mounted'] for m in moves)}, counts right: {all(m['count_ok'] for m in moves)}"
    )
    lines.append(
        f"{verdict(ok)}  slider change at 10,000 in the app painted within 200 ms (median), map not remounted: {shown}"
    )
    lines.append(_hundred(at.get("synthetic 100,000"), found["sizes"].get(100_000) if found else None))
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


def _hundred(row: dict | None, browser: dict | None) -> str:
    if browser is not None:
        warm = browser.get("warm")
        ok = warm is not None and warm <= 5
        shown = (
            f"every site drawn {seconds(warm)} after navigation, server warm (cold: {seconds(browser.get('cold'))})"
            if warm is not None
            else browser.get("note", "not drawn")
        )
        return f"{verdict(ok)}  at 100,000 the app draws every site within 5 s of the page load: {shown}"
    else:
        ok = None
        shown = (
            f"server build {seconds(row['build'])}, {megabytes(row['bytes'])}; browser not run" if row else "not run"
        )
    return f"{verdict(ok)}  at 100,000 the map still draws: {shown}"


def slider_text(slider: dict) -> str:
    return (
        f"Slider change at 10,000 sites, server side (best of {slider['runs']} spans): {seconds(slider['best'])} "
        f"= filter_catalog {seconds(slider['filter'])} + the sites' view {seconds(slider['view'])} "
        f"+ render to JS {seconds(slider['render'])} (the view's feature group, and the base map with the store "
        "and communes elements, which st_folium renders on every rerun; their data is fetched once, not re-sent)."
    )


def memory_text(memory: dict | None) -> str:
    if not memory:
        return "Server memory: not measured."
    quiet = (
        f"server quiet {memory['idle']:.0f} s after they opened)."
        if memory["idle"] is not None
        else "server still busy after 240 s)."
    )
    return (
        f"Server memory at {memory['sites']:,} sites (RSS of streamlit and children): one visitor "
        f"{memory['one'] / 1e6:.0f} MB; twenty at once {memory['rss'] / 1e6:.0f} MB "
        f"(+{(memory['rss'] - memory['one']) / 1e6:.0f} MB, peak {memory['peak'] / 1e6:.0f} MB, " + quiet
    )


def render(rows, slider, found, profile, took, loads, pages=None) -> dict:
    """Return the report as console lines and as the markdown of docs/performance.md."""
    pages = pages or {}
    checks = page_targets(pages) + targets(rows, slider, found)
    first = first_table(pages.get("first")) if pages.get("first") else ["First marks not measured."]
    drawing = drawing_table(pages.get("drawing")) if pages.get("drawing") else ["Drawing at scale not measured."]
    changes = changes_note(pages, found)
    table = build_table(rows)
    browser = browser_table(found) if found["sizes"] else ["Browser figures not measured."]
    notes = [f"- {note}" for note in found["notes"]]
    slider_line, memory_line = slider_text(slider), memory_text(found.get("memory"))
    console = [
        "",
        *first,
        "",
        *drawing,
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
    ]
    console.append(f"\nwhole run: {took / 60:.1f} min")
    markdown = [
        "# Performance at scale",
        "",
        f"Measured by `scripts/bench.py` (`make bench`) on {dt.date.today().isoformat()}, in one run of {took / 60:.1f} min.",
        "Re-run it after any change to `mapapp/mapbuild.py`, `mapapp/sitestore.py`, `mapapp/cards.py`,",
        "`static/js/` or `mapui/` and commit this page. Sections between `<!-- name:start -->` and",
        "`<!-- name:end -->` are written by other tools and kept as they are.",
        "",
        "## Machine",
        "",
        *machine(),
        f"- During the run: {loads}; the machine is shared, so the browser figures carry other work's noise.",
        "",
        "## What is measured",
        "",
        *METHOD,
        "",
        "## Targets",
        "",
        "```",
        *checks,
        "```",
        *(["", *notes] if notes else []),
        "",
        "## What changed, and what each change bought",
        "",
        *changes,
        "",
        "## First mark, against the floors",
        "",
        *first,
        "",
        "## Drawing at scale (the map's own code, without Streamlit)",
        "",
        *drawing,
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
        "## Where the time goes (cProfile, first visit's build at 10,000 sites, top by cumulative time)",
        "",
        "```",
        *[line.rstrip() for line in profile.strip().splitlines()[:40]],
        "```",
    ]
    return {"console": console, "markdown": markdown}


# ---- first marks, drawing at scale, and the note on what changed ---------------------------------

FIRST_ROWS = (  # (key, what, floor key, target ratio or None)
    ("bare", "bare Streamlit page, one line of text (floor)", None, None),
    ("app", "the app, real data", "bare", 1.5),
    ("scale", "the app, real scale: {sites:,} sites, victims on", "bare", None),
    ("plain", "plain Leaflet page, the same sites as one GeoJSON file (floor)", None, None),
    ("static", "published static site (`en/map.html`)", "plain", 1.5),
    ("export", "exported HTML file", "plain", 1.5),
)


def _ratio(pages: dict, key: str, floor: str) -> float | None:
    mine, base = pages.get(key, {}).get("median"), pages.get(floor, {}).get("median")
    return None if mine is None or not base else mine / base


def first_table(pages: dict) -> list[str]:
    lines = [
        "| page | first mark, median | slowest | loads | floor | ratio to the floor (medians) | target |",
        "|---|---:|---:|---:|---|---:|---|",
    ]
    for key, what, floor, target in FIRST_ROWS:
        r = pages.get(key)
        if not r:
            continue
        ratio = _ratio(pages, key, floor) if floor else None
        loads = f"{r['runs']}" + (f" ({r['failed']} timed out)" if r["failed"] else "")
        lines.append(
            f"| {what.format(sites=pages.get('scale_sites', 0))} | {seconds(r['median'])} | {seconds(r['slowest'])} | "
            f"{loads} | {floor or '-'} | {'-' if ratio is None else f'{ratio:.2f}x'} | "
            f"{'-' if target is None else f'within {target}x'} |"
        )
    sizes = pages.get("bytes", {})
    if sizes:
        lines += [
            "",
            f"Bytes the static pages load first: plain page and its GeoJSON {megabytes(sizes['plain'])}; the "
            f"published map {megabytes(sizes['static'])} and the exported file {megabytes(sizes['export'])} "
            "(one file each: Leaflet, the map's scripts and every site's card inside).",
        ]
    return lines


def _moves_text(moves: list[dict]) -> str:
    if not moves:
        return "- / -"
    return f"{_spread(moves, 'applied')} / {_spread(moves, 'painted')}"


def drawing_table(drawing: dict) -> list[str]:
    lines = [
        "| sites | drawn by | first mark | every site drawn | slider views at 10,000: applied / painted (median, slowest) |",
        "|---:|---|---:|---:|---|",
    ]
    for key, r in drawing.items():
        size, engine = key if isinstance(key, tuple) else (key, "supercluster")
        if r.get("note") or r.get("error"):
            lines.append(f"| {size:,} | {engine} | - | - | {r.get('note') or r.get('error')} |")
            continue
        lines.append(
            f"| {size:,} | {engine} | {seconds(r.get('first'))} | {seconds(r.get('all'))} | "
            f"{_moves_text(r.get('moves', [])) if 'moves' in r else '-'} |"
        )
    lines += ["", "Every site drawn: seconds from navigation until the store counts every site in a cluster or alone."]
    return lines


def _painted_median(moves: list[dict]) -> float | None:
    painted = [m["painted"] for m in moves if m.get("painted") is not None]
    return statistics.median(painted) if painted else None


def page_targets(pages: dict) -> list[str]:
    lines = []
    first = pages.get("first") or {}
    for key, what, floor, target in FIRST_ROWS:
        if target is None:
            continue
        ratio = _ratio(first, key, floor)
        shown = (
            "not measured"
            if ratio is None
            else f"{ratio:.2f}x ({seconds(first[key]['median'])} against {seconds(first[floor]['median'])})"
        )
        lines.append(
            f"{verdict(None if ratio is None else ratio <= target)}  first mark, {what} within {target}x the {floor} floor: {shown}"
        )
    drawing = pages.get("drawing") or {}
    million = drawing.get(1_000_000)
    if million is not None:
        ok = million.get("all") is not None
        shown = (
            f"every site drawn {seconds(million.get('all'))} after navigation (drawing page)"
            if ok
            else (million.get("note") or million.get("error") or "not drawn")
        )
        lines.append(f"{verdict(ok)}  1,000,000 sites drawn at all (clustered by supercluster): {shown}")
    hundred = drawing.get(100_000)
    if hundred is not None and hundred.get("all") is not None:
        lines.append(
            f"{verdict(hundred['all'] <= 5)}  at 100,000 the map's own code draws every site within 5 s (drawing page): {seconds(hundred['all'])}"
        )
    return lines


def changes_note(pages: dict, found: dict) -> list[str]:
    """Return what changed for issue 20, with what each change bought in this run's figures."""
    drawing = pages.get("drawing") or {}
    sc, mc = drawing.get((10_000, "supercluster"), {}), drawing.get((10_000, "markercluster"), {})
    sc_m, mc_m = _painted_median(sc.get("moves", [])), _painted_median(mc.get("moves", []))
    bought = (
        f"in this run a slider view at 10,000 sites is painted in {seconds(sc_m)} (median) by supercluster "
        f"against {seconds(mc_m)} by markercluster on the same page and views; every site drawn "
        f"{seconds(sc.get('all'))} against {seconds(mc.get('all'))} after navigation"
        if sc_m is not None and mc_m is not None
        else "not measured in this run"
    )
    return [
        "- **Sites beyond 3,000 are clustered by supercluster** (npm, vendored by `make assets` like",
        "  Leaflet.markercluster; `static/js/sites.js` `manySites`, `mapapp.mapcalls.MANY_SITES`). It indexes only",
        "  the sites a view shows, for the zooms near the map's, and draws only the marks of the part in view,",
        "  building a site's marker the first time it stands alone. markercluster keeps a marker per site in its",
        "  tree and, with `chunkedLoading`, returns from `addLayers` before it has added them all, so a clock",
        "  stopped when a view is applied stops too early. Bought: " + bought + ".",
        "  Below 3,000 sites (the record, and the real scale) markercluster still draws them, so sites sharing",
        "  one point still spread out when opened.",
        "- **The store counts what is drawn** (`store.drawn()`, `static/js/memorymap.js`): the sites in a cluster",
        "  or alone, less what a cluster group still holds in a chunk, so no figure here counts a site not yet",
        "  drawn. Bought: honest load and slider times (the benchmark waits for `drawn`).",
        "- **The benchmark measures what issue 20 asks against its floors in one run**: first marks side by side",
        "  (`scripts/bench_first.py`, `scripts/bench_pages.py`), the real scale, and the drawing at 10,000,",
        "  100,000 and 1,000,000 sites. Bought: the figures above, each with its ratio to its floor.",
        "- **Synthetic sites fill every region's file** (`scripts/bench_data.py`): a data file may hold at most",
        "  20 MiB (`mapapp.datafiles`); at 100,000 sites in six files every file passed it and was refused, so",
        "  the app drew no site (this benchmark's first run timed out there). Bought: the 100,000 row is real.",
        "",
        "What is left (measured, not yet fixed):",
        "",
        "- The app's first mark is several times the bare Streamlit page's. On a quiet machine (by hand, with",
        "  the same tools): Streamlit's websocket opens at about 1.0 s, as on the bare page; the map's frame is",
        "  requested only at about 3.4 s, once Streamlit has drawn the sidebar, header and controls above it",
        "  (the script's own run, warm, takes about 0.5 s of that); its frame is requested twice; Leaflet, its",
        "  two cluster libraries and the map's four scripts then load one after the other (about 0.4 s); the",
        "  site store comes in 0.06 s. Next: load the map's scripts as one file, fetch the store in parallel",
        "  with them, find why the frame is requested twice, and draw the map before the controls' chunks.",
        "- At 100,000 sites the app needs far longer than its own map code (the drawing page draws them in",
        "  about a second): the script's run, warm, takes about 1.3 s (the list 0.5, the filter 0.4, the view",
        "  0.2); the rest is the Streamlit page in the browser, not yet broken down.",
        "- A slider change at 10,000 in the app: the map's part is the drawing page's (a few ms); the rest is",
        "  Streamlit's rerun (the key press to the server and the page's elements drawn again).",
    ]


def keep_sections(new: str, old: str) -> str:
    """Return `new` with every `<!-- name:start -->...<!-- name:end -->` section of `old` kept: in
    its place where `new` has the same markers, else added at the end."""
    for match in re.finditer(r"<!-- ([\w-]+):start -->.*?<!-- \1:end -->", old, flags=re.S):
        name, section = match.group(1), match.group(0)
        mine = re.search(rf"<!-- {re.escape(name)}:start -->.*?<!-- {re.escape(name)}:end -->", new, flags=re.S)
        if mine:
            new = new[: mine.start()] + section + new[mine.end() :]
        else:
            new = new.rstrip("\n") + "\n\n" + section + "\n"
    return new
