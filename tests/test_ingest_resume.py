"""A run killed with SIGKILL halfway through 500 documents, started again, stores each exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conflictwatch.store import open_store

N_DOCS = 500
KILL_AFTER = 250

TEMPLATES = [
    "Police in {city} arrested {n} people on {day} after a protest over fuel prices turned violent.",
    "Heavy rain flooded {n} homes in {city} on {day}, officials said.",
    "Gunmen killed {n} villagers near {city} on {day}, a local official said.",
    "The city council of {city} approved a new budget of {n} million on {day}.",
]
CITIES = ["Kano", "Goma", "Dhaka", "Kharkiv", "Mosul", "Bamako", "Lahore", "Tripoli"]


def _corpus(path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(N_DOCS):
            text = TEMPLATES[i % 4].format(city=CITIES[i % 8], n=i % 17 + 2, day="Monday")
            text += f" Report number {i}."
            f.write(json.dumps({"id": f"d{i}", "text": text, "published": "2024-03-05"}) + "\n")


def _ingest_cmd(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "conflictwatch", "ingest", str(corpus), "--db", str(db), "--verbose", "--quiet"]


@pytest.mark.slow
def test_sigkill_halfway_then_resume_stores_each_document_once(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus.jsonl", tmp_path / "s.duckdb"
    _corpus(corpus)
    proc = subprocess.Popen(_ingest_cmd(corpus, db), stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stderr is not None
    stored = 0
    for line in proc.stderr:
        if line.startswith("stored "):
            stored += 1
            if stored >= KILL_AFTER:
                break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert stored >= KILL_AFTER, "the run ended before it could be killed halfway"

    with open_store(db) as s:
        half = s.counts()["articles"]
    assert KILL_AFTER <= half < N_DOCS

    done = subprocess.run(_ingest_cmd(corpus, db), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with open_store(db) as s:
        n_articles = s.counts()["articles"]
        ids = [r[0] for r in s.con.execute("SELECT input_id FROM articles").fetchall()]
        reports = s.con.execute("SELECT count(*), count(DISTINCT report_id) FROM reports").fetchone()
    assert n_articles == N_DOCS
    assert sorted(ids) == sorted(f"d{i}" for i in range(N_DOCS))
    assert reports[0] == reports[1]
    # The restart re-processed only what the killed run had not committed.
    resumed = sum(1 for line in done.stderr.splitlines() if line.startswith("stored "))
    assert resumed == N_DOCS - half
