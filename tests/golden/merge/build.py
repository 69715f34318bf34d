"""Build reports.jsonl, the merge test corpus, from the corpus_*.py files beside it.

Each report: (gold event label, outlet, published date, text). Run from anywhere:
    python tests/golden/merge/build.py
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(path: Path) -> list[tuple[str, str, str, str]]:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod.R


def main() -> None:
    rows, n = [], Counter()
    for path in sorted(HERE.glob("corpus_*.py")):
        for label, source, published, text in _load(path):
            n[label] += 1
            rid = f"{label}-{n[label]}"
            slug = re.sub(r"[^a-z0-9]+", "-", source.lower()).strip("-")
            rows.append({"id": rid, "text": text.strip(), "published": published, "source": source,
                         "url": f"https://www.{slug}.example/{published.replace('-', '/')}/{rid}",
                         "event": label})
    with (HERE / "reports.jsonl").open("w") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    words = [len(r["text"].split()) for r in rows]
    print(f"{len(rows)} reports, {len(n)} events, words {min(words)}-{max(words)}")
    for r, w in zip(rows, words):
        if not 80 <= w <= 200:
            print("  length", w, r["id"])


if __name__ == "__main__":
    main()
