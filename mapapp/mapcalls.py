"""The map's layers as calls of its browser code, with their data serialised once, fast, and safe.

The browser code is in `static/js/` (the `MemoryMap` namespace; `mapapp.assets` loads it or
writes it inline); the elements here only pass it data: each renders one call such as
`MemoryMap.store(map, "sites", {"url": ...}, {...})`, its arguments JSON that cannot end the
page's script.

folium's GeoJson re-serialises its data with the standard library on every render and
repeats each popup and style per feature; at ten thousand sites that is most of the cost of a
rerun and most of the bytes sent. These elements serialise their data with orjson only when
rendered, with the category's look given once per layer, not per feature.

Sites are drawn as DOM markers (keyboard-focusable, named for screen readers) up to
`ICON_LIMIT` on a map, and beyond that as shapes on a canvas, which stays fast at a hundred
thousand points; either way in one cluster group.

`Store` and `StoreView` are the app's way to send many records once and, on each rerun, only
which of them are in view (`mapapp.sitestore`, `mapapp.victims_map`). Anything a map fetches
that fails is reported on the map, in its language (`LABELS`), and in the console.
"""

from __future__ import annotations

import orjson
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

# Sites drawn as DOM markers (one element each, keyboard-focusable, named) when a map holds at most
# this many; more are drawn on a canvas. Sites are clustered (static/js/sites.js), so only the
# markers standing alone in the visible part of the map are elements at any moment: the limit is
# on building the markers, not on laying them out (`make bench` measures it).
ICON_LIMIT = 20000
# The app's map of more sites than this clusters them with supercluster, which indexes only the
# sites in view and draws only the marks in the visible part (static/js/sites.js `manySites`):
# Leaflet.markercluster keeps a marker per site in its tree, and adding or removing ten thousand
# of them on a slider change takes it a second (`make bench`). Below it, markercluster's clusters
# also spread out the sites that share one point.
MANY_SITES = 3000

# What the map says when part of it could not be loaded (static/js/memorymap.js `report`).
LABELS = {
    "es": {
        "failed": "Parte del mapa no se pudo cargar: {parts}. Vuelva a cargar la página.",
        "cluster": "{n} sitios aquí: pulse Enter para verlos",
        "network": "error de red",
        "invalid": "datos no válidos",
        "parts": {"sites": "sitios", "victims": "víctimas", "communes": "comunas"},
    },
    "en": {
        "failed": "Part of the map could not be loaded: {parts}. Reload the page.",
        "cluster": "{n} sites here: press Enter to show them",
        "network": "network error",
        "invalid": "invalid data",
        "parts": {"sites": "sites", "victims": "victims", "communes": "communes"},
    },
}


def script_json(value: object) -> str:
    """Return value as JSON that cannot end the <script> element it is written into."""
    return (
        orjson.dumps(value).decode().replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


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


class MapCall(ScriptElement):
    """One call of the map's browser code: `var <name> = MemoryMap.<function>(<parent>, <arguments>);`.

    The parent is the map or feature group the element was added to; `arguments` returns the
    rest, each already JSON written by `script_json`.
    """

    function = ""
    _template = Template(
        "{% macro script(this, kwargs) %}var {{ this.get_name() }} = MemoryMap.{{ this.function }}"
        "({{ this._parent.get_name() }}, {{ this.arguments() | join(', ') }});{% endmacro %}"
    )

    def arguments(self) -> list[str]:
        raise NotImplementedError


def source_json(data: object, url: str | None) -> str:
    """Return where the browser gets a layer's data: `{"url": ...}`, or `{"data": ...}` inline
    (`data` may be JSON already written by `script_json`)."""
    if url:
        return script_json({"url": url})
    return '{"data": ' + (data if isinstance(data, str) else script_json(data)) + "}"


class MapSetup(MapCall):
    """The map's words for what went wrong, in its language."""

    function = "setup"

    def __init__(self, lang: str):
        super().__init__()
        self._name = "MapSetup"
        self.words = LABELS.get(lang, LABELS["en"])

    def arguments(self) -> list[str]:
        return [script_json(self.words)]


class Caption(MapCall):
    """The line over the map that says which day or span it shows (static/js/memorymap.js)."""

    function = "caption"

    def __init__(self, text: str):
        super().__init__()
        self._name = "Caption"
        self.text = text

    def arguments(self) -> list[str]:
        return [script_json(self.text)]


class FastGeoJson(MapCall):
    """The offline base layer of communes, one style for every feature, under every other layer."""

    function = "communes"

    def __init__(self, data: dict | str | None, style: dict, url: str | None = None):
        """Draw `data`, or the GeoJSON fetched from `url` (then the layer fills in when it arrives)."""
        super().__init__()
        self._name = "FastGeoJson"
        self.data, self.style, self.url = data, style, url

    def arguments(self) -> list[str]:
        return [source_json(self.data, self.url), script_json(self.style)]


class SiteLayer(MapCall):
    """One category's sites in an exported file: markers with the category's shape, a tooltip, a popup, a name.

    `icons` maps a feature's look ("" plain, "a" approximate, "m" a memorial by then, "am")
    to the marker's SVG; `canvas` gives the same looks for the canvas shapes. Each feature's
    properties hold its id, name (escaped), look, and, in exported files, its full card.
    """

    function = "siteLayer"

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
        self.features = features
        use_icons = len(features) <= ICON_LIMIT if use_icons is None else use_icons
        self.category = {"key": category, "label": category_label, "icons": icons, "canvas": canvas, "useIcons": use_icons}

    def arguments(self) -> list[str]:
        return [script_json({"type": "FeatureCollection", "features": self.features}), script_json(self.category)]


class Store(MapCall):
    """Records the browser gets once: fetched from `url`, or written inline from `data`.

    `store` names the drawing of static/js that draws them ("sites", "victims"), given `options`;
    each rerun's `StoreView` of the same name then says which are in view.
    """

    function = "store"

    def __init__(self, store: str, data: dict | None = None, url: str | None = None, options: dict | None = None):
        super().__init__()
        assert data is not None or url, "a store needs its data or the address of its data"
        self._name = f"Store_{store}"
        self.store, self.data, self.url, self.options = store, data, url, options or {}

    def arguments(self) -> list[str]:
        return [script_json(self.store), source_json(self.data, self.url), script_json(self.options)]


class StoreView(ScriptElement):
    """Which of a store's records are in view, one character each, sent on every rerun.

    Until the store named `store` exists on the map, the browser keeps the view for it.
    """

    _template = Template("{% macro script(this, kwargs) %}MemoryMap.view({{ this.arguments }});{% endmacro %}")

    def __init__(self, code: str, store: str, chosen: str | None = None):
        super().__init__()
        self._name = "StoreView"
        self.code, self.store, self.chosen = code, store, chosen
        self.arguments = f"{script_json(store)}, {script_json(code)}, {script_json(chosen)}"
