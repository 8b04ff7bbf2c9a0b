"""A platform that speaks oEmbed embeds a view from its link alone: the answer's html, put in a
lesson page on another origin, shows that view's map and card."""

from __future__ import annotations

import functools
import http.server
import json
import threading
import urllib.request
from urllib.parse import urlencode

import pytest
from conftest import FRAME, free_port

pytestmark = pytest.mark.browser


@pytest.fixture
def lesson_host(tmp_path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield tmp_path, f"http://localhost:{httpd.server_address[1]}"
    httpd.shutdown()


def test_the_oembed_html_shows_the_view_in_a_lesson(server, visit, lesson_host):
    folder, origin = lesson_host
    link = f"{server.url}/map?site=la-moneda&lang=en"
    with urllib.request.urlopen(f"{server.url}/oembed?" + urlencode({"url": link, "format": "json"})) as answer:
        document = json.load(answer)
    (folder / "lesson.html").write_text(
        f"<!doctype html><title>Lesson</title><h1>Lesson</h1>{document['html']}", encoding="utf-8"
    )
    page = visit(f"{origin}/lesson.html", app=False)
    embedded = page.page.frame_locator("iframe")
    embedded.locator("article.site-card[data-site='la-moneda']").wait_for(timeout=60000)
    embedded.frame_locator(FRAME).locator(".site-cluster, .site-marker").first.wait_for(timeout=30000)
    assert embedded.get_by_text("Open the full map").count() == 1
    assert embedded.locator("[data-testid='stSidebar'] [data-testid='stSlider']").count() == 0
    # Nothing is fetched from another host but the map's tiles (cut here; the communes are drawn instead).
    assert [url for url in page.blocked if not url.startswith("https://tile.openstreetmap.org/")] == []
    page.shot("oembed-in-lesson")
