"""The one owner of the view: a `ViewState` kept in the session, changed only through `update`.

Every widget is bound to it (`bind`): before a widget is drawn it is given the view's value, and
its `on_change` callback writes the visitor's choice back, before the next run starts. So a run
reads one view from top to bottom, and nothing drawn later changes what was drawn earlier. The
URL is read once per visit (`start`) and written from the view at the end of every run
(`publish`). Playback's settings, which are not part of a link, are a second, smaller record.

A widget whose options are shown translated gets a key per language: Streamlit sends some
widgets' values back as their labels, so a widget must never outlive a change of language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from mapapp.i18n import DEFAULT_LANGUAGE
from mapapp.model import LANGUAGES, Catalog
from mapapp.tours import opening_view
from mapapp.viewstate import ViewState, from_params, to_params

VIEW, PLAYBACK, NOTICES = "view", "playback", "url_notices"


@dataclass(frozen=True)
class Playback:
    """Whether time is playing, by how much a beat moves the day, and how long a beat lasts."""

    playing: bool = False
    step: str = "month"
    speed: float = 1.0
    last_tick: float = 0.0  # time.monotonic() of the last beat


def browser_language() -> str:
    locale = (st.context.locale or DEFAULT_LANGUAGE)[:2].lower()
    return locale if locale in LANGUAGES else DEFAULT_LANGUAGE


def start(data: Catalog) -> ViewState:
    """Return the view; on a visit's first run, read it from the URL (with notices for what was ignored)."""
    if VIEW not in st.session_state:
        params = st.query_params.to_dict()
        state, notices = from_params(params, data.sites, data.tours)
        if "lang" not in st.query_params:
            state = dataclasses.replace(state, lang=browser_language())
        state = opening_view(state, params, data.tours)  # a link to a tour's step opens its view
        st.session_state[VIEW] = state
        st.session_state[NOTICES] = tuple(notices)
        st.session_state[PLAYBACK] = Playback()
    # Streamlit keeps `embed` out of st.query_params and answers it here instead.
    embedded = bool(st.context.is_embedded)
    if view().embed != embedded:
        update(embed=embedded)
    return view()


def view() -> ViewState:
    return st.session_state[VIEW]


def playback() -> Playback:
    return st.session_state.get(PLAYBACK, Playback())


def notices() -> tuple[str, ...]:
    return st.session_state.get(NOTICES, ())


def update(**changes: Any) -> None:
    """Change the view: the one way anything in the session changes what is shown."""
    st.session_state[VIEW] = dataclasses.replace(view(), **changes)


def update_playback(**changes: Any) -> None:
    st.session_state[PLAYBACK] = dataclasses.replace(playback(), **changes)


FOCUS_CARD = "focus_card"  # set when the map chose a site: the card takes the keyboard's focus once


def chosen_on_map(site_id: str) -> None:
    """Choose a site from the map; its card will take the focus (a keyboard user lands on it)."""
    update(site=site_id)
    st.session_state[FOCUS_CARD] = site_id


def take_card_focus() -> str:
    """Return the site whose card must take the focus now, once."""
    return st.session_state.pop(FOCUS_CARD, "")


def publish() -> None:
    """Write the view to the address bar, so that the URL always reopens it."""
    # Streamlit keeps `embed` in the address itself and refuses to have it set.
    wanted = to_params(dataclasses.replace(view(), embed=False))
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


@dataclass(frozen=True)
class Binding:
    """How one widget shows a part of the view, and what the visitor's choice changes in it."""

    name: str
    read: Callable[[ViewState], Any]
    write: Callable[[Any, ViewState], dict]
    translated: bool = True  # options shown in the view's language: one widget per language


def bind(binding: Binding) -> dict:
    """Return the `key`, `on_change` and `args` a widget takes to be bound to the view.

    The widget is given the view's value before every drawing, even an equal one: a widget whose
    bounds change (the date slider, when the span reaches past 1990 or not) is a new widget to
    Streamlit, which would otherwise start it at its default instead of the view's value.
    """
    state = view()
    key = f"{binding.name}-{state.lang}" if binding.translated else binding.name
    st.session_state[key] = binding.read(state)
    return {"key": key, "on_change": _changed, "args": (binding, key)}


def _changed(binding: Binding, key: str) -> None:
    update(**binding.write(st.session_state.get(key), view()))


def today() -> dt.date:
    return dt.date.today()
