"""The parts records are made of (citations, periods, facts, places, stops), as pydantic models.

Each model's `build()` returns the immutable domain object of `mapapp.model`; the records
themselves are in `mapapp.schema`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from mapapp import boundaries, model
from mapapp.schema_types import (
    Coordinates,
    Date,
    DateOrNull,
    Figure,
    Id,
    String,
    Text,
    fault,
    list_of,
    one_of,
    reference,
)

# (west, east, south, north) boxes that hold Chile: the mainland with its coastal islands,
# the Juan Fernández archipelago, and Rapa Nui.
CHILE_BOXES = (
    (-76.0, -66.0, -56.6, -17.4),
    (-81.0, -78.5, -34.0, -33.4),
    (-109.5, -109.2, -27.25, -27.0),
)
REGION_LABEL = "one of the 16 region names below"
ABROAD_RULE = {"if": {"required": ["abroad"]}, "else": {"required": ["commune", "region"]}}
SITE_OR_PLACE_RULE = {"oneOf": [{"required": ["site"]}, {"required": ["place"]}]}


def in_chile(lon: float, lat: float) -> bool:
    return any(west <= lon <= east and south <= lat <= north for west, east, south, north in CHILE_BOXES)


class Part(BaseModel):
    """A part of a record: every field is named in the schema (an unknown one is an error)."""

    model_config = ConfigDict(extra="forbid")


def require_admin(part: Any) -> None:
    """Require a commune and a region of a point in Chile (a point abroad names its country instead)."""
    if part.abroad:
        return
    for name in ("commune", "region"):
        if getattr(part, name) is None:
            raise fault("a value (required)", field=name, got="nothing")


def check_point(part: Any, point: tuple[float, float], field: str) -> None:
    """Check that a point lies in Chile, and in the commune and region its record states."""
    if part.abroad:
        return
    lon, lat = point
    if not in_chile(lon, lat):
        hint = " (these look swapped)" if in_chile(lat, lon) else " (or declare the site `abroad`)"
        raise fault("a point in Chile, as [longitude, latitude]" + hint, field=field, got=f"list {list(point)}")
    if part.location.boundary_note and part.location.boundary_note.get("en"):
        return
    found = boundaries.mismatch(lon, lat, part.commune, part.region)
    if found:
        expected = f"a point in {part.commune}, {part.region} (or a location.boundary_note saying why not)"
        raise fault(expected, field=field, got=found)


class Citation(Part):
    source: Id = Field(description="a source from `sources/`")
    at: String = Field(None, description="where in it (page, chapter, section), if narrower than the whole")

    @field_validator("source")
    @classmethod
    def _loaded(cls, value: str, info: ValidationInfo) -> str:
        return reference(info, "source", value)

    def build(self) -> model.Citation:
        return model.Citation(self.source, self.at or "")


def cite(citations: list[Citation]) -> tuple[model.Citation, ...]:
    return tuple(citation.build() for citation in citations)


class Location(Part):
    precision: one_of(model.LOCATION_PRECISIONS) = Field(description="how closely the point marks the place")
    sources: list_of(Citation, 1) = Field(description="where the coordinate comes from")
    note: Text = Field(None, description="why the point is where it is, if not obvious")
    boundary_note: Text = Field(
        None, description="why the point lies outside the commune or region stated, when it does"
    )

    def build(self) -> model.Location:
        return model.Location(
            self.precision, cite(self.sources), self.note or model.Text(), self.boundary_note or model.Text()
        )


class Period(Part):
    start: Date = Field(description="first day, month or year of use")
    end: DateOrNull = Field(description="last day, month or year; `null` while it goes on (memorials)")
    use: one_of(model.PERIOD_USES) = Field(description="used as a site of repression, or as a memorial or museum")
    sources: list_of(Citation, 1) = Field(description="where the dates come from")
    note: Text = Field(None, description="a qualification of the dates")

    @model_validator(mode="after")
    def _in_order(self) -> Period:
        if self.end and self.end.last_day() < self.start.first_day():
            raise fault(f"a date on or after the start {self.start.iso()}", field="end", got=repr(self.end.iso()))
        return self

    def build(self) -> model.Period:
        return model.Period(self.start, self.end, self.use, cite(self.sources), self.note or model.Text())


class Today(Part):
    status: one_of(model.TODAY_STATUSES) = Field(description="what the place is now (`monument`: Monumento Histórico)")
    decree: Date = Field(None, description="date of the Monumento Histórico decree")
    note: Text = Field(None, description="more on what the place is now")
    sources: list_of(Citation, 1) = Field(description="where this comes from")

    def build(self) -> model.Today:
        return model.Today(self.status, cite(self.sources), self.decree, self.note or model.Text())


class Value(Part):
    value: Figure = Field(description='the figure or date, e.g. `"40000"`')
    sources: list_of(Citation, 1) = Field(description="the sources that give this value")
    note: Text = Field(None, description="a qualification of the value")

    def build(self) -> model.Value:
        return model.Value(self.value, cite(self.sources), self.note or model.Text())


class Fact(Part):
    about: Text = Field(description='what the figure or date is ("prisoners held in all")')
    values: list_of(Value, 1) = Field(description="one value, or one per source when sources disagree")

    def build(self) -> model.Fact:
        return model.Fact(self.about, tuple(value.build() for value in self.values))


class Place(Part):
    """Where an event or a route stop happened, when that is not a curated site."""

    model_config = ConfigDict(json_schema_extra=ABROAD_RULE)

    coordinates: Coordinates = Field(description="the point, with the same rules as a site's point")
    name: Text = Field(description="the place's name")
    commune: String = Field(None, description="commune (not needed when `abroad`)")
    region: one_of(model.REGIONS, "one of the 16 region names (see Site)") = Field(
        None, description="region (not needed when `abroad`)"
    )
    abroad: String = Field(None, description="the country, for a place outside Chile")
    location: Location = Field(description="how precise the point is, and where it comes from")

    @model_validator(mode="after")
    def _in_place(self) -> Place:
        require_admin(self)
        check_point(self, self.coordinates, "coordinates")
        return self

    def build(self) -> model.Place:
        lon, lat = self.coordinates
        commune, region = self.commune or "", "" if self.abroad else self.region
        return model.Place(lon, lat, self.name, self.location.build(), commune, region, self.abroad or "")


def require_site_or_place(part: Any) -> None:
    if (part.site is None) == (part.place is None):
        got = "neither" if part.site is None else "both"
        raise fault("exactly one of `site` or `place`", field="site", got=got)


class Witness(Part):
    kind: one_of(model.WITNESS_KINDS) = Field(description="who gave it")
    name: String = Field(
        None, description="a commission or court, or a person who gave testimony publicly under their name"
    )

    def build(self) -> model.Witness:
        return model.Witness(self.kind, self.name or "")


class Stop(Part):
    model_config = ConfigDict(json_schema_extra=SITE_OR_PLACE_RULE)

    site: Id = Field(None, description="the site of the stop")
    place: Place | None = Field(None, description="where the stop was, when that is not a site")
    date: Date = Field(description="when the journey reached it")
    facts: list_of(Fact) = Field((), description="for the Caravan of Death, the number of people killed there")
    sources: list_of(Citation, 1) = Field(description="at least one")

    @field_validator("site")
    @classmethod
    def _loaded(cls, value: str, info: ValidationInfo) -> str:
        return reference(info, "site", value)

    @model_validator(mode="after")
    def _one_place(self) -> Stop:
        require_site_or_place(self)
        return self

    def build(self) -> model.Stop:
        place = self.place.build() if self.place else None
        facts = tuple(fact.build() for fact in self.facts)
        return model.Stop(self.date, cite(self.sources), self.site or "", place, facts)
