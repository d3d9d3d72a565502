"""Writing extraction results: JSON Lines, a JSON array, or a readable table."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator

from .model import Event, Extraction


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def write_results(results: Iterable[Extraction], stream, fmt: str) -> Iterator[Extraction]:
    """Write each result as it comes and yield it on (so the caller can count errors)."""
    if fmt == "jsonl":
        for result in results:
            stream.write(_dumps(result.to_dict()) + "\n")
            if stream is sys.stdout:
                stream.flush()
            yield result
    elif fmt == "json":
        stream.write("[")
        for n, result in enumerate(results):
            stream.write(("," if n else "") + "\n" + json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
            yield result
        stream.write("\n]\n")
    else:
        for result in results:
            print_table(result, stream)
            yield result


def _actor_names(event: Event, roles: tuple[str, ...]) -> str:
    return ", ".join(dict.fromkeys(a.label or a.name for a in event.actors if a.role in roles)) or "?"


def _losses(event: Event) -> str:
    killed = sum(c.killed or 0 for c in event.casualties)
    injured = sum(c.injured or 0 for c in event.casualties)
    parts = []
    if killed:
        parts.append(f"{killed} killed")
    if injured:
        parts.append(f"{injured} injured")
    return ", ".join(parts)


def event_row(event: Event) -> list[str]:
    """One table row: type, status, date, place, perpetrator → target, losses, who says so."""
    kind = event.type + (f" / {event.plover.get('event')}" if event.plover.get("event") else "")
    date = event.date.start or "?"
    if event.date.precision not in ("day", "unknown"):
        date += f" ({event.date.precision})"
    place = event.location.name or "?"
    who = f"{_actor_names(event, ('perpetrator', 'speaker'))} → {_actor_names(event, ('target', 'victim'))}"
    sources = " ← ".join(s.name for s in event.attribution) or "?"
    return [kind, event.status, date, place, who, _losses(event), sources]


def print_table(result: Extraction, stream) -> None:
    """A Rich table of one document's events (plain text when not a terminal)."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, width=160 if not stream.isatty() else None)
    title = f"{result.id} — {result.outlet or 'unknown outlet'}, {result.published or 'no date'}"
    if result.error:
        console.print(f"[bold red]{title}: error: {result.error}")
        return
    table = Table(title=title, show_lines=False)
    for column in ("type", "status", "date", "place", "perpetrator → target", "losses", "who says so"):
        table.add_column(column, overflow="fold")
    for event in result.events:
        table.add_row(*event_row(event))
    console.print(table)


class ProgressReporter:
    """A Rich progress counter on stderr, or nothing."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def wrap(self, results: Iterable[Extraction]) -> Iterator[Extraction]:
        if not self.enabled:
            yield from results
            return
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("extracting"), BarColumn(), TextColumn("{task.completed} documents"),
                      TimeElapsedColumn(), transient=True,
                      console=Console(stderr=True)) as progress:
            task = progress.add_task("extract", total=None)
            for result in results:
                progress.advance(task)
                yield result
