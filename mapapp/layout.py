"""Where each record lives in the data directory, and the check that it lives there.

Sites, testimony and events go in the file of their region, named by the region's slug
(`sites/valparaiso.geojson`, `testimony/valparaiso.json`, `events/valparaiso.json`); what
happened outside Chile goes in `abroad`. Testimony and an event at a site follow the site's
region; an event at a place of its own follows the place's. Each route has a file named by
its id (`routes/<id>.json`), and so has each tour (`tours/<id>.json`). Sources may be in any file (the record keeps one bibliography).

`keep_in_layout` turns a misplaced record into a `Rejection` naming the file it belongs in;
a file named after no region is rejected whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from mapapp.model import REGIONS, Rejection, Site
from mapapp.schema import FOLDERS

# region -> slug: the file name, without its suffix, of the region's records.
REGION_SLUGS: dict[str, str] = {
    "Arica y Parinacota": "arica-y-parinacota",
    "Tarapacá": "tarapaca",
    "Antofagasta": "antofagasta",
    "Atacama": "atacama",
    "Coquimbo": "coquimbo",
    "Valparaíso": "valparaiso",
    "Metropolitana de Santiago": "metropolitana",
    "Libertador General Bernardo O'Higgins": "ohiggins",
    "Maule": "maule",
    "Ñuble": "nuble",
    "Biobío": "biobio",
    "La Araucanía": "la-araucania",
    "Los Ríos": "los-rios",
    "Los Lagos": "los-lagos",
    "Aysén del General Carlos Ibáñez del Campo": "aysen",
    "Magallanes y de la Antártica Chilena": "magallanes",
}

ABROAD = "abroad"  # the slug, and the "region", of what happened outside Chile
REGIONAL = ("sites", "testimony", "events")  # the folders kept one file per region
NAMED_BY_ID = ("routes", "tours")  # the folders kept one file per record, named by its id
_REGION_OF_SLUG = {slug: region for region, slug in REGION_SLUGS.items()} | {ABROAD: ABROAD}


def slug_of(region: str) -> str:
    """Return the file slug of a region (or of `ABROAD`)."""
    return ABROAD if region == ABROAD else REGION_SLUGS[region]


def region_of_file(path: str | PurePath) -> str | None:
    """Return the region a file is named after, `ABROAD` for abroad.*, None for any other name."""
    return _REGION_OF_SLUG.get(PurePath(path).stem)


def file_of(folder: str, region: str) -> str:
    """Return the file, below the data directory, that holds a folder's records of `region`."""
    return f"{folder}/{slug_of(region)}{FOLDERS[folder][0]}"


def region_names(folder: str) -> str:
    """Return the file names a regional folder accepts, for messages and docs."""
    return ", ".join(PurePath(file_of(folder, region)).name for region in (*REGIONS, ABROAD))


def _site_region(site: Site) -> str:
    return ABROAD if site.abroad else site.region


def _of(region: str) -> str:
    return "abroad" if region == ABROAD else f"of region {region}"


def _holds(region: str) -> str:
    return "those abroad" if region == ABROAD else f"region {region}"


def _placed(folder: str, record: Any, sites: Mapping[str, Site]) -> tuple[str, str, str] | None:
    """Return (field, region, what the region belongs to) for a record, or None if it cannot be told."""
    if folder == "sites":
        return "properties.region", _site_region(record), "a site"
    if getattr(record, "place", None):
        place = record.place
        return "place.region", ABROAD if place.abroad else place.region, "a place"
    site = sites.get(record.site) if record.site else None
    if site is None:  # a missing site is the loader's to report
        return None
    return "site", _site_region(site), f"site {site.id}"


def _misplaced_record(folder: str, record: Any, label: str, sites: Mapping[str, Site]) -> Rejection | None:
    placed = _placed(folder, record, sites)
    if placed is None:
        return None
    field, region, owner = placed
    held = region_of_file(label)
    if region == held:
        return None
    name = f"{folder}/{PurePath(label).name}"
    kind = {"sites": "a site", "testimony": "testimony at a site", "events": "an event"}[folder]
    expected = f"{kind} {_of(held)} (file {name} holds {_holds(held)})"
    got = f"{owner} {_of(region)}, whose file is {file_of(folder, region)}"
    return Rejection(label, record.id, field, expected, got)


def _misnamed(folder: str, record: Any, label: str) -> Rejection | None:
    """Reject a route or tour in a file not named by its id."""
    stem, kind = PurePath(label).stem, folder.removesuffix("s")
    if record.id == stem:
        return None
    expected = f"the {kind} the file is named after (file {folder}/{PurePath(label).name} holds {kind} {stem})"
    return Rejection(label, record.id, "id", expected, f"{kind} {record.id}, whose file is {folder}/{record.id}.json")


def misplaced(folder: str, records: Mapping[str, tuple[Any, str]], sites: Mapping[str, Site]) -> list[Rejection]:
    """Return a rejection for each record of `folder` not in the file the layout gives it.

    `records` maps id -> (record, file label) as parsed; `sites` holds the parsed sites,
    whose regions place testimony and events. A file of a regional folder named after no
    region is one rejection (record "") for the whole file.
    """
    found: list[Rejection] = []
    bad_files: set[str] = set()
    for record, label in records.values():
        if folder in NAMED_BY_ID:
            rejection = _misnamed(folder, record, label)
        elif folder not in REGIONAL:
            rejection = None
        elif region_of_file(label) is None:
            if label not in bad_files:
                bad_files.add(label)
                expected = f"a file named after a region: one of {region_names(folder)}"
                found.append(Rejection(label, "", "(file)", expected, PurePath(label).name))
            continue
        else:
            rejection = _misplaced_record(folder, record, label, sites)
        if rejection:
            found.append(rejection)
    return found


def keep_in_layout(parsed: dict[str, dict[str, tuple[Any, str]]], rejections: list[Rejection]) -> dict:
    """Return the parsed folders without their misplaced records, adding a rejection for each."""
    sites = {record_id: record for record_id, (record, _) in parsed["sites"].items()}
    kept = {}
    for folder, records in parsed.items():
        found = misplaced(folder, records, sites)
        rejections.extend(found)
        whole = {item.file for item in found if not item.record}
        single = {item.record for item in found if item.record}
        kept[folder] = {
            record_id: (record, label)
            for record_id, (record, label) in records.items()
            if label not in whole and record_id not in single
        }
    return kept
