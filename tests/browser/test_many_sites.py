"""The drawing of a map of many sites (supercluster, static/js/sites.js `manySites`), in Chromium.

The app draws a store of more than `MANY_SITES` sites this way. Here the record's own sites are
drawn so from a store told to (its `manyAt` option set low), in one file written to disk with
every script inside, as an export is: every site is counted once, in a cluster or alone; a
view that hides sites re-counts them; a cluster opens from a click; a click on a site alone
reaches its marker's feature, as streamlit-folium's click handler reads it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mapapp.assets import inline_assets
from mapapp.dates import COUP
from mapapp.filters import Filter, filter_catalog
from mapapp.load import load_catalog
from mapapp.mapbuild import base_map
from mapapp.sitestore import SiteStore, SiteView, store_payload, view_code

pytestmark = pytest.mark.browser

MARKS = (
    "() => { const n = [...document.querySelectorAll('.site-cluster')].map(e => +e.innerText);"
    " return n.reduce((a, b) => a + b, 0) + document.querySelectorAll('.site-marker').length; }"
)


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    catalog = load_catalog()
    fmap = inline_assets(base_map(None, offline=True, assets_base=None))
    store = SiteStore(data=store_payload(catalog, "en"))
    store.options["manyAt"] = 50  # the record's few hundred sites, drawn as a map of many would be
    store.add_to(fmap)
    SiteView(view_code(catalog, filter_catalog(catalog, Filter()))).add_to(fmap)
    path = tmp_path_factory.mktemp("many") / "many.html"
    path.write_text(fmap.get_root().render(), encoding="utf-8")
    return catalog, path


def test_many_sites_are_each_counted_once_and_a_view_recounts_them(chromium, page_file):
    catalog, path = page_file
    everything = len(filter_catalog(catalog, Filter()).sites)
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        page.wait_for_function("n => window.__mapappSites && window.__mapappSites.drawn() === n", arg=everything)
        assert page.evaluate("() => !!window.__mapappSites.groups.many")  # drawn by supercluster
        assert page.locator(".site-cluster").count() < everything / 5  # gathered, not one mark each
        # The whole world in view (the sites abroad too), so that every mark is drawn.
        page.evaluate("() => new Promise(r => { MemoryMap.map.once('moveend', r); MemoryMap.map.setView([0, 0], 1); })")
        assert page.evaluate(MARKS) == everything
        label = page.locator(".site-cluster").first.get_attribute("aria-label")
        assert label
        assert label.split()[0].isdigit()  # a cluster says how many sites it holds

        before = filter_catalog(catalog, Filter(end=dt.date(1973, 12, 31)))
        code = view_code(catalog, before)
        page.evaluate("c => MemoryMap.view('sites', c, null)", code)
        assert page.evaluate("() => window.__mapappSites.shown()") == len(before.sites)
        assert page.evaluate(MARKS) == len(before.sites)
        assert 0 < len(before.sites) < everything

        at_coup = filter_catalog(catalog, Filter(end=COUP))
        page.evaluate("c => MemoryMap.view('sites', c, null)", view_code(catalog, at_coup))
        assert page.evaluate(MARKS) == len(at_coup.sites)
    finally:
        context.close()


def test_a_cluster_opens_on_a_click_down_to_a_site_whose_click_names_it(chromium, page_file):
    catalog, path = page_file
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        page.locator(".site-cluster").first.wait_for(timeout=30000)
        for _ in range(20):  # click the biggest cluster until a site stands alone
            if page.locator(".site-marker").count():
                break
            zoom = page.evaluate("() => MemoryMap.map.getZoom()")
            page.locator(".site-cluster").first.click()
            page.wait_for_function("z => MemoryMap.map.getZoom() > z", arg=zoom, timeout=10000)
            page.wait_for_timeout(400)
        marker = page.locator(".site-marker").first
        assert marker.count() == 1, "twenty clicks on clusters drew no site alone"
        page.evaluate(
            "() => { window.__clicked = null; window.__mapappSites.groups.alone.on('click',"
            " e => { window.__clicked = e.layer.feature.properties.id; }); }"
        )
        marker.click()
        assert page.evaluate("() => window.__clicked") in catalog.sites
    finally:
        context.close()
