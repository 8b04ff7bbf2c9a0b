/* The memory map's browser code, shared by the app's map and exported files: the MemoryMap namespace.
 *
 * The app's map loads this file (and sites.js, victims.js, slider.js) by <script src> after
 * Leaflet, from /app/static/js/; an exported file carries the same files inline
 * (mapapp/assets.py). Python sends only data: calls such as MemoryMap.store(map, "sites",
 * {url: ...}, {...}) with JSON arguments (mapapp/mapcalls.py).
 *
 * This file touches Leaflet only when called, so node can load it to test `overlaps`.
 */
(function (root) {
  "use strict";
  var MemoryMap = root.MemoryMap = root.MemoryMap || {};

  /* Whether two spans of day numbers share at least one day: [first, last], both ends included,
   * last null for a span still open. The rule of mapapp.dates.DateSpan.overlaps (tests/test_js_dates.py). */
  MemoryMap.overlaps = function (span, wanted) {
    return (wanted[1] === null || span[0] <= wanted[1]) && (span[1] === null || wanted[0] <= span[1]);
  };

  // The words of the notice, until MemoryMap.setup gives the map's own (mapapp.mapcalls.LABELS).
  var WORDS = {failed: "Part of the map could not be loaded: {parts}. Reload the page.",
               network: "network error", invalid: "invalid data", parts: {}};

  MemoryMap.setup = function (map, words) { map._memoryWords = words; MemoryMap.map = map; };

  /* One line over the map saying which day or span it shows; each rerun sends it again (text only). */
  MemoryMap.caption = function (group, text) {
    var map = MemoryMap.map;
    if (!map) { return null; }
    if (!map._memoryCaption) {
      var box = L.control({position: "topright"});
      box.onAdd = function () {
        var div = L.DomUtil.create("div", "map-caption");
        div.setAttribute("role", "status");
        div.style.cssText = "background:#fff;padding:4px 8px;border-radius:4px;font:bold 14px sans-serif";
        return div;
      };
      map._memoryCaption = box.addTo(map);
    }
    map._memoryCaption.getContainer().textContent = text;
    return map._memoryCaption;
  };

  /* Tell the visitor, on the map, that a part of it did not load; the console gets the detail. */
  MemoryMap.report = function (map, part, detail, error) {
    var words = map._memoryWords || WORDS, said = words[detail] || detail;
    if (root.console) { root.console.error("Memory map: " + part + " could not be loaded (" + detail + ")", error); }
    var failed = map._memoryFailed = map._memoryFailed || [];
    failed.push((words.parts[part] || part) + " (" + said + ")");
    if (!map._memoryNotice) {
      var notice = map._memoryNotice = L.control({position: "topright"});
      notice.onAdd = function () {
        var box = L.DomUtil.create("div", "map-notice");
        box.setAttribute("role", "alert");
        box.style.cssText = "background:#fff3cd;color:#5c4400;border:1px solid #d9b94a;padding:6px 10px;"
          + "border-radius:4px;font:13px sans-serif;max-width:320px";
        return box;
      };
      notice.addTo(map);
    }
    map._memoryNotice.getContainer().textContent = words.failed.replace("{parts}", failed.join(", "));
  };

  /* Give `use` the data of `source`: written inline ({data}) or fetched once ({url}). A failed
   * fetch (network, HTTP status, JSON that does not parse or does not fit) is reported on the map. */
  MemoryMap.load = function (map, part, source, use) {
    if (!source.url) {
      try { use(source.data); } catch (error) { MemoryMap.report(map, part, "invalid", error); }
      return;
    }
    fetch(source.url).then(function (answer) {
      if (!answer.ok) { throw {detail: String(answer.status), error: new Error(answer.status + " " + source.url)}; }
      return answer.json().catch(function (error) { throw {detail: "invalid", error: error}; });
    }, function (error) {
      throw {detail: "network", error: error};
    }).then(function (data) {
      try { use(data); } catch (error) { throw {detail: "invalid", error: error}; }
    }).catch(function (failure) {
      MemoryMap.report(map, part, failure.detail || "invalid", failure.error || failure);
    });
  };

  /* The offline base layer of Chile's communes, under every other layer, however late it arrives. */
  MemoryMap.communes = function (map, source, style) {
    map.createPane("communesPane").style.zIndex = 350;
    var layer = L.geoJSON(null, {style: style, interactive: false, smoothFactor: 1.5, pane: "communesPane"}).addTo(map);
    MemoryMap.load(map, "communes", source, function (data) { layer.addData(data); });
    return layer;
  };

  /* A box of (already escaped) HTML over the map: an exported file's title and legend. */
  MemoryMap.box = function (map, position, html) {
    var box = L.control({position: position});
    box.onAdd = function () {
      var div = L.DomUtil.create("div", "map-box");
      div.style.cssText = "background:#fff;padding:6px 10px;border-radius:4px;font:13px sans-serif;max-width:320px";
      div.innerHTML = html;
      return div;
    };
    return box.addTo(map);
  };

  MemoryMap.credit = function (map, text) { map.attributionControl.addAttribution(text); };

  /* Name a GeoJSON layer's marker after its feature (an event's date and title, escaped HTML),
   * so that a screen reader says what the marker is. */
  MemoryMap.nameMarker = function (feature, layer) {
    layer.on("add", function () {
      var el = layer.getElement && layer.getElement(), text = document.createElement("textarea");
      text.innerHTML = (feature.properties && feature.properties.name) || "";
      if (el) { el.setAttribute("aria-label", text.value); el.setAttribute("title", text.value); }
    });
  };

  // ---- The store protocol: records sent once, a view of them on every rerun. ----

  var stores = MemoryMap.stores = {}, pending = {};
  // The window globals the browser tests and benchmarks read a store by.
  var GLOBALS = {sites: "__mapappSites", victims: "__mapappVictims"};
  MemoryMap.drawings = MemoryMap.drawings || {};

  /* Show, hide and restyle the store's markers as `code` says, one character per record: the
   * drawing's `hidden` character, or a look. A marker is built the first time it is shown. The
   * markers are added and removed a layer at a time (a cluster group clusters them once). */
  function apply(store, drawing, code) {
    var changed = 0, moves = [];  // [layer, markers to add, markers to remove]
    function move(layer, marker, adding) {
      var entry = moves.filter(function (m) { return m[0] === layer; })[0];
      if (!entry) { entry = [layer, [], []]; moves.push(entry); }
      entry[adding ? 1 : 2].push(marker);
      marker._shown = adding;
      changed++;
    }
    for (var i = 0; i < store.count; i++) {
      var look = code.charAt(i) || drawing.hidden, marker = store.markers[i];
      if (look === drawing.hidden) {
        if (marker && marker._shown) { move(drawing.layer(i), marker, false); }
        continue;
      }
      if (!marker) { marker = store.markers[i] = drawing.build(i); }
      if (marker._look !== look) { if (drawing.restyle) { drawing.restyle(marker, look, i); } marker._look = look; changed++; }
      if (!marker._shown) { move(drawing.layer(i), marker, true); }
    }
    moves.forEach(function (m) {
      var layer = m[0];
      if (layer.removeLayers) { layer.removeLayers(m[2]); } else { m[2].forEach(function (x) { layer.removeLayer(x); }); }
      if (layer.addLayers) { layer.addLayers(m[1]); } else { m[1].forEach(function (x) { layer.addLayer(x); }); }
    });
    return changed;
  }

  /* A store named `name` ("sites", "victims") on the map: its records from `source` ({url} or
   * {data}), drawn by MemoryMap.drawings[name](map, options). A lazy drawing's records are
   * fetched only when a view first shows one of them. */
  MemoryMap.store = function (map, name, source, options) {
    var drawing = MemoryMap.drawings[name](map, options || {});
    var store = {name: name, groups: drawing.groups || {}, markers: [], count: 0, code: null,
                 ready: false, loading: false, log: []};
    function shows(code) {
      for (var i = 0; i < code.length; i++) { if (code.charAt(i) !== drawing.hidden) { return true; } }
      return false;
    }
    function fill(data) {
      store.count = drawing.load(data);
      store.ready = true;
      if (store.code !== null) { store.view(store.code, store.chosen); }
    }
    function start() {
      if (store.loading) { return; }
      store.loading = true;
      MemoryMap.load(map, name, source, fill);
    }
    store.view = function (code, chosen) {
      store.code = code;
      store.chosen = chosen || null;
      if (!store.ready) { if (!drawing.lazy || shows(code)) { start(); } return; }
      // For the benchmark: when each view was applied, how many markers it changed, and when the
      // browser next drew a frame (times since the epoch, comparable across frames).
      // A drawing may apply a view itself (sites.js for many sites: only what is in view is built).
      var changed = drawing.apply ? drawing.apply(code, store.markers, store.chosen) : apply(store, drawing, code);
      var entry = {changed: changed, applied: performance.timeOrigin + performance.now()};
      if (drawing.choose && !drawing.apply) { drawing.choose(store.chosen, store.markers); }
      store.log = store.log.slice(-19).concat([entry]);
      requestAnimationFrame(function () { entry.painted = performance.timeOrigin + performance.now(); });
    };
    /* How many records the view shows (each alone or inside a cluster), and how many of them the
     * map has finished drawing (a cluster group may add markers in chunks, after the view). */
    store.shown = function () {
      if (drawing.shown) { return drawing.shown(); }
      return store.markers.filter(function (m) { return m && m._shown; }).length;
    };
    store.drawn = function () { return drawing.drawn ? drawing.drawn(store.shown()) : store.shown(); };
    stores[name] = store;
    if (GLOBALS[name]) { root[GLOBALS[name]] = store; }
    if (!drawing.lazy) { start(); }
    if (pending[name] !== undefined) { var wanted = pending[name]; delete pending[name]; store.view(wanted[0], wanted[1]); }
    return store;
  };

  /* Apply a view to the store named `name` (and the record `chosen`, drawn apart, if the drawing
   * can), or keep it until that store exists. */
  MemoryMap.view = function (name, code, chosen) {
    if (stores[name]) { stores[name].view(code, chosen); } else { pending[name] = [code, chosen]; }
  };
})(typeof window !== "undefined" ? window : globalThis);
