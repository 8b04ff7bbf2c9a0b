"""Hostile text in every field and link comes out inert in the rendered map HTML."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser

import pytest
from sample import SOURCE, account, site, write_data

from mapapp.filters import Filter, filter_catalog
from mapapp.load import load_catalog
from mapapp.mapbuild import build_map

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>`${alert(3)}`\"' &amp; \\u0041 </div>"
TEXT = {"es": HOSTILE, "en": HOSTILE}
CITE = [{"source": "src-one", "at": HOSTILE}]
ALLOWED_TAGS = {
    "article",
    "h3",
    "p",
    "strong",
    "ul",
    "li",
    "a",
    "span",
    "em",
    "details",
    "summary",
    "section",
    "div",
    "br",
}


def hostile_site() -> dict:
    return site(
        name=TEXT,
        address=HOSTILE,
        commune=HOSTILE,
        summary=TEXT,
        location={"precision": "building", "sources": CITE, "note": TEXT, "boundary_note": TEXT},
        periods=[{"start": "1973-09-12", "end": "1973-11-09", "use": "repression", "sources": CITE, "note": TEXT}],
        today={"status": "monument", "decree": "2003", "note": TEXT, "sources": CITE},
        facts=[
            {
                "about": TEXT,
                "values": [{"value": HOSTILE, "sources": CITE, "note": TEXT}, {"value": "2", "sources": CITE}],
            }
        ],
        sources=CITE,
    )


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def layer_strings(html: str) -> list[str]:
    """Return every string in the GeoJSON data that the rendered page hands to Leaflet."""
    decoder, found = json.JSONDecoder(), []
    for match in re.finditer(r"_add\(|L\.geoJSON\(|MemoryMap\.siteLayer\(\w+, ", html):
        data, _ = decoder.raw_decode(html, match.end())
        for feature in data["features"]:
            found.extend(value for value in feature["properties"].values() if isinstance(value, str))
    return found


def assert_inert(fragment: str) -> None:
    parser = Tags()
    parser.feed(fragment)
    for tag, attrs in parser.found:
        assert tag in ALLOWED_TAGS, f"unexpected <{tag}> in {fragment[:200]}"
        for name, value in attrs:
            assert not name.startswith("on"), name
            if name == "href":
                assert re.match(r"https?://", value), value
    for raw in ("`", "${", "</script", "\\"):
        assert raw not in fragment


def rendered(catalog, **options) -> str:
    return build_map(filter_catalog(catalog, Filter()), catalog, "es", **options).get_root().render()


@pytest.mark.parametrize("full_card", [True, False])
def test_hostile_text_in_every_field_is_inert(tmp_path, full_card):
    source = dict(SOURCE, title=HOSTILE, publisher=HOSTILE, url='https://example.org/a?q="><script>alert(4)</script>')
    item = account(summary=TEXT, witness={"kind": "survivor", "name": HOSTILE}, content_note="graphic")
    catalog = load_catalog(write_data(tmp_path / "d", sites=[hostile_site()], sources=[source], accounts=[item]))
    assert catalog.rejections == ()
    html = rendered(catalog, full_card=full_card)
    strings = layer_strings(html)
    for fragment in strings:  # site and event layers alike
        assert_inert(fragment)
    # The text is there, shown as text: in the name (and, in exported files, the whole card).
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in text for text in strings)
    assert any('class="site-card' in text for text in strings) is full_card
    # Nowhere in the page does the hostile text stand as markup or as code.
    for raw in ("<script>alert", "<img", "${alert", "`${"):
        assert raw not in html, raw


def test_links_that_are_not_http_are_written_as_plain_text(tmp_path):
    catalog = load_catalog(write_data(tmp_path / "d"))
    for bad in ("javascript:alert(1)", "data:text/html,<b>x</b>", " javascript:alert(1)", "JaVaScRiPt:alert(1)"):
        # The validator refuses these; the renderer must not trust that it did.
        poisoned = dataclasses.replace(
            catalog, sources={"src-one": dataclasses.replace(catalog.sources["src-one"], url=bad)}
        )
        card = next(text for text in layer_strings(rendered(poisoned)) if 'class="site-card' in text)
        assert_inert(card)
        assert "href" not in card
