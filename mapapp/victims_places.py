"""The reviewed table of the custody places the Freire et al. (2019) data names.

`victims/places.json` in the data directory holds one entry per distinct label of a place of
kind "In Custody" (the dataset's `location_N` where `place_N` is "In Custody"): either a link
to a curated site, `{"site": id, "how": "name" | "point"}`, or the reason it has none,
`{"reason": ..., "note": ...}` (and, for "no site yet", the `commune` the data places it in).
`scripts/propose_victim_places.py` proposes the entries; a person reviews every one.

The importer (`mapapp.victims_check`) links a place by its label when the table links the
label (a label the table does not hold, of a place not of custody, by the `ALIASES` below), and
by its point when it is an exact place of custody the table leaves open ("ambiguous") lying
within `RADIUS_KM` of a site of detention or killing placed to the building. The proposal
script uses every radius of `RADIUS_KM` (street 300 m, locality 3 km); a reviewer decides.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from pyproj import Geod

from mapapp.filters import fold
from mapapp.load import DEFAULT_DATA, data_dir
from mapapp.model import Site

PLACES_FILE = Path("victims") / "places.json"
CUSTODY = "In Custody"
HOWS = ("name", "point")
REASONS = ("not a place", "abroad", "ambiguous", "no site yet")
OPEN_TO_POINT = ("ambiguous",)  # a label whose exact points may still link to the site they lie at
# How far from a site an exact point of custody may lie and still be that site, by the
# site's precision; a site placed at its commune, or approximately, links by name only.
RADIUS_KM = {"building": 0.1, "street": 0.3, "locality": 3.0}
# Sites a prisoner was held or killed at; memorials and seats of power sit near too many
# unrelated places (300 m once linked a Pudahuel centre to the Diego Portales building).
POINT_CATEGORIES = ("detention-centre", "prison-camp", "execution-site")
_GEOD = Geod(ellps="WGS84")


class PlacesError(ValueError):
    """The places table cannot be read, or an entry of it is wrong."""


@dataclass(frozen=True)
class LabelEntry:
    label: str
    site: str = ""
    how: str = ""
    reason: str = ""
    note: str = ""
    commune: str = ""


def _entry(item: object, path: Path, index: int) -> LabelEntry:
    where = f"{path}: entry {index + 1}"
    if not isinstance(item, dict) or not isinstance(item.get("label"), str):
        raise PlacesError(f"{where}: expected an object with a 'label' string, got {item!r}")
    where = f"{path}: label {item['label']!r}"
    unknown = set(item) - {"label", "site", "how", "reason", "note", "commune"}
    if unknown:
        raise PlacesError(f"{where}: unknown fields {', '.join(sorted(unknown))}")
    entry = LabelEntry(**{key: str(value) for key, value in item.items()})
    if entry.site and entry.how not in HOWS:
        raise PlacesError(f"{where}: 'how' must be one of {', '.join(HOWS)}, got {entry.how!r}")
    if not entry.site and entry.reason not in REASONS:
        raise PlacesError(f"{where}: expected a 'site', or a 'reason' in {', '.join(REASONS)}; got {entry.reason!r}")
    if entry.site and entry.reason:
        raise PlacesError(f"{where}: has both a 'site' and a 'reason'; give one")
    return entry


def load_places(data: str | os.PathLike | None = None) -> dict[str, LabelEntry]:
    """Return the table by label, from the data directory (the bundled one when it has none).

    Raise PlacesError naming the file and the label when the file or an entry is wrong, or a
    label is listed twice.
    """
    path = data_dir(data) / PLACES_FILE
    if not path.is_file():
        path = DEFAULT_DATA / PLACES_FILE
    try:
        items = json.loads(path.read_text(encoding="utf-8"))["labels"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PlacesError(f"{path}: cannot be read as a places table ({type(error).__name__}: {error})") from None
    table: dict[str, LabelEntry] = {}
    for index, item in enumerate(items):
        entry = _entry(item, path, index)
        if entry.label in table:
            raise PlacesError(f"{path}: label {entry.label!r} is listed twice")
        table[entry.label] = entry
    return table


def check_sites(table: dict[str, LabelEntry], sites: dict[str, Site], path: str = str(PLACES_FILE)) -> None:
    """Raise PlacesError when an entry links to a site the record does not hold."""
    missing = [entry for entry in table.values() if entry.site and entry.site not in sites]
    if missing:
        named = "; ".join(f"label {entry.label!r}: site {entry.site!r}" for entry in missing[:5])
        raise PlacesError(f"{path}: {len(missing)} entries link to no curated site ({named})")


def point_sites(lon: float, lat: float, sites: dict[str, Site]) -> list[str]:
    """Return the sites of detention or killing whose precision radius holds the point, nearest first."""
    near = []
    for site_id, site in sites.items():
        radius = RADIUS_KM.get(site.location.precision)
        if radius is None or site.category not in POINT_CATEGORIES:
            continue
        if abs(site.lat - lat) > radius / 50 or abs(site.lon - lon) > radius / 50:
            continue  # a cheap first cut: 1/50 degree is wider than 1 km at any Chilean latitude
        away = _GEOD.inv(lon, lat, site.lon, site.lat)[2] / 1000
        if away <= radius:
            near.append((away, site_id))
    return [site_id for _, site_id in sorted(near)]


# (pattern on the folded place name, curated site id). Names beginning "near", "outside",
# "along", "towards" or "on the road to" never link by name: they say the place is elsewhere.
ALIASES: tuple[tuple[str, str], ...] = (
    (r"\btres alamos\b", "tres-alamos"),
    (r"\bcuatro alamos\b", "cuatro-alamos"),
    (r"\b(national stadium|estadio nacional)\b", "estadio-nacional"),
    (r"\b(chile stadium|estadio chile|victor jara stadium)\b", "estadio-chile"),
    (r"\bvilla grimaldi\b", "villa-grimaldi"),
    (r"\blondres (no\.? ?)?38\b", "londres-38"),
    (r"\bjose domingo canas\b", "jose-domingo-canas-1367"),
    (r"\b(venda sexy|la discotheque)\b", "venda-sexy"),
    (r"\bnido 20\b", "nido-20"),
    (r"\bnido 18\b", "nido-18"),
    (r"\bchacabuco (prison )?camp\b|^chacabuco$", "chacabuco"),
    (r"\bpisagua (prison )?camp\b|^pisagua$", "pisagua"),
    (r"\bcerro chena\b", "cerro-chena"),
    (r"\btejas verdes\b", "tejas-verdes"),
    (r"\b(dawson island|isla dawson)\b", "isla-dawson"),
    (r"\bquiriquina\b", "isla-quiriquina"),
    (r"\blonquen lime (ovens|kilns)\b|\bhornos de lonquen\b", "hornos-de-lonquen"),
    (r"\bpatio 29\b", "patio-29"),
    (r"\bcolonia dignidad\b", "colonia-dignidad"),
    (r"\btopater\b", "topater"),
    (r"\bbulnes bridge\b", "puente-bulnes"),
    (r"^la moneda palace\b", "la-moneda"),
    (r"\bcalle borgono\b", "cuartel-borgono"),
    (r"\bdina clinic\b", "clinica-santa-lucia"),
    (r"\bel bosque air (base|force)\b|\bair force at el bosque\b", "base-aerea-el-bosque"),
    (r"^paine( area)?$|^paine substation$", "paine"),
    (r"^calama jail$", "carcel-calama"),
    (r"\bair war academy\b", "academia-guerra-aerea"),
    (r"\bbarros arana public school\b", "internado-nacional-barros-arana"),
    (r"^tacna regiment$", "regimiento-tacna"),
    (r"^buin regiment$", "regimiento-buin"),
    (r"\bsilva palma\b", "cuartel-silva-palma"),
    (r"^cerro moreno base$", "base-aerea-cerro-moreno"),
    (r"^tucapel regiment$", "regimiento-tucapel-temuco"),
    (r"^temuco jail$", "carcel-temuco"),
    (r"^los angeles regiment$", "regimiento-los-angeles"),
    (r"^chillan regiment$", "regimiento-chillan"),
    (r"^la serena jail$", "carcel-la-serena"),
    (r"^antofagasta jail$", "carcel-antofagasta"),
    (r"^linares artillery school$", "escuela-artilleria-linares"),
    (r"^caupolican regiment in porvenir$", "regimiento-caupolican-porvenir"),
    (r"^fort borgono marine base\b", "fuerte-borgono-talcahuano"),
)
_NOT_AT = re.compile(r"^(near|outside|along|towards?|on the road to)\b")


def site_by_name(label: str, sites: dict[str, Site]) -> str:
    """Return the id of the curated site the place name matches, or ''."""
    folded = fold(label).strip()
    if _NOT_AT.match(folded):
        return ""
    for pattern, site_id in ALIASES:
        if site_id in sites and re.search(pattern, folded):
            return site_id
    return ""
