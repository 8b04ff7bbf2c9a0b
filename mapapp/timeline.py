"""The timeline under the map: per month, how many sites were active and how many events happened.

Counts use the same filter as the map (categories, region, text) at every month, so the chart
and the map never disagree; the chosen span is drawn over it, and a stretch selected on the
chart becomes the map's span.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json

import altair as alt

from mapapp.dates import COUP, END_OF_DICTATORSHIP, DateSpan
from mapapp.filters import Filter, event_chosen, site_chosen
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
    """Return, per month, the sites active and the events in it, under the filter's other choices.

    The same inclusive overlap as `filter_catalog`, computed once per record instead of once
    per month.
    """
    spans = months()
    first_day, last_day = spans[0][0], spans[-1][1]
    sites, events = [0] * len(spans), [0] * len(spans)
    for site in catalog.sites.values():
        if site_chosen(site, wanted):
            for index in _covered({period.span for period in site.periods}, first_day, last_day):
                sites[index] += 1
    for event in catalog.events.values():
        if event_chosen(catalog, event, wanted):
            for index in _covered({event.span}, first_day, last_day):
                events[index] += 1
    return [
        {"month": first.isoformat(), "sites": s, "events": e}
        for (first, _), s, e in zip(spans, sites, events, strict=True)
    ]


def _covered(spans: set[DateSpan], first_day: dt.date, last_day: dt.date) -> set[int]:
    """Return the indexes of the months (counted from first_day's) that any of the spans touches."""
    found = set()
    for span in spans:
        start, end = max(span.start, first_day), min(span.end or last_day, last_day)
        if start > end:
            continue
        found.update(range(_month_index(start, first_day), _month_index(end, first_day) + 1))
    return found


def _month_index(day: dt.date, first_day: dt.date) -> int:
    return (day.year - first_day.year) * 12 + day.month - first_day.month


SPAN_START, SPAN_END = "1900-01-01", "1900-01-02"  # placeholders in the template, replaced per view
MONTHS, SPAN = "months", "span"  # the chart's named datasets


def spec_template(rows: list[dict], lang: str) -> str:
    """Return the timeline's Vega-Lite spec as JSON, with placeholders for the chosen span.

    Active sites as bars, events as a line, the chosen span shaded. Building and validating
    the chart costs a tenth of a second or more; the template is built once per counts and
    language, and each view only fills in its span (`with_span`). The counts and the span are
    named datasets, so the spec itself never changes with the span: Streamlit then swaps the
    span's data in the drawn chart instead of drawing the chart again.
    """
    sites, events = t("ui.sites", lang), t("ui.events", lang)
    stretch = alt.selection_interval(encodings=["x"], name=SELECTION)
    x = alt.X("month:T", title=None, axis=alt.Axis(format="%Y"))
    months = alt.NamedData(name=MONTHS)
    bars = (
        alt.Chart(months)
        .mark_bar(color="#b2182b", opacity=0.6)
        .encode(x=x, y=alt.Y(f"{sites}:Q", title=sites), tooltip=[alt.Tooltip("month:T", format="%b %Y"), f"{sites}:Q"])
        .add_params(stretch)
    )
    line = alt.Chart(months).mark_line(color="#333333").encode(x=x, y=alt.Y(f"{events}:Q", title=events))
    span = alt.Chart(alt.NamedData(name=SPAN)).mark_rect(color="#2166ac", opacity=0.12).encode(x="a:T", x2="b:T")
    # A single day (day mode, playback) is a span of no width: it is marked by a line instead.
    day = (
        alt.Chart(alt.NamedData(name=SPAN))
        .transform_filter("datum.a === datum.b")
        .mark_rule(color="#2166ac", strokeWidth=2)
        .encode(x="a:T")
    )
    layered = alt.layer(span, day, bars, line).resolve_scale(y="independent")
    # Drawn on a canvas: the chart is one image with one description (the same counts are in the list
    # and on the map), not hundreds of unlabelled SVG marks for a screen reader to wade through.
    spec = layered.properties(
        height=160, description=t("ui.timeline", lang), usermeta={"embedOptions": {"renderer": "canvas"}}
    ).to_dict()
    spec["datasets"] = {
        MONTHS: [{"month": r["month"], sites: r["sites"], events: r["events"]} for r in rows],
        SPAN: [{"a": SPAN_START, "b": SPAN_END}],
    }
    return json.dumps(spec)


def with_span(template: str, start: dt.date, end: dt.date | None) -> dict:
    """Return the spec of `spec_template` with the chosen span shaded."""
    shown_end = min(end or END_OF_DICTATORSHIP, END_OF_DICTATORSHIP)
    return json.loads(template.replace(SPAN_START, start.isoformat()).replace(SPAN_END, shown_end.isoformat()))


def chart(rows: list[dict], start: dt.date, end: dt.date | None, lang: str) -> dict:
    """Return the timeline's Vega-Lite spec for one view."""
    return with_span(spec_template(rows, lang), start, end)


def selected_span(selection: dict | None) -> tuple[dt.date, dt.date] | None:
    """Return the days a stretch selected on the chart covers, or None when nothing is selected."""
    values = ((selection or {}).get(SELECTION) or {}).get("month")
    if not values or len(values) != 2:
        return None
    first, last = (dt.datetime.fromtimestamp(v / 1000, tz=dt.UTC).date() for v in sorted(values))
    return max(first, COUP), max(last, first)
