"""Build the Folium map: a fixed base map, and one GeoJSON layer per category on top.

The base map never changes between reruns (so the browser keeps it mounted); what the
filter changes travels as feature groups. Every text in a feature's properties is escaped
here, through `mapapp.cards` and `mapapp.escape`, before folium sees it.
"""

from __future__ import annotations

import math

import folium

from mapapp import escape
from mapapp.assets import SERVED_AT, serve_locally
from mapapp.cards import card_html, event_html, event_title
from mapapp.dates import span_label
from mapapp.fastlayer import ICON_LIMIT, FastGeoJson, SiteLayer
from mapapp.filters import Selection
from mapapp.i18n import t
from mapapp.model import CATEGORIES, Catalog, Site

CHILE_CENTRE = (-36.5, -71.0)
CHILE_ZOOM = 4
APPROXIMATE = {"locality", "commune", "approximate"}
LOOKS = ("", "a", "m", "am")  # plain, approximate place, a memorial by then, both
COMMUNE_STYLE = {"color": "#7a7a7a", "weight": 0.6, "fillColor": "#f2efe9", "fillOpacity": 0.35}
ROUTE_STYLES = {
    "caravan-of-death": {"color": "#000000", "weight": 3, "dashArray": "8 6"},
    "prisoner-transfer": {"color": "#5e3c99", "weight": 2.5, "dashArray": "2 6"},
}

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


EVENT_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">'
    '<circle cx="6" cy="6" r="4.5" fill="#ffd92f" stroke="#333333" stroke-width="1.5"/></svg>'
)


def marker_svg(category: str, approximate: bool = False, size: int = 18, memorial: bool = False) -> str:
    """Return the marker of a category as inline SVG.

    An approximate place is hollow and dashed; a place that in the chosen time is a memorial
    (no longer used for repression) is faded inside a green ring.
    """
    shape, colour = STYLES[category]
    fill = "#ffffff" if approximate else colour
    dash = ' stroke-dasharray="3,2"' if approximate else ""
    opacity = "0.45" if memorial else "0.9"
    ring = '<circle cx="11" cy="11" r="10" fill="none" stroke="#1b7837" stroke-width="2"/>' if memorial else ""
    box, shift = (22, ' transform="translate(2,2)"') if memorial else (18, "")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {box} {box}" '
        f'aria-hidden="true">{ring}<g fill="{fill}" fill-opacity="{opacity}" stroke="{colour}" stroke-width="2"'
        f"{dash}{shift}>{_SHAPES[shape]}</g></svg>"
    )


def view_of(bounds: tuple[float, float, float, float], height: int = 560, width: int = 760) -> tuple:
    """Return the (centre, zoom) that shows (south, west, north, east) in a map of that size."""
    south, west, north, east = bounds
    zoom_for = lambda span, pixels: math.log2(pixels * 360 / (256 * max(span, 1e-4)))  # noqa: E731
    zoom = int(min(zoom_for((north - south) * 1.25, height), zoom_for(east - west, width), 16))
    return ((south + north) / 2, (west + east) / 2), max(zoom, 3)


def base_map(
    communes: dict | str | None = None,
    offline: bool = False,
    assets_base: str | None = SERVED_AT,
    communes_url: str | None = None,
) -> folium.Map:
    """Return the base map of Chile; the same inputs give the same map on every call.

    `communes` (from `boundaries.communes_geojson`), or the same GeoJSON fetched from
    `communes_url`, is drawn under everything, so the map still shows Chile when tiles cannot
    load; `offline` leaves tiles out from the start. `assets_base` is where the browser finds
    Leaflet (None: folium's default CDN).
    """
    fmap = folium.Map(
        location=CHILE_CENTRE,
        zoom_start=CHILE_ZOOM,
        tiles=None if offline else "OpenStreetMap",
        control_scale=True,
        prefer_canvas=True,
    )
    if assets_base:
        serve_locally(fmap, assets_base)
    if communes or communes_url:
        FastGeoJson(communes, COMMUNE_STYLE, url=communes_url).add_to(fmap)
    return fmap


def site_feature(site: Site, catalog: Catalog, lang: str, look: str, full_card: bool, classroom: bool) -> dict:
    """Return the GeoJSON feature the map draws for a site; its texts are already escaped.

    In the app the card sits beside the map, so a feature carries only its id, name and look;
    an exported file, which has no app beside it, carries the whole card too.
    """
    properties = {"id": site.id, "name": escape.text(site.name.get(lang))}
    if look:
        properties["look"] = look
    if full_card:
        properties["card"] = card_html(site, catalog, lang, classroom)
    return {
        "type": "Feature",
        "id": site.id,
        "geometry": {"type": "Point", "coordinates": [round(site.lon, 5), round(site.lat, 5)]},
        "properties": properties,
    }


def looks(category: str) -> tuple[dict, dict]:
    """Return a category's marker for each look, as SVG icons and as canvas shape options."""
    shape, colour = STYLES[category]
    icons = {look: marker_svg(category, "a" in look, 22 if "m" in look else 18, "m" in look) for look in LOOKS}
    canvas = {
        look: {
            "shape": shape,
            "color": "#1b7837" if "m" in look else colour,
            "weight": 2,
            "fillColor": "#ffffff" if "a" in look else colour,
            "fillOpacity": 0.45 if "m" in look else 0.9,
            "dashArray": "3,2" if "a" in look else None,
        }
        for look in LOOKS
    }
    return icons, canvas


def site_look(site: Site, selection: Selection) -> str:
    """Return how a site is drawn: "a" approximate place, "m" only a memorial in the chosen time."""
    approximate = "a" if site.location.precision in APPROXIMATE else ""
    return approximate + ("m" if selection.states.get(site.id) == "memorial" else "")


def spread_offsets(count: int) -> list[tuple[int, int]]:
    """Return the pixel offsets at which `count` markers placed at one point are drawn around it.

    Exports use it directly; the app's site store (`mapapp.sitestore`) sends it to the browser,
    which also marks the point itself.
    """
    if count < 2:
        return [(0, 0)] * count
    radius = max(14, round(3.3 * count + 4))
    return [
        (
            round(radius * math.cos(2 * math.pi * k / count - math.pi / 2)),
            round(radius * math.sin(2 * math.pi * k / count - math.pi / 2)),
        )
        for k in range(count)
    ]


def site_layers(
    selection: Selection, catalog: Catalog, lang: str, full_card: bool = False, classroom: bool = False
) -> list[folium.FeatureGroup]:
    """Return one feature group, holding one GeoJSON layer, per category that has sites in view."""
    by_category: dict[str, list[dict]] = {category: [] for category in CATEGORIES}
    by_point: dict[tuple[float, float], list[dict]] = {}
    for site in selection.sites:  # one pass over the selection, however many categories
        feature = site_feature(site, catalog, lang, site_look(site, selection), full_card, classroom)
        by_category[site.category].append(feature)
        by_point.setdefault((round(site.lat, 5), round(site.lon, 5)), []).append(feature)
    for features in by_point.values():  # sites at one point are drawn around it, each clickable
        for feature, offset in zip(features, spread_offsets(len(features)), strict=True):
            if offset != (0, 0):
                feature["properties"]["offset"] = list(offset)
    groups, use_icons = [], len(selection.sites) <= ICON_LIMIT
    for category, features in by_category.items():
        if not features:
            continue
        name = t("category." + category, lang)
        group = folium.FeatureGroup(name=name)
        SiteLayer(features, category, escape.text(name), *looks(category), use_icons=use_icons).add_to(group)
        groups.append(group)
    return groups


def _point(catalog: Catalog, site_id: str, place) -> tuple[float, float] | None:
    site = catalog.sites.get(site_id)
    if site:
        return (site.lon, site.lat)
    return (place.lon, place.lat) if place else None


def route_layer(selection: Selection, catalog: Catalog, lang: str) -> folium.FeatureGroup:
    """Return the route legs in view as lines, each with its route's name and dates."""
    group = folium.FeatureGroup(name=t("ui.routes", lang))
    for route, index in selection.segments:
        stops = route.stops[index], route.stops[index + 1]
        ends = [_point(catalog, stop.site, stop.place) for stop in stops]
        if None in ends:
            continue
        label = f"{route.name.get(lang)}: {span_label(stops[0].date, stops[1].date, lang)}"
        feature = {
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [list(p) for p in ends]},
            "properties": {"name": escape.text(label), "route": route.id},
        }
        folium.GeoJson(
            feature,
            style_function=lambda _, kind=route.kind: ROUTE_STYLES[kind],
            tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
        ).add_to(group)
    return group


def event_layer(selection: Selection, catalog: Catalog, lang: str) -> folium.FeatureGroup:
    """Return the events in view that happened away from any site, as small markers.

    An event at a site is listed on that site's card instead, so it never covers the site.
    """
    features = []
    for event in selection.events:
        if event.place is None:
            continue
        point = (event.place.lon, event.place.lat)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": list(point)},
                "properties": {
                    "id": event.id,
                    "name": escape.text(event_title(event, lang)),
                    "card": event_html(event, catalog, lang),
                },
            }
        )
    group = folium.FeatureGroup(name=t("ui.events", lang))
    if features:
        icon = folium.DivIcon(html=EVENT_SVG, icon_size=(12, 12), icon_anchor=(6, 6), class_name="event-marker")
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            marker=folium.Marker(icon=icon),
            tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
            popup=folium.GeoJsonPopup(fields=["card"], labels=False, max_width=320),
        ).add_to(group)
    return group


def build_map(
    selection: Selection, catalog: Catalog, lang: str, full_card: bool = True, classroom: bool = False
) -> folium.Map:
    """Return a whole map with the selection drawn on it (for exports and tests)."""
    fmap = base_map()
    for group in [
        *site_layers(selection, catalog, lang, full_card, classroom),
        route_layer(selection, catalog, lang),
        event_layer(selection, catalog, lang),
    ]:
        group.add_to(fmap)
    return fmap
