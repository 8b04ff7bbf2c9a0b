"""The record and the victims layer, loaded once for every visitor and again when a file changes."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from mapapp.load import data_dir, load_catalog
from mapapp.model import Catalog
from mapapp.victims import FreireError, load_layer


def fingerprint(root: Path) -> tuple:
    """Return what changes when any data file changes, so edits are picked up."""
    files = sorted(root.rglob("*.*json")) if root.is_dir() else []
    found = []
    for path in files:
        try:
            info = path.stat()
        except OSError:  # a broken link: the loader reports it; here it only must not crash
            continue
        found.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(found)


@st.cache_resource(show_spinner=False)
def _load(root: str, fingerprint: tuple) -> Catalog:
    return load_catalog(root)


@st.cache_resource(show_spinner=False)
def _victims(root: str, fingerprint: tuple):
    try:
        return load_layer(root), ""
    except FreireError as error:
        return None, str(error)


def catalog() -> Catalog:
    """Return the catalog of the configured data directory, loaded once for all visitors."""
    root = data_dir()
    return _load(str(root), fingerprint(root))


def victims():
    """Return the victims layer of the data directory (or None), and why it failed to load, if it did."""
    root = data_dir()
    return _victims(str(root), fingerprint(root))


def data_fingerprint() -> tuple:
    return fingerprint(data_dir())
