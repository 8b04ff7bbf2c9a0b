"""The map's JavaScript applies the same inclusive date-overlap rule as Python (`DateSpan.overlaps`).

An exported file's time slider decides in the browser which sites are active
(`MemoryMap.overlaps` in static/js/memorymap.js). The cases are built here, partial dates
expanded by Python as the exports expand them, and node answers them all in one run.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from mapapp.assets import OWN_JS
from mapapp.dates import DateSpan, PartialDate
from mapapp.standalone import day_number

D = dt.date
# (record's first date, last date or None for open, wanted first day, last day or None for open)
CASES = [
    ("1973-09-11", "1973-09-11", D(1973, 9, 11), D(1973, 9, 11)),  # one day, the same day
    ("1973-09-11", "1973-09-20", D(1973, 9, 20), D(1973, 12, 31)),  # ends on the first wanted day
    ("1973-09-20", "1973-10-01", D(1973, 9, 1), D(1973, 9, 20)),  # starts on the last wanted day
    ("1973-09-20", "1973-10-01", D(1973, 9, 1), D(1973, 9, 19)),  # starts the day after
    ("1973-09-11", "1973-09-19", D(1973, 9, 20), D(1973, 9, 30)),  # ended the day before
    ("1973-10", "1973-10", D(1973, 10, 31), D(1973, 11, 5)),  # a month covers its last day
    ("1973-10", "1973-10", D(1973, 9, 1), D(1973, 10, 1)),  # ...and its first
    ("1973-10", "1973-10", D(1973, 11, 1), D(1973, 11, 30)),  # ...and not the next month
    ("1976-02", "1976-02", D(1976, 2, 29), D(1976, 3, 1)),  # a leap February ends on the 29th
    ("1974", "1974", D(1974, 12, 31), D(1975, 1, 1)),  # a year covers its last day
    ("1974", "1974", D(1973, 12, 31), D(1974, 1, 1)),  # ...and its first
    ("1974", "1974", D(1975, 1, 1), None),  # ...and not the next year, however long the span
    ("1974-03-01", "1975", D(1975, 12, 31), D(1976, 1, 1)),  # mixed precisions
    ("1988-06-01", None, D(2020, 1, 1), D(2020, 1, 1)),  # an open record reaches any later day
    ("1988-06-01", None, D(1988, 5, 31), D(1988, 5, 31)),  # ...but not the day before it began
    ("1988-06-01", None, D(1988, 6, 1), None),  # open record, open span, same first day
    ("1973-09-11", "1990-03-11", D(1990, 3, 11), None),  # the whole dictatorship, open span from its last day
    ("1973-09-11", "1990-03-11", D(1990, 3, 12), None),  # ...and the day after it
]


def _python(case) -> bool:
    first, last, start, end = case
    record = DateSpan.of(PartialDate.parse(first), PartialDate.parse(last) if last else None)
    return record.overlaps(DateSpan(start, end))


def _days(case) -> list[list[int | None]]:
    first, last, start, end = case
    record = DateSpan.of(PartialDate.parse(first), PartialDate.parse(last) if last else None)
    return [[day_number(record.start), day_number(record.end)], [day_number(start), day_number(end)]]


def _node(cases: list) -> list[bool]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: the map's JavaScript cannot be tested (`make assets` needs it too)")
    script = (
        f"require({json.dumps(str(Path(OWN_JS) / 'memorymap.js'))});"
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(cases.map(c => MemoryMap.overlaps(c[0], c[1]))));"
    )
    done = subprocess.run([node, "-e", script], input=json.dumps(cases), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_javascript_and_python_agree_on_every_boundary_case():
    expected = [_python(case) for case in CASES]
    assert True in expected
    assert False in expected
    answers = _node([_days(case) for case in CASES])
    disagree = [(case, want, got) for case, want, got in zip(CASES, expected, answers, strict=True) if want != got]
    assert not disagree


def test_a_strict_rule_would_be_caught():
    # The slider once hid a site active on the span's edge day: the table must tell the rules apart.
    strict = [c for c in CASES if _python(c) and _days(c)[0][1] is not None and _days(c)[0][1] == _days(c)[1][0]]
    assert strict, "the table needs a record that ends on the first wanted day"
