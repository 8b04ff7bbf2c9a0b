"""Publish the whole record as a static site: plain files that any static host can serve.

    index.html             links to each language's map, the data, the region embeds and every site
    <lang>/map.html        the full map in that language (one self-contained file)
    sites/<id>.html        one page per site: its card in every language, and a link back
    data/sites.csv         every site, citations written out (mapapp.export)
    data/sites.geojson
    data/*.csv             events, sources, testimony, route stops, the victims layer (mapapp.datapackage)
    datapackage.json       all the tables as a Frictionless Data Package, with schemas and licences
    embed/<region>.html    one map per region, for an <iframe>
    oembed/<page>.json     with a base URL (`--base-url`): each page's oEmbed answer, named in its head

oEmbed answers need the address the site will be served from (the iframe of a consumer's page
must point there), so they are written only when it is given.

Pages carry no script of their own (only schema.org JSON-LD, which is data) and load nothing
from another host (the maps inline
Leaflet; only their tiles come from the tile server). Every text goes through
`mapapp.escape`. A directory is only written over when a previous `publish` wrote it, and
never through a symbolic link inside it (one left there would send a file elsewhere).

Each page says how to cite it (`mapapp.cite`): a line of text, and in its head the Highwire Press
`citation_*` meta tags that Zotero reads; with a `base_url` (where the site will be served) they
carry the page's permanent address. The index describes the record as a schema.org `Dataset`, each
site page its site as a `Place` (`mapapp.jsonld`). Texts and data are CC BY 4.0, the victims
layer MIT (LICENSE-DATA.md).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from mapapp import cite, escape, jsonld, oembed
from mapapp.assets import missing
from mapapp.boundaries import region_bounds
from mapapp.cards import card_html
from mapapp.datapackage import VERSION, package_files
from mapapp.export import to_csv, to_geojson
from mapapp.filters import Filter, Selection, fold
from mapapp.i18n import t
from mapapp.mapbuild import view_of
from mapapp.model import LANGUAGES, REGIONS, Catalog, Site
from mapapp.schema_types import ID_PATTERN
from mapapp.standalone import standalone_html
from mapapp.victims_records import ImportResult
from mapapp.viewstate import ViewState

MARKER = ".mapapp-publish"  # written last; lists the files, so that the next publish may replace them

# The site's own labels (the lead may move them into mapapp.i18n).
LABELS = {
    "es": {
        "full_map": "Mapa completo",
        "data": "Datos de todos los sitios, con sus fuentes",
        "embeds": "Mapas por región, para insertar con un iframe",
        "back": "Volver al índice",
        "in_other": "Esta ficha en otros idiomas",
        "package": "Todo el registro como paquete de datos (Frictionless Data Package)",
        "cite": "Cómo citar",
    },
    "en": {
        "full_map": "Full map",
        "data": "Data on every site, with its sources",
        "embeds": "Maps by region, to embed in an iframe",
        "back": "Back to the index",
        "in_other": "This card in other languages",
        "package": "The whole record as a data package (Frictionless Data Package)",
        "cite": "How to cite",
    },
}
STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}"
    "h2{margin-top:2rem;border-bottom:1px solid #ccc}.cite,.other-name,.category{color:#555}"
    "section.lang{border-top:1px solid #ccc;margin-top:2rem}"
)


class PublishError(ValueError):
    """The site cannot be published where or as asked."""


def region_slug(region: str) -> str:
    """Return a region's file name: "Ñuble" -> "nuble", "Libertador ... O'Higgins" -> "libertador-...-o-higgins"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(region)).strip("-")


def _page(title: str, body: str, lang: str, head: str = "") -> str:
    """Return a whole HTML page; `title` is plain text, `body` and `head` are HTML already escaped.
    The licence closes every page."""
    licence = f'<footer><p class="licence">{escape.text(t("licence.notice", lang))}</p></footer>'
    return (
        f'<!DOCTYPE html>\n<html lang="{escape.text(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape.text(title)}</title><style>{STYLE}</style>{head}</head>"
        f"<body>{body}{licence}</body></html>\n"
    )


def _citing(ref: cite.Reference) -> str:
    """Return how to cite a page: a heading and the citation as a line of text."""
    return f'<h2>{escape.text(LABELS[ref.lang]["cite"])}</h2><p class="citation">{escape.text(cite.to_text(ref))}</p>'


def _a(href: str, label: str) -> str:
    return f'<a href="{escape.text(href)}">{escape.text(label)}</a>'


def _sites_by_region(catalog: Catalog) -> dict[str, list[Site]]:
    """Return the sites by region, north to south (sites abroad last), each region's by name."""
    grouped: dict[str, list[Site]] = {}
    for site in sorted(catalog.sites.values(), key=lambda site: (fold(site.name.es), site.id)):
        grouped.setdefault(site.abroad or site.region, []).append(site)
    order = {region: index for index, region in enumerate(REGIONS)}
    return {region: grouped[region] for region in sorted(grouped, key=lambda r: (order.get(r, len(order)), r))}


def _index(catalog: Catalog, langs: tuple[str, ...], base_url: str, day: dt.date, files: list[str]) -> str:
    first = langs[0]
    ref = cite.record_reference(first, base_url and base_url + "index.html", day)
    head = cite.meta_html(ref) + jsonld.script(jsonld.dataset(base_url, VERSION, files, langs))
    parts = [f"<h1>{escape.text(' / '.join(t('app.title', lang) for lang in langs))}</h1>"]
    parts += [f'<p lang="{lang}">{escape.text(t("app.tagline", lang))}</p>' for lang in langs]
    if catalog.rejected_records():
        parts += [f"<p>{escape.text(t('ui.rejected_notice', first, count=catalog.rejected_records()))}</p>"]
    if catalog.partial_records():
        parts += [f"<p>{escape.text(t('ui.partial_notice', first, count=catalog.partial_records()))}</p>"]
    maps = "".join(f'<li lang="{lang}">{_a(f"{lang}/map.html", LABELS[lang]["full_map"])}</li>' for lang in langs)
    data = f"{_a('data/sites.csv', 'CSV')} &middot; {_a('data/sites.geojson', 'GeoJSON')}"
    parts.append(f"<ul>{maps}</ul><p>{escape.text(LABELS[first]['data'])}: {data}</p>")
    parts.append(f"<p>{_a('datapackage.json', LABELS[first]['package'])}</p>{_citing(ref)}")
    parts.append(f"<h2>{escape.text(t('ui.sites', first))} ({len(catalog.sites)})</h2>")
    for region, sites in _sites_by_region(catalog).items():
        items = "".join(f"<li>{_a(f'sites/{site.id}.html', _names(site, langs))}</li>" for site in sites)
        parts.append(f"<h3>{escape.text(region)}</h3><ul>{items}</ul>")
    embeds = "".join(f"<li>{_a(f'embed/{region_slug(region)}.html', region)}</li>" for region in REGIONS)
    parts.append(f"<h2>{escape.text(LABELS[first]['embeds'])}</h2><ul>{embeds}</ul>")
    return _page(t("app.title", first), "".join(parts), first, head)


def _names(site: Site, langs: tuple[str, ...]) -> str:
    """Return the site's name in each language, once when they are the same."""
    return " / ".join(dict.fromkeys(site.name.get(lang) for lang in langs))


def _site_page(site: Site, catalog: Catalog, langs: tuple[str, ...], base_url: str, day: dt.date) -> str:
    first = langs[0]
    url = base_url and f"{base_url}sites/{site.id}.html"
    ref = cite.site_reference(site, first, url, day)
    head = cite.meta_html(ref) + jsonld.script(jsonld.place(site, first, url))
    back = f"<p>{_a('../index.html', LABELS[first]['back'])}</p>"
    maps = " &middot; ".join(_a(f"../{lang}/map.html", LABELS[lang]["full_map"]) for lang in langs)
    cards = "".join(
        f'<section class="lang" lang="{lang}" id="{lang}">{card_html(site, catalog, lang)}</section>' for lang in langs
    )
    body = f"{back}<h1>{escape.text(site.name.get(first))}</h1><p>{maps}</p>{cards}{_citing(ref)}{back}"
    return _page(site.name.get(first), body, first, head)


def _files(
    catalog: Catalog, langs: tuple[str, ...], victims: ImportResult | None, base_url: str
) -> Iterator[tuple[str, str]]:
    """Yield (path in the site, text) for every file of the site; with base_url, the oEmbed answers too."""
    if not base_url:
        yield from _pages(catalog, langs, victims, base_url)
        return
    embeds = _embeds(catalog, langs)
    for name, text in _pages(catalog, langs, victims, base_url):
        if name in embeds:
            href = base_url + _oembed_name(name)
            text = text.replace("<head>", "<head>" + oembed.discovery_link(href, embeds[name][1]), 1)
        yield name, text
    for name, (target, title, lang) in embeds.items():
        document = oembed.static_answer(base_url + target, title, base_url, lang)
        yield _oembed_name(name), json.dumps(document, ensure_ascii=False, indent=1)


def _oembed_name(page: str) -> str:
    """Return where a page's oEmbed answer is written: "sites/x.html" -> "oembed/sites/x.json"."""
    return f"oembed/{page.removesuffix('.html')}.json"


def _embeds(catalog: Catalog, langs: tuple[str, ...]) -> dict[str, tuple[str, str, str]]:
    """Return, for each page, what its oEmbed answer frames: (page framed, title, language)."""
    first = langs[0]
    found = {"index.html": (f"{first}/map.html", t("app.title", first), first)}
    found |= {f"{lang}/map.html": (f"{lang}/map.html", t("app.title", lang), lang) for lang in langs}
    for site in catalog.sites.values():
        name = f"sites/{site.id}.html"
        found[name] = (name, f"{t('app.title', first)} - {site.name.get(first)}", first)
    for region in REGIONS:
        name = f"embed/{region_slug(region)}.html"
        found[name] = (name, f"{t('app.title', first)} - {region}", first)
    return found


def _pages(
    catalog: Catalog, langs: tuple[str, ...], victims: ImportResult | None, base_url: str
) -> Iterator[tuple[str, str]]:
    """Yield (path in the site, text) for every page and data file of the site."""
    day = dt.date.today()
    everything = Selection(tuple(site for _, site in sorted(catalog.sites.items())), (), ())
    data = [*package_files(catalog, victims, to_csv(everything, catalog))]
    data.append(("data/sites.geojson", to_geojson(everything, catalog, Filter())))
    yield "index.html", _index(catalog, langs, base_url, day, [name for name, _ in data])
    yield from data
    for lang in langs:
        yield f"{lang}/map.html", standalone_html(catalog, ViewState(lang=lang))
    for site in catalog.sites.values():
        yield f"sites/{site.id}.html", _site_page(site, catalog, langs, base_url, day)
    for region in REGIONS:
        yield f"embed/{region_slug(region)}.html", standalone_html(catalog, _region_view(region, langs[0]))


def _region_view(region: str, lang: str) -> ViewState:
    """Return the embed view of a region, centred on it (for a standalone_html that reads centre and zoom)."""
    bounds = region_bounds().get(region)
    center, zoom = view_of(bounds) if bounds else (None, None)
    return ViewState(lang=lang, region=region, embed=True, center=center, zoom=zoom)


def _base(base_url: str | None) -> str | None:
    """Return the site's address ending in "/", or raise PublishError for one that is not http(s)."""
    if base_url is None:
        return None
    parts = urlsplit(base_url)
    if (
        parts.scheme not in {"http", "https"}
        or not parts.netloc
        or parts.query
        or parts.fragment
        or re.search(r"[\s{}\\]", base_url)
    ):
        raise PublishError(f"publish: the base URL must be an http(s) address like https://example.org/map/, got {base_url!r}")
    return base_url if base_url.endswith("/") else base_url + "/"


def _check(catalog: Catalog, langs: tuple[str, ...]) -> None:
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if not langs or unknown:
        raise PublishError(f"publish: languages must be some of {', '.join(LANGUAGES)}, got {list(langs)!r}")
    bad = sorted(site_id for site_id in catalog.sites if not ID_PATTERN.match(site_id))
    if bad:  # an id becomes a file name: never let one climb out of sites/
        raise PublishError(f"publish: site ids must be lowercase words joined by '-', got {bad[:5]!r}")
    if missing():
        raise PublishError(f"publish: {', '.join(missing())} not installed: run `make assets`")


def _prepare(root: Path) -> None:
    """Make root ready to write: new, empty, or written by a previous publish (whose files go)."""
    if root.exists() and not root.is_dir():
        raise PublishError(
            f"publish: cannot write {root}: it is a file, expected a directory (new, empty, or a previous publish)"
        )
    marker = root / MARKER
    if root.is_dir() and any(root.iterdir()) and not marker.is_file():
        raise PublishError(
            f"publish: {root} is not empty and has no {MARKER}, so it was not written by publish; "
            "choose a new or empty directory"
        )
    if root.is_dir():
        _refuse_links(root)
    if marker.is_file():
        _remove_previous(root, marker)
    root.mkdir(parents=True, exist_ok=True)


def _refuse_links(root: Path) -> None:
    """Raise PublishError naming the first symbolic link inside root (root itself may be one)."""
    for folder, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            if os.path.islink(os.path.join(folder, name)):
                link = Path(folder) / name
                raise PublishError(
                    f"publish: {link} is a symbolic link (to {os.readlink(link)}); "
                    "publish never writes through a link: remove it"
                )


def _write_new(path: Path, text: str) -> None:
    """Write a file, refusing to follow a symbolic link put there since the check."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(text)


def _remove_previous(root: Path, marker: Path) -> None:
    """Delete the files the previous publish listed (and nothing outside root), so none goes stale."""
    try:
        listed = json.loads(marker.read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        listed = []
    base = root.resolve()
    for name in listed:
        path = (root / str(name)).resolve()
        if path.is_relative_to(base) and path.is_file():
            path.unlink()
    marker.unlink()


def publish(
    catalog: Catalog,
    out_dir: str | Path,
    lang_list: tuple[str, ...] = ("es", "en"),
    victims: ImportResult | None = None,
    base_url: str = "",
) -> list[Path]:
    """Write the whole record as a static site into out_dir and return the files written.

    `victims` (the layer, when the data has one) goes into the data package with its own licence;
    `base_url` is where the site will be served (https://...), for the pages' permanent addresses.

    out_dir must be new, empty, or the output of a previous `publish` (it holds the marker
    file): then the files that publish wrote are replaced, and any other file is left alone.
    Raise `PublishError` (a ValueError) for any other directory, one holding a symbolic link,
    an unknown language, a base URL that is not http(s), or missing Leaflet assets; OSError when a file cannot be written.
    """
    langs = tuple(lang_list)
    _check(catalog, langs)
    base_url = _base(base_url or None) or ""
    root = Path(out_dir)
    _prepare(root)
    written = []
    for name, text in _files(catalog, langs, victims, base_url):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_new(path, text)
        written.append(path)
    files = [path.relative_to(root).as_posix() for path in written]
    _write_new(root / MARKER, json.dumps({"written_by": "mapapp.publish", "files": files}, indent=1))
    return written
