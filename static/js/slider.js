/* An exported file's time slider: two range inputs (first and last day) that show only the sites
 * active in between. Each marker's feature carries its periods as day numbers
 * ({spans: [[first, last or null]]}), and a marker is shown when one of them overlaps the chosen
 * days by MemoryMap.overlaps, the rule of mapapp.filters. No server is needed.
 */
(function (MemoryMap) {
  "use strict";

  function label(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }

  /* `layers`: the site layers whose markers the slider shows and hides; `markup`: the control's
   * escaped HTML, holding inputs #time-first and #time-last and a #time-shown label. */
  MemoryMap.timeSlider = function (map, layers, markup) {
    var entries = [];  // [the layer drawing the marker (its cluster group, if any), marker]
    layers.forEach(function (layer) {
      var target = layer._memoryGroup || layer;
      layer.eachLayer(function (marker) { entries.push([target, marker]); });
    });
    var control = L.control({position: "bottomleft"});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "time-slider");
      div.style.cssText = "background:#fff;padding:6px 10px;border-radius:4px;font:13px sans-serif;max-width:80vw";
      div.innerHTML = markup;
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    control.addTo(map);
    var first = document.getElementById("time-first"), last = document.getElementById("time-last");
    var shown = document.getElementById("time-shown");
    function apply() {
      var wanted = [Math.min(+first.value, +last.value), Math.max(+first.value, +last.value)], count = 0;
      var moves = [];  // [target, markers to add, markers to remove]: a cluster group takes them at once
      entries.forEach(function (entry) {
        var spans = entry[1].feature.properties.spans || [];
        var on = spans.some(function (span) { return MemoryMap.overlaps(span, wanted); });
        var move = moves.filter(function (m) { return m[0] === entry[0]; })[0];
        if (!move) { move = [entry[0], [], []]; moves.push(move); }
        if (on && !entry[0].hasLayer(entry[1])) { move[1].push(entry[1]); }
        if (!on && entry[0].hasLayer(entry[1])) { move[2].push(entry[1]); }
        if (on) { count += 1; }
      });
      moves.forEach(function (m) {
        if (m[0].addLayers) { m[0].removeLayers(m[2]); m[0].addLayers(m[1]); return; }
        m[2].forEach(function (x) { m[0].removeLayer(x); });
        m[1].forEach(function (x) { m[0].addLayer(x); });
      });
      shown.textContent = label(wanted[0]) + " \u2013 " + label(wanted[1]) + " (" + count + ")";
    }
    first.addEventListener("input", apply);
    last.addEventListener("input", apply);
    apply();
    return control;
  };
})(window.MemoryMap);
