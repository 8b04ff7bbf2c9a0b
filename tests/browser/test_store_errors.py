"""When part of the map cannot be fetched, the visitor is told on the map, and the rest still works.

Each case makes one request of the map fail in Chromium (a 404, a cut network, JSON that does
not parse) and checks that the map says which part is missing, in the map's language, while
the other layers are drawn and the page keeps answering.
"""

from __future__ import annotations

import pytest
from conftest import Visit

from mapapp.filters import Filter, filter_catalog
from mapapp.load import load_catalog
from mapapp.mapcalls import LABELS

pytestmark = pytest.mark.browser

LANG = "es"  # the app's default language, which the map is given today
COMMUNES = ".leaflet-communes-pane canvas, .leaflet-communes-pane path"


def _fail(how: str):
    def handle(route):
        if how == "network":
            route.abort()
        elif how == "invalid":
            route.fulfill(status=200, content_type="application/json", body='{"sites": [')
        else:
            route.fulfill(status=int(how), body="not here")

    return handle


@pytest.fixture
def failing(chromium):
    opened = []

    def make(pattern: str, how: str, url: str) -> tuple[Visit, list[str]]:
        page = Visit(chromium)
        opened.append(page)
        errors: list[str] = []
        page.page.on("pageerror", lambda error: errors.append(str(error)))
        page.page.route(pattern, _fail(how))
        return page.open(url), errors

    yield make
    for page in opened:
        page.context.close()


def _notice(page: Visit) -> str:
    notice = page.map.locator(".map-notice[role='alert']")
    notice.wait_for(timeout=30000)
    return notice.inner_text()


CASES = [  # (request that fails, how, the part named, the detail shown)
    ("**/app/static/cache/sites-*", "404", "sites", "404"),
    ("**/app/static/cache/sites-*", "invalid", "sites", LABELS[LANG]["invalid"]),
    ("**/app/static/cache/communes-*", "network", "communes", LABELS[LANG]["network"]),
    ("**/app/static/cache/victims-*", "500", "victims", "500"),  # fetched when the layer is switched on
]


@pytest.mark.parametrize(("pattern", "how", "part", "detail"), CASES, ids=[c[1] + "-" + c[2] for c in CASES])
def test_a_part_that_cannot_be_fetched_is_named_on_the_map(server, failing, pattern, how, part, detail):
    page, errors = failing(pattern, how, f"{server.url}/?lang={LANG}&layers=sites,victims")
    words = LABELS[LANG]
    text = _notice(page)
    assert text == words["failed"].format(parts=f"{words['parts'][part]} ({detail})")
    page.shot(f"store-error-{how}-{part}")
    if part == "sites":  # the communes still draw; no site can be drawn
        page.map.locator(COMMUNES).first.wait_for(timeout=30000)
        assert page.markers(".site-marker, .site-cluster") == 0
    else:  # every site is drawn over the missing base layer
        expected = len(filter_catalog(load_catalog(), Filter()).sites)
        assert page.sites_shown(expected) == expected
    # The page still answers: a rerun (the dates narrowed) runs and the notice is said once.
    end_thumb = page.page.locator("[data-testid='stSlider'] input[type='range']").nth(1)
    end_thumb.focus()
    page.page.keyboard.press("Home")
    page.settle()
    assert page.map.locator(".map-notice").count() == 1
    assert _notice(page) == text
    assert not errors, errors
