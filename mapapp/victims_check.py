"""Read and check the Freire et al. (2019) dataset: its people, their places, and the problems.

`read_freire` reads `pinochet.csv` into `Person` records. A row that cannot be read (a
shifted column, text that is not UTF-8) is reported with its row number and left out; a bad
value (a date, a coordinate) is reported with its row and column, and the row still imports.

Every doubtful place is kept, and flagged.

A place is flagged (shown as an approximate location, with the reason) when:

- the dataset says its coordinate is not exact (`exact_coordinates_N` is 0 or missing);
- no Chilean commune holds it (abroad, or at sea), per the official boundaries;
- its name matches a curated site but it lies more than `FAR_KM` from that site;
- the dataset places other places of the same name elsewhere (more than `FAR_KM` from the
  middle of the exactly placed ones);
- it is approximate and more than `PERSON_FAR_KM` from every exactly placed place of the same
  person (how the Paine victims came to be geocoded in Araucanía);
- it is one of the known errors recorded in `RESEARCH.md` (`KNOWN_ERRORS`).

A place links to a curated site when its name matches an alias of the site (`ALIASES`, on
text folded for case and accents), or when it is an exact, unflagged place of custody within
`NEAR_KM` of a detention centre, prison camp or execution site placed at building or street
precision (a street or a home near a site is not the site, nor is a town's centre point).

Each flag is one readable sentence that starts with its code: "far-from-site: ...".
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from pyproj import Geod

from mapapp import boundaries
from mapapp.dates import PartialDate
from mapapp.filters import fold
from mapapp.load import load_catalog
from mapapp.model import Catalog, Site

FAR_KM = 5.0  # farther than this from the curated site, or from the same name elsewhere: flagged
NEAR_KM = 0.1  # within this of a building- or street-precision site of repression: linked to it
PERSON_FAR_KM = 100.0  # an approximate place this far from the person's exact places: flagged
NEAR_KINDS = ("In Custody",)  # only places of custody link by distance: a street near a site is not the site
PRECISE = ("building", "street")
# Sites a prisoner was held or killed at; memorials and seats of power sit near too many
# unrelated places (on the real data, 300 m linked a Pudahuel centre to the Diego Portales building).
NEAR_CATEGORIES = ("detention-centre", "prison-camp", "execution-site")
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

# Errors recorded in RESEARCH.md that no rule above can see: (pattern on the folded place
# name, site id, what research says).
KNOWN_ERRORS: tuple[tuple[str, str, str], ...] = (
    (
        r"^along the road between calama and antofagasta$",
        "topater",
        "research places the Calama executions of 19 Oct 1973 in the Topáter hills",
    ),
)


class FreireError(Exception):
    """The file as a whole cannot be imported (or a stored layer cannot be read)."""


@dataclass(frozen=True)
class VictimPlace:
    index: int
    kind: str
    label: str
    lon: float | None
    lat: float | None
    exact: bool | None
    flags: tuple[str, ...] = ()
    site: str = ""

    @property
    def approximate(self) -> bool:
        return bool(self.flags)


@dataclass(frozen=True)
class Person:
    id: int
    last_name: str
    first_name: str
    violence: str
    start: PartialDate | None
    end: PartialDate | None
    page: str
    places: tuple[VictimPlace, ...] = ()

    @property
    def name(self) -> str:
        """Return the name as the report writes it: first names, then surnames."""
        return f"{self.first_name} {self.last_name}".strip()


ROW_DROPPED, VALUE_DROPPED, KEPT = "row not imported", "value not imported", "kept as given"


@dataclass(frozen=True)
class Problem:
    """One row, or one value, that could not be imported as it stands, and what became of it."""

    row: int
    record: str
    column: str
    reason: str
    effect: str = VALUE_DROPPED  # ROW_DROPPED, VALUE_DROPPED or KEPT

    def __str__(self) -> str:
        who = f" (individual_id {self.record})" if self.record else ""
        return f"row {self.row}{who}: {self.column}: {self.reason}; {self.effect}"


@dataclass(frozen=True)
class ImportResult:
    """The people that imported, the rows read, and every problem found on the way."""

    people: tuple[Person, ...]
    rows: int
    problems: tuple[Problem, ...] = ()
    source: str = "pinochet.csv"

    def places(self) -> list[tuple[Person, VictimPlace]]:
        return [(person, place) for person in self.people for place in person.places]

    def flagged(self) -> list[tuple[int, str, str]]:
        """Return (individual_id, column, reason) for every flag on every place."""
        return [(person.id, f"location_{place.index}", flag) for person, place in self.places() for flag in place.flags]

    def counts(self) -> dict[str, int]:
        """Return the flagged places per reason code (a place with two reasons counts twice)."""
        return dict(sorted(Counter(flag_code(flag) for _, _, flag in self.flagged()).items()))


def km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Return the distance in km on the WGS84 ellipsoid."""
    return _GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000


def site_by_name(label: str, sites: dict[str, Site]) -> str:
    """Return the id of the curated site the place name matches, or ''."""
    folded = fold(label).strip()
    if _NOT_AT.match(folded):
        return ""
    for pattern, site_id in ALIASES:
        if site_id in sites and re.search(pattern, folded):
            return site_id
    return ""


def _site_nearby(place, sites: dict[str, Site]) -> str:
    if place.kind not in NEAR_KINDS or not place.exact:
        return ""
    box = NEAR_KM / 50  # degrees: a cheap first cut, wider than NEAR_KM at any Chilean latitude
    near = [
        (away, site_id)
        for site_id, site in sorted(sites.items())
        if site.location.precision in PRECISE
        and site.category in NEAR_CATEGORIES
        and abs(site.lat - place.lat) < box
        and abs(site.lon - place.lon) < box
        and (away := km(place.lon, place.lat, site.lon, site.lat)) <= NEAR_KM
    ]
    return min(near)[1] if near else ""


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


def check_and_link(people: list, catalog: Catalog) -> list:
    """Return the people with every place flagged and linked (places without a point keep theirs)."""
    sites = catalog.sites
    centres = _label_centres(people)
    checked = []
    for person in people:
        places = []
        for place in person.places:
            if place.lon is None:
                places.append(place)
                continue
            site_id = site_by_name(place.label, sites)
            flags = place_flags(place, person, sites, centres, site_id)
            site_id = site_id or ("" if flags else _site_nearby(place, sites))
            places.append(dataclasses.replace(place, flags=(*place.flags, *flags), site=site_id))
        checked.append(dataclasses.replace(person, places=tuple(places)))
    return checked


def flag_code(flag: str) -> str:
    """Return the code a flag starts with ("far-from-site: 12 km ..." -> "far-from-site")."""
    return flag.split(":", 1)[0]


def _date(record: dict, column: str, row: int, problems: list[Problem]) -> PartialDate | None:
    value = record[column].strip()
    if value == MISSING:
        return None
    try:
        day = PartialDate.parse(value)
    except ValueError as error:
        problems.append(Problem(row, record["individual_id"], column, f"expected YYYY-MM-DD, got {error}"))
        return None
    return day if column.endswith("daily") else PartialDate(day.year, day.month)


def _dates(record: dict, row: int, problems: list[Problem]) -> tuple[PartialDate | None, PartialDate | None]:
    found = {column: _date(record, column, row, problems) for column in DATE_COLUMNS}
    start = found["start_date_daily"] or found["start_date_monthly"]
    end = found["end_date_daily"] or found["end_date_monthly"]
    if start and end and end.last_day() < start.first_day():
        problems.append(Problem(row, record["individual_id"], "end_date", f"{end.iso()} is before {start.iso()}", KEPT))
    return start, end


def _coordinate(record: dict, column: str, bound: float, row: int, problems: list[Problem]) -> float | None:
    text = record[column].strip()
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not -bound <= value <= bound:  # also false for nan
        problems.append(
            Problem(row, record["individual_id"], column, f"expected a number in -{bound:g}..{bound:g}, got {text!r}")
        )
        return None
    return value


def _place(record: dict, n: int, row: int, problems: list[Problem]) -> VictimPlace | None:
    values = {column: record[f"{column}_{n}"].strip() for column in PLACE_COLUMNS}
    if all(value == MISSING for value in values.values()):
        return None
    kind, label = (record[f"{c}_{n}"] if values[c] != MISSING else "" for c in ("place", "location"))
    flags = []
    lat = lon = None
    if values["latitude"] == MISSING or values["longitude"] == MISSING:
        flags.append("no-coordinates: the dataset gives no coordinate; not drawn on the map")
    else:
        lat = _coordinate(record, f"latitude_{n}", 90, row, problems)
        lon = _coordinate(record, f"longitude_{n}", 180, row, problems)
        if lat is None or lon is None:
            lat = lon = None
            flags.append("impossible-coordinate: the dataset's coordinate is not a point on Earth; not drawn")
    exact = {"1": True, "0": False}.get(values["exact_coordinates"])
    if exact is None and values["exact_coordinates"] != MISSING:
        problems.append(
            Problem(
                row,
                record["individual_id"],
                f"exact_coordinates_{n}",
                f"expected 0, 1 or NA, got {values['exact_coordinates']!r}",
            )
        )
    return VictimPlace(n, kind, label, lon, lat, exact, tuple(flags))


def _person(record: dict, row: int, problems: list[Problem]) -> Person | None:
    ident = record["individual_id"].strip()
    if not ident.isdigit():
        problems.append(Problem(row, "", "individual_id", f"expected a whole number, got {ident!r}", ROW_DROPPED))
        return None
    start, end = _dates(record, row, problems)
    places = tuple(p for n in PLACES if (p := _place(record, n, row, problems)))
    value = lambda column: "" if record[column].strip() == MISSING else record[column]  # noqa: E731
    return Person(
        int(ident), value("last_name"), value("first_name"), value("violence"), start, end, value("page"), places
    )


def _rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Return the header and (line number, values) per row; bytes that are not UTF-8 survive as surrogates."""
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="surrogateescape")
    except OSError as error:
        raise FreireError(f"{path}: cannot read the file: {error.strerror or error}") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, line = [], 1
    try:
        for values in reader:
            rows.append((line, values))  # a quoted value may span lines: count where the row starts
            line = reader.line_num + 1
    except csv.Error as error:
        raise FreireError(f"{path}: not a CSV file: {error} (line {reader.line_num})") from None
    if not rows:
        raise FreireError(f"{path}: the file is empty; expected a header and 2,398 rows")
    header = rows[0][1]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise FreireError(
            f"{path}: missing columns {', '.join(missing)}; expected the columns of Freire et al. (2019) pinochet.csv"
        )
    return header, rows[1:]


def _bad_row(header: list[str], fields: list[str], row: int) -> Problem | None:
    at = header.index("individual_id")
    ident = fields[at] if at < len(fields) else ""
    if len(fields) != len(header):
        return Problem(
            row,
            ident,
            "(row)",
            f"{len(fields)} values, expected {len(header)}: a shifted or missing column",
            ROW_DROPPED,
        )
    for column, value in zip(header, fields, strict=True):
        if any("\udc80" <= char <= "\udcff" for char in value):
            shown = value.encode("utf-8", errors="surrogateescape").decode("latin-1")
            return Problem(
                row,
                ident,
                column,
                f"not UTF-8 text ({shown!r} if read as Latin-1); save the file as UTF-8",
                ROW_DROPPED,
            )
    return None


def read_freire(path: str | os.PathLike, catalog: Catalog | None = None) -> ImportResult:
    """Read pinochet.csv: every person, every place checked and linked to `catalog`'s sites.

    Raise FreireError when the file as a whole cannot be imported (unreadable, not CSV,
    columns missing, no row imported). A bad row or value is a `Problem` in the result.
    """
    path = Path(path)
    header, rows = _rows(path)
    problems: list[Problem] = []
    people = []
    for row, fields in rows:
        if not any(value.strip() for value in fields):
            continue
        bad = _bad_row(header, fields, row)
        if bad:
            problems.append(bad)
            continue
        person = _person(dict(zip(header, fields, strict=True)), row, problems)
        if person:
            people.append(person)
    if not people:
        first = f"; the first: {problems[0]}" if problems else ""
        raise FreireError(f"{path}: no row could be imported ({len(problems)} problems{first})")
    checked = check_and_link(people, catalog if catalog is not None else load_catalog())
    return ImportResult(tuple(checked), len(rows), tuple(problems), path.name)
