"""The bundled record: it validates with zero rejections, and the founding sites are there in depth."""

from __future__ import annotations

import pytest

from mapapp.load import load_catalog

FOUNDING = ["estadio-nacional", "la-moneda", "chacabuco"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_bundled_data_has_no_rejections(catalog):
    assert [str(item) for item in catalog.rejections] == []


@pytest.mark.parametrize("site_id", FOUNDING)
def test_founding_sites_are_sourced_in_depth(catalog, site_id):
    site = catalog.sites[site_id]
    assert site.location.precision in {"building", "street"}
    assert site.location.sources
    assert all(period.sources for period in site.periods)
    assert site.name.es
    assert site.name.en
    assert site.summary.es
    assert site.summary.en
    testimony = catalog.testimony_at(site_id)
    assert len(testimony) >= 2
    assert all(item.sources and item.summary.es and item.summary.en for item in testimony)


def test_every_source_cited_is_followable(catalog):
    cited = {c.source for record in [*catalog.sites.values(), *catalog.testimony.values()] for c in record.citations()}
    for source_id in cited:
        source = catalog.sources[source_id]
        assert source.url or source.kind in {"book", "report", "court-ruling", "archive"}, source_id


def test_the_bibliography_lists_each_source_once_and_only_what_is_cited(catalog):
    cited = {
        c.source
        for kind in (catalog.sites, catalog.testimony, catalog.events, catalog.routes)
        for record in kind.values()
        for c in record.citations()
    }
    assert sorted(set(catalog.sources) - cited) == []
    addresses = [source.url.rstrip("/") for source in catalog.sources.values() if source.url]
    assert len(addresses) == len(set(addresses))
