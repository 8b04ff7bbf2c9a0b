"""The whole record as a Frictionless Data Package: CSV tables, their schemas, sources and licences.

    data/sites.csv           every site, citations written out (`mapapp.export.to_csv`)
    data/events.csv          every event, with its site or place
    data/sources.csv         the bibliography every record cites
    data/testimony.csv       who gave each testimony, when, where, its content note and sources
    data/route-stops.csv     each route's stops in order
    data/victims.csv         the victims layer's people (Freire et al. 2019, MIT licence)
    data/victim-places.csv   their places, with the curated site each was linked to
    datapackage.json         the descriptor: resources, table schemas, keys, sources, licences

Dates are written as the record holds them, at their precision ("1973", "1973-10", "1973-10-16"),
so their columns are strings with a pattern. Every text cell is made safe for a spreadsheet
(`mapapp.export.csv_cell`). The project's data is CC BY 4.0; the victims layer keeps its MIT licence.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from mapapp.cite import LICENCE_URL, PUBLISHER
from mapapp.export import CSV_COLUMNS, csv_cell
from mapapp.i18n import t
from mapapp.model import CATEGORIES, ROUTE_KINDS, SOURCE_KINDS, Catalog, Citation, Place
from mapapp.victims_records import CITATION, ImportResult

VERSION = "0.1.0"  # the edition of the record (pyproject's version)
PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
CC_BY = {"name": "CC-BY-4.0", "path": LICENCE_URL, "title": "Creative Commons Attribution 4.0 International"}
MIT = {"name": "MIT", "path": "https://opensource.org/licenses/MIT", "title": "MIT License"}
FREIRE = {"title": CITATION, "path": "https://doi.org/10.31235/osf.io/vqnwu"}


def _field(name: str, kind: str = "string", description: str = "", **constraints) -> dict:
    found = {"name": name, "type": kind}
    if description:
        found["description"] = description
    if constraints:
        found["constraints"] = constraints
    return found


def _date(name: str, description: str = "", required: bool = False) -> dict:
    return _field(name, description=description, pattern=PARTIAL_DATE, **({"required": True} if required else {}))


def _id(name: str = "id", description: str = "") -> dict:
    return _field(name, description=description, required=True, unique=True)


def _site_ref(resource: str) -> dict:
    return {"fields": "site", "reference": {"resource": "sites", "fields": "id"}}


def _cited(citations: tuple[Citation, ...] | list[Citation]) -> str:
    return "; ".join(citation.source + (f" ({citation.at})" if citation.at else "") for citation in citations)


def _place(place: Place | None) -> list:
    if place is None:
        return ["", "", None, None]
    return [place.name.es, place.name.en, place.lat, place.lon]


PLACE_FIELDS = [
    _field("place_es", description="where it happened, when not a curated site (Spanish)"),
    _field("place_en"),
    _field("latitude", "number", "WGS84 degrees of the place", minimum=-90, maximum=90),
    _field("longitude", "number", "WGS84 degrees of the place", minimum=-180, maximum=180),
]
SOURCES_FIELD = _field("sources", description="the sources cited, by id (data/sources.csv), with page or part")


def _events(catalog: Catalog) -> tuple[list[list], dict]:
    rows = [
        [
            e.id,
            e.date.iso(),
            e.end.iso() if e.end else "",
            e.title.es,
            e.title.en,
            e.summary.es,
            e.summary.en,
            e.site,
            *_place(e.place),
            _cited(e.citations()),
        ]
        for _, e in sorted(catalog.events.items())
    ]
    fields = [_id(), _date("date", required=True), _date("end"), _field("title_es"), _field("title_en")]
    fields += [_field("summary_es"), _field("summary_en"), _field("site", description="the curated site, by id")]
    return rows, {
        "fields": fields + PLACE_FIELDS + [SOURCES_FIELD],
        "primaryKey": ["id"],
        "foreignKeys": [_site_ref("sites")],
    }


def _sources(catalog: Catalog) -> tuple[list[list], dict]:
    rows = [
        [s.id, s.title, s.publisher, s.kind, s.url, s.date.iso() if s.date else ""]
        for _, s in sorted(catalog.sources.items())
    ]
    fields = [_id(), _field("title", required=True), _field("publisher"), _field("kind", enum=list(SOURCE_KINDS))]
    fields += [{**_field("url"), "format": "uri"}, _date("date")]
    return rows, {"fields": fields, "primaryKey": ["id"]}


def _testimony(catalog: Catalog) -> tuple[list[list], dict]:
    rows = [
        [i.id, i.site, i.witness.kind, i.witness.name, i.given.iso(), i.content_note, _cited(i.sources)]
        for _, i in sorted(catalog.testimony.items())
    ]
    fields = [_id(), _field("site", required=True), _field("witness_kind"), _field("witness_name")]
    fields += [_date("given", "when the testimony was given"), _field("content_note"), SOURCES_FIELD]
    return rows, {"fields": fields, "primaryKey": ["id"], "foreignKeys": [_site_ref("sites")]}


def _route_stops(catalog: Catalog) -> tuple[list[list], dict]:
    rows = [
        [
            r.id,
            number,
            r.name.es,
            r.name.en,
            r.kind,
            stop.date.iso(),
            stop.site,
            *_place(stop.place),
            _cited(stop.sources),
        ]
        for _, r in sorted(catalog.routes.items())
        for number, stop in enumerate(r.stops, 1)
    ]
    fields = [_field("route", required=True), _field("stop", "integer", "the stop's place in the route", minimum=1)]
    fields += [_field("route_es"), _field("route_en"), _field("kind", enum=list(ROUTE_KINDS)), _date("date")]
    fields += [_field("site", description="the curated site, by id"), *PLACE_FIELDS, SOURCES_FIELD]
    return rows, {"fields": fields, "primaryKey": ["route", "stop"], "foreignKeys": [_site_ref("sites")]}


def _victims(layer: ImportResult) -> tuple[list[list], dict]:
    rows = [
        [
            p.id,
            p.last_name,
            p.first_name,
            p.violence,
            p.start.iso() if p.start else "",
            p.end.iso() if p.end else "",
            p.page,
            p.perpetrator,
        ]
        for p in layer.people
    ]
    fields = [_field("id", "integer", "the dataset's individual_id", required=True, unique=True)]
    fields += [_field("last_name"), _field("first_name"), _field("violence"), _date("start"), _date("end")]
    fields += [_field("page", description="the Rettig report's page(s)"), _field("perpetrator")]
    return rows, {"fields": fields, "primaryKey": ["id"]}


def _victim_places(layer: ImportResult) -> tuple[list[list], dict]:
    rows = [
        [
            p.id,
            pl.index,
            pl.kind,
            pl.label,
            pl.lat,
            pl.lon,
            "" if pl.exact is None else str(pl.exact).lower(),
            pl.site,
            "; ".join(pl.flags),
        ]
        for p, pl in layer.places()
    ]
    fields = [_field("person", "integer", required=True), _field("index", "integer", minimum=1, maximum=6)]
    fields += [_field("kind"), _field("label"), _field("latitude", "number"), _field("longitude", "number")]
    fields += [_field("exact", "boolean"), _field("site", description="the curated site it was linked to")]
    fields += [_field("flags", description="doubts the import raised (not facts)")]
    keys = [{"fields": "person", "reference": {"resource": "victims", "fields": "id"}}, _site_ref("sites")]
    return rows, {"fields": fields, "primaryKey": ["person", "index"], "foreignKeys": keys}


def _sites_schema() -> dict:
    numbers = {"latitude": (-90, 90), "longitude": (-180, 180)}
    fields = [
        _field(name, "number", minimum=numbers[name][0], maximum=numbers[name][1]) if name in numbers else _field(name)
        for name in CSV_COLUMNS
    ]
    fields[0] = _id()
    fields[CSV_COLUMNS.index("category")] = _field("category", enum=list(CATEGORIES))
    return {"fields": fields, "primaryKey": ["id"]}


def _csv(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[csv_cell("" if cell is None else cell) for cell in row] for row in rows])
    return out.getvalue()


def _resource(name: str, title: str, schema: dict, **extra) -> dict:
    return {
        "name": name,
        "path": f"data/{name.replace('_', '-')}.csv",
        "title": title,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
        **extra,
    }


def package_files(catalog: Catalog, layer: ImportResult | None, sites_csv: str) -> Iterator[tuple[str, str]]:
    """Yield (path, text) for each table and the descriptor; `sites_csv` is data/sites.csv as published."""
    tables = {
        "events": ("Events", _events(catalog), {}),
        "sources": ("Sources (bibliography)", _sources(catalog), {}),
        "testimony": ("Testimony (who, when, where; summaries are in sites.csv)", _testimony(catalog), {}),
        "route_stops": ("Routes, stop by stop", _route_stops(catalog), {}),
    }
    if layer is not None:
        own = {"licenses": [MIT], "sources": [FREIRE]}
        tables["victims"] = ("Victims layer: people of the Rettig report (Freire et al. 2019)", _victims(layer), own)
        tables["victim_places"] = ("Victims layer: their places", _victim_places(layer), own)
    resources = [_resource("sites", "Sites", _sites_schema())]
    yield "data/sites.csv", sites_csv
    for name, (title, (rows, schema), extra) in tables.items():
        resource = _resource(name, title, schema, **extra)
        resources.append(resource)
        yield resource["path"], _csv([field["name"] for field in schema["fields"]], rows)
    yield "datapackage.json", json.dumps(descriptor(catalog, resources), ensure_ascii=False, indent=1) + "\n"


def descriptor(catalog: Catalog, resources: list[dict]) -> dict:
    """Return the package's descriptor: who, what, which licence, which sources, which files."""
    sources = [
        {"title": s.title, "path": s.url} if s.url else {"title": s.title} for _, s in sorted(catalog.sources.items())
    ]
    return {
        "profile": "tabular-data-package",
        "name": "mapa-de-la-memoria-chile-1973-1990",
        "title": f"{t('app.title', 'es')} / {t('app.title', 'en')}",
        "description": f"{t('app.tagline', 'es')} / {t('app.tagline', 'en')}",
        "version": VERSION,
        "keywords": ["Chile", "1973-1990", "dictatorship", "memory", "human rights", "detention centres"],
        "contributors": [{"title": PUBLISHER["en"], "role": "publisher"}],
        "licenses": [CC_BY],
        "sources": [*sources, FREIRE],
        "resources": resources,
    }
