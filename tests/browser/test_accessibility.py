"""axe-core (from the npm registry) on the main page, a site card and the embed view."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page) -> list[str]:
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed at {AXE}: run `make assets`")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = [v for v in result["violations"] if v["impact"] in {"serious", "critical"}]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {json.dumps([n['target'] for n in v['nodes']][:3])}" for v in found
    ]


@pytest.mark.parametrize("query", ["lang=es", "lang=en&site=estadio-nacional"])
def test_main_page_and_card_have_no_serious_violations(server, visit, query):
    page = visit(f"{server.url}/?{query}")
    page.map.locator(".site-cluster, .site-marker").first.wait_for(timeout=30000)  # the sites are drawn
    if "site=" in query:
        page.page.locator("article.site-card").wait_for(timeout=30000)
    assert serious_violations(page.page) == []


def test_embed_view_has_no_serious_violations(server, visit):
    page = visit(f"{server.url}/?embed=true&site=la-moneda&lang=en")
    page.page.locator("article.site-card").wait_for(timeout=30000)
    assert serious_violations(page.page) == []
