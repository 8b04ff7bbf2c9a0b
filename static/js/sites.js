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
(function (MemoryMap, root) {
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
      // Markers still waiting in a chunk (the store's `drawn` leaves them out).
      chunkProgress: function (done, total) { group._memoryPending = total - done; },
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

  // ---- Many sites: supercluster (npm) clusters them; only the marks in view are elements. ----

  /* A cluster's numbered mark for the many-sites drawing: a click, Enter or Space zooms to where
   * its sites come apart (`open`); from the keyboard, focus then goes to the mark nearest. */
  function clusterMark(feature, template, open) {
    var n = feature.properties.point_count, size = n < 10 ? 30 : n < 100 ? 36 : n < 10000 ? 42 : 54;
    var at = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
    var mark = L.marker(at, {keyboard: true, icon: new ClusterIcon({html: "<span>" + n + "</span>",
      className: "site-cluster", iconSize: [size, size], label: template.replace("{n}", n)})});
    mark.on("click", function (e) { var o = e.originalEvent; open(feature, mark, !!(o && o.type === "keypress")); });
    mark.on("keypress", function (e) {
      if (e.originalEvent.key === " ") { e.originalEvent.preventDefault(); open(feature, mark, true); }
    });
    return mark;
  }

  /* The drawing of a store of many sites. supercluster indexes the sites a view shows (again
   * only when a view changes which), and on every move of the map the clusters and lone sites
   * of the part in view are drawn: a few hundred marks, however many sites. A site's marker is
   * built the first time it is drawn alone. markercluster, which keeps a marker per site in its
   * tree, costs a second to add or remove ten thousand (docs/performance.md). */
  function manySites(map, parts, radius) {
    var words = map._memoryWords || {}, template = words.cluster || "{n} sites: press Enter to show them";
    var clusterMarks = L.layerGroup().addTo(map);  // a cluster chooses no site: not in the sites' group
    var index = null, features = null, code = "", chosen = -1, count = 0, drawn = {}, markers = [];
    var last = [], levels = [0, 0];  // the points indexed, and the zooms they are indexed for
    var zoomTop = map.getMaxZoom() || 18;

    function marker(i) {
      var m = markers[i] || (markers[i] = parts.build(i)), look = code.charAt(i);
      if (m._look !== look) { parts.restyle(m, look, i); m._look = look; }
      return m;
    }
    function open(feature, mark, keyboard) {
      var zoom = Math.min(index.getClusterExpansionZoom(feature.properties.cluster_id), zoomTop);
      if (keyboard) { map.once("moveend", function () { setTimeout(function () { focusNear(mark.getLatLng()); }, 0); }); }
      map.setView(mark.getLatLng(), zoom);
    }
    function focusNear(at) {
      var best = null, distance = Infinity;
      Object.keys(drawn).forEach(function (k) {
        var d = map.distance(at, drawn[k].getLatLng());
        if (d < distance && drawn[k].getElement && drawn[k].getElement()) { best = drawn[k]; distance = d; }
      });
      if (best) { best.getElement().focus(); }
    }
    /* Index `points` for the zooms near the map's: each zoom indexed costs a pass over the sites,
     * and a slider change indexes them again. Zooming out of that range indexes them again too. */
    function build(points) {
      var zoom = Math.round(map.getZoom() || 0);
      last = points;
      levels = [Math.max(0, zoom - 2), Math.min(zoomTop - 1, zoom + 3)];
      index = new Supercluster({radius: 2 * (radius || 40), minZoom: levels[0], maxZoom: levels[1]}).load(points);
    }
    function redraw() {
      if (!index || !map._loaded) { return; }
      var zoom = Math.round(map.getZoom());
      if (zoom < levels[0] || zoom > levels[1] + 1) { build(last); }
      var b = map.getBounds().pad(0.25);
      var box = [Math.max(-180, b.getWest()), Math.max(-85, b.getSouth()), Math.min(180, b.getEast()), Math.min(85, b.getNorth())];
      var next = {};
      index.getClusters(box, zoom).forEach(function (f) {
        var p = f.properties, c = f.geometry.coordinates;
        var k = p.cluster ? "c" + p.cluster_id + ":" + p.point_count + ":" + c[0] + "," + c[1] : "s" + p.i;
        next[k] = drawn[k] || (p.cluster ? clusterMark(f, template, open) : marker(p.i));
        if (!p.cluster) { marker(p.i); }  // its look may have changed
      });
      Object.keys(drawn).forEach(function (k) {
        if (!next[k]) { (k.charAt(0) === "c" ? clusterMarks : parts.layer).removeLayer(drawn[k]); }
      });
      Object.keys(next).forEach(function (k) {
        if (!drawn[k]) { (k.charAt(0) === "c" ? clusterMarks : parts.layer).addLayer(next[k]); }
      });
      drawn = next;
    }
    map.on("moveend", redraw);

    return {
      apply: function (wanted, storeMarkers, chosenIndex) {
        markers = storeMarkers;
        var changed = 0, same = index !== null && chosenIndex === chosen, points = [];
        features = features || parts.points();
        count = 0;
        for (var i = 0; i < features.length; i++) {
          var before = code.charAt(i) || "-", look = wanted.charAt(i) || "-";
          if (before !== look) { changed++; if ((before === "-") !== (look === "-")) { same = false; } }
          if (look !== "-") { count++; if (i !== chosenIndex) { points.push(features[i]); } }
        }
        code = wanted;
        if (!same) { build(points); }  // which sites are in view changed: index them again
        if (chosenIndex !== chosen) {
          if (chosen >= 0 && markers[chosen]) { parts.single.removeLayer(markers[chosen]); }
          chosen = chosenIndex;
        }
        if (chosen >= 0 && code.charAt(chosen) !== "-" && code.charAt(chosen)) { parts.single.addLayer(marker(chosen)); }
        redraw();
        return changed;
      },
      shown: function () { return count; },
      clusters: clusterMarks
    };
  }

  /* The app's store of every site. The store's data: {looks, categories, sites: [[id, name, lat,
   * lon, category index]]} (mapapp/sitestore.py). The cluster group is on the map from the
   * start, so streamlit-folium's click handler reaches every marker through it. The chosen site
   * is drawn outside the clusters, so it is always seen, ringed, wherever the map is. */
  MemoryMap.drawings.sites = function (map, options) {
    var clusters = MemoryMap.clusters(map, options.radius), single = L.featureGroup().addTo(map);
    var alone = L.featureGroup().addTo(map);  // many sites: those drawn alone (a click on one chooses it)
    var cats = [], sites = [], looks = [], index = {}, chosen = -1;
    var drawing = {
      groups: {clusters: clusters, chosen: single}, hidden: "-", lazy: false,
      load: function (data) {
        cats = data.categories; sites = data.sites; looks = data.looks;
        sites.forEach(function (s, i) { index[s[0]] = i; });
        if (options.manyAt && sites.length > options.manyAt && root.Supercluster) { many(); }
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
      },
      drawn: function (shown) { return Math.max(0, shown - (clusters._memoryPending || 0)); }
    };
    /* More than `options.manyAt` sites: drawn by supercluster instead (manySites). */
    function many() {
      var points = function () {
        return sites.map(function (s, i) { return {type: "Feature", geometry: {type: "Point", coordinates: [s[3], s[2]]}, properties: {i: i}}; });
      };
      var drawer = manySites(map, {build: drawing.build, restyle: drawing.restyle, layer: alone, single: single, points: points},
                             options.radius);
      drawing.apply = function (code, markers, id) { return drawer.apply(code, markers, id in index ? index[id] : -1); };
      drawing.shown = drawer.shown;
      drawing.groups.many = drawer.clusters;
      drawing.groups.alone = alone;
    }
    return drawing;
  };
})(window.MemoryMap, window);
