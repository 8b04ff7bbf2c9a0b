/* Sites on the map: one marker per site, in its category's shape and colour, named for screen readers.
 *
 * A category `c` is {key, label, icons, canvas, useIcons}: `icons` and `canvas` give, for each
 * look ("" plain, "a" approximate place, "m" a memorial by then, "am" both), the SVG of a DOM
 * marker and the options of a canvas shape (mapapp/style.py `looks`). Up to a few hundred sites
 * are DOM markers (keyboard-focusable); more are shapes on a canvas, which stays fast.
 *
 * Every site is drawn in one cluster group (Leaflet.markercluster, from the npm registry): sites
 * close together on the screen, or sharing one point, gather into a mark with their count,
 * which a click, Enter or Space opens, at every zoom; the page's list reaches them all too.
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

  /* The DOM marker's icon for a look. */
  function icon(c, look) {
    var size = look.indexOf("m") >= 0 ? 22 : 18;
    return L.divIcon({html: c.icons[look], iconSize: [size, size], iconAnchor: [size / 2, size / 2],
      className: "site-marker " + c.key + (look.indexOf("a") >= 0 ? " approximate" : "")
        + (look.indexOf("m") >= 0 ? " memorial-now" : "")});
  }

  /* A site's marker: `name` is escaped HTML, `popup` the popup's HTML (escaped), `look` its look. */
  function siteMarker(c, latlng, name, popup, look) {
    var marker;
    if (c.useIcons) {
      marker = L.marker(latlng, {zIndexOffset: 1000, icon: icon(c, look)});
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
    // Enter or Space on a focused marker chooses it as a click does (Leaflet itself only opens
    // the popup), so the keyboard opens the site's card too.
    marker.on("keypress", function (e) {
      var key = e.originalEvent.key;
      if (key === "Enter" || key === " ") {
        e.originalEvent.preventDefault();
        marker.fire("click", {latlng: marker.getLatLng(), originalEvent: e.originalEvent}, true);
      }
    });
    return marker;
  }

  function restyle(c, marker, look) {
    if (c.useIcons) { marker.setIcon(icon(c, look)); } else { marker.setStyle(c.canvas[look]); }
  }


  // ---- Clusters: sites close together on the screen are drawn as one numbered mark. ----

  /* A cluster's icon: its count, named for screen readers in the map's language. */
  var ClusterIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var div = L.DivIcon.prototype.createIcon.call(this, old);
      div.setAttribute("aria-label", this.options.label);
      div.setAttribute("title", this.options.label);
      return div;
    }
  });

  /* Once a cluster opened from the keyboard has been drawn (zoomed to, or spread), focus the
   * first mark now holding its sites (a site, or a smaller cluster), so the keyboard goes on there. */
  function focusOpened(group, cluster) {
    var markers = cluster.getAllChildMarkers();
    function first() {
      for (var i = 0; i < markers.length; i++) {
        var mark = group.getVisibleParent(markers[i]), el = mark && mark.getElement && mark.getElement();
        if (el) { el.focus(); return; }
      }
    }
    group.once("spiderfied animationend", function () { setTimeout(first, 0); });
  }

  /* The group every site is drawn in: sites closer than `radius` pixels gather into a numbered
   * cluster, at every zoom; a click (or Enter or Space) on a cluster zooms to its sites, or, when
   * they share a point or the map is at its closest, spreads them around it. */
  MemoryMap.clusters = function (map, radius) {
    if (!map.options.maxZoom) { map.options.maxZoom = 18; }  // a map without tiles has none
    var words = map._memoryWords || {}, template = words.cluster || "{n} sites: press Enter to show them";
    var group = L.markerClusterGroup({
      maxClusterRadius: radius || 40, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
      spiderfyDistanceMultiplier: 1.4, chunkedLoading: true, removeOutsideVisibleBounds: true,
      iconCreateFunction: function (cluster) {
        var n = cluster.getChildCount(), size = n < 10 ? 30 : n < 100 ? 36 : 42;
        return new ClusterIcon({html: "<span>" + n + "</span>", className: "site-cluster",
          iconSize: [size, size], label: template.replace("{n}", n)});
      }
    });
    group.on("clusterkeypress", function (e) {
      var key = e.originalEvent && e.originalEvent.key;
      if (key === " ") { e.originalEvent.preventDefault(); group._zoomOrSpiderfy({layer: e.layer, type: "clusterclick"}); }
      if (key === " " || key === "Enter") { focusOpened(group, e.layer); }
    });
    group.on("clusterclick", function (e) {
      var o = e.originalEvent;
      if (o && o.type === "keypress") { focusOpened(group, e.layer); }  // Enter: Leaflet makes it a click
    });
    return group.addTo(map);
  };

  /* An exported file's sites of one category: GeoJSON features whose properties hold id, name,
   * look and card; added to the map's one cluster group (so categories cluster together). */
  MemoryMap.siteLayer = function (parent, data, c) {
    var map = parent._map || MemoryMap.map, group = map._memoryClusters = map._memoryClusters || MemoryMap.clusters(map);
    var layer = L.geoJSON(data, {
      pointToLayer: function (f, latlng) {
        var p = f.properties;
        return siteMarker(c, latlng, p.name, p.card, p.look || "");
      }
    });
    group.addLayers(layer.getLayers());
    layer._memoryGroup = group;  // the layer that draws these markers (the time slider shows and hides them there)
    return layer;
  };

  /* The app's store of every site. The store's data: {looks, categories, sites: [[id, name, lat,
   * lon, category index]]} (mapapp/sitestore.py). The cluster group is on the map from the
   * start, so streamlit-folium's click handler reaches every marker through it. The chosen site
   * is drawn outside the clusters, so it is always seen, ringed, wherever the map is. */
  MemoryMap.drawings.sites = function (map, options) {
    var clusters = MemoryMap.clusters(map, options.radius), single = L.featureGroup().addTo(map);
    var cats = [], sites = [], looks = [], index = {}, chosen = -1;
    return {
      groups: {clusters: clusters, chosen: single}, hidden: "-", lazy: false,
      load: function (data) {
        cats = data.categories; sites = data.sites; looks = data.looks;
        sites.forEach(function (s, i) { index[s[0]] = i; });
        return sites.length;
      },
      build: function (i) {
        var s = sites[i], c = cats[s[4]], m = siteMarker(c, [s[2], s[3]], s[1], null, looks[0]);
        m.feature = {type: "Feature", id: s[0], properties: {id: s[0], name: s[1]}};
        return m;
      },
      restyle: function (m, look, i) { restyle(cats[sites[i][4]], m, looks[+look]); },  // look: "0".."3"
      layer: function (i) { return i === chosen ? single : clusters; },
      /* Draw the site `id` (or none) outside the clusters, and the one chosen before back in them. */
      choose: function (id, markers) {
        var i = id in index ? index[id] : -1, before = chosen;
        if (i === before) { return; }
        chosen = i;
        [before, i].forEach(function (k) {
          var m = k >= 0 && markers[k];
          if (m && m._shown) { (k === i ? clusters : single).removeLayer(m); (k === i ? single : clusters).addLayer(m); }
        });
      }
    };
  };
})(window.MemoryMap);
