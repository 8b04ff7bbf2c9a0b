"""The timeline counts what the map would show, month by month; a chart selection becomes a span."""

from __future__ import annotations

import datetime as dt

import pytest

from mapapp.filters import Filter, filter_catalog
from mapapp.load import load_catalog
from mapapp.timeline import chart, monthly_counts, months, selected_span


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_months_cover_the_dictatorship():
    found = months()
    assert found[0] == (dt.date(1973, 9, 1), dt.date(1973, 9, 30))
    assert found[-1] == (dt.date(1990, 3, 1), dt.date(1990, 3, 31))
    assert len(found) == 199


def test_each_month_counts_what_the_map_shows(catalog):
    wanted = Filter(categories=frozenset({"detention-centre", "prison-camp"}))
    rows = {row["month"]: row for row in monthly_counts(catalog, wanted)}
    for first, last in months():  # the timeline's own counting agrees with the filter, month by month
        selection = filter_catalog(catalog, Filter(start=first, end=last, categories=wanted.categories))
        assert rows[first.isoformat()]["sites"] == len(selection.sites), first
        assert rows[first.isoformat()]["events"] == len(selection.events), first
    assert rows["1973-09-01"]["sites"] > 0


def test_a_chart_stretch_becomes_a_span():
    start = dt.datetime(1974, 6, 1, tzinfo=dt.UTC).timestamp() * 1000
    end = dt.datetime(1977, 8, 1, tzinfo=dt.UTC).timestamp() * 1000
    assert selected_span({"stretch": {"month": [end, start]}}) == (dt.date(1974, 6, 1), dt.date(1977, 8, 1))
    assert selected_span({}) is None
    assert selected_span(None) is None


def test_the_chart_marks_the_span_in_the_visitors_language(catalog):
    spec = chart(monthly_counts(catalog, Filter()), dt.date(1974, 1, 1), dt.date(1975, 1, 1), "es")
    text = str(spec)
    assert "Sitios" in text
    assert "Hechos" in text
    assert "1974-01-01" in text
    assert "stretch" in text


def test_a_single_day_is_marked_by_a_line():
    # Regression (issue 16): in day mode and playback the chart showed no mark for the day.
    import json

    from mapapp.timeline import SPAN, spec_template, with_span

    day = dt.date(1973, 10, 16)
    spec = with_span(spec_template([{"month": "1973-10-01", "sites": 1, "events": 0}], "en"), day, day)
    assert spec["datasets"][SPAN] == [{"a": "1973-10-16", "b": "1973-10-16"}]
    rules = [layer for layer in spec["layer"] if json.dumps(layer).count('"rule"')]
    assert len(rules) == 1
    assert "datum.a === datum.b" in json.dumps(rules[0])
