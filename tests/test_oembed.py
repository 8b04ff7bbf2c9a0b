"""oEmbed answers, without a server: the document, the embedded view, the errors, hostile links."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from mapapp.load import load_catalog
from mapapp.oembed import CACHE_AGE, HEIGHT, WIDTH, OembedError, answer, discovery_link
from mapapp.viewstate import ViewState, from_params

HOST = "maps.example.org"
APP = f"https://{HOST}/"
HOSTILE = "\"><script>alert(1)</script><img src=x onerror=alert(2)>`${alert(3)}`'&amp;\u202e"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()  # the real record


class Tags(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def ask(catalog, url: str, host: str = HOST, **extra) -> dict:
    return answer(parse_qs(urlencode({"url": url, **extra}), keep_blank_values=True), host, catalog)


def iframe_of(document: dict) -> dict:
    tags = Tags(document["html"]).tags
    assert [name for name, _ in tags] == ["iframe"]
    return tags[0][1]


def embedded_state(document: dict) -> ViewState:
    src = urlsplit(iframe_of(document)["src"])
    state, ignored = from_params(parse_qs(src.query))
    assert ignored == []
    assert f"{src.scheme}://{src.netloc}{src.path}" == document["provider_url"]
    return state


@pytest.mark.parametrize(
    "query",
    [
        "site=estadio-nacional&lang=en",
        "start=1973-09-11&end=1975-12-31&cat=prison-camp,memorial&region=Antofagasta",
        "day=1973-10-16&q=%C3%81lamos&center=-33.45,-70.66&zoom=12&layers=sites,victims",
        "person=25&classroom=true&lang=es",
        "",
    ],
)
@pytest.mark.parametrize("path", ["", "/", "/map"])
def test_the_iframe_shows_the_same_view_embedded(catalog, query, path):
    url = f"https://{HOST}{path}" + (f"?{query}" if query else "")
    document = ask(catalog, url, format="json")
    expected, _ = from_params(parse_qs(query), catalog.sites)
    assert embedded_state(document) == ViewState(**{**expected.__dict__, "embed": True})
    assert document["version"] == "1.0"
    assert document["type"] == "rich"
    assert document["provider_url"] == APP
    assert (document["width"], document["height"]) == (WIDTH, HEIGHT)
    assert document["cache_age"] == CACHE_AGE
    assert iframe_of(document)["title"] == document["title"]


def test_the_title_says_what_the_view_shows(catalog):
    english = ask(catalog, f"{APP}?site=estadio-nacional&lang=en&start=1973-09-11&end=1973-12-31")
    assert english["title"].startswith("Memory map: Chile 1973-1990 - ")
    assert catalog.sites["estadio-nacional"].name.en in english["title"]
    assert "1973" in english["title"]
    spanish = ask(catalog, f"{APP}?region=Antofagasta&cat=memorial")
    assert spanish["provider_name"] == "Mapa de la memoria: Chile 1973-1990"
    assert "Antofagasta" in spanish["title"]
    assert "Memorial o museo" in spanish["title"]


def test_ignored_parameters_are_dropped(catalog):
    document = ask(catalog, f"{APP}?site=no-such-site&zoom=99&lang=xx&start=1973-13-45&region=Atlantis&utm_source=x")
    assert embedded_state(document) == ViewState(embed=True)
    assert urlsplit(iframe_of(document)["src"]).query == "embed=true"


@pytest.mark.parametrize(
    ("maxwidth", "maxheight", "size"),
    [
        ("", "", (WIDTH, HEIGHT)),
        ("400", "", (400, 300)),
        ("", "300", (400, 300)),
        ("2000", "2000", (WIDTH, HEIGHT)),  # a maximum is not a wish to grow
        ("640", "200", (266, 200)),
        ("1", "1", (1, 1)),
    ],
)
def test_the_size_keeps_within_the_maxima(catalog, maxwidth, maxheight, size):
    document = ask(catalog, APP, maxwidth=maxwidth, maxheight=maxheight)
    assert (document["width"], document["height"]) == size
    frame = iframe_of(document)
    assert (int(frame["width"]), int(frame["height"])) == size


@pytest.mark.parametrize(
    ("url", "extra", "status"),
    [
        ("https://elsewhere.example/?site=estadio-nacional", {}, 404),
        (f"https://{HOST}.evil.example/", {}, 404),
        (f"https://{HOST}:8443/", {}, 404),
        (f"https://{HOST}/rejected", {}, 404),
        (f"https://{HOST}/map/../../etc/passwd", {}, 404),
        (f"ftp://{HOST}/", {}, 404),
        (f"javascript://{HOST}/%0aalert(1)", {}, 404),
        (f"//{HOST}/", {}, 404),
        ("", {}, 400),
        (f"https://{HOST}:99999/", {}, 400),
        (APP, {"maxwidth": "-5"}, 400),
        (APP, {"maxheight": "12px"}, 400),
        (APP, {"maxwidth": "0"}, 400),
        (APP, {"maxwidth": "\u00b2"}, 400),  # a digit to str.isdigit, not to int()
        (APP, {"maxheight": "9" * 5000}, 400),  # longer than int() reads
        (APP, {"format": "xml"}, 501),
        (APP, {"format": "yaml"}, 501),
    ],
)
def test_errors_follow_the_specification(catalog, url, extra, status):
    with pytest.raises(OembedError) as error:
        ask(catalog, url, **extra)
    assert error.value.status == status


def test_a_missing_url_and_a_repeated_one_are_malformed(catalog):
    for query in ({}, {"url": [APP, APP]}, {"url": ["x" * 5000]}):
        with pytest.raises(OembedError) as error:
            answer(query, HOST, catalog)
        assert error.value.status == 400


@pytest.mark.parametrize("host", ["", "maps.example.org:port", "[::1", "maps.example.org:99999"])
def test_a_host_header_that_is_no_host_matches_no_link(catalog, host):
    with pytest.raises(OembedError) as error:
        ask(catalog, APP, host=host)
    assert error.value.status == 404


def test_the_port_and_a_proxy_that_ends_tls(catalog):
    assert ask(catalog, "http://127.0.0.1:8501/?lang=en", host="127.0.0.1:8501")["provider_url"] == "http://127.0.0.1:8501/"
    # Behind a proxy the app is asked over http for its https link: the link's scheme stays.
    assert ask(catalog, f"https://{HOST.upper()}/", host=HOST)["provider_url"].lower() == APP
    assert ask(catalog, f"https://{HOST}:443/", host=HOST)["provider_url"] == f"https://{HOST}:443/"


@pytest.mark.parametrize("parameter", ["q", "site", "region", "lang", "start", "person", "center", "utm"])
def test_hostile_parameter_values_stay_inert(catalog, parameter):
    document = ask(catalog, f"{APP}?" + urlencode({"lang": "en", parameter: HOSTILE}))
    tags = Tags(document["html"]).tags
    assert [name for name, _ in tags] == ["iframe"]
    assert set(tags[0][1]) == {"src", "width", "height", "style", "loading", "title", "allow"}
    assert "<script" not in document["html"]
    assert "\u202e" not in document["html"]
    src = urlsplit(tags[0][1]["src"])
    assert (src.scheme, src.netloc) == ("https", HOST)
    if parameter == "q":  # the one parameter that keeps any text: it round-trips, quoted
        assert parse_qs(src.query)["q"] == [HOSTILE.strip()]
        assert "<script>" in document["title"]  # JSON text, not HTML: the consumer escapes it


def test_the_discovery_link_is_escaped():
    link = discovery_link(f"{APP}oembed?url=\"><script>x</script>&format=json", title=HOSTILE)
    tags = Tags(link).tags
    assert [name for name, _ in tags] == ["link"]
    assert tags[0][1]["href"] == f"{APP}oembed?url=\"><script>x</script>&format=json"
    assert tags[0][1]["type"] == "application/json+oembed"
