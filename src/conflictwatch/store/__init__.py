"""The store: DuckDB by default, PostgreSQL when given a ``postgresql://`` URL."""

from __future__ import annotations

import os
import re
from pathlib import Path

from conflictwatch.store.duckdb import FILTERS, DuckDBStore

__all__ = ["FILTERS", "DuckDBStore", "open_store", "store_target"]


def store_target(path: Path | str) -> str:
    """What ``path`` names: a ``postgresql://`` URL, else a DuckDB file path (``duckdb:///abs/p``,
    ``duckdb:rel/p`` or a plain path).

    A URL that went through ``Path`` lost a slash (``postgresql:/host/db``): it is put back, and
    when CONFLICTWATCH_DB holds that URL, its exact text is used."""
    text = str(path)
    env = os.environ.get("CONFLICTWATCH_DB", "")
    m = re.match(r"^(postgres(?:ql)?):/+(.*)$", text, flags=re.IGNORECASE | re.DOTALL)
    if m:
        if env and str(Path(env)) == text:
            return env
        return f"{m.group(1)}://{m.group(2)}"
    if text.lower().startswith("duckdb:"):
        # duckdb:///abs/file.duckdb (an empty host, as in file:// URLs) or duckdb:relative.duckdb
        rest = text[len("duckdb:"):]
        return rest.removeprefix("//")
    return text


def open_store(path: Path | str, *, read_only: bool = False) -> DuckDBStore:
    """The store at ``path``: a DuckDB file, ``duckdb:///path``, or ``postgresql://user:pw@host/db``."""
    target = store_target(path)
    if re.match(r"^postgres(?:ql)?://", target, flags=re.IGNORECASE):
        from conflictwatch.store.postgres import PostgresStore

        return PostgresStore(target, read_only=read_only)
    return DuckDBStore(target, read_only=read_only)
