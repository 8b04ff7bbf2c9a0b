"""Read the Freire et al. (2019) dataset's `pinochet.csv` into people and their places.

`read_freire` reads the CSV as published (missing values are "NA"). A row that cannot be read
(a shifted column, text that is not UTF-8) is reported with its row number and left out; a bad
value (a date, a coordinate) is reported with its row and column, and the row still imports.
The places are then checked and linked by `mapapp.victims_check`.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from mapapp.dates import PartialDate
from mapapp.load import load_catalog
from mapapp.model import Catalog
from mapapp.victims_check import (
    DATE_COLUMNS,
    KEPT,
    MISSING,
    PLACE_COLUMNS,
    PLACES,
    REQUIRED,
    ROW_DROPPED,
    FreireError,
    ImportResult,
    Person,
    Problem,
    VictimPlace,
    check_and_link,
)
from mapapp.victims_places import LabelEntry, PlacesError, check_sites, load_places


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
        int(ident),
        value("last_name"),
        value("first_name"),
        value("violence"),
        start,
        end,
        value("page"),
        places,
        value("perpetrator_affiliation_detail") if "perpetrator_affiliation_detail" in record else "",
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


def _table(places: dict[str, LabelEntry] | None, catalog: Catalog) -> dict[str, LabelEntry]:
    """Return the custody-places table (the bundled one when none is given), checked against the sites."""
    try:
        table = load_places() if places is None else places
        check_sites(table, catalog.sites)
    except PlacesError as error:
        raise FreireError(str(error)) from None
    return table


def read_freire(
    path: str | os.PathLike, catalog: Catalog | None = None, places: dict[str, LabelEntry] | None = None
) -> ImportResult:
    """Read pinochet.csv: every person, every place checked and linked to `catalog`'s sites
    through `places` (the reviewed table of custody places; `victims/places.json` when None).

    Raise FreireError when the file as a whole cannot be imported (unreadable, not CSV,
    columns missing, no row imported) or the table is wrong or links to a site the catalog
    lacks. A bad row or value is a `Problem` in the result.
    """
    path = Path(path)
    catalog = catalog if catalog is not None else load_catalog()
    table = _table(places, catalog)
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
    checked = check_and_link(people, catalog, table)
    read = sum(1 for _, fields in rows if any(value.strip() for value in fields))  # blank lines are no rows
    return ImportResult(tuple(checked), read, tuple(problems), path.name)
