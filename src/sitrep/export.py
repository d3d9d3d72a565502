"""Export reconciled incidents: JSON / JSONL (contract shape), ACLED-style CSV, GeoJSON, Parquet."""
from __future__ import annotations

import csv
import functools
import io
import json

ACLED_TYPES = {
    "ARMED_CLASH": ("Battles", "Armed clash"),
    "GOV_REGAINS_TERIT": ("Battles", "Government regains territory"),
    "NON_STATE_ACTOR_OVERTAKES_TER": ("Battles", "Non-state actor overtakes territory"),
    "CHEM_WEAP": ("Explosions/Remote violence", "Chemical weapon"),
    "AIR_STRIKE": ("Explosions/Remote violence", "Air/drone strike"),
    "SUIC_BOMB": ("Explosions/Remote violence", "Suicide bomb"),
    "ART_MISS_ATTACK": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "REM_EXPLOS": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "GRENADE": ("Explosions/Remote violence", "Grenade"),
    "SEX_VIOL": ("Violence against civilians", "Sexual violence"),
    "ATTACK": ("Violence against civilians", "Attack"),
    "ABDUCT_DISSAP": ("Violence against civilians", "Abduction/forced disappearance"),
    "PEACE_PROTEST": ("Protests", "Peaceful protest"),
    "PROTEST_WITH_INTER": ("Protests", "Protest with intervention"),
    "FORCE_AGAINST_PROTEST": ("Protests", "Excessive force against protesters"),
    "VIOL_DEMONSTR": ("Riots", "Violent demonstration"),
    "MOB_VIOL": ("Riots", "Mob violence"),
    "AGREEMENT": ("Strategic developments", "Agreement"),
    "ARREST": ("Strategic developments", "Arrests"),
    "CHANGE_TO_GROUP_ACT": ("Strategic developments", "Change to group/activity"),
    "DISR_WEAP": ("Strategic developments", "Disrupted weapons use"),
    "HQ_ESTABLISHED": ("Strategic developments", "Headquarters or base established"),
    "PROPERTY_DISTRUCT": ("Strategic developments", "Looting/property destruction"),
    "NON_VIOL_TERRIT_TRANSFER": ("Strategic developments", "Non-violent transfer of territory"),
    "OTHER": ("Strategic developments", "Other"),
    "DIPLO": ("Diplomatic event", "Diplomatic event"),
    "ATTRIB": ("Attribution", "Claim, accusation or denial"),
    "ORG_CRIME": ("Organised crime", "Organised crime"),
    "NATURAL_DISASTER": ("Disaster", "Natural disaster"),
    "MAN_MADE_DISASTER": ("Disaster", "Man-made disaster"),
}
CSV_COLUMNS = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country",
               "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes",
               "fatalities", "fatalities_low", "fatalities_high", "grade"]
GEO_PRECISION = {"exact": 1, "town": 1, "region": 2, "country": 3}     # ACLED's 1 / 2 / 3


@functools.lru_cache(maxsize=512)
def _country(alpha2: str | None) -> tuple[str, str]:
    """(alpha-3, name) of an alpha-2 country code; the code itself when unknown."""
    if not alpha2:
        return "XXX", ""
    try:
        import pycountry
        country = pycountry.countries.get(alpha_2=alpha2.upper())
    except (ImportError, LookupError, KeyError):
        country = None
    if country is None:
        return alpha2.upper(), alpha2.upper()
    return country.alpha_3, getattr(country, "common_name", None) or country.name


def _range_text(figure: dict | None) -> str:
    if not figure:
        return "?"
    low, best, high = figure.get("low"), figure.get("best"), figure.get("high")
    if best is None:
        return f"up to {high}"
    return str(best) if low == high else f"{best} ({low}-{high})"


def notes(incident: dict) -> str:
    """A one-line ACLED-style note: sources, figures and contradictions."""
    parts = [f"{incident.get('type')} reported by {', '.join(incident.get('sources') or []) or 'unknown'}"]
    if incident.get("killed"):
        parts.append(f"killed {_range_text(incident['killed'])}")
    if incident.get("injured"):
        parts.append(f"injured {_range_text(incident['injured'])}")
    for contradiction in incident.get("contradictions") or []:
        values = "; ".join(f"{v['value']} ({', '.join(v['sources'])})" for v in contradiction.get("values") or [])
        parts.append(f"disputed {contradiction.get('field')}: {values}")
    return ". ".join(parts) + "."


def csv_row(incident: dict) -> dict:
    """One ACLED-style CSV row of an incident."""
    loc, date = incident.get("location") or {}, incident.get("date") or {}
    iso3, country_name = _country(loc.get("country"))
    event_type, sub_event_type = ACLED_TYPES.get(incident.get("type") or "OTHER", ("Other", incident.get("type")))
    killed = incident.get("killed") or {}
    perpetrators = [p.get("name") or p.get("country") or "" for p in incident.get("perpetrators") or []]
    return {
        "event_id_cnty": f"{iso3}{incident.get('id')}",
        "event_date": date.get("start") or "",
        "event_type": event_type, "sub_event_type": sub_event_type,
        "actor1": "; ".join(p for p in perpetrators if p),
        "actor2": "; ".join((incident.get("targets") or [])[:3]),
        "country": country_name, "admin1": loc.get("admin1") or "", "location": loc.get("name") or "",
        "latitude": "" if loc.get("lat") is None else loc["lat"],
        "longitude": "" if loc.get("lon") is None else loc["lon"],
        "geo_precision": GEO_PRECISION.get(loc.get("precision") or "", ""),
        "source": "; ".join(incident.get("sources") or []),
        "notes": notes(incident),
        "fatalities": (killed.get("best") or 0) if killed else 0,   # ACLED: 0 when not known
        "fatalities_low": killed.get("low", "") if killed else "",
        "fatalities_high": killed.get("high", "") if killed else "",
        "grade": incident.get("grade") or "",
    }


def to_csv(incidents: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for incident in incidents:
        writer.writerow(csv_row(incident))
    return buffer.getvalue()


# Parquet types of the numeric CSV columns; every other column is a string (dates as ISO text).
PARQUET_NUMBERS = {"latitude": "float64", "longitude": "float64", "geo_precision": "int64",
                   "fatalities": "int64", "fatalities_low": "int64", "fatalities_high": "int64"}


def to_parquet(incidents: list[dict], path: str) -> None:
    """Write the CSV columns of the incidents to a Parquet file (numbers typed, blanks as nulls)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    rows = [csv_row(incident) for incident in incidents]
    schema = pa.schema([(name, pa.type_for_alias(PARQUET_NUMBERS.get(name, "string"))) for name in CSV_COLUMNS])
    columns = {}
    for name in CSV_COLUMNS:
        values = [row[name] for row in rows]
        if name in PARQUET_NUMBERS:
            values = [None if value == "" or value is None else value for value in values]
        else:
            values = [None if value is None else str(value) for value in values]
        columns[name] = values
    pq.write_table(pa.table(columns, schema=schema), path)


def to_geojson(incidents: list[dict]) -> dict:
    """A FeatureCollection of Point features ([lon, lat]); incidents without coordinates are left out."""
    features = []
    for incident in incidents:
        loc = incident.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        properties = {k: v for k, v in csv_row(incident).items() if k not in ("latitude", "longitude")}
        properties.update({"id": incident.get("id"), "type": incident.get("type"),
                           "killed": incident.get("killed"), "injured": incident.get("injured"),
                           "contradictions": incident.get("contradictions") or []})
        features.append({"type": "Feature", "id": incident.get("id"),
                         "geometry": {"type": "Point", "coordinates": [float(loc["lon"]), float(loc["lat"])]},
                         "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def to_json(incidents: list[dict]) -> str:
    return json.dumps(incidents, ensure_ascii=False, indent=2) + "\n"


def to_jsonl(incidents: list[dict]) -> str:
    return "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in incidents)


def render(incidents: list[dict], fmt: str) -> str:
    """Text of the incidents in ``fmt``: json, jsonl, csv or geojson."""
    if fmt == "json":
        return to_json(incidents)
    if fmt == "jsonl":
        return to_jsonl(incidents)
    if fmt == "csv":
        return to_csv(incidents)
    if fmt == "geojson":
        return json.dumps(to_geojson(incidents), ensure_ascii=False) + "\n"
    raise ValueError(f"unknown format {fmt!r}")
