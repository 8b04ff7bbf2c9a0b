"""Turn one JSON record into a domain object, or into the list of what is wrong with it."""

from __future__ import annotations

import math
from typing import Any

from mapapp import model
from mapapp.fields import MISSING, Problem, Reader, describe
from mapapp.model import Event, Fact, Period, Place, Route, Site, Source, Stop, Testimony, Today, Value, Witness

# (west, east, south, north) boxes that hold Chile: the mainland with its coastal islands,
# the Juan Fernández archipelago, and Rapa Nui.
CHILE_BOXES = (
    (-76.0, -66.0, -56.6, -17.4),
    (-81.0, -78.5, -34.0, -33.4),
    (-109.5, -109.2, -27.25, -27.0),
)


class RecordInvalid(Exception):
    """A record broke one or more rules; `problems` says which."""

    def __init__(self, record: str, problems: list[Problem]):
        super().__init__(f"{record}: " + "; ".join(str(problem) for problem in problems))
        self.record, self.problems = record, problems


def in_chile(lon: float, lat: float) -> bool:
    return any(west <= lon <= east and south <= lat <= north for west, east, south, north in CHILE_BOXES)


def check_point(reader: Reader, name: str, value: Any, abroad: str) -> tuple[float, float]:
    """Return (lon, lat) from a [lon, lat] pair, recording what is wrong with it."""
    numbers = isinstance(value, list) and len(value) == 2
    numbers = numbers and all(isinstance(part, (int, float)) and not isinstance(part, bool) for part in value)
    if not numbers or not all(math.isfinite(part) for part in value):
        reader.problem(name, "[longitude, latitude] as two numbers", describe(value))
        return (math.nan, math.nan)
    lon, lat = float(value[0]), float(value[1])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        reader.problem(name, "longitude in -180..180 and latitude in -90..90", describe(value))
    elif not abroad and not in_chile(lon, lat):
        swapped = in_chile(lat, lon)
        expected = "a point in Chile, as [longitude, latitude]" + (
            " (these look swapped)" if swapped else " (or declare the site `abroad`)"
        )
        reader.problem(name, expected, describe(value))
    return (lon, lat)


def read_admin(reader: Reader) -> tuple[str, str, str]:
    """Return (commune, region, abroad): a place in Chile needs the first two."""
    abroad = reader.string("abroad")
    if abroad:
        commune = reader.string("commune") if "commune" in reader.data else ""
        return commune, "", abroad
    return reader.string("commune"), reader.choice("region", model.REGIONS), ""


def read_value(reader: Reader) -> Value:
    value = reader.raw("value")
    if value is not MISSING and not (isinstance(value, (str, int, float)) and str(value).strip()):
        reader.problem("value", "a string or a number", describe(value))
    text = "" if value is MISSING else str(value).strip()
    return Value(text, reader.citations("sources"), reader.text("note"))


def read_fact(reader: Reader) -> Fact:
    return Fact(reader.text("about"), reader.items("values", "Value", read_value, least=1))


def read_period(reader: Reader) -> Period:
    start, end = reader.date("start"), reader.date("end", nullable=True)
    if start and end and end.last_day() < start.first_day():
        reader.problem("end", f"a date on or after the start {start.iso()}", describe(end.iso()))
    return Period(start, end, reader.choice("use", model.PERIOD_USES), reader.citations("sources"), reader.text("note"))


def read_today(reader: Reader) -> Today:
    return Today(
        status=reader.choice("status", model.TODAY_STATUSES),
        sources=reader.citations("sources"),
        decree=reader.date("decree"),
        note=reader.text("note"),
    )


def read_place(reader: Reader) -> Place:
    commune, region, abroad = read_admin(reader)
    lon, lat = check_point(reader, "coordinates", reader.raw("coordinates"), abroad)
    return Place(lon, lat, reader.text("name"), reader.location("location"), commune, region, abroad)


def _finish(reader: Reader, record: str, built: Any) -> Any:
    reader.finish()
    if reader.problems:
        raise RecordInvalid(record, reader.problems)
    return built


def parse_source(data: Any) -> Source:
    reader = Reader(data, "Source")
    source = Source(
        id=reader.ident("id"),
        title=reader.string("title"),
        publisher=reader.string("publisher"),
        kind=reader.choice("kind", model.SOURCE_KINDS),
        url=reader.link("url"),
        date=reader.date("date"),
    )
    return _finish(reader, source.id, source)


def parse_site(feature: Any) -> Site:
    """Build a Site from a GeoJSON Feature."""
    top = Reader(feature, "Feature")
    top.choice("type", ("Feature",))
    site_id = top.ident("id")
    props = Reader(top.raw("properties"), "Site", "properties", top.problems)
    commune, region, abroad = read_admin(props)
    geometry = top.raw("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        got = geometry.get("type", MISSING) if isinstance(geometry, dict) else geometry
        top.problem("geometry.type", '"Point"', describe(got))
        lon = lat = math.nan
    else:
        lon, lat = check_point(top, "geometry.coordinates", geometry.get("coordinates", MISSING), abroad)
    today = props.child("today", "Today")
    site = Site(
        id=site_id,
        lon=lon,
        lat=lat,
        name=props.text("name"),
        category=props.choice("category", model.CATEGORIES),
        commune=commune,
        region=region,
        abroad=abroad,
        address=props.string("address"),
        location=props.location("location"),
        periods=props.items("periods", "Period", read_period, least=1),
        today=read_today(today) if today else None,
        summary=props.text("summary"),
        facts=props.items("facts", "Fact", read_fact),
        sources=props.citations("sources"),
    )
    if today:
        today.finish()
    props.finish()
    return _finish(top, site_id, site)


def parse_testimony(data: Any) -> Testimony:
    reader = Reader(data, "Testimony")
    witness = reader.child("witness", "Witness")
    item = Testimony(
        id=reader.ident("id"),
        site=reader.ident("site"),
        witness=Witness(witness.choice("kind", model.WITNESS_KINDS), witness.string("name"))
        if witness
        else Witness(""),
        given=reader.date("given"),
        summary=reader.text("summary"),
        content_note=reader.choice("content_note", model.CONTENT_NOTES),
        sources=reader.citations("sources"),
    )
    if witness:
        witness.finish()
    return _finish(reader, item.id, item)


def _site_or_place(reader: Reader) -> tuple[str, Place | None]:
    site = reader.ident("site")
    place_reader = reader.child("place", "Place")
    place = read_place(place_reader) if place_reader else None
    if place_reader:
        place_reader.finish()
    if bool(site) == bool(place):
        got = "both" if site and place else "neither"
        reader.problem("site", "exactly one of `site` or `place`", got)
    return site, place


def parse_event(data: Any) -> Event:
    reader = Reader(data, "Event")
    date, end = reader.date("date"), reader.date("end")
    if date and end and end.last_day() < date.first_day():
        reader.problem("end", f"a date on or after {date.iso()}", describe(end.iso()))
    site, place = _site_or_place(reader)
    event = Event(
        id=reader.ident("id"),
        date=date,
        end=end,
        title=reader.text("title"),
        summary=reader.text("summary"),
        site=site,
        place=place,
        sources=reader.citations("sources"),
    )
    return _finish(reader, event.id, event)


def read_stop(reader: Reader) -> Stop:
    site, place = _site_or_place(reader)
    return Stop(reader.date("date"), reader.citations("sources"), site, place, reader.items("facts", "Fact", read_fact))


def parse_route(data: Any) -> Route:
    reader = Reader(data, "Route")
    stops = reader.items("stops", "Stop", read_stop, least=2)
    dates = [stop.date for stop in stops if stop.date]
    for index, (before, after) in enumerate(zip(dates, dates[1:], strict=False), start=1):
        if after.last_day() < before.first_day():
            reader.problem(f"stops[{index}].date", f"a date on or after the stop before ({before.iso()})", after.iso())
    route = Route(
        id=reader.ident("id"),
        name=reader.text("name"),
        kind=reader.choice("kind", model.ROUTE_KINDS),
        summary=reader.text("summary"),
        stops=stops,
        sources=reader.citations("sources"),
    )
    return _finish(reader, route.id, route)


PARSERS = {
    "Source": parse_source,
    "Site": parse_site,
    "Testimony": parse_testimony,
    "Event": parse_event,
    "Route": parse_route,
}
