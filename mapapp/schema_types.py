"""The value types of the record schema: each checks one JSON value and describes itself.

A type carries three things at once: its check (a validator whose error says what was
expected), its JSON Schema (for editors), and its name in the tables of `geodata/README.md`.
The record models in `mapapp.schema` are built from these types only.
"""

from __future__ import annotations

import math
import re
import reprlib
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from mapapp import model
from mapapp.dates import PartialDate

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LINK_PATTERN = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)
# For editors only: the loader reads dates with PartialDate.parse, which also knows the calendar.
DATE_JSON_PATTERN = r"^(?!0000)\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
TEXT_EXPECTED = 'a text {"es": "...", "en": "..."} with at least one language'
_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxstring, _SHORT.maxother = 3, 70, 70


@dataclass(frozen=True)
class Doc:
    """How the tables of geodata/README.md name a type."""

    label: str


class JsonConstant:
    """NaN, Infinity or -Infinity read from a file: a value that no field accepts."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


def describe(value: Any) -> str:
    """Return a short, printable account of what arrived."""
    if value is None:
        return "null"
    if isinstance(value, JsonConstant):
        return value.name
    text = _SHORT.repr(value)  # bounded: a value nested deep or very long is not spelt out whole
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}" if not isinstance(value, str) else text


def fault(expected: str, **context: str) -> PydanticCustomError:
    """Return the error a check raises; `context` may name a `field` below, what was `got`, a `cause`."""
    return PydanticCustomError("record", "{expected}", {"expected": expected, **context})


def _typed(kind: type, check, schema: dict, label: str) -> Any:
    return Annotated[kind, PlainValidator(check), WithJsonSchema(schema), Doc(label)]


def _string(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fault("a non-empty string")
    return value.strip()


def _ident(value: Any) -> str:
    text = _string(value)
    if not ID_PATTERN.match(text):
        raise fault("an id of lower-case letters, digits and hyphens")
    return text


def _link(value: Any) -> str:
    if not LINK_PATTERN.match(_string(value)):
        raise fault("an http:// or https:// address")
    return value.strip()


def _date(value: Any) -> PartialDate:
    try:
        return PartialDate.parse(value)
    except ValueError:
        raise fault("a date YYYY-MM-DD, YYYY-MM or YYYY") from None


def _date_or_null(value: Any) -> PartialDate | None:
    try:
        return None if value is None else PartialDate.parse(value)
    except ValueError:
        raise fault("a date YYYY-MM-DD, YYYY-MM or YYYY or null") from None


def _text(value: Any) -> model.Text:
    good = isinstance(value, dict) and set(value) <= set(model.LANGUAGES)
    good = good and all(isinstance(part, str) for part in value.values())
    if not good or not any(part.strip() for part in value.values()):
        raise fault(TEXT_EXPECTED)
    return model.Text(**{lang: part.strip() for lang, part in value.items()})


def _figure(value: Any) -> str:
    number = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if not (number or isinstance(value, str)) or not str(value).strip():
        raise fault("a string or a number")
    return str(value).strip()


def _point(value: Any) -> tuple[float, float]:
    numbers = isinstance(value, list) and len(value) == 2
    numbers = numbers and all(isinstance(p, (int, float)) and not isinstance(p, bool) for p in value)
    if not numbers or not all(math.isfinite(part) for part in value):
        raise fault("[longitude, latitude] as two numbers")
    lon, lat = float(value[0]), float(value[1])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise fault("longitude in -180..180 and latitude in -90..90")
    return (lon, lat)


_NON_EMPTY = {"type": "string", "pattern": r"\S"}
_TEXT_SCHEMA = {
    "type": "object",
    "properties": {lang: {"type": "string"} for lang in model.LANGUAGES},
    "additionalProperties": False,
    "anyOf": [{"required": [lang], "properties": {lang: _NON_EMPTY}} for lang in model.LANGUAGES],
}
_DATE_SCHEMA = {"type": "string", "pattern": DATE_JSON_PATTERN}
_POINT_SCHEMA = {
    "type": "array",
    "prefixItems": [
        {"type": "number", "minimum": -180, "maximum": 180},
        {"type": "number", "minimum": -90, "maximum": 90},
    ],
    "minItems": 2,
    "maxItems": 2,
}

String = _typed(str, _string, _NON_EMPTY, "string")
Id = _typed(str, _ident, {"type": "string", "pattern": ID_PATTERN.pattern}, "Id")
Link = _typed(str, _link, {"type": "string", "pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/]+\S*$"}, "Link")
Date = _typed(PartialDate, _date, _DATE_SCHEMA, "Date")
DateOrNull = _typed(PartialDate | None, _date_or_null, {"anyOf": [_DATE_SCHEMA, {"type": "null"}]}, "Date or `null`")
Text = _typed(model.Text, _text, _TEXT_SCHEMA, "Text")
Figure = _typed(str, _figure, {"anyOf": [_NON_EMPTY, {"type": "number"}]}, "string or number")
Coordinates = _typed(tuple[float, float], _point, _POINT_SCHEMA, "[longitude, latitude]")


def one_of(choices: tuple[str, ...], label: str = "") -> Any:
    """Return the type of a value that must be one of `choices`."""

    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in choices:
            raise fault("one of " + ", ".join(choices))
        return value

    label = label or "one of " + ", ".join(f"`{choice}`" for choice in choices)
    return _typed(str, check, {"type": "string", "enum": list(choices)}, label)


def exactly(word: str) -> Any:
    """Return the type of a value that must be the string `word` (a GeoJSON "type")."""

    def check(value: Any) -> str:
        if value != word:
            raise fault(f'"{word}"')
        return word

    return _typed(str, check, {"const": word}, f'`"{word}"`')


def list_of(item: type, least: int = 0) -> Any:
    """Return the type of a list of `item` objects, with at least `least` of them."""
    expected = f"a list of {item.__name__}" + (f" with at least {least}" if least else "")

    def check(value: Any) -> Any:
        if not isinstance(value, list) or len(value) < least:
            raise fault(expected)
        return value

    return Annotated[list[item], BeforeValidator(check), Field(min_length=least), Doc(f"list of {item.__name__}")]


def reference(info: ValidationInfo, kind: str, value: str) -> str:
    """Check that `value` names a loaded record of `kind` ("source" or "site"), when the loader says which loaded.

    Without a validation context (JSON Schema, documentation) only the form of the id is checked.
    """
    known = (info.context or {}).get(kind)
    if known is None or value in known.loaded:
        return value
    expected = "ids of sources in sources/" if kind == "source" else "the id of a site that loaded"
    cause = f"depends on {kind} '{value}', which was not loaded" if value in known.rejected else ""
    raise fault(expected, cause=cause)


@dataclass(frozen=True)
class Known:
    """The ids of one kind that loaded, and those that were rejected (for the cause of a cascade)."""

    loaded: frozenset[str]
    rejected: frozenset[str]
