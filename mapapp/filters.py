"""The one filter every view uses: the map, the list, the counts and the exports.

A record is in view when one of its periods overlaps the date span (inclusive at both ends,
each partial date taken as widely as it can mean), its category is chosen, it lies in the
chosen region, and the search text is found in its names or place. Events have no category:
region and text apply to their site or place. A route's legs are in view when their dates
overlap the span and the route itself is chosen: one of its stops is in the chosen region (a
stop at a curated site also in a chosen category, when the route has any such stop) and the
search text is found in the route's name or in such a stop.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass, field

from mapapp.dates import COUP, DateSpan
from mapapp.model import CATEGORIES, Catalog, Event, Route, Site


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Return text without case or accents, for search ("Ñuñoa" matches "nunoa")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass(frozen=True)
class Filter:
    """What the visitor asked to see: a span of days, categories, a region and search text."""

    start: dt.date = COUP
    end: dt.date | None = None
    categories: frozenset[str] = field(default_factory=lambda: frozenset(CATEGORIES))
    text: str = ""
    region: str = ""  # one of model.REGIONS, or "" for the whole country

    @property
    def span(self) -> DateSpan:
        return DateSpan(self.start, self.end)


@dataclass(frozen=True)
class Selection:
    """The records in view, in a stable order."""

    sites: tuple[Site, ...]
    events: tuple[Event, ...]
    segments: tuple[tuple[Route, int], ...]  # (route, i): the leg from stop i to stop i + 1
    states: dict[str, str] = field(default_factory=dict)  # site id -> "repression" or "memorial" in the span

    def counts(self) -> dict[str, int]:
        found = {category: 0 for category in CATEGORIES}
        for site in self.sites:
            found[site.category] += 1
        return found


def site_chosen(site: Site, wanted: Filter) -> bool:
    """Return whether the filter's choices other than dates (category, region, text) keep the site."""
    if site.category not in wanted.categories or (wanted.region and site.region != wanted.region):
        return False
    return _text_matches(wanted.text, site.name.es, site.name.en, site.commune, site.region, site.address)


def event_chosen(catalog: Catalog, event: Event, wanted: Filter) -> bool:
    """Return whether the region and the search text keep the event (events have no category)."""
    if wanted.region and _event_region(catalog, event) != wanted.region:
        return False
    return _text_matches(wanted.text, event.title.es, event.title.en, _event_place(catalog, event))


def route_chosen(catalog: Catalog, route: Route, wanted: Filter) -> bool:
    """Return whether the filter's choices other than dates keep the route (see the module's doc)."""
    sites = [catalog.sites[stop.site] for stop in route.stops if stop.site in catalog.sites]
    places = [stop.place for stop in route.stops if stop.place and stop.site not in catalog.sites]
    in_category = [site for site in sites if site.category in wanted.categories]
    if sites and not in_category:
        return False
    kept_sites = [site for site in in_category if not wanted.region or site.region == wanted.region]
    kept_places = [place for place in places if not wanted.region or place.region == wanted.region]
    if not kept_sites and not kept_places:
        return False
    return (
        _text_matches(wanted.text, route.name.es, route.name.en)
        or any(_text_matches(wanted.text, s.name.es, s.name.en, s.commune, s.region, s.address) for s in kept_sites)
        or any(_text_matches(wanted.text, p.name.es, p.name.en, p.commune, p.region) for p in kept_places)
    )


def _text_matches(query: str, *fields: str) -> bool:
    if not query.strip():
        return True
    needle = fold(query.strip())
    return any(needle in fold(text) for text in fields)


def _segment_span(route: Route, index: int) -> DateSpan:
    return DateSpan(route.stops[index].date.first_day(), route.stops[index + 1].date.last_day())


def filter_catalog(catalog: Catalog, wanted: Filter) -> Selection:
    """Return the sites, events and route legs that the filter lets through."""
    span = wanted.span
    sites, states = [], {}
    # One pass: a site is in view when a period overlaps the span; it was then used for repression
    # if any overlapping period says so, otherwise (only) a memorial.
    for site in catalog.sites_in_order:
        if site.category not in wanted.categories or (wanted.region and site.region != wanted.region):
            continue
        if wanted.text and not site_chosen(site, wanted):
            continue
        uses = [period.use for period in site.periods if period.span.overlaps(span)]
        if uses:
            sites.append(site)
            states[site.id] = "repression" if "repression" in uses else "memorial"
    events = tuple(
        event
        for event in sorted(catalog.events.values(), key=lambda event: (event.date, event.id))
        if event.span.overlaps(span) and event_chosen(catalog, event, wanted)
    )
    segments = tuple(
        (route, index)
        for _, route in sorted(catalog.routes.items())
        if route_chosen(catalog, route, wanted)
        for index in range(len(route.stops) - 1)
        if _segment_span(route, index).overlaps(wanted.span)
    )
    return Selection(tuple(sites), events, segments, states)


def _event_region(catalog: Catalog, event: Event) -> str:
    site = catalog.sites.get(event.site)
    if site:
        return site.region
    return event.place.region if event.place else ""


def _event_place(catalog: Catalog, event: Event) -> str:
    site = catalog.sites.get(event.site)
    if site:
        return f"{site.name.es} {site.name.en} {site.commune}"
    return str(event.place.name) if event.place else ""
