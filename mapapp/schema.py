"""The record schema, written once: one pydantic model per record kind, and the files that hold them.

From these models come the loader's validation (`mapapp.parsing`), the field tables of
`geodata/README.md` and the JSON Schema files in `geodata/schema/` (`mapapp.schema_doc`).
Each model's `build()` returns the immutable domain object of `mapapp.model`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, create_model, field_validator, model_validator

from mapapp import model
from mapapp.schema_parts import (
    ABROAD_RULE,
    REGION_LABEL,
    SITE_OR_PLACE_RULE,
    Citation,
    Fact,
    Location,
    Part,
    Period,
    Place,
    Stop,
    Today,
    Value,
    Witness,
    check_point,
    cite,
    require_admin,
    require_site_or_place,
)
from mapapp.schema_tour import Tour, TourStep
from mapapp.schema_types import Coordinates, Date, Id, Link, String, Text, exactly, fault, list_of, one_of, reference


class Source(Part):
    id: Id = Field(description="how records cite it")
    title: String = Field(description="title of the page, report, book or ruling")
    publisher: String = Field(description="who published it (institution, newspaper, author)")
    url: Link = Field(None, description="where to read it; required unless it is a printed work")
    date: Date = Field(None, description="when it was published")
    kind: one_of(model.SOURCE_KINDS) = Field(description="what it is")

    def build(self) -> model.Source:
        return model.Source(self.id, self.title, self.publisher, self.kind, self.url or "", self.date)


class Site(Part):
    """The properties of a site's GeoJSON Feature."""

    model_config = ConfigDict(json_schema_extra=ABROAD_RULE)

    name: Text = Field(description="the site's name")
    category: one_of(model.CATEGORIES) = Field(
        description="what the site was (detention and torture centre; prison camp; execution or burial site; "
        "seat of power; memorial or museum)"
    )
    tier: one_of(model.TIERS) = Field(
        "curated",
        description="`curated`: described in full; `inventory`: a place a public list names, with its dates and "
        "source, not yet described (its summary may be left out)",
    )
    address: String = Field(None, description="street address or a description of where the place is")
    commune: String = Field(
        None, description="commune, as named in the official 2023 division (not needed when `abroad`)"
    )
    region: one_of(model.REGIONS, REGION_LABEL) = Field(None, description="region (not needed when `abroad`)")
    abroad: String = Field(None, description="the country, for a site outside Chile")
    location: Location = Field(description="how precise the point is, and where it comes from")
    periods: list_of(Period, 1) = Field(
        description="when the place was used, one or more (a memorial's opening counts, with `use: memorial`)"
    )
    today: Today | None = Field(None, description="what the place is now")
    summary: Text = Field(
        None, description="what happened there, in the project's own words (required for a curated site)"
    )
    facts: list_of(Fact) = Field(
        (), description="figures and dates, each with its sources; disputed ones keep every value"
    )
    sources: list_of(Citation, 1) = Field(description="at least one")

    @model_validator(mode="after")
    def _in_chile(self) -> Site:
        require_admin(self)
        if self.summary is None and self.tier == "curated":
            raise fault("a value (required for a curated site)", field="summary", got="nothing")
        return self


class Point(Part):
    type: exactly("Point") = Field(description="a GeoJSON point")
    coordinates: Coordinates = Field(description="`[longitude, latitude]` in WGS 84")


class SiteFeature(Part):
    """A site as a GeoJSON Feature: its id, its point, and its properties."""

    type: exactly("Feature") = Field(description="a GeoJSON feature")
    id: Id = Field(description="the site id")
    geometry: Point = Field(description="where the site is")
    properties: Site = Field(description="everything else about the site")

    @model_validator(mode="after")
    def _in_place(self) -> SiteFeature:
        check_point(self.properties, self.geometry.coordinates, "geometry.coordinates")
        return self

    def build(self) -> model.Site:
        site, (lon, lat) = self.properties, self.geometry.coordinates
        return model.Site(
            id=self.id,
            lon=lon,
            lat=lat,
            name=site.name,
            category=site.category,
            commune=site.commune or "",
            region="" if site.abroad else site.region,
            abroad=site.abroad or "",
            address=site.address or "",
            location=site.location.build(),
            periods=tuple(period.build() for period in site.periods),
            today=site.today.build() if site.today else None,
            summary=site.summary or model.Text(),
            tier=site.tier,
            facts=tuple(fact.build() for fact in site.facts),
            sources=cite(site.sources),
        )


class Testimony(Part):
    id: Id = Field(description="unique among testimony")
    site: Id = Field(description="the site it is about")
    witness: Witness = Field(description="who gave it")
    given: Date = Field(description="when it was given or published")
    summary: Text = Field(description="a summary in the project's own words, never a quotation")
    content_note: one_of(model.CONTENT_NOTES) = Field(
        description="how hard it is to read; `graphic` is shown only on request"
    )
    sources: list_of(Citation, 1) = Field(description="where to read the testimony itself")

    @field_validator("site")
    @classmethod
    def _loaded(cls, value: str, info: ValidationInfo) -> str:
        return reference(info, "site", value)

    def build(self) -> model.Testimony:
        return model.Testimony(
            self.id, self.site, self.witness.build(), self.given, self.summary, self.content_note, cite(self.sources)
        )


class Event(Part):
    model_config = ConfigDict(json_schema_extra=SITE_OR_PLACE_RULE)

    id: Id = Field(description="unique among events")
    date: Date = Field(description="when it happened (first day, if it lasted)")
    end: Date = Field(None, description="last day, if it lasted")
    title: Text = Field(description="a short title")
    summary: Text = Field(description="what happened, in the project's own words")
    site: Id = Field(None, description="the site where it happened")
    place: Place | None = Field(
        None, description="where it happened, when that is not a site (one of `site` or `place` is required)"
    )
    sources: list_of(Citation, 1) = Field(description="at least one")

    @field_validator("site")
    @classmethod
    def _loaded(cls, value: str, info: ValidationInfo) -> str:
        return reference(info, "site", value)

    @model_validator(mode="after")
    def _in_order(self) -> Event:
        if self.end and self.end.last_day() < self.date.first_day():
            raise fault(f"a date on or after {self.date.iso()}", field="end", got=repr(self.end.iso()))
        require_site_or_place(self)
        return self

    def build(self) -> model.Event:
        place = self.place.build() if self.place else None
        return model.Event(
            self.id, self.date, self.title, self.summary, cite(self.sources), self.end, self.site or "", place
        )


class Route(Part):
    id: Id = Field(description="unique among routes")
    name: Text = Field(description="the route's name")
    kind: one_of(model.ROUTE_KINDS) = Field(description="what the journey was")
    summary: Text = Field(description="what happened, in the project's own words")
    stops: list_of(Stop, 2) = Field(description="two or more, in order of date")
    sources: list_of(Citation, 1) = Field(description="at least one")

    @model_validator(mode="after")
    def _in_order(self) -> Route:
        for index, (before, after) in enumerate(zip(self.stops, self.stops[1:], strict=False), start=1):
            if after.date.last_day() < before.date.first_day():
                expected = f"a date on or after the stop before ({before.date.iso()})"
                raise fault(expected, field=f"stops[{index}].date", got=after.date.iso())
        return self

    def build(self) -> model.Route:
        stops = tuple(stop.build() for stop in self.stops)
        return model.Route(self.id, self.name, self.kind, self.summary, stops, cite(self.sources))


# Every model, by name: the record kinds, then the parts they are made of.
MODELS: dict[str, type[BaseModel]] = {
    cls.__name__: cls
    for cls in (
        Source, SiteFeature, Testimony, Event, Route, Tour,
        Site, Point, Location, Period, Today, Fact, Value, Citation, Witness, Place, Stop, TourStep,
    )
}  # fmt: skip

# Folder below the data directory -> (file suffix, top-level key, record model).
FOLDERS: dict[str, tuple[str, str, type[BaseModel]]] = {
    "sources": (".json", "sources", Source),
    "sites": (".geojson", "features", SiteFeature),
    "testimony": (".json", "testimony", Testimony),
    "events": (".json", "events", Event),
    "routes": (".json", "routes", Route),
    "tours": (".json", "tours", Tour),
}


def file_model(folder: str) -> type[BaseModel]:
    """Return the model of a whole file of `folder` (for its JSON Schema): a list of records under one key."""
    _suffix, key, record = FOLDERS[folder]
    fields = {key: (list[record], ...)}
    if folder == "sites":
        fields["type"] = (exactly("FeatureCollection"), Field(None, description="a GeoJSON FeatureCollection"))
    return create_model(f"{record.__name__}File", __config__=ConfigDict(extra="allow"), **fields)
