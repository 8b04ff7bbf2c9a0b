"""Citing in the app: a view's or a site's citation as text and as files, and the page's meta tags.

The citations are written by `mapapp.cite`; here they are shown, offered for download (built
only when clicked), and written into the page's head, where Zotero's connector reads them.
"""

from __future__ import annotations

import datetime as dt
import json

import streamlit as st

from mapapp import cite
from mapapp.i18n import t
from mapapp.model import Catalog, Site
from mapapp.viewstate import ViewState

# Streamlit gives a page no <head> of its own: a one-pixel frame of the same origin replaces the
# page's citation_* tags with the current ones (as `panels.document_language` sets its language).
HEAD_SCRIPT = """<script>
const head = window.parent.document.head;
head.querySelectorAll('meta[data-mapapp-cite]').forEach((old) => old.remove());
for (const [name, content] of TAGS) {
  const meta = window.parent.document.createElement('meta');
  meta.setAttribute('name', name);
  meta.setAttribute('content', content);
  meta.setAttribute('data-mapapp-cite', '');
  head.appendChild(meta);
}
</script>"""


def view_reference(state: ViewState, data: Catalog, url: str) -> cite.Reference:
    return cite.view_reference(state, data, url, dt.date.today())


def site_reference(site: Site, lang: str, url: str) -> cite.Reference:
    return cite.site_reference(site, lang, url, dt.date.today())


def citation(ref: cite.Reference, name: str, key: str) -> None:
    """Show the citation as text to copy, and its three files to download (named `name`.json/.bib/.ris)."""
    st.caption(t("ui.cite_help", ref.lang))
    st.code(cite.to_text(ref), language=None, wrap_lines=True)
    for column, (fmt, (suffix, mime, write)) in zip(st.columns(len(cite.FILES)), cite.FILES.items(), strict=True):
        column.download_button(
            t(f"ui.download_{fmt}", ref.lang),
            lambda write=write: write(ref),
            file_name=f"{name}{suffix}",
            mime=mime,
            on_click="ignore",
            key=f"{key}-{fmt}",
        )


def page_metadata(ref: cite.Reference) -> None:
    """Put the reference's Highwire Press meta tags in the page's head, replacing the last ones."""
    tags = json.dumps(cite.meta_tags(ref)).replace("<", "\\u003c")
    st.iframe(HEAD_SCRIPT.replace("TAGS", tags), height=1)
