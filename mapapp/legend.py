"""The map legend: each category's shape and colour, and how approximate places look."""

from __future__ import annotations

import base64

from mapapp.i18n import t
from mapapp.model import CATEGORIES
from mapapp.style import CHOSEN_RING, CLUSTER, EVENT_SVG, ROUTE_STYLES, marker_svg


def _img(svg: str, width: int = 18, height: int = 18) -> str:
    """Return an SVG as an image (a page that sanitises its HTML keeps images, not inline SVG)."""
    if "xmlns=" not in svg:
        svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    data = base64.b64encode(svg.encode()).decode()
    return f'<img src="data:image/svg+xml;base64,{data}" width="{width}" height="{height}" alt="" style="vertical-align:middle">'


def _marker_img(category: str, approximate: bool = False, memorial: bool = False) -> str:
    return _img(marker_svg(category, approximate, 18, memorial))


def _line(style: dict) -> str:
    dash = f' stroke-dasharray="{style["dashArray"]}"' if style.get("dashArray") else ""
    return _img(
        '<svg width="28" height="10" viewBox="0 0 28 10">'
        f'<line x1="1" y1="5" x2="27" y2="5" stroke="{style["color"]}" stroke-width="{style["weight"]}"{dash}/></svg>',
        28,
        10,
    )


def _dot(colour: str) -> str:
    return _img(
        f'<svg width="12" height="12" viewBox="0 0 12 12"><circle cx="6" cy="6" r="4" fill="{colour}" stroke="#333333" '
        'stroke-width="0.5"/></svg>',
        12,
        12,
    )


CHOSEN = (
    '<svg width="18" height="18" viewBox="0 0 18 18">'
    f'<circle cx="9" cy="9" r="7" fill="none" stroke="{CHOSEN_RING}" stroke-width="2.5"/></svg>'
)


def legend_html(
    lang: str, chosen: bool = False, layers: frozenset[str] | None = None, victims: list[dict] | None = None
) -> str:
    """Return the legend as an HTML list; the markers match the map's exactly.

    `chosen`: also the ring the app's map draws around the chosen site (exported files have none).
    `layers`: the layers drawn (default: sites, routes and events); each gets its entries.
    `victims`: the victims layer's entries (kind, label, colour), when it is drawn.
    """
    layers = frozenset({"sites", "routes", "events"}) if layers is None else layers
    items = []
    if "sites" in layers:
        items += [(_marker_img(category), t("category." + category, lang)) for category in CATEGORIES]
        items.append((_marker_img("detention-centre", approximate=True), t("ui.legend_approximate", lang)))
        items.append((_marker_img("detention-centre", memorial=True), t("ui.legend_memorial", lang)))
        items.append((_img(CLUSTER, 22, 22), t("ui.legend_cluster", lang)))
        if chosen:
            items.append((_img(CHOSEN), t("ui.legend_chosen", lang)))
    if "events" in layers:
        items.append((_img(EVENT_SVG, 12, 12), t("ui.legend_event", lang)))
    if "routes" in layers:
        items += [(_line(style), t(f"ui.legend_route_{kind}", lang)) for kind, style in ROUTE_STYLES.items()]
    if "victims" in layers:
        items += [(_dot(entry["colour"]), entry["label"]) for entry in victims or ()]
    rows = "".join(f"<li>{image} <span>{label}</span></li>" for image, label in items)
    return (
        f'<section class="legend" aria-label="{t("ui.legend", lang)}"><strong>{t("ui.legend", lang)}</strong>'
        f'<ul style="list-style:none;padding-left:0;display:flex;flex-wrap:wrap;gap:0.3rem 1.2rem">{rows}</ul>'
        "</section>"
    )
