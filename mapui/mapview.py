"""The map on the page: the fixed base map, the stores it gets once, the layers each rerun sends.

The sites (`mapapp.sitestore`), the victims' places and the communes are written once per data
and language where the app's server serves them (`mapapp.assets.serve_bytes`) and fetched once
by the browser; each rerun sends only which records are in view, and the routes and events.
"""

from __future__ import annotations

import functools
import hashlib

import folium
import orjson
import streamlit as st
from streamlit_folium import st_folium

from mapapp import assets, boundaries, settings
from mapapp.assets import serve_bytes
from mapapp.filters import Selection
from mapapp.i18n import t
from mapapp.legend import legend_html
from mapapp.mapbuild import base_map, event_layer, route_layer, view_of
from mapapp.mapcalls import Caption, script_json
from mapapp.model import Catalog
from mapapp.person_path import bounds, path_layer
from mapapp.sitestore import SiteStore, SiteView, store_payload, view_code
from mapapp.standalone import opening_view
from mapapp.style import CHOSEN_RING
from mapapp.victims import CITATION
from mapapp.victims_check import ImportResult
from mapapp.victims_map import VictimStore, VictimView, place_regions, victims_legend
from mapapp.victims_map import store_payload as victims_payload
from mapapp.victims_map import view_code as victims_view
from mapapp.viewstate import ViewState
from mapui import state
from mapui.data import data_fingerprint, victims
from mapui.people import chosen_person


@st.cache_resource(show_spinner=False)
def communes() -> str:
    """Return the offline base layer of Chile's communes, built and serialised once for all visitors."""
    return script_json(boundaries.communes_geojson())


@st.cache_resource(show_spinner=False)
def communes_url() -> str | None:
    """Return where the browser fetches the communes layer (None: the app cannot write it)."""
    return serve_bytes("communes", orjson.dumps(boundaries.communes_geojson()))


def _served(stem: str, payload: dict) -> tuple[str | None, dict | None, str]:
    """Return where the browser fetches payload (or the payload itself, to send inline when the
    app cannot write it), and a digest of its content."""
    encoded = orjson.dumps(payload)
    url = serve_bytes(stem, encoded)
    return url, (None if url else payload), hashlib.sha256(encoded).hexdigest()[:12]


@st.cache_resource(show_spinner=False, max_entries=16)
def _site_store(_data: Catalog, fingerprint: tuple, lang: str) -> tuple[str | None, dict | None, str]:
    return _served(f"sites-{lang}", store_payload(_data, lang))


@st.cache_resource(show_spinner=False, max_entries=8)
def _victims_store(_layer: ImportResult, fingerprint: tuple, lang: str) -> tuple[str | None, dict | None, str]:
    return _served(f"victims-{lang}", victims_payload(_layer, lang))


@st.cache_resource(show_spinner=False, max_entries=4)
def _victim_regions(_layer: ImportResult, fingerprint: tuple) -> tuple[str, ...]:
    """Return the region of each of the layer's places, found once per layer."""
    return place_regions(_layer)


def _map_changed(key: str, tracking: bool) -> None:
    """Write what the visitor did on the map into the view: the site clicked, the position moved to."""
    returned = st.session_state.get(key) or {}
    clicked = returned.get("last_active_drawing")
    site_id = (clicked.get("properties") or {}).get("id") if isinstance(clicked, dict) else None
    if isinstance(site_id, str) and site_id and site_id != state.view().site:
        state.chosen_on_map(site_id)
    center, zoom = returned.get("center"), returned.get("zoom")
    if tracking and isinstance(center, dict) and zoom:
        state.update(center=(center["lat"], center["lng"]), zoom=int(zoom))


def _map_layers(view: ViewState, selection: Selection, data: Catalog) -> tuple[list, list, str]:
    """Return the feature groups a rerun sends, the stores the base map holds, and a digest of the stores."""
    lang = view.lang
    url, payload, digest = _site_store(data, data_fingerprint(), lang)
    stores: list = [SiteStore(data=payload, url=url)]
    sites = folium.FeatureGroup(name=t("ui.sites", lang), control=False)
    SiteView(view_code(data, selection, shown="sites" in view.layers), chosen=view.site).add_to(sites)
    if view.site in selection.states and "sites" in view.layers:  # the chosen site, ringed on the map
        chosen = data.sites[view.site]
        ring = f'<div style="width:34px;height:34px;border:3px solid {CHOSEN_RING};border-radius:50%"></div>'
        folium.Marker(
            (chosen.lat, chosen.lon),
            icon=folium.DivIcon(html=ring, icon_size=(40, 40), icon_anchor=(20, 20), class_name="chosen-site"),
            interactive=False,
            keyboard=False,
        ).add_to(sites)
    Caption(view.when()).add_to(sites)  # the day or span shown, on the map itself (playback too)
    groups = [sites]
    person = chosen_person()
    if person is not None:  # a person's page: their places in order, as a path
        groups.append(path_layer(person, data, lang))
    if "routes" in view.layers:
        groups.append(route_layer(selection, data, lang))
    if "events" in view.layers:
        groups.append(event_layer(selection, data, lang))
    layer, _ = victims()
    if layer is not None:
        url, payload, victims_digest = _victims_store(layer, data_fingerprint(), lang)
        stores.append(VictimStore(data=payload, url=url))
        people = folium.FeatureGroup(name=t("ui.victims", lang), control=False)
        regions = _victim_regions(layer, data_fingerprint())
        code = victims_view(layer, shown="victims" in view.layers, wanted=view.filter(), regions=regions)
        VictimView(code).add_to(people)
        groups.append(people)
        digest += victims_digest
    return groups, stores, digest


def _legend(view: ViewState) -> None:
    """Show the legend of every layer drawn; the victims layer's marks with their counts in view,
    its source, or why it failed to load."""
    layer, error = victims()
    entries = []
    if "victims" in view.layers and layer is not None:
        regions = _victim_regions(layer, data_fingerprint())
        counted = victims_legend(view.lang, layer, wanted=view.filter(), regions=regions)
        entries = [{**entry, "label": f"{entry['label']}: {entry['count']}"} for entry in counted if entry["count"]]
    st.html(legend_html(view.lang, chosen=True, layers=view.layers, victims=entries))
    if entries:
        st.caption(t("ui.victims_source", view.lang, citation=CITATION))
    if error:
        st.warning(t("ui.victims_error", view.lang, error=error))


def draw_map(selection: Selection, data: Catalog) -> None:
    """Draw the fixed base map with the view's layers on it; a click on a site chooses it."""
    view = state.view()
    absent = assets.missing()
    if absent:  # Leaflet not installed: say so, instead of an empty frame
        st.error(t("ui.assets_missing", view.lang, files=", ".join(absent)))
        return
    tracking = bool(st.session_state.get("share_position"))
    groups, stores, stored = _map_layers(view, selection, data)
    # While the position is tracked, the map is where the visitor moved it: do not move it back.
    center, zoom = opening_view(view, data) if not tracking else (None, None)
    person = chosen_person()
    if person is not None and not tracking and not view.site and not view.center and bounds(person):
        center, zoom = view_of(bounds(person))  # a person's page opens on their path
        zoom = min(zoom, 12)
    url = communes_url()
    fmap = base_map(None if url else communes(), offline=settings.offline(), communes_url=url, lang=view.lang)
    for store in stores:
        store.add_to(fmap)
    # A new key remounts the map: with the new returned objects, or with the stores of new data or language.
    key = f"map-{stored}{'-tracking' if tracking else ''}"
    st_folium(
        fmap,
        key=key,
        height=720 if not view.embed else 520,  # tall: the country is 4,300 km long
        use_container_width=True,
        feature_group_to_add=groups,
        center=center,
        zoom=zoom,
        # Only a click comes back, so panning does not rerun the script; the position comes back too
        # only while the visitor asks for it to go into the link (Share panel).
        returned_objects=["last_active_drawing", *(["center", "zoom"] if tracking else [])],
        on_change=functools.partial(_map_changed, key, tracking),
    )
    # After the map, never before it: an element that comes and goes above the map moves it in
    # the page's tree, and Streamlit then mounts the map's frame again, blank (issue 14).
    _legend(view)
