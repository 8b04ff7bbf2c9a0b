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
    assert icons[""] == marker_svg(category) and STYLES[category][1] in icons[""]
    assert canvas["a"]["fillColor"] == "#ffffff" and canvas[""]["fillColor"] == STYLES[category][1]
    assert legend_html("en").count("<img") == len(CATEGORIES) + 2  # each category, approximate, memorial
