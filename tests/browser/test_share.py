"""What an educator shares: a link that restores a view, an embed on another site, an HTML file."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading

import pytest
from conftest import FRAME, free_port

from mapapp.cli import main
from mapapp.filters import filter_catalog
from mapapp.load import load_catalog
from mapapp.viewstate import ViewState, to_params

pytestmark = pytest.mark.browser

VIEW = ViewState(
    start=dt.date(1973, 9, 12),
    end=dt.date(1973, 12, 31),
    categories=frozenset({"prison-camp"}),
    site="chacabuco",
    lang="en",
)


def expected_count(state: ViewState) -> int:
    return len(filter_catalog(load_catalog(), state.filter()).sites)


def count_in(frame_locator, expected: int, exact: bool = True) -> int:
    """Return how many sites the map in `frame_locator` draws (in clusters or alone), once it draws
    `expected` (or, not `exact`, at least that many)."""
    frame_locator.locator(".site-cluster, .site-marker").first.wait_for(timeout=30000)
    compare = "===" if exact else ">="
    script = f"n => {{ const s = window.__mapappSites; return s && s.ready && s.shown() {compare} n; }}"
    handle = frame_locator.locator(".leaflet-map-pane").element_handle()
    frame = handle.owner_frame()
    frame.wait_for_function(script, arg=expected, timeout=30000)
    return frame.evaluate("window.__mapappSites.shown()")


# The sites an exported file draws: every marker in its cluster group (static/js/sites.js).
IN_EXPORT = "MemoryMap.map._memoryClusters.getLayers().length"


def test_a_shared_link_restores_its_view(server, visit):
    query = "&".join(f"{name}={value}" for name, value in to_params(VIEW).items())
    page = visit(f"{server.url}/?{query}")
    expected = expected_count(VIEW)
    assert 0 < expected < len(load_catalog().sites)
    assert count_in(page.map, expected) == expected
    thumbs = page.page.locator("[data-testid='stSlider'] input[type='range']")
    assert thumbs.nth(0).get_attribute("aria-valuetext") == "12/09/1973"
    assert thumbs.nth(1).get_attribute("aria-valuetext") == "31/12/1973"
    page.page.locator("article.site-card[data-site='chacabuco']").wait_for(timeout=30000)
    assert "start=1973-09-12" in page.page.url
    assert "site=chacabuco" in page.page.url
    page.shot("shared-link-chacabuco")


@pytest.fixture
def other_origin(tmp_path):
    """A second local web server, on another port: the page of a course that embeds the map."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield tmp_path, f"http://localhost:{httpd.server_address[1]}"
    httpd.shutdown()


def test_the_embed_view_works_inside_an_iframe_of_another_origin(server, visit, other_origin):
    folder, origin = other_origin
    state = ViewState(site="la-moneda", lang="en", embed=True)
    src = f"{server.url}/?" + "&".join(f"{name}={value}" for name, value in to_params(state).items())
    (folder / "lesson.html").write_text(
        f'<!doctype html><title>Lesson</title><h1>Lesson</h1><iframe id="map" src="{src}" width="900" height="900">'
        "</iframe>",
        encoding="utf-8",
    )
    page = visit(f"{origin}/lesson.html", app=False)
    embedded = page.page.frame_locator("iframe#map")
    embedded.locator("article.site-card[data-site='la-moneda']").wait_for(timeout=60000)
    assert count_in(embedded.frame_locator(FRAME), 1, exact=False) >= 1
    assert embedded.locator("[data-testid='stSidebar'] [data-testid='stSlider']").count() == 0
    link = embedded.get_by_text("Open the full map")
    assert link.count() == 1
    page.shot("embed-in-lesson")


def test_an_exported_file_opens_from_disk_and_its_slider_hides_and_shows_sites(visit, chromium, tmp_path):
    out = tmp_path / "map.html"
    assert (
        main(
            [
                "export",
                "--format",
                "html",
                "--start",
                "1973-09-12",
                "--end",
                "1973-09-30",
                "--lang",
                "en",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    page = visit(out.as_uri(), app=False)  # every host is cut: the file must draw the map on its own
    in_span = expected_count(ViewState(start=dt.date(1973, 9, 12), end=dt.date(1973, 9, 30)))
    everything = expected_count(ViewState())
    assert page.page.evaluate(IN_EXPORT) == in_span < everything
    page.page.eval_on_selector("#time-first", "e => { e.value = e.min; e.dispatchEvent(new Event('input')); }")
    page.page.eval_on_selector("#time-last", "e => { e.value = e.max; e.dispatchEvent(new Event('input')); }")
    assert page.page.evaluate(IN_EXPORT) == everything
    page.page.eval_on_selector("#time-last", "e => { e.value = e.min; e.dispatchEvent(new Event('input')); }")
    on_the_coup = expected_count(ViewState(start=dt.date(1973, 9, 11), end=dt.date(1973, 9, 11)))
    assert page.page.evaluate(IN_EXPORT) == on_the_coup
    page.shot("exported-file")


def test_the_maps_position_goes_into_the_link_when_asked(server, visit):
    page = visit(f"{server.url}/?lang=en")
    page.map.locator(".site-cluster, .site-marker").first.wait_for(timeout=30000)
    page.page.get_by_text("Share and download").click()
    page.page.get_by_text("Include the map's position and zoom in the link").click()
    page.settle()
    page.click_on_map(page.map.locator(".leaflet-control-zoom-in"))
    # The link may first show the zoom the map opened at (4); it must then follow the click.
    page.page.wait_for_function("() => location.search.includes('zoom=5')", timeout=30000)
    page.settle()
    assert "zoom=5" in page.page.url
    assert "center=" in page.page.url
