"""The printable map sheet: one A4 page of a view, as PDF or PNG, with no network and no display."""

from __future__ import annotations

import datetime as dt
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from sample import site, write_data

from mapapp.boundaries import region_bounds
from mapapp.i18n import t
from mapapp.load import load_catalog
from mapapp.sheet import LABELS, render, sheet, sheet_content
from mapapp.viewstate import ViewState

ROOT = Path(__file__).resolve().parent.parent
A4 = (595.28, 841.89)  # points
# Markup of every kind a name could carry: HTML, mathtext ($...$), TeX, control characters.
HOSTILE = "<script>alert(1)</script> $\\frac{1}{0}$ $x^{ \\\\ %s {} \n\t\r\x00 `${alert(3)}` " + "é" * 300


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture
def hostile_catalog(tmp_path):
    name = {"es": HOSTILE, "en": HOSTILE}
    sites = [
        site("site-one", name=name, summary=name, address=HOSTILE),
        site("site-two", lat=-33.45, name=name, location={"precision": "commune", "sources": [{"source": "src-one"}]}),
    ]
    found = load_catalog(write_data(tmp_path / "d", sites=sites))
    assert found.rejections == ()
    assert len(found.sites) == 2
    return found


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", png[16:24])


def test_pdf_is_one_a4_page(catalog):
    pdf = sheet(catalog, ViewState(), "pdf")
    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box
    assert abs(float(box[1]) - A4[0]) < 2
    assert abs(float(box[2]) - A4[1]) < 2


def test_png_has_a4_proportions(catalog):
    width, height = png_size(sheet(catalog, ViewState(region="Valparaíso", lang="en"), "png"))
    assert height > width > 1000  # print resolution, not a thumbnail
    assert abs(height / width - A4[1] / A4[0]) < 0.01


def test_a_region_view_is_framed_on_its_region(catalog):
    region = "Metropolitana de Santiago"
    content = sheet_content(catalog, ViewState(region=region))
    whole = sheet_content(catalog, ViewState())
    assert content.sites
    assert {found.region for found in content.sites} == {region}
    south, west, north, east = content.bounds
    r_south, r_west, r_north, r_east = region_bounds()[region]
    assert south <= r_south
    assert west <= r_west
    assert north >= r_north
    assert east >= r_east
    assert (north - south) < (whole.bounds[2] - whole.bounds[0]) / 5  # a region, not the country
    assert all(south <= found.lat <= north and west <= found.lon <= east for found in content.sites)
    assert region in content.subtitle


def test_sites_are_numbered_north_to_south(catalog):
    content = sheet_content(catalog, ViewState())
    assert len(content.sites) == len(catalog.sites)
    latitudes = [found.lat for found in content.sites]
    assert latitudes == sorted(latitudes, reverse=True)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_texts_are_in_the_view_language(catalog, lang):
    state = ViewState(start=dt.date(1974, 6, 1), end=dt.date(1977, 8, 12), lang=lang)
    content = sheet_content(catalog, state, today=dt.date(2024, 3, 5))
    assert content.title == t("app.title", lang)
    assert content.subtitle.startswith(t("ui.dates", lang))
    assert "1974" in content.subtitle
    assert "1977" in content.subtitle
    assert LABELS[lang]["sources"] in content.footer
    assert "2024" in content.footer
    assert {"es": "marzo", "en": "March"}[lang] in content.footer


def test_a_single_day_view_says_as_of(catalog):
    content = sheet_content(catalog, ViewState(day=dt.date(1973, 9, 11), lang="en"))
    assert content.subtitle.startswith(t("ui.day", "en") + ": 11 Sep 1973")


@pytest.mark.parametrize("fmt", ["pdf", "png"])
def test_hostile_site_names_do_not_break_the_sheet(hostile_catalog, fmt):
    data = sheet(hostile_catalog, ViewState(), fmt)
    assert data.startswith(b"%PDF" if fmt == "pdf" else b"\x89PNG")


def test_a_view_with_no_sites_renders_with_a_note(catalog):
    content = sheet_content(catalog, ViewState(text="no such place anywhere"))
    assert content.sites == ()
    assert content.note == t("ui.no_sites", "es")
    pdf = render(content, "pdf")
    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == 1


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: sheet(c, ViewState(), "svg"), "got 'svg'"),
        (lambda c: sheet_content(c, ViewState(region="Atlantis")), "'Atlantis'"),
    ],
)
def test_bad_requests_say_what_was_expected(hostile_catalog, call, message):
    with pytest.raises(ValueError, match=message):
        call(hostile_catalog)


def test_the_sheet_needs_no_network_and_no_display(tmp_path):
    code = (
        "import socket, sys\n"
        "def refuse(*args, **kwargs): raise OSError('network used')\n"
        "socket.socket.connect = socket.socket.connect_ex = socket.getaddrinfo = refuse\n"
        "from mapapp.load import load_catalog\nfrom mapapp.sheet import sheet\nfrom mapapp.viewstate import ViewState\n"
        f"catalog = load_catalog({str(write_data(tmp_path / 'd'))!r})\n"
        "assert sheet(catalog, ViewState(), 'png').startswith(b'\\x89PNG')\n"
        "import matplotlib\nprint(matplotlib.get_backend().lower())\n"
    )
    env = {key: value for key, value in os.environ.items() if key not in {"DISPLAY", "WAYLAND_DISPLAY", "MPLBACKEND"}}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "agg"
