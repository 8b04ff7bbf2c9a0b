"""Synthetic catalogues for the benchmark, built as mapapp.model objects, and their data directory.

Seeded, so every run measures the same records: names of 20-60 characters, summaries of
300-800, one to three periods between 1973 and 1990, points inside Chile's mainland box,
every category and precision, citations to a handful of sources.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from mapapp.dates import PartialDate
from mapapp.layout import file_of
from mapapp.model import (
    CATEGORIES,
    LOCATION_PRECISIONS,
    PERIOD_USES,
    Catalog,
    Citation,
    Location,
    Period,
    Site,
    Source,
    Text,
)

SEED = 1973
SOURCES = 5
# Inside records.CHILE_BOXES' mainland box (-76..-66, -56.6..-17.4), kept off its edges.
LON, LAT = (-75.0, -67.0), (-55.0, -18.0)
# A commune of each region, so that every region's file holds a share of the sites: a data file
# may hold at most 20 MiB (mapapp.datafiles.MAX_FILE_BYTES), and at 100,000 sites six files did not.
COMMUNES = (
    ("Arica", "Arica y Parinacota"),
    ("Iquique", "Tarapacá"),
    ("Antofagasta", "Antofagasta"),
    ("Copiapó", "Atacama"),
    ("La Serena", "Coquimbo"),
    ("Valparaíso", "Valparaíso"),
    ("Santiago", "Metropolitana de Santiago"),
    ("Rancagua", "Libertador General Bernardo O'Higgins"),
    ("Talca", "Maule"),
    ("Chillán", "Ñuble"),
    ("Concepción", "Biobío"),
    ("Temuco", "La Araucanía"),
    ("Valdivia", "Los Ríos"),
    ("Puerto Montt", "Los Lagos"),
    ("Coyhaique", "Aysén del General Carlos Ibáñez del Campo"),
    ("Punta Arenas", "Magallanes y de la Antártica Chilena"),
)
_WORDS = (
    "centro casa cuartel estadio regimiento isla campo sitio memoria calle villa avenida norte sur "
    "población parque puerto escuela hospital comisaría fundo retén cerro río plaza antiguo nuevo "
    "detention house barracks camp memorial street port school hospital station hill river square"
).split()
BOUNDARY_NOTE = Text(en="synthetic")


def _pool(rng: random.Random, size: int = 200_000) -> str:
    words, total = [], 0
    while total < size:
        word = rng.choice(_WORDS)
        words.append(word)
        total += len(word) + 1
    return " ".join(words)


def _cut(rng: random.Random, pool: str, low: int, high: int) -> str:
    length = rng.randint(low, high)
    start = rng.randrange(0, len(pool) - length)
    return pool[start : start + length].strip().capitalize()


def _date(rng: random.Random) -> PartialDate:
    year = rng.randint(1973, 1990)
    month = rng.randint(9 if year == 1973 else 1, 3 if year == 1990 else 12)
    return PartialDate(year, month, rng.randint(11 if (year, month) == (1973, 9) else 1, 28))


def _periods(rng: random.Random, cite: tuple[Citation, ...]) -> tuple[Period, ...]:
    periods = []
    for _ in range(rng.randint(1, 3)):
        start, end = sorted((_date(rng), _date(rng)))
        periods.append(Period(start, end, rng.choice(PERIOD_USES), cite))
    return tuple(periods)


def synthetic_catalog(count: int, seed: int = SEED) -> Catalog:
    """Return a catalogue of `count` synthetic sites (and the few sources they cite)."""
    rng = random.Random(seed)
    pool = _pool(rng)
    sources = {
        f"bench-source-{i}": Source(
            f"bench-source-{i}", f"Synthetic source {i}", "Benchmark", "web", f"https://example.org/{i}"
        )
        for i in range(SOURCES)
    }
    ids = list(sources)
    sites = {}
    for index in range(count):
        site_id = f"bench-{index:06d}"
        cite = (Citation(rng.choice(ids), f"p. {rng.randint(1, 400)}"),)
        commune, region = rng.choice(COMMUNES)
        sites[site_id] = Site(
            id=site_id,
            lon=round(rng.uniform(*LON), 5),
            lat=round(rng.uniform(*LAT), 5),
            name=Text(_cut(rng, pool, 20, 60), _cut(rng, pool, 20, 60)),
            category=CATEGORIES[index % len(CATEGORIES)],
            commune=commune,
            region=region,
            location=Location(rng.choice(LOCATION_PRECISIONS), cite, boundary_note=BOUNDARY_NOTE),
            periods=_periods(rng, cite),
            summary=Text(_cut(rng, pool, 300, 800), _cut(rng, pool, 300, 800)),
            sources=cite,
            address=_cut(rng, pool, 10, 40),
        )
    return Catalog(sources=sources, sites=sites)


def _text(value: Text) -> dict:
    return {"es": value.es, "en": value.en}


def _cites(citations: tuple[Citation, ...]) -> list[dict]:
    return [{"source": item.source, "at": item.at} for item in citations]


def _feature(site: Site) -> dict:
    location = {
        "precision": site.location.precision,
        "sources": _cites(site.location.sources),
        "boundary_note": _text(site.location.boundary_note),
    }
    periods = [
        {"start": p.start.iso(), "end": p.end.iso() if p.end else None, "use": p.use, "sources": _cites(p.sources)}
        for p in site.periods
    ]
    properties = {
        "name": _text(site.name),
        "category": site.category,
        "address": site.address,
        "commune": site.commune,
        "region": site.region,
        "location": location,
        "periods": periods,
        "summary": _text(site.summary),
        "sources": _cites(site.sources),
    }
    geometry = {"type": "Point", "coordinates": [site.lon, site.lat]}
    return {"type": "Feature", "id": site.id, "geometry": geometry, "properties": properties}


def write_data_dir(catalog: Catalog, root: Path) -> Path:
    """Write the catalogue as a data directory in the documented format and layout (geodata/README.md)."""
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "sites").mkdir(exist_ok=True)
    sources = [
        {"id": s.id, "title": s.title, "publisher": s.publisher, "url": s.url, "kind": s.kind}
        for s in catalog.sources.values()
    ]
    (root / "sources" / "bibliography.json").write_text(json.dumps({"sources": sources}), encoding="utf-8")
    by_file: dict[str, list[dict]] = {}
    for site in catalog.sites.values():  # each site in the file of its region, as the loader requires
        by_file.setdefault(file_of("sites", site.region), []).append(_feature(site))
    for name, features in by_file.items():
        document = {"type": "FeatureCollection", "features": features}
        (root / name).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return root


def synthetic_store(count: int, lang: str = "en", seed: int = SEED) -> dict:
    """Return a site store (mapapp.sitestore.store_payload's shape) of `count` synthetic sites,
    built directly: for sizes (a million) whose catalogue would take minutes to build."""
    from mapapp.sitestore import store_payload

    rng = random.Random(seed)
    payload = store_payload(synthetic_catalog(1), lang)
    payload["sites"] = [
        [f"bench-{i:07d}", f"Synthetic site {i}", round(rng.uniform(*LAT), 5), round(rng.uniform(*LON), 5), i % 5]
        for i in range(count)
    ]
    return payload


def real_scale_dir(real: Catalog, source: Path, root: Path, total: int) -> Path:
    """Copy the data directory `source` (holding `real`) to `root` and add synthetic inventory
    entries, citing one of the record's own sources, until it holds `total` sites."""
    import shutil

    shutil.copytree(source, root, dirs_exist_ok=True)
    cited = ({"source": next(iter(real.sources)), "at": "synthetic"},)
    extra = synthetic_catalog(max(0, total - len(real.sites)), seed=SEED + 1)
    by_file: dict[str, list[dict]] = {}
    for site in extra.sites.values():
        feature = _feature(site)
        properties = feature["properties"]
        properties["tier"] = "inventory"
        properties["sources"] = properties["location"]["sources"] = list(cited)
        for period in properties["periods"]:
            period["sources"] = list(cited)
        by_file.setdefault(file_of("sites", site.region), []).append(feature)
    for name, features in by_file.items():
        path = root / name
        document = json.loads(path.read_text(encoding="utf-8"))
        document["features"] += features
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return root
