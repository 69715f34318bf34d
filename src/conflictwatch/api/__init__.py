"""The HTTP API and web dashboard (FastAPI): `create_app(settings)`; `conflictwatch serve` runs it."""

from conflictwatch.api.app import create_app

__all__ = ["create_app"]
