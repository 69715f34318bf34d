"""Quality floors: each evaluation on the shared dev sets must reach the floor pinned in
tests/quality_floors.json (skipped when the labelled data is absent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conflictwatch.evaluate import run_evaluation

FLOORS_FILE = Path(__file__).parent / "quality_floors.json"
FLOORS: dict[str, Any] = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))

# Which evaluation each section of the floors file runs: (kind, gold path under data/, mode,
# limit). Whole files, except end-to-end LGL: spaCy over its 588 articles took 99 s, so its first
# 200 are used (39 s). Timings on the 2-core machine with other jobs running (load 5-7): CASE
# 100 s, IPE 144 s, GED 19 s; extraction and resolution-only geoparsing take seconds.
SECTIONS: dict[str, tuple[str, str, str | None, int | None]] = {
    "extraction": ("extraction", "dev/article_extraction", None, None),
    "geoparse_lgl": ("geoparse", "dev/geoparsing/lgl.xml", "resolution", None),
    "geoparse_geovirus": ("geoparse", "dev/geoparsing/GeoVirus.xml", "resolution", None),
    "geoparse_lgl_end_to_end": ("geoparse", "dev/geoparsing/lgl.xml", "end_to_end", 200),
    "case": ("case", "dev/case2021/snippets.tsv", None, None),
    "ged": ("ged", "dev/ucdp_ged/ged_sample.csv", None, None),
    "ipe": ("ipe", "dev/india_police_events", None, None),
}


def _metric(metrics: dict[str, Any], dotted: str) -> float:
    """A metric by name; "KILL.recall" reads a nested one."""
    value: Any = metrics
    for part in dotted.split("."):
        value = value[part]
    return float(value)


def test_floors_file_is_well_formed() -> None:
    assert {k for k in FLOORS if not k.startswith("_")} - {"issue_targets"} == set(SECTIONS)
    for section, floors in FLOORS.items():
        if section.startswith("_"):
            continue
        if section == "issue_targets":
            assert set(floors) <= set(SECTIONS)
            continue
        for name, value in floors.items():
            assert value is None or 0.0 <= value <= 1.0, (section, name)


# Minutes, not seconds, in all (CASE and IPE run spaCy over 500+ texts each).
@pytest.mark.slow
@pytest.mark.parametrize("section", list(SECTIONS))
def test_quality_floor(section: str, shared_data: Path, pipeline: Any) -> None:
    floors = {k: v for k, v in FLOORS[section].items() if v is not None}
    if not floors:
        pytest.skip(f"{section}: no floor measured yet (null in {FLOORS_FILE.name})")
    kind, rel, mode, limit = SECTIONS[section]
    gold = shared_data / rel
    if not gold.exists():
        pytest.skip(f"{gold} not found")
    out = run_evaluation(kind, gold, pipeline=pipeline, mode=mode, limit=limit)
    metrics = out["metrics"]
    failures = []
    for name, floor in floors.items():
        if name.endswith("_max"):
            got = _metric(metrics, name[: -len("_max")])
            if got > floor:
                failures.append(f"{name[:-4]} = {got:.4f} above the ceiling {floor}")
        else:
            got = _metric(metrics, name)
            if got < floor:
                failures.append(f"{name} = {got:.4f} below the floor {floor}")
    assert not failures, f"{section}: " + "; ".join(failures)
