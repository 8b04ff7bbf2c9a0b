"""The map legend: each category's shape and colour, and how approximate places look."""

from __future__ import annotations

import base64

from mapapp.i18n import t
from mapapp.model import CATEGORIES
from mapapp.style import SHARED_POINT, marker_svg


def _marker_img(category: str, approximate: bool = False, memorial: bool = False) -> str:
    data = base64.b64encode(marker_svg(category, approximate, 18, memorial).encode()).decode()
    return f'<img src="data:image/svg+xml;base64,{data}" width="18" height="18" alt="" style="vertical-align:middle">'


def legend_html(lang: str, shared_points: bool = False) -> str:
    """Return the legend as an HTML list; the markers match the map's exactly.

    `shared_points`: also the dot the app's map puts where several sites share a point
    (exported files draw those sites around the point without the dot).
    """
    items = [(_marker_img(category), t("category." + category, lang)) for category in CATEGORIES]
    items.append((_marker_img("detention-centre", approximate=True), t("ui.legend_approximate", lang)))
    items.append((_marker_img("detention-centre", memorial=True), t("ui.legend_memorial", lang)))
    if shared_points:
        items.append((SHARED_POINT, t("ui.legend_shared", lang)))
    rows = "".join(f"<li>{image} <span>{label}</span></li>" for image, label in items)
    return (
        f'<section class="legend" aria-label="{t("ui.legend", lang)}"><strong>{t("ui.legend", lang)}</strong>'
        f'<ul style="list-style:none;padding-left:0;display:flex;flex-wrap:wrap;gap:0.3rem 1.2rem">{rows}</ul>'
        "</section>"
    )
