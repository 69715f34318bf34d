"""watch and serve on one DuckDB file: a busy API reader lets a waiting writer in."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from conflictwatch.records import Article, Document, Result
from conflictwatch.store import open_store
from conflictwatch.store.coordination import marker
from conflictwatch.watch.monitor import open_store_waiting

READER = """
import sys, time
from conflictwatch.api.storage import StoreAccess
access = StoreAccess(sys.argv[1])
end = time.monotonic() + float(sys.argv[2])
reads = 0
while time.monotonic() < end:
    with access.read() as store:
        store.counts()
        reads += 1
    time.sleep(0.1)   # a dashboard refreshing ten times a second: never idle long enough
access.close()
print(reads)
"""


def test_a_waiting_writer_gets_the_file_from_a_busy_reader(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with open_store(db):
        pass
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), "8"], stdout=subprocess.PIPE, text=True)
    time.sleep(2.0)  # the reader holds its warm connection by now
    t0 = time.monotonic()
    with open_store_waiting(db, wait=6.0) as store:
        art = Article(id="w", text="written while the API was busy")
        store.add_result(art, Result(id="w", document=Document(title=None, text=art.text or "")))
    waited = time.monotonic() - t0
    out, _ = reader.communicate(timeout=30)
    assert reader.returncode == 0
    assert int(out.strip()) > 20  # the reader kept answering before and after
    assert waited < 6.0
    assert not marker(db).exists()
    with open_store(db, read_only=True) as store:
        assert store.counts()["articles"] == 1
