"""The inventory tier: what it promises, and the table that reports it."""

from __future__ import annotations

from pathlib import Path

from mapapp import inventory_report
from mapapp.load import load_catalog

ROOT = Path(__file__).resolve().parent.parent


def test_the_committed_table_is_the_one_the_data_gives():
    committed = (ROOT / "docs" / "inventory.md").read_text(encoding="utf-8")
    assert committed == inventory_report.page(), "run `python -m mapapp.inventory_report` and commit docs/inventory.md"


def test_every_inventory_entry_has_dates_a_source_and_a_declared_place():
    catalog = load_catalog()
    entries = [site for site in catalog.sites.values() if site.tier == "inventory"]
    assert len(entries) >= 150
    for site in entries:
        assert site.sources, site.id
        assert all(c.source in catalog.sources for c in site.sources), site.id
        assert all(period.sources for period in site.periods), site.id
        assert site.location.precision in {"street", "commune"}, site.id
        assert site.location.sources, site.id
        assert site.commune, site.id
        assert site.region, site.id


def test_a_card_says_plainly_that_an_entry_is_not_yet_described():
    from mapapp.cards import card_html

    catalog = load_catalog()
    entry = next(site for site in catalog.sites.values() if site.tier == "inventory")
    title = catalog.sources[entry.sources[0].source].title
    assert f"An inventory entry: listed by {title}" in card_html(entry, catalog, "en").replace("&#x27;", "'")


def test_the_builder_adds_nothing_when_run_again():
    # Regression: a second run once added about 130 entries twice, and a region's second list
    # dropped the first one's additions.
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_inventory", ROOT / "scripts" / "build_inventory.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    run = builder.Builder()
    run.run(dry_run=True)
    added = {region: {k: v for k, v in counts.items() if k != "skipped" and v} for region, counts in run.counts.items()}
    assert not any(added.values()), added
    listed = sum(len(inventory_report.json.loads(p.read_text())["entries"]) for p in (ROOT / "docs" / "inventory").glob("*.json"))
    assert sum(counts["skipped"] for counts in run.counts.values()) == listed
