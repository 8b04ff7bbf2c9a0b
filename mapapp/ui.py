"""The one module that touches Streamlit: caching, session state and the shared chrome.

Pages are scripts of calls into this module and into the core; nothing here decides what
is in view (that is `mapapp.filters`) or how a card reads (that is `mapapp.cards`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from mapapp import boundaries
from mapapp.dates import COUP
from mapapp.filters import Filter
from mapapp.i18n import DEFAULT_LANGUAGE, t
from mapapp.load import data_dir, load_catalog
from mapapp.model import CATEGORIES, LANGUAGES, Catalog


def _fingerprint(root: Path) -> tuple:
    """Return what changes when any data file changes, so edits are picked up."""
    files = sorted(root.rglob("*.*json")) if root.is_dir() else []
    return tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in files)


@st.cache_resource(show_spinner=False)
def _load(root: str, fingerprint: tuple) -> Catalog:
    return load_catalog(root)


@st.cache_resource(show_spinner=False)
def communes() -> dict:
    """Return the offline base layer of Chile's communes, built once for all visitors."""
    return boundaries.communes_geojson()


def catalog() -> Catalog:
    """Return the catalog of the configured data directory, loaded once for all visitors."""
    root = data_dir()
    return _load(str(root), _fingerprint(root))


def language() -> str:
    """Return the visitor's language: from the URL, else the browser's, else Spanish."""
    asked = st.query_params.get("lang")
    if asked not in LANGUAGES:
        locale = (st.context.locale or DEFAULT_LANGUAGE)[:2].lower()
        asked = locale if locale in LANGUAGES else DEFAULT_LANGUAGE
    chosen = st.sidebar.radio(
        t("ui.language", asked),
        LANGUAGES,
        index=LANGUAGES.index(asked),
        format_func=lambda code: {"es": "Español", "en": "English"}[code],
        horizontal=True,
        key="lang",
    )
    st.query_params["lang"] = chosen
    return chosen


def header(lang: str, data: Catalog) -> None:
    """Show the title and, when records were rejected, how many and where to see why."""
    st.title(t("app.title", lang))
    st.caption(t("app.tagline", lang))
    if data.rejections:
        st.warning(t("ui.rejected_notice", lang, count=data.rejected_records()))
        st.page_link("pages/rejected.py", label=t("ui.rejected_link", lang))


def filters(lang: str) -> Filter:
    """Read the sidebar's date span, categories and search text into a Filter."""
    today = dt.date.today()
    start, end = st.sidebar.slider(
        t("ui.dates", lang), min_value=COUP, max_value=today, value=(COUP, today), format="DD/MM/YYYY", key="span"
    )
    chosen = st.sidebar.multiselect(
        t("ui.categories", lang),
        CATEGORIES,
        default=list(CATEGORIES),
        format_func=lambda category: t("category." + category, lang),
        key="categories",
    )
    text = st.sidebar.text_input(t("ui.search", lang), key="search")
    classroom = st.sidebar.toggle(t("ui.classroom", lang), key="classroom")
    st.session_state["classroom_mode"] = classroom
    return Filter(start=start, end=end, categories=frozenset(chosen), text=text)


def chosen_site(clicked: dict | None) -> str | None:
    """Return the site the visitor chose last, by a click on the map or in the list."""
    clicked_id = (clicked or {}).get("properties", {}).get("id") if isinstance(clicked, dict) else None
    if clicked_id and clicked_id != st.session_state.get("last_click"):
        st.session_state["last_click"] = clicked_id
        st.session_state["site"] = clicked_id
    return st.session_state.get("site")
