"""oEmbed 1.0 (https://oembed.com): a view's link answered as a "rich" embed of that view.

A learning platform or a blog that speaks oEmbed asks `GET /oembed?url=<a link of the app>`
and gets JSON whose `html` is an <iframe> of the same view with `embed=true`. The link's
view parameters are read by `mapapp.viewstate.from_params` (what it ignores is dropped), and
every text put into the HTML goes through `mapapp.escape`. Errors follow the specification:
404 for a url that is not a link of this app, 501 for a format other than json, 400 for a
malformed request. The HTTP route lives in `mapui.server`; the static site's answers are
written by `mapapp.publish` with `static_answer`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from urllib.parse import parse_qs, urlencode, urlsplit

from mapapp import escape
from mapapp.i18n import t
from mapapp.model import Catalog
from mapapp.viewstate import ViewState, from_params, to_params

WIDTH, HEIGHT = 800, 600  # the embed's size when the consumer sets no maximum
CACHE_AGE = 86400  # a day: the record changes by curated releases, not by the minute
MAX_URL = 4000
TYPE = "application/json+oembed"
DEFAULT_PORTS = {"http": 80, "https": 443}


class OembedError(Exception):
    """A request the provider answers with an HTTP error: its status and why."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _one(query: Mapping[str, list[str]], name: str) -> str | None:
    values = query.get(name) or []
    if len(values) > 1:
        raise OembedError(400, f"{name} given {len(values)} times, expected once")
    return values[0] if values else None


def _maximum(query: Mapping[str, list[str]], name: str) -> int | None:
    raw = _one(query, name)
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6) or not 0 < int(raw) <= 100_000:
        raise OembedError(400, f"{name} must be a whole number of pixels, 1 to 100000, got {raw[:40]!r}")
    return int(raw)


def _same_host(link, host: str) -> bool:
    """Return whether the link names the host that was asked (its Host header, port included).

    The scheme may differ: behind a proxy that ends TLS the app is asked over http for an
    https link of its own.
    """
    try:
        asked = urlsplit(f"//{host}")
        asked_port = asked.port or DEFAULT_PORTS.get(link.scheme)
    except ValueError:  # a Host header that is no host: nothing is a link of it
        return False
    same_port = (link.port or DEFAULT_PORTS.get(link.scheme)) == asked_port
    return bool(link.hostname) and link.hostname == asked.hostname and same_port


def read_link(url: str, host: str, base_path: str = "/") -> tuple[str, dict[str, list[str]]]:
    """Return the app's address (scheme, host and base path) and the link's query, or raise 404.

    A link of this app is http(s), on the host that was asked, at the map page (the base path
    or `map` under it).
    """
    try:
        link = urlsplit(url)
        link.port  # noqa: B018 - a port out of range raises here
    except ValueError as error:
        raise OembedError(400, f"url is not an address: {error}") from error
    base = "/" + base_path.strip("/") + ("/" if base_path.strip("/") else "")
    pages = {base, base.rstrip("/") or "", base + "map"}
    if link.scheme not in DEFAULT_PORTS or not _same_host(link, host) or link.path not in pages:
        raise OembedError(404, "url is not a link of this app's map")
    return f"{link.scheme}://{link.netloc}{base}", parse_qs(link.query, keep_blank_values=True)


def view_title(state: ViewState, catalog: Catalog, person_name: str = "") -> str:
    """Return what the view shows, in its language: "Memory map: Chile 1973-1990 - Estadio Nacional, Sep 1973 - today"."""
    lang = state.lang
    parts = []
    if state.site and state.site in catalog.sites:
        parts.append(catalog.sites[state.site].name.get(lang))
    if state.person is not None:
        parts.append(person_name or f"#{state.person}")
    if state.region:
        parts.append(state.region)
    if state.text:
        parts.append(f"\u201c{state.text}\u201d")
    if state.categories != ViewState().categories:
        parts.append(", ".join(t(f"category.{name}", lang) for name in sorted(state.categories)))
    parts.append(state.when())
    return f"{t('app.title', lang)} - {', '.join(parts)}"


def iframe(src: str, width: int, height: int, title: str) -> str:
    """Return the <iframe> of an embed; every value is escaped."""
    return (
        f'<iframe src="{escape.text(src)}" width="{int(width)}" height="{int(height)}" style="border:0" '
        f'loading="lazy" title="{escape.text(title)}" allow="fullscreen"></iframe>'
    )


def _size(maxwidth: int | None, maxheight: int | None) -> tuple[int, int]:
    """Return the embed's size: the default, shrunk to the maxima, keeping its proportions."""
    scale = min(1.0, (maxwidth or WIDTH) / WIDTH, (maxheight or HEIGHT) / HEIGHT)
    return max(1, int(WIDTH * scale)), max(1, int(HEIGHT * scale))


def _document(title: str, html: str, width: int, height: int, provider_url: str, lang: str) -> dict:
    return {
        "version": "1.0",
        "type": "rich",
        "provider_name": t("app.title", lang),
        "provider_url": provider_url,
        "title": title,
        "html": html,
        "width": width,
        "height": height,
        "cache_age": CACHE_AGE,
    }


def answer(
    query: Mapping[str, list[str]], host: str, catalog: Catalog, base_path: str = "/", people: Mapping | None = None
) -> dict:
    """Return the oEmbed document for a request's query (as `parse_qs` reads it), or raise OembedError.

    `host` is the request's Host header; `people` maps a person's number to their name.
    """
    url = _one(query, "url")
    if not url:
        raise OembedError(400, "url is missing: /oembed?url=<a link of the map>&format=json")
    if len(url) > MAX_URL:
        raise OembedError(400, f"url is {len(url)} characters long, at most {MAX_URL} expected")
    form = _one(query, "format")
    if form not in (None, "", "json"):
        raise OembedError(501, f"format {form[:20]!r} is not offered: only json")
    width, height = _size(_maximum(query, "maxwidth"), _maximum(query, "maxheight"))
    app, params = read_link(url, host, base_path)
    state, _ignored = from_params(params, catalog.sites)
    title = view_title(state, catalog, (people or {}).get(state.person, ""))
    src = embed_url(app, state)
    return _document(title, iframe(src, width, height, title), width, height, app, state.lang)


def embed_url(app: str, state: ViewState) -> str:
    """Return the address of the embedded view of a state on the app at `app` (ending in /)."""
    query = urlencode(to_params(dataclasses.replace(state, embed=True)))
    return f"{app}?{query}"


def static_answer(page_url: str, title: str, provider_url: str, lang: str) -> dict:
    """Return the oEmbed document of a page of the static site, embedded whole at the default size."""
    return _document(title, iframe(page_url, WIDTH, HEIGHT, title), WIDTH, HEIGHT, provider_url, lang)


def discovery_link(href: str, title: str = "") -> str:
    """Return the <link> that tells an oEmbed consumer where a page's answer is."""
    named = f' title="{escape.text(title)}"' if title else ""
    return f'<link rel="alternate" type="{TYPE}" href="{escape.text(href)}"{named}>'
