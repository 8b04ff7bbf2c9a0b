"""schema.org JSON-LD for the published pages: the record as a `Dataset`, each site as a `Place`.

Search engines and dataset catalogues read these from a <script type="application/ld+json">
(`script`), written through `mapapp.escape.json_in_script` so that no text in it can end the element.
"""

from __future__ import annotations

from mapapp import escape
from mapapp.cite import LICENCE_URL, PUBLISHER
from mapapp.i18n import t
from mapapp.model import Site

FORMATS = {".csv": "text/csv", ".geojson": "application/geo+json", ".json": "application/json"}
TEMPORAL_COVERAGE = "1973-09-11/1990-03-11"


def dataset(base_url: str, version: str, files: list[str], langs: tuple[str, ...]) -> dict:
    """Return the whole record as a schema.org Dataset, its files as downloads (relative to base_url)."""
    publisher = {"@type": "Organization", "name": PUBLISHER["en"], "alternateName": PUBLISHER["es"]}
    downloads = [
        {"@type": "DataDownload", "contentUrl": base_url + name, "encodingFormat": FORMATS[name[name.rindex(".") :]]}
        for name in files
    ]
    found = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": t("app.title", langs[0]),
        "alternateName": [t("app.title", lang) for lang in langs[1:]],
        "description": " ".join(t("app.tagline", lang) for lang in langs),
        "version": version,
        "license": LICENCE_URL,
        "isAccessibleForFree": True,
        "creator": publisher,
        "publisher": publisher,
        "inLanguage": list(langs),
        "keywords": ["Chile", "dictatorship", "human rights", "memory sites", "1973-1990"],
        "spatialCoverage": {"@type": "Place", "name": "Chile"},
        "temporalCoverage": TEMPORAL_COVERAGE,
        "distribution": downloads,
    }
    if base_url:
        found["url"] = base_url
    return found


def place(site: Site, lang: str, url: str) -> dict:
    """Return a site as a schema.org Place: names, what the record says, where it is."""
    address = {"@type": "PostalAddress", "addressCountry": "CL" if not site.abroad else site.abroad}
    for key, value in (
        ("streetAddress", site.address),
        ("addressLocality", site.commune),
        ("addressRegion", site.region),
    ):
        if value and not (site.abroad and key == "addressRegion"):
            address[key] = value
    other = "en" if lang == "es" else "es"
    found = {
        "@context": "https://schema.org",
        "@type": "Place",
        "@id": url or None,
        "name": site.name.get(lang),
        "alternateName": site.name.get(other),
        "description": site.summary.get(lang),
        "additionalType": t("category." + site.category, lang),
        "geo": {"@type": "GeoCoordinates", "latitude": site.lat, "longitude": site.lon},
        "address": address,
        "url": url or None,
    }
    return {key: value for key, value in found.items() if value}


def script(value: dict) -> str:
    """Return the JSON-LD as a script element for a page's head."""
    return f'<script type="application/ld+json">{escape.json_in_script(value)}</script>'
