"""The map legend: each category's shape and colour, and how approximate places look."""

from __future__ import annotations

from mapapp.i18n import t
from mapapp.mapbuild import marker_svg
from mapapp.model import CATEGORIES


def legend_html(lang: str) -> str:
    """Return the legend as an HTML list; the markers match the map's exactly."""
    rows = "".join(
        f"<li>{marker_svg(category)} <span>{t('category.' + category, lang)}</span></li>" for category in CATEGORIES
    )
    approximate = (
        f"<li>{marker_svg('detention-centre', approximate=True)} <span>{t('ui.legend_approximate', lang)}</span></li>"
    )
    return (
        f'<section class="legend" aria-label="{t("ui.legend", lang)}"><strong>{t("ui.legend", lang)}</strong>'
        f'<ul style="list-style:none;padding-left:0;display:flex;flex-wrap:wrap;gap:0.3rem 1.2rem">{rows}{approximate}</ul></section>'
    )
