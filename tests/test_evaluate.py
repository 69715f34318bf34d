"""Every evaluation metric on tiny hand-made gold files whose scores were worked out by hand."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from conflictwatch.errors import InputError
from conflictwatch.evaluate import metrics as M
from conflictwatch.evaluate import render_metrics, run_evaluation
from conflictwatch.evaluate.common import country_iso3, same_admin1, top_event
from conflictwatch.records import (
    SUB_EVENT_TYPES,
    Actor,
    Document,
    Event,
    Location,
    Range,
    Result,
    Skipped,
    interaction_code,
)

FIX = Path(__file__).parent / "fixtures" / "eval"

# The test's own copy of CASE's codes -> ACLED names, so these tests do not depend on the coder.
CASE_TO_ACLED = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike",
    "ARMED_CLASH": "Armed clash",
    "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence",
    "SUIC_BOMB": "Suicide bomb",
    "VIOL_DEMONSTR": "Violent demonstration",
}
NON_ACLED = frozenset({"NATURAL_DISASTER", "MAN_MADE_DISASTER", "ORG_CRIME", "DIPLO", "ATTRIB"})


def ev(
    sub: str,
    *,
    conf: float = 0.5,
    background: bool = False,
    fat: tuple[int, int, int] | None = None,
    acled: int = 0,
    a1: tuple[str, int] | None = None,
    a2: tuple[str, int] | None = None,
    loc: dict[str, Any] | None = None,
) -> Event:
    actor1 = Actor(a1[0], a1[1]) if a1 else None
    actor2 = Actor(a2[0], a2[1]) if a2 else None
    location = None
    if loc is not None:
        base = {"name": None, "admin1": None, "admin2": None, "country": None, "iso3": None,
                    "latitude": None, "longitude": None, "geo_precision": 1}
        location = Location(**{**base, **loc})
    return Event(
        event_id=sub, event_type=SUB_EVENT_TYPES[sub].value, sub_event_type=sub,
        event_date=None, time_precision=1, actor1=actor1, actor2=actor2,
        interaction=interaction_code(actor1.inter if actor1 else None,
                                     actor2.inter if actor2 else None),
        fatalities=Range(*fat) if fat else None, acled_fatalities=acled, injured=None,
        location=location, background=background, confidence=conf,
    )


class FakePipeline:
    """Answers code_text from a table: the first key found in the text gives the events."""

    def __init__(self, table: dict[str, list[Event]]) -> None:
        self.table = table
        self.calls: list[tuple[str, str | None]] = []

    def code_text(self, text: str, *, published: str | None = None, id: str = "text",
                  title: str | None = None) -> Result:
        self.calls.append((text, published))
        for key, events in self.table.items():
            if key in text:
                return Result(id=id, document=Document(title=None, text=text), events=tuple(events))
        return Result(id=id, document=Document(title=None, text=text))


# ---------------------------------------------------------------- pure metrics


def test_prf_and_weighted_macro_f1_by_hand() -> None:
    gold = ["A", "A", "B", "C", "C", "D"]
    pred = ["A", "B", "B", "C", "none", "D"]
    per = M.per_label_prf(gold, pred, ["A", "B", "C", "D", "E"])
    assert per["A"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3), "support": 2}
    assert per["B"]["precision"] == 0.5 and per["B"]["recall"] == 1.0
    assert per["E"]["support"] == 0
    weighted, macro = M.weighted_macro_f1(per)
    assert weighted == pytest.approx(13 / 18)  # (2*2/3 + 2/3 + 2*2/3 + 1) / 6
    assert macro == pytest.approx(3 / 4)  # E has no support and is left out
    assert M.accuracy(gold, pred) == pytest.approx(4 / 6)


def test_confusion_matrix() -> None:
    cm = M.confusion_matrix(["x", "x", "y", "y"], ["x", "y", "y", "none"])
    assert cm["labels"] == ["x", "y", "none"]  # "none" last
    assert cm["matrix"] == [[1, 1, 0], [0, 1, 1], [0, 0, 0]]


def test_haversine_and_range() -> None:
    one_degree = 2 * math.pi * M.EARTH_RADIUS_KM / 360
    assert M.haversine_km(0, 0, 0, 1) == pytest.approx(one_degree)
    assert M.haversine_km(-1.28, 36.82, -1.0, 36.82) == pytest.approx(0.28 * one_degree)
    assert M.haversine_km(10, 20, 10, 20) == 0.0
    assert M.in_range(4, 3, 5) and M.in_range(3, 3, 3) and M.in_range(4, 5, 3)
    assert not M.in_range(6, 3, 5)


def test_shingles_by_hand() -> None:
    assert M.shingles("A b C d e") == {("a", "b", "c", "d"), ("b", "c", "d", "e")}
    assert M.shingles("x  y") == {("x", "y")}
    scores = M.shingle_prf("A B C D x", "a b c d e")
    assert scores == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert M.shingle_prf("", "") == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert M.shingle_prf("", "one two three four")["f1"] == 0.0


def test_top_event_skips_background_and_takes_highest_confidence() -> None:
    res = Result(id="r", document=None, events=(
        ev("Armed clash", conf=0.3), ev("Attack", conf=0.99, background=True),
        ev("Grenade", conf=0.8)))
    assert top_event(res).sub_event_type == "Grenade"  # type: ignore[union-attr]
    assert top_event(Result(id="r", document=None)) is None


def test_country_names() -> None:
    assert country_iso3("DR Congo (Zaire)") == "COD"
    assert country_iso3("Yemen (North Yemen)") == "YEM"
    assert country_iso3("Bosnia-Herzegovina") == "BIH"
    assert country_iso3("") is None
    assert same_admin1("Idlib", "Idlib Governorate")
    assert not same_admin1("", "")


# ---------------------------------------------------------------- runners


def test_acled(tmp_path: Path) -> None:
    fake = FakePipeline({
        "Nerkin Hand": [ev("Armed clash", fat=(4, 4, 4), acled=4, a1=("Military Forces of Armenia", 1),
                           a2=("Military Forces of Azerbaijan", 1),
                           loc={"country": "Armenia", "iso3": "ARM", "admin1": "Syunik",
                                    "latitude": 39.25, "longitude": 46.40})],
        "Nairobi": [ev("Violent demonstration", a1=("Rioters (Kenya)", 5),
                       loc={"country": "Kenya", "admin1": "Nairobi", "latitude": -1.0, "longitude": 36.82})],
        "Ariha": [ev("Air/drone strike", fat=(10, 10, 10), acled=12, a1=("Civilians (Syria)", 7),
                     a2=("Military Forces of Russia", 1),
                     loc={"country": "Syria", "admin1": "Idlib Governorate"})],
    })
    out = run_evaluation("acled", FIX / "acled.csv", pipeline=fake, errors=2)
    m = out["metrics"]
    assert out["kind"] == "acled" and out["n"] == 4
    assert m["event_type_accuracy"] == 0.5
    assert m["sub_event_type_accuracy"] == 0.5
    assert m["fatalities_exact"] == 0.5  # ARM1 4 = 4, KEN1 0 = 0
    assert m["fatalities_exact_when_positive"] == pytest.approx(1 / 3)
    assert m["country_match"] == 0.75
    assert m["admin1_match"] == 0.75
    assert m["within_25km_precision1"] == pytest.approx(1 / 3)  # Nairobi is 31 km off
    assert m["inter_match"] == 0.5  # text inter names ("State forces") are read too
    cm = m["confusion"]
    row = cm["labels"].index("Violence against civilians")
    assert cm["matrix"][row][cm["labels"].index("none")] == 1
    assert fake.calls[1][1] == "2024-02-13"  # "13 February 2024" read as a date
    assert len(out["errors"]) == 2
    assert out["errors"][0]["id"] == "NIG1"  # no event: every field wrong
    json.dumps(out)


def test_case() -> None:
    fake = FakePipeline({
        "Troops clashed": [ev("Armed clash", conf=0.9)],
        "battled": [ev("Armed clash", conf=0.3), ev("Air/drone strike", conf=0.9)],
        "Jets bombed": [ev("Air/drone strike")],
        "marched": [ev("Peaceful protest")],
        "rallied": [ev("Peaceful protest", background=True)],
        "arrested": [ev("Arrests")],
        "ministers": [ev("Agreement")],
    })
    # The mapping normally comes from the coder; here from this file's copy.
    from conflictwatch.evaluate.case import evaluate_case

    out = evaluate_case(FIX / "case.tsv", pipeline=fake, errors=5,
                        case_to_acled=CASE_TO_ACLED, non_acled=NON_ACLED)
    m = out["metrics"]
    assert m["weighted_f1"] == pytest.approx(13 / 18)
    assert m["macro_f1"] == pytest.approx(3 / 4)
    assert m["accuracy"] == pytest.approx(4 / 6)
    assert m["false_alarm_rate"] == 0.5
    assert m["n_unknown_label"] == 1 and m["n_acled"] == 6 and m["n_non_acled"] == 2
    assert len(m["per_type"]) == 25
    assert m["per_type"]["Air/drone strike"]["precision"] == 0.5
    assert len(out["errors"]) == 3  # one wrong type, one miss, one false alarm
    assert out["errors"][0]["id"] == "3"  # the confident wrong type ranks first
    assert out["n"] == 8


def test_case_uses_the_coders_mapping() -> None:
    mod = pytest.importorskip("conflictwatch.coding.classify_case",
                              reason="the coder's CASE mapping is not written yet")
    assert dict(mod.CASE_TO_ACLED) == CASE_TO_ACLED
    assert set(mod.NON_ACLED) == NON_ACLED
    out = run_evaluation("case", FIX / "case.tsv", pipeline=FakePipeline({}))
    assert out["n"] == 8 and out["metrics"]["false_alarm_rate"] == 0.0


def test_ged() -> None:
    fake = FakePipeline({
        "Four soldiers": [ev("Armed clash", fat=(3, 4, 5), loc={"country": "Congo, DRC", "iso3": "COD"})],
        "dozen": [ev("Shelling/artillery/missile attack", fat=(12, 12, 15), loc={"country": "Syria"})],
        "Taliban": [ev("Armed clash", loc={"iso3": "AFG"})],
    })
    out = run_evaluation("ged", FIX / "ged.csv", pipeline=fake, errors=10)
    m = out["metrics"]
    assert out["n"] == 4 and m["n_skipped_no_headline"] == 1
    assert m["best_in_range"] == 0.25
    assert m["best_in_range_when_produced"] == 0.5
    assert m["best_exact"] == 0.25
    assert m["country_match"] == 0.75
    assert m["any_event"] == 0.75
    assert m["toll_produced"] == 0.5
    # Multiple headlines become sentences; the date goes in as published.
    assert fake.calls[1] == ("At least a dozen dead in shelling.\nShelling kills 12.", "2017-03-02")
    assert len(out["errors"]) == 3


def test_ipe() -> None:
    police = ("Police Forces of India (1999-)", 1)
    fake = FakePipeline({
        "opened fire": [ev("Excessive force against protesters", fat=(2, 2, 2), a1=police,
                           a2=("Protesters (India)", 6))],
        "accused": [ev("Arrests", background=True, a1=police)],
        "rioters": [ev("Mob violence", fat=(3, 3, 3), a1=("Rioters (India)", 5),
                       a2=("Civilians (India)", 7))],
        "last year": [ev("Attack", fat=(1, 1, 1), a1=police, background=True), ev("Arrests")],
    })
    out = run_evaluation("ipe", FIX / "ipe", pipeline=fake, errors=10)
    m = out["metrics"]
    assert out["n"] == 4
    assert m["KILL"]["precision"] == 1.0 and m["KILL"]["recall"] == 0.5
    assert m["KILL"]["f1"] == pytest.approx(2 / 3)
    assert m["ARREST"]["f1"] == 0.5 and m["ARREST"]["tp"] == 1
    assert m["macro_f1"] == pytest.approx(7 / 12)
    assert fake.calls[0][1] == "2002-03-01"
    assert len(out["errors"]) == 2


def test_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    import conflictwatch.extract as extract_mod

    def fake_extract(article: Any) -> Document | Skipped:
        if "article" in (article.html or ""):
            return Document(title=None, text="A B C D x")
        return Skipped("no_main_text")

    monkeypatch.setattr(extract_mod, "extract", fake_extract)
    out = run_evaluation("extraction", FIX / "extraction", pipeline=None, errors=5)
    m = out["metrics"]
    assert out["n"] == 2 and m["n_missing_html"] == 1 and m["n_skipped"] == 1
    assert m["f1"] == pytest.approx(0.25)  # pages: 0.5 and 0.0
    assert m["micro_precision"] == 0.5 and m["micro_recall"] == pytest.approx(1 / 3)
    assert m["micro_f1"] == pytest.approx(0.4)
    assert out["errors"][0]["id"] == "page2"
    # The ground-truth file itself may be given instead of the folder.
    assert run_evaluation("extraction", FIX / "extraction" / "ground-truth.json",
                          pipeline=None)["n"] == 2


def test_limit_unknown_kind_and_missing_gold() -> None:
    fake = FakePipeline({})
    assert run_evaluation("ged", FIX / "ged.csv", pipeline=fake, limit=2)["n"] == 2
    with pytest.raises(InputError):
        run_evaluation("nope", FIX / "ged.csv", pipeline=fake)
    with pytest.raises(InputError):
        run_evaluation("ged", FIX / "missing.csv", pipeline=fake)
    with pytest.raises(InputError):
        run_evaluation("case", FIX / "ged.csv", pipeline=fake)  # wrong columns


def test_geoparse_is_delegated(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    seen: dict[str, Any] = {}

    def evaluate_geoparse(gold: Path, *, geocoder: Any, nlp: Any, mode: str = "resolution",
                          limit: int | None = None) -> dict[str, Any]:
        seen.update(gold=gold, geocoder=geocoder, nlp=nlp, mode=mode, limit=limit)
        return {"n": 3, "metrics": {"acc_161": 0.5}, "errors": [{"text": "t"}] * 4}

    mod = types.ModuleType("conflictwatch.evaluate.geoparse")
    mod.evaluate_geoparse = evaluate_geoparse  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "conflictwatch.evaluate.geoparse", mod)

    class P:
        nlp = "NLP"
        geocoder = "GEO"

    out = run_evaluation("geoparse", FIX / "ged.csv", pipeline=P(), limit=7, errors=2,
                         mode="end_to_end")
    assert seen["mode"] == "end_to_end" and seen["limit"] == 7 and seen["geocoder"] == "GEO"
    assert out["n"] == 3 and out["metrics"]["acc_161"] == 0.5 and len(out["errors"]) == 2
    with pytest.raises(InputError):
        run_evaluation("geoparse", FIX / "ged.csv", pipeline=P(), mode="bogus")


def test_render_metrics() -> None:
    fake = FakePipeline({"Nerkin Hand": [ev("Armed clash")]})
    out = run_evaluation("acled", FIX / "acled.csv", pipeline=fake, errors=3)
    buf = io.StringIO()
    render_metrics(out, Console(file=buf, width=160))
    text = buf.getvalue()
    assert "event_type_accuracy" in text and "confusion" in text and "worst cases" in text
    assert "NIG1" in text
    buf = io.StringIO()
    ipe = run_evaluation("ipe", FIX / "ipe", pipeline=FakePipeline({}))
    render_metrics(ipe, Console(file=buf, width=160))
    assert "KILL" in buf.getvalue() and "ARREST" in buf.getvalue()
