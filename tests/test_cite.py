"""Citations: every format parses, says the same thing, and carries the view's link back whole."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from mapapp import cite
from mapapp.load import load_catalog
from mapapp.viewstate import ViewState, from_params

ACCESSED = dt.date(2026, 12, 3)
ADDRESS = "https://memoria.example.org/map"
HOSTILE = 'a}b{c\\d%e&f$g#h_i~j^k\nER  - \r\n@misc{x, <script>"'


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


VIEWS = [
    ViewState(),
    ViewState(lang="en", site="estadio-nacional", region="Metropolitana de Santiago"),
    ViewState(day=dt.date(1973, 10, 16), categories=frozenset({"memorial", "prison-camp"}), lang="en"),
    ViewState(
        start=dt.date(1974, 1, 1), end=dt.date(1976, 6, 30), text="Álamos & 50% {x}", zoom=9, center=(-33.4, -70.6)
    ),
    ViewState(text=HOSTILE, region="Antofagasta", classroom=True, embed=True),
]


def references(catalog) -> list[cite.Reference]:
    found = [cite.view_reference(view, catalog, cite.permalink(ADDRESS, view), ACCESSED) for view in VIEWS]
    for site_id in ("estadio-nacional", sorted(catalog.sites)[0]):
        for lang in ("es", "en"):
            url = cite.permalink(ADDRESS, ViewState(site=site_id, lang=lang))
            found.append(cite.site_reference(catalog.sites[site_id], lang, url, ACCESSED))
    return found


def parse_bibtex(text: str) -> tuple[str, str, dict[str, str]]:
    """Return (type, key, fields) of one entry, strictly: raise AssertionError on anything else."""
    head = re.match(r"@([a-z]+)\{([A-Za-z0-9_:-]+),\n", text)
    assert head, text[:60]
    fields, at = {}, head.end()
    while True:
        name = re.compile(r"  ([a-z]+) = \{").match(text, at)
        assert name, text[at : at + 60]
        depth, end = 1, name.end()
        while depth:
            char = text[end]
            if char == "\\":  # an escaped character never opens or closes a group
                end += 2
                continue
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert char != "\n", f"a line break inside field {name.group(1)}"
            end += 1
        assert name.group(1) not in fields, f"field {name.group(1)} twice"
        fields[name.group(1)] = text[name.end() : end - 1]
        at = end
        if text[at:] == "\n}\n":
            return head.group(1), head.group(2), fields
        assert text[at : at + 2] == ",\n", text[at : at + 20]
        at += 2


def unescaped_specials(value: str) -> list[str]:
    """Return TeX's special characters that stand unescaped in a field's text."""
    return re.findall(r"(?<!\\)[&%$#_]", value.replace(r"\textbackslash{}", ""))


def parse_ris(text: str) -> list[tuple[str, str]]:
    lines = text.split("\r\n")
    assert lines[-1] == "", "a RIS record ends with a line break"
    pairs = []
    for line in lines[:-1]:
        found = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert found, f"not a RIS line: {line!r}"
        pairs.append((found.group(1), found.group(2)))
    assert pairs[0][0] == "TY", pairs
    assert pairs[-1] == ("ER", ""), pairs
    assert [tag for tag, _ in pairs].count("ER") == 1
    return pairs


def view_of(url: str) -> ViewState:
    state, notices = from_params(parse_qs(urlsplit(url).query))
    assert notices == []
    return state


def test_csl_json_is_a_list_of_one_item_with_the_required_keys(catalog):
    for ref in references(catalog):
        (item,) = json.loads(cite.csl_json(ref))
        assert {"id", "type", "title", "author", "issued", "accessed", "URL"} <= set(item)
        assert item["type"] in {"map", "webpage"}
        assert item["accessed"] == {"date-parts": [[2026, 12, 3]]}
        assert item["URL"] == ref.url
        assert item["author"] == [{"literal": ref.author}]


def test_bibtex_parses_strictly_and_keeps_the_link_whole(catalog):
    keys = set()
    for ref in references(catalog):
        kind, key, fields = parse_bibtex(cite.to_bibtex(ref))
        assert kind == "misc"
        keys.add(key)
        assert fields["url"] == ref.url
        assert fields["howpublished"] == r"\url{" + ref.url + "}"
        assert fields["urldate"] == "2026-12-03"
        assert fields["author"] == "{" + cite.bibtex_text(ref.author) + "}"
        for name in ("title", "author", "publisher", "note"):
            assert unescaped_specials(fields[name]) == [], (name, fields[name])
    assert len(keys) > 3


def test_ris_has_its_tags_one_record_and_the_link(catalog):
    for ref in references(catalog):
        tags = dict(parse_ris(cite.to_ris(ref)))
        assert tags["TY"] in {"MAP", "ELEC"}
        assert tags["UR"] == ref.url
        assert tags["Y2"] == "2026/12/03"
        assert tags["AU"] == ref.author


@pytest.mark.parametrize("view", VIEWS)
def test_every_format_gives_back_the_view(catalog, view):
    ref = cite.view_reference(view, catalog, cite.permalink(ADDRESS, view), ACCESSED)
    (item,) = json.loads(cite.csl_json(ref))
    links = [item["URL"], parse_bibtex(cite.to_bibtex(ref))[2]["url"], dict(parse_ris(cite.to_ris(ref)))["UR"]]
    links.append(cite.to_text(ref).rsplit(" ", 1)[-1])
    links.append(dict(cite.meta_tags(ref))["citation_public_url"])
    assert [view_of(link) for link in links] == [view] * 5


def test_hostile_text_stays_inside_its_field(catalog):
    view = ViewState(text=HOSTILE)
    ref = cite.view_reference(view, catalog, cite.permalink(ADDRESS, view), ACCESSED)
    title = parse_bibtex(cite.to_bibtex(ref))[2]["title"]
    assert r"a\}b\{c\textbackslash{}d\%e\&f\$g\#h\_i\textasciitilde{}j\textasciicircum{}k" in title
    assert dict(parse_ris(cite.to_ris(ref)))["TI"].endswith('ER - @misc{x, <script>"»')
    html = cite.meta_html(ref)
    assert "<script" not in html
    assert html.count("<meta ") == len(cite.meta_tags(ref))


@pytest.mark.parametrize(
    ("view", "words"),
    [
        (ViewState(lang="en"), ["Map view", "Chile", "since 11 Sep 1973"]),
        (
            ViewState(lang="en", site="estadio-nacional", region="Metropolitana de Santiago"),
            ["National Stadium", "Metropolitana"],
        ),
        (
            ViewState(lang="es", day=dt.date(1973, 10, 16), region="Antofagasta"),
            ["Vista del mapa", "Antofagasta", "16 oct 1973"],
        ),
        (ViewState(lang="en", categories=frozenset({"memorial"}), text="Villa"), ["Memorial", "«Villa»"]),
    ],
)
def test_the_title_says_what_the_view_shows(catalog, view, words):
    title = cite.view_title(view, catalog)
    assert [word for word in words if word not in title] == []


def test_the_text_names_author_year_title_publisher_date_and_link(catalog):
    view = ViewState(lang="en")
    ref = cite.view_reference(view, catalog, cite.permalink(ADDRESS, view), ACCESSED)
    assert cite.to_text(ref) == (
        "Memory map: Chile 1973-1990. (2026). Map view: Chile; since 11 Sep 1973 [Interactive map]. "
        f"Memory Map project. Retrieved December 3, 2026, from {ADDRESS}?lang=en"
    )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://a.org/x y", "https://a.org/{x}", "a.org/x"])
def test_a_reference_refuses_an_address_that_is_not_a_plain_link(url):
    with pytest.raises(ValueError, match="reference url"):
        cite.Reference("view", "k", "T", url, "en", 2026, ACCESSED)


def test_a_reference_with_no_link_leaves_out_the_link_and_the_date_accessed(catalog):
    # A static site published with no --base-url does not know its own address.
    ref = cite.site_reference(catalog.sites["estadio-nacional"], "en", "", ACCESSED)
    assert "URL" not in json.loads(cite.csl_json(ref))[0]
    assert {"url", "urldate", "howpublished"} & set(parse_bibtex(cite.to_bibtex(ref))[2]) == set()
    assert {"UR", "Y2"} & {tag for tag, _ in parse_ris(cite.to_ris(ref))} == set()
    assert cite.to_text(ref).endswith("[Site card]. Memory Map project.")
    assert "citation_public_url" not in dict(cite.meta_tags(ref))


@pytest.mark.parametrize(("lang", "words"), [("en", "Texts and data: CC BY 4.0"), ("es", "Textos y datos: CC BY 4.0")])
def test_the_licence_travels_with_the_exported_files(catalog, lang, words):
    from mapapp.export import to_geojson
    from mapapp.filters import filter_catalog
    from mapapp.standalone import standalone_html

    view = ViewState(lang=lang, region="Antofagasta", embed=True)
    assert "creativecommons.org/licenses/by/4.0/" in standalone_html(catalog, view)
    assert words in standalone_html(catalog, view)
    collection = json.loads(to_geojson(filter_catalog(catalog, view.filter()), catalog, view.filter()))
    assert collection["license"].startswith("CC BY 4.0 https://creativecommons.org/licenses/by/4.0/")
