"""The inventory's table, region by region: what the record holds and what the curators' lists left out.

`python -m mapapp.inventory_report [FILE]` writes it (docs/inventory.md by default); a test keeps
the committed page equal to what the data and the lists say now.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from mapapp.load import load_catalog
from mapapp.model import REGIONS, Catalog

ROOT = Path(__file__).resolve().parent.parent
LISTS = ROOT / "docs" / "inventory"
PAGE = ROOT / "docs" / "inventory.md"
TARGET = 15  # sites per region the inventory aims at (issue 17)


def _lists() -> dict[str, dict]:
    """Return each region's lists merged into one: the curators' and any other list for the region."""
    merged: dict[str, dict] = {}
    for path in sorted(LISTS.glob("*.json")):
        listing = json.loads(path.read_text(encoding="utf-8"))
        report = merged.setdefault(listing["region"], {"report": {"already": [], "skipped": []}})["report"]
        report["already"] += listing.get("report", {}).get("already", [])
        report["skipped"] += listing.get("report", {}).get("skipped", [])
    return merged


def _row(region: str, catalog: Catalog, listing: dict) -> str:
    sites = [site for site in catalog.sites.values() if site.region == region]
    tiers = Counter(site.tier for site in sites)
    report = listing.get("report", {})
    skipped = Counter(_reason(item.get("why") or "other") for item in report.get("skipped", []))
    why = ", ".join(f"{reason} {count}" for reason, count in sorted(skipped.items())) or "-"
    exact = sum(1 for site in sites if site.location.precision in {"building", "street"})
    mark = "" if len(sites) >= TARGET else " (below target)"
    return (
        f"| {region} | {tiers['curated']} | {tiers['inventory']} | {len(sites)}{mark} | {exact} | "
        f"{len(report.get('already', []))} | {sum(skipped.values())} | {why} |"
    )


def _reason(why: str) -> str:
    """Return the curator's reason without its detail: "no commune: the source says ..." -> "no commune"."""
    return re.split(r"[:(,;.]| - | — ", why)[0].strip()[:40]


def shared_points(catalog: Catalog, more_than: int = 3) -> int:
    """Return how many points more than `more_than` sites share."""
    counts = Counter((site.lon, site.lat) for site in catalog.sites.values())
    return sum(1 for count in counts.values() if count > more_than)


def page(catalog: Catalog | None = None) -> str:
    catalog = catalog or load_catalog()
    lists = _lists()
    rows = [_row(region, catalog, lists.get(region, {})) for region in REGIONS]
    tiers = Counter(site.tier for site in catalog.sites.values())
    return "\n".join(
        [
            "# The national inventory, region by region",
            "",
            "Written by `python -m mapapp.inventory_report` from the record and the curators' lists in",
            "`docs/inventory/<region>.json` (each place they found, the places already in the record, and",
            "the places they left out with the reason). Do not edit by hand.",
            "",
            f"Sites: {len(catalog.sites)} ({tiers['curated']} curated, {tiers['inventory']} inventory entries). "
            f"Target: {TARGET} per region and 800 in all. Points shared by more than three sites: {shared_points(catalog)}.",
            "",
            "| region | curated | inventory | sites | at building or street | found already in the record | left out | why left out |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            "Each region's file in `docs/inventory/` says in `report.notes` which lists could not be read.",
            "",
        ]
    )


def main(argv: list[str]) -> None:
    target = Path(argv[0]) if argv else PAGE
    target.write_text(page(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
