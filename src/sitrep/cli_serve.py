"""``sitrep serve``: the web app and HTTP API over a store (registered on the main group)."""
from __future__ import annotations

import click

DB_HELP = "Database: a SQLite file path or a SQLAlchemy URL (postgresql://user@host/db)."


def read_token(path: str) -> str:
    """The bearer token in ``path`` (first line, stripped); a usage error when unreadable or too short."""
    try:
        with open(path, encoding="utf-8") as stream:
            token = stream.readline().strip()
    except OSError as error:
        raise click.ClickException(f"--token-file: cannot read {path}: {error.strerror}") from None
    if len(token) < 16:
        raise click.ClickException(f"--token-file: the token in {path} is shorter than 16 characters")
    return token


def check_tiles(url: str | None) -> str | None:
    """A tile URL template with {z}, {x} and {y}, over http(s)."""
    if url is None:
        return None
    if not url.startswith(("https://", "http://")) or not all(k in url for k in ("{z}", "{x}", "{y}")):
        raise click.ClickException(f"--tiles: {url!r} must be an http(s) URL with {{z}}, {{x}} and {{y}}")
    return url


@click.command("serve")
@click.option("--db", default="sitrep.db", show_default=True, help=DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--token-file", type=click.Path(dir_okay=False),
              help="File holding the bearer token that allows POST /api/documents (no file: read-only).")
@click.option("--tiles", help="Tile URL template for the map, e.g. https://tile.example.org/{z}/{x}/{y}.png "
                              "(default: the bundled offline country outlines, no external request).")
def serve_command(db, host, port, token_file, tiles):
    """Serve the web app and API (http://HOST:PORT/, OpenAPI at /docs); read-only without --token-file."""
    import threading

    import uvicorn

    from .api import create_app
    from .incidents import ensure_incidents
    from .store import Store, StoreError
    token = read_token(token_file) if token_file else None
    tiles = check_tiles(tiles)
    try:
        store = Store(db, create=False)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    try:
        if ensure_incidents(store):
            click.echo("sitrep: linked the stored claims into incidents", err=True)
    except StoreError as error:
        click.echo(f"sitrep: warning: incidents not brought up to date: {error}", err=True)
    mode = "writes allowed with the bearer token" if token else "read-only"
    click.echo(f"sitrep: serving {store.shown_url} on http://{host}:{port}/ ({mode})", err=True)
    app = create_app(store, token=token, tiles=tiles)
    threading.Thread(target=_warm_up, args=(app,), daemon=True).start()
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        store.close()


def _warm_up(app) -> None:
    """Precompute the unfiltered map and statistics; a failure only leaves the cache cold."""
    try:
        app.state.warm_up()
    except Exception as error:  # noqa: BLE001 - report any database error; requests compute it later
        click.echo(f"sitrep: warning: warm-up failed: {error}", err=True)


def register(group: click.Group) -> None:
    """Add ``serve`` to the ``sitrep`` group."""
    group.add_command(serve_command)
