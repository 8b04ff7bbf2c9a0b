"""One view state: the single source for the URL, the filters, the exports and the embed snippet.

`to_params` and `from_params` turn a state into query parameters and back; any URL is safe to
open: unknown parameters are ignored, and a malformed one falls back to its default with a
short notice, never an exception.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from mapapp.dates import COUP, PartialDate, span_label
from mapapp.filters import Filter
from mapapp.i18n import DEFAULT_LANGUAGE
from mapapp.model import CATEGORIES, LANGUAGES, REGIONS
from mapapp.schema_types import ID_PATTERN

LAYERS = ("sites", "routes", "events", "victims")
DEFAULT_LAYERS = frozenset({"sites", "routes", "events"})
MAX_TEXT = 200


@dataclass(frozen=True)
class ViewState:
    """Everything that makes a view: what is shown, when, where, in which language and mode."""

    start: dt.date = COUP
    end: dt.date | None = None  # None: up to today
    day: dt.date | None = None  # single-date mode: the country as of this day
    categories: frozenset[str] = field(default_factory=lambda: frozenset(CATEGORIES))
    text: str = ""
    region: str = ""
    site: str = ""
    person: int | None = None  # a person of the victims layer, by the dataset's number: their page
    tour: str = ""  # a guided tour (geodata/tours/), by id: its panel is open
    step: int | None = None  # the tour's step shown, counted from 1
    lang: str = DEFAULT_LANGUAGE
    center: tuple[float, float] | None = None
    zoom: int | None = None
    layers: frozenset[str] = DEFAULT_LAYERS
    embed: bool = False
    classroom: bool = False

    def __post_init__(self) -> None:
        # Normalise once, so that a state and its URL always describe the same view.
        object.__setattr__(self, "text", self.text.strip()[:MAX_TEXT])
        if self.center is not None:
            object.__setattr__(self, "center", (round(self.center[0], 5), round(self.center[1], 5)))

    def when(self) -> str:
        """Return the days the view shows, as people write them ("16 Oct 1973", "Sep 1973 - 1975")."""
        if self.day:
            return PartialDate(self.day.year, self.day.month, self.day.day).label(self.lang)
        start = PartialDate(self.start.year, self.start.month, self.start.day)
        end = PartialDate(self.end.year, self.end.month, self.end.day) if self.end else None
        return span_label(start, end, self.lang)

    def filter(self) -> Filter:
        """Return the filter this view applies: a single day is a span of one day."""
        start, end = (self.day, self.day) if self.day else (self.start, self.end)
        return Filter(start=start, end=end, categories=self.categories, text=self.text, region=self.region)


def _date(text: str) -> dt.date:
    if len(text) != 10:  # fromisoformat also takes "19730911" and week dates; a link holds YYYY-MM-DD
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def _names(text: str, allowed: tuple[str, ...]) -> frozenset[str]:
    chosen = frozenset(part for part in text.split(",") if part)
    if not chosen <= set(allowed) or len(chosen) > len(allowed):
        raise ValueError(text)
    return chosen


def _center(text: str) -> tuple[float, float]:
    lat, lon = (float(part) for part in text.split(","))
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(text)
    return (lat, lon)


def _zoom(text: str) -> int:
    zoom = int(text)
    if not 1 <= zoom <= 18:
        raise ValueError(text)
    return zoom


def _flag(text: str) -> bool:
    if text not in {"true", "false", "1", "0"}:
        raise ValueError(text)
    return text in {"true", "1"}


def _choice(allowed) -> callable:
    def read(text: str) -> str:
        if text not in allowed:
            raise ValueError(text)
        return text

    return read


def _person(text: str) -> int:
    if not text.isdigit() or len(text) > 7 or int(text) < 1:
        raise ValueError(text)
    return int(text)


def _step(text: str) -> int:
    if not text.isdigit() or len(text) > 3 or int(text) < 1:
        raise ValueError(text)
    return int(text)


def _site(text: str) -> str:
    if not ID_PATTERN.match(text) or len(text) > 100:
        raise ValueError(text)
    return text


# parameter -> (field, reader); the order is the order of the URL.
READERS = {
    "start": ("start", _date),
    "end": ("end", _date),
    "day": ("day", _date),
    "cat": ("categories", lambda text: _names(text, CATEGORIES)),
    "q": ("text", str),
    "region": ("region", _choice(REGIONS)),
    "site": ("site", _site),
    "person": ("person", _person),
    "lang": ("lang", _choice(LANGUAGES)),
    "center": ("center", _center),
    "zoom": ("zoom", _zoom),
    "layers": ("layers", lambda text: _names(text, LAYERS)),
    "tour": ("tour", _site),
    "step": ("step", _step),
    "embed": ("embed", _flag),
    "classroom": ("classroom", _flag),
}


def _write(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, frozenset):
        return ",".join(sorted(value))
    if isinstance(value, tuple):
        return f"{value[0]:.5f},{value[1]:.5f}"
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def to_params(state: ViewState) -> dict[str, str]:
    """Return the query parameters of a state: only what differs from the default view."""
    default = ViewState()
    return {
        name: _write(getattr(state, attribute))
        for name, (attribute, _) in READERS.items()
        if getattr(state, attribute) != getattr(default, attribute)
    }


def from_params(
    params: Mapping[str, object], sites: Mapping[str, object] | None = None, tours: Mapping[str, object] | None = None
) -> tuple[ViewState, list[str]]:
    """Return the state a URL describes, and a notice for each parameter that had to be ignored.

    With `sites` and `tours` (the catalogue's), a site or tour that is not there is ignored too.
    """
    values, notices = {}, []
    for name, (attribute, read) in READERS.items():
        raw = params.get(name)
        if isinstance(raw, list):
            raw = raw[-1] if raw else None
        if raw is None:
            continue
        try:
            values[attribute] = read(str(raw))
        except (ValueError, TypeError, OverflowError):
            notices.append(f"{name}={str(raw)[:40]!r}")
    state = ViewState(**values)
    state, notices = _coherent(state, notices, sites)
    return _on_tour(state, notices, tours)


def _on_tour(state: ViewState, notices: list[str], tours: Mapping[str, object] | None) -> tuple[ViewState, list[str]]:
    """Keep a tour's step within the tour: no step without a tour, step 1 when none is given."""
    if state.tour and tours is not None and state.tour not in tours:
        notices.append(f"tour={state.tour!r}")
        state = dataclasses.replace(state, tour="", step=None)
    if not state.tour:
        if state.step is not None:
            notices.append(f"step={state.step!r}")
        return dataclasses.replace(state, step=None), notices
    count = len(tours[state.tour].steps) if tours is not None else None
    if count is not None and state.step is not None and state.step > count:
        notices.append(f"step={state.step!r}")
        state = dataclasses.replace(state, step=None)
    return (dataclasses.replace(state, step=1) if state.step is None else state), notices


def _coherent(state: ViewState, notices: list[str], sites: Mapping[str, object] | None) -> tuple[ViewState, list[str]]:
    """Drop what is well-formed but does not fit together: an end before the start, an unknown site."""
    if state.end and state.end < state.start:
        notices.append(f"end={state.end.isoformat()!r}")
        state = dataclasses.replace(state, end=None)
    if state.site and sites is not None and state.site not in sites:
        notices.append(f"site={state.site!r}")
        state = dataclasses.replace(state, site="")
    return state, notices
