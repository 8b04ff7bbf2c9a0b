"""One self-contained HTML file of a view: map, cards, legend, attribution, licence and a time slider.

Leaflet's script and style are written into the file, so it opens from disk with no network
(map tiles aside; `offline` draws Chile's communes instead of tiles). The time slider works
with no server: each marker carries its periods as day numbers, and the slider shows a
marker when one of them overlaps the chosen days, inclusive at both ends, like
`mapapp.filters` does (`MemoryMap.overlaps` in static/js/memorymap.js, tested against
`DateSpan.overlaps`). The map's browser code is the app's own, written in.
"""

from __future__ import annotations

import datetime as dt

from mapapp import escape
from mapapp.assets import inline_assets
from mapapp.boundaries import region_bounds
from mapapp.cite import LICENCE_URL
from mapapp.dates import COUP, PartialDate, span_label
from mapapp.filters import Filter, filter_catalog, site_chosen
from mapapp.i18n import t
from mapapp.legend import legend_html
from mapapp.mapbuild import base_map, event_layer, route_layer, site_layers, view_of
from mapapp.mapcalls import MapCall, script_json
from mapapp.model import Catalog, Site
from mapapp.viewstate import ViewState

EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date | None) -> int | None:
    return None if day is None else (day - EPOCH).days


class TimeSlider(MapCall):
    """Two range inputs (first and last day) that show only the markers active in between
    (static/js/slider.js)."""

    function = "timeSlider"

    def __init__(self, layer_names: list[str], low: int, high: int, start: int, end: int, lang: str):
        super().__init__()
        self._name = "TimeSlider"
        self.layer_names = layer_names
        label = escape.text(t("ui.dates", lang))
        self.markup = (
            f'<div><strong>{label}</strong> <span id="time-shown" aria-live="polite"></span></div>'
            f'<input id="time-first" type="range" min="{low}" max="{high}" value="{start}" aria-label="{label} 1">'
            f'<input id="time-last" type="range" min="{low}" max="{high}" value="{end}" aria-label="{label} 2">'
        )

    def arguments(self) -> list[str]:
        # The layers are the page's own variables, named by folium: passed by name, not as JSON.
        assert all(name.isidentifier() for name in self.layer_names), self.layer_names
        return ["[" + ", ".join(self.layer_names) + "]", script_json(self.markup)]


class Overlay(MapCall):
    """A box of our own (already escaped) HTML over the map."""

    function = "box"

    def __init__(self, html: str, position: str):
        super().__init__()
        self._name, self.html, self.position = "Overlay", html, position

    def arguments(self) -> list[str]:
        return [script_json(self.position), script_json(self.html)]


class Credit(MapCall):
    """A line of the map's attribution."""

    function = "credit"

    def __init__(self, text: str):
        super().__init__()
        self._name, self.text = "Credit", text

    def arguments(self) -> list[str]:
        return [script_json(self.text)]


def _spans(site: Site) -> list[list[int | None]]:
    return [[day_number(p.span.start), day_number(p.span.end)] for p in site.periods]


def standalone_html(catalog: Catalog, state: ViewState, communes: dict | None = None, offline: bool = False) -> str:
    """Return the view as one HTML file, every script and style inside it."""
    wanted = state.filter()
    everything = filter_catalog(catalog, Filter(categories=wanted.categories, text=wanted.text, region=wanted.region))
    lang = state.lang
    fmap = inline_assets(base_map(communes if offline else None, offline=offline, assets_base=None, lang=lang))
    groups = site_layers(everything, catalog, lang, full_card=True, classroom=state.classroom)
    layers = []
    for group in groups:
        group.add_to(fmap)
        for child in group._children.values():
            for feature in child.features:
                feature["properties"]["spans"] = _spans(catalog.sites[feature["id"]])
            layers.append(child.get_name())
    selection = filter_catalog(catalog, wanted)
    route_layer(selection, catalog, lang).add_to(fmap)
    event_layer(selection, catalog, lang).add_to(fmap)
    high = day_number(dt.date.today())
    TimeSlider(layers, day_number(COUP), high, day_number(wanted.start), day_number(wanted.end) or high, lang).add_to(
        fmap
    )
    title = f"<strong>{escape.text(t('app.title', lang))}</strong><br>" + escape.text(
        span_label(_partial(wanted.start), _partial(wanted.end) if wanted.end else None, lang)
    )
    Overlay(title, "topright").add_to(fmap)
    Overlay(legend_html(lang), "bottomright").add_to(fmap)
    Credit(escape.text(t("card.sources", lang)) + ": geodata/sources (mapapp)").add_to(fmap)
    Credit(escape.link(LICENCE_URL, t("licence.short", lang))).add_to(fmap)  # the licence travels with the file
    center, zoom = opening_view(state, catalog)
    if center:
        fmap.location, fmap.options["zoom"] = list(center), zoom
    return fmap.get_root().render()


def opening_view(state: ViewState, catalog: Catalog) -> tuple[tuple[float, float] | None, int | None]:
    """Return where the view opens: its centre and zoom, else its site, else its region, else
    the sites its search finds (whatever the dates, so a slider change does not move the map)."""
    if state.center and state.zoom:
        return state.center, state.zoom
    if state.site in catalog.sites:
        site = catalog.sites[state.site]
        return (site.lat, site.lon), 12 if site.location.precision in {"building", "street"} else 9
    if state.region:
        return view_of(region_bounds()[state.region])
    if state.text:
        wanted = state.filter()
        found = [site for site in catalog.sites.values() if site_chosen(site, wanted)]
        if found:
            lats, lons = [site.lat for site in found], [site.lon for site in found]
            center, zoom = view_of((min(lats), min(lons), max(lats), max(lons)))
            return center, min(zoom, 12)
    return None, None


def _partial(day: dt.date) -> PartialDate:
    return PartialDate(day.year, day.month, day.day)
