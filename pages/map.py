"""The map: the view's controls, the map with the list of the same sites, the chosen card.

With `embed=true` in the URL it shows only the map, the legend, the card and a link to the
full map, in the view the URL gives.
"""

import dataclasses

import streamlit as st

from mapapp import ui, ui_map
from mapapp.cards import card_html
from mapapp.filters import filter_catalog
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
    clicked, position = ui_map.draw_map(state, selection, data)
    if position:
        state = dataclasses.replace(state, center=position[0], zoom=position[1])
    st.html(legend_html(lang, shared_points=True))
site_id = ui_map.chosen_site(clicked)
if right is not None:
    with right:
        site_id = ui.site_list(selection, lang)

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
