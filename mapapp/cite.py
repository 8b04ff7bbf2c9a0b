"""How to cite a view of the map or a site: CSL-JSON, BibTeX, RIS, a line of text, and meta tags.

A `Reference` is made once, from a view (`view_reference`: its state and permanent link) or a
site (`site_reference`: its card and link), and every format is written from it, so that they
all say the same thing. The author and publisher are the project; the title says what the view
shows (its site, region, dates, categories and search) or which site it is; the URL is the
permanent link and the date accessed is the day the reader took the citation.

Zotero's connector and other reference managers read the Highwire Press `citation_*` meta
tags (`meta_tags`) that the published pages carry in their head.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from babel.dates import format_date

from mapapp import escape
from mapapp.i18n import t
from mapapp.model import CATEGORIES, Catalog, Site
from mapapp.viewstate import ViewState, to_params

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
PUBLISHER = {"es": "Proyecto Mapa de la memoria", "en": "Memory Map project"}
KINDS = {
    "view": ("map", "MAP"),
    "site": ("webpage", "ELEC"),
    "record": ("dataset", "DATA"),
}  # reference kind -> (CSL type, RIS type)
_KEY_PART = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Reference:
    """One thing to cite: a view of the map or a site's card, at its permanent link."""

    kind: str  # "view" or "site"
    key: str  # a citation key: letters, digits and '-'
    title: str
    url: str  # the permanent link; "" when not known (a static site published with no address)
    lang: str
    issued: int  # the year of the edition cited
    accessed: dt.date

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"reference kind: expected one of {sorted(KINDS)}, got {self.kind!r}")
        if self.url and not re.fullmatch(r"https?://[^\s{}\\]+", self.url):
            raise ValueError(f"reference url: expected an http(s) address without spaces or braces, got {self.url!r}")

    @property
    def author(self) -> str:
        return t("app.title", self.lang)

    @property
    def publisher(self) -> str:
        return PUBLISHER[self.lang]


def permalink(address: str, state: ViewState) -> str:
    """Return the permanent link of a view: the map page's address with the view in its query."""
    query = urlencode(to_params(state))
    return address + (f"?{query}" if query else "")


def _key(*parts: str) -> str:
    return "-".join(part for part in (_KEY_PART.sub("-", escape.plain(p).lower()).strip("-") for p in parts) if part)


def view_title(state: ViewState, catalog: Catalog) -> str:
    """Return what a view shows, as a title: its site, region, dates, categories and search."""
    lang = state.lang
    parts = []
    if state.site in catalog.sites:
        parts.append(catalog.sites[state.site].name.get(lang))
    parts.append(state.region or "Chile")
    parts.append(state.when())
    if state.categories != frozenset(CATEGORIES):
        parts.append(", ".join(t("category." + name, lang) for name in CATEGORIES if name in state.categories))
    if state.text:
        parts.append(f"«{state.text}»")
    return f"{t('cite.view', lang)}: {'; '.join(parts)}"


def view_reference(
    state: ViewState, catalog: Catalog, url: str, accessed: dt.date, issued: int | None = None
) -> Reference:
    """Return the reference of a view at its permanent link `url`, accessed on `accessed`."""
    key = _key("mapa-memoria", state.site or state.region or "chile", str((state.day or state.start).year))
    title = view_title(state, catalog)
    return Reference("view", key, title, url, state.lang, issued or accessed.year, accessed)


def record_reference(lang: str, url: str, accessed: dt.date, issued: int | None = None) -> Reference:
    """Return the reference of the whole record (the published site's index, its data package)."""
    return Reference("record", "mapa-memoria", t("app.title", lang), url, lang, issued or accessed.year, accessed)


def site_title(site: Site, lang: str) -> str:
    """Return a site's title: its name, what it was, and where."""
    where = ", ".join(part for part in (site.commune, site.abroad or site.region) if part)
    return f"{site.name.get(lang)}: {t('category.' + site.category, lang)}, {where}"


def site_reference(site: Site, lang: str, url: str, accessed: dt.date, issued: int | None = None) -> Reference:
    """Return the reference of a site's card at its permanent link `url`."""
    return Reference(
        "site", _key("mapa-memoria", site.id), site_title(site, lang), url, lang, issued or accessed.year, accessed
    )


def to_csl(ref: Reference) -> dict:
    """Return the reference as one CSL-JSON item."""
    day = ref.accessed
    item = {
        "id": ref.key,
        "type": KINDS[ref.kind][0],
        "title": escape.plain(ref.title),
        "author": [{"literal": ref.author}],
        "container-title": ref.author,
        "publisher": ref.publisher,
        "issued": {"date-parts": [[ref.issued]]},
        "accessed": {"date-parts": [[day.year, day.month, day.day]]},
        "URL": ref.url,
        "language": ref.lang,
        "note": f"{LICENCE} {LICENCE_URL}",
    }
    return {name: value for name, value in item.items() if name not in {"URL", "accessed"} or ref.url}


def csl_json(ref: Reference) -> str:
    """Return the reference as a CSL-JSON file: a list of one item."""
    return json.dumps([to_csl(ref)], ensure_ascii=False, indent=2) + "\n"


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_text(value: str) -> str:
    """Return text for a BibTeX field: TeX's special characters escaped, on one line."""
    flat = " ".join(escape.plain(value).split())
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in flat)


def to_bibtex(ref: Reference) -> str:
    """Return the reference as a BibTeX @misc entry (UTF-8; the url field as it is, for biblatex and url.sty)."""
    fields = {
        "author": "{" + bibtex_text(ref.author) + "}",  # a corporate author: one name, not split
        "title": bibtex_text(ref.title),
        "publisher": bibtex_text(ref.publisher),
        "year": str(ref.issued),
        "url": ref.url,
        "howpublished": r"\url{" + ref.url + "}",
        "urldate": ref.accessed.isoformat(),
        "language": {"es": "spanish", "en": "english"}[ref.lang],
        "note": bibtex_text(f"{LICENCE} {LICENCE_URL}"),
    }
    if not ref.url:
        fields = {name: value for name, value in fields.items() if name not in {"url", "howpublished", "urldate"}}
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{ref.key},\n{body}\n}}\n"


def ris_text(value: str) -> str:
    return " ".join(escape.plain(value).split())


def to_ris(ref: Reference) -> str:
    """Return the reference as a RIS record: TY first, ER last, one `TAG  - value` a line."""
    lines = [
        ("TY", KINDS[ref.kind][1]),
        ("TI", ref.title),
        ("AU", ref.author),
        ("T2", ref.author),
        ("PB", ref.publisher),
        ("PY", str(ref.issued)),
        ("Y2", ref.accessed.strftime("%Y/%m/%d")),
        ("UR", ref.url),
        ("LA", ref.lang),
        ("N1", f"{LICENCE} {LICENCE_URL}"),
    ]
    lines = [(tag, value) for tag, value in lines if ref.url or tag not in {"UR", "Y2"}]
    return "".join(f"{tag}  - {ris_text(value)}\r\n" for tag, value in lines) + "ER  - \r\n"


def to_text(ref: Reference) -> str:
    """Return the reference as a line of text, the APA way (with the date retrieved: the map changes)."""
    kind = t(f"cite.kind_{ref.kind}", ref.lang)
    accessed = format_date(ref.accessed, "long", locale=ref.lang)
    retrieved = f" {t('cite.retrieved', ref.lang, date=accessed, url=ref.url)}" if ref.url else ""
    return escape.plain(f"{ref.author}. ({ref.issued}). {ref.title} [{kind}]. {ref.publisher}.{retrieved}")


def meta_tags(ref: Reference) -> list[tuple[str, str]]:
    """Return the Highwire Press (Google Scholar) and Dublin Core meta tags of the reference, as (name, content)."""
    tags = [
        ("citation_title", escape.plain(ref.title)),
        ("citation_author", ref.author),
        ("citation_publisher", ref.publisher),
        ("citation_publication_date", str(ref.issued)),
        ("citation_date", str(ref.issued)),
        ("citation_public_url", ref.url),
        ("citation_language", ref.lang),
        ("DC.rights", f"{LICENCE} {LICENCE_URL}"),
    ]
    return [(name, content) for name, content in tags if content]


def meta_html(ref: Reference) -> str:
    """Return the meta tags as HTML for a page's head."""
    return "".join(
        f'<meta name="{escape.text(name)}" content="{escape.text(content)}">' for name, content in meta_tags(ref)
    )


FILES = {  # format -> (file suffix, media type, writer)
    "csl": (".json", "application/vnd.citationstyles.csl+json", csl_json),
    "bib": (".bib", "application/x-bibtex", to_bibtex),
    "ris": (".ris", "application/x-research-info-systems", to_ris),
}
