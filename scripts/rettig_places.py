"""Turn the custody places of the Rettig report (as coded by Freire et al. 2019) that the record lacks into inventory lists.

`python scripts/rettig_places.py PINOCHET_CSV [--write]` reads the dataset and
`geodata/victims/places.json`, takes the labels the table calls `no site yet`, groups the labels
that name one place in one commune (the kind of place, its number or town, and the commune), and
prints each group; `--write` writes `docs/inventory/rettig-<region>.json` in the curators' format
(see `scripts/build_inventory.py`). Names, kinds and groups are proposed by rule from the label;
`scripts/rettig_review.py` holds what a hand review of every group decided.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mapapp.layout import REGION_SLUGS  # noqa: E402
from scripts.rettig_review import COMMUNES, GROUPS, NAMES, SKIPPED  # noqa: E402

PLACES = ROOT / "geodata" / "victims" / "places.json"
LISTS = ROOT / "docs" / "inventory"
FREIRE = "inv-freire-2019"
RETTIG = "inv-informe-rettig"
LINKED = "inventory entry from this label"  # the note of a label this script linked
SOURCES = [
    {"id": FREIRE, "title": "Deaths and Disappearances in the Pinochet Regime: A New Dataset",
     "publisher": "Danilo Freire, John Meadowcroft, David Skarbek and Eugenia Guerrero", "kind": "dataset",
     "url": "https://doi.org/10.31235/osf.io/vqnwu", "date": "2019"},
    {"id": RETTIG, "title": "Informe de la Comisión Nacional de Verdad y Reconciliación",
     "publisher": "Comisión Nacional de Verdad y Reconciliación", "kind": "report", "date": "1991"},
]
ORDINALS = {"first": 1, "third": 3, "fifth": 5, "sixth": 6, "seventh": 7, "eight": 8, "eighth": 8, "ninth": 9,
            "tenth": 10, "twelfth": 12, "tweltfth": 12}
TYPOS = {"Copiacó": "Copiapó", "Almargo": "Almagro", "Tweltfth": "Twelfth", "Eight Police": "Eighth Police",
         "encampement": "encampment", "Cerillos": "Cerrillos", "Pedro de valdivia": "Pedro de Valdivia",
         "Taken to ": "", "Police HQ": "police headquarters", "No.": "No. "}
STATION = re.compile(r"\b(police station|station|police headquarters|police barracks|police unit)\b", re.I)


def clean(label: str) -> str:
    for wrong, right in TYPOS.items():
        label = label.replace(wrong, right)
    return re.sub(r"\s+", " ", label[0].upper() + label[1:]).strip()


def number(label: str) -> int | None:
    found = re.search(r"No\.\s?(\d+)|\b(\d+)(?:st|nd|rd|th)\b", label)
    if found:
        return int(found.group(1) or found.group(2))
    words = [ORDINALS[w] for w in re.findall(r"[a-z]+", label.lower()) if w in ORDINALS]
    return words[0] if words else None


def town(label: str) -> str:
    """The proper name in the label: the words before the kind of place, or after 'in'."""
    found = re.search(r"\bin (?:the city of )?([A-ZÁÉÍÓÚÑ][\w áéíóúñ]+?)\)?$", label)
    if found:
        return found.group(1)
    kind = r"\s(?:city |area )?(?:police |investigative police )?(?:checkpoint|substation|station|jail|prison|headquarters|unit)\b"
    found = re.match(rf"(.+?){kind}", label)
    return found.group(1) if found else ""


def propose(label: str) -> tuple[str, str, str]:
    """(name_en, name_es, category) proposed from the label's words."""
    low, name, place = label.lower(), clean(label), town(clean(label))
    if "jail" in low or "prison" in low:
        return name, f"Cárcel de {place}" if place else "", "prison-camp"
    if "checkpoint" in low:
        return name, f"Retén de Carabineros de {place}" if place else "", "detention-centre"
    if "substation" in low:
        return name, f"Subcomisaría de Carabineros de {place}" if place else "", "detention-centre"
    if "investigative police" in low:
        return name, f"Cuartel de Investigaciones de {place}" if place else "", "detention-centre"
    if STATION.search(label) and number(label):
        return name, f"Comisaría N° {number(label)}", "detention-centre"
    return name, "", "detention-centre"


def group_key(label: str, commune: str) -> tuple[str, str]:
    """Proposal: labels of one commune with the same kind and number (or town) may name one place."""
    kind = next((k for k in ("jail", "prison", "checkpoint", "substation", "regiment", "station", "ministry")
                 if k in label.lower()), label.lower())
    kind = "jail" if kind == "prison" else kind
    return commune, f"{kind} {number(label) or town(clean(label)).lower()}"


def people_by_label(csv_path: Path) -> dict[str, list[dict]]:
    held: dict[str, list[dict]] = defaultdict(list)
    with csv_path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for i in range(1, 7):
                if row[f"place_{i}"] == "In Custody" and row not in held[row[f"location_{i}"]]:
                    held[row[f"location_{i}"]].append(row)
    return held


def _date(row: dict, side: str) -> str:
    daily, monthly = row[f"{side}_date_daily"], row[f"{side}_date_monthly"]
    return daily if daily != "NA" else (monthly[:7] if monthly != "NA" else "")


def period(people: list[dict]) -> dict:
    """From the earliest to the latest date of the people held there, at the data's precision."""
    dates = [d for row in people for d in (_date(row, "start"), _date(row, "end")) if d]
    ids = sorted({int(row["individual_id"]) for row in people})
    pages = sorted({row["page"] for row in people if row["page"] != "NA"}, key=lambda p: (int(p.split("-")[0]), p))
    at = f"Rettig report, pp. {', '.join(pages)} (individual_id {', '.join(map(str, ids))})"
    if not dates:
        return {"start": "1973", "end": "1990", "use": "repression", "sources": [{"source": RETTIG, "at": at}]}
    start = min(dates, key=lambda d: d.ljust(10, "0"))
    end = max(dates, key=lambda d: d.ljust(10, "9"))
    return {"start": start, "end": end, "use": "repression", "sources": [{"source": RETTIG, "at": at}]}


def naming(labels: list[str], commune: str) -> tuple[str, str, str]:
    """(name_en, name_es, category) of a group: the review's, else the rule's with the commune added."""
    name_en, name_es, category = propose(labels[0])
    fixed = NAMES.get(labels[0])
    if fixed:
        return fixed[0], fixed[1], fixed[2] or category
    return (name_en if commune in name_en else f"{name_en}, {commune}"), name_es, category


def entry(labels: list[str], commune: str, people: list[dict]) -> dict:
    name_en, name_es, category = naming(labels, commune)
    span = period(people)
    item = {"name_en": name_en, **({"name_es": name_es} if name_es else {}), "category": category,
            "commune": commune, "periods": [span],
            "sources": [{"source": FREIRE, "at": "custody places labelled " + "; ".join(f'"{x}"' for x in labels)},
                        {"source": RETTIG, "at": span["sources"][0]["at"].removeprefix("Rettig report, ")}]}
    if span["start"] == "1973" and span["end"] == "1990" and not any(_date(r, "start") for r in people):
        item["dates_note"] = "the source gives no dates; the whole dictatorship"
    when = f"between {span['start']} and {span['end']}" if span["start"] != span["end"] else f"on {span['start']}"
    count = len(people)
    item["summary_en"] = (f"The Rettig report, as coded by Freire et al., places {count} "
                          f"{'person' if count == 1 else 'people'} in custody here {when}.")
    cuando = f"entre {span['start']} y {span['end']}" if span["start"] != span["end"] else f"el {span['start']}"
    item["summary_es"] = (f"Según el Informe Rettig, en la codificación de Freire et al., {count} "
                          f"{'persona estuvo detenida' if count == 1 else 'personas estuvieron detenidas'} aquí {cuando}.")
    return item


def _communes(table: list[dict]) -> dict[str, str]:
    """This script's labels and their communes: still `no site yet`, or linked by an earlier run (the site's)."""
    from mapapp.load import load_catalog

    sites = load_catalog().sites
    found = {e["label"]: e.get("commune", "") for e in table if e.get("reason") == "no site yet"}
    return found | {e["label"]: sites[e["site"]].commune for e in table if e.get("note") == LINKED}


def groups(table: list[dict]) -> list[tuple[list[str], str]]:
    """The reviewed groups of the labels, each with its commune."""
    open_labels = _communes(table)
    grouped = {label for group in GROUPS for label in group}
    result = [(group, COMMUNES.get(group[0], open_labels[group[0]])) for group in GROUPS]
    result += [([label], commune) for label, commune in open_labels.items() if label not in grouped | set(SKIPPED)]
    return result


def show_proposal(table: list[dict]) -> None:
    proposed: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in table:
        if e.get("reason") == "no site yet":
            proposed[group_key(e["label"], e.get("commune", ""))].append(e["label"])
    reviewed = {tuple(sorted(g)) for g in GROUPS}
    for key, labels in sorted(proposed.items()):
        if len(labels) > 1:
            print("proposed", key, labels, "KEPT" if tuple(sorted(labels)) in reviewed else "CHANGED IN REVIEW")


def region_of(commune: str) -> str:
    """Return the region of a commune of the official 2023 division."""
    import geopandas

    from mapapp.boundaries import PARQUET

    frame = geopandas.read_parquet(PARQUET, columns=["COMUNA", "REGION"])
    return frame.loc[frame["COMUNA"] == commune, "REGION"].iloc[0]


def write_lists(csv_path: Path, table: list[dict]) -> None:
    held = people_by_label(csv_path)
    by_region: dict[str, list[dict]] = defaultdict(list)
    for labels, commune in groups(table):
        people = [row for label in labels for row in held[label]]
        unique = list({row["individual_id"]: row for row in people}.values())
        by_region[region_of(commune)].append(entry(labels, commune, unique))
    skipped = [{"name": label, "why": why} for label, why in SKIPPED.items()]
    for region, entries in sorted(by_region.items()):
        listing = {"region": region, "entries": entries, "sources": SOURCES,
                   "report": {"listed_by_sources": len(entries), "added": len(entries), "already": [],
                              "skipped": [s for s in skipped if s["name"] in _skipped_in(table, region)],
                              "notes": "from the `no site yet` labels of geodata/victims/places.json; "
                                       "made by scripts/rettig_places.py"}}
        path = LISTS / f"rettig-{REGION_SLUGS[region]}.json"
        path.write_text(json.dumps(listing, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{path.name}: {len(entries)} entries")


def _skipped_in(table: list[dict], region: str) -> set[str]:
    return {e["label"] for e in table if e["label"] in SKIPPED and e.get("commune") and region_of(e["commune"]) == region}


def link_labels(document: dict) -> None:
    """Point each label of a built entry at its new site (run after scripts/build_inventory.py)."""
    from mapapp.load import load_catalog

    sites = {(s.name.en, s.commune): s.id for s in load_catalog().sites.values() if s.tier == "inventory"}
    table = document["labels"]
    named = {e["label"]: e for e in table}
    for labels, commune in groups(table):
        site = sites[(naming(labels, commune)[0], commune)]
        for label in labels:
            named[label].clear()
            named[label].update({"label": label, "site": site, "how": "name", "note": LINKED})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="the Freire et al. pinochet.csv")
    parser.add_argument("--write", action="store_true", help="write docs/inventory/rettig-<region>.json")
    parser.add_argument("--link", action="store_true", help="after the build, link the labels in places.json")
    args = parser.parse_args()
    document = json.loads(PLACES.read_text(encoding="utf-8"))
    show_proposal(document["labels"])
    if args.write:
        write_lists(args.csv, document["labels"])
    if args.link:
        link_labels(document)
        PLACES.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
