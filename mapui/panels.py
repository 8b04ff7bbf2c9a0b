"""The parts of the page around the map: header, summary line, list, card, timeline.

Each reads the one view (`mapui.state`) and the one filtered selection it is given.
"""

from __future__ import annotations

import json

import streamlit as st

from mapapp import escape
from mapapp.cards import card_html
from mapapp.filters import Filter, Selection, fold
from mapapp.i18n import t
from mapapp.model import Catalog
from mapapp.timeline import monthly_counts, selected_span, spec_template, with_span
from mapapp.victims import people_at
from mapui import cite as citing
from mapui import state
from mapui.data import data_fingerprint, victims
from mapui.share import site_url
from mapui.state import Binding, bind

LIST_LIMIT = 1000  # names in the list at once (one select box, typed into); past that, the visitor narrows the view
LIST_ANCHOR = "sites-in-view"
MAP_ANCHOR = "map-start"  # the skip link before the map: where "back to the map" leads
FOCUS_SCRIPT = (
    "<script>const card = window.parent.document.querySelector('article.site-card[data-site=' + JSON.stringify(SITE)"
    " + ']'); if (card) { card.setAttribute('tabindex', '-1'); card.focus(); }</script>"
)


# On a narrow screen the chosen site's card is a bottom sheet over the map (scrolling on its own,
# closed by its button), as map apps on a phone show a place; on a wider one it sits beside the map.
SHEET_CSS = """<style>
@media (max-width: 640px) {
  .st-key-card-sheet:has(article.site-card) {
    position: fixed; left: 0; right: 0; bottom: 0; z-index: 999990; max-height: 48vh; overflow-y: auto;
    background: #fff; padding: 0.5rem 1rem 1rem; border-radius: 14px 14px 0 0;
    box-shadow: 0 -4px 18px rgba(0, 0, 0, 0.3);
  }
  .st-key-card-sheet .st-key-close-card { position: sticky; top: 0; z-index: 1; background: #fff; }
}
</style>"""


def page_style() -> None:
    """The page's own style: the card as a bottom sheet on a phone."""
    st.html(SHEET_CSS)


def header(data: Catalog) -> None:
    """Show the title, the link parameters that were ignored (as inert text), and the records not shown."""
    lang = state.view().lang
    st.title(t("app.title", lang))
    st.caption(t("app.tagline", lang))
    ignored = state.notices()
    if ignored:
        st.info(t("ui.url_notice", lang))
        # What arrived in the link is shown as it is, never read as Markdown, HTML or LaTeX.
        st.code("\n".join(ignored), language=None)
    if data.rejections:
        notices = []
        if data.rejected_records():
            notices.append(t("ui.rejected_notice", lang, count=data.rejected_records()))
        if data.partial_records():
            notices.append(t("ui.partial_notice", lang, count=data.partial_records()))
        st.warning(" ".join(notices))
        st.page_link("pages/rejected.py", label=t("ui.rejected_link", lang))


def summary(selection: Selection) -> None:
    """Show one line saying what the map shows: how many sites and events, where, and when."""
    view = state.view()
    lang = view.lang
    where = view.region or t("ui.all_regions", lang)
    parts = [
        t("ui.sites_in_view", lang, count=len(selection.sites)),
        t("ui.events_in_view", lang, count=len(selection.events)),
        where,
        view.when(),
    ]
    if view.text:
        parts.append(f"«{view.text}»")
    # st.html, not st.markdown: the search text a link carries must never be read as Markdown or LaTeX.
    st.html(f'<p class="view-summary" role="status">{escape.text(" · ".join(parts))}</p>')


def _write_site(value, view) -> dict:
    return {"site": value or ""}


def _in_order(selection: Selection, lang: str) -> list:
    return sorted(selection.sites, key=lambda site: fold(site.name.get(lang)))


def _step(ids: tuple[str, ...], delta: int) -> None:
    """Choose the site before or after the chosen one in the list (from the first, if none)."""
    chosen = state.view().site
    index = ids.index(chosen) + delta if chosen in ids else (0 if delta > 0 else len(ids) - 1)
    state.update(site=ids[index % len(ids)])


def site_list(selection: Selection) -> None:
    """Show the sites in view, in step with the map, to choose one by name or step through them."""
    lang = state.view().lang
    st.header(t("ui.list", lang), anchor=LIST_ANCHOR)
    if not selection.sites:
        st.info(t("ui.no_sites", lang))
        return
    ordered = _in_order(selection, lang)
    shown = [site.id for site in ordered[:LIST_LIMIT]]
    chosen = state.view().site
    if chosen in {site.id for site in ordered} and chosen not in shown:
        shown.insert(0, chosen)
    if len(ordered) > LIST_LIMIT:
        st.caption(t("ui.list_limit", lang, shown=LIST_LIMIT))
    names = {site.id: site.name.get(lang) for site in ordered}
    in_list = Binding("site", lambda v: v.site if v.site in names else None, _write_site)
    # A select box, not a long list of radio buttons: it is typed into to find a name, read out as
    # one control, and drawn at once however many sites are in view.
    st.selectbox(
        t("ui.site", lang), shown, format_func=names.get, placeholder=t("ui.site_choose", lang), **bind(in_list)
    )
    ids = tuple(site.id for site in ordered)
    back, forward = st.columns(2)
    back.button(t("ui.previous", lang), key="previous", on_click=_step, args=(ids, -1), width="stretch")
    forward.button(t("ui.next", lang), key="next", on_click=_step, args=(ids, 1), width="stretch")


def skip_link() -> None:
    """A link past the map (whose markers are each a tab stop) to the list of the same sites."""
    lang = state.view().lang
    st.html(f'<a class="skip-link" id="{MAP_ANCHOR}" href="#{LIST_ANCHOR}">{escape.text(t("ui.skip_map", lang))}</a>')


def document_language() -> None:
    """Say the page's language on its <html> element, for screen readers and translation tools."""
    lang = state.view().lang
    st.iframe(f"<script>window.parent.document.documentElement.lang = {lang!r};</script>", height=1)


def card(data: Catalog) -> None:
    """Show the chosen site's card, or say how to choose one."""
    view = state.view()
    if view.site not in data.sites:
        if not view.embed:
            st.info(t("ui.select_site", view.lang))
        return
    layer, _ = victims()
    people = people_at(layer, view.site) if layer else []
    st.button(t("ui.close_card", view.lang), key="close-card", on_click=state.update, kwargs={"site": ""}, icon=":material/close:")
    st.html(card_html(data.sites[view.site], data, view.lang, classroom=view.classroom, people=people))
    st.html(f'<a class="back-to-map" href="#{MAP_ANCHOR}">{escape.text(t("ui.back_to_map", view.lang))}</a>')
    with st.expander(t("ui.cite_site", view.lang)):
        site = data.sites[view.site]
        citing.citation(citing.site_reference(site, view.lang, site_url(site.id, view.lang)), site.id, "cite-site")
    focus = state.take_card_focus()
    if focus:  # chosen on the map: the keyboard's focus moves to the card (Shift+Tab goes back)
        st.iframe(FOCUS_SCRIPT.replace("SITE", json.dumps(focus)), height=1)


@st.cache_data(show_spinner=False, max_entries=64)
def _timeline_template(_data: Catalog, fingerprint: tuple, categories: tuple, region: str, text: str, lang: str) -> str:
    rows = monthly_counts(_data, Filter(categories=frozenset(categories), region=region, text=text))
    return spec_template(rows, lang)


def _stretch_selected() -> None:
    event = st.session_state.get("timeline") or {}
    stretch = selected_span(event.get("selection"))
    if stretch:
        state.update(start=stretch[0], end=stretch[1], day=None)


def timeline(data: Catalog) -> None:
    """Draw the monthly timeline; a stretch selected on it becomes the map's span."""
    view = state.view()
    wanted = view.filter()
    st.caption(t("ui.timeline", view.lang))
    template = _timeline_template(
        data, data_fingerprint(), tuple(sorted(wanted.categories)), wanted.region, wanted.text, view.lang
    )
    st.vega_lite_chart(
        with_span(template, wanted.start, wanted.end), on_select=_stretch_selected, key="timeline", width="stretch"
    )
