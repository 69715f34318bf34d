"""Geoparse metrics on a hand-made gold file whose scores are known, plus a floor on LGL."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from conflictwatch.evaluate.geoparse import auc_of_errors, evaluate_geoparse, parse_gold
from conflictwatch.records import Place

# One degree of latitude on the IUGG mean sphere: 200 km is 200 / KM_PER_DEG degrees.
KM_PER_DEG = 6371.0088 * math.pi / 180

LGL_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="a1">
    <domain>example.com</domain>
    <text><![CDATA[Fighting in Baku and Ganja; shelling near Yerevan.]]></text>
    <toponyms>
      <toponym><start>12</start><end>16</end><phrase>Baku</phrase>
        <gaztag geonameid="587084"><lat>40.0</lat><lon>50.0</lon></gaztag></toponym>
      <toponym><start>21</start><end>26</end><phrase>Ganja</phrase>
        <gaztag geonameid="586523"><lat>40.0</lat><lon>46.0</lon></gaztag></toponym>
      <toponym><start>42</start><end>49</end><phrase>Yerevan</phrase>
        <gaztag geonameid="616052"><lat>0.0</lat><lon>0.0</lon></gaztag></toponym>
      <toponym><start>0</start><end>8</end><phrase>Fighting</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""

GEOVIRUS_STYLE = """<articles>
    <article>
        <source>https://en.wikinews.org/wiki/x</source>
        <text>Cases rose in Lagos.</text>
        <locations>
            <location><name>Lagos</name><start>15</start><end>20</end><lat>6.45</lat><lon>3.4</lon>
            <page>https://en.wikipedia.org/wiki/Lagos</page></location>
        </locations>
    </article>
</articles>
"""


class StubGeocoder:
    """Returns fixed points: Baku exact, Ganja right id but 0 km, Yerevan 200 km off with a wrong id."""

    answers = {
        "Baku": (40.0, 50.0, 587084),
        "Ganja": (40.0, 46.0, 1),
        "Yerevan": (200 / KM_PER_DEG, 0.0, 2),
        "Lagos": (6.45, 3.4, None),
    }

    def resolve(self, text, mentions, *, sdoc=None, document=None):
        out = []
        for s, e in mentions:
            lat, lon, gid = self.answers[text[s:e]]
            out.append(Place(text=text[s:e], start=s, end=e, latitude=lat, longitude=lon, geonameid=gid))
        return out

    def find_places(self, sdoc, *, document=None, demonyms=False):
        # finds Baku and a false "Fighting in"; misses Ganja and Yerevan
        text = sdoc
        res = self.resolve(text, [(12, 16)])
        return res + [Place(text="Fighting in", start=0, end=11)]


def test_parse_skips_toponyms_without_coordinates(tmp_path: Path) -> None:
    f = tmp_path / "g.xml"
    f.write_text(LGL_STYLE, encoding="utf-8")
    arts, fixed = parse_gold(f)
    assert fixed == 0
    assert [t.name for t in arts[0].toponyms] == ["Baku", "Ganja", "Yerevan"]
    assert arts[0].toponyms[0].geonameid == 587084
    assert (0, 8) in arts[0].all_spans  # still a gold span for span scoring
    assert arts[0].domain == "example.com"


def test_resolution_metrics_by_hand(tmp_path: Path) -> None:
    f = tmp_path / "g.xml"
    f.write_text(LGL_STYLE, encoding="utf-8")
    out = evaluate_geoparse(f, geocoder=StubGeocoder(), nlp=None, mode="resolution")
    m = out["metrics"]
    assert m["n"] == 3
    assert m["accuracy_161"] == pytest.approx(2 / 3)
    assert m["distance_accuracy_161"] == pytest.approx(2 / 3)
    assert m["median_km"] == pytest.approx(0.0, abs=1e-6)
    assert m["mean_km"] == pytest.approx(200 / 3, rel=1e-4)
    # sorted errors 0, 0, 200: trapezoid area ln(201)/2 over (n-1) * ln(20039)
    assert m["auc"] == pytest.approx(math.log(201) / 2 / (2 * math.log(20039)), rel=1e-4)
    assert len(out["errors"]) == 1 and out["errors"][0]["id"] == "a1"
    assert out["worst"] == out["errors"]


def test_geonames_id_counts_when_distance_is_off(tmp_path: Path) -> None:
    f = tmp_path / "g.xml"
    f.write_text(LGL_STYLE.replace("<lat>40.0</lat><lon>50.0</lon>", "<lat>10.0</lat><lon>10.0</lon>"), encoding="utf-8")
    m = evaluate_geoparse(f, geocoder=StubGeocoder(), mode="resolution")["metrics"]
    assert m["accuracy_161"] == pytest.approx(2 / 3)  # Baku: right id, wrong point
    assert m["distance_accuracy_161"] == pytest.approx(1 / 3)


def test_end_to_end_span_scores(tmp_path: Path) -> None:
    f = tmp_path / "g.xml"
    f.write_text(LGL_STYLE, encoding="utf-8")
    out = evaluate_geoparse(f, geocoder=StubGeocoder(), nlp=lambda t: t, mode="end_to_end")
    m = out["metrics"]
    # gold spans: Fighting, Baku, Ganja, Yerevan (4); produced: Baku, "Fighting in" (2); 1 exact match
    assert (m["span_tp"], m["span_fp"], m["span_fn"]) == (1, 1, 3)
    assert m["span_precision"] == pytest.approx(0.5)
    assert m["span_recall"] == pytest.approx(0.25)
    assert m["span_f1"] == pytest.approx(1 / 3)
    assert m["n"] == 1 and m["accuracy_161"] == 1.0


def test_geovirus_offsets_are_realigned(tmp_path: Path) -> None:
    f = tmp_path / "v.xml"
    f.write_text(GEOVIRUS_STYLE, encoding="utf-8")  # 15..20 is one past "Lagos" (14..19)
    arts, fixed = parse_gold(f)
    assert fixed == 1
    t = arts[0].toponyms[0]
    assert arts[0].text[t.start : t.end] == "Lagos"
    m = evaluate_geoparse(f, geocoder=StubGeocoder(), mode="resolution")["metrics"]
    assert m["accuracy_161"] == 1.0 and m["offsets_realigned"] == 1


def test_auc_edges() -> None:
    assert auc_of_errors([]) == 0.0
    assert auc_of_errors([0.0, 0.0]) == 0.0
    assert auc_of_errors([20038.0, 20038.0]) == pytest.approx(1.0, rel=1e-4)


def test_bad_mode(tmp_path: Path) -> None:
    f = tmp_path / "g.xml"
    f.write_text(LGL_STYLE, encoding="utf-8")
    with pytest.raises(ValueError):
        evaluate_geoparse(f, geocoder=StubGeocoder(), mode="nope")


# The targets with gold spans given; the full files take a few seconds.
LGL_FLOOR = 0.85
GEOVIRUS_FLOOR = 0.82


def test_lgl_floor_with_gold_spans(shared_data: Path) -> None:
    from conflictwatch.geo import Geocoder

    gold = shared_data / "dev" / "geoparsing" / "lgl.xml"
    if not gold.exists():
        pytest.skip(f"{gold} not found (set CONFLICTWATCH_SHARED_DATA)")
    m = evaluate_geoparse(gold, geocoder=Geocoder.load(), mode="resolution")["metrics"]
    assert m["n"] > 4000
    assert m["accuracy_161"] >= LGL_FLOOR


def test_geovirus_floor_with_gold_spans(shared_data: Path) -> None:
    from conflictwatch.geo import Geocoder

    gold = shared_data / "dev" / "geoparsing" / "GeoVirus.xml"
    if not gold.exists():
        pytest.skip(f"{gold} not found (set CONFLICTWATCH_SHARED_DATA)")
    m = evaluate_geoparse(gold, geocoder=Geocoder.load(), mode="resolution")["metrics"]
    assert m["accuracy_161"] >= GEOVIRUS_FLOOR
