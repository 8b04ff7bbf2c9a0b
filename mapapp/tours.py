"""Guided tours: a step's view, read from the record and applied to the visitor's view.

A step's view is written as the URL writes a view (`day=1973-10-16&site=topater&zoom=9`, or
the same as an object of parameters), with the parameters that describe what is shown only:
the language, the embed and classroom modes are the visitor's, and a step cannot open a tour.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from mapapp.model import Catalog, Tour, TourStep
from mapapp.viewstate import READERS, ViewState, from_params, to_params

# The parameters a step's view may set: what is shown, not how or to whom.
STEP_PARAMS = tuple(name for name in READERS if name not in {"lang", "tour", "step", "embed", "classroom"})
# What the visitor keeps from their own view when a step is applied.
KEPT = ("lang", "embed", "classroom")


def _pairs(value: Any) -> list[tuple[str, str]]:
    if isinstance(value, str):
        try:
            return parse_qsl(value.strip().lstrip("?"), keep_blank_values=True, strict_parsing=True)
        except ValueError:
            raise ValueError("a query string name=value&name=value") from None
    if isinstance(value, dict):
        pairs = []
        for name, item in value.items():
            if isinstance(item, list) and all(isinstance(part, str) for part in item):
                item = ",".join(item)
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                raise ValueError(f"{name}: a string or a number")
            pairs.append((name, str(item)))
        return pairs
    raise ValueError("a query string or an object of URL parameters")


def read_view(value: Any) -> tuple[tuple[str, str], ...]:
    """Return a step's view as the URL parameters of its state; raise ValueError saying what is wrong."""
    pairs = _pairs(value)
    names = [name for name, _ in pairs]
    unknown = [name for name in names if name not in STEP_PARAMS]
    if unknown:
        raise ValueError(f"parameters among {', '.join(STEP_PARAMS)} (not {', '.join(unknown)})")
    if len(set(names)) != len(names):
        raise ValueError("each parameter once")
    state, notices = from_params(dict(pairs))
    if notices:
        raise ValueError("parameters as the URL takes them (not " + ", ".join(notices) + ")")
    return tuple(to_params(state).items())


def step_of(tour: Tour, number: int | None) -> TourStep:
    """Return the step `number` (counted from 1; the first when None or out of range)."""
    index = (number or 1) - 1
    return tour.steps[index if 0 <= index < len(tour.steps) else 0]


def step_state(tour: Tour, number: int, current: ViewState) -> ViewState:
    """Return the view of a tour's step, keeping the visitor's language and modes."""
    state, _ = from_params(dict(step_of(tour, number).view))
    kept = {name: getattr(current, name) for name in KEPT}
    return dataclasses.replace(state, tour=tour.id, step=number, **kept)


def opening_view(state: ViewState, params: Mapping[str, object], tours: Mapping[str, Tour]) -> ViewState:
    """Return the view a link opens: a link naming only a tour's step opens that step's view.

    A link that also names a view (the address of a step the visitor then changed) opens that view.
    """
    if not state.tour or state.tour not in tours or any(name in params for name in STEP_PARAMS):
        return state
    return step_state(tours[state.tour], state.step or 1, state)


def step_label(catalog: Catalog, tour: Tour, number: int, lang: str) -> str:
    """Return a step's short name: its site's name and its days ("Topáter hills, Calama · 19 Oct 1973")."""
    state = step_state(tour, number, ViewState(lang=lang))
    site = catalog.sites.get(state.site)
    return f"{site.name.get(lang)} · {state.when()}" if site else state.when()
