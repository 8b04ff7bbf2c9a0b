"""Make text inert on its way into HTML: the one place where escaping happens.

Text reaches Leaflet through innerHTML and, in folium's templates, through JavaScript
template strings, so besides HTML's own characters, backticks, dollar signs and
backslashes are written as character references too.
"""

from __future__ import annotations

import functools
import html
import re

_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})
_SAFE_LINK = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)


def text(value: object) -> str:
    """Return value as HTML text that cannot open a tag, attribute or script."""
    return _escaped(str(value))


@functools.lru_cache(maxsize=200_000)
def _escaped(value: str) -> str:
    # The same names are escaped on every rerun: remember them.
    return html.escape(value, quote=True).translate(_EXTRA)


def link(url: str, label: str) -> str:
    """Return an <a> to an http(s) address, or the label alone for any other address."""
    if not _SAFE_LINK.match(url or ""):
        return text(label)
    return f'<a href="{text(url)}" target="_blank" rel="noopener noreferrer">{text(label)}</a>'
