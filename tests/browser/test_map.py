"""What a visitor sees, in Chromium: markers, a site's card, the date range, a phone screen."""

from __future__ import annotations

import datetime as dt

import pytest

from mapapp.filters import Filter, filter_catalog
from mapapp.load import load_catalog

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def in_view() -> int:
    catalog = load_catalog()
    return len(filter_catalog(catalog, Filter()).sites)


def wait_for_markers(page, expected: int) -> int:
    """Wait until the map draws `expected` sites (each alone or in a cluster); return how many it draws."""
    return page.sites_shown(expected)


def wait_for_count(page, expected: int) -> None:
    """Wait until the map draws exactly `expected` sites."""
    page.sites_shown(expected)


def clustered(page) -> tuple[int, int]:
    """Return the sites the map draws as counted by its marks: the numbers on its clusters plus
    the markers drawn alone, and how many clusters there are."""
    frame = page.frame()
    still = "() => { const g = window.__mapappSites.groups.clusters; return !g._inZoomAnimation && !g._map._animatingZoom; }"
    last = None
    for _ in range(50):  # read until the map has stopped moving and two readings agree
        frame.wait_for_function(still, timeout=10000)
        numbers = [int(text) for text in frame.locator(".site-cluster").all_inner_texts()]
        reading = (sum(numbers) + frame.locator(".site-marker").count(), len(numbers))
        if reading == last:
            return reading
        last = reading
        page.page.wait_for_timeout(300)
    return last


def test_every_site_in_view_is_drawn_with_the_network_cut(server, visit, in_view):
    page = visit(f"{server.url}/?lang=en")
    assert wait_for_markers(page, in_view) == in_view
    total, clusters = clustered(page)
    assert clusters >= 1
    assert total == in_view  # each site is one marker, or counted once in one cluster
    communes = page.map.locator(".leaflet-communes-pane canvas, .leaflet-communes-pane path")
    communes.first.wait_for(timeout=30000)  # the communes base layer, fetched from the app once
    assert not [url for url in page.blocked if "leaflet" in url]  # Leaflet came from the app itself
    page.shot("map-en")


def test_clicking_la_moneda_opens_its_card_with_testimony_and_sources(server, visit):
    name = load_catalog().sites["la-moneda"].name.en
    assert len(filter_catalog(load_catalog(), Filter(text=name)).sites) == 1
    page = visit(f"{server.url}/?lang=en")
    page.page.get_by_label("Search by name or place").fill(name)
    page.page.keyboard.press("Enter")
    page.settle()
    wait_for_count(page, 1)
    marker = page.reveal("la-moneda")
    assert marker.get_attribute("aria-label") == f"{name}, Seat of power"  # a name for screen readers
    page.click_on_map(marker)
    popup = page.map.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10000)
    assert "La Moneda" in popup.inner_text()
    card = page.page.locator("article.site-card[data-site='la-moneda']")
    card.wait_for(timeout=30000)
    text = card.inner_text()
    assert "Testimony" in text
    assert "Sources" in text
    assert card.locator("ul.sources a[href^='http']").count() >= 1
    assert card.locator(".testimony").count() >= 2
    card.scroll_into_view_if_needed()
    page.shot("card-la-moneda")


def test_narrowing_the_dates_removes_markers_and_widening_brings_them_back(server, visit, in_view):
    page = visit(f"{server.url}/?lang=en")
    assert wait_for_markers(page, in_view) == in_view
    end_thumb = page.page.locator("[data-testid='stSlider'] input[type='range']").nth(1)
    frame = page.page.locator('iframe[title="streamlit_folium.st_folium"]')
    frame.evaluate("f => { f.contentWindow.__still_mounted = true; }")
    end_thumb.focus()
    page.page.keyboard.press("Home")  # the end of the span moves back to 11 Sep 1973
    page.settle()
    expected = len(filter_catalog(load_catalog(), Filter(end=Filter().start)).sites)
    assert expected < in_view
    wait_for_count(page, expected)
    assert clustered(page)[0] == expected  # the clusters count the sites still drawn
    page.shot("map-11-sep-1973")
    end_thumb.focus()
    page.page.keyboard.press("End")  # the slider now ends with the dictatorship: what came after is a switch
    page.settle()
    to_1990 = len(filter_catalog(load_catalog(), Filter(end=dt.date(1990, 3, 11))).sites)
    wait_for_count(page, to_1990)
    page.page.get_by_text("Include what came after 1990 (memorials)").click()
    page.settle()
    assert wait_for_markers(page, in_view) == in_view
    # Only the markers changed: the map (its iframe, its Leaflet map) was never rebuilt.
    assert frame.evaluate("f => f.contentWindow.__still_mounted === true")


def test_phone_screen_shows_the_map_and_a_card(server, visit):
    page = visit(f"{server.url}/?lang=es", viewport=(375, 812))
    page.map.locator(".site-cluster, .site-marker").first.wait_for(timeout=30000)
    box = page.page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    page.shot("phone-map")
    assert box
    assert box["width"] >= 300
    assert box["height"] >= 300
    chooser = page.page.get_by_label("Sitio", exact=True)  # the list of sites in view, typed into
    chooser.click()
    chooser.fill("Moneda")
    page.page.get_by_role("option", name="Palacio de La Moneda").first.click()
    page.settle()
    card = page.page.locator("article.site-card[data-site='la-moneda']")
    card.wait_for(timeout=30000)
    card_box = card.bounding_box()
    assert card_box
    assert card_box["width"] <= 375
    card.scroll_into_view_if_needed()
    page.shot("phone-card")


def test_offline_setting_draws_the_base_layer_without_tiles(offline_server, visit, in_view):
    page = visit(f"{offline_server.url}/?lang=en")
    assert wait_for_markers(page, in_view) == in_view
    assert page.map.locator(".leaflet-tile").count() == 0
    page.map.locator(".leaflet-communes-pane canvas, .leaflet-communes-pane path").first.wait_for(timeout=30000)
    assert not [url for url in page.blocked if "tile" in url]
    page.shot("map-offline")


def test_the_victims_layer_draws_the_places_of_the_people_in_the_span(server, visit):
    from mapapp.victims import load_layer
    from mapapp.victims_map import view_code

    start, end = dt.date(1973, 9, 11), dt.date(1973, 9, 30)
    expected = view_code(load_layer(), start, end).count("1")
    assert expected > 100
    page = visit(f"{server.url}/?lang=en&layers=sites,victims&start={start}&end={end}")
    shown = (
        "n => { const f = document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]');"
        " const w = f && f.contentWindow; return !!(w && w.__mapappVictims && w.__mapappVictims.shown() === n); }"
    )
    page.page.wait_for_function(shown, arg=expected, timeout=60000)
    assert page.page.get_by_text("Victims layer: Freire", exact=False).count() >= 1
    page.shot("map-victims-sep-1973")


def test_the_timeline_marks_the_span_without_being_drawn_again(server, visit, in_view):
    page = visit(f"{server.url}/?lang=en")
    assert wait_for_markers(page, in_view) == in_view
    chart = page.page.locator("[data-testid='stVegaLiteChart']").first
    chart.locator("canvas").wait_for(timeout=30000)
    chart.scroll_into_view_if_needed()
    chart.evaluate("e => { e.querySelector('canvas').__kept = true; }")
    before = chart.screenshot()
    end_thumb = page.page.locator("[data-testid='stSlider'] input[type='range']").nth(1)
    end_thumb.focus()
    page.page.keyboard.press("Home")
    page.settle()
    wait_for_count(page, len(filter_catalog(load_catalog(), Filter(end=Filter().start)).sites))
    chart.scroll_into_view_if_needed()
    # The shading of the whole dictatorship goes (the span is now one day), once the chart has
    # swapped its data, which it does after the map: polled, up to 10 s.
    for _ in range(50):
        if chart.screenshot() != before:
            break
        page.page.wait_for_timeout(200)  # polling a canvas: no DOM change to wait on
    else:
        pytest.fail("the chart still shades the whole dictatorship")
    # ...and it is the same chart, its span data swapped in place (not drawn again from scratch).
    assert chart.evaluate("e => e.querySelector('canvas').__kept === true")


def test_sites_at_one_point_are_one_numbered_cluster_that_opens_to_each_of_them(server, visit):
    catalog = load_catalog()
    by_point: dict = {}
    for site in filter_catalog(catalog, Filter()).sites:
        by_point.setdefault((site.lat, site.lon), []).append(site)
    shared = max(by_point.values(), key=len)  # the most sites on one point (a town's coordinate)
    assert len(shared) >= 3
    commune = shared[0].commune
    page = visit(f"{server.url}/?lang=en&q={commune}")
    in_commune = len(filter_catalog(catalog, Filter(text=commune)).sites)
    wait_for_count(page, in_commune)
    assert clustered(page)[0] == in_commune
    # Clicking the clusters that hold the last of them, as a visitor would, spreads them out at
    # their point: each is then drawn alone, apart from the others, and opens its card.
    last = shared[-1]
    marker = page.reveal(last.id)
    assert marker.get_attribute("aria-label") == f"{last.name.en}, {_category(last.category)}"
    centres = []
    for site in shared:
        box = page.map.locator(f".site-marker[aria-label={_quoted(site.name.en + ', ' + _category(site.category))}]")
        box = box.first.bounding_box()
        centres.append((box["x"] + box["width"] / 2, box["y"] + box["height"] / 2))
    closest = min(
        ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(centres) for b in centres[i + 1 :]
    )
    assert closest >= 12, centres  # apart enough to see and click each one
    page.click_on_map(marker)
    page.page.locator(f"article.site-card[data-site='{last.id}']").wait_for(timeout=30000)
    # The chosen site is drawn apart from the clusters, ringed, wherever the map is.
    page.map.locator(".chosen-site").wait_for(timeout=30000)
    assert page.frame().evaluate(
        "() => window.__mapappSites.groups.chosen.getLayers().map(m => m.feature.id)"
    ) == [last.id]


def test_a_cluster_opens_from_the_keyboard_and_focus_goes_to_its_first_site(server, visit):
    page = visit(f"{server.url}/?lang=en")
    page.sites_shown()
    cluster = page.map.locator(".site-cluster").first
    cluster.wait_for(timeout=30000)
    label = cluster.get_attribute("aria-label")
    count = int(cluster.inner_text())
    assert label == f"{count} sites here: press Enter to show them"
    for _ in range(12):  # Enter on a cluster zooms to its sites, until one is drawn alone and focused
        page.page.locator(FRAME_SELECTOR).scroll_into_view_if_needed()
        cluster.focus()
        page.page.keyboard.press("Enter")
        page.page.wait_for_timeout(900)  # the zoom or spread animation
        focused = page.frame().evaluate("() => document.activeElement && document.activeElement.className")
        if "site-marker" in str(focused):
            break
        assert "site-cluster" in str(focused), focused  # focus stays on the map, on the next cluster
        cluster = page.map.locator(".site-cluster:focus")
    else:
        pytest.fail("twelve presses of Enter did not reach a site")
    page.page.keyboard.press("Enter")  # Enter on the site opens its card, as a click does
    page.page.locator("article.site-card").wait_for(timeout=30000)


FRAME_SELECTOR = 'iframe[title="streamlit_folium.st_folium"]'


def _category(category: str) -> str:
    from mapapp.i18n import t

    return t("category." + category, "en")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
