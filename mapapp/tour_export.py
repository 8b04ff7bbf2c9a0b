"""A tour to take away: one HTML file (each step's map, text and sources) and a printable handout
(a PDF, one A4 page per step with its map).

Each step's map is drawn as the printable sheet draws a view (`mapapp.sheet`: Chile's official
boundaries, the sites in the shapes and colours of the map), framed on the step's site, centre
or region, with the step's site ringed and the route legs in view drawn as lines. Nothing is
fetched: the HTML file holds its maps as PNG images and opens from disk.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import textwrap

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from mapapp import escape
from mapapp.cards import citations_html
from mapapp.filters import Selection, filter_catalog
from mapapp.i18n import t
from mapapp.model import Catalog, Citation, Route, Tour
from mapapp.sheet import MARGIN, PAGE, SheetContent, _bounds, _draw_map, _plain, sheet_content
from mapapp.tours import step_label, step_of, step_state
from mapapp.viewstate import ViewState

MAP_BOX = [MARGIN, 4.1, PAGE[0] - 2 * MARGIN, PAGE[1] - 4.1 - MARGIN - 1.0]  # inches: left, bottom, width, height
STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
    "section.step{border-top:1px solid #ccc;padding-top:1rem;margin-top:1.5rem}"
    "img{max-width:100%;height:auto;border:1px solid #ddd}.cite{font-size:.9em;color:#333}"
    "@media print{section.step{break-before:page}}"
)


def _frame(catalog: Catalog, state: ViewState) -> tuple[float, float, float, float]:
    """Return the step's frame (south, west, north, east): its centre and zoom, else its site, else its region."""
    if state.center and state.zoom:
        (lat, lon), half = state.center, 200 / 2**state.zoom
        return (lat - half, lon - half * 0.8, lat + half, lon + half * 0.8)
    site = catalog.sites.get(state.site)
    if site:
        half = 0.15 if site.location.precision in {"building", "street"} else 0.6
        return (site.lat - half, site.lon - half, site.lat + half, site.lon + half)
    return _bounds(state.region)


def _point(catalog: Catalog, route: Route, index: int) -> tuple[float, float] | None:
    stop = route.stops[index]
    if stop.site in catalog.sites:
        return catalog.sites[stop.site].lon, catalog.sites[stop.site].lat
    return (stop.place.lon, stop.place.lat) if stop.place else None


def _draw_step_map(fig: Figure, catalog: Catalog, state: ViewState, content: SheetContent, selection: Selection):
    _draw_map(fig, MAP_BOX, content)
    ax = fig.axes[-1]
    for number in list(ax.texts):  # the sheet numbers its sites for its list, which a step has not
        number.remove()
    ax.set_rasterized(True)  # the communes' outlines, drawn as vectors, make a page of megabytes
    if "routes" in state.layers:
        for route, index in selection.segments:
            ends = [_point(catalog, route, index), _point(catalog, route, index + 1)]
            if all(ends):
                (x0, y0), (x1, y1) = ends
                ax.plot([x0, x1], [y0, y1], color="#222222", linestyle="--", linewidth=1, zorder=2)
    site = catalog.sites.get(state.site)
    if site:
        ax.scatter([site.lon], [site.lat], s=420, facecolors="none", edgecolors="#111111", linewidths=2, zorder=4)


def _step_figure(catalog: Catalog, tour: Tour, number: int, lang: str) -> Figure:
    """Return the A4 page of one step: the tour's title, the step's number and name, its map, text and sources."""
    state = step_state(tour, number, ViewState(lang=lang))
    selection = filter_catalog(catalog, state.filter())
    content = dataclasses.replace(sheet_content(catalog, state), bounds=_frame(catalog, state))
    fig = Figure(figsize=PAGE)
    left, top = MARGIN / PAGE[0], 1 - MARGIN / PAGE[1]
    fig.text(left, top, _plain(tour.title.get(lang)), fontsize=14, weight="bold", va="top", parse_math=False)
    heading = f"{t('ui.tour_step', lang, number=number, total=len(tour.steps))} · {step_label(catalog, tour, number, lang)}"
    fig.text(left, top - 0.42 / PAGE[1], _plain(heading), fontsize=10, va="top", parse_math=False)
    _draw_step_map(fig, catalog, state, content, selection)
    step = step_of(tour, number)
    body = textwrap.fill(_plain(step.text.get(lang)), 100)
    fig.text(left, (MAP_BOX[1] - 0.2) / PAGE[1], body, fontsize=9.5, va="top", parse_math=False, linespacing=1.4)
    sources = textwrap.fill(f"{t('card.sources', lang)}: {_sources_line(catalog, step.sources)}", 130)
    fig.text(left, (MARGIN + 1.4) / PAGE[1], sources, fontsize=7, va="top", color="#333333", parse_math=False)
    fig.text(left, MARGIN / PAGE[1], _plain(content.footer), fontsize=6.5, va="bottom", color="#444444", parse_math=False)
    return fig


def _sources_line(catalog: Catalog, citations: tuple[Citation, ...]) -> str:
    parts = []
    for citation in citations:
        source = catalog.sources.get(citation.source)
        if source:
            parts.append(_plain(source.title + (f", {citation.at}" if citation.at else "") + f" ({source.publisher})"))
    return "; ".join(parts)


def tour_handout(catalog: Catalog, tour: Tour, lang: str) -> bytes:
    """Return the tour as a printable PDF: one A4 page per step, with its map, text and sources."""
    out = io.BytesIO()
    with PdfPages(out, metadata={"Title": tour.title.get(lang), "Author": tour.author}) as pdf:
        for number in range(1, len(tour.steps) + 1):
            pdf.savefig(_step_figure(catalog, tour, number, lang), dpi=150)
    return out.getvalue()


def _map_png(catalog: Catalog, tour: Tour, number: int, lang: str) -> str:
    state = step_state(tour, number, ViewState(lang=lang))
    content = dataclasses.replace(sheet_content(catalog, state), bounds=_frame(catalog, state))
    fig = Figure(figsize=PAGE)
    _draw_step_map(fig, catalog, state, content, filter_catalog(catalog, state.filter()))
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=90, bbox_inches="tight", pad_inches=0.05)
    return base64.b64encode(out.getvalue()).decode("ascii")


def tour_html(catalog: Catalog, tour: Tour, lang: str, app_url: str = "") -> str:
    """Return the tour as one HTML file: for each step, its map (an image), its text and its sources.

    With `app_url`, each step links to the same step in the app.
    """
    title = escape.text(tour.title.get(lang))
    parts = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>',
        f"<style>{STYLE}</style></head><body><h1>{title}</h1>",
        f"<p>{escape.text(t('ui.tour_by', lang, author=tour.author, count=len(tour.steps)))}</p>",
    ]
    for number in range(1, len(tour.steps) + 1):
        step = step_of(tour, number)
        label = step_label(catalog, tour, number, lang)
        heading = escape.text(f"{t('ui.tour_step', lang, number=number, total=len(tour.steps))} · {label}")
        link = escape.link(f"{app_url}?tour={tour.id}&step={number}&lang={lang}", t("ui.open_full", lang))
        parts.append(
            f'<section class="step" id="step-{number}" data-step="{number}"><h2>{heading}</h2>'
            f'<img alt="{escape.text(label)}" src="data:image/png;base64,{_map_png(catalog, tour, number, lang)}">'
            f"<p>{escape.text(step.text.get(lang))}{citations_html(step.sources, catalog)}</p>"
            + (f"<p>{link}</p>" if app_url else "")
            + "</section>"
        )
    parts.append("</body></html>")
    return "".join(parts)
