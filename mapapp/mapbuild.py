"""Build the Folium map: a fixed base map, and one GeoJSON layer per category on top.

The base map never changes between reruns (so the browser keeps it mounted); what the
filter changes travels as feature groups. Every text in a feature's properties is escaped
here, through `mapapp.cards` and `mapapp.escape`, before folium sees it.
"""

from __future__ import annotations

import math

import folium
from branca.element import Element
from folium.utilities import JsCode

from mapapp import escape
from mapapp.assets import SERVED_AT, serve_locally
from mapapp.cards import card_html, event_html, event_title
from mapapp.dates import span_label
from mapapp.filters import Selection
from mapapp.i18n import DEFAULT_LANGUAGE, t
from mapapp.mapcalls import ICON_LIMIT, FastGeoJson, MapSetup, SiteLayer
from mapapp.model import CATEGORIES, Catalog, Site
from mapapp.style import APPROXIMATE, CLUSTER_CSS, COMMUNE_STYLE, EVENT_SVG, ROUTE_STYLES, looks

CHILE_CENTRE = (-36.5, -71.0)
CHILE_ZOOM = 4


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
    lang: str = DEFAULT_LANGUAGE,
) -> folium.Map:
    """Return the base map of Chile; the same inputs give the same map on every call.

    `communes` (from `boundaries.communes_geojson`), or the same GeoJSON fetched from
    `communes_url`, is drawn under everything, so the map still shows Chile when tiles cannot
    load; `offline` leaves tiles out from the start. `assets_base` is where the browser finds
    Leaflet and the map's own scripts (None: Leaflet from folium's default CDN; the caller
    then writes the scripts in, as `mapapp.standalone` does). `lang` is the language the map
    says in that part of it could not be loaded.
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
    fmap.get_root().header.add_child(Element(f"<style>{CLUSTER_CSS}</style>"), name="cluster_css")
    MapSetup(lang).add_to(fmap)
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


def site_look(site: Site, selection: Selection) -> str:
    """Return how a site is drawn: "a" approximate place, "m" only a memorial in the chosen time."""
    approximate = "a" if site.location.precision in APPROXIMATE else ""
    return approximate + ("m" if selection.states.get(site.id) == "memorial" else "")


def site_layers(
    selection: Selection, catalog: Catalog, lang: str, full_card: bool = False, classroom: bool = False
) -> list[folium.FeatureGroup]:
    """Return one feature group, holding one GeoJSON layer, per category that has sites in view.

    The browser draws them all in one cluster group (static/js/sites.js), so that sites close
    together, or sharing a point, gather into a numbered mark that opens them.
    """
    by_category: dict[str, list[dict]] = {category: [] for category in CATEGORIES}
    for site in selection.sites:  # one pass over the selection, however many categories
        feature = site_feature(site, catalog, lang, site_look(site, selection), full_card, classroom)
        by_category[site.category].append(feature)
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
            on_each_feature=JsCode("MemoryMap.nameMarker"),  # static/js/memorymap.js
            tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
            popup=folium.GeoJsonPopup(fields=["card"], labels=False, max_width=320),
        ).add_to(group)
    return group


def build_map(
    selection: Selection, catalog: Catalog, lang: str, full_card: bool = True, classroom: bool = False
) -> folium.Map:
    """Return a whole map with the selection drawn on it (for exports and tests)."""
    fmap = base_map(lang=lang)
    for group in [
        *site_layers(selection, catalog, lang, full_card, classroom),
        route_layer(selection, catalog, lang),
        event_layer(selection, catalog, lang),
    ]:
        group.add_to(fmap)
    return fmap
