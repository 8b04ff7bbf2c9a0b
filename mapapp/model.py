"""The domain: sites, testimony, sources, events, routes and tours, as immutable objects.

Records are built only from the models of `mapapp.schema`, which check every rule documented
in `geodata/README.md`; code that receives these objects can trust them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from mapapp.dates import DateSpan, PartialDate

LANGUAGES = ("es", "en")

TIERS = ("curated", "inventory")  # described in full; listed by a public source, not yet described
CATEGORIES = ("detention-centre", "prison-camp", "execution-site", "seat-of-power", "memorial")
LOCATION_PRECISIONS = ("building", "street", "locality", "commune", "approximate")
CONTENT_NOTES = ("none", "distressing", "graphic")
WITNESS_KINDS = ("survivor", "relative", "witness", "official-report", "court-ruling")
PERIOD_USES = ("repression", "memorial")
TODAY_STATUSES = ("memorial", "museum", "demolished", "other-use", "monument", "unknown")
SOURCE_KINDS = ("web", "report", "book", "court-ruling", "news", "dataset", "archive")
ROUTE_KINDS = ("caravan-of-death", "prisoner-transfer")
REGIONS = (
    "Arica y Parinacota",
    "Tarapacá",
    "Antofagasta",
    "Atacama",
    "Coquimbo",
    "Valparaíso",
    "Metropolitana de Santiago",
    "Libertador General Bernardo O'Higgins",
    "Maule",
    "Ñuble",
    "Biobío",
    "La Araucanía",
    "Los Ríos",
    "Los Lagos",
    "Aysén del General Carlos Ibáñez del Campo",
    "Magallanes y de la Antártica Chilena",
)


@dataclass(frozen=True)
class Text:
    """One text in Spanish and English; a missing language is an empty string."""

    es: str = ""
    en: str = ""

    def get(self, lang: str) -> str:
        """Return the text in `lang`, or in the other language when it is missing."""
        return (self.es if lang == "es" else self.en) or self.es or self.en

    def is_fallback(self, lang: str) -> bool:
        """Return whether `get(lang)` would answer in the other language."""
        return not (self.es if lang == "es" else self.en)

    def __str__(self) -> str:
        return " / ".join(part for part in (self.es, self.en) if part)


@dataclass(frozen=True)
class Citation:
    source: str
    at: str = ""


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    kind: str
    url: str = ""
    date: PartialDate | None = None


@dataclass(frozen=True)
class Location:
    precision: str
    sources: tuple[Citation, ...]
    note: Text = Text()
    boundary_note: Text = Text()


@dataclass(frozen=True)
class Period:
    start: PartialDate
    end: PartialDate | None
    use: str
    sources: tuple[Citation, ...]
    note: Text = Text()

    @cached_property
    def span(self) -> DateSpan:
        return DateSpan.of(self.start, self.end)


@dataclass(frozen=True)
class Today:
    status: str
    sources: tuple[Citation, ...]
    decree: PartialDate | None = None
    note: Text = Text()


@dataclass(frozen=True)
class Value:
    value: str
    sources: tuple[Citation, ...]
    note: Text = Text()


@dataclass(frozen=True)
class Fact:
    about: Text
    values: tuple[Value, ...]

    @property
    def disputed(self) -> bool:
        return len(self.values) > 1


@dataclass(frozen=True)
class Site:
    id: str
    lon: float
    lat: float
    name: Text
    category: str
    commune: str
    region: str
    location: Location
    periods: tuple[Period, ...]
    summary: Text
    sources: tuple[Citation, ...]
    address: str = ""
    abroad: str = ""
    today: Today | None = None
    facts: tuple[Fact, ...] = ()
    tier: str = "curated"

    def citations(self) -> list[Citation]:
        """Return every citation the record makes, wherever it stands."""
        found = [*self.sources, *self.location.sources]
        for period in self.periods:
            found.extend(period.sources)
        if self.today:
            found.extend(self.today.sources)
        for fact in self.facts:
            for value in fact.values:
                found.extend(value.sources)
        return found


@dataclass(frozen=True)
class Witness:
    kind: str
    name: str = ""


@dataclass(frozen=True)
class Testimony:
    id: str
    site: str
    witness: Witness
    given: PartialDate
    summary: Text
    content_note: str
    sources: tuple[Citation, ...]

    def citations(self) -> list[Citation]:
        return list(self.sources)


@dataclass(frozen=True)
class Place:
    """Where an event or a route stop happened, when that is not a curated site."""

    lon: float
    lat: float
    name: Text
    location: Location
    commune: str = ""
    region: str = ""
    abroad: str = ""


@dataclass(frozen=True)
class Event:
    id: str
    date: PartialDate
    title: Text
    summary: Text
    sources: tuple[Citation, ...]
    end: PartialDate | None = None
    site: str = ""
    place: Place | None = None

    @property
    def span(self) -> DateSpan:
        return DateSpan.of(self.date, self.end or self.date)

    def citations(self) -> list[Citation]:
        found = list(self.sources)
        if self.place:
            found.extend(self.place.location.sources)
        return found


@dataclass(frozen=True)
class Stop:
    date: PartialDate
    sources: tuple[Citation, ...]
    site: str = ""
    place: Place | None = None
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Route:
    id: str
    name: Text
    kind: str
    summary: Text
    stops: tuple[Stop, ...]
    sources: tuple[Citation, ...]

    def citations(self) -> list[Citation]:
        found = list(self.sources)
        for stop in self.stops:
            found.extend(stop.sources)
            if stop.place:
                found.extend(stop.place.location.sources)
            for fact in stop.facts:
                for value in fact.values:
                    found.extend(value.sources)
        return found


@dataclass(frozen=True)
class TourStep:
    """One step of a tour: a view (as URL query parameters), the author's text, its citations."""

    view: tuple[tuple[str, str], ...]
    text: Text
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class Tour:
    """A guided tour: an ordered list of views, each with a short text and the sources it rests on."""

    id: str
    title: Text
    author: str
    languages: tuple[str, ...]
    steps: tuple[TourStep, ...]

    def citations(self) -> list[Citation]:
        return [citation for step in self.steps for citation in step.sources]


RECORD, PART = "record", "part"  # what a rejection cost: the whole record, or one part of it


@dataclass(frozen=True)
class Rejection:
    """Why one record (or one whole file) was not loaded, or which part of a record was dropped.

    `dropped` is RECORD when the record is not shown, PART when it is shown without the part
    at `field`. `cause` names the record this one depended on, when that one was rejected.
    """

    file: str
    record: str
    field: str
    expected: str
    got: str
    dropped: str = RECORD
    cause: str = ""

    @property
    def record_shown(self) -> bool:
        return self.dropped == PART

    def __str__(self) -> str:
        where = f"{self.file}: {self.record}" if self.record else self.file
        why = f" ({self.cause})" if self.cause else ""
        shown = " [part dropped; the record is shown without it]" if self.record_shown else ""
        return f"{where}: {self.field}: expected {self.expected}, got {self.got}{why}{shown}"


@dataclass(frozen=True)
class Catalog:
    """Everything that loaded, by id, with the records that did not."""

    sources: dict[str, Source] = field(default_factory=dict)
    sites: dict[str, Site] = field(default_factory=dict)
    testimony: dict[str, Testimony] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    routes: dict[str, Route] = field(default_factory=dict)
    tours: dict[str, Tour] = field(default_factory=dict)
    rejections: tuple[Rejection, ...] = ()

    @cached_property
    def sites_in_order(self) -> tuple[Site, ...]:
        """The sites sorted by id: the order of every selection and of the map's site store.

        Computed once per catalogue (a catalogue is never changed once loaded).
        """
        return tuple(site for _, site in sorted(self.sites.items()))

    def testimony_at(self, site_id: str) -> list[Testimony]:
        return [item for item in self.testimony.values() if item.site == site_id]

    def events_at(self, site_id: str) -> list[Event]:
        return sorted(
            (event for event in self.events.values() if event.site == site_id),
            key=lambda event: event.date,
        )

    def partial_records(self) -> int:
        """Return how many records are shown without a part that was dropped (and are not also rejected)."""
        lost = {(item.file, item.record) for item in self.rejections if not item.record_shown}
        return len({(item.file, item.record) for item in self.rejections if item.record_shown} - lost)

    def rejected_records(self) -> int:
        """Return how many distinct records (or files) are not shown; a record shown without a part is not counted."""
        return len({(item.file, item.record) for item in self.rejections if not item.record_shown})
