"""The visitor's map: the card beside the map, the chosen site marked, stepping through the sites,
opening a card by click, tap and keyboard, the day on the map, the page's language.

Regressions (issue 16): the card appeared 1,300 px below the map and the chosen site was not
marked; Enter on a marker did not open its card; Spanish pages said lang="en"; day mode showed
no date on the map.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FRAME
from playwright.sync_api import expect

from mapapp.filters import Filter, filter_catalog, fold
from mapapp.load import load_catalog

pytestmark = pytest.mark.browser

QUERY = "lang=en&q=Pisagua"  # a handful of sites, spread over a small area


def in_order(lang: str = "en") -> list:
    """The sites the list shows for QUERY, in its order (by name)."""
    sites = filter_catalog(load_catalog(), Filter(text="Pisagua")).sites
    return sorted(sites, key=lambda site: fold(site.name.get(lang)))


def card_of(page, site_id: str):
    card = page.page.locator(f"article.site-card[data-site='{site_id}']")
    card.wait_for(timeout=30000)
    return card


def test_a_click_opens_the_card_beside_the_map_and_rings_the_site(server, visit):
    chosen = load_catalog().sites["estadio-nacional"]
    assert len(filter_catalog(load_catalog(), Filter(text=chosen.name.en)).sites) == 1
    page = visit(f"{server.url}/?lang=en&q={chosen.name.en}")
    page.sites_shown(1)
    page.click_on_map(page.reveal(chosen.id))
    card = card_of(page, chosen.id)
    box, frame = card.bounding_box(), page.page.locator(FRAME).bounding_box()
    assert box["x"] >= frame["x"] + frame["width"] - 1  # beside the map, not under it
    assert box["y"] < frame["y"] + frame["height"]  # and within the map's height
    page.map.locator(".chosen-site").wait_for(timeout=30000)  # the chosen site is ringed on the map
    page.shot("visitor-card-beside-map")


def test_previous_and_next_step_through_the_sites_in_view_and_back(server, visit):
    sites = in_order()
    page = visit(f"{server.url}/?{QUERY}&site={sites[0].id}")
    card_of(page, sites[0].id)
    for expected in [*sites[1:], sites[0]]:  # next, next, ... and round to the first again
        page.page.get_by_role("button", name="Next ›").click()
        card_of(page, expected.id)
        page.page.wait_for_function("id => location.search.includes('site=' + id)", arg=expected.id)
    page.page.get_by_role("button", name="‹ Previous").click()
    card_of(page, sites[-1].id)


def first_marker(page):
    """Return the marker of the list's first site, drawn alone (its clusters clicked open), scrolled
    into view, and that site."""
    chosen = in_order()[0]
    page.sites_shown(len(in_order()))
    marker = page.reveal(chosen.id)
    assert marker.get_attribute("aria-label").startswith(chosen.name.en)
    page.page.locator(FRAME).scroll_into_view_if_needed()
    return marker, chosen


def test_enter_on_a_focused_marker_opens_its_card(server, visit):
    page = visit(f"{server.url}/?{QUERY}")
    marker, chosen = first_marker(page)
    marker.focus()
    page.page.keyboard.press("Enter")
    card_of(page, chosen.id)
    # The keyboard's focus moves to the card, so a screen reader reads it next.
    page.page.wait_for_function("id => document.activeElement?.dataset?.site === id", arg=chosen.id, timeout=30000)
    # ...and a link after the card leads back to the start of the map.
    back = page.page.locator("a.back-to-map")
    back.focus()
    page.page.keyboard.press("Enter")
    page.page.wait_for_function("() => document.activeElement?.id === 'map-start'", timeout=30000)


def test_a_tap_on_a_phone_opens_the_card_as_a_sheet_over_the_map_and_closes_it(server, visit):
    page = visit(f"{server.url}/?{QUERY}", viewport=(390, 844), touch=True)
    for _ in range(2):  # a second time too: the sheet comes back after it was closed
        marker, chosen = first_marker(page)
        marker.tap()
        card = card_of(page, chosen.id)
        frame = page.page.locator(FRAME).bounding_box()
        assert frame["width"] >= 340  # the map takes the phone's width
        sheet = page.page.locator(".st-key-card-sheet").bounding_box()
        # A sheet over the bottom of the screen, while the map stays in view above it.
        assert sheet["y"] + sheet["height"] == pytest.approx(844, abs=2)
        assert sheet["height"] <= 844 * 0.5 + 2
        assert sheet["y"] > frame["y"]
        close = page.page.get_by_role("button", name="Close the card")
        expect(close).to_be_in_viewport()  # kept at the top of the sheet, however far the card scrolls
        page.shot("visitor-phone-card")
        close.tap()
        page.settle()
        expect(card).to_have_count(0, timeout=30000)
        page.page.wait_for_function("() => !location.search.includes('site=')", timeout=60000)  # the link follows


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_page_says_its_language_and_offers_a_way_past_the_map(server, visit, lang):
    page = visit(f"{server.url}/?lang={lang}")
    page.page.wait_for_function("lang => document.documentElement.lang === lang", arg=lang, timeout=30000)
    skip = page.page.locator("a.skip-link")
    assert skip.get_attribute("href") == "#sites-in-view"
    assert page.page.locator("#sites-in-view").count() == 1


def test_day_mode_shows_the_day_on_the_map_and_the_count_follows(server, visit):
    page = visit(f"{server.url}/?lang=en&day=1973-10-16")
    caption = page.map.locator(".map-caption")
    expect(caption).to_have_text("16 Oct 1973", timeout=30000)
    day = dt.date(1973, 10, 16)
    expected = len(filter_catalog(load_catalog(), Filter(start=day, end=day)).sites)
    expect(page.page.locator(".view-summary")).to_contain_text(f"{expected} sites in view")


def test_every_event_marker_is_named(server, visit):
    # Regression (issue 16): event markers had no accessible name.
    from mapapp.cards import event_title

    events = [e for e in filter_catalog(load_catalog(), Filter()).events if e.place is not None]
    assert events
    page = visit(f"{server.url}/?lang=en")
    markers = page.map.locator(".event-marker")
    expect(markers).to_have_count(len(events), timeout=30000)
    names = {markers.nth(i).get_attribute("aria-label") for i in range(len(events))}
    assert names == {event_title(event, "en") for event in events}
