"""Docs that are checked: every CLI verb has help and appears in the README."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from conflictwatch.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _verbs() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_verb_has_help_and_is_in_the_readme() -> None:
    runner = CliRunner()
    verbs = _verbs()
    assert {"ingest", "code", "geocode", "events", "export", "evaluate", "bench"} <= set(verbs)
    for verb in verbs:
        res = runner.invoke(app, [verb, "--help"])
        assert res.exit_code == 0, verb
        assert len(res.output.strip()) > 40, verb
        assert f"`{verb}" in README, f"{verb} is not documented in README.md"


def test_unknown_export_format_is_a_one_line_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "conflictwatch", "export", "--format", "xls", "--db", str(tmp_path / "x.duckdb")],
        capture_output=True, text=True,
    )
    assert proc.returncode != 0
    assert proc.stderr.strip().count("\n") == 0 and "xls" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_events_on_a_missing_store_is_a_one_line_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "conflictwatch", "events", "--db", str(tmp_path / "none.duckdb")],
        capture_output=True, text=True,
    )
    assert proc.returncode == 1
    assert "no store" in proc.stderr and "Traceback" not in proc.stderr
