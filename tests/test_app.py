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


def list_options(app: AppTest, lang: str = "en") -> list[str]:
    return list(app.selectbox(key=f"site-{lang}").options)


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
    assert "1 record not shown" in app.warning[0].value
    assert list_options(app) == ["Site one"]
    app.switch_page("pages/rejected.py").run()
    table = app.dataframe[0].value
    assert list(table["Record"]) == ["bad-one"]
    assert list(table["Field"]) == ["properties.category"]


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
    app.selectbox(key="site-es").set_value("site-one").run()
    assert not app.exception
    html = "".join(str(getattr(element, "proto", "")) for element in app.main)
    assert "Sitio uno" in html
    assert "Relato." in html
    assert "sobreviviente, A. Person (dado en may 1990) · contenido perturbador" in html


def test_a_urls_view_is_restored_and_the_url_follows_the_widgets(monkeypatch, tmp_path):
    from mapapp.viewstate import ViewState, to_params

    monkeypatch.setenv("MAPAPP_DATA", str(write_data(tmp_path / "d", sites=[site(), LATER])))
    wanted = ViewState(
        start=dt.date(1974, 2, 1),
        end=dt.date(1976, 1, 31),
        categories=frozenset({"prison-camp"}),
        site="site-later",
        lang="en",
    )
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in to_params(wanted).items():
        app.query_params[name] = value
    app.run()
    assert not app.exception
    assert app.slider(key="span").value == (dt.date(1974, 2, 1), dt.date(1976, 1, 31))
    assert app.multiselect(key="categories-en").value == ["prison-camp"]
    assert app.selectbox(key="site-en").value == "site-later"
    assert "Later camp" in "".join(str(element.proto) for element in app.main)
    app.slider(key="span").set_value((dt.date(1974, 3, 1), dt.date(1975, 1, 31))).run()
    assert app.query_params["start"] == "1974-03-01"
    assert app.query_params["end"] == "1975-01-31"


def test_a_malformed_url_opens_with_a_notice(monkeypatch, tmp_path):
    monkeypatch.setenv("MAPAPP_DATA", str(write_data(tmp_path / "d")))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in {"start": "2023-02-30", "zoom": "abc", "site": "nowhere", "lang": "en"}.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception
    assert "not valid" in app.info[0].value
    assert "start=" in app.code[0].value
    assert app.slider(key="span").value[0] == dt.date(1973, 9, 11)


def test_embed_mode_shows_the_map_and_card_without_the_controls(monkeypatch, tmp_path):
    monkeypatch.setenv("MAPAPP_DATA", str(write_data(tmp_path / "d")))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in {"site": "site-one", "lang": "en"}.items():
        app.query_params[name] = value
    app.context["is_embedded"] = True  # what Streamlit reads from ?embed=true, kept out of query_params
    app.run()
    assert not app.exception
    assert not app.sidebar.slider
    assert not app.sidebar.multiselect
    html = "".join(str(element.proto) for element in app.main)
    assert "Site one" in html
    assert "Open the full map" in html
    assert "embed=true" not in html.split("Open the full map")[1]


def test_the_victims_layer_on_the_bundled_data(monkeypatch):
    monkeypatch.delenv("MAPAPP_DATA", raising=False)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for name, value in {"layers": "sites,victims", "site": "tres-alamos", "lang": "en"}.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception
    assert "Victims layer: Freire" in "".join(caption.value for caption in app.caption)
    assert "from the Rettig report, place" in "".join(str(element.proto) for element in app.main)


def test_playback_moves_the_day_on_and_stops_at_the_end(monkeypatch, tmp_path):
    import time

    monkeypatch.setenv("MAPAPP_DATA", str(write_data(tmp_path / "d")))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["day"] = "1990-01-01"
    app.query_params["lang"] = "en"
    app.run()
    assert app.slider(key="day").value == dt.date(1990, 1, 1)
    app.selectbox(key="speed").set_value(0.5).run()
    app.selectbox(key="step-en").set_value("month").run()
    app.toggle(key="playing").set_value(True).run()
    assert app.slider(key="day").value == dt.date(1990, 1, 1)  # pressing play does not skip a beat
    days = []
    for _ in range(3):  # each beat of the fragment's timer is a run at least `speed` seconds later
        time.sleep(0.5)
        app.run()
        assert not app.exception
        days.append(app.query_params["day"])
    # 31 Jan, 2 Mar 1990; one more month would pass the end of the dictatorship (11 Mar 1990): stop there.
    assert days == ["1990-01-31", "1990-03-02", "1990-03-02"]
    assert app.toggle(key="playing").value is False


@pytest.mark.parametrize("lang", ["es", "en"])
def test_no_page_shows_a_raw_message_key(monkeypatch, lang):
    import re

    from mapapp.i18n import MESSAGES

    monkeypatch.delenv("MAPAPP_DATA", raising=False)
    prefixes = sorted({key.split(".")[0] for key in MESSAGES["en"]})
    raw = re.compile(r"\b(" + "|".join(prefixes) + r")\.[a-z_-]+\b")
    for page in (None, "pages/rejected.py"):
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        app.query_params["lang"] = lang
        app.query_params["site"] = "estadio-nacional"
        app.run()
        if page:
            app.switch_page(page).run()
        text = " ".join(str(element.proto) for element in [*app.main, *app.sidebar])
        found = {match.group(0) for match in raw.finditer(text)}
        assert not [key for key in found if key in MESSAGES["en"]], found


def test_a_person_is_found_by_a_name_typed_wrong_and_their_page_opens(monkeypatch):
    monkeypatch.delenv("MAPAPP_DATA", raising=False)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.query_params["lang"] = "en"
    app.run()
    app.text_input(key="person-query").set_value("coredera reyes").run()  # no accent, a letter missing
    assert not app.exception
    found = [b for b in app.button if b.key and b.key.startswith("open-person-")]
    assert [b.label.split(" · ")[0] for b in found] == ["Mercedes del Pilar Corredera Reyes"]
    found[0].click().run()
    assert not app.exception
    assert app.query_params["person"] == found[0].key.removeprefix("open-person-")
    page = next(block.value for block in app.get("html") if "data-person=" in block.value)
    assert "Mercedes del Pilar Corredera Reyes" in page
    assert "159" in page  # the report's page


def test_the_map_says_what_to_run_when_its_files_are_missing(monkeypatch, tmp_path):
    from mapapp import assets

    monkeypatch.delenv("MAPAPP_DATA", raising=False)
    monkeypatch.setattr(assets, "VENDOR", tmp_path)  # nothing installed there
    app = run_app("en")
    assert any("make assets" in error.value for error in app.error), [e.value for e in app.error]
    assert app.title[0].value  # the rest of the page is still there


def test_a_part_that_fails_says_so_plainly_and_the_rest_is_drawn(monkeypatch, tmp_path):
    from mapui import panels

    def broken(*args, **kwargs):
        raise RuntimeError("/srv/secret/path/cards.py exploded")

    monkeypatch.setenv("MAPAPP_DATA", str(write_data(tmp_path / "d")))
    monkeypatch.setattr(panels, "card_html", broken)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params.update({"lang": "en", "site": "site-one"})
    app.run()
    assert not app.exception
    assert [error.value for error in app.error] == [
        "The site's card could not be shown because of a server error, which was logged. The rest of the page is still here."
    ]
    page = " ".join(str(element.proto) for element in [*app.main, *app.sidebar])
    assert "/srv/secret" not in page
    assert "Traceback" not in page
    assert list_options(app) == ["Site one"]
    assert app.title[0].value


@pytest.mark.parametrize(
    "params",
    [
        {"start": "[click](https://evil.example/x)"},
        {"region": "![x](https://evil.example/pixel.png)"},
        {"zoom": "$\\frac{1}{2}$"},
        {"cat": "<img src=https://evil.example/i.png>"},
    ],
)
def test_ignored_link_parameters_are_shown_as_inert_text(monkeypatch, tmp_path, params):
    monkeypatch.setenv("MAPAPP_DATA", str(write_data(tmp_path / "d")))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params.update({"lang": "en", **params})
    app.run()
    assert not app.exception
    name, value = next(iter(params.items()))
    assert app.code[0].value == f"{name}={value[:40]!r}"  # as it arrived, in a code block: never Markdown
    rendered = [*app.markdown, *app.info, *app.caption, *app.warning]
    assert not [element.value for element in rendered if "evil.example" in element.value or "frac" in element.value]


def test_the_card_and_the_share_panel_offer_a_citation_and_the_page_its_licence(monkeypatch):
    monkeypatch.delenv("MAPAPP_DATA", raising=False)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for name, value in {"site": "estadio-nacional", "lang": "en", "region": "Metropolitana de Santiago"}.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception
    citations = [block.value for block in app.code if block.value.startswith("Memory map: Chile 1973-1990. (")]
    site_text, view_text = sorted(citations, key=lambda text: "Map view" in text)
    assert "National Stadium (Estadio Nacional): Prison camp, Ñuñoa, Metropolitana de Santiago [Site card]" in site_text
    assert site_text.endswith("?site=estadio-nacional&lang=en")  # the site's own link, whatever the view
    assert "Map view: National Stadium (Estadio Nacional); Metropolitana de Santiago;" in view_text
    assert view_text.endswith("?region=Metropolitana+de+Santiago&site=estadio-nacional&lang=en")
    html = "".join(str(getattr(element, "proto", "")) for element in app.main)
    for where in ("site", "view"):  # the files are built on click: their buttons are there
        assert [f"cite-{where}-{fmt}" in html for fmt in ("csl", "bib", "ris")] == [True] * 3
    assert "citation_title" in html  # the meta tags go into the page's head
    assert any(c.value.startswith("The project's texts and data: CC BY 4.0") for c in app.caption)
