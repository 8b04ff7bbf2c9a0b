"""The app behind nginx with two replicas (scripts/serve.py, `make serve`): a visit works whole through
the proxy and stays on one replica, the proxy serves the static files with long lifetimes, and
every response carries the security headers without the CSP breaking anything.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
import urllib.request

import pytest
from conftest import FRAME, free_port
from serving import Deployment, cookie_of, log_lines, upstreams_of

from mapapp.filters import Filter, filter_catalog
from mapapp.load import load_catalog

pytestmark = pytest.mark.browser

CHOSEN = "la-moneda"  # a seat of power on 11 Sep 1973
YEAR = 365 * 24 * 3600


@pytest.fixture(scope="module")
def deployment(artifacts):
    served = Deployment(replicas=2).start()
    yield served
    served.stop()


def watch(page) -> dict:
    """Record every response the page gets and every CSP violation the browser reports (any frame)."""
    seen = {"responses": [], "csp": []}
    page.page.on("response", lambda response: seen["responses"].append(response))
    page.page.on(
        "console", lambda message: "Content Security Policy" in message.text and seen["csp"].append(message.text)
    )
    return seen


def test_a_visit_through_the_proxy_loads_the_map_moves_the_slider_opens_a_card_on_one_replica(deployment, visit):
    catalog = load_catalog()
    page = visit("about:blank", app=False)
    seen = watch(page)
    page.open(f"{deployment.url}/?lang=en")
    everything = page.sites_shown()
    end_thumb = page.page.locator("[data-testid='stSlider'] input[type='range']").nth(1)
    end_thumb.focus()
    page.page.keyboard.press("Home")  # the span now ends on 11 Sep 1973
    page.settle()
    on_the_day = filter_catalog(catalog, Filter(end=Filter().start)).sites
    assert CHOSEN in {site.id for site in on_the_day}
    assert page.sites_shown(len(on_the_day)) < everything
    chooser = page.page.get_by_label("Site", exact=True)  # the list of the sites in view, typed into
    chooser.click()
    chooser.fill("Moneda")
    page.page.get_by_role("option", name=catalog.sites[CHOSEN].name.en).first.click()
    page.settle()
    page.page.locator(f"article.site-card[data-site='{CHOSEN}']").wait_for(timeout=30000)
    assert f"site={CHOSEN}" in page.page.url
    assert not seen["csp"], seen["csp"]
    assert not page.blocked or all("tile.openstreetmap.org" in url for url in page.blocked)
    page.shot("proxy-card")
    # Every request of this visitor, its websocket included (logged when it closes), reached one replica.
    key = cookie_of(page.context)
    page.context.close()
    time.sleep(0.5)
    assert len(upstreams_of(deployment, key)) == 1
    assert any(line["path"] == "/_stcore/stream" for line in log_lines(deployment) if line["key"] == key)


def test_new_visitors_are_spread_over_both_replicas_and_one_without_the_cookie_stays_on_one(deployment):
    keys = []
    for _ in range(30):  # thirty first visits: each gets a cookie of its own
        with urllib.request.urlopen(f"{deployment.url}/_stcore/health", timeout=5) as answer:
            keys.append(answer.headers["Set-Cookie"].split(";")[0].split("=")[1])
    for key in keys:
        request = urllib.request.Request(f"{deployment.url}/_stcore/health", headers={"Cookie": f"mapapp_replica={key}"})
        urllib.request.urlopen(request, timeout=5).close()
    served = set().union(*(upstreams_of(deployment, key) for key in keys))
    assert served == {f"127.0.0.1:{replica.port}" for replica in deployment.replicas}
    # Without the cookie (refused as a third-party cookie), this machine's address is the key.
    assert len(upstreams_of(deployment, "127.0.0.1")) == 1


def test_every_response_carries_the_security_headers_and_static_files_are_cached_by_the_proxy(deployment, visit):
    page = visit("about:blank", app=False)
    seen = watch(page)
    page.open(f"{deployment.url}/?lang=en")
    page.sites_shown()
    responses = [r for r in seen["responses"] if r.url.startswith(deployment.url)]
    for response in responses:
        headers = response.all_headers()
        assert headers.get("x-content-type-options") == "nosniff", response.url
        assert headers.get("referrer-policy") == "strict-origin-when-cross-origin", response.url
        assert "frame-ancestors *" in headers.get("content-security-policy", ""), response.url
    by_path = {r.url.removeprefix(deployment.url).split("?")[0]: r for r in responses}
    for prefix, content_type in [
        ("/app/static/cache/", "application/json"),
        ("/app/static/js/", "application/javascript"),
        ("/static/js/", "application/javascript"),
    ]:
        files = [r for path, r in by_path.items() if path.startswith(prefix)]
        assert files, f"the page fetched nothing under {prefix}"
        for response in files:
            headers = response.all_headers()
            assert headers["cache-control"] == f"max-age={YEAR}", response.url
            assert headers["content-type"].startswith(content_type), response.url
    vendor = [r for path, r in by_path.items() if path.startswith("/app/static/vendor/")]
    assert vendor
    assert all(r.all_headers()["cache-control"] == f"max-age={7 * 24 * 3600}" for r in vendor)
    # Served by nginx from disk: those requests never reached a replica.
    cache_paths = {path for path in by_path if path.startswith(("/app/static/", "/static/"))}
    assert all(line["upstream"] == "-" for line in log_lines(deployment) if line["path"].split("?")[0] in cache_paths)
    assert not seen["csp"], seen["csp"]
    page.page.wait_for_timeout(1000)
    assert not seen["csp"], seen["csp"]


@pytest.fixture
def lesson(tmp_path):
    """A page of another origin (a second local server, on `localhost`) that frames a URL given later."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()

    def page_framing(src: str) -> str:
        (tmp_path / "lesson.html").write_text(
            f'<!doctype html><title>Lesson</title><iframe id="map" src="{src}" width="900" height="900"></iframe>',
            encoding="utf-8",
        )
        return f"http://localhost:{httpd.server_address[1]}/lesson.html"

    yield page_framing
    httpd.shutdown()


@pytest.mark.parametrize(("ancestors", "framed"), [(None, True), ("'self'", False)], ids=["default", "self-only"])
def test_frame_ancestors_is_a_setting_any_origin_by_default(deployment, visit, lesson, ancestors, framed):
    other = None if ancestors is None else Deployment(replicas=1, frame_ancestors=ancestors).start()
    served = deployment if other is None else other
    try:
        page = visit(lesson(f"{served.url}/?embed=true&lang=en&site=la-moneda"), app=False)
        embedded = page.page.frame_locator("iframe#map")
        if framed:
            embedded.locator("article.site-card[data-site='la-moneda']").wait_for(timeout=60000)
            embedded.frame_locator(FRAME).locator(".leaflet-map-pane").wait_for(state="attached", timeout=60000)
        else:
            page.page.wait_for_timeout(5000)
            assert embedded.locator("[data-testid='stApp']").count() == 0
    finally:
        if other is not None:
            other.stop()
