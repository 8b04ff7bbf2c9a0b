"""The one filter: inclusive overlap at every precision, categories and search text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mapapp.dates import DateSpan, PartialDate
from mapapp.filters import Filter, filter_catalog, fold
from mapapp.model import Catalog, Citation, Location, Period, Site, Source, Text

CITE = (Citation("src"),)


def make_site(start: str, end: str | None, site_id: str = "s", category: str = "detention-centre") -> Site:
    period = Period(PartialDate.parse(start), PartialDate.parse(end) if end else None, "repression", CITE)
    return Site(
        site_id,
        -70.6,
        -33.4,
        Text("Estadio Ñuñoa", "Stadium"),
        category,
        "Ñuñoa",
        "Metropolitana de Santiago",
        Location("building", CITE),
        (period,),
        Text("x"),
        CITE,
    )


def shown(period: tuple[str, str | None], span: tuple[str, str]) -> bool:
    catalog = Catalog(sites={"s": make_site(*period)})
    wanted = Filter(start=dt.date.fromisoformat(span[0]), end=dt.date.fromisoformat(span[1]))
    return bool(filter_catalog(catalog, wanted).sites)


# (period as written in the data, span asked for, shown?)
BOUNDARIES = [
    (("1973-09-12", "1973-11-09"), ("1973-11-09", "1973-12-31"), True),  # span starts on the last day
    (("1973-09-12", "1973-11-09"), ("1973-01-01", "1973-09-12"), True),  # span ends on the first day
    (("1973-09-12", "1973-11-09"), ("1973-11-10", "1973-12-31"), False),
    (("1973-09-12", "1973-11-09"), ("1973-09-11", "1973-09-11"), False),
    (("1973-10", "1973-10"), ("1973-10-31", "1973-10-31"), True),  # month covers its last day
    (("1973-10", "1973-10"), ("1973-10-01", "1973-10-01"), True),
    (("1973-10", "1973-10"), ("1973-11-01", "1973-12-01"), False),
    (("1974", "1977"), ("1977-12-31", "1978-06-01"), True),  # year covers 31 December
    (("1974", "1977"), ("1973-09-11", "1973-12-31"), False),
    (("2010-01-11", None), ("2024-01-01", "2024-01-01"), True),  # open period goes on
    (("2010-01-11", None), ("1973-09-11", "2010-01-10"), False),
]


@pytest.mark.parametrize(("period", "span", "expected"), BOUNDARIES)
def test_span_boundaries(period, span, expected):
    assert shown(period, span) is expected


partial_dates = st.one_of(
    st.dates(dt.date(1973, 1, 1), dt.date(1995, 12, 31)).map(lambda d: PartialDate(d.year, d.month, d.day)),
    st.tuples(st.integers(1973, 1995), st.integers(1, 12)).map(lambda ym: PartialDate(*ym)),
    st.integers(1973, 1995).map(PartialDate),
)
days = st.dates(dt.date(1973, 1, 1), dt.date(1995, 12, 31))


@given(partial_dates, partial_dates, days, days)
def test_shown_if_and_only_if_some_day_of_the_period_is_in_the_span(a, b, c, d):
    start, end = sorted((a, b), key=lambda p: p.first_day())
    if end.last_day() < start.first_day():
        return
    first, last = sorted((c, d))
    result = shown((start.iso(), end.iso()), (first.isoformat(), last.isoformat()))
    # The reference: walk the days of the period one by one.
    day, expected = start.first_day(), False
    while day <= end.last_day() and not expected:
        expected = first <= day <= last
        day += dt.timedelta(days=1)
    assert result is expected


def test_categories_and_text():
    catalog = Catalog(sites={"a": make_site("1974", "1975", "a"), "b": make_site("1974", "1975", "b", "memorial")})
    assert [s.id for s in filter_catalog(catalog, Filter(categories=frozenset({"memorial"}))).sites] == ["b"]
    assert len(filter_catalog(catalog, Filter(text="nunoa")).sites) == 2  # accents and case folded
    assert filter_catalog(catalog, Filter(text="villa")).sites == ()
    assert filter_catalog(catalog, Filter(categories=frozenset())).sites == ()


def test_counts_follow_the_selection():
    catalog = Catalog(sites={"a": make_site("1974", "1975", "a"), "b": make_site("1974", "1975", "b", "memorial")})
    counts = filter_catalog(catalog, Filter()).counts()
    assert counts["memorial"] == 1
    assert counts["detention-centre"] == 1
    assert counts["prison-camp"] == 0


def test_fold_and_span():
    assert fold("Ñuñoa Álamos") == "nunoa alamos"
    assert DateSpan(dt.date(1973, 1, 1), None).overlaps(DateSpan(dt.date(2020, 1, 1), dt.date(2020, 1, 2)))


@pytest.mark.parametrize("text", ["1973-13", "1973-02-30", "73", "1973/09/11", "", "1973-9-1"])
def test_bad_dates_are_refused(text):
    with pytest.raises(ValueError, match=r"is not YYYY-MM-DD|has no month|out of range"):
        PartialDate.parse(text)


@pytest.mark.parametrize(
    ("text", "lang", "label"),
    [
        ("1973-09-12", "en", "12 Sep 1973"),
        ("1973-10", "en", "Oct 1973"),
        ("1974", "es", "1974"),
        ("1973-09-11", "es", "11 sept 1973"),
    ],
)
def test_labels_at_precision(text, lang, label):
    assert PartialDate.parse(text).label(lang) == label


def test_a_site_is_drawn_as_a_memorial_when_only_its_memorial_period_is_in_view():
    from mapapp.mapbuild import build_map

    repression = Period(PartialDate(1974), PartialDate(1977), "repression", CITE)
    memorial = Period(PartialDate(2000, 3, 1), None, "memorial", CITE)
    site = make_site("1974", "1977", "a")
    site = Site(**{**site.__dict__, "periods": (repression, memorial)})
    catalog = Catalog(sources={"src": Source("src", "A report", "A commission", "report")}, sites={"a": site})
    in_use = filter_catalog(catalog, Filter(start=dt.date(1975, 1, 1), end=dt.date(2005, 1, 1)))
    later = filter_catalog(catalog, Filter(start=dt.date(2010, 1, 1), end=dt.date(2010, 1, 2)))
    assert in_use.states == {"a": "repression"}
    assert later.states == {"a": "memorial"}
    assert '"look":"m"' in build_map(later, catalog, "en").get_root().render()
    assert '"look":"m"' not in build_map(in_use, catalog, "en").get_root().render()


@pytest.fixture(scope="module")
def record():
    from mapapp.load import load_catalog

    return load_catalog()


def routes_in_view(catalog, **choices) -> list[str]:
    return sorted({route.id for route, _ in filter_catalog(catalog, Filter(**choices)).segments})


def test_routes_follow_the_region_the_search_and_the_categories(record):
    everything = routes_in_view(record)
    assert len(everything) == len(record.routes)
    # Region: a route is kept when one of its stops lies in the region.
    assert routes_in_view(record, region="Antofagasta") == [
        "caravana-de-la-muerte-norte",
        "traslado-estadio-nacional-chacabuco",
    ]
    assert routes_in_view(record, region="Los Ríos") == ["caravana-de-la-muerte-sur"]
    # Search: the route's name, or one of its stops.
    assert routes_in_view(record, text="caravana") == ["caravana-de-la-muerte-norte", "caravana-de-la-muerte-sur"]
    assert routes_in_view(record, text="Chacabuco") == ["traslado-estadio-nacional-chacabuco"]
    assert routes_in_view(record, text="Dawson") == ["traslado-isla-dawson-ritoque"]
    assert routes_in_view(record, text="no such place") == []
    # Categories: a route whose curated sites are all of other categories goes; stops that are
    # only places (the southern leg's towns) have no category and keep their route.
    assert routes_in_view(record, categories=frozenset({"memorial"})) == ["caravana-de-la-muerte-sur"]
    # Region and search together: both must hold for the same route.
    assert routes_in_view(record, region="Antofagasta", text="Dawson") == []


def test_events_follow_the_region_of_their_site_or_place(record):
    in_region = filter_catalog(record, Filter(region="Antofagasta")).events
    assert in_region
    assert len(in_region) < len(record.events)
    for event in in_region:
        site = record.sites.get(event.site)
        assert (site.region if site else event.place.region) == "Antofagasta", event.id
    abroad = [event for event in record.events.values() if event.place and event.place.abroad]
    assert abroad
    assert not {event.id for event in abroad} & {event.id for event in in_region}
