"""A guided tour: the list of tours to start one, and the panel that plays the chosen one.

The panel says the tour's title and author, "Step n of N", the step's text and its sources (a
live region, so a screen reader reads the new step), Previous and Next buttons and a button for
each step. Choosing a step applies its view through `mapui.state.update`, the one owner of the
view, so the map, the list and the timeline all move to it.
"""

from __future__ import annotations

import dataclasses
import re

import streamlit as st

from mapapp import escape
from mapapp.cards import citations_html
from mapapp.i18n import t
from mapapp.model import Catalog, Tour
from mapapp.tour_export import tour_handout, tour_html
from mapapp.tours import step_label, step_of, step_state
from mapapp.viewstate import ViewState
from mapui import state
from mapui.share import view_url

STALE = "tour_sidebar_stale"  # a step changed what the sidebar shows: the page must be drawn again
SIDEBAR_FIELDS = ("categories", "region", "layers")


def go(tour: Tour, number: int) -> None:
    """Show step `number` of the tour: the whole view becomes the step's (the visitor's language and modes stay)."""
    before, chosen = state.view(), step_state(tour, number, state.view())
    if any(getattr(before, name) != getattr(chosen, name) for name in SIDEBAR_FIELDS):
        st.session_state[STALE] = True
    state.update(**{field.name: getattr(chosen, field.name) for field in dataclasses.fields(chosen)})


def page_drawn() -> None:
    """Note that the whole page, sidebar included, is being drawn from the view."""
    st.session_state.pop(STALE, None)


def sidebar_stale() -> bool:
    """Return whether a step chosen in the panel changed what the sidebar shows (a fragment run cannot redraw it)."""
    return bool(st.session_state.pop(STALE, False))


def close() -> None:
    state.update(tour="", step=None)


def _label(text: str) -> str:
    """Return record text for a button's label, which Streamlit reads as Markdown: every mark escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~<>$:])", r"\\\1", escape.plain(text))


def tour_list(data: Catalog) -> None:
    """List the tours in the sidebar, each with a button that starts it at its first step."""
    if not data.tours:
        return
    lang = state.view().lang
    side = st.sidebar
    side.subheader(t("ui.tours", lang))
    side.caption(t("ui.tours_intro", lang))
    for tour_id, tour in sorted(data.tours.items(), key=lambda item: item[1].title.get(lang)):
        title = tour.title.get(lang)
        side.button(_label(t("ui.tour_start", lang, title=title)), key=f"start-{tour_id}", on_click=go, args=(tour, 1))
        side.caption(t("ui.tour_by", lang, author=tour.author, count=len(tour.steps)))


def _panel_html(data: Catalog, tour: Tour, number: int, lang: str) -> str:
    """Return the tour's heading and the step (a live region: a screen reader reads each new step)."""
    step = step_of(tour, number)
    count = t("ui.tour_step", lang, number=number, total=len(tour.steps))
    by = t("ui.tour_by", lang, author=tour.author, count=len(tour.steps))
    return (
        f'<h3 class="tour-title" id="tour">{escape.text(tour.title.get(lang))}</h3>'
        f'<p class="tour-by">{escape.text(by)}</p>'
        f'<section class="tour-step" role="status" aria-live="polite" aria-atomic="true" '
        f'data-tour="{escape.text(tour.id)}" data-step="{number}">'
        f'<p class="tour-count"><strong>{escape.text(count)}</strong> · {escape.text(step_label(data, tour, number, lang))}</p>'
        f'<p class="tour-text">{escape.text(step.text.get(lang))}{citations_html(step.sources, data)}</p>'
        "</section>"
    )


def tour_panel(data: Catalog) -> None:
    """Play the view's tour, if it has one: its step, the way to the others, and a way out."""
    view = state.view()
    tour = data.tours.get(view.tour)
    if tour is None:
        return
    lang, number, total = view.lang, view.step or 1, len(tour.steps)
    with st.container(key="tour-panel", border=True):
        # Record text goes in as escaped HTML, never as Markdown.
        st.html(_panel_html(data, tour, number, lang))
        back, forward = st.columns(2)
        back.button(
            t("ui.tour_previous", lang), key="tour-previous", on_click=go, args=(tour, number - 1),
            disabled=number <= 1, width="stretch",
        )  # fmt: skip
        forward.button(
            t("ui.tour_next", lang), key="tour-next", on_click=go, args=(tour, number + 1),
            disabled=number >= total, width="stretch",
        )  # fmt: skip
        with st.expander(t("ui.tour_steps", lang)):
            for other in range(1, total + 1):
                label = _label(t("ui.tour_go", lang, number=other, label=step_label(data, tour, other, lang)))
                st.button(label, key=f"tour-go-{other}", on_click=go, args=(tour, other), disabled=other == number)
        if not view.embed:
            _downloads(data, tour, lang)
            st.button(t("ui.tour_close", lang), key="tour-close", on_click=close)


def _downloads(data: Catalog, tour: Tour, lang: str) -> None:
    """Offer the tour as one HTML file and as a printable handout, each built only when clicked."""
    app_url = view_url(ViewState())
    html, pdf = st.columns(2)
    html.download_button(
        t("ui.tour_download", lang), lambda: tour_html(data, tour, lang, app_url), file_name=f"{tour.id}.html",
        mime="text/html", on_click="ignore", key="tour-html",
    )  # fmt: skip
    pdf.download_button(
        t("ui.tour_handout", lang), lambda: tour_handout(data, tour, lang), file_name=f"{tour.id}.pdf",
        mime="application/pdf", on_click="ignore", key="tour-pdf",
    )  # fmt: skip
