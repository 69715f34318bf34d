"""The store: DuckDB by default."""

from __future__ import annotations

from pathlib import Path

from conflictwatch.store.duckdb import FILTERS, DuckDBStore

__all__ = ["DuckDBStore", "FILTERS", "open_store"]


def open_store(path: Path | str, *, read_only: bool = False) -> DuckDBStore:
    return DuckDBStore(path, read_only=read_only)
