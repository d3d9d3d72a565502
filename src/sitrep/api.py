"""The HTTP API and web app: explore stored incidents and compare claims (FastAPI; OpenAPI at /docs).

``create_app(store, token=None, tiles=None)`` serves the store read-only; ``POST /api/documents``
stores reports only with ``Authorization: Bearer <token>`` and is always refused when no token is
configured. Errors are JSON ``{"message": ...}``: 422 for invalid parameters, 404 for unknown ids.
"""
from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Body, Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import api_queries as queries
from . import api_views as views
from . import export
from .store import StoreError

WEB = Path(__file__).parent / "web"
GRADES = Literal["confirmed", "fair", "single-source", "contested", "denied"]
SORT_KEYS = [f"{sign}{key}" for key in queries.SORTS for sign in ("", "-")]
SortKey = Literal[tuple(SORT_KEYS)]  # type: ignore[valid-type]
MAX_POINTS = 20_000
MAX_EXPORT = 100_000
MAX_POST = 100


class DocumentIn(BaseModel):
    """One report, with the fields of the JSONL input (only ``text`` is required)."""
    model_config = ConfigDict(extra="ignore")
    text: str = Field(min_length=1, max_length=5_000_000)
    id: str | None = Field(default=None, max_length=200)
    title: str | None = None
    published: str | None = Field(default=None, description="ISO date or datetime")
    outlet: str | None = None
    url: str | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty")
        return value

    @field_validator("published")
    @classmethod
    def _iso(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD) or datetime") from None
        return value.strip()


def filters(since: Annotated[dt.date | None, Query(description="First day (YYYY-MM-DD).")] = None,
            until: Annotated[dt.date | None, Query(description="Last day (YYYY-MM-DD).")] = None,
            country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$", description="ISO alpha-2 code.")] = None,
            admin1: Annotated[str | None, Query(max_length=200, description="Province / region.")] = None,
            type: Annotated[str | None, Query(description="Event type code, e.g. AIR_STRIKE.")] = None,
            actor: Annotated[str | None, Query(min_length=1, max_length=200,
                                               description="Actor name or alpha-3 country.")] = None,
            grade: Annotated[GRADES | None, Query()] = None,
            q: Annotated[str | None, Query(max_length=200, description="Words in place, actors, sources.")] = None,
            ) -> queries.Filters:
    """The incident filters shared by the list, map, stats and export endpoints."""
    if since and until and since > until:
        raise HTTPException(422, f"since {since} is after until {until}")
    if type and type.upper() not in export.ACLED_TYPES:
        raise HTTPException(422, f"type: unknown event type {type!r} (e.g. AIR_STRIKE, ARMED_CLASH)")
    return queries.Filters(since=since and since.isoformat(), until=until and until.isoformat(),
                           country=country, admin1=admin1, type=type, actor=actor, grade=grade,
                           q=(q or "").strip().lower() or None)


Filtered = Annotated[queries.Filters, Depends(filters)]


def connect(request: Request):
    """A read connection to the app's store for one request."""
    with request.app.state.store.engine.connect() as conn:
        yield conn


Conn = Annotated[object, Depends(connect)]


def _message(error: dict) -> str:
    """``parameter: problem`` of one pydantic error."""
    if error.get("type") == "json_invalid":
        return "body: invalid JSON"
    where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "path", "header"))
    message = str(error.get("msg")).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def create_app(store, token: str | None = None, tiles: str | None = None) -> FastAPI:
    """The web app over an open ``Store``; ``token`` enables writes, ``tiles`` a tile URL for the map."""
    app = FastAPI(title="Sitrep", version="1", description=__doc__, docs_url=None, redoc_url=None)
    write_lock = threading.Lock()
    cache: dict[tuple, dict] = {}          # map and stats answers by (incidents fingerprint, filters)

    def cached(conn, name: tuple, f: queries.Filters, compute) -> dict:
        """``compute()``, reused until the incidents table changes (its fingerprint) for the same filters."""
        key = (*name, queries.fingerprint(conn), tuple(vars(f).items()))
        if key not in cache:
            if len(cache) >= 128:
                cache.clear()
            cache[key] = compute()
        return cache[key]

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException):
        detail = error.detail if isinstance(error.detail, str) else json.dumps(error.detail)
        return JSONResponse({"message": detail}, status_code=error.status_code, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError):
        problems = [_message(e) for e in error.errors()]
        return JSONResponse({"message": "; ".join(problems), "errors": problems}, status_code=422)

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, error: StoreError):
        return JSONResponse({"message": str(error)}, status_code=503)

    @app.exception_handler(sa_exc.SQLAlchemyError)
    async def _database_error(request: Request, error: sa_exc.SQLAlchemyError):
        line = (str(getattr(error, "orig", None) or error).strip().splitlines() or ["database error"])[0]
        return JSONResponse({"message": f"database error: {line}"}, status_code=503)

    images = "'self' data:" + (f" {_origin(tiles)}" if tiles else "")
    policy = (f"default-src 'self'; img-src {images}; script-src 'self'; style-src 'self'; "
              "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        response = await call_next(request)
        if request.url.path != "/docs":     # Swagger UI's page starts itself with an inline script
            response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    app.state.store = store

    def warm_up() -> None:
        """Fill the map and stats cache for the unfiltered home page (run once at start-up)."""
        with store.engine.connect() as conn:
            f = queries.Filters()
            cached(conn, ("map", MAX_POINTS), f, lambda: queries.map_points(conn, f, MAX_POINTS))
            cached(conn, ("stats",), f, lambda: {**queries.counts(conn, f), "sides": queries.by_side(conn, f)})

    app.state.warm_up = warm_up

    def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        challenge = {"WWW-Authenticate": "Bearer"}
        if not token:
            raise HTTPException(401, "writes are disabled: start the server with --token-file", challenge)
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip().encode(), token.encode()):
            raise HTTPException(401, "a valid bearer token is required (Authorization: Bearer <token>)",
                                challenge)

    # ---- pages -------------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(WEB / "index.html", headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=WEB), name="static")
    _add_docs(app)

    @app.get("/api/config", summary="Settings of the web page")
    def config() -> dict:
        return {"tiles": tiles, "writable": bool(token), "grades": list(GRADES.__args__),
                "types": sorted(export.ACLED_TYPES), "sorts": SORT_KEYS}

    # ---- incidents ---------------------------------------------------------------------------------

    @app.get("/api/incidents", summary="Incidents, filtered, sorted and paged (summary columns)")
    def list_incidents(f: Filtered, conn: Conn,
                       sort: Annotated[SortKey, Query(description="Sort key; '-' for descending.")] = "-date",
                       limit: Annotated[int, Query(ge=1, le=500)] = 50,
                       offset: Annotated[int, Query(ge=0)] = 0) -> dict:
        return queries.list_incidents(conn, f, sort, limit, offset)

    @app.get("/api/incidents.csv", summary="Matching incidents as ACLED-style CSV")
    def incidents_csv(f: Filtered, conn: Conn):
        records = queries.incident_records(conn, f, limit=MAX_EXPORT)
        return Response(export.to_csv(records), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="incidents.csv"'})

    @app.get("/api/incidents.geojson", summary="Matching incidents as a GeoJSON FeatureCollection")
    def incidents_geojson(f: Filtered, conn: Conn):
        records = queries.incident_records(conn, f, limit=MAX_EXPORT)
        body = json.dumps(export.to_geojson(records), ensure_ascii=False)
        return Response(body, media_type="application/geo+json",
                        headers={"Content-Disposition": 'attachment; filename="incidents.geojson"'})

    @app.get("/api/map", summary="Map markers [id, lat, lon, killed_best, grade] of matching incidents")
    def map_points(f: Filtered, conn: Conn,
                   limit: Annotated[int, Query(ge=1, le=MAX_POINTS)] = MAX_POINTS) -> dict:
        return cached(conn, ("map", limit), f, lambda: queries.map_points(conn, f, limit))

    @app.get("/api/incidents/{incident_id}", summary="One incident: claims by side, contradictions, ranges")
    def incident(incident_id: int, conn: Conn) -> dict:
        record = queries.incident_record(conn, incident_id)
        if record is None:
            raise HTTPException(404, f"no incident {incident_id}")
        events_by_id = queries.claim_events(conn, record)
        texts = queries.document_texts(conn, [c.get("document_id") for c in record.get("claims") or []])
        return views.incident_view(record, events_by_id, texts)

    @app.get("/api/stats", summary="Incidents and casualties per day, type, grade and reporting side")
    def stats(f: Filtered, conn: Conn) -> dict:
        return cached(conn, ("stats",), f, lambda: {**queries.counts(conn, f), "sides": queries.by_side(conn, f)})

    # ---- documents ---------------------------------------------------------------------------------

    @app.get("/api/documents/{document_id:path}", summary="A stored report with its event spans")
    def get_document(document_id: str, conn: Conn) -> dict:
        row = queries.document(conn, document_id)
        if row is None:
            raise HTTPException(404, f"no document {document_id!r}")
        return views.document_view(row)

    body_schema = {"oneOf": [DocumentIn.model_json_schema(),
                             {"type": "array", "items": DocumentIn.model_json_schema(), "maxItems": MAX_POST}]}

    @app.post("/api/documents", status_code=201, dependencies=[Depends(require_token)],
              summary="Store reports (bearer token required); incidents are brought up to date",
              openapi_extra={"requestBody": {"required": True,
                                             "content": {"application/json": {"schema": body_schema}}}})
    def post_documents(body: Annotated[Any, Body(description="One report or a list of reports")] = None):
        items = _documents(body)
        with write_lock:
            return _ingest(store, items)

    return app


def _documents(body) -> list[DocumentIn]:
    """The posted reports, validated; 422 naming the item and field otherwise."""
    if body is None:
        raise HTTPException(422, "body: a JSON report object (with text) or a list of them is required")
    items = body if isinstance(body, list) else [body]
    if not 1 <= len(items) <= MAX_POST:
        raise HTTPException(422, f"body: post 1 to {MAX_POST} reports at a time, not {len(items)}")
    documents, problems = [], []
    for n, item in enumerate(items):
        try:
            documents.append(DocumentIn.model_validate(item))
        except ValidationError as error:
            prefix = f"body[{n}]" if isinstance(body, list) else "body"
            problems += [f"{prefix}{'.' if e.get('loc') else ': '}{_message(e)}" for e in error.errors()]
    if problems:
        raise HTTPException(422, "; ".join(problems))
    return documents


def _origin(url: str) -> str:
    """``scheme://host[:port]`` of a tile URL template (for the page's Content-Security-Policy)."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


def _ingest(store, items: list[DocumentIn]) -> dict:
    """Extract and store the reports, then relink incidents; counts and the stored ids."""
    from .incidents import ensure_incidents
    from .model import Document
    from .pipeline import extract_many
    from .store.rows import content_hash
    docs = [Document(text=i.text, id=i.id or "", title=i.title, published=i.published, outlet=i.outlet,
                     url=i.url) for i in items]
    known = store.stored([d.text for d in docs])
    new = [d for d, flag in zip(docs, known) if not flag]
    counts = {"documents": 0, "skipped": len(docs) - len(new), "events": 0, "reprints": 0}
    errors = []
    if new:
        extractions = list(extract_many(new))
        errors = [{"id": e.id, "error": e.error} for e in extractions if e.error]
        counts.update(store.ingest(extractions, new))
        counts["skipped"] += len(docs) - len(new)
    ensure_incidents(store)
    with store.engine.connect() as conn:
        ids = queries.ids_by_hash(conn, [content_hash(d.text) for d in docs])
    return {**counts, "ids": ids, "errors": errors, "status": store.status()}


def _add_docs(app: FastAPI) -> None:
    """Swagger UI at /docs from the static files of the ``fastapi-offline`` package: nothing from a CDN."""
    import fastapi_offline
    from fastapi.openapi.docs import get_swagger_ui_html

    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/docs/assets", StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(openapi_url=app.openapi_url, title="Sitrep API",
                                   swagger_js_url="/docs/assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs/assets/swagger-ui.css",
                                   swagger_favicon_url="/docs/assets/favicon.png")
