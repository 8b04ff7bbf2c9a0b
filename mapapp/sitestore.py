"""Every site sent to the browser once; on each rerun only which of them are in view.

A slider change used to send every site in view again and rebuild every marker. Here the
app's map holds a store of all the catalogue's sites (`SiteStore`, fetched once from a file
the app serves, or written inline), and each rerun sends a view (`SiteView`): one character
per site, in the store's order, saying whether it is hidden or how it is drawn. The browser
then shows, hides and restyles only the markers whose character changed; a marker is built
the first time it is shown and kept.

Exports keep using `mapapp.mapbuild.site_layers`: a file has no server to come back to.
"""

from __future__ import annotations

from mapapp import escape
from mapapp.filters import Selection
from mapapp.i18n import t
from mapapp.mapbuild import site_look
from mapapp.mapcalls import ICON_LIMIT, MANY_SITES, Store, StoreView
from mapapp.model import CATEGORIES, Catalog
from mapapp.style import looks

HIDDEN = "-"
LOOK_CODES = {"": "0", "a": "1", "m": "2", "am": "3"}  # mapbuild.LOOKS, one character each


def store_payload(catalog: Catalog, lang: str) -> dict:
    """Return every site as the browser's store holds it: names escaped, the looks per category.

    A catalogue of more than `ICON_LIMIT` sites is drawn on a canvas.
    """
    icons_on = len(catalog.sites) <= ICON_LIMIT
    categories = []
    for category in CATEGORIES:
        icons, canvas = looks(category)
        label = escape.text(t("category." + category, lang))
        categories.append(
            {
                "key": category,
                "label": label,
                "icons": icons,
                "canvas": canvas,
                "useIcons": icons_on,
            }
        )
    index = {category: number for number, category in enumerate(CATEGORIES)}
    sites = [
        [site.id, escape.text(site.name.get(lang)), round(site.lat, 5), round(site.lon, 5), index[site.category]]
        for site in catalog.sites_in_order  # the order of every view
    ]
    return {"looks": list(LOOK_CODES), "categories": categories, "sites": sites}


def view_code(catalog: Catalog, selection: Selection, shown: bool = True) -> str:
    """Return one character per store site: `HIDDEN`, or the look it is drawn with in this view."""
    if not shown:
        return HIDDEN * len(catalog.sites)
    chosen = {site.id for site in selection.sites}
    return "".join(
        LOOK_CODES[site_look(site, selection)] if site.id in chosen else HIDDEN for site in catalog.sites_in_order
    )


class SiteStore(Store):
    """The store of every site on the base map: from `url` (fetched once) or `data` (inline).

    Drawn by static/js/sites.js. Its feature groups are on the map from the start, so
    streamlit-folium binds its click handler to them and a click on any marker, however late
    it was built, comes back with the site's id.
    """

    def __init__(self, data: dict | None = None, url: str | None = None):
        super().__init__("sites", data, url, {"categories": list(CATEGORIES), "manyAt": MANY_SITES})


class SiteView(StoreView):
    """Which store sites are in view and how each is drawn (a `view_code`), and the chosen site
    (drawn apart from the clusters, so it is always seen), sent on every rerun."""

    def __init__(self, code: str, chosen: str | None = None):
        super().__init__(code, "sites", chosen)
