"""One self-contained HTML file of a view: map, cards, legend, attribution and a time slider.

Leaflet's script and style are written into the file, so it opens from disk with no network
(map tiles aside; `offline` draws Chile's communes instead of tiles). The time slider works
with no server: each marker carries its periods as day numbers, and the slider shows a
marker when one of them overlaps the chosen days, inclusive at both ends, like
`mapapp.filters` does.
"""

from __future__ import annotations

import datetime as dt
import json

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from mapapp import escape
from mapapp.assets import SCRIPTS, STYLES, VENDOR
from mapapp.boundaries import region_bounds
from mapapp.dates import COUP, PartialDate, span_label
from mapapp.filters import Filter, filter_catalog, site_chosen
from mapapp.i18n import t
from mapapp.legend import legend_html
from mapapp.mapbuild import base_map, event_layer, route_layer, site_layers, view_of
from mapapp.model import Catalog, Site
from mapapp.viewstate import ViewState

EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date | None) -> int | None:
    return None if day is None else (day - EPOCH).days


class TimeSlider(MacroElement):
    """Two range inputs (first and last day) that show only the markers active in between."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var entries = [];
  {% for name in this.layer_names %}{{ name }}.eachLayer(function (l) { entries.push([{{ name }}, l]); });
  {% endfor %}
  var control = L.control({position: "bottomleft"});
  control.onAdd = function () {
    var div = L.DomUtil.create("div", "time-slider");
    div.style.cssText = "background:#fff;padding:6px 10px;border-radius:4px;font:13px sans-serif;max-width:80vw";
    div.innerHTML = {{ this.markup | tojson }};
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  control.addTo(map);
  var first = document.getElementById("time-first"), last = document.getElementById("time-last");
  var shown = document.getElementById("time-shown");
  function label(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }
  function apply() {
    var a = Math.min(+first.value, +last.value), b = Math.max(+first.value, +last.value), count = 0;
    entries.forEach(function (entry) {
      var spans = entry[1].feature.properties.spans || [];
      var on = spans.some(function (s) { return s[0] <= b && (s[1] === null || s[1] >= a); });
      if (on && !entry[0].hasLayer(entry[1])) { entry[0].addLayer(entry[1]); }
      if (!on && entry[0].hasLayer(entry[1])) { entry[0].removeLayer(entry[1]); }
      if (on) { count += 1; }
    });
    shown.textContent = label(a) + " \u2013 " + label(b) + " (" + count + ")";
  }
  first.addEventListener("input", apply);
  last.addEventListener("input", apply);
  apply();
})();
{% endmacro %}
"""
    )

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


def _spans(site: Site) -> list[list[int | None]]:
    return [[day_number(p.span.start), day_number(p.span.end)] for p in site.periods]


def _inline_assets(fmap: folium.Map) -> None:
    """Write Leaflet's files into the page instead of linking them."""
    fmap.default_js, fmap.default_css = [], []
    header = fmap.get_root().header
    for path in STYLES.values():
        header.add_child(Element(f"<style>{(VENDOR / path).read_text(encoding='utf-8')}</style>"))
    for path in SCRIPTS.values():
        header.add_child(Element(f"<script>{(VENDOR / path).read_text(encoding='utf-8')}</script>"))


class MapScript(MacroElement):
    """A piece of our own JavaScript, run after the map exists; `__MAP__` names the map."""

    _template = Template(
        "{% macro script(this, kwargs) %}{{ this.code.replace('__MAP__', this._parent.get_name()) }}{% endmacro %}"
    )

    def __init__(self, code: str):
        super().__init__()
        self._name, self.code = "MapScript", code


BOX_STYLE = "background:#fff;padding:6px 10px;border-radius:4px;font:13px sans-serif;max-width:320px"


def js_string(text: str) -> str:
    """Return text as a JavaScript string literal that cannot close a <script> element."""
    return json.dumps(text).replace("<", "\\u003c")


def _overlay(fmap: folium.Map, html: str, position: str) -> None:
    """Add a box of our own (already escaped) HTML over the map."""
    MapScript(
        f"(function () {{ var c = L.control({{position: {js_string(position)}}}); c.onAdd = function () {{"
        f' var d = L.DomUtil.create("div", "map-box"); d.style.cssText = {js_string(BOX_STYLE)};'
        f" d.innerHTML = {js_string(html)}; return d; }}; c.addTo(__MAP__); }})();"
    ).add_to(fmap)


def standalone_html(catalog: Catalog, state: ViewState, communes: dict | None = None, offline: bool = False) -> str:
    """Return the view as one HTML file, every script and style inside it."""
    wanted = state.filter()
    everything = filter_catalog(catalog, Filter(categories=wanted.categories, text=wanted.text, region=wanted.region))
    fmap = base_map(communes if offline else None, offline=offline, assets_base=None)
    _inline_assets(fmap)
    lang = state.lang
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
    _overlay(fmap, title, "topright")
    _overlay(fmap, legend_html(lang), "bottomright")
    credit = escape.text(t("card.sources", lang)) + ": geodata/sources (mapapp)"
    MapScript(f"__MAP__.attributionControl.addAttribution({js_string(credit)});").add_to(fmap)
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
