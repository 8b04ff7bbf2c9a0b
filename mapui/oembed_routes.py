"""The server's oEmbed routes: `/oembed` answers a view's link, and the map page names it in its head.

Streamlit lets a script add nothing to the page's <head> (its page is one static index.html
drawn by JavaScript, and a consumer reads the HTML without running it), so the server itself
answers the map page's address with that index.html and the oEmbed discovery <link> inserted.
`mapui.server` puts these routes before Streamlit's own.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from mapapp import oembed
from mapapp.load import data_dir, load_catalog
from mapapp.model import Catalog
from mapapp.victims import FreireError, load_layer
from mapui.data import fingerprint


@functools.lru_cache(maxsize=2)
def _record(root: str, prints: tuple) -> tuple[Catalog, dict[int, str]]:
    try:
        layer = load_layer(root)
    except FreireError:
        layer = None
    people = {person.id: person.name for person in layer.people} if layer else {}
    return load_catalog(root), people


def record() -> tuple[Catalog, dict[int, str]]:
    """Return the catalog and the victims layer's names by number, loaded again when a file changes."""
    root = data_dir()
    return _record(str(root), fingerprint(root))


def _json(document: dict, status: int = 200):
    from starlette.responses import Response

    return Response(
        json.dumps(document, ensure_ascii=False),
        status_code=status,
        media_type="application/json",
        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": f"public, max-age={oembed.CACHE_AGE}"},
    )


def _base_path() -> str:
    from streamlit import config

    return config.get_option("server.baseUrlPath") or "/"


def endpoint(request):
    """Answer GET /oembed: the document, or the specification's error status with a line saying why."""
    from starlette.responses import PlainTextResponse

    query = parse_qs(request.url.query, keep_blank_values=True)
    try:
        catalog, people = record()
        document = oembed.answer(query, request.headers.get("host", ""), catalog, _base_path(), people)
    except oembed.OembedError as error:
        return PlainTextResponse(error.reason, status_code=error.status)
    return _json(document)


@functools.cache
def _index_html() -> str:
    from streamlit import file_util

    return (Path(file_util.get_static_dir()) / "index.html").read_text(encoding="utf-8")


def discovery_href(page_url: str, origin: str, base_path: str) -> str:
    """Return the address of the oEmbed answer for a page of the app."""
    base = "/" + base_path.strip("/") + ("/" if base_path.strip("/") else "")
    return f"{origin}{base}oembed?" + urlencode({"url": page_url, "format": "json"})


def page(request):
    """Answer the map page with Streamlit's index.html and the oEmbed discovery link in its head."""
    from starlette.responses import HTMLResponse

    origin = f"{request.url.scheme}://{request.url.netloc}"
    link = oembed.discovery_link(discovery_href(str(request.url), origin, _base_path()))
    html = _index_html().replace("<head>", f"<head>\n    {link}", 1)
    return HTMLResponse(html, headers={"Cache-Control": "no-cache"})


def routes() -> list:
    """Return the oEmbed endpoint and the map page's routes, under the configured base path."""
    from starlette.routing import Route
    from streamlit.web.server.starlette.starlette_routes import _with_base

    pages = {_with_base(""), _with_base("").rstrip("/") or "/", _with_base("map")}
    return [
        Route(_with_base("oembed"), endpoint, methods=["GET"]),
        *(Route(path, page, methods=["GET", "HEAD"]) for path in sorted(pages)),
    ]
