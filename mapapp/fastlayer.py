"""GeoJSON layers written straight to Leaflet: the data serialised once, fast, and safe in a script.

folium's GeoJson re-serialises its data with the standard library on every render and
repeats each popup and style per feature; at ten thousand sites that is most of the cost of a
rerun and most of the bytes sent. These elements hold their features and serialise them with
orjson only when rendered, with the category's look given once per layer, not per feature.

Sites are drawn as DOM markers (keyboard-focusable, named for screen readers) up to
`ICON_LIMIT` on a map, and beyond that as shapes on a canvas, which stays fast at a hundred
thousand points.

`Store` and `StoreView` are the app's way to send many records once and, on each rerun, only
which of them are in view (`mapapp.sitestore`, `mapapp.victims_map`).
"""

from __future__ import annotations

import orjson
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

# Sites drawn as DOM markers (one element each, keyboard-focusable) when a map holds at most this
# many; more are drawn on a canvas. Past a few hundred elements, adding and laying them out is what
# a slider change waits for, and the list beside the map is the keyboard's way in anyway.
ICON_LIMIT = 500


def script_json(value: object) -> str:
    """Return value as JSON that cannot end the <script> element it is written into."""
    return (
        orjson.dumps(value).decode().replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


# The canvas shape marker: a circle marker whose path is the category's shape.
SHAPE_MARKER_JS = """
if (!L.ShapeMarker) {
  L.Canvas.include({
    _updateShape: function (layer) {
      if (!this._drawing || layer._empty()) { return; }
      var p = layer._point, r = layer._radius, ctx = this._ctx, s = layer.options.shape;
      var pts = {square: [[-1, -1], [1, -1], [1, 1], [-1, 1]], triangle: [[0, -1.15], [1.1, 0.9], [-1.1, 0.9]],
                 diamond: [[0, -1.25], [1.25, 0], [0, 1.25], [-1.25, 0]]}[s];
      ctx.beginPath();
      if (s === "star") {
        for (var i = 0; i < 10; i++) {
          var a = Math.PI / 5 * i - Math.PI / 2, k = i % 2 ? 0.5 : 1.25;
          ctx[i ? "lineTo" : "moveTo"](p.x + Math.cos(a) * r * k, p.y + Math.sin(a) * r * k);
        }
      } else if (pts) {
        pts.forEach(function (q, i) { ctx[i ? "lineTo" : "moveTo"](p.x + q[0] * r, p.y + q[1] * r); });
      } else {
        ctx.arc(p.x, p.y, r, 0, Math.PI * 2, false);
      }
      ctx.closePath();
      this._fillStroke(ctx, layer);
    }
  });
  L.ShapeMarker = L.CircleMarker.extend({ _updatePath: function () { this._renderer._updateShape(this); } });
}
"""


class RawScript(Element):
    """A piece of finished JavaScript, written as it is."""

    def __init__(self, code: str):
        super().__init__()
        self.code = code

    def render(self, **kwargs) -> str:
        return self.code


class ScriptElement(MacroElement):
    """A MacroElement whose script is added to the page as finished text.

    branca turns each rendered script into a new Jinja template, compiling it: for a layer
    holding megabytes of GeoJSON that compile was most of the time of a rerun.
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        assert isinstance(figure, Figure), "render this element inside a Figure (add it to a map)"
        figure.script.add_child(RawScript(self._template.module.script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class FastGeoJson(ScriptElement):
    """A plain GeoJSON layer with one style for every feature (the offline base layer)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
// A pane of its own, under every other layer, however late the data arrives.
{{ this._parent.get_name() }}.createPane("communesPane").style.zIndex = 350;
var {{ this.get_name() }} = L.geoJSON(null, {
  style: {{ this.style | tojson }}, interactive: false, smoothFactor: 1.5, pane: "communesPane"
}).addTo({{ this._parent.get_name() }});
{% if this.url %}
fetch({{ this.url | tojson }}).then(function (r) { return r.json(); }).then(function (data) {
  {{ this.get_name() }}.addData(data);
});
{% else %}
{{ this.get_name() }}.addData({{ this.data_json() }});
{% endif %}
{% endmacro %}
"""
    )

    def __init__(self, data: dict | str | None, style: dict, url: str | None = None):
        """Draw `data`, or the GeoJSON fetched from `url` (then the layer fills in when it arrives)."""
        super().__init__()
        self._name = "FastGeoJson"
        self.data, self.style, self.url = data, style, url

    def data_json(self) -> str:
        return self.data if isinstance(self.data, str) else script_json(self.data)


class SiteLayer(ScriptElement):
    """One category's sites: markers with the category's shape, a tooltip, a popup, a name.

    `icons` maps a feature's look ("" plain, "a" approximate, "m" a memorial by then, "am")
    to the marker's SVG; `canvas` gives the same looks for the canvas shapes. Each feature's
    properties hold its id, name (escaped), look, and, in exported files, its full card.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this.shape_js }}
var {{ this.get_name() }} = (function () {
  var icons = {{ this.icons | tojson }}, canvas = {{ this.canvas | tojson }}, useIcons = {{ this.use_icons | tojson }};
  var category = {{ this.category_label | tojson }}, size = {{ this.size | tojson }};
  var renderer = useIcons ? null : L.canvas({padding: 0.5});
  function named(text) { var t = document.createElement("textarea"); t.innerHTML = text; return t.value; }
  return L.geoJSON({{ this.data_json() }}, {
    pointToLayer: function (f, latlng) {
      var look = f.properties.look || "", offset = f.properties.offset || [0, 0];
      if (useIcons) {  // an offset draws sites that share one point around it
        var s = look.indexOf("m") >= 0 ? size + 4 : size;
        return L.marker(latlng, {zIndexOffset: 1000, icon: L.divIcon({html: icons[look], iconSize: [s, s],
          iconAnchor: [s / 2 - offset[0], s / 2 - offset[1]], className: {{ this.class_name | tojson }} + (look.indexOf("a") >= 0 ? " approximate" : "")
          + (look.indexOf("m") >= 0 ? " memorial-now" : "")})});
      }
      return new L.ShapeMarker(latlng, Object.assign({renderer: renderer, radius: 6}, canvas[look]));
    },
    onEachFeature: function (f, layer) {
      var label = f.properties.name + ", " + category;
      layer.bindTooltip(f.properties.name);
      layer.bindPopup(f.properties.card || ("<strong>" + f.properties.name + "</strong><br>" + category),
                      {maxWidth: 360});
      if (useIcons) {
        layer.on("add", function () {
          var el = layer.getElement();
          if (el) { el.setAttribute("aria-label", named(label)); el.setAttribute("title", named(label)); }
        });
      }
    }
  }).addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
"""
    )

    def __init__(
        self,
        features: list[dict],
        category: str,
        category_label: str,
        icons: dict,
        canvas: dict,
        use_icons: bool | None = None,
    ):
        """`use_icons`: DOM markers or canvas shapes (default: by this layer's size, `ICON_LIMIT`)."""
        super().__init__()
        self._name = "SiteLayer"
        self.features, self.category_label = features, category_label
        self.icons, self.canvas = icons, canvas
        self.use_icons = len(features) <= ICON_LIMIT if use_icons is None else use_icons
        self.shape_js = "" if self.use_icons else SHAPE_MARKER_JS
        self.class_name, self.size = f"site-marker {category}", 18

    def data_json(self) -> str:
        return script_json({"type": "FeatureCollection", "features": self.features})


class Store(ScriptElement):
    """Records the browser gets once: fetched from `url`, or written inline from `data`.

    A subclass's template draws them and sets a window global with a `view(code)` method.
    """

    def __init__(self, name: str, data: dict | None = None, url: str | None = None):
        super().__init__()
        assert data is not None or url, "a store needs its data or the address of its data"
        self._name = name
        self.data, self.url = data, url

    def data_json(self) -> str:
        return script_json(self.data)


class StoreView(ScriptElement):
    """Which of a store's records are in view, one character each, sent on every rerun.

    `store` is the window global the store sets; until it exists, the view waits in `pending`.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
if (window.{{ this.store }}) { window.{{ this.store }}.view({{ this.code | tojson }}); }
else { window.{{ this.pending }} = {{ this.code | tojson }}; }
{% endmacro %}
"""
    )

    def __init__(self, code: str, store: str, pending: str):
        super().__init__()
        self._name = "StoreView"
        self.code, self.store, self.pending = code, store, pending
