"""The FastAPI app factory: routes, one error shape, body cap, CORS, dashboard and offline /docs.

Safe by default: `conflictwatch serve` binds 127.0.0.1; writes need a token and are refused when
none is configured; CORS is closed unless origins are configured; request bodies over
MAX_BODY_BYTES are refused with 413 before they are read whole.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from conflictwatch import __version__
from conflictwatch.api.storage import StoreAccess
from conflictwatch.settings import Settings

# 5 MB: a long article's HTML is a few hundred kB; a batch of a few dozen fits, a dump does not.
MAX_BODY_BYTES = 5 * 1024 * 1024
CORS_ENV = "CONFLICTWATCH_CORS_ORIGINS"
# The dashboard shows untrusted article text: it inserts it as text only, and this policy stops
# any script or request that is not from this server should that ever slip.
DASHBOARD_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class ApiContext:
    """What the routes share: settings, the store, and the pipeline (built on first write)."""

    def __init__(self, settings: Settings, pipeline_factory: Callable[[], Any] | None) -> None:
        self.settings = settings
        self.store = StoreAccess(settings.store.db)
        self.token: str | None = settings.api.token or None
        self._pipeline_factory = pipeline_factory
        self._pipeline: Any = None
        # Pipelines hold one spaCy model and are not thread-safe: one article at a time.
        self.pipeline_lock = threading.Lock()

    @property
    def pipeline(self) -> Any:
        if self._pipeline is None:
            if self._pipeline_factory is not None:
                self._pipeline = self._pipeline_factory()
            else:
                from conflictwatch.pipeline import Pipeline

                self._pipeline = Pipeline(self.settings)
        return self._pipeline


# Fixed names for the statuses the API gives (HTTPStatus phrases differ between Python versions).
ERROR_NAMES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    422: "validation_error",
    500: "internal_error",
    503: "store_unavailable",
}


def _error_name(status: int) -> str:
    if status in ERROR_NAMES:
        return ERROR_NAMES[status]
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "error"


def _validation_detail(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors():
        loc = ".".join(str(x) for x in e.get("loc", ()) if x != "body" or len(e.get("loc", ())) == 1)
        parts.append(f"{loc}: {e.get('msg', 'invalid')}" if loc else str(e.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


async def error_handler(request: Request, exc: Exception) -> JSONResponse:
    """The one error handler: every error answer is {"error", "detail", "status"}."""
    headers: dict[str, str] | None = None
    if isinstance(exc, RequestValidationError):
        status, detail = 422, _validation_detail(exc)
    elif isinstance(exc, StarletteHTTPException):
        status, detail = exc.status_code, str(exc.detail)
        headers = dict(exc.headers) if exc.headers else None
    else:
        status, detail = 500, "internal error; the server log has the details"
    return JSONResponse(
        {"error": _error_name(status), "detail": detail, "status": status}, status_code=status, headers=headers
    )


class BodyLimit:
    """Refuses request bodies larger than `limit` bytes with 413, declared or streamed."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = f"request body over {self.limit // (1024 * 1024)} MB; send fewer or smaller records"
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.limit:
                    body = {"error": _error_name(413), "detail": too_big, "status": 413}
                    await JSONResponse(body, status_code=413)(scope, receive, send)
                    return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    # Raised inside the route's body read, so the one error handler answers it.
                    raise StarletteHTTPException(413, too_big)
            return msg

        await self.app(scope, counted, send)


def _cors_origins(settings: Settings) -> list[str]:
    configured = getattr(settings.api, "cors_origins", None)
    if configured is None:
        configured = os.environ.get(CORS_ENV, "")
    if isinstance(configured, str):
        configured = configured.split(",")
    return [o.strip() for o in configured if o and o.strip()]


def _web_dir() -> Path:
    # web/ is package data next to api/ (pyproject: package-data "web/**/*"), not a package.
    return Path(__file__).resolve().parent.parent / "web"


def create_app(settings: Settings | None = None, *, pipeline_factory: Callable[[], Any] | None = None) -> FastAPI:
    """The HTTP API and dashboard over the store in `settings.store.db`.

    `pipeline_factory` builds what POST /articles runs (anything with `.process(Article) ->
    Result`); by default the full Pipeline, built on the first write.
    """
    from conflictwatch.api.routes import router

    settings = settings or Settings()
    app = FastAPI(
        title="conflictwatch",
        version=__version__,
        description=(
            "ACLED-style conflict events coded from news, with the claims and evidence behind them. "
            "Errors are always `{\"error\", \"detail\", \"status\"}`. Writes need "
            "`Authorization: Bearer TOKEN` or `X-Token: TOKEN`."
        ),
        docs_url=None,
        redoc_url=None,
    )
    app.state.ctx = ApiContext(settings, pipeline_factory)
    for exc_class in (StarletteHTTPException, RequestValidationError, Exception):
        app.add_exception_handler(exc_class, error_handler)
    app.include_router(router)

    web = _web_dir()
    app.mount("/static", StaticFiles(directory=str(web)), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(web / "index.html", media_type="text/html", headers=DASHBOARD_HEADERS)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        # FastAPI's default /docs loads Swagger UI from a CDN; these are the vendored copies.
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="conflictwatch API",
            swagger_js_url="/static/vendor/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui.css",
            swagger_favicon_url="/static/vendor/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},
        )

    origins = _cors_origins(settings)
    if origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "X-Token", "Content-Type"],
        )
    app.add_middleware(BodyLimit, limit=getattr(settings.api, "max_body_bytes", MAX_BODY_BYTES))
    return app
