"""One-off: country outlines for the web map's offline basemap (src/sitrep/web/world.geojson).

Source: the npm package ``world-atlas`` 2.0.2 (``npm pack world-atlas``; file ``countries-110m.json``),
a TopoJSON redistribution of Natural Earth 1:110m Admin 0 countries v4.1.0. Natural Earth data are in
the public domain (https://www.naturalearthdata.com/about/terms-of-use/).

    cd /tmp && npm pack world-atlas && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python tools/world_geojson.py /tmp/package/countries-110m.json src/sitrep/web/world.geojson

TopoJSON arcs are decoded (delta + quantisation transform) into GeoJSON polygons with coordinates
rounded to 0.01 degree. Rings that cross the antimeridian are unwrapped (continuous longitudes) and
also copied shifted by 360 degrees, so an equirectangular drawing needs no special case.
"""
from __future__ import annotations

import json
import sys


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale = topology["transform"]["scale"]
    shift = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + shift[0], y * scale[1] + shift[1]))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points):
    """Longitudes made continuous (no jump over 180 degrees between neighbours)."""
    out = [points[0]]
    for lon, lat in points[1:]:
        previous = out[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        out.append((lon, lat))
    return out


def polygons(geometry: dict, arcs) -> list[list[list[list[float]]]]:
    shapes = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    result = []
    for shape in shapes:
        rings = [unwrap(ring(r, arcs)) for r in shape]
        lons = [lon for r in rings for lon, _ in r]
        copies = [0]
        if max(lons) > 180:
            copies.append(-360)
        if min(lons) < -180:
            copies.append(360)
        for offset in copies:
            result.append([[[round(lon + offset, 2), round(lat, 2)] for lon, lat in r] for r in rings])
    return result


def convert(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        features.append({"type": "Feature", "properties": {"name": (geometry.get("properties") or {}).get("name")},
                         "geometry": {"type": "MultiPolygon", "coordinates": polygons(geometry, arcs)}})
    return {"type": "FeatureCollection", "features": features}


def main(source: str, target: str) -> None:
    with open(source, encoding="utf-8") as stream:
        collection = convert(json.load(stream))
    with open(target, "w", encoding="utf-8") as stream:
        json.dump(collection, stream, separators=(",", ":"))
    print(f"{len(collection['features'])} countries -> {target}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
