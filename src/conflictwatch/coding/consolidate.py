"""One incident told in several sentences -> one record (ACLED codes an event once per day, place
and pair of sides).

A news article tells its main incident in the lede and again further down ("a Russian missile
struck the hospital ... Russia's defence ministry said its missiles had struck military
facilities"); the assembly finds an event in each. Here the finished events of one document
are merged when they cannot be told apart: same kind of incident, same day, same country, no two
different towns, and no two different named perpetrators.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from conflictwatch.records import Event, interaction_code

# Families of event types that can tell one incident; a strategic development listed here is
# part of an incident of that family on the same day (ACLED: looting during an attack or a riot
# is part of it).
FAMILIES = {
    "Battles": "violence", "Explosions/Remote violence": "violence", "Violence against civilians": "violence",
    "Protests": "crowd", "Riots": "crowd",
}
FOLDS_INTO = {
    # Arrests stay their own record even at a protest: ACLED folds them into "Protest with
    # intervention", but users ask "who was arrested" of the store (IndiaPoliceEvents' ARREST),
    # and the arrested are named Protesters (Country) all the same.
    "crowd": frozenset({"Looting/property destruction"}),
    "violence": frozenset({"Looting/property destruction", "Non-violent transfer of territory", "Other"}),
}
TERRITORY = frozenset({"Government regains territory", "Non-state actor overtakes territory"})
TRANSFER = "Non-violent transfer of territory"
# A later mention without a date of its own (it took the publication date) is the same incident
# only when it comes this close after it, in sentences ("A brief exchange of fire followed").
UNDATED_WINDOW = 3
# Overnight events straddle two dates ("fired tear gas overnight ... 63 people had been detained").
FOLD_DAYS = 1
# Actor names that are ACLED defaults, not a named perpetrator: they never keep two records apart.
DEFAULT_PREFIXES = ("Unidentified Armed Group", "Civilians", "Protesters", "Rioters")


def family(e: Event) -> str:
    return FAMILIES.get(e.event_type, "sd:" + e.sub_event_type)


def _named(name: str | None) -> bool:
    return name is not None and not name.startswith(DEFAULT_PREFIXES)


def _days(a: Event, b: Event) -> int:
    from datetime import date

    if not a.event_date or not b.event_date:
        return 0
    return abs((date.fromisoformat(a.event_date) - date.fromisoformat(b.event_date)).days)


def _specific(e: Event) -> str | None:
    """The location's name when it is below country level."""
    loc = e.location
    if loc is None or loc.name is None or loc.name == loc.country or loc.latitude is None:
        return None
    return loc.name


def _places_agree(a: Event, b: Event) -> bool:
    la, lb = a.location, b.location
    if la is not None and lb is not None and la.iso3 and lb.iso3 and la.iso3 != lb.iso3:
        return False
    sa, sb = _specific(a), _specific(b)
    if sa is None or sb is None or sa == sb:
        return True
    # a district and its province are one place; two towns, or two provinces, are two
    assert la is not None and lb is not None
    return la.admin1 == sb or lb.admin1 == sa


def _sides_agree(a: Event, b: Event) -> bool:
    a1, a2, b1, b2 = (x.name if x is not None else None for x in (a.actor1, a.actor2, b.actor1, b.actor2))
    if _named(a1) and _named(b1) and a1 != b1 and a1 != b2:
        return False  # two perpetrators
    if _named(a1) and _named(a2) and a1 == b2 and a2 == b1 and a1 != a2:
        return False  # the other side's attack
    return True


def mergeable(a: Event, b: Event, *, gap: int, b_dated: bool) -> str | None:
    """How b joins a: "same" (one incident), "fold" (b is a development within a), or None."""
    if a.background or b.background:
        return None
    fa, fb = family(a), family(b)
    types = {a.event_type, b.event_type}
    territory = {a.sub_event_type, b.sub_event_type} & TERRITORY
    if fa == fb == "violence" and (types == {"Battles", "Violence against civilians"} or (
            territory and len({a.sub_event_type, b.sub_event_type}) > 1 and "Armed clash" not in
            {a.sub_event_type, b.sub_event_type})):
        return None  # an attack on civilians and a battle, or a capture and a massacre, are two events
    if fa == fb and not fa.startswith("sd:"):
        kind = "same"
    elif fb.startswith("sd:") and b.sub_event_type in FOLDS_INTO.get(fa, ()) or fa.startswith("sd:") and a.sub_event_type in FOLDS_INTO.get(fb, ()):
        kind = "fold"
    else:
        return None
    days = _days(a, b)
    if not b_dated:
        if gap > UNDATED_WINDOW:
            return None
    elif days > (FOLD_DAYS if kind == "fold" or fa == "crowd" else 0):
        return None
    # Soldiers "pulling back" from the place another side captured that day are the capture's
    # losing side: their withdrawal is part of it, whoever names them.
    retreat = kind == "fold" and territory and TRANSFER in {a.sub_event_type, b.sub_event_type}
    if not (_places_agree(a, b) and (retreat or _sides_agree(a, b))):
        return None
    return kind


def merge(a: Event, b: Event, *, dated: bool = False) -> Event:
    """a with what only b says: the other side, figures, a more precise place, claims, evidence;
    b's date when only b's was stated (`dated`)."""
    a1, a2 = a.actor1, a.actor2
    if b.event_type != "Strategic developments":
        # a side named in one telling replaces the default of the other ("gunmen" / "police")
        if not _named(a1.name if a1 else None) and b.actor1 is not None and _named(b.actor1.name) \
                and (a1 is None or a1.inter != 7):
            a1 = b.actor1
        if (a2 is None or a2.name.startswith("Unidentified")) and b.actor2 is not None and _named(b.actor2.name) \
                and b.actor2 != a1 and a.sub_event_type != "Peaceful protest":
            a2 = b.actor2
    if a2 is None and b.actor2 is not None and b.actor2 != a1 and not (
            a.sub_event_type == "Peaceful protest" or b.event_type == "Strategic developments"):
        a2 = b.actor2
    if a1 is not None and a2 is not None and a1.name == a2.name:
        a2 = None
    loc = a.location
    if b.location is not None and (loc is None or (b.location.geo_precision or 3) < (loc.geo_precision or 3)):
        loc = b.location
    fat, acled = a.fatalities, a.acled_fatalities
    if fat is None and b.fatalities is not None and b.event_type != "Strategic developments":
        fat, acled = b.fatalities, b.acled_fatalities
    inj = a.injured if a.injured is not None else (b.injured if b.event_type != "Strategic developments" else None)
    seen = {(c.source, c.start) for c in a.claims}
    claims = a.claims + tuple(c for c in b.claims if (c.source, c.start) not in seen)
    keep = {"event_type", "actor1"}  # the record's type and actor1 are a's; their evidence stays a's
    evidence = a.evidence + tuple(ev for ev in b.evidence if ev.field not in keep and ev not in a.evidence)
    a = replace(a, event_date=b.event_date, time_precision=b.time_precision) if dated else a
    return replace(a, actor2=a2, interaction=interaction_code(a1.inter if a1 else None, a2.inter if a2 else None),
                   location=loc, fatalities=fat, acled_fatalities=acled, injured=inj, claims=claims,
                   contested=a.contested or b.contested, confidence=max(a.confidence, b.confidence),
                   evidence=evidence)


def consolidate(items: list[tuple[Any, Event]], places_of: Any = None) -> list[Event]:
    """The events of one document (with their drafts, in text order), duplicates merged.

    `places_of(draft)` gives the town-level place names of a draft's sentences: two events that
    name only different towns are two events even when neither was resolved below the country.
    """
    kept: list[tuple[Any, Event]] = []
    for d, e in items:
        joined = False
        for k, (kd, ke) in enumerate(kept):
            gap = d.sents[0] - max(kd.sents)
            how = mergeable(ke, e, gap=gap, b_dated=d.explicit_date)
            if how is None:
                continue
            if how == "fold" and "Arrests" in (e.sub_event_type, ke.sub_event_type) and not (
                    kd.explicit_date if ke.event_type != "Strategic developments" else d.explicit_date):
                continue  # "continues to detain people who join the ongoing demonstrations": no protest of the day
            if places_of is not None:
                pa, pb = places_of(kd), places_of(d)
                if pa and pb and not pa & pb:
                    continue
            # the more confident reading names the record (the earlier one on a tie), so that
            # merging never changes what the document's top event is; arrests fold into the
            # protest whatever their confidence (ACLED: arrests at a protest are the protest)
            b_leads = e.confidence > ke.confidence
            if how == "fold" and "Arrests" in (e.sub_event_type, ke.sub_event_type):
                b_leads = ke.event_type == "Strategic developments"
            if b_leads:
                kept[k] = (d, merge(e, ke, dated=kd.explicit_date and not d.explicit_date))
            else:
                kept[k] = (kd, merge(ke, e, dated=d.explicit_date and not kd.explicit_date))
            joined = True
            break
        if not joined:
            kept.append((d, e))
    return _name_the_arrested([e for _, e in kept])


def _name_the_arrested(events: list[Event]) -> list[Event]:
    """Arrests on the day of a protest or riot in the same place arrested its crowd (ACLED names
    them Protesters/Rioters (Country)), unless the text named someone else."""
    out = []
    for e in events:
        if e.sub_event_type == "Arrests" and not e.background and (e.actor2 is None or e.actor2.inter == 7):
            crowd = next((c for c in events if family(c) == "crowd" and not c.background and c.actor1 is not None
                          and _days(c, e) <= FOLD_DAYS and _places_agree(c, e)), None)
            if crowd is not None and crowd.actor1 is not None:
                a1 = e.actor1
                e = replace(e, actor2=crowd.actor1, location=crowd.location if e.location is None or (
                    crowd.location is not None and (crowd.location.geo_precision or 3) < (e.location.geo_precision or 3))
                    else e.location, interaction=interaction_code(a1.inter if a1 else None, crowd.actor1.inter))
        out.append(e)
    return out
