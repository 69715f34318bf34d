"""A finished Draft -> the Event record: defaults by event type, location, claims' stances,
background, confidence, evidence and the stable id."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import lru_cache
from typing import Any

from conflictwatch.coding.actors import ActorMention, CountryRef, make_actor
from conflictwatch.coding.assemble import (
    BACKGROUND_MIN_DAYS,
    COMPLETENESS_WEIGHT,
    FEATURE_PRECISION,
    UNKNOWN_AGENT_SUBTYPES,
    VICTIM_TYPES,
    DocumentContext,
    Draft,
    party,
    same_actor,
)
from conflictwatch.coding.numbers import combine
from conflictwatch.records import Actor, Claim, Event, Evidence, Location, Place, content_id, interaction_code

# Dependencies of a place name that use it for its government or army, not as where something
# happened ("Baku's positions", "Armenia said", "Azerbaijani troops").
METONYMY_DEPS = frozenset({"poss", "nsubj", "compound", "amod", "nsubjpass"})
# Sub-event types in which the crowd acts (actor1 defaults to Protesters / Rioters of the country).
PROTEST_TYPE = "Protests"
RIOT_TYPE = "Riots"
STATE_DEFAULT_SUBTYPES = {"Arrests": "Police Forces of {country}"}


def place_precision(p: Place) -> int:
    if p.geo_precision:
        return int(p.geo_precision)
    code = p.feature_code or ""
    for prefix, prec in FEATURE_PRECISION.items():
        if code.startswith(prefix):
            return prec
    return 3


@lru_cache(maxsize=512)
def country_centroid(name: str) -> tuple[float | None, float | None]:
    try:
        from countryinfo import CountryInfo

        lat, lon = CountryInfo(name).latlng()
        return float(lat), float(lon)
    except (ValueError, KeyError, TypeError, ImportError, AttributeError):
        return None, None


def focus_country(ctx: DocumentContext) -> tuple[CountryRef, tuple[int, int, str]] | None:
    """The article's most mentioned country, from resolved places, else from country names and demonyms."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, int, str]] = {}
    countries = ctx.lexicon.countries
    for p in ctx.places:
        if p.iso3:
            counts[p.iso3] += 1
            first.setdefault(p.iso3, (p.start, p.end, p.text))
    if not counts:
        for ent in ctx.sdoc.ents:
            if ent.label_ in ("GPE", "NORP"):
                ref = countries.lookup(ent.text, capitals=ent.label_ == "GPE")
                if ref:
                    counts[ref.iso3] += 1
                    first.setdefault(ref.iso3, (ent.start_char, ent.end_char, ent.text))
    if not counts:
        return None
    iso3 = counts.most_common(1)[0][0]
    ref = countries.get(iso3)
    return (ref, first[iso3]) if ref else None


def choose_place(d: Draft, ctx: DocumentContext) -> Place | None:
    """The most precise place in the event's own sentences that is used as a place."""
    cands = []
    for p in ctx.places:
        si = ctx.sent_index(p.start)
        if si not in d.sents:
            continue
        span = ctx.sdoc.char_span(p.start, p.end, alignment_mode="expand")
        root = span.root if span is not None else None
        while root is not None and root.dep_ == "conj" and root.head.i != root.i:
            root = root.head  # "Yerevan and Baku have fought": both are the subject
        if root is not None and root.dep_ in METONYMY_DEPS:
            continue
        if root is not None and in_other_clause(root, d):
            continue  # "separatists who had controlled it since the collapse of the Soviet Union"
        cands.append((place_precision(p), d.sents.index(si), p.start, p))
    return min(cands, key=lambda x: x[:3])[3] if cands else None


def in_other_clause(tok: Any, d: Draft) -> bool:
    """Is the word inside a relative clause that holds none of the event's cue words?"""
    for a in [tok, *tok.ancestors]:
        if a.dep_ in ("relcl", "acl") and a.pos_ in ("VERB", "AUX"):
            lo, hi = a.left_edge.idx, a.right_edge.idx + len(a.right_edge)
            return not any(lo <= c.start < hi for c in d.cues)
    return False


def location_of(d: Draft, ctx: DocumentContext, geocoder: Any, a1: ActorMention | None, a2: ActorMention | None
                ) -> tuple[Location | None, tuple[int, int, str] | None, CountryRef | None]:
    p = choose_place(d, ctx)
    countries = ctx.lexicon.countries
    if p is not None:
        ref = countries.get(p.iso3) if p.iso3 else None
        loc = Location(name=p.name or p.text, admin1=p.admin1, admin2=p.admin2,
                       country=ref.name if ref else p.country, iso3=p.iso3, latitude=p.latitude,
                       longitude=p.longitude, geo_precision=place_precision(p), geonameid=p.geonameid)
        return loc, (p.start, p.end, p.text), ref
    # no place in the passage: a country it names as a place, the side acted on (it usually
    # stands where it happened), else the article's focus
    ref = None
    ev: tuple[int, int, str] | None = None
    for si in d.sents:
        for ent in ctx.sents[si].ents:
            if ent.label_ != "GPE" or (ent.root.dep_ in METONYMY_DEPS and ent.root.head.pos_ != "PROPN"
                                       and ent.root.dep_ != "poss"):
                continue
            if ent.root.dep_ == "poss" and ctx.lexicon._agent_of(ent.root.head) is not None:
                continue  # "Baku's positions", "Azerbaijan's army"
            if ent.root.dep_ == "poss" and ent.root.head.lower_ in ("ministry", "government", "president"):
                continue
            got = countries.lookup(ent.text, capitals=False)
            if got is not None:
                ref, ev = got, (ent.start_char, ent.end_char, ent.text)
                break
        if ref is not None:
            break
    for m in (a2, a1):
        if ref is not None:
            break
        if m is not None and m.country is not None and m.role != "group":
            ref, ev = m.country, (m.start, m.end, m.text)
            break
    if ref is None:
        focus = focus_country(ctx)
        if focus is None:
            return None, None, None
        ref, ev = focus
    lat = lon = None
    gid = None
    if geocoder is not None:
        gp = geocoder.country(ref.iso3)
        if gp is not None:
            lat, lon, gid = gp.latitude, gp.longitude, gp.geonameid
    if lat is None:
        lat, lon = country_centroid(ref.name)
    loc = Location(name=ref.name, admin1=None, admin2=None, country=ref.name, iso3=ref.iso3, latitude=lat,
                   longitude=lon, geo_precision=3, geonameid=gid)
    return loc, ev, ref


def default_actors(d: Draft, country: CountryRef | None) -> tuple[Actor | None, Actor | None, int | None, int | None]:
    """actor1/actor2 with ACLED's defaults for the event type; returns the indices of their evidence mentions."""
    sub = str(d.main.sub_event_type)
    a1m, a2m = d.actor1, d.actor2
    a1 = a1m.actor(country) if a1m else None
    a2 = a2m.actor(country) if a2m else None
    if d.event_type in (PROTEST_TYPE, RIOT_TYPE):
        # the crowd is actor1 whoever the sentence's subject is; the state (or victims) actor2
        ms = [m for m in (a1m, a2m) if m is not None]
        crowd = next((m for m in ms if m.role == "crowd"), None)
        other = next((m for m in ms if m is not crowd and m.role in ("state", "group", "victim", "unknown")), None)
        c_country = crowd.country if crowd is not None and crowd.country else country
        if d.event_type == PROTEST_TYPE:
            a1 = make_actor("Protesters ({country})", 6, c_country)
        else:
            a1 = make_actor("Rioters ({country})", 5, c_country)
        a2 = other.actor(country) if other is not None else None
    elif sub in STATE_DEFAULT_SUBTYPES and (a1m is None or a1m.inter != 1):
        if a1m is not None and a2 is None:
            a2 = a1
        a1 = make_actor(STATE_DEFAULT_SUBTYPES[sub], 1, country)
    if d.event_type in VICTIM_TYPES and (a2 is None or a2.inter != 7) and (a1 is None or a1.inter != 7):
        a2 = make_actor("Civilians ({country})", 7, country)
    if a1 is None and sub in UNKNOWN_AGENT_SUBTYPES:
        a1 = make_actor("Unidentified Armed Group ({country})", 3, country)
    if a1 is not None and a1.inter == 7 and a2 is not None and a2.inter != 7:
        a1, a2 = a2, a1  # civilians are acted on; ACLED never lists them first
    if a1 is None and a2 is not None and d.event_type not in VICTIM_TYPES:
        a1, a2 = a2, None
    if a1 is not None and a2 is not None and a1.name == a2.name:
        a2 = None
    return a1, a2, None, None


def final_stance(base: str, src_party: str | None, d: Draft) -> str:
    if base in ("denies", "disputes"):
        return base
    accused = party(d.actor1)
    if src_party and accused and src_party == accused and party(d.actor2) != src_party:
        return "acknowledges"
    return base


def speaks_for_side(a: Any, src_party: str | None, d: Draft, ctx: DocumentContext) -> bool:
    """Is the source one of the event's sides (its country or group, or the same kind of force)?"""
    if src_party is not None and src_party in d.parties:
        return True
    info = ctx.info(ctx.sent_index(a.source_start))
    return any(a.source_start <= m.start and m.end <= a.source_end
               and (same_actor(m, d.actor1) or same_actor(m, d.actor2)) for m in info.actors)


def finish(d: Draft, ctx: DocumentContext, text: str, published: dt.date, geocoder: Any) -> Event:
    main = d.main
    ev: list[Evidence] = []

    def add(field: str, s: int, e: int) -> None:
        if 0 <= s < e <= len(text):
            ev.append(Evidence(field, s, e, text[s:e]))

    add("event_type", main.start, main.end)
    loc, loc_ev, loc_country = location_of(d, ctx, geocoder, d.actor1, d.actor2)
    country = loc_country or (focus_country(ctx) or (None, None))[0]
    a1, a2, _, _ = default_actors(d, country)
    for name, actor, m in (("actor1", a1, d.actor1), ("actor2", a2, d.actor2)):
        if actor is None:
            continue
        src = next((x for x in (d.actor1, d.actor2) if x is not None and x.actor(country).name == actor.name), None)
        if src is not None:
            add(name, src.start, src.end)
        else:  # a default by event type: the trigger is what implies it
            add(name, main.start, main.end)
    # casualties
    fat = inj = None
    acled = 0
    for kind in ("killed", "injured"):
        ms = [c for _, c in d.casualties if c.kind == kind]
        rng, ac, used = combine(ms)
        for c in used:
            add("fatalities" if kind == "killed" else "injured", c.start, c.end)
        if kind == "killed":
            fat, acled = rng, ac
        else:
            inj = rng
    # date
    date = d.date or published
    precision = d.precision if d.date else 1
    if d.date_span:
        add("event_date", d.date_span[0], d.date_span[1])
    else:
        add("event_date", main.sent_start, main.sent_end)
    if loc_ev:
        add("location", loc_ev[0], loc_ev[1])
    # claims
    claims: list[Claim] = []
    kept: list[tuple[Any, str | None]] = []  # the attributions behind `claims`, in step
    seen: set[tuple[str, int]] = set()
    first_best = fat.best if fat else None
    for a, src_party in d.claims:
        stance = final_stance(a.stance, src_party, d)
        if stance == "asserts" and first_best is not None and claims:
            own = [c for c in ctx.info(ctx.sent_index(a.start)).casualties if c.kind == "killed" and c.best > 0]
            if own and all(c.best != first_best for c in own) and src_party and src_party in d.parties:
                stance = "disputes"
        key = (a.source, a.start)
        if key in seen:
            continue
        seen.add(key)
        claims.append(Claim(a.source, stance, text[a.start:a.end], a.start, a.end))
        kept.append((a, src_party))
        add("claims", min(a.source_start, a.start), a.end)
    # contested: a side of the event denies or disputes it; "officials denied" names no side
    contested = any(c.stance in ("denies", "disputes") and speaks_for_side(a, sp, d, ctx)
                    for c, (a, sp) in zip(claims, kept))
    background = d.background or (ctx.published_known and (published - date).days > BACKGROUND_MIN_DAYS)
    if not background and not d.explicit_date:
        info = ctx.info(d.sents[0])
        if info.background_marker is not None:
            background = True
            add("background", info.background_marker[0], info.background_marker[1])
    filled = [a1 is not None, d.explicit_date, loc is not None, bool(claims) or fat is not None]
    completeness = sum(filled) / len(filled)
    confidence = round(min(1.0, float(main.confidence) * (1 - COMPLETENESS_WEIGHT + COMPLETENESS_WEIGHT * completeness)), 3)
    sent = ctx.sents[d.sents[0]]
    eid = content_id(text, str(main.event_type), str(main.sub_event_type), str(sent.start_char), str(sent.end_char))
    return Event(
        event_id=eid, event_type=str(main.event_type), sub_event_type=str(main.sub_event_type),
        event_date=date.isoformat(), time_precision=precision, actor1=a1, actor2=a2,
        interaction=interaction_code(a1.inter if a1 else None, a2.inter if a2 else None),
        fatalities=fat, acled_fatalities=acled, injured=inj, location=loc, claims=tuple(claims),
        contested=contested, background=background, confidence=confidence, evidence=tuple(ev),
    )
