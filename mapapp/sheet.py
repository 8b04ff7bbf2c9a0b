"""A printable map sheet of a view: one A4 page (PDF or PNG) drawn with geopandas and matplotlib.

The page shows the view's sites over Chile's official boundaries (or one region's), each with
the map's shape and colour for its category (hollow when the place is approximate), a legend,
the title, the date range, a numbered list of the sites and a line on where the sources are.
It reads only the bundled boundaries: no network, no display (matplotlib's Agg canvas).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
from dataclasses import dataclass

from babel.dates import format_date
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from mapapp.boundaries import PARQUET, region_bounds
from mapapp.dates import PartialDate, span_label
from mapapp.filters import filter_catalog
from mapapp.i18n import t
from mapapp.model import CATEGORIES, Catalog, Site
from mapapp.style import APPROXIMATE, STYLES
from mapapp.viewstate import ViewState

PAGE = (8.27, 11.69)  # A4 portrait, inches
MARGIN = 0.4
HEADER, LEGEND, FOOTER = 0.8, 0.6, 0.45  # heights of the bands around the map and list, inches
FORMATS = ("pdf", "png")
MARKERS = {"circle": "o", "square": "s", "triangle": "^", "diamond": "D", "star": "*"}
MIN_FONT = 4.5  # points: below this the list is cut, with a line saying how many were left out

# The sheet's own labels (the lead may move them into mapapp.i18n).
LABELS = {
    "es": {
        "sources": "Fuentes: ver geodata/sources; citas completas en la exportación CSV/GeoJSON",
        "generated": "Generado el {date}",
        "more": "… y {count} sitios más (ver la exportación CSV/GeoJSON)",
    },
    "en": {
        "sources": "Sources: see geodata/sources; full citations in the CSV/GeoJSON export",
        "generated": "Generated on {date}",
        "more": "… and {count} more sites (see the CSV/GeoJSON export)",
    },
}


@dataclass(frozen=True)
class SheetContent:
    """What the sheet shows, before any drawing: tests read this, `sheet` draws it."""

    lang: str
    title: str
    subtitle: str  # date range, region and count
    bounds: tuple[float, float, float, float]  # south, west, north, east
    sites: tuple[Site, ...]  # numbered from 1, north to south
    note: str  # said above the (empty) list when no site is in view
    footer: str


def _label(key: str, lang: str, **values: object) -> str:
    return LABELS.get(lang, LABELS["en"])[key].format(**values)


def _plain(text: str) -> str:
    """Return text on one line, as matplotlib should print it (never as markup)."""
    return " ".join(str(text).split())


def _bounds(region: str) -> tuple[float, float, float, float]:
    known = region_bounds()
    if region and region not in known:
        raise ValueError(f"sheet: region {region!r} is not one of the official regions: {', '.join(sorted(known))}")
    boxes = [known[region]] if region else list(known.values())
    south, west, north, east = (pick(box[i] for box in boxes) for i, pick in enumerate((min, min, max, max)))
    pad = 0.04 * max(north - south, east - west)
    return (south - pad, west - pad, north + pad, east + pad)


def _dates(state: ViewState) -> str:
    wanted = state.filter()
    start = PartialDate(wanted.start.year, wanted.start.month, wanted.start.day)
    end = PartialDate(wanted.end.year, wanted.end.month, wanted.end.day) if wanted.end else None
    prefix = t("ui.day", state.lang) if state.day else t("ui.dates", state.lang)
    return f"{prefix}: {span_label(start, end, state.lang)}"


def sheet_content(catalog: Catalog, state: ViewState, today: dt.date | None = None) -> SheetContent:
    """Return what the sheet of this view shows: its sites, frame and texts, in the view's language."""
    lang = state.lang
    sites = tuple(sorted(filter_catalog(catalog, state.filter()).sites, key=lambda site: (-site.lat, site.id)))
    place = state.region or t("ui.all_regions", lang)
    generated = _label("generated", lang, date=format_date(today or dt.date.today(), "long", locale=lang))
    return SheetContent(
        lang=lang,
        title=t("app.title", lang),
        subtitle=f"{_dates(state)} · {place} · {t('ui.sites_in_view', lang, count=len(sites))}",
        bounds=_bounds(state.region),
        sites=sites,
        note="" if sites else t("ui.no_sites", lang),
        footer=f"{_label('sources', lang)}. {generated}.",
    )


@functools.cache
def _base_frames() -> tuple:
    """Return the communes and the regions, simplified to print size (about 500 m), read once."""
    import geopandas
    import shapely

    frame = geopandas.read_parquet(PARQUET).explode(index_parts=False)
    frame = frame[shapely.area(frame.geometry.values) > 0.0005]  # islets under ~5 km2 vanish in print
    communes = frame.set_geometry(frame.geometry.simplify(0.005))
    # Snapping to a grid closes the slivers between published polygons that would show as lines.
    regions = communes.dissolve(by="REGION", grid_size=0.002).explode(index_parts=False)
    # Only outer rings: the holes left in a region are slivers between its communes, not places.
    return communes, regions.set_geometry(shapely.get_exterior_ring(regions.geometry.values))


def _layout(bounds: tuple[float, float, float, float]) -> tuple[list[float], list[float]]:
    """Return the map's and the list's boxes (left, bottom, width, height, in inches)."""
    south, west, north, east = bounds
    ratio = (north - south) / ((east - west) * math.cos(math.radians((north + south) / 2)))
    width, height = PAGE[0] - 2 * MARGIN, PAGE[1] - 2 * MARGIN - HEADER - LEGEND - FOOTER
    bottom = MARGIN + FOOTER
    if height / ratio <= 0.45 * width:  # a frame tall enough to fill the height (Chile): list beside it
        map_w = height / ratio
        list_x = MARGIN + map_w + 0.25
        return [MARGIN, bottom, map_w, height], [list_x, bottom, PAGE[0] - MARGIN - list_x, height]
    map_h = min(width * ratio, 0.7 * height)
    return [MARGIN, bottom + height - map_h, width, map_h], [MARGIN, bottom, width, height - map_h - 0.25]


def _axes(fig: Figure, box: list[float]):
    left, bottom, width, height = box
    return fig.add_axes((left / PAGE[0], bottom / PAGE[1], width / PAGE[0], height / PAGE[1]))


def _marker(category: str, hollow: bool) -> dict:
    shape, colour = STYLES[category]
    return {
        "marker": MARKERS[shape],
        "facecolors": "white" if hollow else colour,
        "edgecolors": colour,
        "linestyle": "--" if hollow else "-",
    }


def _scatter(ax, sites: list[Site], points: list[tuple[float, float]], size: float, **options) -> None:
    """Draw each site's marker at its point: one scatter per category and precision, for speed."""
    groups: dict[tuple[str, bool], list[tuple[float, float]]] = {}
    for site, point in zip(sites, points, strict=True):
        groups.setdefault((site.category, site.location.precision in APPROXIMATE), []).append(point)
    for (category, hollow), found in groups.items():
        scale = 1.8 if STYLES[category][0] == "star" else 1  # a star of the same size looks smaller
        xs, ys = zip(*found, strict=True)
        ax.scatter(xs, ys, s=size * scale, **_marker(category, hollow), **options)


def _draw_map(fig: Figure, box: list[float], content: SheetContent) -> None:
    communes, regions = _base_frames()
    ax = _axes(fig, box)
    communes.plot(ax=ax, color="#e4e4e4", edgecolor="#ffffff", linewidth=0.15)
    regions.plot(ax=ax, color="#6f6f6f", linewidth=0.45)
    south, west, north, east = content.bounds
    ax.set(xlim=(west, east), ylim=(south, north), xticks=[], yticks=[], xlabel="", ylabel="")
    ax.set_aspect(1 / math.cos(math.radians((north + south) / 2)), adjustable="box")
    _scatter(ax, list(content.sites), [(site.lon, site.lat) for site in content.sites], 18, linewidths=0.8, zorder=3)
    _number_markers(ax, content.sites)


def _number_markers(ax, sites: tuple[Site, ...], size: float = 4.5) -> None:
    """Write each site's number beside its marker, skipping one that would cover another number."""
    ax.apply_aspect()
    scale = ax.figure.dpi / 72
    placed: list[tuple[float, float, float, float]] = []
    for number, site in enumerate(sites, start=1):
        x, y = ax.transData.transform((site.lon, site.lat))
        width, half = (3 + 0.62 * size * len(str(number))) * scale, size * scale / 2
        box = (x + 3 * scale, y - half, x + width, y + half)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        ax.annotate(str(number), (site.lon, site.lat), xytext=(3, 0), textcoords="offset points", fontsize=size)


def _fit(count: int, width: float, height: float) -> tuple[int, int, float]:
    """Return (columns, rows per column, font size) that fit count lines in the box (inches)."""
    columns = max(1, int(width // 2.3))
    rows = max(1, math.ceil(count / columns))
    size = min(8.0, height * 72 / (rows * 1.3))
    if size < MIN_FONT:
        size, rows = MIN_FONT, int(height * 72 / (MIN_FONT * 1.3))
    return columns, rows, size


def _draw_list(fig: Figure, box: list[float], content: SheetContent) -> None:
    ax = _axes(fig, box)
    ax.set(xlim=(0, 1), ylim=(0, 1))
    ax.set_axis_off()
    if content.note:
        ax.text(0, 1, content.note, fontsize=10, va="top", weight="bold")
    columns, rows, size = _fit(len(content.sites), box[2], box[3])
    shown = list(enumerate(content.sites, start=1))
    if len(shown) > columns * rows:
        shown = shown[: columns * rows - 1]
    chars = int(box[2] / columns * 72 / (size * 0.52)) - 6
    step, width = min(1 / rows, size * 1.45 / (box[3] * 72)), 1 / columns
    places = [((index // rows) * width, 1 - (index % rows + 0.5) * step) for index in range(len(shown))]
    _scatter(ax, [site for _, site in shown], [(x + 0.01, y) for x, y in places], size * 2.2, linewidths=0.6)
    for (number, site), (x, y) in zip(shown, places, strict=True):
        line = _plain(f"{number}. {site.name.get(content.lang)} ({site.commune})")
        line = line if len(line) <= chars else line[: chars - 1] + "…"
        ax.text(x + 0.03, y, line, fontsize=size, va="center", parse_math=False, clip_on=True)
    if len(shown) < len(content.sites):
        more = _label("more", content.lang, count=len(content.sites) - len(shown))
        ax.text((columns - 1) * width + 0.03, 1 - (rows - 0.5) * step, more, fontsize=size, va="center", style="italic")


def _draw_legend(fig: Figure, lang: str) -> None:
    def handle(category: str, label: str, hollow: bool = False) -> Line2D:
        shape, colour = STYLES[category]
        return Line2D([], [], ls="", marker=MARKERS[shape], mfc="white" if hollow else colour, mec=colour, label=label)

    handles = [handle(category, t("category." + category, lang)) for category in CATEGORIES]
    handles.append(handle("detention-centre", t("ui.legend_approximate", lang), hollow=True))
    anchor = (MARGIN / PAGE[0], 1 - (MARGIN + HEADER) / PAGE[1])
    options = {"fontsize": 6.5, "frameon": False, "title_fontsize": 7, "alignment": "left"}
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=anchor, ncols=3, title=t("ui.legend", lang), **options)


def _draw_texts(fig: Figure, content: SheetContent) -> None:
    left = MARGIN / PAGE[0]
    fig.text(left, 1 - MARGIN / PAGE[1], content.title, fontsize=15, weight="bold", va="top", parse_math=False)
    fig.text(left, 1 - (MARGIN + 0.42) / PAGE[1], _plain(content.subtitle), fontsize=9, va="top", parse_math=False)
    fig.text(left, MARGIN / PAGE[1], content.footer, fontsize=6.5, va="bottom", color="#444444", parse_math=False)


def render(content: SheetContent, fmt: str) -> bytes:
    """Return the sheet drawn as PDF or PNG bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"sheet: format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    fig = Figure(figsize=PAGE)
    map_box, list_box = _layout(content.bounds)
    _draw_texts(fig, content)
    _draw_legend(fig, content.lang)
    _draw_map(fig, map_box, content)
    _draw_list(fig, list_box, content)
    out = io.BytesIO()
    fig.savefig(out, format=fmt, dpi=150, metadata={"Title": content.title})
    return out.getvalue()


def sheet(catalog: Catalog, state: ViewState, fmt: str = "pdf") -> bytes:
    """Return a printable A4 map sheet of the view, as "pdf" or "png" bytes.

    The sheet draws exactly the sites `filter_catalog(catalog, state.filter())` lets through,
    framed on the view's region (or all of Chile), in the view's language.
    """
    return render(sheet_content(catalog, state), fmt)
