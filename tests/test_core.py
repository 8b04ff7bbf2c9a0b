"""The core runs without Streamlit, and the message catalogue is complete in both languages."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import mapapp
from mapapp import model
from mapapp.i18n import MESSAGES

# Keys built from a prefix and a value of the domain, e.g. t("category." + site.category).
PREFIXED = {
    "category.": model.CATEGORIES,
    "precision.": model.LOCATION_PRECISIONS,
    "note.": model.CONTENT_NOTES,
    "witness.": model.WITNESS_KINDS,
    "use.": model.PERIOD_USES,
    "today.": model.TODAY_STATUSES,
}

ROOT = Path(__file__).resolve().parent.parent
# The UI modules: the only ones allowed to touch Streamlit.
UI_MODULES: set[str] = set()  # the UI is the package mapui, beside the core


def test_core_imports_no_streamlit():
    modules = [f"mapapp.{m.name}" for m in pkgutil.iter_modules(mapapp.__path__)]
    core = sorted(set(modules) - UI_MODULES - {"mapapp.__main__"})
    assert "mapapp.load" in core
    assert "mapapp.mapbuild" in core
    code = "import sys\n" + "".join(f"import {name}\n" for name in core)
    code += "bad = sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.'))\nprint(bad)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"


def test_every_message_key_exists_in_both_languages():
    assert set(MESSAGES["es"]) == set(MESSAGES["en"])
    for lang, catalogue in MESSAGES.items():
        assert all(text.strip() for text in catalogue.values()), lang


def test_every_key_the_code_asks_for_exists():
    """A literal t("...") key in the code that the catalogue lacks would show as an error."""
    used = set()
    for path in [*ROOT.glob("mapapp/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_.-]+)["']""", path.read_text(encoding="utf-8")))
    assert set(PREFIXED) <= used, "a prefix is no longer used: update PREFIXED"
    used = {key for key in used if not key.endswith(".")}
    used |= {prefix + value for prefix, values in PREFIXED.items() for value in values}
    assert used <= set(MESSAGES["en"]), sorted(used - set(MESSAGES["en"]))


def test_figures_are_written_as_each_language_writes_them():
    from mapapp.cards import figure

    assert figure("40175", "es") == "40.175"
    assert figure("40175", "en") == "40,175"
    assert figure("1973", "es") == "1973"
    assert figure("about 40", "en") == "about 40"


def test_a_count_of_one_reads_in_the_singular():
    from mapapp.i18n import t

    assert t("card.people", "en", count=1) == "The Freire et al. data, from the Rettig report, place 1 person here"
    assert t("card.people", "en", count=37) == "The Freire et al. data, from the Rettig report, place 37 people here"
    assert t("card.people", "es", count=1).endswith("1 persona")
    assert t("card.graphic_hidden", "es", count=2).startswith("2 testimonios")
    singular = [key for key in MESSAGES["en"] if key.endswith("_one")]
    assert singular
    assert all(key.removesuffix("_one") in MESSAGES["en"] for key in singular)
