"""The static site: every file is there, links resolve, nothing loads from another host, text is inert."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sample import SOURCE, site, write_data

from mapapp.load import load_catalog
from mapapp.model import REGIONS
from mapapp.publish import MARKER, PublishError, publish, region_slug

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>`${alert(3)}`\"' &amp; ../../etc </div>"
ELSEWHERE = {"es": "punto fuera de su comuna en la muestra", "en": "sample point outside its commune"}
OUR_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "ul", "li", "a", "section"}
OUR_TAGS |= {"article", "strong", "span", "em", "details", "summary", "div", "br"}  # the card's
OUR_TAGS |= {"footer", "script"}  # the licence; schema.org JSON-LD, the only script (tested below)
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
DATA_FILES = {"sites.csv", "sites.geojson", "events.csv", "sources.csv", "testimony.csv", "route-stops.csv"}


def sample_sites() -> list[dict]:
    hostile = {"es": HOSTILE, "en": HOSTILE}
    cite = [{"source": "src-one", "at": HOSTILE}]
    location = {"precision": "locality", "sources": cite, "boundary_note": ELSEWHERE}
    return [
        site("site-one"),
        site("site-hostile", name=hostile, summary=hostile, address=HOSTILE, commune=HOSTILE, location=location),
        site("site-coast", lon=-71.62, lat=-33.05, commune="Valparaíso", region="Valparaíso", location=location),
    ]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    source = dict(SOURCE, title=HOSTILE, publisher=HOSTILE, url='https://example.org/a?q="><script>alert(4)</script>')
    root = write_data(tmp_path_factory.mktemp("data"), sites=sample_sites(), sources=[source])
    found = load_catalog(root)
    assert found.rejections == ()
    assert len(found.sites) == 3
    return found


@pytest.fixture(scope="module")
def site_dir(catalog, tmp_path_factory) -> tuple[Path, list[Path]]:
    root = tmp_path_factory.mktemp("site") / "out"
    return root, publish(catalog, root)


class Page(HTMLParser):
    """The tags of a page, and the addresses it points at."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def addresses(self, tag: str, attribute: str) -> list[str]:
        return [attrs[attribute] for name, attrs in self.tags if name == tag and attrs.get(attribute)]


def pages(root: Path) -> dict[Path, Page]:
    return {path: Page(path.read_text(encoding="utf-8")) for path in sorted(root.rglob("*.html"))}


def is_elsewhere(address: str) -> bool:
    return bool(urlsplit(address).scheme or address.startswith("//"))


def test_every_file_is_written_and_returned(site_dir, catalog):
    root, written = site_dir
    expected = {"index.html", "es/map.html", "en/map.html", "datapackage.json"} | {f"data/{n}" for n in DATA_FILES}
    expected |= {f"sites/{site_id}.html" for site_id in catalog.sites}
    expected |= {f"embed/{region_slug(region)}.html" for region in REGIONS}
    on_disk = {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}
    assert on_disk == expected | {MARKER}
    assert sorted(path.relative_to(root).as_posix() for path in written) == sorted(expected)


@pytest.mark.parametrize(
    ("region", "slug"),
    [
        ("Ñuble", "nuble"),
        ("Biobío", "biobio"),
        ("Libertador General Bernardo O'Higgins", "libertador-general-bernardo-o-higgins"),
        ("Magallanes y de la Antártica Chilena", "magallanes-y-de-la-antartica-chilena"),
    ],
)
def test_region_slugs_are_plain_file_names(region, slug):
    assert region_slug(region) == slug


def test_every_region_has_its_own_embed():
    assert len({region_slug(region) for region in REGIONS}) == len(REGIONS)


def test_nothing_is_loaded_from_another_host(site_dir):
    for path, page in pages(site_dir[0]).items():
        loaded = [*page.addresses("script", "src"), *page.addresses("link", "href"), *page.addresses("iframe", "src")]
        loaded += page.addresses("img", "src")
        assert not [address for address in loaded if is_elsewhere(address)], path


def test_our_own_pages_have_no_script_and_only_inert_text(site_dir):
    root = site_dir[0]
    for path, page in pages(root).items():
        if path.parent.name in {"es", "en", "embed"}:
            continue  # the maps: standalone_html, tested in test_escape and test_core
        text = path.read_text(encoding="utf-8")
        assert {tag for tag, _ in page.tags} <= OUR_TAGS, path
        scripts = [attrs for tag, attrs in page.tags if tag == "script"]
        assert scripts == [{"type": "application/ld+json"}], path  # data, never code
        (data,) = JSON_LD.findall(text)
        assert json.loads(data)["@context"] == "https://schema.org"
        assert not re.search(r"[<>`$&]", data), path  # no text in it can end the element
        text = JSON_LD.sub("", text)
        assert not [name for _, attrs in page.tags for name in attrs if name.startswith("on")], path
        for raw in ("<script", "<img", "${alert", "`"):
            assert raw not in text, (path, raw)
    hostile_page = (root / "sites" / "site-hostile.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_page  # shown as text, in both languages


def test_links_between_pages_resolve_to_files(site_dir):
    root = site_dir[0]
    followed = 0
    for path, page in pages(root).items():
        for address in page.addresses("a", "href"):
            if is_elsewhere(address) or address.startswith("#"):
                continue
            target = (path.parent / urlsplit(address).path).resolve()
            assert target.is_file(), (path, address)
            assert target.is_relative_to(root.resolve()), (path, address)
            followed += 1
    assert followed >= 3 * 3 + 5 + len(REGIONS)  # site pages (back twice, two maps), index (maps, data, embeds)


def test_the_index_links_to_every_site_page(site_dir, catalog):
    index = Page((site_dir[0] / "index.html").read_text(encoding="utf-8"))
    assert {f"sites/{site_id}.html" for site_id in catalog.sites} <= set(index.addresses("a", "href"))


def test_each_site_page_holds_its_card_in_both_languages(site_dir, catalog):
    for site_id in catalog.sites:
        page = Page((site_dir[0] / "sites" / f"{site_id}.html").read_text(encoding="utf-8"))
        cards = [attrs for tag, attrs in page.tags if tag == "article"]
        assert [(card["data-site"], card["lang"]) for card in cards] == [(site_id, "es"), (site_id, "en")]


def test_the_data_files_parse_and_hold_every_site(site_dir, catalog):
    root = site_dir[0]
    rows = list(csv.DictReader(io.StringIO((root / "data" / "sites.csv").read_text(encoding="utf-8"))))
    assert sorted(row["id"] for row in rows) == sorted(catalog.sites)
    collection = json.loads((root / "data" / "sites.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert sorted(feature["id"] for feature in collection["features"]) == sorted(catalog.sites)


def test_the_maps_are_in_their_language_and_embeds_keep_to_their_region(site_dir):
    root = site_dir[0]
    assert "Mapa de la memoria" in (root / "es" / "map.html").read_text(encoding="utf-8")
    assert "Memory map" in (root / "en" / "map.html").read_text(encoding="utf-8")
    coast = (root / "embed" / "valparaiso.html").read_text(encoding="utf-8")
    assert '"site-coast"' in coast
    assert '"site-one"' not in coast


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda root: (root.mkdir(), (root / "notes.txt").write_text("mine")), "not written by publish"),
        (lambda root: root.write_text("a file"), "is a file"),
    ],
)
def test_refuses_a_place_it_did_not_write(catalog, tmp_path, prepare, message):
    root = tmp_path / "out"
    prepare(root)
    before = sorted(root.rglob("*")) if root.is_dir() else root.read_text()
    with pytest.raises(PublishError, match=message):
        publish(catalog, root)
    assert (sorted(root.rglob("*")) if root.is_dir() else root.read_text()) == before


@pytest.mark.parametrize("langs", [(), ("fr",), ("es", "xx")])
def test_refuses_unknown_languages(catalog, tmp_path, langs):
    with pytest.raises(PublishError, match="languages"):
        publish(catalog, tmp_path / "out", langs)


def test_publishes_into_an_empty_directory_and_over_its_own_output(catalog, tmp_path):
    root = tmp_path / "out"
    root.mkdir()
    publish(catalog, root, ("en",))
    (root / "CNAME").write_text("memoria.example.org")  # the host's own file, added by hand
    smaller = load_catalog(write_data(tmp_path / "d", sites=[site("site-one")]))
    publish(smaller, root, ("en",))
    assert sorted(path.name for path in (root / "sites").iterdir()) == ["site-one.html"]  # no stale pages
    assert (root / "CNAME").read_text() == "memoria.example.org"
    assert not (root / "es").exists()
    assert re.search(r'<html lang="en"', (root / "index.html").read_text(encoding="utf-8"))


def test_the_whole_record_publishes(tmp_path):
    catalog = load_catalog()
    written = publish(catalog, tmp_path / "out")
    assert len([path for path in written if path.parent.name == "sites"]) == len(catalog.sites) > 100
    index = Page((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    for address in index.addresses("a", "href"):
        assert (tmp_path / "out" / address).is_file(), address


def test_the_pages_say_how_to_cite_them_and_carry_their_licence(catalog, tmp_path):
    root = tmp_path / "out"
    publish(catalog, root, ("en", "es"), base_url="https://memoria.example.org/mapa")
    page = (root / "sites" / "site-hostile.html").read_text(encoding="utf-8")
    meta = {attrs["name"]: attrs["content"] for tag, attrs in Page(page).tags if tag == "meta" and "name" in attrs}
    assert meta["citation_public_url"] == "https://memoria.example.org/mapa/sites/site-hostile.html"
    assert meta["citation_author"] == "Memory map: Chile 1973-1990"
    assert HOSTILE.split("<img")[0] in meta["citation_title"]  # the attribute holds the text, inert
    assert re.fullmatch(r"\d{4}", meta["citation_publication_date"])
    place = json.loads(JSON_LD.search(page).group(1))
    assert place["@type"] == "Place"
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": -33.46, "longitude": -70.61}
    assert place["name"] == HOSTILE  # JSON-LD carries the name as it is, escaped as JSON
    index = (root / "index.html").read_text(encoding="utf-8")
    dataset = json.loads(JSON_LD.search(index).group(1))
    assert dataset["@type"] == "Dataset"
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert {d["contentUrl"] for d in dataset["distribution"]} >= {
        f"https://memoria.example.org/mapa/data/{name}" for name in DATA_FILES
    }
    assert "https://memoria.example.org/mapa/datapackage.json" in {d["contentUrl"] for d in dataset["distribution"]}
    for path in (root / "index.html", root / "sites" / "site-one.html"):
        text = path.read_text(encoding="utf-8")
        assert re.search(r'<footer><p class="licence">[^<]*CC BY 4.0[^<]*MIT', text), path
        assert re.search(r'<p class="citation">Memory map: Chile 1973-1990\. \(\d{4}\)\. ', text), path


@pytest.mark.parametrize("base_url", ["javascript:alert(1)", "https://a.org/x y", "ftp://a.org/", "https://a.org/?q=1"])
def test_refuses_a_base_url_that_is_not_a_plain_address(catalog, tmp_path, base_url):
    with pytest.raises(PublishError, match="base URL"):
        publish(catalog, tmp_path / "out", base_url=base_url)


BASE = "https://school.example/memory/"


@pytest.fixture(scope="module")
def oembed_site(catalog, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("oembed") / "out"
    publish(catalog, root, base_url=BASE.rstrip("/"))  # the missing "/" is added
    return root


def test_without_a_base_url_no_oembed_is_written(site_dir):
    root = site_dir[0]
    assert not (root / "oembed").exists()
    assert "application/json+oembed" not in (root / "index.html").read_text(encoding="utf-8")


def test_each_page_names_its_oembed_answer_and_the_answer_frames_a_page_of_the_site(oembed_site):
    root = oembed_site
    answered = 0
    for path, page in pages(root).items():
        links = [attrs for tag, attrs in page.tags if tag == "link" and attrs.get("type") == "application/json+oembed"]
        assert len(links) == 1, path
        assert links[0]["href"].startswith(BASE), path
        answer = root / links[0]["href"].removeprefix(BASE)
        document = json.loads(answer.read_text(encoding="utf-8"))
        assert (document["version"], document["type"], document["provider_url"]) == ("1.0", "rich", BASE)
        frame = Page(document["html"])
        assert [tag for tag, _ in frame.tags] == ["iframe"]
        src = frame.tags[0][1]["src"]
        assert src.startswith(BASE), path
        assert (root / src.removeprefix(BASE)).is_file(), src
        answered += 1
    assert answered == 1 + 2 + 3 + len(REGIONS)  # index, two maps, three sites, the regions' embeds
    region = json.loads((root / "oembed" / "embed" / "antofagasta.json").read_text(encoding="utf-8"))
    assert "Antofagasta" in region["title"]


def test_a_hostile_site_name_stays_inert_in_its_oembed(oembed_site):
    page = Page((oembed_site / "sites" / "site-hostile.html").read_text(encoding="utf-8"))
    assert {tag for tag, _ in page.tags} <= OUR_TAGS | {"link"}
    document = json.loads((oembed_site / "oembed" / "sites" / "site-hostile.json").read_text(encoding="utf-8"))
    assert HOSTILE.split("</div>")[0] in document["title"]  # JSON text: the consumer escapes it
    frame = Page(document["html"])
    assert [tag for tag, _ in frame.tags] == ["iframe"]
    for raw in ("<script", "<img", "${alert", "`"):
        assert raw not in document["html"], raw


@pytest.mark.parametrize("base", ["ftp://school.example/", "school.example/map/", "https://x.example/?a=1", "https:///"])
def test_a_base_url_must_be_an_http_address(catalog, tmp_path, base):
    with pytest.raises(PublishError, match="base URL"):
        publish(catalog, tmp_path / "out", base_url=base)
