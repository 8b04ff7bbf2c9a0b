"""Streamlit's side of the app: caching, session state, the URL and the shared chrome.

With `mapapp.ui_map` (the map) and `mapapp.ui_share` (the Share panel), the only modules that
touch Streamlit.

Pages are scripts of calls into this module and into the core; nothing here decides what
is in view (that is `mapapp.filters`) or how a card reads (that is `mapapp.cards`). The view
state (`mapapp.viewstate`) is read from the URL once per visit, drives the widgets, and is
written back to the URL on every run, so the address bar always holds the current view.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from pathlib import Path

import streamlit as st

from mapapp.dates import COUP, END_OF_DICTATORSHIP
from mapapp.filters import Filter, Selection, fold
from mapapp.i18n import DEFAULT_LANGUAGE, t
from mapapp.load import data_dir, load_catalog
from mapapp.model import CATEGORIES, LANGUAGES, REGIONS, Catalog
from mapapp.periods import QUICK_PICKS
from mapapp.timeline import monthly_counts, selected_span, spec_template, with_span
from mapapp.victims import FreireError, find_people, load_layer
from mapapp.victims_map import date_text
from mapapp.viewstate import LAYERS, ViewState, from_params, to_params


def fingerprint(root: Path) -> tuple:
    """Return what changes when any data file changes, so edits are picked up."""
    files = sorted(root.rglob("*.*json")) if root.is_dir() else []
    return tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in files)


@st.cache_resource(show_spinner=False)
def _load(root: str, fingerprint: tuple) -> Catalog:
    return load_catalog(root)


@st.cache_resource(show_spinner=False)
def _victims(root: str, fingerprint: tuple):
    try:
        return load_layer(root), ""
    except FreireError as error:
        return None, str(error)


def victims():
    """Return the victims layer of the data directory (or None), and why it failed to load, if it did."""
    root = data_dir()
    return _victims(str(root), fingerprint(root))


def catalog() -> Catalog:
    """Return the catalog of the configured data directory, loaded once for all visitors."""
    root = data_dir()
    return _load(str(root), fingerprint(root))


def _browser_language() -> str:
    locale = (st.context.locale or DEFAULT_LANGUAGE)[:2].lower()
    return locale if locale in LANGUAGES else DEFAULT_LANGUAGE


def url_state(data: Catalog) -> ViewState:
    """Return the view the URL asks for; on a visit's first run, set the widgets to it."""
    state, notices = from_params(st.query_params.to_dict(), data.sites)
    # Streamlit keeps `embed` out of st.query_params and answers it here instead.
    state = dataclasses.replace(state, embed=bool(st.context.is_embedded))
    if "lang" not in st.query_params:
        state = dataclasses.replace(state, lang=_browser_language())
    if "view_ready" not in st.session_state:
        st.session_state.update(_widget_values(state))
        st.session_state["url_notices"] = notices
        st.session_state["view_ready"] = True
    return state


def _widget_values(state: ViewState) -> dict:
    today = dt.date.today()
    start = min(max(state.start, COUP), today)
    end = min(state.end or today, today)
    return {
        "language": state.lang,
        "mode": "day" if state.day else "range",
        "span": (start, max(end, start)),
        "day": min(max(state.day or start, COUP), today),
        "categories": sorted(state.categories),
        "search": state.text,
        "region": state.region,
        "site": state.site or None,
        "classroom": state.classroom,
        "layers": sorted(state.layers),
    }


def _apply_pick() -> None:
    pick = st.session_state.get("pick")
    if pick:
        st.session_state["span"] = QUICK_PICKS[pick]
        st.session_state["mode"] = "range"
        st.session_state["pick"] = None


def language(page: str) -> str:
    """Show the language switch in the sidebar and return the language chosen.

    The choice lives in "language", not in the widget, whose state Streamlit drops when the
    visitor moves to another page; each page's switch starts from it.
    """
    names = {"es": "Español", "en": "English"}
    chosen = st.session_state.get("language") or _browser_language()
    lang = st.sidebar.radio(
        "Idioma / Language",
        LANGUAGES,
        index=LANGUAGES.index(chosen),
        format_func=names.get,
        horizontal=True,
        key=f"lang-{page}",
    )
    st.session_state["language"] = lang
    return lang


def _apply_pending() -> None:
    """Move what the timeline or playback asked for into the widgets, before they are drawn."""
    if st.session_state.pop("pending_stop", False):
        st.session_state["playing"] = False
    for name, mode in (("span", "range"), ("day", "day")):
        pending = st.session_state.pop(f"pending_{name}", None)
        if pending:
            st.session_state[name], st.session_state["mode"] = pending, mode


def sidebar(url: ViewState) -> ViewState:
    """Show the view's controls in the sidebar and return the view they describe."""
    _apply_pending()
    side = st.sidebar
    lang = language("map")
    today = dt.date.today()
    mode = side.segmented_control(
        t("ui.mode", lang), ("range", "day"), format_func=lambda m: t(f"ui.mode_{m}", lang), key="mode"
    )
    if mode == "day":
        day = side.slider(t("ui.day", lang), min_value=COUP, max_value=today, format="DD/MM/YYYY", key="day")
        start, end = COUP, None
    else:
        day = None
        start, end = side.slider(t("ui.dates", lang), min_value=COUP, max_value=today, format="DD/MM/YYYY", key="span")
        side.pills(
            t("ui.periods", lang),
            list(QUICK_PICKS),
            format_func=lambda p: t(f"pick.{p}", lang),
            key="pick",
            on_change=_apply_pick,
        )
    categories = side.multiselect(
        t("ui.categories", lang), CATEGORIES, format_func=lambda c: t("category." + c, lang), key="categories"
    )
    region = side.selectbox(
        t("ui.region", lang), ("", *REGIONS), format_func=lambda r: r or t("ui.all_regions", lang), key="region"
    )
    text = side.text_input(t("ui.search", lang), key="search")
    layers = side.multiselect(
        t("ui.layers", lang),
        list(LAYERS),
        format_func=lambda name: t(f"ui.{name}", lang),
        key="layers",
    )
    classroom = side.toggle(t("ui.classroom", lang), key="classroom")
    _playback_controls(lang)
    return dataclasses.replace(
        url,
        lang=lang,
        day=day,
        start=start,
        end=None if end == today else end,
        categories=frozenset(categories),
        region=region,
        text=text,
        layers=frozenset(layers),
        classroom=classroom,
        site=st.session_state.get("site") or "",
    )


def publish(state: ViewState) -> None:
    """Write the view to the address bar, so that the URL always reopens it."""
    wanted = to_params(state)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def header(lang: str, data: Catalog) -> None:
    """Show the title, a notice for ignored link parameters, and how many records were rejected."""
    st.title(t("app.title", lang))
    st.caption(t("app.tagline", lang))
    notices = st.session_state.get("url_notices")
    if notices:
        st.info(t("ui.url_notice", lang, params=", ".join(notices)))
    if data.rejections:
        st.warning(t("ui.rejected_notice", lang, count=data.rejected_records()))
        st.page_link("pages/rejected.py", label=t("ui.rejected_link", lang))


@st.cache_data(show_spinner=False, max_entries=64)
def _timeline_template(_data: Catalog, fingerprint: tuple, categories: tuple, region: str, text: str, lang: str) -> str:
    rows = monthly_counts(_data, Filter(categories=frozenset(categories), region=region, text=text))
    return spec_template(rows, lang)


def timeline(state: ViewState, data: Catalog) -> None:
    """Draw the monthly timeline; a stretch selected on it becomes the map's span."""
    wanted = state.filter()
    template = _timeline_template(
        data, fingerprint(data_dir()), tuple(sorted(wanted.categories)), wanted.region, wanted.text, state.lang
    )
    event = st.vega_lite_chart(
        with_span(template, wanted.start, wanted.end), on_select="rerun", key="timeline", width="stretch"
    )
    stretch = selected_span(getattr(event, "selection", None))
    if stretch and stretch != st.session_state.get("applied_stretch"):
        st.session_state["applied_stretch"] = stretch
        st.session_state["pending_span"] = stretch
        st.rerun()


STEPS = {"week": dt.timedelta(days=7), "month": dt.timedelta(days=30)}
SPEEDS = (0.5, 1.0, 2.0)


def _playback_controls(lang: str) -> None:
    side = st.sidebar
    side.toggle(t("ui.play", lang), key="playing")
    columns = side.columns(2)
    columns[0].selectbox(t("ui.step", lang), list(STEPS), format_func=lambda s: t(f"ui.step_{s}", lang), key="step")
    columns[1].selectbox(t("ui.speed", lang), SPEEDS, index=1, format_func=lambda v: f"{v:g} s", key="speed")


def playback_tick(state: ViewState) -> None:
    """While playing, wait one beat and move the day on by one step (the map is not rebuilt)."""
    if not st.session_state.get("playing"):
        return
    day = (state.day or state.start) + STEPS[st.session_state.get("step", "month")]
    if day > min(dt.date.today(), END_OF_DICTATORSHIP):
        st.session_state["pending_stop"] = True
        st.rerun()
    time.sleep(st.session_state.get("speed", 1.0))
    st.session_state["pending_day"] = day
    st.rerun()


def person_lookup(state: ViewState) -> None:
    """Let the visitor look a person of the victims layer up by name: what happened, when, where, which page."""
    layer, _ = victims()
    if layer is None or "victims" not in state.layers:
        return
    lang = state.lang
    query = st.text_input(t("ui.person_search", lang), key="person")
    if not query.strip():
        return
    people = find_people(layer, query)
    if not people:
        st.info(t("ui.person_none", lang))
        return
    rows = [
        {
            t("ui.person_name", lang): person.name,
            t("ui.person_date", lang): date_text(person, lang),
            t("ui.person_places", lang): "; ".join(place.label for place in person.places if place.label),
            t("ui.person_page", lang): person.page,
        }
        for person in people
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


LIST_LIMIT = 200  # names in the list at once; past that, the visitor narrows the view


def site_list(selection: Selection, lang: str) -> str | None:
    """Show the sites in view, in step with the map, to choose one from by name; return the chosen one."""
    st.header(t("ui.list", lang), anchor=False)
    st.caption(
        t("ui.sites_in_view", lang, count=len(selection.sites))
        + " · "
        + t("ui.events_in_view", lang, count=len(selection.events))
    )
    if not selection.sites:
        st.info(t("ui.no_sites", lang))
        return None
    ordered = sorted(selection.sites, key=lambda site: fold(site.name.get(lang)))
    chosen = st.session_state.get("site")
    shown = [site.id for site in ordered[:LIST_LIMIT]]
    if chosen in {site.id for site in ordered} and chosen not in shown:
        shown.insert(0, chosen)
    if chosen not in shown:
        st.session_state["site"] = None
    if len(ordered) > LIST_LIMIT:
        st.caption(t("ui.list_limit", lang, shown=LIST_LIMIT))
    names = {site.id: site.name.get(lang) for site in ordered}
    # A select box, not a long list of radio buttons: it is typed into to find a name, read out as
    # one control, and drawn at once however many sites are in view (a 200-option radio list took
    # the browser half a second to draw again after each slider change, holding the map back).
    return st.selectbox(
        t("ui.site", lang), shown, index=None, format_func=names.get, key="site", placeholder=t("ui.site_choose", lang)
    )
