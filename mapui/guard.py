"""A part of the page that fails says so plainly and lets the rest of the page be drawn.

The error and its traceback go to the server's log; the visitor sees one sentence in their
language, never a traceback or a server path (Streamlit's own error details are off too,
in `.streamlit/config.toml`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from mapapp.i18n import t
from mapui import state

log = logging.getLogger("mapui")


@contextmanager
def part(name: str) -> Iterator[None]:
    """Draw one part of the page; if it fails, log why and show a plain message in its place."""
    try:
        yield
    except Exception:
        log.exception("the page's part %r failed", name)
        lang = state.view().lang if state.VIEW in st.session_state else "es"
        st.error(t("ui.part_failed", lang, part=t(f"ui.part_{name}", lang)))
