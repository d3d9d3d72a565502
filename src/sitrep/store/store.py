"""The ``Store``: documents, claims (events), places and reprint links in one SQL database."""
from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from ..ingest.reprints import ReprintIndex, _parse_published, _published_before
from ..model import Document, Extraction
from . import migrate, rows
from .schema import actors, documents, events, incident_members, incidents, places, reprints


class StoreError(RuntimeError):
    """The database cannot be reached or used; the message is one line."""


def database_url(url: str) -> str:
    """A SQLAlchemy URL: a plain path becomes SQLite, ``postgresql://`` uses psycopg 3."""
    url = str(url).strip()
    if not url:
        raise StoreError("empty database URL")
    if "://" not in url:
        return f"sqlite:///{url}"
    scheme, rest = url.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return url


def _one_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class Store:
    """A Sitrep database; the schema is created or migrated (Alembic) when it is opened."""

    def __init__(self, url: str = "sitrep.db", reprint_threshold: float | None = None, create: bool = True,
                 **engine_options):
        """Open (``create``: and create the tables of) the database; StoreError when it cannot be used."""
        full_url = database_url(url)
        try:
            parsed = sa.make_url(full_url)
            self.shown_url = parsed.render_as_string(hide_password=True)
            if parsed.get_backend_name() == "postgresql":
                connect_args = engine_options.setdefault("connect_args", {})
                connect_args.setdefault("connect_timeout", 10)
            self.engine = sa.create_engine(parsed, **engine_options)
        except (sa_exc.ArgumentError, sa_exc.NoSuchModuleError, ImportError, ValueError) as error:
            raise StoreError(f"bad database URL {url!r}: {_one_line(error)}") from None
        if self.engine.dialect.name == "sqlite":
            path = parsed.database
            if not create and path and path != ":memory:" and not os.path.exists(path):
                raise StoreError(f"no such database: {path}")
            sa.event.listen(self.engine, "connect", _sqlite_foreign_keys)
        try:
            migrate.upgrade(self.engine)
        except sa_exc.SQLAlchemyError as error:
            self.engine.dispose()
            raise StoreError(f"cannot open database {self.shown_url}: {_one_line(error)}") from None
        self._reprint_options = {} if reprint_threshold is None else {"threshold": reprint_threshold}
        self._index: ReprintIndex | None = None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # ---- writing ---------------------------------------------------------------------------------

    def ingest(self, extractions: Sequence[Extraction], docs: Sequence[Document]) -> dict:
        """Store one batch in one transaction; documents already stored (same content hash) are skipped.

        Returns ``{"documents": new, "skipped": n, "events": n, "reprints": n}``.
        """
        if len(extractions) != len(docs):
            raise ValueError("extractions and documents must have the same length")
        try:
            index = self._reprint_index()
            with self.engine.begin() as conn:
                counts = self._ingest(conn, list(extractions), list(docs), index)
        except sa_exc.SQLAlchemyError as error:
            self._index = None      # the index may hold texts of the rolled-back batch
            raise StoreError(f"ingest failed on {self.shown_url}: {_one_line(error)}") from None
        except BaseException:
            self._index = None
            raise
        return counts

    def _ingest(self, conn, extractions: list[Extraction], docs: list[Document], index: ReprintIndex) -> dict:
        digests = [rows.content_hash(d.text or "") for d in docs]
        known = set(conn.execute(sa.select(documents.c.content_hash)
                                 .where(documents.c.content_hash.in_(set(digests)))).scalars())
        wanted = [(d.id or digest[:16]) for d, digest in zip(docs, digests)]
        taken = set(conn.execute(sa.select(documents.c.id).where(documents.c.id.in_(set(wanted)))).scalars())
        now = datetime.now(UTC)
        new_docs: list[tuple[str, Document, Extraction]] = []
        doc_rows: list[dict] = []
        skipped = 0
        for document, extraction, digest, doc_id in zip(docs, extractions, digests, wanted):
            if digest in known:
                skipped += 1
                continue
            known.add(digest)
            if doc_id in taken:                      # same id, different text: keep both
                doc_id = f"{doc_id}~{digest[:8]}"
            taken.add(doc_id)
            new_docs.append((doc_id, document, extraction))
            doc_rows.append(rows.document_row(document, extraction, doc_id, digest, now))
        if doc_rows:
            conn.execute(documents.insert(), doc_rows)
        event_rows, actor_rows, place_rows = [], [], []
        for doc_id, document, extraction in new_docs:
            if extraction.error:
                continue
            id_map = rows.rename_events(extraction, extraction.id or document.id or doc_id, doc_id)
            for event in extraction.events:
                record = rows.event_record(event, id_map)
                event_rows.append(rows.event_row(record, doc_id))
                actor_rows.extend(rows.actor_rows(record))
            place_rows.extend(rows.place_rows(extraction, doc_id))
        for table, table_rows in ((events, event_rows), (actors, actor_rows), (places, place_rows)):
            if table_rows:
                conn.execute(table.insert(), table_rows)
        reprint_rows = self._reprint_rows(conn, index, new_docs)
        if reprint_rows:
            conn.execute(reprints.insert(), reprint_rows)
        return {"documents": len(new_docs), "skipped": skipped, "events": len(event_rows),
                "reprints": len(reprint_rows)}

    def _reprint_index(self) -> ReprintIndex:
        """The near-duplicate index over every stored text, built once per Store."""
        if self._index is None:
            index = ReprintIndex(**self._reprint_options)
            with self.engine.connect() as conn:
                result = conn.execute(sa.select(documents.c.id, documents.c.text, documents.c.published)
                                      .order_by(documents.c.published, documents.c.id))
                self._published = {}
                for doc_id, text, published in result:
                    index.add(doc_id, text or "")
                    self._published[doc_id] = _parse_published(published)
            self._index = index
        return self._index

    def _reprint_rows(self, conn, index: ReprintIndex, new_docs) -> list[dict]:
        """Links of each new document to the text it reprints (or, if it came first, of later copies)."""
        already = set(conn.execute(sa.select(reprints.c.document_id)).scalars())
        links: dict[str, tuple[str, float]] = {}
        for doc_id, document, _ in new_docs:
            published = _parse_published(document.published)
            self._published[doc_id] = published
            matches = index.add(doc_id, document.text or "")
            older = [(other, sim) for other, sim in matches
                     if _published_before(published, self._published.get(other)) is not True]
            if older:
                older.sort(key=lambda m: (_day(self._published.get(m[0])), -m[1]))
                links[doc_id] = older[0]
                continue
            for other, sim in matches:               # the new document is the earliest: others copy it
                if other not in already and other not in links:
                    links[other] = (doc_id, sim)
        return [{"document_id": d, "original_id": o, "similarity": s} for d, (o, s) in links.items()]

    # ---- reading ---------------------------------------------------------------------------------

    def stored(self, texts: Sequence[str]) -> list[bool]:
        """For each text, whether a document with its content hash is stored (to skip extraction)."""
        digests = [rows.content_hash(t or "") for t in texts]
        try:
            with self.engine.connect() as conn:
                known = set(conn.execute(sa.select(documents.c.content_hash)
                                         .where(documents.c.content_hash.in_(set(digests)))).scalars())
        except sa_exc.SQLAlchemyError as error:
            raise StoreError(f"cannot read {self.shown_url}: {_one_line(error)}") from None
        return [d in known for d in digests]

    def status(self) -> dict:
        """Counts as in the contract: documents, events, incidents, reprints (reprinted documents)."""
        try:
            with self.engine.connect() as conn:
                def count(table, expr=None):
                    query = sa.select(sa.func.count(expr) if expr is not None else sa.func.count())
                    return conn.execute(query.select_from(table)).scalar_one()
                return {"documents": count(documents), "events": count(events), "incidents": count(incidents),
                        "reprints": count(reprints, sa.distinct(reprints.c.document_id))}
        except sa_exc.SQLAlchemyError as error:
            raise StoreError(f"cannot read {self.shown_url}: {_one_line(error)}") from None

    def events(self, *, types: Sequence[str] | None = None, since: str | None = None,
               until: str | None = None, country: str | None = None,
               document_ids: Sequence[str] | None = None, unlinked: bool = False) -> list[dict]:
        """Stored event records plus ``document_id``, ``outlet``, ``published`` and ``reprint_of``.

        ``since``/``until`` compare ISO strings with the event's date range; ``unlinked`` keeps events
        that belong to no incident yet (for incremental linking).
        """
        reprint_of = (sa.select(reprints.c.original_id).where(reprints.c.document_id == documents.c.id)
                      .order_by(reprints.c.similarity.desc()).limit(1).scalar_subquery())
        query = (sa.select(events.c.record, events.c.document_id, documents.c.outlet, documents.c.published,
                           reprint_of.label("reprint_of"))
                 .join(documents, documents.c.id == events.c.document_id)
                 .order_by(documents.c.published, events.c.document_id, events.c.id))
        if types:
            query = query.where(events.c.type.in_(list(types)))
        if since:
            query = query.where(sa.func.coalesce(events.c.date_end, events.c.date_start) >= since)
        if until:
            query = query.where(sa.func.substr(events.c.date_start, 1, 10) <= until[:10])
        if country:
            query = query.where(events.c.location_country == country)
        if document_ids is not None:
            query = query.where(events.c.document_id.in_(list(document_ids)))
        if unlinked:
            query = query.where(~sa.exists().where(incident_members.c.event_id == events.c.id))
        try:
            with self.engine.connect() as conn:
                result = conn.execute(query).all()
        except sa_exc.SQLAlchemyError as error:
            raise StoreError(f"cannot read {self.shown_url}: {_one_line(error)}") from None
        return [{**record, "document_id": doc_id, "outlet": outlet, "published": published,
                 "reprint_of": original}
                for record, doc_id, outlet, published, original in result]


def _day(value: datetime | None) -> str:
    """Sort key of a publication date by calendar day; unknown dates last."""
    return value.date().isoformat() if value else "9999"


def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
