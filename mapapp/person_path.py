"""A person's page: their places in order, as a panel's rows and as a path on the map.

The victims layer (Freire et al. 2019, coding the Rettig report) gives each person up to six
places, numbered in the order the report tells them (`place_1` ... `place_6`), with one date
span for the person, not one per place. The path joins the places that have a coordinate, in
that order, with an arrow on each leg; each stop is numbered, and a stop that is a site of the
record carries the site's id, so a click on it opens the site's card. A flagged place (the
import doubts it: approximate, far from the site of the same name, a known error) is drawn
hollow and said to be flagged, never shown as fact.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import folium

from mapapp import escape
from mapapp.model import Catalog
from mapapp.victims_records import Person, VictimPlace

PATH_COLOUR = "#7a1f5c"
WORDS = {
    "en": {
        "stop": "Stop {n}: {label}",
        "no_label": "place not named",
        "flagged": "flagged by the import",
        "site": "a site of the record",
        "leg": "{name}: from stop {a} to stop {b}",
    },
    "es": {
        "stop": "Parada {n}: {label}",
        "no_label": "lugar sin nombre",
        "flagged": "señalado por la importación",
        "site": "un sitio del registro",
        "leg": "{name}: de la parada {a} a la parada {b}",
    },
}


@dataclass(frozen=True)
class Stop:
    """One place of a person, numbered in the report's order; `drawn` when it has a coordinate."""

    number: int
    place: VictimPlace
    site: str  # the id of the site of the record it is, or ""

    @property
    def drawn(self) -> bool:
        return self.place.lat is not None and self.place.lon is not None


def stops(person: Person, catalog: Catalog) -> list[Stop]:
    """Return the person's places in the report's order, each with its site of the record (if any)."""
    ordered = sorted(person.places, key=lambda place: place.index)
    return [
        Stop(number, place, place.site if place.site in catalog.sites else "")
        for number, place in enumerate(ordered, start=1)
    ]


def bounds(person: Person) -> tuple[float, float, float, float] | None:
    """Return (south, west, north, east) of the person's drawn places, or None when none is drawn."""
    points = [(p.lat, p.lon) for p in person.places if p.lat is not None and p.lon is not None]
    if not points:
        return None
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    return min(lats), min(lons), max(lats), max(lons)


def _bearing(a: VictimPlace, b: VictimPlace) -> float:
    """Return the direction from a to b on the (Web Mercator) map, in degrees clockwise from east."""

    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    dx = math.radians(b.lon - a.lon)
    dy = y(b.lat) - y(a.lat)
    return -math.degrees(math.atan2(dy, dx))


def _stop_icon(stop: Stop) -> str:
    hollow = bool(stop.place.flags)
    fill, text = ("#ffffff", PATH_COLOUR) if hollow else (PATH_COLOUR, "#ffffff")
    border = "2px dashed" if hollow else "2px solid"
    return (
        f'<div style="width:22px;height:22px;border-radius:50%;background:{fill};color:{text};border:{border} '
        f'{PATH_COLOUR};font:bold 12px/18px sans-serif;text-align:center;box-sizing:border-box">{stop.number}</div>'
    )


def path_layer(person: Person, catalog: Catalog, lang: str) -> folium.FeatureGroup:
    """Return the person's path: the legs between their drawn places in order, an arrow on each
    leg pointing onwards, and a numbered, named, clickable mark on each stop."""
    words = WORDS.get(lang, WORDS["en"])
    group = folium.FeatureGroup(name="person-path", control=False)
    drawn = [stop for stop in stops(person, catalog) if stop.drawn]
    for a, b in itertools.pairwise(drawn):
        if (a.place.lat, a.place.lon) == (b.place.lat, b.place.lon):
            continue  # two places at one point: no leg to draw
        leg = words["leg"].format(name=person.name, a=a.number, b=b.number)
        folium.PolyLine(
            [(a.place.lat, a.place.lon), (b.place.lat, b.place.lon)],
            color=PATH_COLOUR,
            weight=3,
            opacity=0.9,
            tooltip=escape.text(leg),
            class_name="person-leg",
        ).add_to(group)
        middle = ((a.place.lat + b.place.lat) / 2, (a.place.lon + b.place.lon) / 2)
        arrow = (
            f'<div style="transform:rotate({_bearing(a.place, b.place):.1f}deg);color:{PATH_COLOUR};'
            'font:bold 16px/16px sans-serif;width:16px;height:16px;text-align:center">&#9654;</div>'
        )
        folium.Marker(
            middle,
            icon=folium.DivIcon(html=arrow, icon_size=(16, 16), icon_anchor=(8, 8), class_name="person-arrow"),
            interactive=False,
            keyboard=False,
        ).add_to(group)
    features = []
    for stop in drawn:
        label = stop.place.label or words["no_label"]
        name = words["stop"].format(n=stop.number, label=label)
        notes = [words["site"]] if stop.site else []
        if stop.place.flags:
            notes.append(words["flagged"])
        if notes:
            name += f" ({', '.join(notes)})"
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [stop.place.lon, stop.place.lat]},
                # `id`: the site a click on the stop opens (mapui.mapview reads it), or none.
                "properties": {"id": stop.site, "name": escape.text(name), "number": stop.number},
            }
        )
    if features:
        from folium.utilities import JsCode

        icons = {stop.number: _stop_icon(stop) for stop in drawn}
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            # over the sites' clusters, so every stop can be clicked
            marker=folium.Marker(
                icon=folium.DivIcon(html="", icon_size=(22, 22), icon_anchor=(11, 11), class_name="person-stop"),
                z_index_offset=2000,
            ),
            style_function=lambda feature: {"html": icons[feature["properties"]["number"]]},
            on_each_feature=JsCode("MemoryMap.nameMarker"),  # static/js/memorymap.js: named for screen readers
            tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
            name="person-stops",
        ).add_to(group)
    return group
