"""Check the Freire et al. (2019) dataset's places, and link them to curated sites.

The records (`Person`, `VictimPlace`, `Problem`, `ImportResult`) are in
`mapapp.victims_records`; `mapapp.victims_csv` reads them from the CSV. Every doubtful place is kept, and flagged.

A place is flagged (shown as an approximate location, with the reason) when:

- the dataset says its coordinate is not exact (`exact_coordinates_N` is 0 or missing);
- no Chilean commune holds it (abroad, or at sea), per the official boundaries;
- its name matches a curated site but it lies more than `FAR_KM` from that site;
- the dataset places other places of the same name elsewhere (more than `FAR_KM` from the
  middle of the exactly placed ones);
- it is approximate and more than `PERSON_FAR_KM` from every exactly placed place of the same
  person (how the Paine victims came to be geocoded in Araucanía);
- it is one of the known errors recorded in `RESEARCH.md` (`KNOWN_ERRORS`).

A place links to a curated site by its label when the reviewed table of custody places
(`victims/places.json`, read by `mapapp.victims_places`) links the label, or, for a label the
table does not hold, when it matches an alias of the site (`mapapp.victims_places.ALIASES`, on
text folded for case and accents); and by its point when it is an exact, unflagged place of custody whose label the
table leaves open ("ambiguous", or not in the table) and it lies within the precision radius
(100 m) of a detention centre, prison camp or execution site placed to the building (a street
or a home near a site is not the site, nor is a town's centre point). Each link says how
it was made (`VictimPlace.how`: "name" or "point").

Each flag is one readable sentence that starts with its code: "far-from-site: ...".
"""

from __future__ import annotations

import dataclasses
import re
import statistics
from collections import defaultdict

from pyproj import Geod

from mapapp import boundaries
from mapapp.filters import fold
from mapapp.model import Catalog, Site
from mapapp.victims_places import CUSTODY, OPEN_TO_POINT, LabelEntry, point_sites, site_by_name
from mapapp.victims_records import (  # noqa: F401 (the records were defined here first)
    KEPT,
    ROW_DROPPED,
    VALUE_DROPPED,
    FreireError,
    ImportResult,
    Person,
    Problem,
    VictimPlace,
    flag_code,
)

FAR_KM = 5.0  # farther than this from the curated site, or from the same name elsewhere: flagged
PERSON_FAR_KM = 100.0  # an approximate place this far from the person's exact places: flagged
PRECISE = ("building", "street")
# An open ("ambiguous") label links by point only to a site placed to the building: at 300 m,
# in a city centre, the review found a Carabineros station linked to the Investigaciones
# headquarters, and a numbered station to a DINA house. Street-level links are made per label,
# in the reviewed table.
OPEN_POINT_PRECISIONS = ("building",)
_GEOD = Geod(ellps="WGS84")
PLACES = range(1, 7)
PLACE_COLUMNS = ("place", "location", "latitude", "longitude", "exact_coordinates")
DATE_COLUMNS = ("start_date_daily", "end_date_daily", "start_date_monthly", "end_date_monthly")
REQUIRED = (
    "individual_id",
    "last_name",
    "first_name",
    "violence",
    *DATE_COLUMNS,
    "page",
    *(f"{column}_{n}" for n in PLACES for column in PLACE_COLUMNS),
)
MISSING = "NA"

# Errors recorded in RESEARCH.md that no rule above can see: (pattern on the folded place
# name, site id, what research says).
KNOWN_ERRORS: tuple[tuple[str, str, str], ...] = (
    (
        r"^along the road between calama and antofagasta$",
        "topater",
        "research places the Calama executions of 19 Oct 1973 in the Topáter hills",
    ),
)


def km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Return the distance in km on the WGS84 ellipsoid."""
    return _GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000


def link_by_label(label: str, table: dict[str, LabelEntry], sites: dict[str, Site]) -> tuple[str, str]:
    """Return (site, how) the label links to: the table's link when it holds the label, else an alias's."""
    entry = table.get(label)
    if entry is not None:
        return entry.site, entry.how
    site_id = site_by_name(label, sites)
    return site_id, "name" if site_id else ""


def link_by_point(place, table: dict[str, LabelEntry], sites: dict[str, Site]) -> str:
    """Return the nearest site whose radius holds an exact place of custody the table leaves open, or ''."""
    entry = table.get(place.label)
    if place.kind != CUSTODY or not place.exact or (entry is not None and entry.reason not in OPEN_TO_POINT):
        return ""
    precise = {site_id: site for site_id, site in sites.items() if site.location.precision in OPEN_POINT_PRECISIONS}
    near = point_sites(place.lon, place.lat, precise)
    return near[0] if near else ""


def _name_site_flags(place, site_id: str, sites: dict[str, Site]) -> list[str]:
    flags = []
    if site_id:
        site = sites[site_id]
        away = km(place.lon, place.lat, site.lon, site.lat)
        if away > FAR_KM:
            why = (
                "which this map places to the building or street: the dataset's point is misplaced"
                if site.location.precision in PRECISE
                else f"which this map places at {site.location.precision} precision only"
            )
            flags.append(f"far-from-site: {away:.0f} km from {site.name.en}, the curated site of that name, {why}")
    for pattern, known_id, said in KNOWN_ERRORS:
        if known_id in sites and re.search(pattern, fold(place.label)):
            site = sites[known_id]
            away = km(place.lon, place.lat, site.lon, site.lat)
            if away > FAR_KM:
                flags.append(f"known-error: {said}, {away:.0f} km from this point ({site.name.en})")
    return flags


def _label_centres(people) -> dict[str, tuple[float, float]]:
    """Return, per folded name, the middle (median) of the places the dataset calls exact."""
    points = defaultdict(list)
    for person in people:
        for place in person.places:
            if place.lon is not None and place.exact:
                points[fold(place.label).strip()].append((place.lon, place.lat))
    return {
        label: (statistics.median(p[0] for p in found), statistics.median(p[1] for p in found))
        for label, found in points.items()
        if len(found) > 1
    }


def _person_flag(place, person) -> str:
    if place.exact:
        return ""
    exact = [other for other in person.places if other is not place and other.exact and other.lon is not None]
    if not exact:
        return ""
    away, nearest = min((km(place.lon, place.lat, o.lon, o.lat), o.label) for o in exact)
    if away <= PERSON_FAR_KM:
        return ""
    return f"far-from-person: {away:.0f} km from every exactly placed place of this person (nearest: {nearest})"


def place_flags(place, person, sites: dict[str, Site], centres: dict, site_id: str) -> list[str]:
    """Return why a place with coordinates is doubtful (empty when it is not)."""
    flags = []
    if place.exact is None:
        flags.append("exactness-unknown: the dataset does not say whether this coordinate is exact")
    elif not place.exact:
        flags.append("approximate: the dataset marks this coordinate as not exact")
    found = boundaries.locate(place.lon, place.lat)
    if found is None:
        flags.append("outside-chile: no Chilean commune holds this point (abroad, or at sea)")
    flags += _name_site_flags(place, site_id, sites)
    centre = centres.get(fold(place.label).strip())
    if centre and (away := km(place.lon, place.lat, *centre)) > FAR_KM:
        flags.append(
            f"far-from-same-name: {away:.0f} km from the other places the dataset calls '{place.label}' "
            "(another place of that name, or a misplaced point)"
        )
    person_flag = _person_flag(place, person)
    if person_flag:
        where = f"; the point is in {found[0]}, {found[1]}" if found else ""
        flags.append(person_flag + where)
    return flags


def _linked(place, person, sites: dict[str, Site], table: dict[str, LabelEntry], centres: dict) -> VictimPlace:
    """Return the place flagged, and linked by its label or else by its point, saying how."""
    site_id, how = link_by_label(place.label, table, sites)
    if place.lon is None:
        return dataclasses.replace(place, site=site_id, how=how)
    flags = place_flags(place, person, sites, centres, site_id)
    if not site_id and not flags:
        site_id = link_by_point(place, table, sites)
        how = "point" if site_id else ""
    return dataclasses.replace(place, flags=(*place.flags, *flags), site=site_id, how=how)


def check_and_link(people: list, catalog: Catalog, table: dict[str, LabelEntry] | None = None) -> list:
    """Return the people with every place flagged and linked (`table`: the custody places, by label)."""
    sites, table = catalog.sites, table or {}
    centres = _label_centres(people)
    return [
        dataclasses.replace(
            person, places=tuple(_linked(place, person, sites, table, centres) for place in person.places)
        )
        for person in people
    ]
