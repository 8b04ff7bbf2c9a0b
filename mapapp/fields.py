"""Typed reading of one JSON object, collecting every problem with its field path.

A `Reader` never raises while reading: each getter records what was expected and what
arrived, and returns a placeholder, so one pass reports every problem of a record.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from mapapp.dates import PartialDate
from mapapp.model import LANGUAGES, LOCATION_PRECISIONS, Citation, Location, Text
from mapapp.schema import FIELDS

T = TypeVar("T")

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LINK_PATTERN = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)
MISSING = object()


def describe(value: Any) -> str:
    """Return a short, printable account of what arrived."""
    if value is MISSING:
        return "nothing"
    if value is None:
        return "null"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}" if not isinstance(value, str) else text


class Problem(Exception):
    """One field that is not as documented."""

    def __init__(self, field: str, expected: str, got: str):
        super().__init__(f"{field}: expected {expected}, got {got}")
        self.field, self.expected, self.got = field, expected, got


class Reader:
    """Read the fields of one record kind from a dict, as `schema.FIELDS` describes them."""

    def __init__(self, data: Any, kind: str, path: str = "", problems: list[Problem] | None = None):
        self.kind, self.path = kind, path
        self.problems = [] if problems is None else problems
        self.data = data if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            self.problem("", f"an object ({kind})", describe(data))

    def where(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path and name else (self.path or name)

    def problem(self, name: str, expected: str, got: str) -> None:
        self.problems.append(Problem(self.where(name) or "(record)", expected, got))

    def raw(self, name: str) -> Any:
        """Return the field's value, or MISSING (recording a problem when it is required)."""
        required = FIELDS[self.kind][name]
        value = self.data.get(name, MISSING)
        if value is MISSING and required:
            self.problem(name, "a value (required)", "nothing")
        return value

    def finish(self) -> None:
        """Record every field that the schema does not name (a typo, most often)."""
        for name in self.data:
            if name not in FIELDS[self.kind]:
                self.problem(name, f"no such field in a {self.kind} (see geodata/README.md)", "a value")

    def child(self, name: str, kind: str) -> Reader | None:
        value = self.raw(name)
        if value is MISSING or value is None and not FIELDS[self.kind][name]:
            return None
        return Reader(value, kind, self.where(name), self.problems)

    def string(self, name: str) -> str:
        value = self.raw(name)
        if value is MISSING:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(name, "a non-empty string", describe(value))
            return ""
        return value.strip()

    def ident(self, name: str) -> str:
        value = self.string(name)
        if value and not ID_PATTERN.match(value):
            self.problem(name, "an id of lower-case letters, digits and hyphens", describe(value))
        return value

    def choice(self, name: str, choices: tuple[str, ...]) -> str:
        value = self.raw(name)
        if value is MISSING:
            return ""
        if value not in choices:
            self.problem(name, "one of " + ", ".join(choices), describe(value))
            return ""
        return value

    def link(self, name: str) -> str:
        value = self.string(name)
        if value and not LINK_PATTERN.match(value):
            self.problem(name, "an http:// or https:// address", describe(value))
            return ""
        return value

    def date(self, name: str, nullable: bool = False) -> PartialDate | None:
        value = self.raw(name)
        if value is MISSING or value is None and nullable:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError:
            expected = "a date YYYY-MM-DD, YYYY-MM or YYYY" + (" or null" if nullable else "")
            self.problem(name, expected, describe(value))
            return None

    def text(self, name: str) -> Text:
        value = self.raw(name)
        if value is MISSING:
            return Text()
        good = isinstance(value, dict) and set(value) <= set(LANGUAGES)
        good = good and all(isinstance(part, str) for part in value.values())
        if not good or not any(part.strip() for part in value.values()):
            self.problem(name, 'a text {"es": "...", "en": "..."} with at least one language', describe(value))
            return Text()
        return Text(**{lang: part.strip() for lang, part in value.items()})

    def items(self, name: str, kind: str, parse: Callable[[Reader], T], least: int = 0) -> tuple[T, ...]:
        """Read a list of objects of `kind`, each through `parse`."""
        value = self.raw(name)
        if value is MISSING:
            return ()
        if not isinstance(value, list) or len(value) < least:
            expected = f"a list of {kind}" + (f" with at least {least}" if least else "")
            self.problem(name, expected, describe(value))
            return ()
        found = []
        for index, item in enumerate(value):
            reader = Reader(item, kind, f"{self.where(name)}[{index}]", self.problems)
            found.append(parse(reader))
            reader.finish()
        return tuple(found)

    def citations(self, name: str) -> tuple[Citation, ...]:
        least = 1 if FIELDS[self.kind][name] else 0
        return self.items(name, "Citation", read_citation, least=least)

    def location(self, name: str) -> Location:
        reader = self.child(name, "Location")
        if reader is None:
            return Location("", ())
        location = read_location(reader)
        reader.finish()
        return location


def read_citation(reader: Reader) -> Citation:
    return Citation(source=reader.ident("source"), at=reader.string("at"))


def read_location(reader: Reader) -> Location:
    return Location(
        precision=reader.choice("precision", LOCATION_PRECISIONS),
        sources=reader.citations("sources"),
        note=reader.text("note"),
        boundary_note=reader.text("boundary_note"),
    )
