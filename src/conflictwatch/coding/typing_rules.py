"""Typing rules: one sentence's trigger matches -> typed, flagged Cues (ACLED codebook logic).

The rules read the main verb and its arguments, not more keywords: who acts (state forces,
non-state armed groups, crowds), on what (armed targets, civilians, places, weapons), and
whether the trigger is the sentence's news or only its grievance, attribution or plan.
"""

from __future__ import annotations

from typing import Any

from conflictwatch.coding.typing_families import (
    ABDUCTION,
    AGREEMENT,
    ARRESTS,
    CHANGE,
    EXCESSIVE,
    GATHER_VERBS,
    INTERVENTION,
    PEACEFUL,
    VIOLENT_DEMO,
    gathers_to_protest,
    type_one,
)
from conflictwatch.coding.typing_parse import (
    CONTEXT_FACTOR,
    EMBEDDED_FACTOR,
    GRIEVANCE_FACTOR,
    PROTEST_FAMILIES,
    REASON_FACTOR,
    TALK_NOUNS,
    SentenceContext,
    agent_tokens,
    anchored_reference,
    background_factor,
    is_description,
    is_embedded,
    is_grievance,
    is_hypothetical,
    is_negated,
    is_reason,
    is_speaker,
    patient_tokens,
    root_denies,
    span_of,
    standing_state,
    talks_are_news,
)
from conflictwatch.records import SUB_EVENT_TYPES

__all__ = ["SentenceContext", "resolve_sentence"]

# Tie-breaks between readings of equal confidence, after the codebook: a territory change
# outranks the fighting that produced it, the most specific weapon outranks a generic one.
SPECIFICITY: dict[str, float] = {
    "Government regains territory": 0.02,
    "Non-state actor overtakes territory": 0.02,
    "Non-violent transfer of territory": 0.02,
    "Suicide bomb": 0.02,
    "Chemical weapon": 0.01,
}
# In one sentence, a suicide attack's explosive device is the suicide bomb itself, and looting
# done in an assault on people ("stormed the hospital, opened fire and looted it") is part of it.
OUTRANKED_BY: dict[str, set[str]] = {
    "Remote explosive/landmine/IED": {"Suicide bomb"},
    "Looting/property destruction": {"Attack", "Armed clash"},
}
OUTRANKS_AT = 0.7


def resolve_sentence(ctx: SentenceContext, mentions: list[tuple[int, int, Any]]) -> list[Any]:
    """Type every trigger match of one sentence; returns Cues (unfiltered)."""
    from conflictwatch.coding.classify import Cue

    doc = ctx.doc
    protest_heads = [doc[s:e].root for s, e, t in mentions if t.kind in PROTEST_FAMILIES]
    # a gathering is a protest only with a protest's aim or crowd ("relatives gathered for the funerals")
    protest_heads = [h for h in protest_heads if h.lemma_.lower() not in GATHER_VERBS or gathers_to_protest(h)]
    real_protests = [h for h in protest_heads if not is_hypothetical(h, ctx, scheduled=True)]
    consumed: set[int] = set()
    typed: list[tuple[Any, str, float, int, int, bool, bool]] = []
    for start, end, trig in mentions:
        span = doc[start:end]
        tok = span.root
        res = type_one(trig, tok, span, ctx, real_protests, consumed)
        if res is None:
            continue
        sub, conf = res
        # a dated or counted incident ("Monday's attack", "the killing of 100 people") is one the
        # report is about, even inside a reaction, an inquiry or a grievance (the families already
        # give it its confidence without a named armed side)
        anchored = trig.kind in ("@attack", "@strike", "@explosion") and anchored_reference(tok)
        typed.append((tok, sub, conf, start, end, trig.kind in PROTEST_FAMILIES, anchored))
    disaster_only = ctx.has("disaster") and not (
        ctx.has("nonstate") or ctx.has("weapon") or ctx.has("explosive")
    )
    # "Striker Kane fired a rocket": sports words and no armed side.
    sport_only = ctx.has("sport") and not (ctx.has("state") or ctx.has("nonstate"))

    cues = []
    present = {sub for _, sub, *_ in typed}
    for tok, sub, conf, start, end, is_protest, anchored in typed:
        if any(i in consumed for i in range(start, end)):
            continue
        if disaster_only and not is_protest:
            continue  # troops helping flood victims, deaths in an earthquake
        if sport_only:
            continue
        conf += SPECIFICITY.get(sub, 0.0)
        if sub in OUTRANKED_BY and OUTRANKED_BY[sub] & present:
            above = max(c for _, s2, c, *_ in typed if s2 in OUTRANKED_BY[sub])
            # only a reading that stands on its own outranks ("an attack" in a reason clause does not)
            conf = min(conf - 0.1, above - 0.01) if above >= OUTRANKS_AT else conf
        if is_reason(tok):
            conf *= REASON_FACTOR
        if is_speaker(tok, ctx):
            continue  # "the air force said": the source of the report
        if sub == AGREEMENT and tok.lemma_.lower() in TALK_NOUNS and not talks_are_news(tok):
            conf *= CONTEXT_FACTOR
        if sub == CHANGE and standing_state(tok):
            conf *= CONTEXT_FACTOR
        conf *= background_factor(tok)
        if is_description(tok):
            conf *= CONTEXT_FACTOR
        embedded = is_embedded(tok, ctx)
        negated = is_negated(tok, ctx) or embedded == "attrib" and root_denies(ctx)
        if embedded and not negated and not anchored:
            conf *= EMBEDDED_FACTOR
        if sub not in (PEACEFUL, INTERVENTION, EXCESSIVE, VIOLENT_DEMO) and is_grievance(tok, protest_heads) \
                and not (anchored and not real_protests):
            conf *= GRIEVANCE_FACTOR
        agent = span_of(agent_tokens(tok))
        patient = span_of(patient_tokens(tok))
        cues.append(
            Cue(
                sub_event_type=sub,
                event_type=SUB_EVENT_TYPES[sub].value,
                start=doc[start].idx,
                end=doc[end - 1].idx + len(doc[end - 1].text),
                sent_start=ctx.sent.start_char,
                sent_end=ctx.sent.end_char,
                confidence=round(min(conf, 1.0), 3),
                negated=negated,
                # "called for an investigation into the killing of 100 people": the inquiry is to
                # come, the dated or counted killing is past
                hypothetical=is_hypothetical(tok, ctx, scheduled=is_protest or sub == AGREEMENT,
                                             directed=sub in (ARRESTS, ABDUCTION))
                and not (anchored and tok.pos_ in ("NOUN", "PROPN")),
                agent=agent,
                patient=patient,
            )
        )
    return cues
