"""A person's page (issue 18): found by a name typed wrong, opened from its link alone in a fresh
browser, their path drawn in order, and a stop followed to a site's card."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import expect

from mapapp.load import load_catalog
from mapapp.person_path import stops
from mapapp.victims import load_layer

pytestmark = pytest.mark.browser

# Every leg and stop of the person's path, in the order they were drawn (the feature groups the
# rerun added to the map), read from Leaflet itself: the legs are drawn on a canvas.
PATH_JS = """() => {
  const legs = [], stops = [];
  const walk = layer => {
    if (layer.getLayers) { layer.getLayers().forEach(walk); return; }
    if (layer.options && layer.options.className === 'person-leg') {
      legs.push(layer.getLatLngs().map(p => [+p.lat.toFixed(5), +p.lng.toFixed(5)]));
    }
    if (layer.feature && layer.feature.properties && layer.feature.properties.number) {
      const p = layer.getLatLng();
      stops.push([layer.feature.properties.number, +p.lat.toFixed(5), +p.lng.toFixed(5)]);
    }
  };
  (window.feature_group || []).forEach(walk);
  return {legs, stops};
}"""


@pytest.fixture(scope="module")
def person():
    """Víctor Jara: three places in the data, one of them a site of the record (the Chile Stadium)."""
    found = next(p for p in load_layer().people if p.id == 25)
    assert "Jara" in found.last_name
    return found


def test_a_misspelt_name_finds_the_person_whose_link_opens_their_page_and_path(server, visit, person):
    page = visit(f"{server.url}/?lang=en")
    box = page.page.get_by_role("textbox", name="Look up a person in the Rettig report by name")
    box.fill("victr jara")  # no accent, a letter missing, one surname, given name first
    box.press("Enter")
    page.settle()
    result = page.page.get_by_role("button", name=f"{person.name} ·")
    expect(result).to_have_count(1, timeout=30000)
    assert "12 Sep - 15 Sep 1973" in result.inner_text()  # enough to tell two people of one name apart
    result.click()
    page.settle()
    page.page.wait_for_function("() => new URL(location.href).searchParams.get('person') === '25'")
    link = page.page.url

    # The link alone, in a fresh browser (a new context: no session, no history).
    fresh = visit(link)
    panel = fresh.page.locator("section.person[data-person='25']")
    panel.wait_for(timeout=30000)
    assert person.name in panel.inner_text()
    expected = [s for s in stops(person, load_catalog()) if s.drawn]
    assert len(expected) >= 2
    frame = fresh.frame()
    frame.wait_for_function("() => document.querySelectorAll('.person-stop').length > 0", timeout=30000)
    drawn = frame.evaluate(PATH_JS)
    points = [(round(s.place.lat, 5), round(s.place.lon, 5)) for s in expected]
    assert [tuple(stop[1:]) for stop in sorted(drawn["stops"])] == points  # every stop, numbered in order
    legs = [pair for pair in itertools.pairwise(points) if pair[0] != pair[1]]
    assert [tuple(map(tuple, leg)) for leg in drawn["legs"]] == legs  # each leg from one stop to the next
    assert frame.locator(".person-arrow").count() == len(legs)  # with an arrow on each
    # The panel lists the places in the report's order, flagged ones said to be flagged.
    rows = fresh.page.locator("p.person-stop")
    expect(rows).to_have_count(len(stops(person, load_catalog())))
    for stop, row in zip(stops(person, load_catalog()), rows.all(), strict=True):
        assert row.inner_text().startswith(f"{stop.number}. {stop.place.label}")
        assert ("Flagged by the import" in row.inner_text()) is bool(stop.place.flags)

    # A stop that is a site of the record opens the site's card, from the map.
    site_stop = next(s for s in expected if s.site)
    marker = fresh.map.locator(f".person-stop[aria-label^='Stop {site_stop.number}:']")
    fresh.click_on_map(marker)
    fresh.page.locator(f"article.site-card[data-site='{site_stop.site}']").wait_for(timeout=30000)
    fresh.shot("person-page")


def test_an_unknown_person_number_says_so_and_the_rest_of_the_page_works(server, visit):
    page = visit(f"{server.url}/?lang=en&person=9999999")
    expect(page.page.get_by_text("The victims layer holds no person numbered 9999999.")).to_be_visible(timeout=30000)
    assert page.sites_shown() > 100
    assert page.page.locator("[data-testid='stException']").count() == 0
