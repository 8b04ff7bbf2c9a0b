/* The victims layer: each person's places, canvas circle markers styled by kind of violence.
 *
 * The store's data: {styles: [circle marker options], places: [[lat, lon, style index, tooltip,
 * popup, person id, site id]]}, texts already escaped (mapapp/victims_map.py). A view is one
 * character per place, "1" shown and "0" hidden; the data is fetched only when a view first
 * shows a place, so a visitor who never switches the layer on never downloads it.
 */
(function (MemoryMap) {
  "use strict";

  MemoryMap.drawings.victims = function (map, options) {
    var group = L.featureGroup().addTo(map), renderer = L.canvas({padding: 0.5}), places = [], styles = [];
    return {
      groups: {victims: group}, hidden: "0", lazy: true,
      load: function (data) { places = data.places; styles = data.styles; return places.length; },
      build: function (i) {
        var p = places[i];
        var m = L.circleMarker([p[0], p[1]], Object.assign({renderer: renderer, radius: options.radius}, styles[p[2]]));
        m.feature = {type: "Feature", properties: {id: p[5], site: p[6]}};
        m.bindTooltip(p[3]);
        m.bindPopup(p[4], {maxWidth: 320});
        return m;
      },
      layer: function () { return group; }
    };
  };
})(window.MemoryMap);
