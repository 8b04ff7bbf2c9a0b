"""A broken copy of pinochet.csv never replaces a good victims layer (audit: 7 of 16 broken files did).

Each broken file is made from the real one; the layer on disk must stay byte-identical after
a refused import, and a good import keeps the layer it replaces as a backup.
"""

from __future__ import annotations

import csv
import io
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mapapp.victims import load_layer
from mapapp.victims_import import BACKUP_SUFFIX, import_freire

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT.parent / "shared/datasets/freire2019/pinochet.csv"
LAYER = ROOT / "geodata/victims/freire2019.json"


def _real() -> bytes:
    if not CSV.is_file():
        pytest.fail(f"the Freire et al. (2019) dataset is missing: expected it at {CSV}")
    return CSV.read_bytes()


def _rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(_real().decode("utf-8"), newline="")))


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _without(column: str) -> bytes:
    at = _rows()[0].index(column)
    return _csv([row[:at] + row[at + 1 :] for row in _rows()])


def _lines(count: int) -> bytes:
    return b"".join(_real().splitlines(keepends=True)[:count])


def _shift_every_row() -> bytes:
    rows = _rows()
    return _csv([rows[0], *(["", *row] for row in rows[1:])])


def _value_lost_in_every_row() -> bytes:
    """Shifted left from group_id on, padded at the end: every row has the right length."""
    rows = _rows()
    return _csv([rows[0], *(row[:1] + row[2:] + [""] for row in rows[1:])])


def _one_row_shifted() -> bytes:
    rows = _rows()
    return _csv([*rows[:100], [""] + rows[100], *rows[101:]])


# (case, the broken file's bytes, what the refusal must say: a regex)
BROKEN = [
    ("cut in half mid-file", lambda: _real()[: len(_real()) // 2], r"row \d+ \(individual_id \d+\).*fewer than 90%"),
    ("the first half of the rows", lambda: _lines(1200), r"1,199 people, fewer than 90% of the 2,398"),
    ("one row", lambda: _lines(2), r"1 people, fewer than 90%"),
    ("a missing column", lambda: _without("violence"), r"missing columns violence"),
    (
        "columns shifted by one in every row",
        _shift_every_row,
        r"no row could be imported.*row 2: \(row\): 60 values, expected 59",
    ),
    ("a value lost in every row", _value_lost_in_every_row, r"row 2 \(individual_id 1\): exact_coordinates_1"),
    ("one row shifted", _one_row_shifted, r"row 101: \(row\): 60 values, expected 59"),
    ("a header only", lambda: _lines(1), r"no row could be imported"),
    ("an empty file", lambda: b"", r"the file is empty"),
    ("binary garbage", lambda: random.Random(1973).randbytes(20_000), r"(missing columns|not a CSV file)"),
]
GOOD = [
    ("a byte order mark", lambda: b"\xef\xbb\xbf" + _real()),
    ("CRLF line endings", lambda: _real().replace(b"\n", b"\r\n")),
]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data directory holding a copy of the bundled, good layer."""
    (tmp_path / "data" / "victims").mkdir(parents=True)
    shutil.copy(LAYER, tmp_path / "data" / "victims" / "freire2019.json")
    return tmp_path / "data"


def _listing(folder: Path) -> list[tuple[str, bytes]]:
    return sorted((path.name, path.read_bytes()) for path in folder.iterdir())


@pytest.mark.parametrize(("case", "make", "says"), BROKEN, ids=[case for case, _, _ in BROKEN])
def test_a_broken_file_is_refused_and_the_layer_is_byte_identical(tmp_path, data, case, make, says):
    broken = tmp_path / "pinochet.csv"
    broken.write_bytes(make())
    before = _listing(data / "victims")
    code, report = import_freire(broken, data)
    assert code == 2, report
    assert _listing(data / "victims") == before, case
    assert str(broken) in report
    assert report.startswith("error: ")
    assert report.endswith("nothing written")
    assert re.search(says, report, re.DOTALL), report


@pytest.mark.parametrize(("case", "make"), GOOD, ids=[case for case, _ in GOOD])
def test_a_good_file_imports_and_keeps_the_previous_layer_as_a_backup(tmp_path, data, case, make):
    good = tmp_path / "pinochet.csv"
    good.write_bytes(make())
    before = (data / "victims" / "freire2019.json").read_bytes()
    code, report = import_freire(good, data)
    assert code == 0, report
    assert len(load_layer(data).people) == 2398
    assert (data / "victims" / f"freire2019.json{BACKUP_SUFFIX}").read_bytes() == before
    assert f"previous layer kept as {data / 'victims' / 'freire2019.json.bak'}" in report


def test_force_replaces_a_collapsed_layer_and_keeps_a_backup(tmp_path, data):
    one = tmp_path / "one.csv"
    one.write_bytes(_lines(2))
    before = (data / "victims" / "freire2019.json").read_bytes()
    code, report = import_freire(one, data, force=True)
    assert code == 0, report
    assert len(load_layer(data).people) == 1
    assert "replaced with --force although" in report
    assert "fewer than 90%" in report
    assert (data / "victims" / "freire2019.json.bak").read_bytes() == before


def test_a_new_data_directory_takes_a_small_file(tmp_path):
    one = tmp_path / "one.csv"
    one.write_bytes(_lines(2))
    code, report = import_freire(one, tmp_path / "new")
    assert code == 0, report
    assert not (tmp_path / "new" / "victims" / "freire2019.json.bak").exists()


def test_the_command_line_refuses_with_the_file_the_row_and_exit_2(tmp_path, data):
    half = tmp_path / "half.csv"
    half.write_bytes(_real()[: len(_real()) // 2])
    before = _listing(data / "victims")
    result = subprocess.run(
        [sys.executable, "-m", "mapapp", "import", "freire", str(half), "--into", str(data)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {half}: row ")
    assert "--force" in result.stderr
    assert _listing(data / "victims") == before
