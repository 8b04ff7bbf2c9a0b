"""Turn one JSON record into a domain object, keeping what can be kept.

A record is checked against its model in `mapapp.schema`. When every fault lies in a part the
record can stand without (an unknown field, one citation among others, one period among
others, a fact or one of its values, a route stop while two remain), the part is dropped and
the record is kept; otherwise the record is rejected with every fault it has. Each fault names
its field path (`properties.periods[0].end`), what was expected and what arrived.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from mapapp.schema_types import describe

# A list whose items can be dropped one by one -> how many items must remain.
DROPPABLE_LISTS = {"sources": 1, "periods": 1, "values": 1, "facts": 0, "stops": 2}
ROUNDS = 4  # dropping a part can reveal a fault of the whole (stop dates out of order): check again


@dataclass(frozen=True)
class Fault:
    """One field that is not as documented; `cause` names the record it depended on, if that one failed."""

    field: str
    expected: str
    got: str
    cause: str = ""


@dataclass
class Parsed:
    """The outcome for one record: the domain object (or None), its faults, and the parts dropped."""

    record: Any = None
    faults: list[Fault] = field(default_factory=list)
    dropped: list[Fault] = field(default_factory=list)


def path(loc: tuple) -> str:
    """Return a pydantic location as the data's field path: ("properties", "periods", 0) -> properties.periods[0]."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _model_at(root: type[BaseModel], loc: tuple) -> str:
    """Return the name of the model that holds the field at `loc` (for "no such field in a ...")."""
    current = root
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation
        inner = [a for a in (annotation, *getattr(annotation, "__args__", ())) if isinstance(a, type)]
        models = [a for a in inner if issubclass(a, BaseModel)]
        if not models:
            break
        current = models[0]
    return current.__name__


def to_fault(root: type[BaseModel], error: dict) -> Fault:
    """Return a pydantic error as a Fault of the record."""
    context = error.get("ctx") or {}
    where = path(error["loc"] + _field_loc(context.get("field", ""))) or "(record)"
    kind = error["type"]
    if kind == "record":
        return Fault(
            where, context["expected"], context.get("got") or describe(error["input"]), context.get("cause", "")
        )
    if kind == "missing":
        return Fault(where, "a value (required)", "nothing")
    if kind == "extra_forbidden":
        return Fault(where, f"no such field in a {_model_at(root, error['loc'])} (see geodata/README.md)", "a value")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return Fault(where, f"an object ({_model_at(root, (*error['loc'], ''))})", describe(error["input"]))
    return Fault(where, error["msg"], describe(error["input"]))


def _field_loc(text: str) -> tuple:
    """Return a field path below a model ("stops[1].date") as a location ("stops", 1, "date")."""
    parts = text.replace("[", ".[").split(".") if text else []
    return tuple(int(part[1:-1]) if part.startswith("[") else part for part in parts if part)


def _parts_holding(error: dict) -> list[tuple]:
    """Return the droppable parts that hold the error, innermost first (empty: the record cannot stand)."""
    loc = error["loc"]
    parts = [loc] if error["type"] == "extra_forbidden" else []
    parts += [
        loc[: i + 1] for i in range(len(loc) - 1, 0, -1) if isinstance(loc[i], int) and loc[i - 1] in DROPPABLE_LISTS
    ]
    return parts


def _at(data: Any, loc: tuple) -> Any:
    for part in loc:
        data = data[part]
    return data


def _outermost(parts: set[tuple]) -> set[tuple]:
    return {part for part in parts if not any(other != part and part[: len(other)] == other for other in parts)}


def _short_lists(data: Any, parts: set[tuple]) -> set[tuple]:
    """Return the lists that would keep fewer items than they need once `parts` are dropped."""
    by_list: dict[tuple, set[int]] = {}
    for part in _outermost(parts):
        if isinstance(part[-1], int):
            by_list.setdefault(part[:-1], set()).add(part[-1])
    return {loc for loc, gone in by_list.items() if len(_at(data, loc)) - len(gone) < DROPPABLE_LISTS[loc[-1]]}


def choose_drops(data: Any, errors: list[dict]) -> set[tuple] | None:
    """Return the parts to drop so that every error goes, or None when some error is the record's own."""
    choices = [_parts_holding(error) for error in errors]
    if not all(choices):
        return None
    level = [0] * len(choices)
    while True:
        chosen = [options[at] for options, at in zip(choices, level, strict=True)]
        short = _short_lists(data, set(chosen))
        if not short:
            return _outermost(set(chosen))
        for index, part in enumerate(chosen):
            if isinstance(part[-1], int) and part[:-1] in short:
                level[index] += 1
                if level[index] == len(choices[index]):
                    return None


def without(data: Any, parts: set[tuple]) -> Any:
    """Return a copy of the record without `parts` (list items from the last, so indices hold)."""
    pruned = copy.deepcopy(data)
    for part in sorted(parts, key=lambda loc: [(isinstance(p, int), p) for p in loc], reverse=True):
        del _at(pruned, part[:-1])[part[-1]]
    return pruned


def parse(root: type[BaseModel], data: Any, context: dict | None = None) -> Parsed:
    """Check one record against its model; drop the parts it can stand without, or reject it."""
    parsed = Parsed()
    for _ in range(ROUNDS):
        try:
            parsed.record = root.model_validate(data, context=context).build()
            return parsed
        except ValidationError as invalid:
            errors = invalid.errors(include_url=False)
        faults = [to_fault(root, error) for error in errors]
        drops = choose_drops(data, errors)
        if drops is None:
            parsed.faults = parsed.dropped + faults
            parsed.dropped = []
            return parsed
        parsed.dropped += faults
        data = without(data, drops)
    parsed.faults, parsed.dropped = parsed.dropped, []
    return parsed
