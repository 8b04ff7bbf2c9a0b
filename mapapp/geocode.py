"""Place a published address on INE's 2021 urban address points, or say why not.

`AddressPoints.read` loads the points of the communes asked for, once, from the parquet file
(pyarrow, filtered by commune); `locate` matches the commune, then the street (its normalised
name; else its distinctive words, only when one street of the commune has them), then the
house number, exactly. It never returns a nearest or interpolated point: the same number with
a letter suffix is taken only when INE has exactly one point for it.

The dataset is incomplete (most of central Santiago is missing): not finding an address
proves nothing about it.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mapapp.addresses import REASONS as ADDRESS_REASONS
from mapapp.addresses import StreetAddress, commune_key, distinctive, number_key, split_class

# The dataset sits beside the repository, as ../shared/ (read its README): not in it.
INE_ADDRESSES = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "ine-addresses-2021" / "addresses.parquet"
SPREAD_KM = 0.1  # several INE points for one address are one place only when this close

REASONS = {
    "commune-missing": "the commune has no points in the INE data",
    "street-missing": "street not found in the commune in the INE data (which is incomplete)",
    "street-ambiguous": "the street's words fit several streets of the commune",
    "number-missing": "street found, but not this house number",
    "number-other-side": "INE has the number only with a different leading zero (the other side of the axis)",
    "number-ambiguous": "several INE points for the number, too far apart to be one place",
}


@dataclass(frozen=True)
class Point:
    """One INE address point."""

    street_class: str
    street: str
    number: str
    lon: float
    lat: float


@dataclass(frozen=True)
class Placed:
    """The INE point for a published address."""

    lon: float
    lat: float
    street: str  # INE's street name, as INE writes it
    number: str  # INE's number, as INE writes it
    commune: str  # INE's commune name
    street_class: str = ""
    points: int = 1  # how many INE points were averaged (the same address, within SPREAD_KM)

    def label(self) -> str:
        """Return the matched INE address: "CALLE ARTURO PRAT 1147, ANTOFAGASTA"."""
        named = f"{self.street_class} {self.street}" if self.street_class not in ("", "N/A") else self.street
        return f"{named} {self.number}, {self.commune}"


@dataclass(frozen=True)
class Unplaced:
    """Why an address got no point."""

    reason: str  # a key of REASONS (here or in mapapp.addresses)
    detail: str = ""


@dataclass
class _Commune:
    name: str
    streets: dict[str, list[Point]] = field(default_factory=lambda: defaultdict(list))


def km_between(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Return the great-circle distance in km between two WGS 84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


class AddressPoints:
    """INE's address points of some communes, indexed by commune and normalised street name."""

    def __init__(self, rows: Iterable[tuple[str, str, str, str, float, float]]):
        self._communes: dict[str, _Commune] = {}
        names: dict[str, str] = {}  # INE street -> its key, each name normalised once
        for commune, street_class, street, number, lon, lat in rows:
            if not street or not number:
                continue
            entry = self._communes.get(commune) or self._communes.setdefault(commune, _Commune(commune))
            name = names.get(street) or names.setdefault(street, split_class(street)[1])
            entry.streets[name].append(Point(street_class or "", street, number, lon, lat))
        self._communes = {commune_key(name): entry for name, entry in self._communes.items()}

    @classmethod
    def read(cls, path: str | Path, communes: Iterable[str]) -> AddressPoints:
        """Read the points of the given communes (any spelling) from INE's parquet file."""
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        wanted = {commune_key(name) for name in communes}
        names = pc.unique(pq.read_table(path, columns=["commune"]).column("commune").combine_chunks())
        if pa.types.is_dictionary(names.type):  # INE's file stores communes dictionary-encoded
            names = names.dictionary_decode()
        ine_names = [name for name in names.to_pylist() if name]
        chosen = [name for name in ine_names if commune_key(name) in wanted]
        columns = ["commune", "street_class", "street", "number", "lon", "lat"]
        table = pq.read_table(path, columns=columns, filters=[("commune", "in", chosen)] if chosen else None)
        if not chosen:
            table = table.slice(0, 0)
        values = [table.column(name).to_pylist() for name in columns]
        return cls(zip(*values, strict=True))

    def centre(self, commune: str) -> tuple[float, float] | None:
        """Return the median (lon, lat) of the commune's urban address points: its town, mostly."""
        entry = self._communes.get(commune_key(commune))
        points = [point for points in entry.streets.values() for point in points] if entry else []
        if not points:
            return None
        return statistics.median(p.lon for p in points), statistics.median(p.lat for p in points)

    def locate(self, address: StreetAddress, commune: str) -> Placed | Unplaced:
        """Return INE's point for a street address in a commune, or why there is none."""
        entry = self._communes.get(commune_key(commune))
        if entry is None:
            return Unplaced("commune-missing", commune)
        street = _street(entry, address)
        if isinstance(street, Unplaced):
            return street
        return _number(entry, street, address)


def _street(entry: _Commune, address: StreetAddress) -> list[Point] | Unplaced:
    """Return the points of the one street the address names, or why it names none."""
    published_class, key = split_class(address.street)
    if key in entry.streets:
        points = entry.streets[key]
    else:
        words = distinctive(key)
        fits = [name for name in entry.streets if words and _fits(words, distinctive(name))]
        if not fits:
            return Unplaced("street-missing", key)
        if len(fits) > 1:
            return Unplaced("street-ambiguous", ", ".join(sorted(fits)[:4]) + (" ..." if len(fits) > 4 else ""))
        points = entry.streets[fits[0]]
    classed = [point for point in points if point.street_class == published_class]
    return classed if published_class and classed else points


def _fits(published: frozenset[str], ine: frozenset[str]) -> bool:
    return bool(ine) and (published <= ine or ine <= published)


def _number(entry: _Commune, points: list[Point], address: StreetAddress) -> Placed | Unplaced:
    """Return the point of the address's number on the street, or why there is none."""
    wanted = number_key(address.number)
    exact = [point for point in points if number_key(point.number) == wanted]
    if not exact:
        suffixed = [
            point
            for point in points
            if number_key(point.number)[:-1] == wanted and number_key(point.number)[-1:].isalpha()
        ]
        if len(suffixed) == 1:
            exact = suffixed
        elif any(number_key(point.number).lstrip("0") == wanted.lstrip("0") for point in points):
            return Unplaced("number-other-side", address.number)
        else:
            detail = f"{address.number} ({len(suffixed)} points with a letter)" if suffixed else address.number
            return Unplaced("number-missing", detail)
    lon = sum(point.lon for point in exact) / len(exact)
    lat = sum(point.lat for point in exact) / len(exact)
    spread = max(km_between(lon, lat, point.lon, point.lat) for point in exact)
    if spread > SPREAD_KM:
        return Unplaced("number-ambiguous", f"{len(exact)} points up to {spread:.2f} km from their centre")
    first = exact[0]
    return Placed(round(lon, 6), round(lat, 6), first.street, first.number, entry.name, first.street_class, len(exact))


def reason_text(reason: str) -> str:
    """Return the sentence that explains a reason key."""
    return {**ADDRESS_REASONS, **REASONS}.get(reason, reason)
