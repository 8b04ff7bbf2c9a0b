"""How the map draws things: each category's shape and colour, the looks of a site, line styles.

The browser map (`mapapp.mapbuild`), the legend (`mapapp.legend`) and the printed sheet
(`mapapp.sheet`) all draw from here, so a category looks the same everywhere. This module
imports no folium: the legend and the sheet do not need a map library to know a colour.
"""

from __future__ import annotations

# Shape and colour per category, so that a category never depends on colour alone.
STYLES: dict[str, tuple[str, str]] = {
    "detention-centre": ("circle", "#b2182b"),
    "prison-camp": ("square", "#b35806"),
    "execution-site": ("triangle", "#542788"),
    "seat-of-power": ("diamond", "#2166ac"),
    "memorial": ("star", "#1b7837"),
}
# Location precisions drawn as approximate places (hollow, dashed).
APPROXIMATE = {"locality", "commune", "approximate"}
LOOKS = ("", "a", "m", "am")  # plain, approximate place, a memorial by then, both
MEMORIAL_RING = "#1b7837"
CHOSEN_RING = "#111111"  # the ring the app's map draws around the chosen site
COMMUNE_STYLE = {"color": "#7a7a7a", "weight": 0.6, "fillColor": "#f2efe9", "fillOpacity": 0.35}
ROUTE_STYLES = {
    "caravan-of-death": {"color": "#000000", "weight": 3, "dashArray": "8 6"},
    "prisoner-transfer": {"color": "#5e3c99", "weight": 2.5, "dashArray": "2 6"},
}
SHAPES = {
    "circle": '<circle cx="9" cy="9" r="7"/>',
    "square": '<rect x="2.5" y="2.5" width="13" height="13"/>',
    "triangle": '<polygon points="9,1.5 16.5,15.5 1.5,15.5"/>',
    "diamond": '<polygon points="9,1 17,9 9,17 1,9"/>',
    "star": '<polygon points="9,1 11.3,6.6 17,7 12.6,10.8 14,16.5 9,13.4 4,16.5 5.4,10.8 1,7 6.7,6.6"/>',
}
EVENT_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">'
    '<circle cx="6" cy="6" r="4.5" fill="#ffd92f" stroke="#333333" stroke-width="1.5"/></svg>'
)
# The dot the app's map puts on a point that several sites share (static/js/sites.js draws it).
# A cluster of sites close together on the map, as static/js/sites.js draws it (CLUSTER_CSS), for the legend.
CLUSTER_COLOUR, CLUSTER_TEXT = "#30343b", "#ffffff"
CLUSTER = (
    '<svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true" style="vertical-align:middle">'
    f'<circle cx="11" cy="11" r="10" fill="{CLUSTER_COLOUR}" stroke="#ffffff" stroke-width="1.5"/>'
    f'<text x="11" y="15" text-anchor="middle" font-family="sans-serif" font-size="11" font-weight="bold" '
    f'fill="{CLUSTER_TEXT}">5</text></svg>'
)
# The cluster's look on the map (its count on a dark disc, readable at 4.5:1 and more), and a
# visible focus ring for it and for every marker reached by the keyboard.
CLUSTER_CSS = (
    ".site-cluster{background:none;border:0}"
    f".site-cluster span{{display:flex;align-items:center;justify-content:center;width:100%;height:100%;"
    f"border-radius:50%;background:{CLUSTER_COLOUR};color:{CLUSTER_TEXT};border:2px solid #fff;"
    "box-shadow:0 0 0 1px rgba(0,0,0,.4);font:bold 13px sans-serif;box-sizing:border-box}"
    ".site-cluster:focus-visible span,.site-marker:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}"
)


def marker_svg(category: str, approximate: bool = False, size: int = 18, memorial: bool = False) -> str:
    """Return the marker of a category as inline SVG.

    An approximate place is hollow and dashed; a place that in the chosen time is a memorial
    (no longer used for repression) is faded inside a green ring.
    """
    shape, colour = STYLES[category]
    fill = "#ffffff" if approximate else colour
    dash = ' stroke-dasharray="3,2"' if approximate else ""
    opacity = "0.45" if memorial else "0.9"
    ring = f'<circle cx="11" cy="11" r="10" fill="none" stroke="{MEMORIAL_RING}" stroke-width="2"/>' if memorial else ""
    box, shift = (22, ' transform="translate(2,2)"') if memorial else (18, "")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {box} {box}" '
        f'aria-hidden="true">{ring}<g fill="{fill}" fill-opacity="{opacity}" stroke="{colour}" stroke-width="2"'
        f"{dash}{shift}>{SHAPES[shape]}</g></svg>"
    )


def looks(category: str) -> tuple[dict, dict]:
    """Return a category's marker for each look, as SVG icons and as canvas shape options."""
    shape, colour = STYLES[category]
    icons = {look: marker_svg(category, "a" in look, 22 if "m" in look else 18, "m" in look) for look in LOOKS}
    canvas = {
        look: {
            "shape": shape,
            "color": MEMORIAL_RING if "m" in look else colour,
            "weight": 2,
            "fillColor": "#ffffff" if "a" in look else colour,
            "fillOpacity": 0.45 if "m" in look else 0.9,
            "dashArray": "3,2" if "a" in look else None,
        }
        for look in LOOKS
    }
    return icons, canvas
