"""Journeys: one visit changes the language and the layers many times, and the view survives each change.

Regression (issue 14): a second change of language emptied the category and layer filters and the
map, and switching the victims layer on made the map disappear until the page was reloaded.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from mapapp.filters import Filter, filter_catalog
from mapapp.load import load_catalog

pytestmark = pytest.mark.browser

CATEGORIES = frozenset({"prison-camp", "memorial"})
START, END = dt.date(1973, 10, 1), dt.date(1975, 12, 31)
LABELS = {  # the sidebar's labels, and how the chosen categories read, in each language
    "es": ("Categorías", "Capas", {"Campo de prisioneros", "Memorial o museo"}, {"Sitios", "Rutas", "Hechos"}),
    "en": ("Categories", "Layers", {"Prison camp", "Memorial or museum"}, {"Sites", "Routes", "Events"}),
}
LAYER_NAMES = {"es": {"victims": "Víctimas (Informe Rettig)"}, "en": {"victims": "Victims (Rettig report)"}}
MARKERS = (
    "n => { const f = document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]');"
    " const s = f && f.contentWindow && f.contentWindow.__mapappSites; return !!s && s.ready && s.shown() === n; }"
)
VICTIMS = (
    "shown => { const f = document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]');"
    " const w = f && f.contentWindow; const v = w && w.__mapappVictims;"
    " return !!v && (shown ? v.shown() > 0 : v.shown() === 0); }"
)


def params(page) -> dict[str, str]:
    return {name: values[-1] for name, values in parse_qs(urlparse(page.page.url).query).items()}


def chips(page, label: str, count: int) -> set[str]:
    """Return the chosen options of the multiselect labelled `label`, once it shows `count` of them."""
    box = page.page.locator("[data-testid='stMultiSelect']").filter(has_text=label)
    expect(box.locator("[data-tag]")).to_have_count(count, timeout=30000)
    return {tag.get_attribute("aria-label") for tag in box.locator("[data-tag]").all()}


def switch_language(page, lang: str) -> None:
    page.page.get_by_test_id("stRadioOption").filter(has_text="Español" if lang == "es" else "English").click()
    page.page.wait_for_function(
        "lang => new URL(location.href).searchParams.get('lang') === lang ||"
        " (lang === 'es' && !new URL(location.href).searchParams.get('lang'))",
        arg=lang,
    )
    page.settle()


def check_view(page, lang: str, markers: int) -> None:
    """The filters, the URL and the map all still hold the view, in the language chosen."""
    categories, layers, chosen, default_layers = LABELS[lang]
    assert chips(page, categories, len(chosen)) == chosen
    assert chips(page, layers, len(default_layers)) == default_layers
    query = params(page)
    assert set(query["cat"].split(",")) == CATEGORIES
    assert query["start"] == START.isoformat()
    assert query["end"] == END.isoformat()
    page.page.wait_for_function(MARKERS, arg=markers, timeout=30000)


def test_the_language_changes_three_times_and_the_view_survives(server, visit):
    expected = len(filter_catalog(load_catalog(), Filter(start=START, end=END, categories=CATEGORIES)).sites)
    assert 0 < expected < len(load_catalog().sites)
    page = visit(f"{server.url}/?lang=en&cat=memorial,prison-camp&start={START}&end={END}")
    check_view(page, "en", expected)
    for lang in ("es", "en", "es"):
        switch_language(page, lang)
        check_view(page, lang, expected)
        assert page.page.locator("article.site-card").count() == 0
    assert page.page.locator("html").get_attribute("lang") in {"es", "en"}
    page.shot("journey-language")


def toggle_layer(page, lang: str, name: str, label: str, on: bool) -> None:
    box = page.page.locator("[data-testid='stMultiSelect']").filter(has_text=LABELS[lang][1])
    if on:
        box.locator("input").click()
        page.page.get_by_role("option", name=label, exact=True).click()
        page.page.keyboard.press("Escape")
    else:
        box.get_by_role("button", name=f"Remove {label}").click()
    page.page.wait_for_function(
        "([name, on]) => (new URL(location.href).searchParams.get('layers') || 'events,routes,sites')"
        ".split(',').includes(name) === on",
        arg=[name, on],
    )
    page.settle()


@pytest.mark.parametrize("viewport", [(1400, 1000), (390, 844)], ids=["desktop", "phone"])
def test_each_layer_switches_on_and_off_and_the_map_stays(server, visit, viewport):
    wanted = Filter(start=START, end=END, categories=CATEGORIES)
    expected = len(filter_catalog(load_catalog(), wanted).sites)
    page = visit(f"{server.url}/?lang=en&cat=memorial,prison-camp&start={START}&end={END}", viewport=viewport)
    if viewport[0] < 600:  # on a phone the sidebar is folded away: open it
        page.page.get_by_test_id("stExpandSidebarButton").click()
    names = {"victims": LAYER_NAMES["en"]["victims"], "events": "Events", "routes": "Routes", "sites": "Sites"}
    for _ in range(2):  # twice: a control that works once and breaks the second time is broken
        for layer in ("victims",):
            toggle_layer(page, "en", layer, names[layer], on=True)
            page.page.wait_for_function(VICTIMS, arg=True, timeout=60000)
            page.page.wait_for_function(MARKERS, arg=expected, timeout=30000)  # the sites stay on the map
            toggle_layer(page, "en", layer, names[layer], on=False)
            page.page.wait_for_function(VICTIMS, arg=False, timeout=30000)
        for layer in ("events", "routes"):
            toggle_layer(page, "en", layer, names[layer], on=False)
            page.page.wait_for_function(MARKERS, arg=expected, timeout=30000)
            toggle_layer(page, "en", layer, names[layer], on=True)
        toggle_layer(page, "en", "sites", "Sites", on=False)
        page.page.wait_for_function(MARKERS, arg=0, timeout=30000)
        toggle_layer(page, "en", "sites", "Sites", on=True)
        page.page.wait_for_function(MARKERS, arg=expected, timeout=30000)
    query = params(page)
    assert set(query["cat"].split(",")) == CATEGORIES
    assert query["start"] == START.isoformat()
    assert page.page.locator("[data-testid='stException']").count() == 0
