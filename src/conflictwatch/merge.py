"""Reports of one event from many articles -> one canonical event.

Two reports are linked when a pairwise score says they tell the same event; a canonical event is
a connected component of that graph. Because each link depends only on its two reports (and on
the user's recorded split/join decisions), the components do not depend on the order in which
articles arrive: ingesting the same articles in any order gives the same events.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from conflictwatch.records import content_id

# Components of the link score and their weights: date and place carry most of the decision,
# type and actors guard against two different events at one place on one day, wording breaks ties.
WEIGHTS = {"date": 0.25, "place": 0.30, "type": 0.20, "actors": 0.15, "text": 0.10}
# A pair at or above this score is the same event. Chosen on the merge corpus
# (tests/golden/merge/, tests/test_merge_corpus.py) with the component scores below: 0.64 gave the
# best F1 (P 0.86, R 0.51) among 0.60-0.72; above it, reports placed only in their country stop
# joining the report that names the town; below it, same-day distractors chain in.
LINK_THRESHOLD = 0.64
# Days apart that still count as the same event, by the coarser of the two time precisions.
DATE_WINDOW = {1: 1, 2: 7, 3: 31}
# Reports further apart than this are different events whatever else they share.
MAX_KM = {1: 50.0, 2: 100.0, 3: 2000.0}
# Place and date scores for the commonest disagreements between reports of one event, set on the
# merge corpus (grid 0.5-0.65 and 0.7-0.8): a day apart at day precision ("yesterday" against the
# explicit date), and a report the coder placed only in the country against one naming the town.
ONE_DAY_SCORE = 0.8
COUNTRY_ONLY_SCORE = 0.65
# ... and the same against a report whose town its text names, or two that name the same place.
NAMED_PLACE_SCORE = 0.9
UNKNOWN_PLACE_SCORE = 0.4
# Place scores below this say two places were told apart (two towns, two provinces' districts).
PLACE_MIN = 0.55
# Type score of an attack on civilians against violence at a protest or riot (not a peaceful one).
CROWD_VIOLENCE_SCORE = 0.6
# Type score of a strategic development (an arrest, a withdrawal, a looting) against another type.
STRATEGIC_SCORE = 0.3

_WORD = re.compile(r"[a-z]{4,}")
# Capitalised words, the parts of hyphenated names apart ("al-Mawasi" -> "Mawasi").
_NAME = re.compile(r"(?<![\w-])[A-Z][^\W\d_]{3,}|(?<=-)[A-Z][^\W\d_]{3,}")
# Capitalised words that name no place: days, months, titles, sentence openers.
_NAME_STOP = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april june july august "
    "september october november december the this that these those they their there when after before "
    "president prime minister ministry army police officials official governor spokesman health interior "
    "defence defense foreign security united nations state states forces military government also some".split()
)
_STOP = frozenset(
    ["that", "this", "with", "from", "have", "were", "said", "says", "their", "they", "them", "been", "after", "about", "into", "over", "which", "when", "where", "while", "also", "would", "could", "than", "other", "more", "most", "some", "such", "only", "there", "these", "those", "killed", "people", "according"]
)


@dataclass(frozen=True)
class ReportKey:
    """What the link score reads of one report (a coded event of one article)."""

    report_id: str
    event_date: str | None
    time_precision: int
    event_type: str
    sub_event_type: str
    iso3: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    actors: frozenset[str]
    words: frozenset[str]
    # The report's place name and the capitalised names its text uses (ascii-folded, lower case):
    # a report the coder could place only in its country still names the town it tells of.
    place: str | None = None
    names: frozenset[str] = frozenset()
    # The article the report was coded from (None in keys stored before the store kept it).
    article_id: str | None = None
    # Background in its article (an earlier event the article recalls, not its news).
    background: bool = False


def report_key(report_id: str, ev: dict[str, Any], article_id: str | None = None) -> ReportKey:
    loc = ev.get("location") or {}
    actors = frozenset(
        a["name"].lower() for a in (ev.get("actor1"), ev.get("actor2")) if a and a.get("name")
    )
    text = " ".join(e.get("text", "") for e in ev.get("evidence", []))
    text += " " + " ".join(c.get("statement", "") for c in ev.get("claims", []))
    words = frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP)
    generic = _generic_names()
    names = frozenset(n for n in (_fold(w) for w in _NAME.findall(text)) if n not in generic)
    return ReportKey(
        report_id=report_id,
        event_date=ev.get("event_date"),
        time_precision=int(ev.get("time_precision") or 1),
        event_type=ev.get("event_type") or "",
        sub_event_type=ev.get("sub_event_type") or "",
        iso3=loc.get("iso3"),
        admin1=loc.get("admin1"),
        latitude=loc.get("latitude"),
        longitude=loc.get("longitude"),
        geo_precision=int(loc.get("geo_precision") or 3),
        actors=actors,
        words=words,
        place=_fold(loc.get("name") or "") or None if (loc.get("geo_precision") or 3) <= 2 else None,
        names=names,
        article_id=article_id,
        background=bool(ev.get("background")),
    )


def key_to_json(k: ReportKey) -> dict[str, Any]:
    """A ReportKey as stored beside its report, so merge candidates are read without the report."""
    d = {f: getattr(k, f) for f in ReportKey.__dataclass_fields__}
    d["actors"], d["words"], d["names"] = sorted(k.actors), sorted(k.words), sorted(k.names)
    return d


def key_from_json(d: dict[str, Any]) -> ReportKey:
    return ReportKey(**{**d, "actors": frozenset(d["actors"]), "words": frozenset(d["words"]),
                        "names": frozenset(d.get("names") or ())})


@lru_cache(maxsize=1)
def _generic_names() -> frozenset[str]:
    """Capitalised words that name no particular place: days, months, titles, and the words of
    country names, demonyms and armed groups (every report from one war shares them)."""
    from conflictwatch.coding.actors import data_rows

    out = set(_NAME_STOP)
    for row in data_rows("demonyms.tsv"):
        for cell in row[:2]:
            out.update(_fold(cell).split())
    for row in data_rows("countries.tsv"):
        out.update(_fold(row[1]).split())
        out.update(w for alias in (row[2].split("|") if len(row) > 2 else []) for w in _fold(alias).split())
    for row in data_rows("armed_groups.tsv"):
        out.update(w for alias in row[0].split("|") for w in re.split(r"[\s'-]+", _fold(alias)))
    return frozenset(out)


def _fold(text: str) -> str:
    """Lower case without accents: "Khān Yūnis" -> "khan yunis"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def names_place(names: frozenset[str], place: str | None) -> bool:
    """Does a report's text name a place ("Khan Younis" for "Khān Yūnis", "Deir al-Balah" for
    "Deir El Balah")? Any word of the place's name of four letters or more is taken as naming it."""
    if not place:
        return False
    return any(len(w) >= 4 and w in names for w in re.split(r"[\s'-]+", place))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _days_apart(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def _date_score(a: ReportKey, b: ReportKey) -> float | None:
    days = _days_apart(a.event_date, b.event_date)
    if days is None:
        return 0.5
    prec = max(a.time_precision, b.time_precision, 1)
    window = DATE_WINDOW[prec if prec in DATE_WINDOW else 3]
    if days > window:
        return None  # too far apart: never the same event
    if prec >= 3 and (a.event_date or "")[:7] != (b.event_date or "")[:7]:
        # Month precision says "some day that month": a report dated in another month is another
        # event. (The store also finds such pairs in one arrival order only; see DATE_WINDOW.)
        return None
    if days == 0:
        return 1.0
    if window == 1:
        # One day apart at day precision is most often one event told from two sides of
        # midnight: "yesterday" against an explicit date, a night attack, the day it was published.
        return ONE_DAY_SCORE
    return 1.0 - 0.5 * days / window


def _place_score(a: ReportKey, b: ReportKey) -> float | None:
    if a.iso3 and b.iso3 and a.iso3 != b.iso3:
        return None
    if not (a.iso3 and b.iso3):
        return UNKNOWN_PLACE_SCORE
    coarse = max(a.geo_precision, b.geo_precision)
    if None not in (a.latitude, a.longitude, b.latitude, b.longitude):
        km = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
        if km > MAX_KM.get(coarse, 2000.0):
            return None
        if coarse == 1:
            # Two places both named to the town: the same town, or two towns (a strike in one
            # district, a protest in a suburb) that reports of one event would not confuse.
            return 1.0 if km <= 10 else 0.5
        if coarse == 2:
            if a.admin1 and b.admin1 and a.admin1 != b.admin1:
                return 0.5  # two districts near each other, in two provinces
            return 0.85 if km <= 50 else 0.6
    if a.admin1 and b.admin1:
        # The province of a town, or one province told twice: the coarse report contains the fine.
        return 0.85 if a.admin1 == b.admin1 else 0.0
    vague_a, vague_b = a.geo_precision == 3 and not a.admin1, b.geo_precision == 3 and not b.admin1
    if vague_a and vague_b:
        # Two reports placed only in the country: the same event if they name the same place.
        return NAMED_PLACE_SCORE if a.names & b.names else COUNTRY_ONLY_SCORE
    if vague_a or vague_b:
        # A report placed only in the country contains the other; it tells the same event when its
        # text names the other's town (the coder could not place it, the words still say it).
        vague, precise = (a, b) if vague_a else (b, a)
        return NAMED_PLACE_SCORE if names_place(vague.names, precise.place) else COUNTRY_ONLY_SCORE
    return 0.5


# Reports of one event often disagree on its type: a clash or shelling, an attack on civilians or
# an air strike, a protest the police broke up or a riot. Types that are told of one event.
_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_CROWD = frozenset({"Protests", "Riots"})


def _type_score(a: ReportKey, b: ReportKey) -> float:
    if a.sub_event_type == b.sub_event_type:
        return 1.0
    if a.event_type == b.event_type:
        return 0.8
    if {a.event_type, b.event_type} <= _VIOLENT or {a.event_type, b.event_type} <= _CROWD:
        return 0.6
    types = {a.event_type, b.event_type}
    if "Violence against civilians" in types and len(types) == 2 and types - {"Violence against civilians"} <= _CROWD \
            and "Peaceful protest" not in (a.sub_event_type, b.sub_event_type):
        # police firing on a crowd is told as an attack on civilians or as force against protesters;
        # a riot's dead as a mob's victims or an attack
        return CROWD_VIOLENCE_SCORE
    if "Other" in (a.sub_event_type, b.sub_event_type):
        # The coder's fallback for what it could not type; weak evidence either way.
        return 0.3
    if "Strategic developments" in (a.event_type, b.event_type):
        # an arrest, a withdrawal or a looting and a violent event: now and then one incident
        return STRATEGIC_SCORE
    return 0.0


_COUNTRY_SUFFIX = re.compile(r"\s*\([^)]*\)$")
# Actors that say nothing about which event it was: every attack has civilians, every
# unclaimed one an unidentified group; a crowd is called protesters by one outlet, rioters by another.
_GENERIC_ACTORS = frozenset({"civilians", "unidentified armed group", "protesters", "rioters"})


def _actor_names(actors: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    names = {_COUNTRY_SUFFIX.sub("", a.lower()).strip() for a in actors}
    names = {"protesters" if n == "rioters" else n for n in names}
    return frozenset(names - _GENERIC_ACTORS), frozenset(names)


def _actor_score(a: ReportKey, b: ReportKey) -> float:
    sa, fa = _actor_names(a.actors)
    sb, fb = _actor_names(b.actors)
    if sa and sb:
        # Overlap, not Jaccard: one outlet names both sides, another only one of them.
        return 0.2 + 0.8 * len(sa & sb) / min(len(sa), len(sb))
    if fa and fb and fa & fb:
        return 0.6
    return 0.5


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.5
    return len(a & b) / len(a | b)


def link(a: ReportKey, b: ReportKey) -> tuple[float, dict[str, float], bool]:
    """The link score of two reports, its components, and whether they are one event."""
    if (a.iso3 is None) != (b.iso3 is None) or (a.event_date is None) != (b.event_date is None):
        # The store looks a report up by its country and day keys: a report without a country
        # (or a date) finds one with them only in one direction of arrival. Linking such pairs
        # would make the events depend on the order articles arrive in, so they never link.
        return 0.0, {"date": 0.0, "place": 0.0}, False
    d = _date_score(a, b)
    p = _place_score(a, b)
    if d is None or p is None:
        return 0.0, {"date": d or 0.0, "place": p or 0.0}, False
    parts = {
        "date": d,
        "place": p,
        "type": _type_score(a, b),
        "actors": _actor_score(a, b),
        "text": min(1.0, 2 * _jaccard(a.words, b.words)),
    }
    score = sum(WEIGHTS[k] * v for k, v in parts.items())
    # Where a war makes an event a day (the same sides, the same weapon, every day), only the
    # place tells two of them apart: two places that are told apart never link.
    same = score >= LINK_THRESHOLD and p >= PLACE_MIN
    return round(score, 4), {k: round(v, 4) for k, v in parts.items()}, same


def components(ids: list[str], edges: list[tuple[str, str]]) -> list[list[str]]:
    """Connected components, each sorted, listed by their smallest id (order independent)."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def _compatible(a: ReportKey, b: ReportKey) -> bool:
    """Can two reports be one event at all, whatever links them? Not an article's news and the
    background it recalls, even when a third article's report is linked to both; nor precisely
    placed reports too far apart, nor day-precise dates too far apart.

    Two news reports of one article may be one event: the coder sometimes tells one event twice
    (as an attack and as a clash, say), and other outlets' reports then bring them together."""
    if a.article_id is not None and a.article_id == b.article_id and a.background != b.background:
        return False
    days = _days_apart(a.event_date, b.event_date)
    if days is not None:
        coarse = max(a.time_precision, b.time_precision)
        if days > DATE_WINDOW[min(max(coarse, 1), 3)]:
            return False
    if a.geo_precision <= 2 and b.geo_precision <= 2:
        p = _place_score(a, b)
        if p is None or p < PLACE_MIN:
            return False
    return True


def partition(keys: dict[str, ReportKey], edges: list[tuple[str, str, float, bool]]) -> list[list[str]]:
    """Split linked reports into events, strongest links first (edges: a, b, score, forced).

    Linking is transitive, so a vague report (placed only in a country) can chain two events
    in different towns into one. A link is taken only if every pair of reports it would put
    together is compatible (`_compatible`); a user's join (forced) is always taken. Edges are
    taken in a fixed order (score, then ids), so the result does not depend on arrival order."""
    group = {r: [r] for r in keys}

    def vague(e: tuple[str, str, float, bool]) -> int:
        # Links between two precisely placed reports are the surest: they go first, so a report
        # placed only in a country joins an event already formed rather than bridging two.
        return int(keys[e[0]].geo_precision > 2 or keys[e[1]].geo_precision > 2)

    def recalled(e: tuple[str, str, float, bool]) -> int:
        # A report of an article's background joins an event only after the reports of the news
        # have formed it: otherwise it could take the place of its own article's news report,
        # which it can never share an event with (`_compatible`).
        return int(keys[e[0]].background or keys[e[1]].background)

    ordered = sorted(edges, key=lambda e: (not e[3], recalled(e), vague(e), -e[2], e[0], e[1]))
    # A vaguely placed report linked to precise reports of two different towns cannot say which
    # event it tells: it is left on its own rather than guessed into one of them.
    precise_links: dict[str, set[str]] = {}
    for a, b, _s, forced in ordered:
        if not forced:
            for v, other in ((a, b), (b, a)):
                if keys[v].geo_precision > 2 and keys[other].geo_precision <= 2:
                    precise_links.setdefault(v, set()).add(other)
    # ... unless its text names the place of only some of them: it tells of those.
    cut: set[tuple[str, str]] = set()
    for v, others in precise_links.items():
        named = {o for o in others if names_place(keys[v].names, keys[o].place)}
        if named and named != others and all(_compatible(keys[x], keys[y]) for x in named for y in named):
            precise_links[v] = named
            cut |= {(v, o) for o in others - named} | {(o, v) for o in others - named}
    ambiguous = {v for v, others in precise_links.items()
                 if any(not _compatible(keys[x], keys[y]) for x in others for y in others)}
    for a, b, _score, forced in ordered:
        ga, gb = group[a], group[b]
        if ga is gb:
            continue
        if not forced and (a in ambiguous or b in ambiguous or (a, b) in cut):
            continue
        if not forced and not all(_compatible(keys[x], keys[y]) for x in ga for y in gb):
            continue
        merged = ga + gb
        for r in merged:
            group[r] = merged
    seen: set[int] = set()
    out = []
    for g in group.values():
        if id(g) not in seen:
            seen.add(id(g))
            out.append(sorted(g))
    return sorted(out, key=lambda g: g[0])


def canonical_id(report_ids: list[str]) -> str:
    """A canonical event's id: a hash of its first report, stable while that report stays in it."""
    return content_id("event", min(report_ids))


def _range(values: list[dict[str, int]]) -> dict[str, int] | None:
    if not values:
        return None
    bests = Counter(v["best"] for v in values)
    top = max(bests.values())
    # The most frequent figure is best; among equally frequent ones, the lowest (ACLED's caution).
    best = min(b for b, n in bests.items() if n == top)
    return {"low": min(v["low"] for v in values), "best": best, "high": max(v["high"] for v in values)}


def aggregate(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """Merge the reports of one event (each: {"report_id", "event", "meta"}) into one EVENT.

    Categorical fields come from the most credible report (highest confidence, then earliest
    published); figures span all reports; claims are the union; contested if any report is.
    """
    ordered = sorted(
        reports,
        key=lambda r: (-(r["event"].get("confidence") or 0), r["meta"].get("published") or "", r["report_id"]),
    )
    lead = dict(ordered[0]["event"])
    fats = [r["event"]["fatalities"] for r in reports if r["event"].get("fatalities")]
    injs = [r["event"]["injured"] for r in reports if r["event"].get("injured")]
    lead["fatalities"] = _range(fats)
    lead["injured"] = _range(injs)
    lead["acled_fatalities"] = min((f["low"] for f in fats), default=0)
    seen, claims = set(), []
    for r in sorted(reports, key=lambda r: r["report_id"]):
        for c in r["event"].get("claims", []):
            key = (c.get("source"), c.get("stance"), c.get("statement"))
            if key not in seen:
                seen.add(key)
                claims.append({**c, "article_id": r["meta"].get("article_id")})
    lead["claims"] = claims
    lead["contested"] = any(r["event"].get("contested") for r in reports)
    lead["background"] = all(r["event"].get("background") for r in reports)
    lead["confidence"] = max(r["event"].get("confidence") or 0 for r in reports)
    # Dates: the earliest precise date reported.
    dated = [r["event"] for r in reports if r["event"].get("event_date")]
    if dated:
        first = min(dated, key=lambda e: (e.get("time_precision") or 3, e["event_date"]))
        lead["event_date"], lead["time_precision"] = first["event_date"], first.get("time_precision", 1)
    # Location: the most precise one reported.
    located = [r["event"]["location"] for r in ordered if r["event"].get("location")]
    if located:
        lead["location"] = min(located, key=lambda loc: loc.get("geo_precision") or 3)
    lead["evidence"] = [e for r in ordered for e in r["event"].get("evidence", [])]
    lead["reports"] = [
        {**r["meta"], "report_id": r["report_id"], "fatalities": r["event"].get("fatalities"),
         "claims": r["event"].get("claims", [])}
        for r in sorted(reports, key=lambda r: (r["meta"].get("published") or "", r["report_id"]))
    ]
    lead["first_reported"] = min((r["meta"].get("published") or "" for r in reports), default="") or None
    return lead


TRACKED = ("event_type", "sub_event_type", "event_date", "fatalities", "injured", "acled_fatalities",
           "contested", "location")


def add_revision(revisions: list[dict[str, Any]], entry: dict[str, Any]) -> None:
    """Append a revision; one that continues the last (the same article at the same moment: the
    transaction that stores an article, which changed the event twice, as a page's new version
    joined it and its old version left) is folded into it: from the first step's old values to the
    second's new ones, and dropped when nothing changed in all. (An article is stored once, in one
    transaction; a user's split or join names no article and is never folded.)"""
    last = revisions[-1] if revisions else None
    if (last is None or entry.get("article_id") is None
            or (last.get("at"), last.get("article_id")) != (entry.get("at"), entry.get("article_id"))
            or "created" in entry["changes"]):
        revisions.append(entry)
        return
    if "created" in last["changes"]:
        last["reports"] = entry.get("reports")
        return
    both = dict(last["changes"])
    for k, (old, new) in entry["changes"].items():
        both[k] = [both[k][0] if k in both else old, new]
    both = {k: v for k, v in both.items() if v[0] != v[1]}
    if both:
        revisions[-1] = {**entry, "changes": both}
    else:
        revisions.pop()


def changes(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """The tracked fields that differ between two versions of an event, as {field: [old, new]}."""
    if old is None:
        return {"created": True}
    return {k: [old.get(k), new.get(k)] for k in TRACKED if old.get(k) != new.get(k)}

