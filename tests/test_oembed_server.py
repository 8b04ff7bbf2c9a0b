"""oEmbed over HTTP: the real app started by `python -m mapui.server` on a free port, asked as a consumer asks.

No browser: plain HTTP requests. Marked `server` (it starts the app, a few seconds).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from browser.conftest import Server

from mapapp.viewstate import ViewState, from_params

pytestmark = pytest.mark.server
VIEW = "site=estadio-nacional&lang=en&start=1973-09-11&end=1974-12-31&cat=prison-camp,detention-centre"


class Tags(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def app():
    server = Server()
    yield server
    server.stop()


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def oembed(app, **query) -> tuple[int, dict, bytes]:
    return get(f"{app.url}/oembed?{urlencode(query)}")


def test_a_view_link_is_answered_with_its_embed(app):
    status, headers, body = oembed(app, url=f"{app.url}/map?{VIEW}", format="json", maxwidth="600", maxheight="900")
    assert status == 200
    assert headers["content-type"].startswith("application/json")
    document = json.loads(body)
    assert {key: document[key] for key in ("version", "type", "width", "height")} == {
        "version": "1.0",
        "type": "rich",
        "width": 600,
        "height": 450,
    }
    assert document["provider_url"] == f"{app.url}/"
    assert "National Stadium" in document["title"]
    assert isinstance(document["cache_age"], int)
    (tag, frame), *rest = Tags(document["html"]).tags
    assert (tag, rest) == ("iframe", [])
    src = urlsplit(frame["src"])
    state, ignored = from_params(parse_qs(src.query))
    expected, _ = from_params(parse_qs(VIEW))
    assert ignored == []
    assert state == ViewState(**{**expected.__dict__, "embed": True})
    # The embed address is a page of the app that serves the map.
    status, headers, page = get(frame["src"])
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    assert b'id="root"' in page


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"url": "https://elsewhere.example/map?site=estadio-nacional", "format": "json"}, 404),
        ({"url": "{app}/rejected", "format": "json"}, 404),
        ({"url": "{app}/?lang=en", "format": "xml"}, 501),
        ({"format": "json"}, 400),
        ({"url": "{app}/?lang=en", "maxwidth": "wide"}, 400),
    ],
)
def test_errors_have_the_specification_s_codes(app, query, status):
    asked = {key: value.format(app=app.url) for key, value in query.items()}
    assert oembed(app, **asked)[0] == status


def test_hostile_values_reach_the_html_escaped(app):
    hostile = '"><script>alert(1)</script>'
    status, _, body = oembed(app, url=f"{app.url}/?" + urlencode({"q": hostile, "site": hostile, "lang": hostile}))
    assert status == 200
    document = json.loads(body)
    assert "<script" not in document["html"]
    assert [name for name, _ in Tags(document["html"]).tags] == ["iframe"]


def test_the_map_page_names_its_oembed_answer(app):
    status, _, page = get(f"{app.url}/map?{VIEW}")
    assert status == 200
    head = page.decode("utf-8").split("</head>")[0]
    links = [attrs for tag, attrs in Tags(head).tags if tag == "link" and attrs.get("rel") == "alternate"]
    assert [link["type"] for link in links] == ["application/json+oembed"]
    status, _, body = get(links[0]["href"])  # the consumer follows it as written
    assert status == 200
    assert "National Stadium" in json.loads(body)["title"]
    assert b"application/json+oembed" not in get(f"{app.url}/rejected")[2]
