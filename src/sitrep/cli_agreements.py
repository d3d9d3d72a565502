"""``sitrep agreements add/list/show`` and ``sitrep violations``: ceasefires, zones and their violations."""
from __future__ import annotations

import csv
import io
import json

import click

from .cli_incidents import DB_HELP, _day, _open, _print_rich, _write

CSV_COLUMNS = ["agreement", "incident_id", "date", "type", "place", "admin1", "country", "lat", "lon",
               "precision", "confidence", "attribution", "parties", "versions", "allegations", "sources",
               "grade"]
TALLY_COLUMNS = ["period", "agreement", "party", "side", "likely", "possible", "disputed"]


@click.group("agreements")
def agreements_group():
    """Ceasefires and zones stored in the database."""


@agreements_group.command("add")
@click.argument("files", nargs=-1, required=True)
@click.option("--db", default="sitrep.db", show_default=True, help=DB_HELP)
def add_command(files, db):
    """Store the agreements of YAML or GeoJSON FILES; an agreement whose id is stored already is replaced."""
    from .agreements import AgreementError, load_file, save_agreements
    from .store import StoreError
    loaded = []
    try:
        for path in files:                       # every file is checked before anything is stored
            loaded.extend(load_file(path))
    except AgreementError as error:
        raise click.ClickException(str(error)) from None
    ids = [a.id for a in loaded]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise click.ClickException(f"id: defined in more than one file: {', '.join(duplicates)}")
    from .cli_store import _open_store
    store = _open_store(db)
    try:
        known = {a.id for a in _stored(store)}
        save_agreements(store, loaded)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    finally:
        store.close()
    for agreement in loaded:
        verb = "replaced" if agreement.id in known else "added"
        click.echo(f"{verb} {agreement.id}: {agreement.name} ({agreement.start} to {agreement.end or 'open'})")


def _stored(store, ids=None):
    from .agreements import load_agreements
    return load_agreements(store, ids)


def _summary(agreement) -> dict:
    minx, miny, maxx, maxy = agreement.zone.bounds
    return {"id": agreement.id, "name": agreement.name, "start": agreement.start, "end": agreement.end,
            "aliases": agreement.aliases, "parties": [p["name"] for p in agreement.parties],
            "forbids": agreement.forbids, "zone_bounds": [round(v, 4) for v in (minx, miny, maxx, maxy)],
            "admin": [a["name"] for a in agreement.admin], "source": agreement.source}


@agreements_group.command("list")
@click.option("--db", default="sitrep.db", show_default=True, help=DB_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_command(db, fmt):
    """The stored agreements."""
    from rich.table import Table

    from .store import StoreError
    store = _open(db)
    try:
        stored = _stored(store)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    finally:
        store.close()
    if fmt == "json":
        _write(json.dumps([_summary(a) for a in stored], ensure_ascii=False, indent=2) + "\n", None)
        return
    table = Table(title=f"{len(stored)} agreements")
    for column in ("id", "name", "start", "end", "parties", "forbids", "zone"):
        table.add_column(column, overflow="fold")
    for a in stored:
        zone = ", ".join(x["name"] for x in a.admin) or f"{a.zone.geom_type} {_summary(a)['zone_bounds']}"
        forbids = "all violent types" if set(a.forbids) == set(_violent()) else ", ".join(a.forbids)
        table.add_row(a.id, a.name, a.start, a.end or "open", ", ".join(p["name"] for p in a.parties),
                      forbids, zone)
    _print_rich(table, None)


def _violent():
    from .agreements import VIOLENT_TYPES
    return VIOLENT_TYPES


@agreements_group.command("show")
@click.argument("agreement_id")
@click.option("--db", default="sitrep.db", show_default=True, help=DB_HELP)
def show_command(agreement_id, db):
    """One stored agreement as JSON (its zone as GeoJSON)."""
    from .store import StoreError
    store = _open(db)
    try:
        stored = _stored(store, [agreement_id])
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    finally:
        store.close()
    if not stored:
        raise click.ClickException(f"no agreement {agreement_id!r} (see `sitrep agreements list`)")
    _write(json.dumps(stored[0].to_record(), ensure_ascii=False, indent=2) + "\n", None)


def _versions_text(violation: dict) -> str:
    parts = []
    for v in violation["versions"]:
        named = ", ".join(v["blames"] + [f"{p} (own side)" for p in v["admits"]]) or (
            "denies" if v["denies"] else "names nobody")
        parts.append(f"{v['side']}: {named} [{', '.join(v['sources'])}]")
    return "; ".join(parts)


def _csv(rows: list[dict], columns: list[str]) -> str:
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return stream.getvalue()


def _csv_row(v: dict) -> dict:
    loc = v.get("location") or {}
    return {"agreement": v["agreement"], "incident_id": v["incident_id"], "date": v["date"], "type": v["type"],
            "place": loc.get("name"), "admin1": loc.get("admin1"), "country": loc.get("country"),
            "lat": loc.get("lat"), "lon": loc.get("lon"), "precision": loc.get("precision"),
            "confidence": v["confidence"], "attribution": v["attribution"],
            "parties": "; ".join(p["name"] for p in v["parties"]), "versions": _versions_text(v),
            "allegations": len(v["allegations"]), "sources": "; ".join(v["sources"]), "grade": v["grade"]}


def _tables(found: dict, rows: list[dict], by: str):
    from rich.console import Group
    from rich.table import Table
    violations = Table(title=f"{len(found['violations'])} possible violations")
    for column in ("agreement", "incident", "date", "type", "place", "confidence", "attribution", "versions"):
        violations.add_column(column, overflow="fold")
    for v in found["violations"]:
        loc = v.get("location") or {}
        violations.add_row(v["agreement"], str(v["incident_id"]), v["date"] or "?", v["type"] or "?",
                           f"{loc.get('name') or '?'} ({loc.get('precision') or '?'})", v["confidence"],
                           v["attribution"], _versions_text(v))
    allegations = Table(title=f"{len(found['allegations'])} allegations naming an agreement")
    for column in ("agreement", "date", "side", "speaker", "accused", "incident", "sentence"):
        allegations.add_column(column, overflow="fold")
    for a in found["allegations"]:
        allegations.add_row(a["agreement"], a["date"] or "?", a["side"], a["speaker"] or "",
                            ", ".join(a["accused"]), str(a["incident_id"] or ""), a["sentence"])
    tally = Table(title=f"violations each side lays on each party, per {by}")
    for column in TALLY_COLUMNS:
        tally.add_column(column)
    for r in rows:
        tally.add_row(*[str(r[c]) for c in TALLY_COLUMNS])
    return Group(violations, allegations, tally)


@click.command("violations")
@click.option("--agreement", "agreement_ids", multiple=True, help="Agreement id (repeatable; default: all).")
@click.option("--db", default="sitrep.db", show_default=True, help=DB_HELP)
@click.option("--since", help="First day (YYYY-MM-DD).")
@click.option("--until", help="Last day (YYYY-MM-DD).")
@click.option("--by", type=click.Choice(["day", "week"]), default="day", show_default=True,
              help="Period of the tally.")
@click.option("--tally", "tally_only", is_flag=True, help="CSV: the tally rows instead of the violations.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("-o", "--output", help="Output file (default: standard output).")
def violations_command(agreement_ids, db, since, until, by, tally_only, fmt, output):
    """Incidents that may violate stored agreements, each side's version, allegations and tallies."""
    from .incidents import ensure_incidents, load_incidents
    from .store import StoreError
    from .violations import find_violations, tally
    since, until = _day(since, "--since"), _day(until, "--until")
    if since and until and since > until:
        raise click.ClickException(f"--since {since} is after --until {until}")
    store = _open(db)
    try:
        agreements = _stored(store, list(agreement_ids) or None)
        missing = sorted(set(agreement_ids) - {a.id for a in agreements})
        if missing:
            known = ", ".join(a.id for a in _stored(store)) or "none stored"
            raise click.ClickException(f"--agreement: no agreement {', '.join(missing)} (known: {known})")
        if not agreements:
            raise click.ClickException("no agreements stored: add one with `sitrep agreements add FILE`")
        ensure_incidents(store)
        incidents = load_incidents(store, since=since, until=until)
        found = find_violations(store, agreements, incidents, since=since, until=until)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    finally:
        store.close()
    rows = tally(found["violations"], by=by)
    if fmt == "json":
        payload = {"agreements": [a.id for a in agreements], "since": since, "until": until, **found,
                   "tally": {"by": by, "rows": rows}}
        _write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", output)
    elif fmt == "csv":
        _write(_csv(rows, TALLY_COLUMNS) if tally_only else _csv([_csv_row(v) for v in found["violations"]],
                                                                 CSV_COLUMNS), output)
    else:
        _print_rich(_tables(found, rows, by), output)


def register(group: click.Group) -> None:
    """Add ``agreements`` and ``violations`` to the ``sitrep`` group."""
    group.add_command(agreements_group)
    group.add_command(violations_command)
