"""Ceasefire and zone agreements: load and validate agreement files, build their zones, store them.

An agreement file is YAML (one agreement as a mapping, several as a list or under ``agreements:``)
or GeoJSON (a Feature or FeatureCollection: ``properties`` hold the fields, ``geometry`` is the zone).
Fields: ``id``, ``name``, ``aliases`` (names used in text), ``parties`` (``{name, country, sectors,
aliases}`` or a plain name / ISO alpha-3 code), ``start`` (required) and ``end`` (absent or null:
still in force), ``zone`` and ``forbids`` (event type codes; default: every violent type).
A zone is exactly one of ``geojson`` (a GeoJSON geometry or Feature), ``admin`` (first-order
divisions resolved through the gazetteer, optional ``country``), ``line`` or ``points``
(``[lon, lat]`` positions, need ``buffer_km``); ``buffer_km`` widens any zone.
Every problem raises ``AgreementError`` naming the file and the field.

Admin areas and countries have no outlines in the gazetteer: their shape is approximated by the
convex hull of their populated places, widened by ``ADMIN_MARGIN_KM``.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import shapely
import sqlalchemy as sa
from shapely.geometry import mapping, shape
from shapely.ops import unary_union
from sqlalchemy import exc as sa_exc

from .link import FAMILIES, FAMILY_OF, VIOLENT
from .store.schema import agreements as agreements_table

VIOLENT_TYPES = sorted(code for family in VIOLENT for code in FAMILIES[family])
ADMIN_MARGIN_KM = 5.0
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
FIELDS = {"id", "name", "aliases", "parties", "start", "end", "zone", "forbids", "description", "notes"}
ZONE_KINDS = ("geojson", "admin", "line", "points")


class AgreementError(ValueError):
    """A bad agreement definition: the message names the file and the field."""

    def __init__(self, source: str, field_name: str, message: str):
        self.source, self.field = source, field_name
        super().__init__(f"{source}: {field_name}: {message}")


@dataclass
class Agreement:
    """One agreement with its zone (a shapely geometry in lon/lat degrees)."""
    id: str
    name: str
    start: str
    end: str | None
    zone: object
    aliases: list[str] = field(default_factory=list)
    parties: list[dict] = field(default_factory=list)
    forbids: list[str] = field(default_factory=lambda: list(VIOLENT_TYPES))
    admin: list[dict] = field(default_factory=list)      # resolved admin areas: {country, code, name}
    zone_spec: dict = field(default_factory=dict)
    description: str | None = None
    source: str | None = None

    def names(self) -> list[str]:
        """The name and every alias, longest first (for matching in text)."""
        return sorted({n for n in [self.name, *self.aliases] if n}, key=len, reverse=True)

    def in_force(self, start: str, end: str | None = None) -> bool:
        """Whether the period [start, end] (ISO days) meets the agreement's period."""
        end = end or start
        return end[:10] >= self.start and (self.end is None or start[:10] <= self.end)

    def to_record(self) -> dict:
        return {"id": self.id, "name": self.name, "aliases": self.aliases, "parties": self.parties,
                "start": self.start, "end": self.end, "forbids": self.forbids, "zone": mapping(self.zone),
                "zone_spec": self.zone_spec, "admin": self.admin, "description": self.description,
                "source": self.source}

    @classmethod
    def from_record(cls, record: dict) -> Agreement:
        return cls(id=record["id"], name=record["name"], start=record["start"], end=record.get("end"),
                   zone=shape(record["zone"]), aliases=list(record.get("aliases") or []),
                   parties=list(record.get("parties") or []), forbids=list(record.get("forbids") or []),
                   admin=list(record.get("admin") or []), zone_spec=dict(record.get("zone_spec") or {}),
                   description=record.get("description"), source=record.get("source"))


# ---- files ------------------------------------------------------------------------------------------

def load_file(path: str | Path) -> list[Agreement]:
    """Every agreement defined in a YAML or GeoJSON file."""
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise AgreementError(source, "file", f"cannot read: {error.strerror or error}") from None
    if path.suffix.lower() in (".geojson", ".json"):
        try:
            data = json.loads(text)
        except ValueError as error:
            raise AgreementError(source, "file", f"not valid JSON: {error}") from None
        return parse_geojson(data, source)
    import yaml
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise AgreementError(source, "file", f"not valid YAML: {str(error).splitlines()[0]}") from None
    if isinstance(data, dict) and "agreements" in data:
        data = data["agreements"]
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(i, dict) for i in items):
        raise AgreementError(source, "file", "expected an agreement mapping or a list of them")
    agreements = [parse(item, source, prefix=f"agreements[{n}]." if len(items) > 1 else "")
                  for n, item in enumerate(items)]
    ids = [a.id for a in agreements]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise AgreementError(source, "id", f"defined twice: {', '.join(duplicates)}")
    return agreements


def parse_geojson(data, source: str) -> list[Agreement]:
    """Agreements from a GeoJSON Feature or FeatureCollection (fields in ``properties``)."""
    if not isinstance(data, dict) or data.get("type") not in ("Feature", "FeatureCollection"):
        raise AgreementError(source, "type", "a GeoJSON agreement file is a Feature or a FeatureCollection")
    features = data.get("features") if data["type"] == "FeatureCollection" else [data]
    if not isinstance(features, list) or not features:
        raise AgreementError(source, "features", "expected a non-empty list of Features")
    agreements = []
    for n, feature in enumerate(features):
        prefix = f"features[{n}]." if data["type"] == "FeatureCollection" else ""
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise AgreementError(source, f"{prefix}type", "expected a GeoJSON Feature")
        properties = dict(feature.get("properties") or {})
        zone = {"geojson": feature.get("geometry")}
        if "buffer_km" in properties:
            zone["buffer_km"] = properties.pop("buffer_km")
        agreements.append(parse({**properties, "zone": zone}, source, prefix=prefix + "properties."))
    return agreements


# ---- one agreement -------------------------------------------------------------------------------

def parse(data: dict, source: str = "<agreement>", prefix: str = "") -> Agreement:
    """An Agreement from one mapping; AgreementError names ``prefix + field`` on any problem."""
    def fail(name: str, message: str):
        raise AgreementError(source, prefix + name, message)

    unknown = sorted(set(data) - FIELDS)
    if unknown:
        fail(unknown[0], f"unknown field (known: {', '.join(sorted(FIELDS))})")
    agreement_id = data.get("id")
    if not isinstance(agreement_id, str) or not ID_PATTERN.match(agreement_id):
        fail("id", "required: letters, digits, '.', '_' or '-' (e.g. idlib-2018)")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        fail("name", "required: the agreement's name")
    aliases = _strings(data.get("aliases"), lambda m: fail("aliases", m))
    start = _date(data.get("start"), lambda m: fail("start", m), required=True)
    end = _date(data.get("end"), lambda m: fail("end", m), required=False)
    if end is not None and end < start:
        fail("end", f"{end} is before start {start}")
    if not isinstance(data.get("parties") or [], list):
        fail("parties", "expected a list")
    parties = [_party(p, lambda m, n=n: fail(f"parties[{n}]", m)) for n, p in enumerate(data.get("parties") or [])]
    forbids = data.get("forbids")
    if forbids is None:
        forbids = list(VIOLENT_TYPES)
    forbids = _strings(forbids, lambda m: fail("forbids", m))
    for code in forbids:
        if code not in FAMILY_OF:
            fail("forbids", f"unknown event type {code!r} (one of the 30 codes of CONTRACT.md, e.g. AIR_STRIKE)")
    if not forbids:
        fail("forbids", "empty: name at least one event type")
    zone_spec = data.get("zone")
    zone, admin = build_zone(zone_spec, lambda n, m: fail(n, m))
    return Agreement(id=agreement_id, name=name.strip(), start=start, end=end, zone=zone, aliases=aliases,
                     parties=parties, forbids=forbids, admin=admin, zone_spec=_jsonable(zone_spec),
                     description=data.get("description"), source=source)


def _jsonable(value):
    return json.loads(json.dumps(value, default=str))


def _strings(value, fail) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        fail("expected a list of non-empty strings")
    return [v.strip() for v in value]


def _date(value, fail, required: bool) -> str | None:
    if value is None or value == "":
        if required:
            fail("required: the day the agreement takes effect (YYYY-MM-DD)")
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        fail(f"{value!r} is not a date (YYYY-MM-DD)")


def _party(value, fail) -> dict:
    if isinstance(value, str) and value.strip():
        text = value.strip()
        if len(text) == 3 and text.isalpha() and text.isupper():
            return {"name": text, "country": text, "sectors": [], "aliases": []}
        return {"name": text, "country": None, "sectors": [], "aliases": []}
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"].strip():
        fail("expected a name or a mapping with a 'name'")
    country = value.get("country")
    if country is not None and not (isinstance(country, str) and len(country) == 3 and country.isalpha()):
        fail(f"country {country!r} is not an ISO 3166-1 alpha-3 code (e.g. TUR)")
    return {"name": value["name"].strip(), "country": country.upper() if country else None,
            "sectors": _strings(value.get("sectors"), fail), "aliases": _strings(value.get("aliases"), fail)}


# ---- zones ---------------------------------------------------------------------------------------

def build_zone(spec, fail) -> tuple[object, list[dict]]:
    """(shapely geometry, resolved admin areas) of a zone spec; ``fail(field, message)`` on errors."""
    if not isinstance(spec, dict):
        fail("zone", f"required: a mapping with one of {', '.join(ZONE_KINDS)}")
    kinds = [k for k in ZONE_KINDS if k in spec]
    if len(kinds) != 1:
        fail("zone", f"give exactly one of {', '.join(ZONE_KINDS)} (got {', '.join(kinds) or 'none'})")
    unknown = sorted(set(spec) - {*ZONE_KINDS, "buffer_km", "country"})
    if unknown:
        fail(f"zone.{unknown[0]}", "unknown field")
    kind = kinds[0]
    buffer_km = spec.get("buffer_km")
    if buffer_km is not None and (isinstance(buffer_km, bool) or not isinstance(buffer_km, (int, float))
                                  or not 0 < buffer_km <= 1000):
        fail("zone.buffer_km", f"{buffer_km!r} is not a distance in km (0 < km <= 1000)")
    admin: list[dict] = []
    if kind == "geojson":
        geometry = geojson_geometry(spec["geojson"], lambda m: fail("zone.geojson", m))
    elif kind == "admin":
        geometry, admin = _admin_zone(spec, fail)
    else:
        positions = spec[kind]
        if not isinstance(positions, list) or not positions:
            fail(f"zone.{kind}", "expected a list of [lon, lat] positions")
        for n, position in enumerate(positions):
            _position(position, lambda m, n=n: fail(f"zone.{kind}[{n}]", m))
        if kind == "line" and len(positions) < 2:
            fail("zone.line", "a line needs at least two positions")
        geometry = (shapely.LineString(positions) if kind == "line"
                    else shapely.MultiPoint([tuple(p) for p in positions]))
    if geometry.geom_type not in ("Polygon", "MultiPolygon") and buffer_km is None:
        fail("zone.buffer_km", f"required for a {geometry.geom_type} zone (the width around it, in km)")
    if buffer_km is not None:
        geometry = buffer_km_around(geometry, float(buffer_km))
    return geometry, admin


def geojson_geometry(value, fail):
    """A valid shapely geometry from a GeoJSON geometry or Feature (structure checked first)."""
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict) or value.get("type") not in GEOMETRY_TYPES:
        fail(f"expected a GeoJSON geometry ({', '.join(sorted(GEOMETRY_TYPES))})")
    kind, coords = value["type"], value.get("coordinates")
    depth = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2,
             "MultiPolygon": 3}[kind]
    _coordinates(coords, depth, kind, fail)
    geometry = shape(value)
    if geometry.is_empty:
        fail(f"empty {kind}")
    if not geometry.is_valid:
        fail(f"invalid {kind}: {shapely.is_valid_reason(geometry)}")
    return geometry


def _coordinates(coords, depth: int, kind: str, fail) -> None:
    if depth == 0:
        _position(coords, fail)
        return
    if not isinstance(coords, list) or not coords:
        fail(f"{kind} coordinates: expected a non-empty list")
    for item in coords:
        _coordinates(item, depth - 1, kind, fail)
    if kind in ("Polygon", "MultiPolygon") and depth == 1:       # a linear ring
        if len(coords) < 4:
            fail(f"{kind} ring has {len(coords)} positions; a ring needs at least 4")
        if list(coords[0][:2]) != list(coords[-1][:2]):
            fail(f"{kind} ring is not closed (its last position must repeat the first)")
    if kind in ("LineString", "MultiLineString") and depth == 1 and len(coords) < 2:
        fail(f"{kind} needs at least two positions")


def _position(value, fail) -> None:
    if (not isinstance(value, (list, tuple)) or len(value) not in (2, 3)
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
        fail(f"{value!r} is not a [lon, lat] position")
    lon, lat = value[0], value[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        fail(f"{value!r} is out of range (longitude first: [lon, lat])")


def buffer_km_around(geometry, km: float):
    """``geometry`` (lon/lat) widened by ``km``, in a local equirectangular projection."""
    centre = geometry.centroid
    cx, cy = centre.x, centre.y
    kx, ky = 111.32 * max(math.cos(math.radians(cy)), 0.01), 110.57
    local = shapely.transform(geometry, lambda xy: (xy - (cx, cy)) * (kx, ky))
    return shapely.transform(local.buffer(km, quad_segs=16), lambda xy: xy / (kx, ky) + (cx, cy))


def _admin_zone(spec, fail):
    names = spec.get("admin")
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list) or not names:
        fail("zone.admin", "expected a list of admin area (province) names")
    country = spec.get("country")
    if country is not None and not (isinstance(country, str) and len(country) == 2 and country.isalpha()):
        fail("zone.country", f"{country!r} is not an ISO 3166-1 alpha-2 code (e.g. SY)")
    resolved, shapes = [], []
    for n, name in enumerate(names):
        area = resolve_admin(name, country.upper() if country else None)
        if area is None:
            where = f" in {country.upper()}" if country else ""
            fail(f"zone.admin[{n}]", f"unknown admin area {name!r}{where} (a first-order division, e.g. Idlib)")
        resolved.append(area)
        shapes.append(admin_geometry(area["country"], area["code"]))
    return unary_union(shapes), resolved


def resolve_admin(name, country: str | None = None) -> dict | None:
    """{country, code, name} of a first-order division named ``name`` (gazetteer), or None."""
    if not isinstance(name, str) or not name.strip():
        return None
    from .extract.gazetteer import get_gazetteer
    for candidate in get_gazetteer().lookup(name.strip(), country=country):
        if candidate.feature == "ADM1" and candidate.admin1_code:
            return {"country": candidate.country, "code": candidate.admin1_code, "name": candidate.name}
    return None


@functools.lru_cache(maxsize=256)
def admin_geometry(country: str, code: str):
    """Approximate shape of a first-order division: hull of its places, widened by ADMIN_MARGIN_KM."""
    from .extract.gazetteer import get_gazetteer
    points = [(e[3], e[2]) for e in get_gazetteer().entries
              if e[4] == country and e[5] == code and e[6] not in ("ADM2", "RGN")]
    return buffer_km_around(shapely.MultiPoint(points).convex_hull, ADMIN_MARGIN_KM)


@functools.lru_cache(maxsize=64)
def country_geometry(country: str):
    """Approximate shape of a country (ISO alpha-2): hull of its places, or None if it has none."""
    from .extract.gazetteer import get_gazetteer
    points = [(e[3], e[2]) for e in get_gazetteer().entries if e[4] == country and e[6] not in ("ADM2", "RGN")]
    if not points:
        return None
    return buffer_km_around(shapely.MultiPoint(points).convex_hull, ADMIN_MARGIN_KM)


def admin_code(country: str | None, admin1: str | None) -> str | None:
    """The gazetteer's admin1 code of a division named ``admin1`` in ``country`` (alpha-2)."""
    if not country or not admin1:
        return None
    area = resolve_admin(admin1, country)
    return area["code"] if area else None


# ---- the store -----------------------------------------------------------------------------------

def _store_error(store, action: str, error: BaseException):
    from .store import StoreError
    text = str(getattr(error, "orig", None) or error).strip()
    return StoreError(f"cannot {action} {store.shown_url}: {text.splitlines()[0] if text else type(error).__name__}")


def save_agreements(store, agreements: list[Agreement]) -> list[str]:
    """Store agreements in one transaction; an agreement with the same id is replaced. Returns the ids."""
    rows = [{"id": a.id, "name": a.name, "date_start": a.start, "date_end": a.end, "record": a.to_record(),
             "source": a.source, "added_at": dt.datetime.now(dt.UTC)} for a in agreements]
    try:
        with store.engine.begin() as conn:
            conn.execute(agreements_table.delete().where(agreements_table.c.id.in_([r["id"] for r in rows])))
            if rows:
                conn.execute(agreements_table.insert(), rows)
    except sa_exc.SQLAlchemyError as error:
        raise _store_error(store, "write agreements to", error) from None
    return [r["id"] for r in rows]


def load_agreements(store, ids: list[str] | None = None) -> list[Agreement]:
    """Stored agreements (all, or those with the given ids), ordered by start date and id."""
    query = sa.select(agreements_table.c.record).order_by(agreements_table.c.date_start, agreements_table.c.id)
    if ids:
        query = query.where(agreements_table.c.id.in_(list(ids)))
    try:
        with store.engine.connect() as conn:
            return [Agreement.from_record(r) for r in conn.execute(query).scalars()]
    except sa_exc.SQLAlchemyError as error:
        raise _store_error(store, "read agreements from", error) from None
