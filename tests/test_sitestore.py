"""The site store the map gets once, and the view it gets on every rerun, agree with the filter."""

from __future__ import annotations

import datetime as dt
import re

import folium
import orjson
import pytest
from sample import write_data
from test_escape import HOSTILE, assert_inert, hostile_site

from mapapp import assets
from mapapp.filters import Filter, filter_catalog
from mapapp.load import load_catalog
from mapapp.mapbuild import site_look
from mapapp.mapcalls import ICON_LIMIT
from mapapp.model import CATEGORIES
from mapapp.sitestore import HIDDEN, LOOK_CODES, SiteStore, SiteView, store_payload, view_code


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


FILTERS = [
    Filter(),
    Filter(end=dt.date(1973, 9, 30)),
    Filter(start=dt.date(1990, 3, 12)),  # after the dictatorship: memorials only
    Filter(categories=frozenset({"prison-camp"}), region="Antofagasta"),
    Filter(text="estadio"),
    Filter(start=dt.date(1980, 1, 1), end=dt.date(1980, 1, 1), text="no such place"),
]


@pytest.mark.parametrize("wanted", FILTERS, ids=range(len(FILTERS)))
def test_the_view_shows_exactly_what_the_filter_lets_through(catalog, wanted):
    selection = filter_catalog(catalog, wanted)
    sites = store_payload(catalog, "es")["sites"]
    code = view_code(catalog, selection)
    assert len(code) == len(sites) == len(catalog.sites)
    shown = {entry[0]: char for entry, char in zip(sites, code, strict=True) if char != HIDDEN}
    assert set(shown) == {site.id for site in selection.sites}
    for site in selection.sites:  # drawn as the exported map would draw it (approximate, memorial by then)
        assert shown[site.id] == LOOK_CODES[site_look(site, selection)]


def test_memorials_and_approximate_places_get_their_own_look(catalog):
    after = view_code(catalog, filter_catalog(catalog, Filter(start=dt.date(2010, 1, 1))))
    during = view_code(catalog, filter_catalog(catalog, Filter(end=dt.date(1974, 12, 31))))
    assert {"2", "3"} & set(after)
    assert not {"2", "3"} & set(during)
    assert "1" in during  # places known only to the town or commune are drawn as approximate


def test_the_sites_layer_switched_off_hides_every_site(catalog):
    selection = filter_catalog(catalog, Filter())
    assert view_code(catalog, selection, shown=False) == HIDDEN * len(catalog.sites)


def test_the_store_holds_every_site_in_the_views_order_with_its_place(catalog):
    payload = store_payload(catalog, "en")
    assert [entry[0] for entry in payload["sites"]] == sorted(catalog.sites)
    for site_id, _, lat, lon, category in payload["sites"]:
        site = catalog.sites[site_id]
        assert (lat, lon) == (round(site.lat, 5), round(site.lon, 5))
        assert CATEGORIES[category] == site.category
    assert [c["key"] for c in payload["categories"]] == list(CATEGORIES)
    assert all(c["useIcons"] for c in payload["categories"]) is (len(catalog.sites) <= ICON_LIMIT)


def test_names_in_the_store_are_inert(tmp_path):
    catalog = load_catalog(write_data(tmp_path / "d", sites=[hostile_site()]))
    payload = store_payload(catalog, "es")
    name, label = payload["sites"][0][1], payload["categories"][0]["label"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in name
    assert_inert(name)
    assert_inert(label)
    # Written inline, the store cannot end the page's script either.
    fmap = folium.Map(tiles=None)
    SiteStore(data=payload).add_to(fmap)
    html = fmap.get_root().render()
    assert HOSTILE not in html
    assert "<script>alert" not in html


def test_a_served_store_is_fetched_and_an_inline_one_is_written_in(tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "CACHE", tmp_path / "cache")
    payload = orjson.dumps({"sites": []})
    url = assets.serve_bytes("sites-es", payload)
    assert url.startswith(assets.CACHE_SERVED_AT + "/sites-es-")
    assert url.endswith(".json")
    assert (tmp_path / "cache" / url.rsplit("/", 1)[1]).read_bytes() == payload
    assert assets.serve_bytes("sites-es", payload) == url  # named by content: written once, shared

    for store, fetched in ((SiteStore(url=url), True), (SiteStore(data={"sites": []}), False)):
        fmap = folium.Map(tiles=None)
        store.add_to(fmap)
        SiteView("-0").add_to(fmap)
        html = fmap.get_root().render()
        assert (f'MemoryMap.store({fmap.get_name()}, "sites", {{"url":"{url}"}}' in html) is fetched
        assert (f'MemoryMap.store({fmap.get_name()}, "sites", {{"data": {{"sites":[]}}}}' in html) is not fetched
        assert 'MemoryMap.view("sites", "-0", null);' in html


def test_only_the_newest_files_of_a_store_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "CACHE", tmp_path)
    urls = [assets.serve_bytes("sites-en", str(number).encode()) for number in range(assets.KEEP + 4)]
    kept = sorted(path.name for path in tmp_path.glob("sites-en-*.json"))
    assert len(kept) == assets.KEEP
    assert urls[-1].rsplit("/", 1)[1] in kept
    assert assets.serve_bytes("communes", b"{}")
    assert len(list(tmp_path.glob("sites-en-*.json"))) == assets.KEEP


def test_a_store_that_cannot_be_written_is_sent_inline(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(assets, "CACHE", blocker / "cache")
    assert assets.serve_bytes("sites-es", b"{}") is None


def test_a_view_is_a_few_bytes_per_site(catalog):
    code = view_code(catalog, filter_catalog(catalog, Filter()))
    fmap = folium.Map(tiles=None)
    SiteView(code, chosen="estadio-nacional").add_to(fmap)
    script = re.search(r'MemoryMap\.view\("sites", (.*?)\);', fmap.get_root().render()).group(1)
    assert script == f'"{code}", "estadio-nacional"'  # one character a site, and the chosen one


def test_the_app_map_loads_its_own_scripts_after_leaflet_and_an_export_writes_them_in(catalog):
    from mapapp.mapbuild import base_map
    from mapapp.standalone import standalone_html
    from mapapp.viewstate import ViewState

    served = [src for _, src in base_map().default_js]
    assert served[0] == f"{assets.SERVED_AT}/leaflet/leaflet.js"  # Leaflet first: the others use it
    assert served[1] == f"{assets.SERVED_AT}/markercluster/leaflet.markercluster.js"  # a Leaflet plugin
    assert served[2] == f"{assets.SERVED_AT}/supercluster/supercluster.min.js"  # clusters maps of many sites
    own = [src.split("?v=")[0] for src in served[3:]]
    assert own == [f"{assets.OWN_SERVED_AT}/{name}" for name in assets.OWN_SCRIPTS]
    html = standalone_html(catalog, ViewState(lang="en"))
    assert not re.search(r"<script[^>]+src=", html)
    for name in assets.OWN_SCRIPTS:  # each file whole, in the order it loads
        assert (assets.OWN_JS / name).read_text(encoding="utf-8") in html
    positions = [html.index((assets.OWN_JS / name).read_text(encoding="utf-8")) for name in assets.OWN_SCRIPTS]
    assert positions == sorted(positions)
    assert positions[-1] < html.index("MemoryMap.siteLayer(")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_map_says_in_its_language_that_a_part_could_not_be_loaded(lang):
    from mapapp.mapbuild import base_map
    from mapapp.mapcalls import LABELS, script_json

    fmap = base_map(lang=lang)
    html = fmap.get_root().render()
    assert f"MemoryMap.setup({fmap.get_name()}, {script_json(LABELS[lang])});" in html
    assert set(LABELS[lang]["parts"]) == {"sites", "victims", "communes"}  # every store and fetched layer
    assert "{parts}" in LABELS[lang]["failed"]
