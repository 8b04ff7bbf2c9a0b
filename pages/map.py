"""The map: the view's controls, the map with the list of the same sites, the chosen card.

With `embed=true` in the URL it shows only the map, the legend, the card and a link to the
full map, in the view the URL gives.
"""

import dataclasses

import streamlit as st

from mapapp import ui
from mapapp.cards import card_html
from mapapp.filters import filter_catalog, fold
from mapapp.i18n import t
from mapapp.legend import legend_html
from mapapp.ui_share import share_panel, view_url
from mapapp.victims import people_at

data = ui.catalog()
state = ui.url_state(data)
if not state.embed:
    state = ui.sidebar(state)
lang = state.lang
selection = filter_catalog(data, state.filter())
if not state.embed:
    ui.header(lang, data)

left, right = st.columns([3, 1]) if not state.embed else (st.container(), None)
with left:
    clicked = ui.draw_map(state, selection, data)
    st.html(legend_html(lang))
site_id = ui.chosen_site(clicked)
in_view = [site.id for site in sorted(selection.sites, key=lambda site: fold(site.name.get(lang)))]
if right is not None:
    with right:
        st.header(t("ui.list", lang), anchor=False)
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
            names = {site.id: site.name.get(lang) for site in selection.sites}
            with st.container(height=560):
                site_id = st.radio(
                    t("ui.site", lang),
                    in_view,
                    index=None,
                    format_func=names.get,
                    key="site",
                    label_visibility="collapsed",
                )

if not state.embed:
    st.caption(t("ui.timeline", lang))
    ui.timeline(state, data)
    ui.person_lookup(state)
state = dataclasses.replace(state, site=site_id if site_id in data.sites else "")
if state.site:
    layer, _ = ui.victims()
    people = people_at(layer, state.site) if layer else []
    st.html(card_html(data.sites[state.site], data, lang, classroom=state.classroom, people=people))
elif not state.embed:
    st.info(t("ui.select_site", lang))
if state.embed:
    st.link_button(t("ui.open_full", lang), view_url(dataclasses.replace(state, embed=False)))
else:
    share_panel(state, data)
    ui.publish(state)
    ui.playback_tick(state)
