"""The benchmark's report: the machine, the tables, the targets, and docs/performance.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGES = ("streamlit", "streamlit-folium", "folium", "branca", "jinja2", "babel", "orjson", "psutil", "playwright")

METHOD = [
    "- Data: seeded synthetic catalogues of 1,000, 10,000 and 100,000 sites built as `mapapp.model`",
    "  objects (names 20-60 characters, summaries 300-800, 1-3 periods in 1973-1990, points in Chile's",
    "  mainland box, every category, citations to five sources), and the real `geodata/` with the victims layer.",
    "- App build, first visit: the site store (`mapapp.sitestore.store_payload`, every site once, serialised",
    "  with orjson: the file the browser fetches from `static/cache/`) plus the JavaScript streamlit-folium",
    "  sends (`group.render()` and its leaflet string, per feature group): the store element, the sites' view",
    "  (one character per site), and for the real data the routes, events and victims layers. App bytes: the",
    "  store file plus that JavaScript. Bytes per rerun: that JavaScript without the store (what a slider",
    "  change sends). Best of up to 3.",
    "- Floor: the minimal GeoJSON FeatureCollection of the same points with id and name, built and",
    "  serialised with orjson (the floor's time covers building the dicts too). Naive: one `folium.Marker`",
    "  with a tooltip and a `folium.Popup` (escaped name, and a site's category) per point on a `folium.Map`,",
    "  `get_root().render()`.",
    "- Browser: Debian's Chromium through Playwright, flags and network cut as in `tests/browser/conftest.py`,",
    "  the real app (`streamlit run app.py`) on the synthetic data written as a data directory (`MAPAPP_DATA`).",
    "  Sites drawn are counted by the map's site store (each site alone or inside a cluster; the app draws",
    "  sites close together as one numbered cluster, and a map of more than `ICON_LIMIT` sites on a canvas).",
    "  Load: navigation to every site marker drawn in the map's iframe; the cold figure includes the",
    "  server loading the catalogue. Slider: the span's end thumb, Home (narrow to 11 Sep 1973) then End (widen",
    "  again), three rounds on the same page; medians and the slowest are shown. Times are taken inside the page, from the key press to the first view the map's site store",
    "  applied that changed markers (applied) and to the next frame the browser drew (painted); then the",
    "  marker count is checked once against the filter's. Mounted: a mark set on the iframe's window survives",
    "  the change. At 10,000 the slider runs on the first page (a second load costs minutes); at 100,000 only",
    "  the first load is tried, if the time budget allows.",
    "- Memory: RSS of the streamlit process and its children with the one page above open, then with 19 more",
    "  browser contexts opened at once, sampled when the server's CPU has been quiet for 4 s (peak sampled",
    "  every 0.25 s meanwhile).",
]


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
        ok = len(painted) == len(moves) and statistics.median(painted) < 0.5
        ok = ok and all(m["kept_mounted"] and m["count_ok"] for m in moves)
    shown = (
        "not measured"
        if not moves
        else f"median {seconds(statistics.median(painted)) if painted else 'timeout'} to the frame drawn over "
        f"{len(moves)} changes (slowest {seconds(painted[-1]) if painted else 'timeout'}), "
        f"kept mounted: {all(m['kept_mounted'] for m in moves)}, counts right: {all(m['count_ok'] for m in moves)}"
    )
    lines.append(f"{verdict(ok)}  slider change at 10,000 in the browser under 0.5 s, map not remounted: {shown}")
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
        ok = browser.get("cold") is not None
        shown = f"markers drawn after {seconds(browser.get('cold'))}" if ok else browser.get("note", "not drawn")
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


def render(rows, slider, found, profile, took, loads) -> dict:
    """Return the report as console lines and as the markdown of docs/performance.md."""
    checks = targets(rows, slider, found)
    table = build_table(rows)
    browser = browser_table(found) if found["sizes"] else ["Browser figures not measured."]
    notes = [f"- {note}" for note in found["notes"]]
    slider_line, memory_line = slider_text(slider), memory_text(found.get("memory"))
    console = ["", *table, "", slider_line, "", *browser, "", memory_line, "", "Targets:", *checks, *notes]
    console.append(f"\nwhole run: {took / 60:.1f} min")
    markdown = [
        "# Performance at scale",
        "",
        f"Measured by `scripts/bench.py` (`make bench`) on {dt.date.today().isoformat()}, in one run of {took / 60:.1f} min.",
        "Re-run it after any change to `mapapp/mapbuild.py`, `mapapp/sitestore.py`, `mapapp/cards.py` or",
        "`mapui/` and commit this page.",
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
        *(["", *notes] if notes else []),
        "",
        "## Where the time goes (cProfile, first visit's build at 10,000 sites, top by cumulative time)",
        "",
        "```",
        *[line.rstrip() for line in profile.strip().splitlines()[:40]],
        "```",
    ]
    return {"console": console, "markdown": markdown}
