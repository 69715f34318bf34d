"""Geoparsing evaluation on LGL / TR-News / GeoVirus style XML (Gritta et al. 2018 metrics)."""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conflictwatch.evaluate.metrics import haversine_km, prf
from conflictwatch.records import Document, Place

# "Accurate" means within 161 km (100 miles), the threshold of the geoparsing literature.
ACCURACY_KM = 161.0
# Half the Earth's circumference: the largest possible error, which normalises the AUC.
MAX_ERROR_KM = 20039.0
# The offset shifts tried when a gold span does not match its phrase (GeoVirus is off by one).
OFFSET_SHIFTS = (0, -1, 1, -2, 2, -3, 3)


@dataclass
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float
    lon: float
    geonameid: int | None = None


@dataclass
class GoldArticle:
    id: str
    text: str
    domain: str | None
    title: str | None
    toponyms: list[GoldToponym] = field(default_factory=list)
    all_spans: list[tuple[int, int]] = field(default_factory=list)  # also those without coordinates


def _fix_offsets(text: str, s: int, e: int, name: str) -> tuple[int, int] | None:
    """The span of `name` at or next to (s, e); None when it is not there."""
    for d in OFFSET_SHIFTS:
        if text[s + d : e + d] == name:
            return s + d, e + d
    lo = max(0, s - 40)
    i = text.find(name, lo, e + 40 + len(name))
    if i >= 0:
        return i, i + len(name)
    return None


def _f(el: ET.Element | None) -> float | None:
    if el is None or el.text is None or not el.text.strip():
        return None
    return float(el.text)


def parse_gold(path: Path) -> tuple[list[GoldArticle], int]:
    """Articles with their toponyms (LGL/TR-News <toponym> or GeoVirus <location>), and how many spans were re-aligned."""
    root = ET.parse(path).getroot()
    out: list[GoldArticle] = []
    fixed = 0
    for n, a in enumerate(root.iter("article")):
        text = a.findtext("text") or ""
        art = GoldArticle(
            id=a.get("docid") or str(n),
            text=text,
            domain=a.findtext("domain") or a.findtext("source"),
            title=a.findtext("title"),
        )
        for t in list(a.iter("toponym")) + list(a.iter("location")):
            name = t.findtext("phrase") or t.findtext("name") or ""
            s_txt, e_txt = t.findtext("start"), t.findtext("end")
            if s_txt is None or e_txt is None or not name:
                continue
            span = _fix_offsets(text, int(s_txt), int(e_txt), name)
            if span is None:
                continue
            if span != (int(s_txt), int(e_txt)):
                fixed += 1
            art.all_spans.append(span)
            g = t.find("gaztag")
            src = g if g is not None else t
            lat, lon = _f(src.find("lat")), _f(src.find("lon"))
            if lat is None or lon is None:
                continue
            gid = g.get("geonameid") if g is not None else None
            art.toponyms.append(GoldToponym(span[0], span[1], name, lat, lon, int(gid) if gid else None))
        art.all_spans.sort()
        out.append(art)
    return out, fixed


def auc_of_errors(errors_km: list[float]) -> float:
    """Area under the sorted log(1+error) curve over log(20039), Gritta et al. (2018); lower is better."""
    if not errors_km:
        return 0.0
    k = [math.log(1 + e) for e in sorted(errors_km)]
    if len(k) == 1:
        return k[0] / math.log(MAX_ERROR_KM)
    area = sum((k[i] + k[i + 1]) / 2 for i in range(len(k) - 1))
    return area / ((len(k) - 1) * math.log(MAX_ERROR_KM))


def resolution_metrics(pairs: list[tuple[GoldToponym, Place]]) -> dict[str, Any]:
    """Accuracy@161 (also right with the gold GeoNames id), distance-only accuracy, median/mean km, AUC."""
    errors: list[float] = []
    right = right_dist = 0
    for gold, p in pairs:
        if p.latitude is None or p.longitude is None:
            err = MAX_ERROR_KM
        else:
            err = haversine_km(gold.lat, gold.lon, p.latitude, p.longitude)
        errors.append(err)
        within = err <= ACCURACY_KM
        right_dist += within
        right += within or (gold.geonameid is not None and p.geonameid == gold.geonameid)
    n = len(pairs)
    return {
        "n": n,
        "accuracy_161": right / n if n else 0.0,
        "distance_accuracy_161": right_dist / n if n else 0.0,
        "median_km": statistics.median(errors) if errors else 0.0,
        "mean_km": statistics.fmean(errors) if errors else 0.0,
        "auc": auc_of_errors(errors),
    }


def _error(art: GoldArticle, gold: GoldToponym, p: Place, err: float) -> dict[str, Any]:
    ctx = art.text[max(0, gold.start - 60) : gold.end + 60].replace("\n", " ")
    return {
        "text": f"{gold.name!r} in …{ctx}…",
        "expected": {"lat": gold.lat, "lon": gold.lon, "geonameid": gold.geonameid},
        "produced": {"name": p.name, "lat": p.latitude, "lon": p.longitude, "geonameid": p.geonameid,
                     "country": p.country, "admin1": p.admin1, "feature_code": p.feature_code},
        "error_km": round(err, 1),
        "id": art.id,
    }


def evaluate_geoparse(
    gold: Path,
    *,
    geocoder: Any,
    nlp: Any = None,
    mode: str = "resolution",
    limit: int | None = None,
) -> dict[str, Any]:
    """Score the geocoder on a geoparsing gold set.

    mode "resolution": gold spans are given, only resolution is scored. mode "end_to_end": spans
    are found in a spaCy parse (`nlp`), scored by exact span match, then resolution on the
    matched spans. Returns {"n", "metrics", "errors"} with errors worst first ("worst" too).
    """
    if mode not in ("resolution", "end_to_end"):
        raise ValueError(f"mode must be 'resolution' or 'end_to_end', not {mode!r}")
    articles, fixed = parse_gold(Path(gold))
    if limit is not None:
        articles = articles[:limit]
    pairs: list[tuple[GoldToponym, Place]] = []
    errs: list[tuple[float, dict[str, Any]]] = []
    tp = fp = fn = 0
    for art in articles:
        doc = Document(title=art.title, text=art.text, url=art.domain)
        if mode == "resolution":
            spans = [(t.start, t.end) for t in art.toponyms]
            places = geocoder.resolve(art.text, spans, document=doc)
            matched = list(zip(art.toponyms, places))
        else:
            if nlp is None:
                raise ValueError("end_to_end mode needs a spaCy pipeline (nlp)")
            places = geocoder.find_places(nlp(art.text), document=doc, demonyms=True)
            found = {(p.start, p.end): p for p in places}
            gold_spans = set(art.all_spans)
            tp += len(gold_spans & found.keys())
            fp += len(found.keys() - gold_spans)
            fn += len(gold_spans - found.keys())
            matched = [(t, found[(t.start, t.end)]) for t in art.toponyms if (t.start, t.end) in found]
        for g, p in matched:
            pairs.append((g, p))
            err = (MAX_ERROR_KM if p.latitude is None or p.longitude is None
                   else haversine_km(g.lat, g.lon, p.latitude, p.longitude))
            if err > ACCURACY_KM and not (g.geonameid and p.geonameid == g.geonameid):
                errs.append((err, _error(art, g, p, err)))
    metrics = resolution_metrics(pairs)
    metrics["articles"] = len(articles)
    metrics["offsets_realigned"] = fixed
    if mode == "end_to_end":
        s = prf(tp, fp, fn)
        metrics.update(span_precision=s["precision"], span_recall=s["recall"], span_f1=s["f1"],
                       span_tp=tp, span_fp=fp, span_fn=fn)
    errs.sort(key=lambda x: -x[0])
    worst = [e for _, e in errs]
    return {"n": metrics["n"], "metrics": metrics, "errors": worst, "worst": worst}
