"""Every setting once, with its default and help. Environment variables override defaults;
flags override both (the CLI passes them in)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


@dataclass(frozen=True)
class StoreSettings:
    # The embedded DuckDB file; CONFLICTWATCH_DB overrides, --db overrides both.
    db: Path = field(default_factory=lambda: Path(_env("CONFLICTWATCH_DB", "conflictwatch.duckdb")))


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 20.0  # seconds for one HTTP request
    max_bytes: int = 20_000_000  # a page larger than this is skipped, not read


@dataclass(frozen=True)
class NlpSettings:
    model: str = "en_core_web_md"
    # Texts longer than this are cut before parsing (spaCy's own limit is 1,000,000 chars). The
    # coder's cost grows faster than linearly on one long paragraph (about 11 s at 50,000
    # characters on a loaded 2-core machine); 50,000 characters is a very long news article.
    max_chars: int = 50_000


@dataclass(frozen=True)
class GeoSettings:
    # Learn each outlet's home region from its earlier articles (a prior for same-name towns).
    # Batch runs turn it off so a document's places do not depend on which worker coded it.
    learn_outlets: bool = True
    cache_dir: Path = field(
        default_factory=lambda: Path(
            _env("CONFLICTWATCH_CACHE", str(Path.home() / ".cache" / "conflictwatch"))
        )
    )


@dataclass(frozen=True)
class ApiSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = field(default_factory=lambda: os.environ.get("CONFLICTWATCH_TOKEN"))


@dataclass(frozen=True)
class Settings:
    store: StoreSettings = field(default_factory=StoreSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    nlp: NlpSettings = field(default_factory=NlpSettings)
    geo: GeoSettings = field(default_factory=GeoSettings)
    api: ApiSettings = field(default_factory=ApiSettings)
    # Languages the coder handles; others are stored and skipped with that reason.
    languages: tuple[str, ...] = ("en",)

    def with_db(self, db: Path | str | None) -> "Settings":
        if db is None:
            return self
        return replace(self, store=replace(self.store, db=Path(db)))
