"""A tour taken away: one HTML file with each step's map, text and sources, and a handout PDF with
one page per step."""

from __future__ import annotations

import re

import pytest
from sample import site, tour, write_data

from mapapp.load import load_catalog
from mapapp.tour_export import _frame, tour_handout, tour_html
from mapapp.viewstate import from_params

HOSTILE = '<script>alert("x")</script> & ${x}'


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    views = ("day=1973-09-12&site=site-one", "center=-33.45,-70.66&zoom=9", "region=Antofagasta")
    root = write_data(
        tmp_path_factory.mktemp("tour") / "d",
        sites=[site(), site("site-two", lon=-70.62, lat=-33.47)],
        tours=[tour(views=views, title={"es": HOSTILE, "en": HOSTILE})],
    )
    found = load_catalog(root)
    assert not found.rejections
    return found


def test_the_html_file_has_each_step_with_its_map_text_and_sources(catalog):
    page = tour_html(catalog, catalog.tours["tour-one"], "en", "http://example.org/app/")
    steps = re.findall(r'<section class="step" id="step-(\d)" data-step="\d"><h2>(.*?)</h2>', page)
    assert [number for number, _ in steps] == ["1", "2", "3"]
    assert "Step 1 of 3 · Site one · 12 Sep 1973" in steps[0][1]
    assert len(re.findall(r'<img alt="[^"]*" src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}">', page)) == 3
    assert "Step 2." in page
    assert '<span class="cite">[<a href="https://example.org/r"' in page  # the source, linked
    assert 'href="http://example.org/app/?tour=tour-one&amp;step=2&amp;lang=en"' in page
    assert "<script>" not in page  # the hostile title is text
    assert "&lt;script&gt;" in page
    assert "http" not in re.sub(r'(href|src)="[^"]*"', "", page).replace("example.org", "")  # nothing fetched


def test_the_handout_has_one_page_per_step(catalog):
    pdf = tour_handout(catalog, catalog.tours["tour-one"], "es")
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 3


@pytest.mark.parametrize(
    ("view", "inside", "width_under"),
    [
        ("site=site-one", (-33.46, -70.61), 0.5),  # a building: a street's frame
        ("center=-33.45,-70.66&zoom=9", (-33.45, -70.66), 1.0),
        ("region=Antofagasta", (-23.65, -70.4), 10),
        ("", (-53.16, -70.92), 80),  # the whole country, Punta Arenas in it
    ],
)
def test_a_step_map_is_framed_on_its_site_centre_or_region(catalog, view, inside, width_under):
    state, _ = from_params(dict(part.split("=") for part in view.split("&") if part))
    south, west, north, east = _frame(catalog, state)
    lat, lon = inside
    assert south < lat < north
    assert west < lon < east
    assert north - south < width_under
