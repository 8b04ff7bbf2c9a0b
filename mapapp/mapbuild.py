"""Build the Folium map: a fixed base map, and one GeoJSON layer per category on top.

The base map never changes between reruns (so the browser keeps it mounted); what the
filter changes travels as feature groups. Every text in a feature's properties is escaped
here, through `mapapp.cards` and `mapapp.escape`, before folium sees it.
"""

from __future__ import annotations

import folium

from mapapp import escape
from mapapp.cards import card_html, popup_html
from mapapp.filters import Selection
from mapapp.i18n import t
from mapapp.model import CATEGORIES, Catalog, Site

CHILE_CENTRE = (-36.5, -71.0)
CHILE_ZOOM = 4
APPROXIMATE = {"locality", "commune", "approximate"}

# Shape and colour per category, so that a category never depends on colour alone.
STYLES: dict[str, tuple[str, str]] = {
    "detention-centre": ("circle", "#b2182b"),
    "prison-camp": ("square", "#b35806"),
    "execution-site": ("triangle", "#542788"),
    "seat-of-power": ("diamond", "#2166ac"),
    "memorial": ("star", "#1b7837"),
}
_SHAPES = {
    "circle": '<circle cx="9" cy="9" r="7"/>',
    "square": '<rect x="2.5" y="2.5" width="13" height="13"/>',
    "triangle": '<polygon points="9,1.5 16.5,15.5 1.5,15.5"/>',
    "diamond": '<polygon points="9,1 17,9 9,17 1,9"/>',
    "star": '<polygon points="9,1 11.3,6.6 17,7 12.6,10.8 14,16.5 9,13.4 4,16.5 5.4,10.8 1,7 6.7,6.6"/>',
}


def marker_svg(category: str, approximate: bool = False, size: int = 18) -> str:
    """Return the marker of a category as inline SVG; an approximate one is hollow and dashed."""
    shape, colour = STYLES[category]
    fill = "#ffffff" if approximate else colour
    dash = ' stroke-dasharray="3,2"' if approximate else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 18 18" '
        f'aria-hidden="true"><g fill="{fill}" fill-opacity="0.9" stroke="{colour}" stroke-width="2"{dash}>'
        f"{_SHAPES[shape]}</g></svg>"
    )


def base_map(tiles: str | None = "OpenStreetMap") -> folium.Map:
    """Return the base map of Chile; it is the same on every call."""
    return folium.Map(
        location=CHILE_CENTRE,
        zoom_start=CHILE_ZOOM,
        tiles=tiles,
        control_scale=True,
        prefer_canvas=True,
    )


def site_feature(site: Site, catalog: Catalog, lang: str, full_card: bool, classroom: bool) -> dict:
    """Return the GeoJSON feature the map draws for a site; its texts are already escaped."""
    card = card_html(site, catalog, lang, classroom) if full_card else popup_html(site, lang)
    return {
        "type": "Feature",
        "id": site.id,
        "geometry": {"type": "Point", "coordinates": [site.lon, site.lat]},
        "properties": {"id": site.id, "name": escape.text(site.name.get(lang)), "card": card},
    }


def _geojson(features: list[dict], category: str, approximate: bool, name: str) -> folium.GeoJson:
    icon = folium.DivIcon(
        html=marker_svg(category, approximate),
        icon_size=(18, 18),
        icon_anchor=(9, 9),
        class_name=f"site-marker {category}{' approximate' if approximate else ''}",
    )
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=name,
        marker=folium.Marker(icon=icon),
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
        popup=folium.GeoJsonPopup(fields=["card"], labels=False, max_width=360),
    )


def site_layers(
    selection: Selection, catalog: Catalog, lang: str, full_card: bool = False, classroom: bool = False
) -> list[folium.FeatureGroup]:
    """Return one feature group per category that has sites in view."""
    groups = []
    for category in CATEGORIES:
        sites = [site for site in selection.sites if site.category == category]
        if not sites:
            continue
        name = t("category." + category, lang)
        group = folium.FeatureGroup(name=name)
        for approximate in (False, True):
            chosen = [site for site in sites if (site.location.precision in APPROXIMATE) == approximate]
            if chosen:
                features = [site_feature(site, catalog, lang, full_card, classroom) for site in chosen]
                _geojson(features, category, approximate, name).add_to(group)
        groups.append(group)
    return groups


def build_map(
    selection: Selection, catalog: Catalog, lang: str, full_card: bool = True, classroom: bool = False
) -> folium.Map:
    """Return a whole map with the selection drawn on it (for exports and tests)."""
    fmap = base_map()
    for group in site_layers(selection, catalog, lang, full_card, classroom):
        group.add_to(fmap)
    return fmap
