"""The Share panel: a link to the view, an iframe snippet with a live preview, downloads and a citation.

Everything here is made from the one view state; downloads are built only when clicked.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import urlsplit

import streamlit as st

from mapapp.cite import permalink
from mapapp.export import to_csv, to_geojson
from mapapp.filters import filter_catalog
from mapapp.i18n import t
from mapapp.model import Catalog
from mapapp.sheet import sheet
from mapapp.standalone import standalone_html
from mapapp.viewstate import ViewState
from mapui import cite as citing
from mapui import state as owner

SIZES = {"640 x 480": (640, 480), "800 x 600": (800, 600), "100% x 600": ("100%", 600)}


def view_url(state: ViewState) -> str:
    """Return the address of the app's map page with the view in its query."""
    parts = urlsplit(st.context.url or "http://localhost:8501/")
    return permalink(f"{parts.scheme}://{parts.netloc}{parts.path}", state)


def embed_snippet(url: str, width, height, title: str) -> str:
    return (
        f'<iframe src="{url}" width="{width}" height="{height}" style="border:0" loading="lazy" '
        f'title="{title}" allow="fullscreen"></iframe>'
    )


def share_panel(data: Catalog) -> None:
    """Show the link, the embed snippet and its preview, the downloads and the citation of this view;
    write the citation's meta tags (the chosen site's, else the view's) into the page's head."""
    state = owner.view()
    lang = state.lang
    with st.expander(t("ui.share", lang)):
        st.toggle(t("ui.share_position", lang), key="share_position")
        st.caption(t("ui.share_link", lang))
        st.code(view_url(state), language=None)
        size = st.radio(t("ui.share_size", lang), list(SIZES), horizontal=True, key="embed_size")
        width, height = SIZES[size]
        embed_url = view_url(dataclasses.replace(state, embed=True))
        st.caption(t("ui.share_embed", lang))
        st.code(embed_snippet(embed_url, width, height, t("ui.embed_title", lang)), language="html")
        if st.toggle(t("ui.share_preview", lang), key="embed_preview"):
            st.iframe(embed_url, height=height)
        selection = lambda: filter_catalog(data, state.filter())  # noqa: E731 - built on click only
        columns = st.columns(4)
        columns[0].download_button(
            t("ui.download_html", lang),
            lambda: standalone_html(data, state),
            file_name="memory-map.html",
            mime="text/html",
            on_click="ignore",
        )
        columns[1].download_button(
            t("ui.download_csv", lang),
            lambda: to_csv(selection(), data),
            file_name="memory-map.csv",
            mime="text/csv",
            on_click="ignore",
        )
        columns[2].download_button(
            t("ui.download_geojson", lang),
            lambda: to_geojson(selection(), data, state.filter()),
            file_name="memory-map.geojson",
            mime="application/geo+json",
            on_click="ignore",
        )
        columns[3].download_button(
            t("ui.download_pdf", lang),
            lambda: sheet(data, state, "pdf"),
            file_name="memory-map.pdf",
            mime="application/pdf",
            on_click="ignore",
        )
        st.markdown(f"**{t('ui.cite', lang)}**")
        citing.citation(citing.view_reference(state, data, view_url(state)), "memory-map-citation", "cite-view")
    chosen = data.sites.get(state.site)
    citing.page_metadata(
        citing.site_reference(chosen, lang, site_url(chosen.id, lang))
        if chosen
        else citing.view_reference(state, data, view_url(state))
    )


def site_url(site_id: str, lang: str) -> str:
    """Return the permanent link of a site's card: the map with that site chosen, and nothing else."""
    return view_url(ViewState(site=site_id, lang=lang))
