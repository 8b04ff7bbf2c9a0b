"""The legend and the printed sheet take their look from mapapp.style, with no map library loaded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mapapp.legend import legend_html
from mapapp.model import CATEGORIES
from mapapp.style import LOOKS, STYLES, looks, marker_svg

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("module", ["mapapp.style", "mapapp.legend", "mapapp.sheet"])
def test_importing_needs_no_map_library(module):
    code = f"import json, sys, {module}; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('folium', 'branca', 'streamlit'))))"
    loaded = json.loads(
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    )
    assert loaded == [], f"importing {module} loaded {loaded}"


def test_the_subprocess_check_can_see_folium():
    # The check above is only worth something if it notices folium when it is there.
    code = "import json, sys, mapapp.mapbuild; print(json.dumps('folium' in sys.modules))"
    assert json.loads(
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    )


def test_every_category_has_a_shape_and_colour_of_its_own():
    assert set(STYLES) == set(CATEGORIES)
    assert len({shape for shape, _ in STYLES.values()}) == len({colour for _, colour in STYLES.values()}) == len(STYLES)


@pytest.mark.parametrize("category", CATEGORIES)
def test_the_legend_shows_the_markers_the_map_draws(category):
    icons, canvas = looks(category)
    assert set(icons) == set(canvas) == set(LOOKS)
    assert icons[""] == marker_svg(category)
    assert STYLES[category][1] in icons[""]
    assert canvas["a"]["fillColor"] == "#ffffff"
    assert canvas[""]["fillColor"] == STYLES[category][1]
    sites_only = legend_html("en", layers=frozenset({"sites"}))
    assert sites_only.count("<img") == len(CATEGORIES) + 3  # each category, approximate, memorial, cluster


@pytest.mark.parametrize(
    ("layers", "victims", "entries"),
    [
        # Regression (issue 16): the legend left out events, routes and the victims layer.
        ({"sites"}, [], len(CATEGORIES) + 2 + 2),  # with the shared point and the chosen site's ring
        ({"sites", "events"}, [], len(CATEGORIES) + 2 + 2 + 1),
        ({"routes"}, [], 2),  # one line per kind of route
        ({"victims"}, [{"colour": "#c51b7d", "label": "Killed: 3"}, {"colour": "#01665e", "label": "Disappeared: 1"}], 2),
        (set(), [], 0),
    ],
)
def test_the_legend_shows_every_layer_drawn(layers, victims, entries):
    html = legend_html("en", chosen=True, layers=frozenset(layers), victims=victims)
    assert html.count("<li>") == html.count("<img") == entries
    assert "<svg" not in html  # images only: the app's page sanitises inline SVG away
    for entry in victims:
        assert entry["label"] in html
