"""Exports of a selection: GeoJSON and CSV, each site with its testimony and citations.

Both are safe where they are opened: every text loses its control and bidirectional-control
characters (`mapapp.escape.plain`), and a CSV text cell that a spreadsheet would run as a
formula (starting with =, +, -, @, tab or carriage return) gets a leading single quote, the
OWASP way. Numbers (the coordinates) are written as numbers, whatever their sign.
"""

from __future__ import annotations

import csv
import io
import json

from mapapp import escape
from mapapp.cite import LICENCE_URL
from mapapp.filters import Filter, Selection
from mapapp.model import Catalog, Citation, Fact, Site, Testimony, Text


def _cite(citations: tuple[Citation, ...], catalog: Catalog) -> list[dict]:
    found = []
    for citation in citations:
        source = catalog.sources[citation.source]
        found.append(
            {
                "source": source.id,
                "at": citation.at,
                "title": source.title,
                "publisher": source.publisher,
                "url": source.url,
            }
        )
    return found


def _text(value: Text) -> dict:
    return {"es": value.es, "en": value.en}


def _fact(fact: Fact, catalog: Catalog) -> dict:
    return {
        "about": _text(fact.about),
        "disputed": fact.disputed,
        "values": [
            {"value": v.value, "note": _text(v.note), "sources": _cite(v.sources, catalog)} for v in fact.values
        ],
    }


def _testimony(item: Testimony, catalog: Catalog) -> dict:
    return {
        "id": item.id,
        "witness": {"kind": item.witness.kind, "name": item.witness.name},
        "given": item.given.iso(),
        "content_note": item.content_note,
        "summary": _text(item.summary),
        "sources": _cite(item.sources, catalog),
    }


def site_properties(site: Site, catalog: Catalog) -> dict:
    """Return everything the record says about a site, with citations resolved."""
    return {
        "id": site.id,
        "name_es": site.name.es,
        "name_en": site.name.en,
        "category": site.category,
        "address": site.address,
        "commune": site.commune,
        "region": site.region,
        "abroad": site.abroad,
        "location_precision": site.location.precision,
        "location_sources": _cite(site.location.sources, catalog),
        "periods": [
            {
                "start": p.start.iso(),
                "end": p.end.iso() if p.end else None,
                "use": p.use,
                "note": _text(p.note),
                "sources": _cite(p.sources, catalog),
            }
            for p in site.periods
        ],
        "today": None
        if site.today is None
        else {
            "status": site.today.status,
            "decree": site.today.decree.iso() if site.today.decree else None,
            "note": _text(site.today.note),
            "sources": _cite(site.today.sources, catalog),
        },
        "summary_es": site.summary.es,
        "summary_en": site.summary.en,
        "facts": [_fact(fact, catalog) for fact in site.facts],
        "testimony": [_testimony(item, catalog) for item in catalog.testimony_at(site.id)],
        "sources": _cite(site.sources, catalog),
    }


def to_geojson(selection: Selection, catalog: Catalog, wanted: Filter) -> str:
    """Return the selected sites as a GeoJSON FeatureCollection of Points."""
    features = [
        {
            "type": "Feature",
            "id": site.id,
            "geometry": {"type": "Point", "coordinates": [site.lon, site.lat]},
            "properties": site_properties(site, catalog),
        }
        for site in selection.sites
    ]
    collection = {"type": "FeatureCollection", "license": LICENCE, "filter": describe_filter(wanted), "features": features}
    return json.dumps(_plain(collection), ensure_ascii=False, indent=1)


def _plain(value):
    """Return the JSON value with every text made plain (`escape.plain`), numbers and the rest as they are."""
    if isinstance(value, str):
        return escape.plain(value)
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


# The licence a GeoJSON file carries (a foreign member, as RFC 7946 allows); see LICENSE-DATA.md.
LICENCE = f"CC BY 4.0 {LICENCE_URL} (each cited source keeps its own terms)"

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """Return a CSV cell a spreadsheet shows as written: text made plain, a formula-like text quoted.

    Numbers are returned as they are: a negative coordinate stays a number.
    """
    if not isinstance(value, str):
        return value
    shown = escape.plain(value)
    return "'" + shown if shown.startswith(FORMULA_START) else shown


CSV_COLUMNS = (
    "id",
    "name_es",
    "name_en",
    "category",
    "latitude",
    "longitude",
    "location_precision",
    "address",
    "commune",
    "region",
    "abroad",
    "periods",
    "today",
    "summary_es",
    "summary_en",
    "facts",
    "testimony",
    "sources",
)


def _citations_text(cited: list[dict]) -> str:
    return "; ".join(f"{c['title']}{', ' + c['at'] if c['at'] else ''} <{c['url']}>" for c in cited)


def to_csv(selection: Selection, catalog: Catalog) -> str:
    """Return the selected sites as CSV, one row per site, citations written out in each cell."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for site in selection.sites:
        props = site_properties(site, catalog)
        row = {
            **{
                key: props[key]
                for key in (
                    "id",
                    "name_es",
                    "name_en",
                    "category",
                    "location_precision",
                    "address",
                    "commune",
                    "region",
                    "abroad",
                    "summary_es",
                    "summary_en",
                )
            },
            "latitude": site.lat,
            "longitude": site.lon,
            "periods": " | ".join(
                f"{p['start']}/{p['end'] or ''} ({p['use']}) [{_citations_text(p['sources'])}]"
                for p in props["periods"]
            ),
            "today": "" if not props["today"] else props["today"]["status"],
            "facts": " | ".join(
                f"{f['about']['en'] or f['about']['es']}: "
                + "; ".join(f"{v['value']} [{_citations_text(v['sources'])}]" for v in f["values"])
                for f in props["facts"]
            ),
            "testimony": " | ".join(
                f"{item['witness']['kind']} {item['witness']['name']} ({item['given']}, "
                f"{item['content_note']}): {item['summary']['en'] or item['summary']['es']} "
                f"[{_citations_text(item['sources'])}]"
                for item in props["testimony"]
            ),
            "sources": _citations_text(props["sources"]),
        }
        writer.writerow({column: csv_cell(value) for column, value in row.items()})
    return out.getvalue()


def describe_filter(wanted: Filter) -> dict:
    return {
        "start": wanted.start.isoformat(),
        "end": wanted.end.isoformat() if wanted.end else None,
        "categories": sorted(wanted.categories),
        "text": wanted.text,
    }
