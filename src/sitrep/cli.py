"""The ``sitrep`` command line."""
from __future__ import annotations

import datetime as dt
import os
import sys

import click

from . import __version__


def _iso_date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat() if len(value) <= 10 else \
            dt.datetime.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitrep")
def main():
    """Sitrep: source-attributed conflict events from news reports."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", default="-", show_default=True, help="Output file ('-' = stdout).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default=None,
              help="Output format (default: jsonl; table when writing to a terminal).")
@click.option("--published", callback=_iso_date, help="Publication date for a single document (YYYY-MM-DD).")
@click.option("--outlet", help="Outlet that published a single document.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a tty).")
@click.option("-j", "--processes", default=0, show_default=True, type=click.IntRange(0, 256),
              help="Worker processes for inputs of more than one batch (0: one per CPU).")
@click.option("--profile", is_flag=True, help="Print the seconds spent per pipeline stage to stderr.")
@click.option("--fast", is_flag=True,
              help="Type sentences with the sparse models only (no sentence encoder): faster, less accurate.")
def extract(inputs, output, fmt, published, outlet, progress, processes, profile, fast):
    """Extract events from reports: .txt, .html, .jsonl, .csv, RSS, folders, or '-' for stdin."""
    from .ingest import read_inputs
    from .pipeline import extract_many
    from .render import ProgressReporter, write_results

    if fast:
        os.environ["SITREP_EMBEDDINGS"] = "0"
    out_is_tty = output == "-" and sys.stdout.isatty()
    fmt = fmt or ("table" if out_is_tty else "jsonl")
    try:
        stream = open(output, "w", encoding="utf-8") if output != "-" else sys.stdout
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
    failed = 0
    total = 0
    try:
        items = read_inputs(list(inputs), published=published, outlet=outlet)
        reporter = ProgressReporter(enabled=sys.stderr.isatty() if progress is None else progress)
        results = reporter.wrap(extract_many(items, processes=processes))
        for result in write_results(results, stream, fmt):
            total += 1
            if result.error:
                failed += 1
                click.echo(f"sitrep: {result.id}: {result.error}", err=True)
    except FileNotFoundError as exc:
        raise click.ClickException(f"no such file: {exc.filename or exc}") from None
    finally:
        if stream is not sys.stdout:
            stream.close()
    if profile:
        from .timing import table, take
        click.echo(table(take(), total), err=True)
    if failed:
        click.echo(f"sitrep: {failed} of {total} documents failed", err=True)
        sys.exit(1)


from .cli_agreements import register as register_agreements  # noqa: E402 - agreements, violations
from .cli_incidents import register as register_incidents  # noqa: E402 - incidents, incident, report
from .cli_serve import register as register_serve  # noqa: E402 - serve
from .cli_store import register as register_store  # noqa: E402 - ingest, status

register_store(main)
register_incidents(main)
register_agreements(main)
register_serve(main)

if __name__ == "__main__":
    main()
