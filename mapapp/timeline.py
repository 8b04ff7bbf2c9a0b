"""The timeline under the map: per month, how many sites were active and how many events happened.

Counts use the same filter as the map (categories, region, text) at every month, so the chart
and the map never disagree; the chosen span is drawn over it, and a stretch selected on the
chart becomes the map's span.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt

import altair as alt

from mapapp.dates import COUP, END_OF_DICTATORSHIP
from mapapp.filters import Filter, filter_catalog
from mapapp.i18n import t
from mapapp.model import Catalog

SELECTION = "stretch"


def months(first: dt.date = COUP, last: dt.date = END_OF_DICTATORSHIP) -> list[tuple[dt.date, dt.date]]:
    """Return (first day, last day) of every month from first to last."""
    found, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        found.append((dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def monthly_counts(catalog: Catalog, wanted: Filter) -> list[dict]:
    """Return, per month, the sites active and the events in it, under the filter's other choices."""
    rows = []
    for first, last in months():
        selection = filter_catalog(catalog, dataclasses.replace(wanted, start=first, end=last))
        rows.append({"month": first.isoformat(), "sites": len(selection.sites), "events": len(selection.events)})
    return rows


def chart(rows: list[dict], start: dt.date, end: dt.date | None, lang: str) -> alt.LayerChart:
    """Return the timeline: active sites as bars, events as a line, the chosen span shaded."""
    sites, events = t("ui.sites", lang), t("ui.events", lang)
    data = alt.Data(values=[{"month": r["month"], sites: r["sites"], events: r["events"]} for r in rows])
    stretch = alt.selection_interval(encodings=["x"], name=SELECTION)
    x = alt.X("month:T", title=None, axis=alt.Axis(format="%Y"))
    bars = (
        alt.Chart(data)
        .mark_bar(color="#b2182b", opacity=0.6)
        .encode(x=x, y=alt.Y(f"{sites}:Q", title=sites), tooltip=[alt.Tooltip("month:T", format="%b %Y"), f"{sites}:Q"])
        .add_params(stretch)
    )
    line = alt.Chart(data).mark_line(color="#333333").encode(x=x, y=alt.Y(f"{events}:Q", title=events))
    shown_end = min(end or END_OF_DICTATORSHIP, END_OF_DICTATORSHIP)
    span = (
        alt.Chart(alt.Data(values=[{"a": start.isoformat(), "b": shown_end.isoformat()}]))
        .mark_rect(color="#2166ac", opacity=0.12)
        .encode(x="a:T", x2="b:T")
    )
    layered = alt.layer(span, bars, line).resolve_scale(y="independent")
    # Drawn on a canvas: the chart is one image with one description (the same counts are in the list
    # and on the map), not hundreds of unlabelled SVG marks for a screen reader to wade through.
    return layered.properties(
        height=160, description=t("ui.timeline", lang), usermeta={"embedOptions": {"renderer": "canvas"}}
    )


def selected_span(selection: dict | None) -> tuple[dt.date, dt.date] | None:
    """Return the days a stretch selected on the chart covers, or None when nothing is selected."""
    values = ((selection or {}).get(SELECTION) or {}).get("month")
    if not values or len(values) != 2:
        return None
    first, last = (dt.datetime.fromtimestamp(v / 1000, tz=dt.UTC).date() for v in sorted(values))
    return max(first, COUP), max(last, first)
