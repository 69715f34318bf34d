"""Property-based tests of the API from its own OpenAPI schema (schemathesis, in-process ASGI).

Every operation gets up to MAX_EXAMPLES generated requests (valid and invalid, no network); none
may answer with a 5xx, and every answer must match the documented status codes, content types and
response schemas.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis (see requirements.lock)")
warnings.filterwarnings("ignore", message=".*httpx.*")

from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from test_api import TOKEN, fill_store

from conflictwatch.api import create_app
from conflictwatch.records import Article, Document, Result
from conflictwatch.settings import ApiSettings, Settings

MAX_EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


class _FakePipeline:
    """POST /articles stores what this returns; no spaCy needed."""

    def process(self, article: Article) -> Result:
        doc = Document(title=article.title, text=article.text or "", published=article.published)
        return Result(id=article.id, document=doc)


def _app() -> Any:
    db = Path(_STORE_DIR.name) / "st.duckdb"
    fill_store(db)
    return create_app(Settings(api=ApiSettings(token=TOKEN)).with_db(db), pipeline_factory=_FakePipeline)


# schemathesis needs the app when the module is collected (its pytest fixture loader does not
# work with pytest 9), so the store lives in a temp dir removed when the process exits.
_STORE_DIR = tempfile.TemporaryDirectory(prefix="cw-schemathesis-")
schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_answers_match_the_schema(case: Any) -> None:
    # About half the write requests carry the token, so the ingest path is exercised too.
    headers = {"X-Token": TOKEN} if case.method == "POST" and len(repr(case.body)) % 2 else None
    case.call_and_validate(headers=headers, checks=CHECKS)
