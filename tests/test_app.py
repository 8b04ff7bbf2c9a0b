"""The Streamlit pages, run headless by AppTest on real and on broken data."""

from __future__ import annotations

import datetime as dt

import pytest
from sample import ROOT, site, write_data
from streamlit.testing.v1 import AppTest

LATER = site(
    "site-later",
    name={"es": "Campo después", "en": "Later camp"},
    category="prison-camp",
    periods=[{"start": "1974", "end": "1975-04", "use": "repression", "sources": [{"source": "src-one"}]}],
)


def run_app(lang: str = "en", page: str | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["lang"] = lang
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def list_options(app: AppTest) -> list[str]:
    return list(app.radio(key="site").options)


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("page", [None, "pages/rejected.py"])
def test_every_page_runs_on_the_bundled_data(monkeypatch, lang, page):
    monkeypatch.delenv("MAPAPP_DATA", raising=False)
    app = run_app(lang, page)
    assert app.title[0].value


def test_broken_record_is_counted_and_listed(monkeypatch, tmp_path):
    root = write_data(tmp_path / "d", sites=[site(), site("bad-one", category="nope")])
    monkeypatch.setenv("MAPAPP_DATA", str(root))
    app = run_app("en")
    assert "1 records not shown" in app.warning[0].value
    assert list_options(app) == ["Site one"]
    app.switch_page("pages/rejected.py").run()
    table = app.dataframe[0].value
    assert list(table["Record"]) == ["bad-one"] and list(table["Field"]) == ["properties.category"]


def test_slider_and_search_change_the_list(monkeypatch, tmp_path):
    monkeypatch.setenv("MAPAPP_DATA", str(write_data(tmp_path / "d", sites=[site(), LATER])))
    app = run_app("en")
    assert list_options(app) == ["Later camp", "Site one"]  # by name, in alphabetical order
    app.slider(key="span").set_value((dt.date(1973, 9, 12), dt.date(1973, 9, 30))).run()
    assert list_options(app) == ["Site one"]
    app.slider(key="span").set_value((dt.date(1974, 6, 1), dt.date(1980, 1, 1))).run()
    assert list_options(app) == ["Later camp"]
    app.text_input(key="search").set_value("site").run()
    assert "No site matches" in app.info[0].value


def test_choosing_a_site_in_the_list_shows_its_card(monkeypatch, tmp_path):
    monkeypatch.setenv("MAPAPP_DATA", str(write_data(tmp_path / "d")))
    app = run_app("es")
    app.radio(key="site").set_value("site-one").run()
    assert not app.exception
    html = "".join(str(getattr(element, "proto", "")) for element in app.main)
    assert "Sitio uno" in html and "Relato." in html and "Advertencia" in html
