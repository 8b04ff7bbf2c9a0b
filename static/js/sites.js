/* Sites on the map: one marker per site, in its category's shape and colour, named for screen readers.
 *
 * A category `c` is {key, label, icons, canvas, useIcons}: `icons` and `canvas` give, for each
 * look ("" plain, "a" approximate place, "m" a memorial by then, "am" both), the SVG of a DOM
 * marker and the options of a canvas shape (mapapp/style.py `looks`). Up to a few hundred sites
 * are DOM markers (keyboard-focusable); more are shapes on a canvas, which stays fast.
 *
 * Two users: the app's store of every site (MemoryMap.store(map, "sites", ...)), and an exported
 * file's layers of the sites in its view (MemoryMap.siteLayer).
 */
(function (MemoryMap) {
  "use strict";

  /* The canvas shape marker: a circle marker whose path is the category's shape. */
  function shapeMarkers() {
    if (L.ShapeMarker) { return; }
    var corners = {square: [[-1, -1], [1, -1], [1, 1], [-1, 1]], triangle: [[0, -1.15], [1.1, 0.9], [-1.1, 0.9]],
                   diamond: [[0, -1.25], [1.25, 0], [0, 1.25], [-1.25, 0]]};
    L.Canvas.include({
      _updateShape: function (layer) {
        if (!this._drawing || layer._empty()) { return; }
        var p = layer._point, r = layer._radius, ctx = this._ctx, s = layer.options.shape, pts = corners[s];
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
    L.ShapeMarker = L.CircleMarker.extend({_updatePath: function () { this._renderer._updateShape(this); }});
  }

  function plain(text) { var t = document.createElement("textarea"); t.innerHTML = text; return t.value; }

  /* The DOM marker's icon for a look, moved by `offset` pixels (sites that share a point). */
  function icon(c, look, offset) {
    var size = look.indexOf("m") >= 0 ? 22 : 18, dx = offset ? offset[0] : 0, dy = offset ? offset[1] : 0;
    return L.divIcon({html: c.icons[look], iconSize: [size, size], iconAnchor: [size / 2 - dx, size / 2 - dy],
      className: "site-marker " + c.key + (look.indexOf("a") >= 0 ? " approximate" : "")
        + (look.indexOf("m") >= 0 ? " memorial-now" : "")});
  }

  /* A site's marker: `name` is escaped HTML, `popup` the popup's HTML (escaped), `look` its look. */
  function siteMarker(c, latlng, name, popup, look, offset) {
    var marker;
    if (c.useIcons) {
      marker = L.marker(latlng, {zIndexOffset: 1000, icon: icon(c, look, offset)});
      marker.on("add", function () {
        var el = marker.getElement(), label = plain(name + ", " + c.label);
        if (el) { el.setAttribute("aria-label", label); el.setAttribute("title", label); }
      });
    } else {
      shapeMarkers();
      c.renderer = c.renderer || L.canvas({padding: 0.5});
      marker = new L.ShapeMarker(latlng, Object.assign({renderer: c.renderer, radius: 6}, c.canvas[look]));
    }
    marker.bindTooltip(name);
    marker.bindPopup(popup || ("<strong>" + name + "</strong><br>" + c.label), {maxWidth: 360});
    return marker;
  }

  function restyle(c, marker, look) {
    if (c.useIcons) { marker.setIcon(icon(c, look, [marker._dx || 0, marker._dy || 0])); } else { marker.setStyle(c.canvas[look]); }
  }

  /* An exported file's sites of one category: GeoJSON features whose properties hold id, name,
   * look, offset and card; added to `parent` (a feature group). */
  MemoryMap.siteLayer = function (parent, data, c) {
    return L.geoJSON(data, {
      pointToLayer: function (f, latlng) {
        var p = f.properties;
        return siteMarker(c, latlng, p.name, p.card, p.look || "", p.offset);
      }
    }).addTo(parent);
  };

  /* Groups of sites placed at one point (often a town's, for a place known only to the locality):
   * drawn around it, a few pixels apart, with a dot on the point itself, so each can be seen. */
  function places(sites) {
    var byPoint = {}, placeOf = [], hubs = L.svg();  // SVG: the dots stay few and findable
    sites.forEach(function (s, i) {
      var key = s[2] + "," + s[3];
      (byPoint[key] = byPoint[key] || {members: [], hub: null}).members.push(i);
    });
    Object.keys(byPoint).forEach(function (key) {
      var place = byPoint[key], s = sites[place.members[0]];
      if (place.members.length < 2) { return; }
      place.hub = L.circleMarker([s[2], s[3]], {radius: 3, weight: 1, color: "#444", fillColor: "#444",
        fillOpacity: 0.9, interactive: false, className: "shared-point", renderer: hubs});
      place.members.forEach(function (i) { placeOf[i] = place; });
    });
    return placeOf;
  }

  /* The app's store of every site. The store's data: {looks, categories, sites: [[id, name, lat,
   * lon, category index]], rings: {count: offsets}} (mapapp/sitestore.py). Its feature groups are
   * on the map from the start, so streamlit-folium's click handler reaches every marker. */
  MemoryMap.drawings.sites = function (map, options) {
    var groups = {}, hubLayer = L.layerGroup().addTo(map), cats = [], sites = [], looks = [], rings = {}, placeOf = [];
    options.categories.forEach(function (key) { groups[key] = L.featureGroup().addTo(map); });
    function spread(place, markers) {
      var shown = place.members.filter(function (i) { return markers[i] && markers[i]._shown; });
      var n = shown.length, ring = rings[n] || [];
      shown.forEach(function (i, k) {
        var m = markers[i], dx = n > 1 ? ring[k][0] : 0, dy = n > 1 ? ring[k][1] : 0;
        if (m._dx !== dx || m._dy !== dy) { m._dx = dx; m._dy = dy; restyle(cats[sites[i][4]], m, looks[+m._look]); }
      });
      if (n > 1 && !place.hub._shown) { hubLayer.addLayer(place.hub); place.hub._shown = true; }
      if (n < 2 && place.hub._shown) { hubLayer.removeLayer(place.hub); place.hub._shown = false; }
    }
    return {
      groups: groups, hidden: "-", lazy: false,
      load: function (data) {
        cats = data.categories; sites = data.sites; looks = data.looks; rings = data.rings;
        cats.forEach(function (c) { c.group = groups[c.key]; });
        placeOf = places(sites);
        return sites.length;
      },
      build: function (i) {
        var s = sites[i], c = cats[s[4]], m = siteMarker(c, [s[2], s[3]], s[1], null, looks[0]);
        m.feature = {type: "Feature", id: s[0], properties: {id: s[0], name: s[1]}};
        return m;
      },
      restyle: function (m, look, i) { restyle(cats[sites[i][4]], m, looks[+look]); },  // look: "0".."3"
      layer: function (i) { return cats[sites[i][4]].group; },
      toggled: function (indices, markers) {
        var moved = [];
        indices.forEach(function (i) {
          var place = placeOf[i];
          if (place && cats[sites[i][4]].useIcons && moved.indexOf(place) < 0) { moved.push(place); }
        });
        moved.forEach(function (place) { spread(place, markers); });
      }
    };
  };
})(window.MemoryMap);
