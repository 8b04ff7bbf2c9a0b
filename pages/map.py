"""The map: the view's controls, the map with the list of the same sites, the chosen card.

With `embed=true` in the URL it shows only the map, the legend, the card and a link to the
full map, in the view the URL gives. The part that changes with time (everything below the
header) is a fragment, so that playback moves the day on a timer without a whole-page run.
Its widgets write to the one view through callbacks (`mapui.state`), so a run reads the view
once, top to bottom. Each part is guarded: one that fails says so and the others still draw.
"""

import dataclasses

import streamlit as st

from mapapp.filters import filter_catalog
from mapapp.i18n import t
from mapui import controls, panels, people, state, tour
from mapui.data import catalog
from mapui.guard import part
from mapui.mapview import draw_map
from mapui.share import share_panel, view_url

data = catalog()
view = state.start(data)
panels.page_style()
controls.tick()  # before the controls are drawn, so that they show where playback is
tour.page_drawn()
if not view.embed:
    controls.sidebar()
    tour.tour_list(data)
    panels.header(data)


def main_view() -> None:
    if controls.tick():
        # Playback ended on a beat of the fragment's timer: the whole page (its play switch, and
        # the timer itself) must be drawn again. The one rerun the app asks for.
        st.rerun(scope="app")
    if tour.sidebar_stale():
        st.rerun(scope="app")  # a tour's step changed the sidebar's categories, region or layers
    view = state.view()
    if not view.embed:
        with part("controls"):
            controls.time_and_search()
    selection = filter_catalog(data, view.filter())
    panels.summary(selection)
    # The map beside the list and the chosen site's card (on a phone the columns stack: the card
    # comes under the map); an embedded view has the map, then the card.
    left, right = st.columns([3, 2], gap="medium") if not view.embed else (st.container(), st.container())
    with left, part("map"):
        panels.skip_link()
        draw_map(selection, data)
    with right:
        with part("tour"):
            tour.tour_panel(data)
        with part("person"):
            people.person_panel(data)
        if not view.embed:
            with part("list"):
                panels.site_list(selection)
        # On a phone the chosen site's card is a sheet over the bottom of the screen (panels.SHEET_CSS).
        with st.container(key="card-sheet"), part("card"):
            panels.card(data)
    if view.embed:
        st.link_button(t("ui.open_full", view.lang), view_url(dataclasses.replace(view, embed=False)))
    else:
        with part("timeline"):
            panels.timeline(data)
        with part("people"):
            people.person_search()
        with part("share"):
            share_panel(data)
    state.publish()


playback = state.playback()
st.fragment(main_view, run_every=playback.speed if playback.playing else None)()
panels.document_language()
st.caption(t("licence.notice", state.view().lang))  # the licence, below everything else
