"""``sitrep ingest`` and ``sitrep status``: the store commands (registered on the main group)."""
from __future__ import annotations

import json
import sys

import click

DB_HELP = "Database: a SQLite file path or a SQLAlchemy URL (postgresql://user@host/db)."


def _open_store(db: str, create: bool = True):
    from .store import Store, StoreError
    try:
        return Store(db, create=create)
    except StoreError as error:
        raise click.ClickException(str(error)) from None


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", default="sitrep.db", show_default=True, help=DB_HELP)
@click.option("--published", help="Publication date for documents that carry none (YYYY-MM-DD).")
@click.option("--outlet", help="Outlet for documents that carry none.")
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(1, 10_000),
              help="Documents per extraction batch and per database transaction.")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Extract on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786).")
@click.option("--workers", type=click.IntRange(1, 1024),
              help="Extract on a local Dask cluster of this many worker processes.")
@click.option("-j", "--processes", default=0, show_default=True, type=click.IntRange(0, 256),
              help="Worker processes on this machine when no Dask cluster is used (0: one per CPU).")
@click.option("--link/--no-link", default=True, show_default=True,
              help="Link the new claims into the stored incidents at the end.")
def ingest(inputs, db, published, outlet, batch_size, dask_address, workers, processes, link):
    """Extract reports and store them; documents already stored are skipped."""
    from .store import StoreError

    if dask_address is not None and workers is not None:
        raise click.UsageError("--dask and --workers are mutually exclusive (a remote or a local cluster)")
    if dask_address is not None or workers is not None:
        failed = _ingest_on_cluster(inputs, db, published, outlet, batch_size, dask_address, workers)
    else:
        failed = _ingest_here(inputs, db, published, outlet, batch_size, processes)
    if link:
        from .incidents import update_incidents
        store = _open_store(db)
        try:
            changed = update_incidents(store)
        except StoreError as error:
            raise click.ClickException(str(error)) from None
        finally:
            store.close()
        click.echo(f"{len(changed)} incidents created or updated")
    if failed:
        sys.exit(1)


def _ingest_here(inputs, db, published, outlet, batch_size: int, processes: int) -> int:
    """Extract in this process (and its forked workers) and store one transaction per batch;
    returns the number of documents that failed."""
    import itertools
    from collections import deque

    from .ingest import read_inputs
    from .model import Document
    from .pipeline import batches, extract_many
    from .store import StoreError

    store = _open_store(db)
    totals = {"documents": 0, "skipped": 0, "events": 0, "reprints": 0}
    failed = 0
    pending: deque = deque()        # items sent to extraction, in order

    def fresh(items):
        for chunk in batches(items, batch_size):
            docs = [item for item in chunk if isinstance(item, Document)]
            already = {id(doc) for doc, flag in zip(docs, store.stored([d.text for d in docs])) if flag}
            totals["skipped"] += len(already)
            for item in chunk:
                if id(item) not in already:        # stored: no need to extract
                    pending.append(item)
                    yield item

    def write(pairs) -> None:
        counts = store.ingest([e for e, _ in pairs], [d for _, d in pairs])
        for key in totals:
            totals[key] += counts.get(key, 0)

    try:
        pairs = []
        stream = fresh(read_inputs(list(inputs), published=published, outlet=outlet))
        head = next(stream, None)           # nothing new: the NLP models are never loaded
        todo = () if head is None else extract_many(itertools.chain([head], stream), batch_size=batch_size,
                                                     processes=processes)
        for extraction in todo:
            item = pending.popleft()
            if extraction.error:
                failed += 1
                click.echo(f"sitrep: {extraction.id}: {extraction.error}", err=True)
            if isinstance(item, Document):      # input errors have no text to store
                pairs.append((extraction, item))
            if len(pairs) >= batch_size:
                write(pairs)
                pairs = []
        if pairs:
            write(pairs)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    finally:
        store.close()
    click.echo(f"{totals['documents']} new documents, {totals['skipped']} already stored, "
               f"{totals['events']} events, {totals['reprints']} reprint links, {failed} failed")
    return failed


def _ingest_on_cluster(inputs, db, published, outlet, batch_size, address, workers) -> int:
    """``sitrep ingest --dask/--workers``: extraction on Dask workers, this process writes the store."""
    from .distributed import DistributedError, ingest_distributed
    from .ingest import read_inputs
    from .store import StoreError

    def report(doc_id: str, message: str) -> None:
        click.echo(f"sitrep: {doc_id}: {message}", err=True)

    store = _open_store(db)
    try:
        totals = ingest_distributed(store, read_inputs(list(inputs), published=published, outlet=outlet),
                                    address=address, workers=workers, batch_size=batch_size,
                                    on_error=report)
    except (StoreError, DistributedError) as error:
        raise click.ClickException(str(error)) from None
    finally:
        store.close()
    click.echo(f"{totals['documents']} new documents, {totals['skipped']} already stored, "
               f"{totals['events']} events, {totals['reprints']} reprint links, {totals['failed']} failed")
    return totals["failed"]


@click.command()
@click.option("--db", default="sitrep.db", show_default=True, help=DB_HELP)
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table", show_default=True)
def status(db, fmt):
    """Counts of stored documents, events, incidents and reprints."""
    from .store import StoreError
    store = _open_store(db, create=False)
    try:
        counts = store.status()
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps(counts))
    else:
        for key, value in counts.items():
            click.echo(f"{key:<10} {value:>8}")


def register(group: click.Group) -> None:
    """Add the store commands to the ``sitrep`` group."""
    group.add_command(ingest)
    group.add_command(status)
