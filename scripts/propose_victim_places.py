"""Propose an entry of geodata/victims/places.json for every custody place the Freire data names.

    python scripts/propose_victim_places.py PINOCHET_CSV [--write]

For each distinct label of a place of kind "In Custody", propose one of:
- a name link: the label matches a known alias (`mapapp.victims_places.ALIASES`), or its kind
  of place (jail, police station, regiment, investigations police, air base, stadium) and its
  town match exactly one site of that kind in that town;
- a point link: the label names no site, but its exact points lie within a site's precision
  radius (`mapapp.victims_places.RADIUS_KM`);
- a reason: "not a place", "abroad" (every point outside Chile), "ambiguous" (several
  candidates, or no town), or "no site yet" (with the commune its points lie in).

Every proposal is printed (label, people, proposal, candidates) for a person to review; the
table is the reviewed result, not this script's output. `--write` adds proposals only for
labels the table does not hold yet: a reviewed entry is never overwritten.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mapapp import boundaries
from mapapp.filters import fold
from mapapp.load import load_catalog
from mapapp.victims_places import (
    PLACES_FILE,
    point_sites,
    site_by_name,
)

KINDS = {  # kind of place -> (words in a dataset label, words in a site id)
    "jail": (r"\b(jail|prison)\b", r"carcel|prision|penitenciaria"),
    "police": (
        r"\b(police (station|unit|headquarters|hq|substation|checkpoint)|substation|checkpoint|station)\b",
        r"comisaria|reten|tenencia|subcomisaria|carabineros",
    ),
    "regiment": (r"\bregiment\b", r"regimiento"),
    "investigations": (r"\binvestigative police\b", r"investigaciones"),
    "air base": (r"\bair (force )?base\b", r"base-aerea"),
    "stadium": (r"\bstadium\b", r"estadio"),
}
NOT_A_PLACE = r"^(na|dina custody|unknown.*|unidentified.*|unspecified.*|jail|police station|local .*|public jail|towards? .*|on route to .*)$"


def custody_labels(csv_path: Path) -> dict[str, list[tuple[float, float, bool]]]:
    """Return every custody label with its points (lon, lat, exact); a label without a point has none."""
    found: dict[str, list] = defaultdict(list)
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        for record in csv.DictReader(handle):
            for n in range(1, 7):
                if record[f"place_{n}"] != "In Custody":
                    continue
                points = found[record[f"location_{n}"]]
                try:
                    lon, lat = float(record[f"longitude_{n}"]), float(record[f"latitude_{n}"])
                except ValueError:
                    continue
                points.append((lon, lat, record[f"exact_coordinates_{n}"] == "1"))
    return dict(found)


def _town(label: str, points: list, communes: set[str]) -> str:
    folded = fold(label)
    named = [commune for commune in communes if re.search(rf"\b{re.escape(fold(commune))}\b", folded)]
    if named:
        return max(named, key=len)
    located = [boundaries.locate(lon, lat) for lon, lat, _ in points]
    towns = {where[0] for where in located if where}
    return towns.pop() if len(towns) == 1 else ""


def _kind(label: str) -> str:
    folded = fold(label)
    return next((kind for kind, (words, _) in KINDS.items() if re.search(words, folded)), "")


def _by_kind_and_town(label: str, points: list, catalog) -> tuple[list[str], str]:
    kind, town = _kind(label), _town(label, points, {site.commune for site in catalog.sites.values()})
    if not kind or not town:
        return [], town
    site_words = KINDS[kind][1]
    found = [
        site.id
        for site in catalog.sites.values()
        if site.commune == town and re.search(site_words, site.id) and site.category != "memorial"
    ]
    return sorted(found), town


def propose(label: str, points: list, catalog) -> dict:
    """Return the proposed entry for one label (with the candidates seen, for the review)."""
    if re.match(NOT_A_PLACE, fold(label).strip()):
        return {"reason": "not a place", "note": "names no particular place"}
    alias = site_by_name(label, catalog.sites)
    if alias:
        return {"site": alias, "how": "name"}
    exact = [(lon, lat) for lon, lat, is_exact in points if is_exact]
    near = sorted({site for lon, lat in exact for site in point_sites(lon, lat, catalog.sites)})
    candidates, town = _by_kind_and_town(label, points, catalog)
    if len(candidates) == 1:
        return {"site": candidates[0], "how": "name"}
    if len(near) == 1:
        return {"site": near[0], "how": "point"}
    if points and all(boundaries.locate(lon, lat) is None for lon, lat, _ in points):
        return {"reason": "abroad", "note": "every point of it lies outside Chile"}
    if candidates or len(near) > 1:
        return {"reason": "ambiguous", "note": f"could be {', '.join(candidates or near)}"}
    if points and not town:
        middle = (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))
        town = (boundaries.locate(*middle) or ("",))[0]
    return {"reason": "no site yet", "commune": town, "note": ""}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--write", action="store_true", help="add proposals for labels the table lacks")
    args = parser.parse_args(argv)
    catalog = load_catalog()
    labels = custody_labels(args.csv)
    table_path = Path(__file__).resolve().parent.parent / "geodata" / PLACES_FILE
    table = json.loads(table_path.read_text(encoding="utf-8")) if table_path.is_file() else {"labels": []}
    held = {entry["label"] for entry in table["labels"]}
    for label, points in sorted(labels.items()):
        proposal = propose(label, points, catalog)
        print(label, len(points), json.dumps(proposal, ensure_ascii=False), sep="\t")
        if args.write and label not in held:
            table["labels"].append({"label": label, **proposal})
    if args.write:
        table["labels"].sort(key=lambda entry: entry["label"])
        table_path.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
