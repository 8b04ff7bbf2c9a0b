"""Bad data of every kind: the loader never crashes or hangs, and loses only what it must.

Each case builds a small data directory and states exactly which records load and which
rejections appear, checked through `load_catalog` and through `python -m mapapp validate`.
A case marked "bug" crashed, hung or lost more than it had to before the pydantic loader.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sample import ROOT, SOURCE, account, route, site, write_data, write_file

from mapapp.load import DEFAULT_DATA, load_catalog
from mapapp.model import PART, RECORD

SOURCE_ONLY = [{"source": "src-one"}]
TWO = "src-one site-one site-two t-one e-one r-one"  # what the base data loads
CAUSE = "depends on site 'site-one', which was not loaded"


def _base(root: Path, first: dict | None = None, third: dict | None = None, stops=("site-one", "site-two"), **files):
    """Write the base data: two sites (three with `third`), testimony and an event at the first, a route."""
    sites = [first or site(), site("site-two", name={"es": "Dos", "en": "Two"})] + ([third] if third else [])
    return write_data(root, sites=sites, routes=[route(stops=stops)], **files)


def _fact(*values) -> list[dict]:
    return [{"about": {"en": "Prisoners"}, "values": [{"value": v, "sources": SOURCE_ONLY} for v in values]}]


def _nested(root):
    _base(root)
    write_file(root, "sites/deep.geojson", "[" * 100_000 + "]" * 100_000)


def _link(name: str, target, folder: str = "sites"):
    def build(root):
        _base(root)
        os.symlink(target(root) if callable(target) else target, root / folder / name)

    return build


def _outside(root: Path) -> Path:
    outside = root.parent / "outside.geojson"
    outside.write_text(json.dumps({"type": "FeatureCollection", "features": [site("site-outside")]}), "utf-8")
    return outside


def _inside(root: Path) -> Path:
    """Write a sources file in a folder the loader does not read, and return a relative link to it."""
    write_file(
        root, "drafts/more.json", json.dumps({"sources": [dict(SOURCE, id="src-three", url="https://example.org/3")]})
    )
    return Path("..", "drafts", "more.json")


def _pipe(root):
    _base(root)
    os.mkfifo(root / "sites" / "pipe.geojson")


def _bom(root):
    _base(root)
    for path in (root / "sources").iterdir():
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def _empty(root):
    root.mkdir(parents=True)


# (label, build(root), ids that load, rejections as (file, record, field, dropped, expected fragment, cause),
#  how many records are not shown)
CASES = [
    (
        "bug: JSON nested 100,000 deep (RecursionError)",
        _nested,
        TWO,
        [("sites/deep.geojson", "", "(file)", RECORD, "nested at most 64 levels", "")],
        1,
    ),
    (
        "bug: a period starting in year 0",
        lambda root: _base(
            root,
            third=site(
                "site-three", periods=[{"start": "0000", "end": None, "use": "memorial", "sources": SOURCE_ONLY}]
            ),
        ),
        TWO,
        [("sites/", "site-three", "properties.periods[0].start", RECORD, "YYYY-MM-DD", "")],
        1,
    ),
    (
        "bug: testimony given in year 0 (crashed when filtered)",
        lambda root: _base(root, accounts=[account(given="0000-01")]),
        TWO.replace(" t-one", ""),
        [("testimony/", "t-one", "given", RECORD, "YYYY-MM-DD", "")],
        1,
    ),
    (
        "bug: NaN as a fact value beside another value",
        lambda root: _base(root, first=site(facts=_fact(math.nan, "40"))),
        TWO,
        [("sites/", "site-one", "properties.facts[0].values[0].value", PART, "a string or a number", "")],
        0,
    ),
    (
        "bug: Infinity as a fact's only value",
        lambda root: _base(root, first=site(facts=_fact(math.inf))),
        TWO,
        [("sites/", "site-one", "properties.facts[0].values[0].value", PART, "a string or a number", "")],
        0,
    ),
    (
        "a link to a missing file",
        _link("ghost.geojson", lambda root: root / "sites" / "gone.geojson"),
        TWO,
        [("sites/ghost.geojson", "", "(file)", RECORD, "a file that exists", "")],
        1,
    ),
    (
        "bug: a named pipe in sites/ (hung)",
        _pipe,
        TWO,
        [("sites/pipe.geojson", "", "(file)", RECORD, "a regular file", "")],
        1,
    ),
    (
        "bug: a link to /dev/zero (read forever)",
        _link("zero.geojson", "/dev/zero"),
        TWO,
        [("sites/zero.geojson", "", "(file)", RECORD, "a file inside the data folder", "")],
        1,
    ),
    (
        "bug: a link to a JSON file outside the data folder (loaded it)",
        _link("outside.geojson", _outside),
        TWO,
        [("sites/outside.geojson", "", "(file)", RECORD, "a file inside the data folder", "")],
        1,
    ),
    (
        "bug: an unknown field lost the site, its testimony, its event and its route",
        lambda root: _base(root, first=site(colour="red")),
        TWO,
        [("sites/", "site-one", "properties.colour", PART, "no such field in a Site", "")],
        0,
    ),
    ("a byte-order mark at the start of a sources file", _bom, TWO, [], 0),
    (
        "a folder named like a record file",
        lambda root: (_base(root), (root / "sites" / "more.geojson").mkdir()),
        TWO,
        [("sites/more.geojson", "", "(file)", RECORD, "a regular file", "")],
        1,
    ),
    (
        "a link to a file inside the data folder is read",
        _link("more.json", _inside, "sources"),
        TWO + " src-three",
        [],
        0,
    ),
    (
        "a site rejected for a real fault takes only what depends on it",
        lambda root: _base(
            root,
            first=site(category="barracks"),
            third=site("site-three"),
            stops=("site-one", "site-two", "site-three"),
        ),
        "src-one site-two site-three r-one",
        [
            ("sites/", "site-one", "properties.category", RECORD, "one of detention-centre", ""),
            ("testimony/", "t-one", "site", RECORD, "the id of a site that loaded", CAUSE),
            ("events/", "e-one", "site", RECORD, "the id of a site that loaded", CAUSE),
            ("routes/", "r-one", "stops[0].site", PART, "the id of a site that loaded", CAUSE),
        ],
        3,
    ),
    (
        "a route that would keep one stop is not shown",
        lambda root: _base(root, first=site(category="barracks")),
        "src-one site-two",
        [
            ("sites/", "site-one", "properties.category", RECORD, "one of detention-centre", ""),
            ("testimony/", "t-one", "site", RECORD, "the id of a site that loaded", CAUSE),
            ("events/", "e-one", "site", RECORD, "the id of a site that loaded", CAUSE),
            ("routes/", "r-one", "stops[0].site", RECORD, "the id of a site that loaded", CAUSE),
        ],
        4,
    ),
    (
        "one citation of a missing source among others is dropped",
        lambda root: _base(root, first=site(sources=[{"source": "src-one"}, {"source": "nowhere"}])),
        TWO,
        [("sites/", "site-one", "properties.sources[1].source", PART, "ids of sources", "")],
        0,
    ),
    (
        "one bad period among others is dropped",
        lambda root: _base(
            root,
            first=site(
                periods=site()["properties"]["periods"]
                + [{"start": "1973-02-30", "end": None, "use": "memorial", "sources": SOURCE_ONLY}]
            ),
        ),
        TWO,
        [("sites/", "site-one", "properties.periods[1].start", PART, "YYYY-MM-DD", "")],
        0,
    ),
    (
        "bug: an empty data folder said ok: 0 sites",
        _empty,
        "",
        [("/data", "", "(directory)", RECORD, "a data directory with record files", "")],
        1,
    ),
]
KINDS = {"src": "sources", "site": "sites", "t": "testimony", "e": "events", "r": "routes", "tour": "tours"}


def _where(file: str, expected: str) -> str:
    """Return the part of a rejection's file that a case names: "sites/" (any file of the folder, as
    sample.write_data names them), "sites/deep.geojson" (a file the case wrote), or "/data" (the folder)."""
    path = Path(file)
    if expected.endswith("/"):
        return f"{path.parent.name}/"
    return f"/{path.name}" if expected.startswith("/") else f"{path.parent.name}/{path.name}"


def _load_within(root: Path, seconds: float = 60):
    """Load in a thread, so that a loader that blocks fails the test instead of hanging it."""
    found = []
    worker = threading.Thread(target=lambda: found.append(load_catalog(root)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert found, f"load_catalog did not return within {seconds} s"
    return found[0]


def _loaded(catalog) -> list[str]:
    return sorted(record_id for kind in KINDS.values() for record_id in getattr(catalog, kind))


@pytest.mark.parametrize(("label", "build", "loads", "rejections", "not_shown"), CASES, ids=[case[0] for case in CASES])
def test_load_catalog_loses_only_what_it_must(tmp_path, label, build, loads, rejections, not_shown):
    build(tmp_path / "data")
    catalog = _load_within(tmp_path / "data")
    assert _loaded(catalog) == sorted(loads.split())
    assert len(catalog.rejections) == len(rejections), [str(r) for r in catalog.rejections]
    found = [
        (_where(r.file, file), r.record, r.field, r.dropped, r.cause)
        for r, (file, *_) in zip(catalog.rejections, rejections, strict=True)
    ]
    assert found == [(file, record, field, dropped, cause) for file, record, field, dropped, _, cause in rejections]
    for rejection, (*_, expected, _cause) in zip(catalog.rejections, rejections, strict=True):
        assert expected in rejection.expected, str(rejection)
    assert catalog.rejected_records() == not_shown


def _validate(root: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "MAPAPP_DATA"}
    command = [sys.executable, "-m", "mapapp", "validate", "--data", str(root)]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


@pytest.fixture(scope="module")
def validated(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """Run `validate` on every case, a few at a time (each run spends seconds importing the app)."""
    roots = {}
    for label, build, *_ in CASES:
        roots[label] = tmp_path_factory.mktemp("case") / "data"
        build(roots[label])
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(roots, pool.map(_validate, roots.values()), strict=True))


@pytest.mark.parametrize(("label", "build", "loads", "rejections", "not_shown"), CASES, ids=[case[0] for case in CASES])
def test_validate_reports_one_line_per_rejection_and_never_a_traceback(
    validated, label, build, loads, rejections, not_shown
):
    result = validated[label]
    assert "Traceback" not in result.stderr
    assert result.returncode == (1 if rejections else 0), result.stdout + result.stderr
    lines = result.stdout.splitlines()
    if not rejections:
        assert lines
        assert lines[0].startswith("ok: ")
        return
    assert len(lines) == len(rejections), result.stdout
    for line, (file, record, field, dropped, _, cause) in zip(lines, rejections, strict=True):
        assert (
            file.strip("/") in line
        )
        assert (
            (f": {record}: {field}: expected" if record else f": {field}: expected") in line
        )
        assert cause in line
        assert (("part dropped" in line) == (dropped == PART))


def test_an_unexpected_error_in_one_file_is_that_files_rejection(tmp_path, monkeypatch):
    from mapapp import load

    real = load.parse

    def parse(model, data, context=None):
        if data.get("id") == "src-two":
            raise RuntimeError("a surprise")
        return real(model, data, context)

    monkeypatch.setattr(load, "parse", parse)
    root = _base(tmp_path / "data")
    write_file(
        root, "sources/two.json", json.dumps({"sources": [dict(SOURCE, id="src-two", url="https://example.org/2")]})
    )
    catalog = load_catalog(root)
    assert [(r.file, r.field, r.got) for r in catalog.rejections] == [
        ("data/sources/two.json", "(file)", "RuntimeError: a surprise")
    ]
    assert _loaded(catalog) == sorted(TWO.split())


# On a copy of the real record: the same faults, counted against the untouched copy.


@pytest.fixture(scope="module")
def real():
    return load_catalog(DEFAULT_DATA)


def _copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DEFAULT_DATA, tmp_path / "geodata", symlinks=True))


def _edit(root: Path, folder: str, record_id: str, change) -> None:
    """Change one record, wherever its file is (the files are not named here on purpose)."""
    for path in sorted((root / folder).iterdir()):
        document = json.loads(path.read_text("utf-8"))
        records = document.get("features" if folder == "sites" else folder, [])
        for record in records:
            if record.get("id") == record_id:
                change(record)
                path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
                return
    raise AssertionError(f"{record_id} is not in {folder}/")


def _counts(catalog) -> dict[str, int]:
    return {kind: len(getattr(catalog, kind)) for kind in KINDS.values()}


def _less(real, **lost) -> dict[str, int]:
    return {kind: count - lost.get(kind, 0) for kind, count in _counts(real).items()}


def _first_testimony(real) -> str:
    return sorted(real.testimony)[0]


def _with_facts(real) -> str:
    return next(site.id for site in real.sites_in_order if site.facts)


REAL = [
    (
        "unknown field in estadio-nacional",
        lambda root, real: _edit(root, "sites", "estadio-nacional", lambda r: r["properties"].update(colour="red")),
        {},
        [PART],
    ),
    (
        "JSON nested 100,000 deep",
        lambda root, real: write_file(root, "sites/deep.geojson", "[" * 100_000 + "]" * 100_000),
        {},
        [RECORD],
    ),
    ("named pipe in sites/", lambda root, real: os.mkfifo(root / "sites" / "pipe.geojson"), {}, [RECORD]),
    ("link to /dev/zero", lambda root, real: os.symlink("/dev/zero", root / "sites" / "zero.geojson"), {}, [RECORD]),
    (
        "link to a missing file",
        lambda root, real: os.symlink(root / "gone.json", root / "sources" / "ghost.json"),
        {},
        [RECORD],
    ),
    (
        "link to a file outside",
        lambda root, real: os.symlink(_outside(root), root / "sites" / "outside.geojson"),
        {},
        [RECORD],
    ),
    (
        "testimony given in year 0",
        lambda root, real: _edit(root, "testimony", _first_testimony(real), lambda r: r.update(given="0000-01")),
        {"testimony": 1},
        [RECORD],
    ),
    (
        "NaN as a fact value",
        lambda root, real: _edit(
            root, "sites", _with_facts(real), lambda r: r["properties"]["facts"][0]["values"][0].update(value=math.nan)
        ),
        {},
        [PART],
    ),
]


@pytest.mark.parametrize(("label", "change", "lost", "dropped"), REAL, ids=[case[0] for case in REAL])
def test_on_a_copy_of_the_real_record(tmp_path, real, label, change, lost, dropped):
    root = _copy(tmp_path)
    change(root, real)
    catalog = _load_within(root)
    assert _counts(catalog) == _less(real, **lost)
    assert [r.dropped for r in catalog.rejections] == dropped
    assert catalog.rejected_records() == dropped.count(RECORD)


def test_a_byte_order_mark_in_the_real_record_is_read(tmp_path, real):
    root = _copy(tmp_path)
    for path in sorted((root / "sources").iterdir()):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    catalog = load_catalog(root)
    assert catalog.rejections == ()
    assert _counts(catalog) == _counts(real)


def test_a_real_site_rejected_takes_only_what_depends_on_it(tmp_path, real):
    root = _copy(tmp_path)
    _edit(root, "sites", "estadio-nacional", lambda r: r["properties"].update(category="barracks"))
    catalog = load_catalog(root)
    at_site = [r for r in real.routes.values() if any(stop.site == "estadio-nacional" for stop in r.stops)]
    routes_lost = [r for r in at_site if sum(stop.site != "estadio-nacional" for stop in r.stops) < 2]
    testimony, events = real.testimony_at("estadio-nacional"), real.events_at("estadio-nacional")
    # A tour with a step at the site is rejected whole: its steps are numbered, none can go.
    tours = [tour for tour in real.tours.values() if any(("site", "estadio-nacional") in s.view for s in tour.steps)]
    assert testimony
    assert events
    assert tours
    assert _counts(catalog) == _less(
        real, sites=1, testimony=len(testimony), events=len(events), routes=len(routes_lost), tours=len(tours)
    )
    assert catalog.rejected_records() == 1 + len(testimony) + len(events) + len(routes_lost) + len(tours)
    causes = {
        r.record for r in catalog.rejections if r.cause == "depends on site 'estadio-nacional', which was not loaded"
    }
    assert causes == {item.id for item in [*testimony, *events, *at_site, *tours]}
    for kept in set(r.id for r in at_site) - {r.id for r in routes_lost}:
        assert len(catalog.routes[kept].stops) == len(real.routes[kept].stops) - 1


def test_the_rejected_page_says_what_was_lost_and_why(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    root = _base(tmp_path / "data", first=site(category="barracks"), third=site("site-three", colour="red"))
    monkeypatch.setenv("MAPAPP_DATA", str(root))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["lang"] = "en"
    app.run()
    app.switch_page("pages/rejected.py").run()
    assert not app.exception, app.exception
    assert "4 records not shown" in app.warning[0].value  # site-one, its testimony, its event, the route
    table = app.dataframe[0].value
    rows = list(zip(table["Record"], table["What was lost"], table["Why"], strict=True))
    assert rows == [
        ("site-one", "the record is not shown", ""),
        ("site-three", "shown without this part", ""),
        ("t-one", "the record is not shown", CAUSE),
        ("e-one", "the record is not shown", CAUSE),
        ("r-one", "the record is not shown", CAUSE),
    ]


@pytest.mark.parametrize(("depth", "rejected"), [(2, False), (64, False), (65, True), (1000, True), (100_000, True)])
def test_nesting_is_bounded_at_64_levels(tmp_path, depth, rejected):
    root = _base(tmp_path / "data")
    write_file(root, "events/nested.json", '{"events": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}")
    too_deep = [r for r in load_catalog(root).rejections if "nested at most 64" in r.expected]
    # the object is level 1, its "events" list level 2, and so on
    assert [(r.file, r.field) for r in too_deep] == ([("data/events/nested.json", "(file)")] if rejected else [])


def test_a_file_over_the_size_limit_is_one_rejection(tmp_path, monkeypatch):
    from mapapp import datafiles

    root = _base(tmp_path / "data")
    (sources,) = (root / "sources").iterdir()
    monkeypatch.setattr(datafiles, "MAX_FILE_BYTES", sources.stat().st_size - 1)
    catalog = load_catalog(root)
    assert catalog.rejections[0].file.endswith(f"sources/{sources.name}")
    assert catalog.rejections[0].expected.startswith("a file of at most")


@pytest.mark.parametrize(
    ("cited", "dropped", "loads"),
    [
        (["src-one", "src-two"], PART, True),  # the citation of the rejected source goes, the site stays
        (["src-two"], RECORD, False),  # it was the site's only citation: the site is not shown
    ],
)
def test_a_rejected_source_takes_only_its_citations(tmp_path, cited, dropped, loads):

    sources = [SOURCE, dict(SOURCE, id="src-two", kind="pamphlet", url="https://example.org/two")]
    first = site(sources=[{"source": source} for source in cited])
    catalog = load_catalog(_base(tmp_path / "data", first=first, sources=sources))
    cause = "depends on source 'src-two', which was not loaded"
    found = [(r.record, r.dropped, r.cause) for r in catalog.rejections if r.record == "site-one"]
    assert found == [("site-one", dropped, cause)]
    assert ("site-one" in catalog.sites) == loads
    assert ("t-one" in catalog.testimony) == loads  # testimony at the site stands or falls with it


@pytest.mark.parametrize(("label", "build", "loads", "rejections", "not_shown"), CASES, ids=[case[0] for case in CASES])
def test_the_app_shows_the_rest_and_counts_what_it_does_not_show(
    tmp_path, monkeypatch, label, build, loads, rejections, not_shown
):
    """The same cases through the real page (AppTest): no traceback, the sites that loaded listed, the notice honest."""
    from streamlit.testing.v1 import AppTest

    build(tmp_path / "data")
    monkeypatch.setenv("MAPAPP_DATA", str(tmp_path / "data"))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["lang"] = "en"
    app.run()
    assert not app.exception, app.exception
    sites = sorted(name for name in loads.split() if name.startswith("site-"))
    listed = sorted(app.selectbox(key="site-en").options) if sites else []
    assert len(listed) == len(sites)
    notice = " ".join(warning.value for warning in app.warning)
    if not_shown:
        assert f"{not_shown} record{'s' if not_shown > 1 else ''} not shown" in notice
    else:
        assert "not shown because" not in notice
    if any(dropped == "part" for *_, dropped, _, _ in rejections):
        assert "shown without a part that has errors" in notice
