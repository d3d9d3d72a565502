"""``sitrep incidents``, ``sitrep incident ID`` and ``sitrep report``: reconciled incidents from the store."""
from __future__ import annotations

import datetime as dt
import sys

import click

DB_HELP = "Database: a SQLite file path or a SQLAlchemy URL (postgresql://user@host/db)."
FORMATS = ["table", "json", "jsonl", "csv", "geojson", "parquet"]


def _day(value: str | None, option: str) -> str | None:
    """An ISO day, or a one-line usage error."""
    if value is None:
        return None
    text = value.strip()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        raise click.ClickException(f"{option}: {value!r} is not a valid date (YYYY-MM-DD)") from None


def _open(db: str):
    from .store import Store, StoreError
    try:
        return Store(db, create=False)
    except StoreError as error:
        raise click.ClickException(str(error)) from None


def _write(text: str, output: str | None) -> None:
    if not output or output == "-":
        sys.stdout.write(text)
        return
    try:
        with open(output, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror}") from None


def _write_parquet(incidents: list[dict], output: str) -> None:
    from . import export
    try:
        export.to_parquet(incidents, output)
    except ImportError:
        raise click.ClickException("--format parquet needs pyarrow (pip install pyarrow)") from None
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror or error}") from None


def _table(incidents: list[dict]):
    from rich.table import Table

    from .report import figure_text
    table = Table(title=f"{len(incidents)} incidents")
    for column in ("id", "date", "type", "place", "killed", "injured", "sources", "grade", "disputed"):
        table.add_column(column, overflow="fold")
    for i in incidents:
        loc = i.get("location") or {}
        place = ", ".join(p for p in (loc.get("name"), loc.get("country")) if p)
        table.add_row(str(i.get("id")), (i.get("date") or {}).get("start") or "?", i.get("type") or "?", place,
                      figure_text(i.get("killed")), figure_text(i.get("injured")),
                      ", ".join(i.get("sources") or []), i.get("grade") or "",
                      ", ".join(c["field"] for c in i.get("contradictions") or []))
    return table


def _print_rich(renderable, output: str | None) -> None:
    from rich.console import Console
    if output and output != "-":
        try:
            with open(output, "w", encoding="utf-8") as stream:
                Console(file=stream, width=160).print(renderable)
        except OSError as error:
            raise click.ClickException(f"cannot write {output}: {error.strerror}") from None
    else:                            # piped output: wide enough that rows are not folded
        Console(width=None if sys.stdout.isatty() else 160).print(renderable)


@click.command("incidents")
@click.option("--db", default="sitrep.db", show_default=True, help=DB_HELP)
@click.option("--since", help="First day (YYYY-MM-DD).")
@click.option("--until", help="Last day (YYYY-MM-DD).")
@click.option("--country", help="ISO 3166-1 alpha-2 code of the incident's place (e.g. SY).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("-o", "--output", help="Output file (default: standard output).")
@click.option("--rebuild", is_flag=True,
              help="Relink every claim from scratch (ids kept for incidents that survive).")
@click.option("--conservative", is_flag=True, help="ACLED's rule: best killed/injured figure = the lowest.")
def incidents_command(db, since, until, country, fmt, output, rebuild, conservative):
    """Reconciled incidents (claims not yet linked are first linked into them, incrementally)."""
    from . import export
    from .incidents import build_incidents, ensure_incidents, load_incidents
    from .store import StoreError
    if fmt == "parquet" and (not output or output == "-"):
        raise click.ClickException("--format parquet writes a binary file: give it with -o FILE")
    since, until = _day(since, "--since"), _day(until, "--until")
    if since and until and since > until:
        raise click.ClickException(f"--since {since} is after --until {until}")
    if country and (len(country) != 2 or not country.isalpha()):
        raise click.ClickException(f"--country: {country!r} is not an ISO 3166-1 alpha-2 code (e.g. SY)")
    store = _open(db)
    try:
        if rebuild or conservative:
            build_incidents(store, conservative=conservative)
        else:
            ensure_incidents(store)
        found = load_incidents(store, since=since, until=until, country=country)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    finally:
        store.close()
    if fmt == "table":
        _print_rich(_table(found), output)
    elif fmt == "parquet":
        _write_parquet(found, output)
    else:
        _write(export.render(found, fmt), output)


def _claim_cell(event: dict | None, claim: dict):
    """A Rich Text cell (no markup interpretation) with what one claim says."""
    from rich.text import Text
    header = (f"{claim.get('outlet') or claim.get('document_id')}"
              + (" (reprint)" if claim.get("reprint_of") else "")
              + ("" if claim.get("independent") else " (not independent)"))
    if event is None:
        return Text(header + "\n(claim not found)")
    lines = []
    speaker = (event.get("attribution") or [{}])[0].get("name")
    if speaker and speaker != claim.get("outlet"):
        lines.append(f"says: {speaker}")
    date, loc = event.get("date") or {}, event.get("location") or {}
    lines.append(f"{event.get('type')} {event.get('status')} {date.get('start') or '?'} "
                 f"at {loc.get('name') or '?'}")
    for role in ("perpetrator", "target", "victim"):
        names = [a.get("name") or a.get("text") for a in event.get("actors") or [] if a.get("role") == role]
        if names:
            lines.append(f"{role}: {', '.join(n for n in names if n)}")
    for casualty in event.get("casualties") or []:
        figures = [f"{k} {casualty[k]}" for k in ("killed", "injured") if casualty.get(k) is not None]
        if figures:
            lines.append(f"{casualty.get('group') or '?'}: {', '.join(figures)} ({casualty.get('qualifier')})")
    if claim.get("score") is not None:
        lines.append(f"link score {claim['score']}")
    return Text(header + "\n", style="bold") + Text("\n".join(lines))


@click.command("incident")
@click.argument("incident_id")
@click.option("--db", default="sitrep.db", show_default=True, help=DB_HELP)
def incident_command(incident_id, db):
    """One incident: what each side says, side by side."""
    from rich.markup import escape
    from rich.table import Table

    from .incidents import claim_events, ensure_incidents, load_incident
    from .report import figure_text
    from .store import StoreError
    try:
        number = int(incident_id)
    except ValueError:
        raise click.ClickException(f"incident id must be a number, not {incident_id!r}") from None
    store = _open(db)
    try:
        ensure_incidents(store)
        record = load_incident(store, number)
        if record is None:
            raise click.ClickException(f"no incident {number} in {store.shown_url}")
        events = claim_events(store, record)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    finally:
        store.close()
    date, loc = record.get("date") or {}, record.get("location") or {}
    title = (f"Incident {number}: {record.get('type')} on {date.get('start') or '?'} at "
             f"{loc.get('name') or '?'} ({loc.get('country') or '?'}) — grade {record.get('grade')}, "
             f"killed {figure_text(record.get('killed'))}, injured {figure_text(record.get('injured'))}")
    by_side: dict[str, list[dict]] = {}
    for claim in record.get("claims") or []:
        by_side.setdefault(claim.get("alignment") or "unknown", []).append(claim)
    table = Table(title=escape(title), show_lines=True)
    sides = sorted(by_side)
    for side in sides:
        table.add_column(escape(side), overflow="fold")
    for row in range(max((len(v) for v in by_side.values()), default=0)):
        table.add_row(*[_claim_cell(events.get(by_side[s][row]["event_id"]), by_side[s][row])
                        if row < len(by_side[s]) else "" for s in sides])
    _print_rich(table, None)
    for contradiction in record.get("contradictions") or []:
        values = "; ".join(f"{v['value']} ({', '.join(v['sources'])})" for v in contradiction.get("values") or [])
        click.echo(f"Disputed {contradiction['field']}: {values}")


@click.command("report")
@click.option("--date", "day", required=True, help="Day of the report (YYYY-MM-DD).")
@click.option("--db", default="sitrep.db", show_default=True, help=DB_HELP)
@click.option("-o", "--output", help="HTML file (default: standard output).")
@click.option("--window", default=7, show_default=True, type=click.IntRange(1, 90),
              help="Days shown in the chart.")
def report_command(day, db, output, window):
    """The daily situation report (self-contained HTML)."""
    from .incidents import ensure_incidents, load_incidents
    from .report import daily_report
    from .store import StoreError
    from .violations import for_report
    day = _day(day, "--date")
    first = (dt.date.fromisoformat(day) - dt.timedelta(days=window + 400)).isoformat()
    store = _open(db)
    try:
        ensure_incidents(store)
        found = load_incidents(store, since=first, until=day)
        violations = for_report(store, found, day, window)      # None when no agreement is stored
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    finally:
        store.close()
    _write(daily_report(found, day, window=window, violations=violations), output)


def register(group: click.Group) -> None:
    """Add the incident commands to the ``sitrep`` group."""
    group.add_command(incidents_command)
    group.add_command(incident_command)
    group.add_command(report_command)
