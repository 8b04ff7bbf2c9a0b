"""The view's controls, each bound to the one view state (`mapui.state.bind`).

The sidebar holds what a visitor sets once in a while (language, categories, region, layers,
classroom mode, playback); the time and the search stay above the map (`time_and_search`).
"""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st

from mapapp.dates import COUP, END_OF_DICTATORSHIP
from mapapp.i18n import t
from mapapp.model import CATEGORIES, LANGUAGES, REGIONS
from mapapp.quick_picks import QUICK_PICKS
from mapapp.viewstate import LAYERS, ViewState
from mapui import state
from mapui.state import Binding, bind

NAMES = {"es": "Español", "en": "English"}
STEPS = {"week": dt.timedelta(days=7), "month": dt.timedelta(days=30)}
SPEEDS = (0.5, 1.0, 2.0)


def _span(view: ViewState) -> tuple[dt.date, dt.date]:
    last = state.today() if _after(view) else END_OF_DICTATORSHIP
    first = min(max(view.start, COUP), last)
    return first, max(min(view.end or last, last), first)


def _write_span(value, view: ViewState) -> dict:
    first, last = value
    return {"start": first, "end": None if last >= state.today() else last, "day": None}


def _write_mode(value, view: ViewState) -> dict:
    if value == "day":
        return {"day": view.day or _span(view)[0]}
    return {"day": None}


LANGUAGE = Binding("language", lambda v: v.lang, lambda value, v: {"lang": value or v.lang}, translated=False)
MODE = Binding("mode", lambda v: "day" if v.day else "range", _write_mode)
SPAN = Binding("span", _span, _write_span, translated=False)
DAY = Binding("day", lambda v: v.day or _span(v)[0], lambda value, v: {"day": value}, translated=False)
CATEGORY = Binding("categories", lambda v: sorted(v.categories), lambda value, v: {"categories": frozenset(value)})
REGION = Binding("region", lambda v: v.region, lambda value, v: {"region": value or ""})
SEARCH = Binding("search", lambda v: v.text, lambda value, v: {"text": value or ""}, translated=False)
LAYER = Binding("layers", lambda v: sorted(v.layers), lambda value, v: {"layers": frozenset(value)})
CLASSROOM = Binding("classroom", lambda v: v.classroom, lambda value, v: {"classroom": bool(value)}, translated=False)


def language() -> str:
    """Show the language switch in the sidebar (on every page) and return the view's language."""
    st.sidebar.radio("Idioma / Language", LANGUAGES, format_func=NAMES.get, horizontal=True, **bind(LANGUAGE))
    return state.view().lang


def sidebar() -> None:
    """Show the controls a visitor sets once in a while."""
    lang = language()
    side = st.sidebar
    side.multiselect(
        t("ui.categories", lang), CATEGORIES, format_func=lambda c: t("category." + c, lang), **bind(CATEGORY)
    )
    side.selectbox(
        t("ui.region", lang), ("", *REGIONS), format_func=lambda r: r or t("ui.all_regions", lang), **bind(REGION)
    )
    side.multiselect(t("ui.layers", lang), list(LAYERS), format_func=lambda n: t(f"ui.{n}", lang), **bind(LAYER))
    side.toggle(t("ui.classroom", lang), **bind(CLASSROOM))
    _playback(lang)


def _pick() -> None:
    chosen = st.session_state.get(_pick_key())
    if chosen:
        first, last = QUICK_PICKS[chosen]
        state.update(start=first, end=last, day=None)
        st.session_state[_pick_key()] = None


def _pick_key() -> str:
    return f"pick-{state.view().lang}"


def _after(view: ViewState) -> bool:
    return view.end is None or view.end > END_OF_DICTATORSHIP


def _write_after(value, view: ViewState) -> dict:
    if value:
        return {"end": None}
    return {
        "start": min(view.start, END_OF_DICTATORSHIP),
        "end": min(view.end or END_OF_DICTATORSHIP, END_OF_DICTATORSHIP),
    }


def _write_start(value, view: ViewState) -> dict:
    if not value:
        return {}
    end = view.end if view.end is None or view.end >= value else value
    return {"start": value, "end": end, "day": None}


def _write_end(value, view: ViewState) -> dict:
    if not value:
        return {}
    return {"start": min(view.start, value), "end": None if value >= state.today() else value, "day": None}


AFTER = Binding("after", _after, _write_after, translated=False)
START = Binding("start", lambda v: _span(v)[0], _write_start, translated=False)
END = Binding("end", lambda v: _span(v)[1], _write_end, translated=False)
DAY_TYPED = Binding(
    "day-typed", lambda v: v.day or _span(v)[0], lambda value, v: {"day": value} if value else {}, translated=False
)


def time_and_search() -> None:
    """Show the time controls (a span or one day, exact dates to type, quick picks) and the search.

    The slider covers the dictatorship (11 Sep 1973 - 11 Mar 1990), about twelve days a pixel;
    a switch extends it to today, for the memorials that came after.
    """
    view = state.view()
    lang, today = view.lang, state.today()
    last = today if _after(view) else END_OF_DICTATORSHIP
    # One container, so that the controls shown for a span or for a day never move what follows.
    when, what = st.container().columns([3, 2])
    mode = when.segmented_control(
        t("ui.mode", lang), ("range", "day"), format_func=lambda m: t(f"ui.mode_{m}", lang), **bind(MODE)
    )
    what.text_input(t("ui.search", lang), **bind(SEARCH))
    typed = what.columns(2)
    if mode == "day":
        when.slider(t("ui.day", lang), min_value=COUP, max_value=last, format="DD/MM/YYYY", **bind(DAY))
        typed[0].date_input(
            t("ui.day_typed", lang), min_value=COUP, max_value=today, format="DD/MM/YYYY", **bind(DAY_TYPED)
        )
    else:
        when.slider(t("ui.dates", lang), min_value=COUP, max_value=last, format="DD/MM/YYYY", **bind(SPAN))
        typed[0].date_input(t("ui.start", lang), min_value=COUP, max_value=today, format="DD/MM/YYYY", **bind(START))
        typed[1].date_input(t("ui.end", lang), min_value=COUP, max_value=today, format="DD/MM/YYYY", **bind(END))
        when.pills(
            t("ui.periods", lang),
            list(QUICK_PICKS),
            format_func=lambda p: t(f"pick.{p}", lang),
            key=_pick_key(),
            on_change=_pick,
        )
    what.toggle(t("ui.after", lang), **bind(AFTER))


def _write_playing(value, view: ViewState) -> dict:
    state.update_playback(playing=bool(value), last_tick=time.monotonic())
    if value and not view.day:  # playing moves a day: start from the span's first day
        return {"day": _span(view)[0]}
    return {}


def _playback(lang: str) -> None:
    side = st.sidebar
    play = state.playback()
    playing = Binding("playing", lambda v: play.playing, _write_playing, translated=False)
    side.toggle(t("ui.play", lang), **bind(playing))
    step = Binding("step", lambda v: play.step, lambda value, v: _set_playback(step=value or "month"))
    speed = Binding("speed", lambda v: play.speed, lambda value, v: _set_playback(speed=value or 1.0), translated=False)
    columns = side.columns(2)
    columns[0].selectbox(t("ui.step", lang), list(STEPS), format_func=lambda s: t(f"ui.step_{s}", lang), **bind(step))
    columns[1].selectbox(t("ui.speed", lang), SPEEDS, format_func=lambda v: f"{v:g} s", **bind(speed))


def _set_playback(**changes) -> dict:
    state.update_playback(**changes)
    return {}


def tick() -> bool:
    """Move the day on by one step while playing; stop at the end of the dictatorship (or today).

    Return whether playback has just stopped.
    """
    play, view = state.playback(), state.view()
    now = time.monotonic()
    # A beat is the fragment's timer; a run the visitor caused in between does not move the day.
    if not play.playing or now - play.last_tick < play.speed * 0.8:
        return False
    day = (view.day or view.start) + STEPS[play.step]
    if day > min(state.today(), END_OF_DICTATORSHIP):
        state.update_playback(playing=False)
        return True
    state.update_playback(last_tick=now)
    state.update(day=day)
    return False
