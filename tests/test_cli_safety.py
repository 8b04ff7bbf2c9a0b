"""The command line fails cleanly: one line naming the file that cannot be written, never a traceback.

Audit: 18 of 18 unwritable output paths gave a raw traceback; `export -o` overwrote files;
`publish` wrote through a symlink left in its folder; escape codes in data reached the terminal.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sample import ROOT, site, write_data

from mapapp.cli import main

LAYER = ROOT / "geodata/victims/freire2019.json"


def _file(tmp: Path) -> Path:
    path = tmp / "plain.txt"
    path.write_text("keep me\n", encoding="utf-8")
    return path


def _folder(tmp: Path) -> Path:
    (tmp / "folder").mkdir()
    return tmp / "folder"


# (case, make the output path in tmp, what the line says after "cannot write PATH: ")
UNWRITABLE_FILES = [
    ("a missing directory", lambda tmp: tmp / "no" / "such" / "out.csv", "No such file or directory"),
    ("a directory as the output path", _folder, "Is a directory"),
    ("a path under a regular file", lambda tmp: _file(tmp) / "out.csv", "Not a directory"),
    ("an existing file without --force", _file, "it exists; use --force to replace it"),
    ("a path with a NUL byte", lambda tmp: f"{tmp}/out\0.csv", "embedded null byte"),
]


def _one_error_line(err: str, path: object, reason: str) -> None:
    lines = [line for line in err.splitlines() if not line.startswith("not exported")]
    assert len(lines) == 1, err
    assert "Traceback" not in err, err
    assert lines[0].startswith(f"error: cannot write {str(path).replace(chr(0), '')[:20]}"), lines[0]
    assert lines[0].endswith(reason), lines[0]


@pytest.mark.parametrize(("case", "make", "reason"), UNWRITABLE_FILES, ids=[c for c, _, _ in UNWRITABLE_FILES])
@pytest.mark.parametrize("fmt", ["csv", "geojson", "png"])
def test_export_to_a_path_that_cannot_be_written_is_one_line_and_exit_2(tmp_path, capsys, case, make, reason, fmt):
    data = write_data(tmp_path / "d")
    out = make(tmp_path)
    before = Path(out).read_bytes() if isinstance(out, Path) and out.is_file() else None
    assert main(["export", "--format", fmt, "--data", str(data), "-o", str(out)]) == 2
    _one_error_line(capsys.readouterr().err, out, reason)
    if before is not None:
        assert Path(out).read_bytes() == before


def test_export_force_replaces_an_existing_file(tmp_path, capsys):
    out = _file(tmp_path)
    assert (
        main(["export", "--format", "csv", "--data", str(write_data(tmp_path / "d")), "-o", str(out), "--force"]) == 0
    )
    assert out.read_text(encoding="utf-8").startswith("id,name_es")


@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied"), OSError(28, "No space left on device")])
def test_export_when_the_system_refuses_the_write(tmp_path, capsys, monkeypatch, error):
    def refuse(path, mode="r", *args, **kwargs):
        raise type(error)(error.errno, error.strerror, str(path))

    monkeypatch.setattr("builtins.open", refuse)
    out = tmp_path / "out.csv"
    assert main(["export", "--format", "csv", "--data", str(write_data(tmp_path / "d")), "-o", str(out)]) == 2
    _one_error_line(capsys.readouterr().err, out, error.strerror)


UNWRITABLE_DIRS = [
    ("a path under a regular file", lambda tmp: _file(tmp) / "site", "cannot write", "Not a directory"),
    ("a regular file", _file, "cannot write", "it is a file, expected a directory (new, empty, or a previous publish)"),
]


@pytest.mark.parametrize(("case", "make", "says", "reason"), UNWRITABLE_DIRS, ids=[c for c, *_ in UNWRITABLE_DIRS])
def test_publish_to_a_folder_that_cannot_be_written_is_one_line(tmp_path, capsys, case, make, says, reason):
    out = make(tmp_path)
    assert main(["publish", str(out), "--data", str(write_data(tmp_path / "d"))]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert says in err, err
    assert err.rstrip().endswith(reason), err


@pytest.mark.parametrize("link_name", ["index.html", "sites", "data/sites.csv", "unrelated.txt"])
def test_publish_never_writes_through_a_symlink_in_its_folder(tmp_path, capsys, link_name):
    data = write_data(tmp_path / "d")
    out = tmp_path / "site"
    assert main(["publish", str(out), "--data", str(data)]) == 0
    target = _file(tmp_path)
    link = out / link_name
    if link.is_dir():
        shutil.rmtree(link)
    elif link.exists():
        link.unlink()
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target if "." in link_name else _folder(tmp_path))
    capsys.readouterr()
    assert main(["publish", str(out), "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: publish: {link} is a symbolic link"), err
    assert target.read_text(encoding="utf-8") == "keep me\n"


INTO = [
    ("a path under a regular file", lambda tmp: _file(tmp) / "data", "Not a directory"),
    ("victims/ is a file", lambda tmp: _file(tmp).parent / "d", "File exists"),
]


@pytest.mark.parametrize(("case", "make", "reason"), INTO, ids=[c for c, _, _ in INTO])
def test_import_into_a_folder_that_cannot_be_written_is_one_line(tmp_path, case, make, reason):
    into = make(tmp_path)
    if case == "victims/ is a file":
        into.mkdir()
        (into / "victims").write_text("", encoding="utf-8")
    csv = tmp_path / "small.csv"
    real = ROOT.parent / "shared/datasets/freire2019/pinochet.csv"
    csv.write_bytes(b"".join(real.read_bytes().splitlines(keepends=True)[:4]))
    result = subprocess.run(
        [sys.executable, "-m", "mapapp", "import", "freire", str(csv), "--into", str(into)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"error: cannot write {into}"), first
    assert first.endswith(reason), first


# --- validate reads the victims layer -------------------------------------------------------


def _first_people(text: str, count: int) -> str:
    """Return the layer, valid JSON, with only its first people (how the audit's half file left it)."""
    document = json.loads(text)
    document["people"] = document["people"][:count]
    return json.dumps(document)


LAYERS = [
    ("cut in half", lambda text: text[: len(text) // 2], "cannot be read (JSONDecodeError"),
    ("empty", lambda text: "", "cannot be read (JSONDecodeError"),
    ("no people", lambda text: text.replace('"people"', '"persons"'), "cannot be read (KeyError: 'people')"),
    (
        "another format",
        lambda text: text.replace("mapapp-victims/1", "other/9"),
        "cannot be read (ValueError: expected format",
    ),
    (
        "people cut off",
        lambda text: _first_people(text, 1265),
        "cannot be read (ValueError: it holds 1265 people and 0 rows not imported, but says 2398",
    ),
    ("not UTF-8", lambda text: "\udcff" + text, "cannot be read (UnicodeDecodeError"),
]


@pytest.mark.parametrize(("case", "spoil", "says"), LAYERS, ids=[c for c, _, _ in LAYERS])
def test_validate_reports_a_broken_victims_layer_with_its_file(tmp_path, capsys, case, spoil, says):
    data = write_data(tmp_path / "d")
    (data / "victims").mkdir()
    layer = data / "victims" / "freire2019.json"
    layer.write_bytes(spoil(LAYER.read_text(encoding="utf-8")).encode("utf-8", errors="surrogateescape"))
    assert main(["validate", "--data", str(data)]) == 1
    out = capsys.readouterr().out
    assert f"{layer}: the victims layer {says}" in out, out


@pytest.mark.parametrize(("has_layer", "says"), [(False, "ok: 1 sites"), (True, "2398 people in the victims layer")])
def test_validate_passes_with_a_good_layer_or_none(tmp_path, capsys, has_layer, says):
    data = write_data(tmp_path / "d")
    if has_layer:
        (data / "victims").mkdir()
        shutil.copy(LAYER, data / "victims" / "freire2019.json")
    assert main(["validate", "--data", str(data)]) == 0
    assert says in capsys.readouterr().out


# --- what comes from data is printed with its control characters escaped --------------------


def test_validate_prints_escape_codes_in_data_escaped(tmp_path, capsys):
    data = write_data(tmp_path / "d", sites=[site("bad\x1b[2J", category="nope\x1b]0;pwn\x07\u202e")])
    assert main(["validate", "--data", str(data)]) == 1
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert not any(char in stream for char in "\x1b\x07\u202e"), stream
    assert "\\x1b" in captured.out


def test_the_import_report_prints_escape_codes_escaped(tmp_path):
    hostile = tmp_path / "pinochet\x1b[2J\u202e.csv"
    hostile.write_text("individual_id\n1\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mapapp", "import", "freire", str(hostile), "--into", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "\x1b" not in result.stderr
    assert "\u202e" not in result.stderr
    assert "pinochet\\x1b[2J\\u202e.csv: missing columns" in result.stderr
