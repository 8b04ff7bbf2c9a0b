"""Make text inert where it is shown: the one place where escaping happens.

Text reaches Leaflet through innerHTML and, in folium's templates, through JavaScript
template strings, so besides HTML's own characters, backticks, dollar signs and
backslashes are written as character references too.

Control characters and the bidirectional controls (embeddings, overrides and isolates
U+202A-U+202E and U+2066-U+2069, the marks U+200E, U+200F and U+061C) are removed from any
text shown (`plain`, used by `text` and by the exports): a right-to-left override in one
record must not reverse the text after it. Tab and newline stay. On a terminal (`terminal`)
the same characters are shown as escapes (`\\x1b`) instead, so a reader sees they were there.
"""

from __future__ import annotations

import functools
import html
import json
import re

_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})
_SAFE_LINK = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_HIDDEN = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")  # tab (\x09) and newline (\x0a) stay
_UNPRINTABLE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")


def plain(value: object) -> str:
    """Return value as text without control or bidirectional-control characters."""
    return _HIDDEN.sub("", str(value))


def text(value: object) -> str:
    """Return value as HTML text that cannot open a tag, attribute or script, nor reorder what follows."""
    return _escaped(str(value))


@functools.lru_cache(maxsize=200_000)
def _escaped(value: str) -> str:
    # The same names are escaped on every rerun: remember them.
    return html.escape(plain(value), quote=True).translate(_EXTRA)


def link(url: str, label: str) -> str:
    """Return an <a> to an http(s) address, or the label alone for any other address."""
    if not _SAFE_LINK.match(url or ""):
        return text(label)
    return f'<a href="{text(url)}" target="_blank" rel="noopener noreferrer">{text(label)}</a>'


def _shown(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(value: object, keep_newlines: bool = False) -> str:
    """Return value for a terminal: every control or bidirectional character written as an escape (ESC -> \\x1b)."""
    found = str(value)
    if keep_newlines:
        return "\n".join(_UNPRINTABLE.sub(lambda m: _shown(m.group()), line) for line in found.split("\n"))
    return _UNPRINTABLE.sub(lambda m: _shown(m.group()), found)


_SCRIPT_JSON = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "`": "\\u0060", "$": "\\u0024"})
_SCRIPT_JSON.update({0x2028: "\\u2028", 0x2029: "\\u2029"})


def json_in_script(value: object) -> str:
    """Return value as JSON to write inside a <script type="application/ld+json">: no text in it can end
    the element or read as markup; control and bidirectional-control characters are dropped from strings."""
    return json.dumps(_plain_json(value), ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_JSON)


def _plain_json(value: object) -> object:
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, dict):
        return {plain(key): _plain_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_json(item) for item in value]
    return value
