"""Shared fixtures: where the labelled data lives, and one pipeline for the whole session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path:
    env = os.environ.get("CONFLICTWATCH_SHARED_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"labelled data not found at {path} (set CONFLICTWATCH_SHARED_DATA)")
    return path


@pytest.fixture(scope="session")
def nlp():
    """The project's spaCy pipeline, loaded once; tests that need it skip when it is missing."""
    from conflictwatch.errors import ConflictwatchError
    from conflictwatch.nlp import load_nlp

    try:
        return load_nlp()
    except ConflictwatchError as exc:
        pytest.skip(f"spaCy model not installed: {exc}")


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory: pytest.TempPathFactory):
    from conflictwatch.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(autouse=True)
def _isolated_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # No test may write the user's default store.
    monkeypatch.setenv("CONFLICTWATCH_DB", str(tmp_path / "test.duckdb"))
