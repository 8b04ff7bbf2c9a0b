"""People: finding a person of the victims layer by name, and a person's own page (`person=<id>`).

The search forgives what people get wrong when they type a name (`mapapp.people_search`); each
result says enough (dates, first place) to tell two people of one name apart, and opens the
person's page. The page (a panel beside the map, and a path on the map, `mapapp.person_path`)
says what the report records, each place in order with its precision and flags, and where the
data comes from; a place that is a site of the record opens its card.
"""

from __future__ import annotations

import streamlit as st

from mapapp import escape
from mapapp.i18n import t
from mapapp.model import Catalog
from mapapp.people_search import person_hint
from mapapp.person_path import Stop, stops
from mapapp.victims import CITATION, find_people
from mapapp.victims_check import ImportResult
from mapapp.victims_map import date_text, violence_of
from mapapp.victims_records import Person
from mapui import state
from mapui.data import data_fingerprint, victims

RESULTS = 20  # people listed for a query; a longer name narrows it
FACTS_STYLE = "display:grid;grid-template-columns:max-content 1fr;gap:0.2rem 0.8rem;margin:0"


@st.cache_resource(show_spinner=False, max_entries=4)
def _by_id(_layer: ImportResult, fingerprint: tuple) -> dict[int, Person]:
    return {person.id: person for person in _layer.people}


def chosen_person() -> Person | None:
    """Return the person whose page the view shows, if the layer holds them."""
    view = state.view()
    layer, _ = victims()
    if view.person is None or layer is None:
        return None
    return _by_id(layer, data_fingerprint()).get(view.person)


def _open(person_id: int) -> None:
    state.update(person=person_id)


def person_search() -> None:
    """Let the visitor find a person by name, however it is typed, and open their page."""
    view = state.view()
    layer, _ = victims()
    if layer is None:
        return
    lang = view.lang
    query = st.text_input(t("ui.person_search", lang), key="person-query", help=t("ui.person_search_help", lang))
    if not query.strip():
        return
    people = find_people(layer, query, limit=RESULTS)
    if not people:
        st.info(t("ui.person_none", lang))
        return
    st.caption(t("ui.person_found", lang, count=len(people)))
    for person in people:
        label = f"{person.name} · {person_hint(person, lang)}"
        st.button(label, key=f"open-person-{person.id}", on_click=_open, args=(person.id,), width="stretch")


def _place_row(person: Person, stop: Stop, data: Catalog, lang: str) -> None:
    number, place = stop.number, stop.place
    label = place.label or t("ui.person_no_label", lang)
    kind = place.kind or t("ui.person_no_kind", lang)
    if place.lat is None or place.lon is None:
        where = t("ui.person_not_drawn", lang)
    else:
        where = t("ui.person_exact", lang) if place.exact and not place.flags else t("ui.person_approximate", lang)
    text = f"<strong>{number}. {escape.text(label)}</strong> · {escape.text(kind)} · {escape.text(where)}"
    if place.flags:
        why = "; ".join(flag.split(": ", 1)[-1] for flag in place.flags)
        text += f'<br><em class="flagged">{escape.text(t("ui.person_flagged", lang))}</em> <small>{escape.text(why)}</small>'
    st.html(f'<p class="person-stop" data-stop="{number}">{text}</p>')
    if stop.site:
        site = data.sites[stop.site]
        st.button(
            t("ui.person_open_site", lang, name=site.name.get(lang)),
            key=f"stop-{person.id}-{number}",
            on_click=state.update,
            kwargs={"site": stop.site},
        )


def person_panel(data: Catalog) -> None:
    """Show the chosen person's page: what the report records, their places in order, the source."""
    view = state.view()
    if view.person is None:
        return
    lang = view.lang
    _, error = victims()
    person = chosen_person()
    with st.container(key="person-page", border=True):
        st.button(t("ui.person_close", lang), key="close-person", on_click=state.update, kwargs={"person": None})
        if person is None:
            st.warning(error or t("ui.person_unknown", lang, id=view.person))
            return
        what = violence_of(person)[2 if lang == "en" else 3]
        rows = [
            (t("ui.person_what", lang), what),
            (t("ui.person_date", lang), date_text(person, lang)),
            (t("ui.person_perpetrator", lang), person.perpetrator or t("ui.person_not_given", lang)),
            (t("ui.person_page", lang), person.page or t("ui.person_not_given", lang)),
        ]
        facts = "".join(f'<dt>{escape.text(k)}</dt><dd style="margin:0">{escape.text(v)}</dd>' for k, v in rows)
        st.html(
            f'<section class="person" data-person="{person.id}" lang="{lang}">'
            f'<h2>{escape.text(person.name)}</h2><dl style="{FACTS_STYLE}">{facts}</dl></section>'
        )
        st.markdown(f"**{t('ui.person_places', lang)}**")
        places = stops(person, data)
        if not places:
            st.caption(t("ui.person_no_places", lang))
        for stop in places:
            _place_row(person, stop, data, lang)
        st.caption(t("ui.person_about", lang, citation=CITATION, id=person.id))
