"""The view state and its URL: any state round-trips; any URL opens without raising."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mapapp.model import CATEGORIES, LANGUAGES, REGIONS
from mapapp.viewstate import LAYERS, ViewState, from_params, to_params

days = st.dates(dt.date(1973, 9, 11), dt.date(2030, 12, 31))


@st.composite
def states(draw) -> ViewState:
    start = draw(days)
    end = draw(st.none() | days.filter(lambda d: d >= start))
    tour = draw(st.sampled_from(("", "caravana-de-la-muerte", "t-1")))
    return ViewState(
        tour=tour,
        step=draw(st.integers(1, 999)) if tour else None,
        start=start,
        end=end,
        day=draw(st.none() | days),
        categories=draw(st.frozensets(st.sampled_from(CATEGORIES))),
        text=draw(st.text(max_size=60)),
        region=draw(st.sampled_from(("", *REGIONS))),
        site=draw(st.sampled_from(("", "estadio-nacional", "la-moneda", "a-1"))),
        lang=draw(st.sampled_from(LANGUAGES)),
        center=draw(st.none() | st.tuples(st.floats(-90, 90), st.floats(-180, 180))),
        zoom=draw(st.none() | st.integers(1, 18)),
        layers=draw(st.frozensets(st.sampled_from(LAYERS))),
        embed=draw(st.booleans()),
        classroom=draw(st.booleans()),
    )


@given(states())
def test_any_state_round_trips_through_its_url(state):
    params = to_params(state)
    assert all(isinstance(value, str) for value in params.values())
    assert from_params(params) == (state, [])


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "start",
                "end",
                "day",
                "cat",
                "q",
                "region",
                "site",
                "tour",
                "step",
                "lang",
                "center",
                "zoom",
                "layers",
                "embed",
                "classroom",
                "other",
                "",
            ]
        ),
        st.text() | st.lists(st.text(), max_size=3),
    )
)
def test_any_url_opens_without_raising(params):
    state, notices = from_params(params, sites={"la-moneda": object()})
    assert isinstance(state, ViewState)
    assert isinstance(notices, list)
    assert state.end is None or state.end >= state.start


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2023-02-30"}, "start"),
        ({"zoom": "abc"}, "zoom"),
        ({"site": "nowhere"}, "site"),
        ({"cat": ",".join(["detention-centre"] * 1000)}, None),
        ({"cat": "x," * 1000}, "cat"),
        ({"end": "1973-01-01"}, "end"),
        ({"center": "nan,1"}, "center"),
        ({"lang": "fr"}, "lang"),
    ],
)
def test_malformed_parameters_fall_back_to_defaults_with_a_notice(params, field):
    state, notices = from_params(params, sites={"la-moneda": object()})
    if field:
        assert getattr(state, {"cat": "categories", "lang": "lang"}.get(field, field)) == getattr(
            ViewState(), {"cat": "categories"}.get(field, field)
        )
        assert notices
        assert notices[0].startswith(field)
    else:  # a thousand copies of one category is still one category
        assert state.categories == frozenset({"detention-centre"})


def test_unknown_parameters_are_ignored_and_defaults_leave_the_url_empty():
    assert from_params({"utm_source": "x"}) == (ViewState(), [])
    assert to_params(ViewState()) == {}


def test_a_single_day_filters_as_a_span_of_one_day():
    wanted = ViewState(day=dt.date(1973, 10, 16)).filter()
    assert wanted.start == wanted.end == dt.date(1973, 10, 16)


def test_a_search_opens_the_map_on_the_sites_it_finds_whatever_the_dates():
    from mapapp.load import load_catalog
    from mapapp.standalone import opening_view

    catalog = load_catalog()
    (lat, lon), zoom = opening_view(ViewState(text="Punta Arenas"), catalog)
    assert -55 < lat < -52
    assert -72 < lon < -69
    assert zoom >= 7
    later = ViewState(text="Punta Arenas", start=dt.date(1985, 1, 1), end=dt.date(1985, 12, 31))
    assert opening_view(later, catalog) == ((lat, lon), zoom)  # the slider does not move the map
    assert opening_view(ViewState(text="no such place anywhere"), catalog) == (None, None)
    assert opening_view(ViewState(), catalog) == (None, None)  # no search: the whole country
