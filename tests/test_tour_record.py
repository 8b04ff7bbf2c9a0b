"""Guided tours (issue 19): the schema and the loader, the step views, and the three bundled tours."""

from __future__ import annotations

import datetime as dt

import pytest
from sample import site, tour, write_data, write_file

from mapapp.load import load_catalog
from mapapp.model import RECORD
from mapapp.tours import opening_view, read_view, step_state
from mapapp.viewstate import ViewState, from_params, to_params

TWO_SITES = [site(), site("site-two", lon=-70.62, lat=-33.47)]


def _load(tmp_path, tours, sites=None):
    return load_catalog(write_data(tmp_path / "d", sites=TWO_SITES if sites is None else sites, tours=tours))


# A broken tour: (what is wrong, the tour, the field named in the rejection, a fragment of what was expected).
BROKEN = [
    ("a view with an unknown parameter", tour(views=("day=1973-09-12&colour=red",)), "steps[0].view", "parameters among"),
    ("a view that sets the language", tour(views=("lang=en&site=site-one",)), "steps[0].view", "not lang"),
    ("a view that opens a tour", tour(views=("tour=tour-one",)), "steps[0].view", "not tour"),
    ("a malformed date", tour(views=("day=1973-02-30",)), "steps[0].view", "not day="),
    ("a zoom out of range", tour(views=({"site": "site-one", "zoom": 40},)), "steps[0].view", "not zoom="),
    ("a view that is not a query", tour(views=("just words",)), "steps[0].view", "a query string"),
    ("a view that is a number", tour(views=(7,)), "steps[0].view", "a query string or an object"),
    ("a site that is not there", tour(views=("site-one", "site=nowhere")), "steps[1].view", "site that loaded"),
    ("no steps", tour(steps=[]), "steps", "at least 1"),
    ("a step without sources", tour(steps=[{"view": "", "text": {"en": "x"}, "sources": []}]), "steps[0].sources", ""),
    ("a source not in the record", tour(steps=[{"view": "", "text": {"en": "x"}, "sources": [{"source": "nope"}]}]),
     "steps[0].sources[0].source", "sources in sources/"),
    ("a language twice", tour(languages=["es", "es"]), "languages", "each once"),
    ("an unknown language", tour(languages=["fr"]), "languages", "es, en"),
    ("no title", tour(title={"es": " "}), "title", "a text"),
]  # fmt: skip


@pytest.mark.parametrize(("label", "broken", "field", "expected"), BROKEN, ids=[case[0] for case in BROKEN])
def test_a_broken_tour_is_rejected_naming_file_record_and_field_and_the_others_load(
    tmp_path, label, broken, field, expected
):
    broken = {**broken, "id": "tour-bad"}
    catalog = _load(tmp_path, [tour("tour-good", views=("site=site-two",)), broken])
    assert list(catalog.tours) == ["tour-good"]
    assert catalog.sites.keys() == {"site-one", "site-two"}  # nothing else is lost
    faults = [r for r in catalog.rejections if r.record == "tour-bad"]
    assert faults, [str(r) for r in catalog.rejections]
    assert {r.file for r in faults} == {"d/tours/tour-bad.json"}
    assert field in [r.field for r in faults], [str(r) for r in faults]
    assert any(expected in r.expected for r in faults if r.field == field), [str(r) for r in faults]
    assert all(r.dropped == RECORD for r in faults)


def test_an_unknown_field_is_dropped_and_the_tour_shown_as_every_record_kind_does(tmp_path):
    catalog = _load(tmp_path, [tour(colour="red")])
    assert list(catalog.tours) == ["tour-one"]
    (fault,) = catalog.rejections
    assert (fault.record, fault.field, fault.record_shown) == ("tour-one", "colour", True)


def test_a_tour_at_a_site_that_was_rejected_names_the_site_it_depended_on(tmp_path):
    catalog = _load(tmp_path, [tour(views=("site=site-two",))], sites=[site(), site("site-two", category="nope")])
    (fault,) = [r for r in catalog.rejections if r.record == "tour-one"]
    assert (fault.field, fault.got) == ("steps[0].view", "site-two")
    assert fault.cause == "depends on site 'site-two', which was not loaded"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("tours/tour-one.json", "{not json", "valid JSON"),
        ("tours/tour-one.json", '{"tour": []}', 'an object with a list "tours"'),
        ("tours/other-name.json", None, "the tour the file is named after"),
    ],
)
def test_a_broken_tour_file_is_one_rejection_and_the_other_tours_load(tmp_path, name, content, expected):
    import json

    root = write_data(tmp_path / "d", sites=TWO_SITES, tours=[tour("tour-two")])
    write_file(root, name, content if content is not None else json.dumps({"tours": [tour("tour-one")]}))
    catalog = load_catalog(root)
    assert list(catalog.tours) == ["tour-two"]
    (fault,) = catalog.rejections
    assert fault.file == f"d/{name}"
    assert expected in fault.expected


def test_a_tour_loads_with_its_steps_views_in_url_order():
    catalog_tour = tour(views=({"site": "site-one", "zoom": 9, "layers": ["sites", "routes"]}, "?day=1973-09-12"))
    assert read_view(catalog_tour["steps"][0]["view"]) == (("site", "site-one"), ("zoom", "9"), ("layers", "routes,sites"))
    assert read_view("?day=1973-09-12") == (("day", "1973-09-12"),)
    assert read_view("") == ()  # the default view


def test_a_step_applies_its_view_and_keeps_the_visitors_language_and_modes(tmp_path):
    catalog = _load(tmp_path, [tour(views=("day=1973-09-12&site=site-one&zoom=9", "cat=memorial"))])
    visitor = ViewState(lang="en", classroom=True, embed=True, region="Maule", text="x", site="site-two")
    first = step_state(catalog.tours["tour-one"], 1, visitor)
    assert first == ViewState(
        day=dt.date(1973, 9, 12), site="site-one", zoom=9, lang="en", classroom=True, embed=True, tour="tour-one", step=1
    )
    second = step_state(catalog.tours["tour-one"], 2, first)
    assert (second.site, second.day, second.categories, second.step) == ("", None, frozenset({"memorial"}), 2)


def test_a_link_with_only_the_tour_opens_the_step_and_a_link_with_a_view_keeps_it(tmp_path):
    tours = _load(tmp_path, [tour(views=("site=site-one", "site=site-two&day=1973-09-12"))]).tours
    params = {"tour": "tour-one", "step": "2", "lang": "en"}
    state, notices = from_params(params, tours=tours)
    assert (notices, state.step) == ([], 2)
    opened = opening_view(state, params, tours)
    assert (opened.site, opened.day, opened.lang) == ("site-two", dt.date(1973, 9, 12), "en")
    changed = {**params, "site": "site-one"}  # the visitor chose another site at step 2
    assert opening_view(from_params(changed, tours=tours)[0], changed, tours).site == "site-one"


@pytest.mark.parametrize(
    ("params", "tour_id", "step", "notice"),
    [
        ({"tour": "tour-one"}, "tour-one", 1, None),  # no step: the first
        ({"tour": "tour-one", "step": "3"}, "tour-one", None, "step"),  # past the last: the first, with a notice
        ({"tour": "tour-one", "step": "0"}, "tour-one", 1, "step"),
        ({"tour": "no-such-tour", "step": "1"}, "", None, "tour"),
        ({"step": "2"}, "", None, "step"),  # a step of no tour
    ],
)
def test_a_tour_link_that_does_not_fit_falls_back_with_a_notice(tmp_path, params, tour_id, step, notice):
    tours = _load(tmp_path, [tour(views=("site=site-one", "site=site-two"))]).tours
    state, notices = from_params(params, tours=tours)
    assert state.tour == tour_id
    assert state.step == (step or (1 if tour_id else None))
    assert [n.split("=")[0] for n in notices] == ([notice] if notice else [])
    if tour_id:
        assert to_params(state)["step"] == str(state.step)


@pytest.fixture(scope="module")
def record():
    return load_catalog()


def test_the_bundled_tours_load_whole(record):
    assert sorted(record.tours) == ["campos-de-prisioneros", "caravana-de-la-muerte", "santiago-primeras-semanas"]
    assert not [str(r) for r in record.rejections if "tours/" in r.file]
    for item in record.tours.values():
        assert item.languages == ("es", "en")
        for step in item.steps:
            assert step.text.es
            assert step.text.en
            assert step.sources


def test_the_caravan_tour_follows_both_legs_stop_by_stop(record):
    """Each stop of the two legs that the route draws at a site is a step, on the stop's date, in order."""
    steps = record.tours["caravana-de-la-muerte"].steps
    views = [dict(step.view) for step in steps]
    days = [view.get("day") or view.get("start") for view in views]
    ends = [view.get("day") or view.get("end") for view in views]
    assert ends == sorted(ends)
    north = record.routes["caravana-de-la-muerte-norte"]
    for stop in north.stops:
        if stop.site:
            (view,) = [view for view in views if view.get("site") == stop.site]
            assert (view.get("day") or view.get("start")) == stop.date.iso()
    south = record.routes["caravana-de-la-muerte-sur"]
    assert days[0] == south.stops[0].date.iso()
    assert {"1973-10-02", "1973-10-03", "1973-10-04"} <= set(days)  # Linares, Valdivia, Cauquenes


def test_every_step_cites_a_source_the_site_or_its_events_cite(record):
    """A step at a site rests on what the record says of it: one of its citations is the site's or an event's there."""
    for item in record.tours.values():
        for number, step in enumerate(item.steps, start=1):
            site_id = dict(step.view).get("site")
            if not site_id:
                continue
            cited = {c.source for c in record.sites[site_id].citations()}
            cited |= {c.source for event in record.events_at(site_id) for c in event.sources}
            cited |= {c.source for route in record.routes.values() for c in route.citations()}
            assert cited & {c.source for c in step.sources}, f"{item.id} step {number} ({site_id})"
