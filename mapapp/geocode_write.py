"""Write accepted INE points into the record: the site's geometry and location, and the source.

The region files are edited as JSON text in the record's own format (one-space indent,
UTF-8 kept, trailing newline, key order kept); nothing but the placed sites' coordinates and
`location` changes, and the bibliography gains the INE dataset once.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mapapp.addresses import parse_address
from mapapp.geocode_review import INE_SOURCE, Proposal, address_sources
from mapapp.layout import file_of

INE_ENTRY = {
    "id": INE_SOURCE,
    "title": "Marco Geoestadístico 2021: direcciones urbanas (capa MGE_NACIONAL_URB), "
    "republicado por AddressForAll (preservCutGeo-CL2021)",
    "publisher": "Instituto Nacional de Estadísticas (INE) / AddressForAll",
    "url": "https://github.com/digital-guard/preservCutGeo-CL2021",
    "kind": "dataset",
    "date": "2021",
}
OLD_POINT = re.compile(r"punto|coordenada|point|coordinate", re.IGNORECASE)  # a clause about the old point


def _dump(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def kept_note(text: str) -> str:
    """Return the clauses of an old location note that do not describe the old point."""
    clauses = [part.strip() for part in re.split(r"(?<=[.;])\s+|;\s*", text or "") if part.strip()]
    kept = [clause.rstrip(".;") for clause in clauses if not OLD_POINT.search(clause)]
    return " ".join(f"{clause[0].upper()}{clause[1:]}." for clause in kept)


def note(proposal: Proposal) -> dict[str, str]:
    """Return the new location note (es, en): INE's point for the published address, and what is kept."""
    site, placed = proposal.site, proposal.placed
    mean_es = f" (media de {placed.points} puntos del INE para la misma dirección)" if placed.points > 1 else ""
    mean_en = f" (the mean of {placed.points} INE points for the same address)" if placed.points > 1 else ""
    published = parse_address(site.address)
    texts = {
        "es": f"Punto de las direcciones urbanas del INE (2021) para la dirección publicada, "
        f"{published.street} {published.number}: {placed.label()}{mean_es}. "
        "La numeración actual puede diferir de la de 1973.",
        "en": f"INE's 2021 urban address point for the published address, "
        f"{published.street} {published.number}: {placed.label()}{mean_en}. "
        "Today's numbering may differ from 1973's.",
    }
    for language in texts:
        old = kept_note(site.location.note.get(language) or "")
        texts[language] += f" {old}" if old else ""
    return texts


def _location(proposal: Proposal, location: dict, properties: dict, sources: dict) -> None:
    """Rewrite a site's location dict in place (keys keep their order)."""
    ids = address_sources(proposal.site, sources)
    own = {citation["source"]: citation for citation in properties.get("sources", [])}
    cited = [dict(own.get(source) or {"source": source}) for source in ids]
    cited.append({"source": INE_SOURCE, "at": proposal.placed.label()})
    location["precision"] = "street"
    location["sources"] = cited
    location["note"] = note(proposal)


def apply(root: Path, proposals: list[Proposal], sources: dict) -> list[str]:
    """Write the accepted proposals into their region files; return the files written."""
    accepted = [proposal for proposal in proposals if proposal.accepted]
    by_file: dict[str, list[Proposal]] = {}
    for proposal in accepted:
        by_file.setdefault(file_of("sites", proposal.site.region), []).append(proposal)
    written = []
    for name, group in sorted(by_file.items()):
        path = root / name
        document = json.loads(path.read_text(encoding="utf-8"))
        features = {feature.get("id"): feature for feature in document["features"]}
        for proposal in group:
            feature = features[proposal.site.id]
            feature["geometry"]["coordinates"] = [proposal.placed.lon, proposal.placed.lat]
            properties = feature["properties"]
            _location(proposal, properties["location"], properties, sources)
        path.write_text(_dump(document), encoding="utf-8")
        written.append(name)
    if accepted:
        written.extend(add_ine_source(root))
    return written


def add_ine_source(root: Path) -> list[str]:
    """Add the INE dataset to the bibliography, in id order, unless a source file has it."""
    folder = root / "sources"
    for path in sorted(folder.glob("*.json")):
        if INE_SOURCE in {source.get("id") for source in json.loads(path.read_text(encoding="utf-8"))["sources"]}:
            return []
    path = folder / "bibliography.json"
    document = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"sources": []}
    document["sources"] = sorted([*document["sources"], dict(INE_ENTRY)], key=lambda source: source.get("id", ""))
    path.write_text(_dump(document), encoding="utf-8")
    return [f"sources/{path.name}"]


def uncited(catalog, candidates: set[str]) -> set[str]:
    """Return the candidate sources no record of the catalog cites any more."""
    records = (*catalog.sites.values(), *catalog.testimony.values(), *catalog.events.values(), *catalog.routes.values())
    cited = {citation.source for record in records for citation in record.citations()}
    return {source for source in candidates if source in catalog.sources} - cited


def drop_sources(root: Path, dropped: set[str]) -> list[str]:
    """Remove sources from the bibliography files (the record lists only what it cites)."""
    written = []
    for path in sorted((root / "sources").glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        kept = [source for source in document["sources"] if source.get("id") not in dropped]
        if len(kept) != len(document["sources"]):
            document["sources"] = kept
            path.write_text(_dump(document), encoding="utf-8")
            written.append(f"sources/{path.name}")
    return written
