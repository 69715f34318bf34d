"""A finished Draft -> the Event record: defaults by event type, location (coding/places.py),
claims' stances, background, confidence, evidence and the stable id."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conflictwatch.coding.actors import ActorMention, CountryRef, make_actor
from conflictwatch.coding.assemble import (
    BACKGROUND_MIN_DAYS,
    COMPLETENESS_WEIGHT,
    UNKNOWN_AGENT_SUBTYPES,
    VICTIM_TYPES,
    DocumentContext,
    Draft,
    party,
    same_actor,
)
from conflictwatch.coding.numbers import combine
from conflictwatch.coding.places import focus_country, location_of
from conflictwatch.records import Actor, Claim, Event, Evidence, content_id, interaction_code

# Sub-event types in which the crowd acts (actor1 defaults to Protesters / Rioters of the country).
PROTEST_TYPE = "Protests"
RIOT_TYPE = "Riots"
STATE_DEFAULT_SUBTYPES = {"Arrests": "Police Forces of {country}"}


# Words that present an event as a running state or a tally over a period ("a month of almost
# daily protests", "stepped up attacks"), which ACLED does not code as an event of the day; the
# cue must follow one within PERIOD_REACH tokens.
PERIOD_WORDS = ("a month of", "months of", "weeks of", "almost daily", "stepped up", "step up")
PERIOD_REACH = 4


def running_state(cue: Any, ctx: DocumentContext) -> bool:
    """Is the cue's clause a state or a tally since some point, not an event of one day?

    "Since fighting flared on 10 May, 192 people have been killed", "Kharkiv has come under
    heavier air attack since Russian troops opened a new offensive", "a month of protests".
    """
    span = ctx.sdoc.char_span(cue.start, cue.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    trig = span.root
    sent = trig.sent
    toks = [t.lower_ for t in sent]
    k = trig.i - sent.start
    in_relcl = any(a.dep_ == "relcl" for a in trig.ancestors)  # "a death that inspired months of protests"
    for w in PERIOD_WORDS if not in_relcl else ():
        n = len(w.split())
        for j in range(max(0, k - PERIOD_REACH - n), k):
            if " ".join(toks[j:j + n]) == w:
                return True
    verb = trig
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    def perfect(v: Any) -> bool:
        return any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have") for c in v.children)

    for t in sent:
        if t.lower_ != "since" or t.dep_ != "mark":
            continue
        if t.head.head.i == verb.i and perfect(verb):
            return True  # the cue's clause runs since then
        clause = t.head
        inside = any(x.i == trig.i for x in clause.subtree)
        if inside and clause.dep_ == "advcl" and perfect(clause.head):
            return True  # the cue starts the period a tally runs over
    return False


# Sub-event types a state force never carries out on its own side's vehicles: when the text's only
# armed side is the state, it is the target (ACLED: "roadside bomb hit an army vehicle" is
# Unidentified Armed Group vs Military Forces).
HIDDEN_ATTACKER_SUBTYPES = frozenset({"Remote explosive/landmine/IED", "Suicide bomb"})
# Words in an arrest's sentence that say who was arrested (ACLED names arrested demonstrators
# Protesters/Rioters (Country), others Civilians).
RIOT_WORDS = ("riot", "disorder", "looting", "violent unrest")
PROTEST_WORDS = ("protest", "demonstrat", "rally", "march")
ARMED_ROLES = frozenset({"state", "group", "unknown", "country"})


def victim_force(d: Draft, ctx: DocumentContext | None) -> ActorMention | None:
    """A state force named as the dead or wounded of the event ("one of its soldiers had been wounded")."""
    if ctx is None:
        return None
    for si, c in d.casualties:
        if c.victim_i is None:
            continue
        for m in ctx.info(si).actors:
            if m.root == c.victim_i and m.role == "state" and m.inter == 1:
                return m
    return None


def acled_type(d: Draft, ctx: DocumentContext | None = None) -> tuple[str, str]:
    """The event and sub-event type, corrected by who acts on whom (ACLED's conventions).

    A crowd that attacks is a riot, not violence against civilians or a battle; an attack whose
    only victims are soldiers is a clash between armed sides.
    """
    etype, sub = d.event_type, str(d.main.sub_event_type)
    a1m, a2m = d.actor1, d.actor2
    crowd_acts = a1m is not None and a1m.role == "crowd"
    if etype == "Violence against civilians" and crowd_acts:
        armed_target = a2m is not None and a2m.role in ARMED_ROLES
        return RIOT_TYPE, "Violent demonstration" if armed_target else "Mob violence"
    if etype == "Battles" and crowd_acts:
        return RIOT_TYPE, "Violent demonstration"
    if etype == "Violence against civilians" and sub == "Attack" and a1m is not None and a1m.role in ARMED_ROLES:
        target = a2m if a2m is not None and a2m.role == "state" else victim_force(d, ctx)
        if target is not None and not same_actor(target, a1m):
            return "Battles", "Armed clash"
    return etype, sub


def default_actors(d: Draft, country: CountryRef | None, *, ctx: DocumentContext | None = None,
                   etype: str | None = None, sub: str | None = None
                   ) -> tuple[Actor | None, Actor | None, int | None, int | None]:
    """actor1/actor2 with ACLED's defaults for the event type; returns the indices of their evidence mentions."""
    etype = etype or d.event_type
    sub = sub or str(d.main.sub_event_type)
    a1m, a2m = d.actor1, d.actor2
    a1 = a1m.actor(country) if a1m else None
    a2 = a2m.actor(country) if a2m else None
    if etype == "Battles" and a2m is None and (a1m is None or a1m.role in ARMED_ROLES):
        vf = victim_force(d, ctx)
        if vf is not None and not same_actor(vf, a1m):
            a2 = vf.actor(country)
    if etype in (PROTEST_TYPE, RIOT_TYPE):
        # the crowd is actor1 whoever the sentence's subject is; the state (or, in a riot,
        # victims) actor2; a peaceful protest has no actor2 (ACLED interaction 60)
        ms = [m for m in (a1m, a2m) if m is not None]
        crowd = next((m for m in ms if m.role == "crowd"), None)
        roles = ("state", "group", "unknown") if etype == PROTEST_TYPE else ("state", "group", "victim", "unknown")
        other = next((m for m in ms if m is not crowd and m.role in roles), None)
        c_country = crowd.country if crowd is not None and crowd.country else country
        if etype == PROTEST_TYPE:
            a1 = make_actor("Protesters ({country})", 6, c_country)
        else:
            a1 = make_actor("Rioters ({country})", 5, c_country)
        a2 = other.actor(country) if other is not None and sub != "Peaceful protest" else None
    elif sub in STATE_DEFAULT_SUBTYPES and (a1m is None or a1m.inter != 1):
        if a1m is not None and a2 is None:
            a2 = a1
        a1 = make_actor(STATE_DEFAULT_SUBTYPES[sub], 1, country)
    if sub == "Arrests" and (a2 is None or a2.inter == 7) and ctx is not None:
        words = " ".join(ctx.sents[i].text.lower() for i in d.sents)
        if any(w in words for w in RIOT_WORDS):
            a2 = make_actor("Rioters ({country})", 5, country)
        elif any(w in words for w in PROTEST_WORDS):
            a2 = make_actor("Protesters ({country})", 6, country)
    if sub in HIDDEN_ATTACKER_SUBTYPES and a1 is not None and a1.inter == 1 and (
            a2 is None or a2.inter == 7 or a2.name == a1.name):
        a1, a2 = None, a1  # "the troops were driving back when an IED was set off": the troops are hit
    if etype in VICTIM_TYPES and (a2 is None or a2.inter != 7) and (a1 is None or a1.inter != 7):
        a2 = make_actor("Civilians ({country})", 7, country)
    if a1 is None and sub in UNKNOWN_AGENT_SUBTYPES:
        a1 = make_actor("Unidentified Armed Group ({country})", 3, country)
    if a1 is not None and a1.inter == 7 and a2 is not None and a2.inter != 7:
        a1, a2 = a2, a1  # civilians are acted on; ACLED never lists them first
    if a1 is not None and a1.inter == 7:
        # only civilians named: they are the victims, and the side that acted is not named
        if etype in ("Explosions/Remote violence", "Violence against civilians"):
            a1, a2 = make_actor("Unidentified Armed Group ({country})", 3, country), a1
        elif etype == "Battles":
            a1, a2 = make_actor("Unidentified Armed Group ({country})", 3, country), None
        else:
            a1 = None
    if a1 is None and a2 is not None and a2.inter == 7 and etype in ("Explosions/Remote violence", "Battles"):
        a1 = make_actor("Unidentified Armed Group ({country})", 3, country)  # "12 people were killed in a strike"
        a2 = a2 if etype != "Battles" else None
    if a1 is None and a2 is not None and etype not in VICTIM_TYPES and a2.inter != 7:
        a1, a2 = a2, None
    if a1 is not None and a2 is not None and a1.name == a2.name:
        a2 = None
    return a1, a2, None, None


def implausible(d: Draft) -> bool:
    """A cue the reading of its sides rules out: "the gunmen marched hundreds into the bush" is no protest."""
    if d.event_type == PROTEST_TYPE and d.actor1 is not None and d.actor1.role in ("group", "unknown"):
        return not (d.actor2 is not None and d.actor2.role == "crowd")
    return False


def final_stance(a: Any, src_party: str | None, d: Draft, ctx: DocumentContext) -> str:
    """The attribution's stance toward this event: the accused side that speaks of it acknowledges
    it, unless it blames someone else ("Armenia said it was investigating that claim and accused
    Azerbaijan of looking for a pretext"): then it disputes it."""
    if a.stance in ("denies", "disputes"):
        return a.stance
    accused = party(d.actor1)
    if src_party and accused and src_party == accused and party(d.actor2) != src_party:
        return "disputes" if _blames_another(ctx, a) else "acknowledges"
    return a.stance


def _blames_another(ctx: DocumentContext, a: Any) -> bool:
    """Does the statement accuse or blame someone ("... and accused Azerbaijan of ...")?"""
    span = ctx.sdoc.char_span(a.start, a.end, alignment_mode="expand")
    return span is not None and any(
        t.lemma_.lower() in ("accuse", "blame") and any(c.dep_ == "dobj" for c in t.children) for t in span)


def speaks_for_side(a: Any, src_party: str | None, d: Draft, ctx: DocumentContext) -> bool:
    """Is the source one of the event's sides (its country or group, or the same kind of force)?"""
    if src_party is not None and src_party in d.parties:
        return True
    info = ctx.info(ctx.sent_index(a.source_start))
    return any(a.source_start <= m.start and m.end <= a.source_end
               and (same_actor(m, d.actor1) or same_actor(m, d.actor2)) for m in info.actors)


# Markers that are nouns naming a past event in their "of" phrase: they make background only the
# event told there ("the anniversary of the arrest of Ocalan"), not the sentence's news
# ("police arrested dozens ... amid preparations to mark the anniversary").
NOUN_MARKERS = frozenset({"anniversary", "history of"})


def _marks(marker: tuple[int, int, str], cue: Any, ctx: DocumentContext) -> bool:
    """Does a sentence's background marker concern this event?"""
    if marker[2] not in NOUN_MARKERS:
        return True
    word = ctx.sdoc.char_span(marker[0], marker[1], alignment_mode="expand")
    trigger = ctx.sdoc.char_span(cue.start, cue.end, alignment_mode="expand")
    if word is None or trigger is None or not len(word) or not len(trigger):
        return True
    inside = {t.i for t in word[0].subtree}
    return trigger.root.i in inside


def finish(d: Draft, ctx: DocumentContext, text: str, published: dt.date, geocoder: Any) -> Event:
    main = d.main
    ev: list[Evidence] = []

    def add(field: str, s: int, e: int) -> None:
        if 0 <= s < e <= len(text):
            ev.append(Evidence(field, s, e, text[s:e]))

    add("event_type", main.start, main.end)
    loc, loc_ev, loc_country = location_of(d, ctx, geocoder, d.actor1, d.actor2)
    country = loc_country or (focus_country(ctx) or (None, None))[0]
    etype, sub = acled_type(d, ctx)
    a1, a2, _, _ = default_actors(d, country, ctx=ctx, etype=etype, sub=sub)
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
        # a strategic development has no dead or wounded of its own (ACLED codes 0): counts in
        # the sentences after it belong to the violence it follows ("104 officers injured since
        # the disorder"); a count in its own sentence ("73 died in police firing while 2,500 were
        # arrested") is kept, as it tells of violence the classifier did not type
        own_si = ctx.sent_index(main.start)
        ms = [c for si, c in d.casualties if c.kind == kind
              and (etype != "Strategic developments" or si == own_si)]
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
        stance = final_stance(a, src_party, d, ctx)
        if stance == "asserts" and first_best is not None and claims:
            own = [c for c in ctx.info(ctx.sent_index(a.start)).casualties
                   if c.kind == "killed" and c.best > 0 and not c.implicit]
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
    background = d.background or (ctx.published_known and (published - date).days > BACKGROUND_MIN_DAYS) \
        or running_state(main, ctx)
    if not background and not d.explicit_date:
        info = ctx.info(d.sents[0])
        if info.background_marker is not None and _marks(info.background_marker, main, ctx):
            background = True
            add("background", info.background_marker[0], info.background_marker[1])
    filled = [a1 is not None, d.explicit_date, loc is not None, bool(claims) or fat is not None]
    completeness = sum(filled) / len(filled)
    confidence = round(min(1.0, float(main.confidence) * (1 - COMPLETENESS_WEIGHT + COMPLETENESS_WEIGHT * completeness)), 3)
    sent = ctx.sents[d.sents[0]]
    eid = content_id(text, etype, sub, str(sent.start_char), str(sent.end_char))
    return Event(
        event_id=eid, event_type=etype, sub_event_type=sub,
        event_date=date.isoformat(), time_precision=precision, actor1=a1, actor2=a2,
        interaction=interaction_code(a1.inter if a1 else None, a2.inter if a2 else None),
        fatalities=fat, acled_fatalities=acled, injured=inj, location=loc, claims=tuple(claims),
        contested=contested, background=background, confidence=confidence, evidence=tuple(ev),
    )
