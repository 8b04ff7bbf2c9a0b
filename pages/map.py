"""The map: filters in the sidebar, the map and the list of the same sites, the chosen card."""

import streamlit as st
from streamlit_folium import st_folium

from mapapp import settings, ui
from mapapp.cards import card_html
from mapapp.filters import filter_catalog, fold
from mapapp.i18n import t
from mapapp.legend import legend_html
from mapapp.mapbuild import base_map, event_layer, route_layer, site_layers

lang = ui.language()
data = ui.catalog()
wanted = ui.filters(lang)
selection = filter_catalog(data, wanted)
ui.header(lang, data)

left, right = st.columns([3, 1])
with left:
    clicked = st_folium(
        base_map(ui.communes(), offline=settings.offline()),
        key="map",
        height=620,
        use_container_width=True,
        feature_group_to_add=[
            *site_layers(selection, data, lang),
            route_layer(selection, data, lang),
            event_layer(selection, data, lang),
        ],
        returned_objects=["last_active_drawing"],
    )
    st.html(legend_html(lang))
site_id = ui.chosen_site((clicked or {}).get("last_active_drawing"))
in_view = [site.id for site in sorted(selection.sites, key=lambda site: fold(site.name.get(lang)))]
names = {site.id: site.name.get(lang) for site in selection.sites}
with right:
    st.subheader(t("ui.list", lang))
    st.caption(
        t("ui.sites_in_view", lang, count=len(in_view))
        + " · "
        + t("ui.events_in_view", lang, count=len(selection.events))
    )
    if not in_view:
        st.info(t("ui.no_sites", lang))
    else:
        if st.session_state.get("site") not in in_view:
            st.session_state["site"] = None
        with st.container(height=560):
            site_id = st.radio(
                t("ui.site", lang), in_view, index=None, format_func=names.get, key="site", label_visibility="collapsed"
            )

if site_id in data.sites:
    st.html(card_html(data.sites[site_id], data, lang, classroom=st.session_state.get("classroom_mode", False)))
else:
    st.info(t("ui.select_site", lang))
