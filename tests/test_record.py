"""The record against the numbers the historical-record issue asks for."""

from __future__ import annotations

from collections import Counter

import pytest

from mapapp.load import load_catalog
from mapapp.model import REGIONS

REQUIRED_SITES = [
    "estadio-nacional",
    "estadio-chile",
    "la-moneda",
    "villa-grimaldi",
    "londres-38",
    "jose-domingo-canas-1367",
    "tres-alamos",
    "cuatro-alamos",
    "venda-sexy",
    "colonia-dignidad",
    "cuartel-borgono",
    "simon-bolivar-8630",
    "academia-guerra-aerea",
    "nido-20",
    "tejas-verdes",
    "ritoque",
    "melinka-puchuncavi",
    "isla-dawson",
    "isla-quiriquina",
    "esmeralda-valparaiso",
    "estadio-regional-concepcion",
    "hornos-de-lonquen",
    "patio-29",
    "paine",
    "laja-san-rosendo",
    "chacabuco",
    "pisagua",
    "regimiento-arica-la-serena",
    "cuesta-cardone",
    "quebrada-el-way",
    "topater",
    "memorial-detenido-desaparecido",
    "museo-de-la-memoria",
]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_every_region_from_arica_to_magallanes(catalog):
    assert set(REGIONS) == {site.region for site in catalog.sites.values() if not site.abroad}


def test_at_least_150_sites(catalog):
    assert len(catalog.sites) >= 150


def test_at_least_60_sites_placed_to_the_building_or_the_street_from_a_named_source(catalog):
    precise = [site for site in catalog.sites.values() if site.location.precision in ("building", "street")]
    assert len(precise) >= 60
    for site in precise:  # the coordinate's source is in the bibliography and has an address to follow
        assert site.location.sources, site.id
        assert all(catalog.sources[cite.source].url for cite in site.location.sources), site.id
    assert Counter(site.location.precision for site in catalog.sites.values()).keys() <= {
        "building",
        "street",
        "locality",
        "commune",
        "approximate",
    }


def test_the_sites_the_issue_names_are_there(catalog):
    assert [site for site in REQUIRED_SITES if site not in catalog.sites] == []


def test_events_routes_and_testimony(catalog):
    assert len(catalog.events) >= 60
    kinds = Counter(route.kind for route in catalog.routes.values())
    assert kinds["caravan-of-death"] >= 2
    assert kinds["prisoner-transfer"] >= 2
    legs = {route.id: route for route in catalog.routes.values() if route.kind == "caravan-of-death"}
    for route in legs.values():  # each stop dated, and the stops where people were killed say how many
        assert all(stop.date for stop in route.stops)
        assert any(stop.facts for stop in route.stops)
    with_testimony = Counter(item.site for item in catalog.testimony.values())
    assert all(with_testimony[site] >= 2 for site in ("estadio-nacional", "la-moneda", "chacabuco"))
    assert len(set(with_testimony) - {"estadio-nacional", "la-moneda", "chacabuco"}) >= 40


def test_precision_is_declared_and_sourced_everywhere(catalog):
    for site in catalog.sites.values():
        assert site.location.precision, site.id
        assert site.location.sources, site.id


def test_contested_facts_keep_every_value_with_its_sources(catalog):
    disputed = [fact for site in catalog.sites.values() for fact in site.facts if fact.disputed]
    assert len(disputed) >= 10
    assert all(value.sources for fact in disputed for value in fact.values)
