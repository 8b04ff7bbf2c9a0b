"""Dates that carry their precision, and inclusive date spans.

A record dated "1973-10" happened some day in October 1973; when filtering, it covers every
day of that month. A span is inclusive at both ends: a period that ends on the first day of
the span, or starts on its last, overlaps it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import format_date

DAY, MONTH, YEAR = "day", "month", "year"
PRECISIONS = (DAY, MONTH, YEAR)

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

# The map's time axis starts at the coup; nothing earlier is a record of this map.
COUP = dt.date(1973, 9, 11)
END_OF_DICTATORSHIP = dt.date(1990, 3, 11)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the day, the month or the year."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> str:
        if self.day:
            return DAY
        return MONTH if self.month else YEAR

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read "YYYY-MM-DD", "YYYY-MM" or "YYYY"; raise ValueError otherwise."""
        match = _PATTERN.match(text) if isinstance(text, str) else None
        if not match:
            raise ValueError(f"{text!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = (int(part) if part else 0 for part in match.groups())
        if year < 1:  # the calendar has no year 0; "0000-01" would fail later, when filtered
            raise ValueError(f"{text!r} has no year 0")
        if match.group(2) and not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        if match.group(3):
            dt.date(year, month, day)  # raises ValueError for 1973-02-30
        return cls(year, month, day)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day:
            return dt.date(self.year, self.month, self.day)
        if self.month:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    def iso(self) -> str:
        """Return the date as written in the data ("1973", "1973-10", "1973-10-16")."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def label(self, lang: str = "en") -> str:
        """Return the date at its precision: "16 Oct 1973", "Oct 1973", "1973" (or in Spanish)."""
        if self.precision == YEAR:
            return str(self.year)
        pattern = "d MMM y" if self.day else "LLL y"
        return format_date(self.first_day(), pattern, locale=lang)


@dataclass(frozen=True)
class DateSpan:
    """An inclusive span of days; `end=None` means the span is still open (up to today)."""

    start: dt.date
    end: dt.date | None

    @classmethod
    def of(cls, start: PartialDate, end: PartialDate | None) -> DateSpan:
        """Return the widest span the two partial dates can mean."""
        return cls(start.first_day(), end.last_day() if end else None)

    def overlaps(self, other: DateSpan) -> bool:
        """Return whether the two spans share at least one day."""
        self_end = self.end or dt.date.max
        other_end = other.end or dt.date.max
        return self.start <= other_end and other.start <= self_end

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= (self.end or dt.date.max)


def span_label(start: PartialDate, end: PartialDate | None, lang: str = "en") -> str:
    """Return a period as people write it: "12 Sep - 9 Nov 1973", "1974", "Nov 1973 - 1974"."""
    if end is None:
        since = "desde" if lang == "es" else "since"
        return f"{since} {start.label(lang)}"
    if end == start:
        return start.label(lang)
    end_text = end.label(lang)
    start_text = start.label(lang)
    same_year = start.year == end.year and start.precision != YEAR
    if same_year and start_text.endswith(str(start.year)):
        start_text = start_text[: -len(str(start.year))].rstrip()
    return f"{start_text} - {end_text}"
