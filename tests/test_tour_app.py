"""The tour panel in the app (AppTest): a link opens a step, Previous and Next and the step buttons
move the one view, the sidebar starts a tour, and an embedded view plays it too."""

from __future__ import annotations

import pytest
from sample import ROOT
from streamlit.testing.v1 import AppTest

from mapapp.load import load_catalog

CARAVAN = "caravana-de-la-muerte"


@pytest.fixture(scope="module")
def record():
    return load_catalog()


def open_app(monkeypatch, **params) -> AppTest:
    monkeypatch.delenv("MAPAPP_DATA", raising=False)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params.update({"lang": "en", **params})
    app.run()
    assert not app.exception, app.exception
    return app


def panel_html(app: AppTest) -> str:
    (found,) = [item.value for item in app.get("html") if 'class="tour-title"' in item.value]
    return found


def step_section(app: AppTest) -> str:
    (found,) = [item.value for item in app.get("html") if 'class="tour-step"' in item.value]
    return found


def card(app: AppTest) -> str:
    found = [item.value for item in app.get("html") if 'class="site-card"' in item.value]
    return found[0] if found else ""


def test_a_link_to_a_step_opens_its_view_text_and_card(monkeypatch, record):
    app = open_app(monkeypatch, tour=CARAVAN, step="2")
    step = record.tours[CARAVAN].steps[1]
    assert dict(app.query_params) == {**dict(step.view), "lang": "en", "tour": CARAVAN, "step": "2"}
    section = step_section(app)
    assert 'data-step="2"' in section
    assert "Step 2 of 10" in section
    assert "San Javier" in section  # the step's own text
    assert 'role="status"' in section  # read out when it changes
    assert 'data-site="poligono-general-bari-linares"' in card(app)
    assert '<h3 class="tour-title" id="tour">The Caravan of Death, stop by stop</h3>' in panel_html(app)


def test_next_and_previous_step_through_the_tour_and_stop_at_its_ends(monkeypatch, record):
    app = open_app(monkeypatch, tour=CARAVAN, step="1")
    assert app.button(key="tour-previous").disabled
    app.button(key="tour-next").click().run()
    app.button(key="tour-next").click().run()
    assert app.query_params["step"] == "3"
    assert app.query_params["site"] == "llancahue-valdivia"
    assert "Panguipulli" in step_section(app)
    assert 'data-site="llancahue-valdivia"' in card(app)
    app.button(key="tour-previous").click().run()
    assert (app.query_params["step"], app.query_params["site"]) == ("2", "poligono-general-bari-linares")
    app.button(key="tour-go-10").click().run()
    assert app.query_params["step"] == "10"
    assert "site" not in app.query_params  # the last step is the whole northern leg, no site chosen
    assert app.button(key="tour-next").disabled
    assert not app.exception


def test_a_step_moves_the_list_and_the_sidebar_with_the_view(monkeypatch):
    app = open_app(monkeypatch, tour=CARAVAN, step="4")
    assert app.selectbox(key="site-en").value == "cuartel-investigaciones-cauquenes"
    app.button(key="tour-next").click().run()  # step 5 draws the routes and events too
    assert set(app.multiselect(key="layers-en").value) == {"sites", "routes", "events"}
    assert app.selectbox(key="site-en").value is None  # no site at this step


def test_the_sidebar_starts_a_tour_and_the_panel_closes_it(monkeypatch):
    app = open_app(monkeypatch)
    assert not [item for item in app.get("html") if 'class="tour-step"' in item.value]
    app.button(key="start-campos-de-prisioneros").click().run()
    assert (app.query_params["tour"], app.query_params["step"]) == ("campos-de-prisioneros", "1")
    assert app.query_params["site"] == "pisagua"
    assert "Maipo" in step_section(app)
    app.button(key="tour-close").click().run()
    assert "tour" not in app.query_params
    assert app.query_params["site"] == "pisagua"  # closing the tour keeps the view where it is


def test_a_link_that_also_names_a_view_keeps_that_view_at_the_step(monkeypatch):
    app = open_app(monkeypatch, tour=CARAVAN, step="2", site="topater")
    assert app.query_params["site"] == "topater"
    assert "Step 2 of 10" in step_section(app)


def test_a_bad_tour_link_opens_the_map_with_a_notice(monkeypatch):
    app = open_app(monkeypatch, tour="no-such-tour", step="2")
    assert "tour" not in app.query_params
    assert "tour='no-such-tour'" in app.code[0].value


def test_record_text_in_a_tour_is_shown_as_text(monkeypatch, tmp_path):
    from sample import site, tour, write_data

    hostile = "**bold** [link](http://evil.example) <img src=x onerror=alert(1)>"
    root = write_data(tmp_path / "d", sites=[site()], tours=[tour(title={"en": hostile}, author=hostile)])
    monkeypatch.setenv("MAPAPP_DATA", str(root))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params.update({"lang": "en", "tour": "tour-one"})
    app.run()
    assert not app.exception
    panel = panel_html(app)
    assert "<img" not in panel
    assert "&lt;img src=x onerror=alert(1)&gt;" in panel
    assert "**bold** [link](http://evil.example)" in panel  # not read as Markdown either


def test_the_spanish_panel_speaks_spanish(monkeypatch):
    app = open_app(monkeypatch, tour=CARAVAN, step="9", lang="es")
    assert "Paso 9 de 10" in step_section(app)
    assert "Carlos Berger" in step_section(app)
    assert app.button(key="tour-next").label == "Paso siguiente ›"
