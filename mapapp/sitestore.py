"""Every site sent to the browser once; on each rerun only which of them are in view.

A slider change used to send every site in view again and rebuild every marker. Here the
app's map holds a store of all the catalogue's sites (`SiteStore`, fetched once from a file
the app serves, or written inline), and each rerun sends a view (`SiteView`): one character
per site, in the store's order, saying whether it is hidden or how it is drawn. The browser
then shows, hides and restyles only the markers whose character changed; a marker is built
the first time it is shown and kept.

Exports keep using `mapapp.mapbuild.site_layers`: a file has no server to come back to.
"""

from __future__ import annotations

from collections import Counter

from jinja2 import Template

from mapapp import escape
from mapapp.fastlayer import ICON_LIMIT, SHAPE_MARKER_JS, Store, StoreView
from mapapp.filters import Selection
from mapapp.i18n import t
from mapapp.mapbuild import site_look, spread_offsets
from mapapp.model import CATEGORIES, Catalog
from mapapp.style import looks

HIDDEN = "-"
LOOK_CODES = {"": "0", "a": "1", "m": "2", "am": "3"}  # mapbuild.LOOKS, one character each


def store_payload(catalog: Catalog, lang: str) -> dict:
    """Return every site as the browser's store holds it: names escaped, the looks per category.

    A catalogue of more than `ICON_LIMIT` sites is drawn on a canvas.
    """
    icons_on = len(catalog.sites) <= ICON_LIMIT
    categories = []
    for category in CATEGORIES:
        icons, canvas = looks(category)
        label = escape.text(t("category." + category, lang))
        categories.append(
            {
                "key": category,
                "label": label,
                "icons": icons,
                "canvas": canvas,
                "useIcons": icons_on,
            }
        )
    index = {category: number for number, category in enumerate(CATEGORIES)}
    sites = [
        [site.id, escape.text(site.name.get(lang)), round(site.lat, 5), round(site.lon, 5), index[site.category]]
        for site in catalog.sites_in_order  # the order of every view
    ]
    # The ring each number of shown sites sharing one point is drawn in (the same as exports').
    shared = Counter((row[2], row[3]) for row in sites)
    rings = {str(n): spread_offsets(n) for n in range(2, max(shared.values(), default=1) + 1)}
    return {"looks": list(LOOK_CODES), "categories": categories, "sites": sites, "rings": rings}


def view_code(catalog: Catalog, selection: Selection, shown: bool = True) -> str:
    """Return one character per store site: `HIDDEN`, or the look it is drawn with in this view."""
    if not shown:
        return HIDDEN * len(catalog.sites)
    chosen = {site.id for site in selection.sites}
    return "".join(
        LOOK_CODES[site_look(site, selection)] if site.id in chosen else HIDDEN for site in catalog.sites_in_order
    )


class SiteStore(Store):
    """The store of every site on the base map: from `url` (fetched once) or `data` (inline).

    Its feature groups are on the map from the start, so streamlit-folium binds its click
    handler to them and a click on any marker, however late it was built, comes back with
    the site's id.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this.shape_js }}
(function (map) {
  var store = window.__mapappSites = {groups: {}, markers: [], ready: false, code: null};
  var cats = [], sites = [], lookKeys = [], placeOf = [], rings = {};
  var hubLayer = L.layerGroup().addTo(map), hubRenderer = L.svg();  // SVG: the dots stay few and findable
  function named(text) { var t = document.createElement("textarea"); t.innerHTML = text; return t.value; }
  function build(index) {
    var s = sites[index], c = cats[s[4]], m;
    if (c.useIcons) {
      m = L.marker([s[2], s[3]], {zIndexOffset: 1000});
      m.on("add", function () {
        var el = m.getElement(), label = named(s[1] + ", " + c.label);
        if (el) { el.setAttribute("aria-label", label); el.setAttribute("title", label); }
      });
    } else {
      m = new L.ShapeMarker([s[2], s[3]], Object.assign({renderer: c.renderer, radius: 6}, c.canvas[lookKeys[0]]));
    }
    m.feature = {type: "Feature", id: s[0], properties: {id: s[0], name: s[1]}};
    m.bindTooltip(s[1]);
    m.bindPopup("<strong>" + s[1] + "</strong><br>" + c.label, {maxWidth: 360});
    m._look = null;
    return m;
  }
  function restyle(m, c, look) {  // look: 0 plain, bit 1 approximate, bit 2 a memorial by then
    var key = lookKeys[look];
    if (c.useIcons) {
      var size = look & 2 ? 22 : 18, dx = m._dx || 0, dy = m._dy || 0;
      m.setIcon(L.divIcon({html: c.icons[key], iconSize: [size, size], iconAnchor: [size / 2 - dx, size / 2 - dy],
        className: "site-marker " + c.key + (look & 1 ? " approximate" : "") + (look & 2 ? " memorial-now" : "")}));
    } else {
      m.setStyle(c.canvas[key]);
    }
    m._look = look;
  }
  // Sites placed at the same point (often a town's, for a locality-precision place) are drawn
  // around it, a few pixels apart, with a dot on the point itself: each can be seen and clicked.
  function spread(place) {
    var shown = place.members.filter(function (i) { return store.markers[i] && store.markers[i]._shown; });
    var n = shown.length, ring = rings[n] || [];
    shown.forEach(function (i, k) {
      var m = store.markers[i], c = cats[sites[i][4]], dx = n > 1 ? ring[k][0] : 0, dy = n > 1 ? ring[k][1] : 0;
      if (m._dx !== dx || m._dy !== dy) { m._dx = dx; m._dy = dy; restyle(m, c, m._look); }
    });
    if (n > 1 && !place.hub._shown) { hubLayer.addLayer(place.hub); place.hub._shown = true; }
    if (n < 2 && place.hub._shown) { hubLayer.removeLayer(place.hub); place.hub._shown = false; }
  }
  function apply(code) {  // return how many markers changed
    var changed = 0, moved = [];
    for (var i = 0; i < sites.length; i++) {
      var ch = code.charAt(i) || "-", m = store.markers[i], c = cats[sites[i][4]], was = !!(m && m._shown);
      if (ch === "-") {
        if (m && m._shown) { c.group.removeLayer(m); m._shown = false; changed++; }
      } else {
        var look = ch.charCodeAt(0) - 48;
        if (!m) { m = store.markers[i] = build(i); }
        if (m._look !== look) { restyle(m, c, look); changed++; }
        if (!m._shown) { c.group.addLayer(m); m._shown = true; changed++; }
      }
      var place = placeOf[i];
      if (place && c.useIcons && was !== !!(m && m._shown) && moved.indexOf(place) < 0) { moved.push(place); }
    }
    moved.forEach(spread);
    return changed;
  }
  function load(data) {
    cats = data.categories; sites = data.sites; lookKeys = data.looks; rings = data.rings;
    var places = {};
    sites.forEach(function (s, i) {
      var key = s[2] + "," + s[3];
      (places[key] = places[key] || {members: [], hub: null}).members.push(i);
    });
    Object.keys(places).forEach(function (key) {
      var place = places[key];
      if (place.members.length < 2) { return; }
      var s = sites[place.members[0]];
      place.hub = L.circleMarker([s[2], s[3]], {radius: 3, weight: 1, color: "#444", fillColor: "#444",
        fillOpacity: 0.9, interactive: false, className: "shared-point", renderer: hubRenderer});
      place.members.forEach(function (i) { placeOf[i] = place; });
    });
    cats.forEach(function (c) {
      c.group = store.groups[c.key];
      c.renderer = c.useIcons ? null : L.canvas({padding: 0.5});
    });
    store.ready = true;
    var code = store.code !== null ? store.code : window.__mapappPendingView;
    if (code) { store.code = code; apply(code); }
  }
  store.view = function (code) {
    store.code = code;
    if (!store.ready) { return; }
    // For the benchmark: when each view was applied, how many markers it changed, and when the
    // browser next drew a frame (times since the epoch, comparable across frames).
    var entry = {changed: apply(code), applied: performance.timeOrigin + performance.now()};
    store.log = (store.log || []).slice(-19).concat([entry]);
    requestAnimationFrame(function () { entry.painted = performance.timeOrigin + performance.now(); });
  };
  {{ this.category_keys | tojson }}.forEach(function (key) { store.groups[key] = L.featureGroup().addTo(map); });
  {% if this.url %}
  fetch({{ this.url | tojson }}).then(function (r) { return r.json(); }).then(load);
  {% else %}
  load({{ this.data_json() }});
  {% endif %}
})({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self, data: dict | None = None, url: str | None = None):
        super().__init__("SiteStore", data, url)
        self.category_keys = list(CATEGORIES)
        self.shape_js = SHAPE_MARKER_JS


class SiteView(StoreView):
    """Which store sites are in view and how each is drawn (a `view_code`), sent on every rerun."""

    def __init__(self, code: str):
        super().__init__(code, "__mapappSites", "__mapappPendingView")
