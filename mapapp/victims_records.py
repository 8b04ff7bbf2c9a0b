"""The records of the victims layer, and what a card needs of it, with nothing heavy behind them.

`Person`, `VictimPlace`, `Problem` and `ImportResult` are the layer's records; `people_at`
finds the people at a curated site and `CITATION` is how to cite the dataset. The importer
(`mapapp.victims_csv`, `mapapp.victims_check`, and through them pyproj) is not imported here,
so a card (`mapapp.cards`) can list the people at a site without loading it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from mapapp.dates import PartialDate

CITATION = (
    "Freire, D., Meadowcroft, J., Skarbek, D. and Guerrero, E. (2019). Deaths and Disappearances "
    "in the Pinochet Regime: A New Dataset. doi:10.31235/osf.io/vqnwu. MIT licence."
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
    how: str = ""  # how the place was linked to `site`: "name" (its label) or "point" (its exact point)

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
    perpetrator: str = ""  # perpetrator_affiliation_detail: who the report holds responsible ("DINA agents")

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


def flag_code(flag: str) -> str:
    """Return the code a flag starts with ("far-from-site: 12 km ..." -> "far-from-site")."""
    return flag.split(":", 1)[0]


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


def people_at(layer: ImportResult, site_id: str) -> list[tuple[Person, VictimPlace]]:
    """Return (person, place) for every place of the layer linked to the curated site."""
    return [(person, place) for person, place in layer.places() if place.site == site_id]
