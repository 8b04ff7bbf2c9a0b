"""The map on the page: the fixed base map, the stores it gets once, the layers each rerun sends.

The sites (`mapapp.sitestore`), the victims' places and the communes are written once per data
and language where the app's server serves them (`mapapp.assets.serve_bytes`) and fetched once
by the browser; each rerun sends only which records are in view, and the routes and events.
"""

from __future__ import annotations

import hashlib

import folium
import orjson
import streamlit as st
from streamlit_folium import st_folium

from mapapp import assets, boundaries, escape, settings, ui
from mapapp.assets import serve_bytes
from mapapp.fastlayer import script_json
from mapapp.filters import Selection
from mapapp.i18n import t
from mapapp.load import data_dir
from mapapp.mapbuild import base_map, event_layer, route_layer
from mapapp.model import Catalog
from mapapp.sitestore import SiteStore, SiteView, store_payload, view_code
from mapapp.standalone import opening_view
from mapapp.victims import CITATION
from mapapp.victims_check import ImportResult
from mapapp.victims_map import VictimStore, VictimView, victims_legend
from mapapp.victims_map import store_payload as victims_payload
from mapapp.victims_map import view_code as victims_view
from mapapp.viewstate import ViewState


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


def chosen_site(clicked: dict | None) -> str | None:
    """Return the site the visitor chose last, by a click on the map or in the list."""
    clicked_id = (clicked or {}).get("properties", {}).get("id") if isinstance(clicked, dict) else None
    if clicked_id and clicked_id != st.session_state.get("last_click"):
        st.session_state["last_click"] = clicked_id
        st.session_state["site"] = clicked_id
    return st.session_state.get("site")


def _map_layers(state: ViewState, selection: Selection, data: Catalog) -> tuple[list, list, str]:
    """Return the feature groups a rerun sends, the stores the base map holds, and a digest of the stores."""
    lang = state.lang
    url, payload, digest = _site_store(data, ui.fingerprint(data_dir()), lang)
    stores: list = [SiteStore(data=payload, url=url)]
    view = folium.FeatureGroup(name=t("ui.sites", lang), control=False)
    SiteView(view_code(data, selection, shown="sites" in state.layers)).add_to(view)
    groups = [view]
    if "routes" in state.layers:
        groups.append(route_layer(selection, data, lang))
    if "events" in state.layers:
        groups.append(event_layer(selection, data, lang))
    layer, _ = ui.victims()
    if layer is not None:
        url, payload, victims_digest = _victims_store(layer, ui.fingerprint(data_dir()), lang)
        stores.append(VictimStore(data=payload, url=url))
        wanted = state.filter()
        people = folium.FeatureGroup(name=t("ui.victims", lang), control=False)
        code = victims_view(layer, wanted.start, wanted.end, shown="victims" in state.layers)
        VictimView(code).add_to(people)
        groups.append(people)
        digest += victims_digest
    return groups, stores, digest


def _victims_legend(state: ViewState) -> None:
    """Show the victims layer's legend with its counts in the span, its source, or why it failed."""
    layer, error = ui.victims()
    if "victims" in state.layers and layer is not None:
        wanted = state.filter()
        entries = victims_legend(state.lang, layer, wanted.start, wanted.end)
        st.markdown(
            " · ".join(
                f'<span style="color:{e["colour"]}">●</span> {escape.text(e["label"])}: {e["count"]}'
                for e in entries
                if e["count"]
            ),
            unsafe_allow_html=True,
        )
        st.caption(t("ui.victims_source", state.lang, citation=CITATION))
    if error:
        st.warning(t("ui.victims_error", state.lang, error=error))


def draw_map(state: ViewState, selection: Selection, data: Catalog) -> tuple[dict | None, tuple | None]:
    """Draw the fixed base map with the view's layers on it.

    Return what the visitor clicked, and the map's (centre, zoom) while the Share panel's
    "include the map's position" is on (None otherwise).
    """
    absent = assets.missing()
    if absent:  # Leaflet not installed: say so, instead of an empty frame
        st.error(t("ui.assets_missing", state.lang, files=", ".join(absent)))
        return None, None
    tracking = bool(st.session_state.get("share_position"))
    groups, stores, stored = _map_layers(state, selection, data)
    _victims_legend(state)
    # While the position is tracked, the map is where the visitor moved it: do not move it back.
    center, zoom = opening_view(state, data) if not tracking else (None, None)
    url = communes_url()
    fmap = base_map(None if url else communes(), offline=settings.offline(), communes_url=url)
    for store in stores:
        store.add_to(fmap)
    # A new key remounts the map: with the new returned objects, or with the stores of new data or language.
    returned = st_folium(
        fmap,
        key=f"map-{stored}{'-tracking' if tracking else ''}",
        height=620 if not state.embed else 520,
        use_container_width=True,
        feature_group_to_add=groups,
        center=center,
        zoom=zoom,
        # Only a click comes back, so panning does not rerun the script; the position comes back too
        # only while the visitor asks for it to go into the link (Share panel).
        returned_objects=["last_active_drawing", *(["center", "zoom"] if tracking else [])],
    )
    returned = returned or {}
    position = None
    if tracking and isinstance(returned.get("center"), dict) and returned.get("zoom"):
        position = ((returned["center"]["lat"], returned["center"]["lng"]), int(returned["zoom"]))
    return returned.get("last_active_drawing"), position
