"""The victims layer on the map: people's places, styled by kind of violence.

Drawn as canvas circle markers in one layer (2,398 people and their places do not slow the
map), filtered by the same inclusive date overlap as everything else. As with the sites
(`mapapp.sitestore`), the places travel once, in a store the browser fetches the first time
the layer is switched on, and each rerun sends only which of them are in the span. Popups hold no graphic
detail: the name as the report writes it, what happened in one neutral phrase, the date, the
place, the report page, and whether the point is approximate.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from mapapp import boundaries, escape
from mapapp.dates import COUP, END_OF_DICTATORSHIP, DateSpan, span_label
from mapapp.filters import Filter, fold
from mapapp.mapcalls import Store, StoreView
from mapapp.victims_records import ImportResult, Person, VictimPlace

# Violence as the dataset writes it -> (key, colour, English phrase, Spanish phrase). The
# phrases are neutral and carry no detail of how a person died.
# Colours no site category uses (mapapp.style), so that a person's place never reads as a site.
VIOLENCE: dict[str, tuple[str, str, str, str]] = {
    "Killed": ("killed", "#c51b7d", "Killed", "Muerte"),
    "Disappearance": ("disappeared", "#01665e", "Disappeared", "Desaparición"),
    "Disappearance, Information of Death": (
        "disappeared-died",
        "#35978f",
        "Disappeared; later known to have died",
        "Desaparición; después se supo de su muerte",
    ),
    "Unresolved": ("unresolved", "#4d4d4d", "Case unresolved", "Caso no resuelto"),
    "Suicide": ("suicide", "#de77ae", "Died by suicide", "Suicidio"),
}
UNKNOWN = ("unknown", "#878787", "Not recorded in the dataset", "No consta en el conjunto de datos")
LABELS = {
    "en": {
        "layer": "Victims (Rettig report)",
        "page": "Rettig report, p. {page}",
        "no_page": "Rettig report",
        "no_date": "date not recorded",
        "approximate": "Approximate location",
    },
    "es": {
        "layer": "Víctimas (Informe Rettig)",
        "page": "Informe Rettig, p. {page}",
        "no_page": "Informe Rettig",
        "no_date": "fecha no registrada",
        "approximate": "Ubicación aproximada",
    },
}
RADIUS = 4


def violence_of(person: Person) -> tuple[str, str, str, str]:
    """Return (key, colour, English phrase, Spanish phrase) for the person's violence kind."""
    return VIOLENCE.get(person.violence, UNKNOWN)


def person_span(person: Person) -> DateSpan:
    """Return the days the person's record covers, each date taken as widely as it can mean.

    A record with one date covers that date; one with none covers the whole dictatorship.
    """
    dates = [day for day in (person.start, person.end) if day]
    if not dates:
        return DateSpan(COUP, END_OF_DICTATORSHIP)
    return DateSpan(min(day.first_day() for day in dates), max(day.last_day() for day in dates))


def people_in_span(layer: ImportResult, start: dt.date = COUP, end: dt.date | None = None) -> list[Person]:
    """Return the people whose span overlaps start..end (inclusive; end None: open)."""
    wanted = DateSpan(start, end)
    return [person for person in layer.people if person_span(person).overlaps(wanted)]


def date_text(person: Person, lang: str) -> str:
    start, end = person.start or person.end, person.end or person.start
    if start is None:
        return LABELS[lang]["no_date"]
    return span_label(min(start, end), max(start, end), lang)


def popup_html(person: Person, place: VictimPlace, lang: str) -> str:
    """Return a place's popup: name, what happened, date, place, report page, approximate or not."""
    words = LABELS[lang]
    what = violence_of(person)[2 if lang == "en" else 3]
    page = words["page"].format(page=person.page) if person.page else words["no_page"]
    parts = [
        f'<div class="victim-popup" data-person="{person.id}"><strong>{escape.text(person.name)}</strong>',
        escape.text(what),
        escape.text(date_text(person, lang)),
        escape.text(place.label),
        escape.text(page),
    ]
    if place.flags:
        why = "; ".join(flag.split(": ", 1)[-1] for flag in place.flags)
        parts.append(
            f'<em class="approximate">{escape.text(words["approximate"])}</em> <small>({escape.text(why)})</small>'
        )
    return "<br>".join(parts) + "</div>"


def _feature(person: Person, place: VictimPlace, lang: str) -> dict:
    properties = {
        "id": person.id,
        "kind": violence_of(person)[0],
        "approximate": place.approximate,
        "site": place.site,
        "tooltip": escape.text(f"{person.name}, {date_text(person, lang)}"),
        "popup": popup_html(person, place, lang),
    }
    geometry = {"type": "Point", "coordinates": [place.lon, place.lat]}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def layer_features(layer: ImportResult, start: dt.date, end: dt.date | None, lang: str) -> dict:
    """Return the GeoJSON of the layer in view: one point per located place of each person in the span."""
    features = [
        _feature(person, place, lang)
        for person in people_in_span(layer, start, end)
        for place in person.places
        if place.lon is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def _style(feature: dict) -> dict:
    colour = {key: colour for key, colour, *_ in (*VIOLENCE.values(), UNKNOWN)}[feature["properties"]["kind"]]
    approximate = feature["properties"]["approximate"]
    return {
        "color": colour,
        "weight": 1.5,
        "fillColor": "#ffffff" if approximate else colour,
        "fillOpacity": 0.6,
        "dashArray": "2 2" if approximate else None,
    }


def located(layer: ImportResult) -> list[tuple[Person, VictimPlace]]:
    """Return every place with a point, person by person: the order of the store and of every view."""
    return [(person, place) for person in layer.people for place in person.places if place.lon is not None]


def store_payload(layer: ImportResult, lang: str) -> dict:
    """Return every located place as the browser's store holds it: point, style, tooltip, popup.

    Styles are listed once (per kind of violence, approximate or not) and named by index.
    """
    styles: list[dict] = []
    places = []
    for feature in (_feature(person, place, lang) for person, place in located(layer)):
        style = _style(feature)
        if style not in styles:
            styles.append(style)
        lon, lat = feature["geometry"]["coordinates"]
        props = feature["properties"]
        places.append(
            [
                round(lat, 5),
                round(lon, 5),
                styles.index(style),
                props["tooltip"],
                props["popup"],
                props["id"],
                props["site"],
            ]
        )
    return {"styles": styles, "places": places}


def place_regions(layer: ImportResult) -> tuple[str, ...]:
    """Return the region of each located place, in store order ("" for a place in no region)."""
    found = (boundaries.locate(place.lon, place.lat) for _, place in located(layer))
    return tuple(where[1] if where else "" for where in found)


def _keeps(wanted: Filter, person: Person, place: VictimPlace, region: str) -> bool:
    """Return whether the filter's region and text keep this place of this person."""
    if wanted.region and region != wanted.region:
        return False
    needle = fold(wanted.text.strip())
    return not needle or needle in fold(person.name) or needle in fold(place.label)


def places_in_view(
    layer: ImportResult, wanted: Filter, regions: Sequence[str] | None = None
) -> list[tuple[Person, VictimPlace]]:
    """Return the located places the filter keeps: the person's dates overlap its span, the place
    lies in its region (by the official boundaries), and its text is in the person's name or
    the place's label. Categories are the sites'; they do not apply to people."""
    if wanted.region and regions is None:
        regions = place_regions(layer)
    return [
        (person, place)
        for index, (person, place) in enumerate(located(layer))
        if _keeps(wanted, person, place, regions[index] if wanted.region else "")
        and person_span(person).overlaps(wanted.span)
    ]


def people_in_view(layer: ImportResult, wanted: Filter, regions: Sequence[str] | None = None) -> list[Person]:
    """Return the people the filter keeps: as `places_in_view`, and with no region or text chosen,
    also the people in the span whose places have no point (they are counted, not drawn)."""
    if not wanted.region and not wanted.text.strip():
        return people_in_span(layer, wanted.start, wanted.end)
    kept = {person.id: person for person, _ in places_in_view(layer, wanted, regions)}
    return list(kept.values())


def view_code(
    layer: ImportResult,
    start: dt.date = COUP,
    end: dt.date | None = None,
    shown: bool = True,
    *,
    wanted: Filter | None = None,
    regions: Sequence[str] | None = None,
) -> str:
    """Return one character per store place: "1" when the filter keeps it, "0" when not.

    `wanted` is the view's whole filter (dates, region, text); without it, only start..end.
    An empty view (the layer switched off) hides every place, and a map whose layer was never
    switched on never fetches the store.
    """
    if not shown:
        return ""
    wanted = wanted or Filter(start=start, end=end)
    kept = {id(place) for _, place in places_in_view(layer, wanted, regions)}
    return "".join("1" if id(place) in kept else "0" for _, place in located(layer))


class VictimStore(Store):
    """The store of every victim's place on the base map, fetched from `url` (or written from
    `data`) the first time a view shows any of them; drawn by static/js/victims.js as canvas
    circle markers."""

    def __init__(self, data: dict | None = None, url: str | None = None):
        super().__init__("victims", data, url, {"radius": RADIUS})


class VictimView(StoreView):
    """Which of the store's places are in view (a `view_code`), sent on every rerun."""

    def __init__(self, code: str):
        super().__init__(code, "victims")


def victims_legend(
    lang: str = "es",
    layer: ImportResult | None = None,
    start: dt.date = COUP,
    end: dt.date | None = None,
    *,
    wanted: Filter | None = None,
    regions: Sequence[str] | None = None,
) -> list[dict]:
    """Return one legend entry per violence kind: key, label, colour, and people the filter keeps."""
    counts: Counter = Counter()
    if layer:
        people = people_in_view(layer, wanted or Filter(start=start, end=end), regions)
        counts = Counter(violence_of(person)[0] for person in people)
    return [
        {"kind": key, "label": en if lang == "en" else es, "colour": colour, "count": counts[key]}
        for key, colour, en, es in (*VIOLENCE.values(), UNKNOWN)
    ]
