"""Cues -> events: grouping, actors, counts, dates, claims and places of one document.

The readers (actors, numbers, dates, claims) look at one sentence each and are run once per
sentence, lazily; this module decides which sentence's findings belong to which event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from conflictwatch.coding.actors import ActorLexicon, ActorMention, CountryRef
from conflictwatch.coding.claims import Attribution, ClaimReader
from conflictwatch.coding.dates import DateMention, DateReader
from conflictwatch.coding.numbers import Casualty, NumberReader
from conflictwatch.coding.typing_parse import REPORTING_LEMMAS

# A sentence that elaborates an event ("Four were killed ...") must come within this many
# sentences of the event's last sentence; news paragraphs rarely run a story further unbroken.
MERGE_WINDOW = 2
# How many sentences after the last event a toll told on its own ("the number of dead ...") is
# still looked for.
TOLL_WINDOW = 8
TOLL_WORDS = frozenset({"toll", "number", "count"})
# An event dated more than this many days before publication is history or context
# (a report's own news is days old; "in September 2023" in a February 2024 report is not).
BACKGROUND_MIN_DAYS = 60
# Prepositions whose object is the acting side ("killed by Azerbaijani forces", "fire from ...").
AGENT_PREPS = frozenset({"by", "from"})
# Prepositions whose object is the side acted on ("fire on Armenian positions", "attack against").
PATIENT_PREPS = frozenset({"on", "at", "against", "targeting", "into", "upon", "with"})
# Event types whose second actor defaults to the victims when the text names none explicitly.
VICTIM_TYPES = frozenset({"Violence against civilians"})
# Sub-event types whose acting side is unknown by default (ACLED: Unidentified Armed Group).
UNKNOWN_AGENT_SUBTYPES = frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade", "Attack",
                                    "Abduction/forced disappearance", "Sexual violence"})
# ACLED inter codes of non-state armed groups (rebels, political and identity militias).
NONSTATE_INTERS = frozenset({2, 3, 4})
# Confidence: the cue's own, scaled by how complete the record is (half weight each).
COMPLETENESS_WEIGHT = 0.5
# Place feature codes -> ACLED geo_precision when the geocoder gives none.
FEATURE_PRECISION = {"PPL": 1, "ADM3": 2, "ADM4": 2, "ADM2": 2, "ADM1": 3, "PCL": 3}


@dataclass
class SentInfo:
    i: int
    sent: Any
    actors: list[ActorMention]
    casualties: list[Casualty]
    dates: list[DateMention]
    attributions: list[Attribution]
    background_marker: tuple[int, int, str] | None


@dataclass
class Draft:
    """An event under construction."""

    cues: list[Any]
    sents: list[int]
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    date: dt.date | None = None
    precision: int = 1
    date_span: tuple[int, int, str] | None = None
    explicit_date: bool = False
    # How the date was tied to the event: 0 on the trigger itself, 1 in its sentence, 2 on a
    # reporting verb ("said on Monday"); a closer tie found later replaces it.
    date_tier: int = 3
    date_sent: int = -1
    casualties: list[tuple[int, Casualty]] = field(default_factory=list)
    claims: list[tuple[Attribution, str | None]] = field(default_factory=list)  # (attribution, party)
    background: bool = False

    @property
    def main(self) -> Any:
        # the weapon says more than the generic verb: "killed when a roadside bomb hit" is an IED
        return max(self.cues, key=lambda c: (str(c.event_type) == "Explosions/Remote violence", c.confidence))

    @property
    def event_type(self) -> str:
        return str(self.main.event_type)

    @property
    def parties(self) -> set[str]:
        return {p for p in (party(self.actor1), party(self.actor2)) if p}


def party(m: ActorMention | None) -> str | None:
    return m.party() if m is not None else None


def same_actor(a: ActorMention | None, b: ActorMention | None) -> bool:
    """One side named twice: the same name pattern and no disagreeing countries."""
    if a is None or b is None:
        return False
    if a.template != b.template and not (a.role == b.role == "state" and a.inter == b.inter):
        return False
    return a.country is None or b.country is None or a.country == b.country


class DocumentContext:
    """Everything the assembly needs about one document, computed once per sentence."""

    def __init__(self, sdoc: Any, places: list[Any], *, lexicon: ActorLexicon, numbers: NumberReader,
                 claims: ClaimReader, dates: DateReader, markers: list[str]) -> None:
        self.sdoc = sdoc
        self.text = sdoc.text  # spaCy rebuilds Doc.text from its tokens at every access
        self.published_known = True
        self.sents = [s for s in sdoc.sents]
        self.starts = [s.start_char for s in self.sents]
        self.places = places
        self.lexicon = lexicon
        self.numbers = numbers
        self.claims = claims
        self.dates = dates
        self.markers = markers
        self._info: dict[int, SentInfo] = {}
        self._subject: list[CountryRef | None] | None = None
        self._last_attr: Attribution | None = None

    def sent_index(self, char: int) -> int:
        return max(0, bisect_right(self.starts, char) - 1)

    def subject_country(self, i: int) -> CountryRef | None:
        """The country the sentence (or the latest before it) has as its subject: "its soldiers"."""
        if self._subject is None:
            out: list[CountryRef | None] = []
            last: CountryRef | None = None
            for s in self.sents:
                root = s.root
                for c in root.children:
                    if c.dep_ in ("nsubj", "nsubjpass") and c.ent_type_ in ("GPE", "NORP"):
                        ref = self.lexicon.countries.lookup(c.text)
                        if ref:
                            last = ref
                out.append(last)
            self._subject = out
        return self._subject[i]

    def info(self, i: int) -> SentInfo:
        if i not in self._info:
            s = self.sents[i]
            sp = [p for p in self.places if s.start_char <= p.start < s.end_char]
            actors = self.lexicon.mentions(s, places=sp, subject_country=self.subject_country(i))
            prev = self._previous_attr(i)
            attrs = self.claims.attributions(s, previous=prev)
            low = s.text.lower()
            marker = None
            for m in self.markers:
                k = low.find(m)
                if k >= 0 and (k == 0 or not low[k - 1].isalnum()):
                    marker = (s.start_char + k, s.start_char + k + len(m), m)
                    break
            self._info[i] = SentInfo(i, s, actors, self.numbers.casualties(s), self.dates.mentions(s), attrs,
                                     marker)
        return self._info[i]

    def _previous_attr(self, i: int) -> Attribution | None:
        for j in range(i - 1, max(-1, i - 3), -1):
            # a sentence without an event of its own may still hold the last source ("X denied
            # hitting ... It said ..."); read it without its own pronoun sources
            attrs = self._info[j].attributions if j in self._info else self.claims.attributions(self.sents[j])
            if attrs:
                return attrs[-1]
        return None


# -- actors -----------------------------------------------------------------------------------
def role_of(m: ActorMention, trigger: Any, reporting: set[int]) -> str | None:
    """'agent', 'patient' or None for a mention, from the dependency parse."""
    t = trigger.doc[m.root]
    if t.dep_ in ("conj", "appos"):
        t = _first_conjunct(t)
    if t.dep_ == "pobj" and t.head.lower_ == "of" and (t.head.head.like_num or t.head.head.pos_ == "NOUN"):
        t = t.head.head  # "four of its soldiers", "fighters of the RSF" take the head's place
    if t.dep_ == "pobj":
        prep = t.head.lower_
        if prep in AGENT_PREPS or (prep == "between"):
            return "agent"
        if prep in PATIENT_PREPS:
            return "patient"
        return None
    if t.dep_ in ("nsubj",):
        if t.head.i in reporting:
            return None  # "Armenia said": the speaker, not the side that acted
        if t.head.lemma_.lower() in ("be", "have") and t.head.i != trigger.i:
            return None
        return "agent"
    if t.dep_ in ("nsubjpass", "dobj"):
        return "patient"
    if t.dep_ in ("poss", "compound") and t.head.i == trigger.i:
        return "agent"  # "Israel's strike", "a Hamas attack"
    return None


# Subjects that point back to the sentence's source: "The army said it killed 12 militants".
SELF_PRONOUNS = frozenset({"it", "they", "we"})
SELF_POSSESSIVES = frozenset({"its", "their", "our"})


def speaker_as_agent(trigger: Any, info: SentInfo) -> ActorMention | None:
    """The source as the acting side when the event's subject is a pronoun for it."""
    verb = trigger
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None
    # "the MNDAA said its fighters had captured ...": the speaker's own fighters are the speaker
    own = subj.lower_ in SELF_PRONOUNS or any(c.dep_ == "poss" and c.lower_ in SELF_POSSESSIVES
                                              for c in subj.children)
    if not own:
        return None
    for a in info.attributions:
        if a.verb_i == verb.head.i and a.self_report:
            return next((m for m in info.actors if a.source_start <= m.start and m.end <= a.source_end), None)
    return None


def announcer_as_agent(trigger: Any, info: SentInfo) -> ActorMention | None:
    """ "The Islamic State group announced a new leader": a group announcing its own change acts."""
    t = trigger
    while t.dep_ in ("amod", "compound", "det") and t.head.i != t.i:
        t = t.head
    if t.dep_ != "dobj":
        return None
    for a in info.attributions:
        if a.verb_i == t.head.i:
            return next((m for m in info.actors if a.source_start <= m.start and m.end <= a.source_end
                         and m.role in ("group", "state")), None)
    return None


def _first_conjunct(t: Any) -> Any:
    while t.dep_ in ("conj", "appos") and t.head.i != t.i:
        t = t.head
    return t


# Verbs of reacting to an event named by their object ("condemned the strike", "demanded an
# explanation for the killing"): their subject did not do it.
REACTION_VERBS = frozenset({"condemn", "denounce", "decry", "deplore", "criticise", "criticize", "demand", "call",
                            "urge", "mourn", "investigate", "probe", "welcome", "praise", "question", "dispute",
                            "discuss", "protest", "regret", "lament", "express", "ask",
                            "seek", "request", "review", "examine", "document", "report", "describe", "recall",
                            "remember", "commemorate", "mark", "blame", "accuse"})


def pick_actors(cue: Any, info: SentInfo, ctx: DocumentContext) -> tuple[ActorMention | None, ActorMention | None]:
    doc = ctx.sdoc
    span = doc.char_span(cue.start, cue.end, alignment_mode="expand")
    trigger = span.root if span is not None and len(span) else doc[0]
    reporting = {a.verb_i for a in info.attributions}
    speakers = {(a.source_start, a.source_end) for a in info.attributions}
    cands = [m for m in info.actors
             if not any(s0 <= m.start and m.end <= s1 for s0, s1 in speakers)]
    if trigger.pos_ in ("NOUN", "PROPN"):
        # "Britain demanded an explanation for the killing", "the UN condemned the strike": who
        # reacts to an event named by a noun did not do it
        verb = trigger
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if verb.i != trigger.i and verb.lemma_.lower() in REACTION_VERBS:
            cands = [m for m in cands if not (doc[m.root].head.i == verb.i and doc[m.root].dep_ == "nsubj")]
    agent = patient = None

    def overlap(m: ActorMention, sp: tuple[int, int] | None) -> bool:
        return sp is not None and m.start < sp[1] and sp[0] < m.end

    agent = next((m for m in cands if overlap(m, getattr(cue, "agent", None))), None)
    if agent is None:
        agent = speaker_as_agent(trigger, info)
    if agent is None and str(cue.event_type) == "Strategic developments":
        agent = announcer_as_agent(trigger, info)
    patient = next((m for m in cands if overlap(m, getattr(cue, "patient", None)) and m is not agent), None)
    roles = {id(m): role_of(m, trigger, reporting) for m in cands}
    by_dist = sorted(cands, key=lambda m: abs(doc[m.root].i - trigger.i))
    if agent is None:
        # a subject acts before a "by/from" phrase does ("the army recaptured X from the RSF")
        subj = [m for m in by_dist if roles[id(m)] == "agent" and m.role != "victim" and doc[m.root].dep_ == "nsubj"]
        agent = subj[0] if subj else next(
            (m for m in by_dist if roles[id(m)] == "agent" and m.role != "victim"), None)
    if patient is None and agent is not None:
        # "Armenian and Azerbaijani forces clashed": the coordinated sides of one subject
        patient = next((m for m in by_dist if m is not agent and m.root == agent.root and m.country is not None
                        and agent.country is not None and m.country != agent.country), None)
    if patient is None:
        patient = next((m for m in by_dist if roles[id(m)] == "patient" and m is not agent), None)
    if patient is None:
        patient = next((m for m in by_dist if roles[id(m)] == "agent" and m is not agent
                        and not same_actor(m, agent)), None)
    victims = {c.victim_i for c in info.casualties if c.victim_i is not None}
    if patient is None:
        patient = next((m for m in by_dist if m.root in victims and m is not agent), None)
    if patient is None:
        patient = next((m for m in by_dist if m.role == "victim" and m is not agent), None)
    if agent is None:
        rest = [m for m in by_dist if m is not patient and m.role != "victim" and roles[id(m)] is None]
        agent = rest[0] if rest else None
    if agent is not None and patient is not None and agent.template == patient.template \
            and agent.country == patient.country:
        patient = None
    return agent, patient


# -- grouping ---------------------------------------------------------------------------------
def compatible(d: Draft, cue: Any, a1: ActorMention | None, a2: ActorMention | None,
               date: tuple[Any, ...] | None, *, same_sentence: bool = False) -> bool:
    if str(cue.event_type) != d.event_type:
        # one incident told with two words ("killed when a roadside bomb hit") is one event
        violent = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
        # looting in an armed assault ("stormed the hospital ... and looted it") is part of it
        looting = same_sentence and str(cue.sub_event_type) == "Looting/property destruction" \
            and d.event_type in violent and d.main.confidence >= cue.confidence
        if not (str(cue.event_type) in violent and d.event_type in violent) and not looting:
            return False
    if a1 is not None and d.actor1 is not None and not same_actor(a1, d.actor1):
        return False
    if a1 is not None and a2 is not None and same_actor(a1, d.actor2) and same_actor(a2, d.actor1):
        return False  # the same two sides the other way round: the other side's attack
    if date is not None and date[2] and d.explicit_date and d.date_tier < 2 and d.date != date[0] \
            and not (len(date) > 3 and date[4] == d.date_sent and date[3] != d.date_tier):
        # two dates each tied to its event are two events; in one sentence, a date on the trigger
        # beats one only near it ("gathered on Thursday ... missiles struck two days earlier")
        return False
    return True


def own_date(info: SentInfo, anchor: dt.date | None, published: dt.date, trigger_i: int
             ) -> tuple[dt.date, int, bool, DateMention] | None:
    """The sentence's date for an event: (date, precision, explicit, mention).

    A date whose governing verb has another subject than the event's clause ("a provocation
    Armenian forces had committed the day before") is left for the event it belongs to.
    """
    best = None
    doc = info.sent.doc
    trigger = doc[trigger_i]
    noun = _compound_head(trigger)  # "Sunday's missile strike": the trigger "missile" names the strike
    relative = _days_from_clause(trigger)
    if relative is not None:
        # "buried its dead on Saturday, two days after a missile attack": the clause's date, moved
        days, verb = relative
        for m in info.dates:
            if m.date is not None and _hangs_from(doc[m.root], verb):
                return m.date + dt.timedelta(days=days), m.precision, True, m
    for m in info.dates:
        tok = doc[m.root]
        if tok.dep_ == "poss" and tok.head.dep_ == "dobj" and not _attached(tok, noun) \
                and tok.head.head.i not in (noun.i, noun.head.i):
            # "deployed troops ... and postponed Thursday's examinations": the day of what another
            # verb acts on, not of the event
            continue
        if m.date is None:
            d = (anchor or published) - dt.timedelta(days=m.anchor_offset or 0)
        else:
            d = m.date
        # A date attached to the trigger itself ("the killing ... on April 1", "Monday's attack",
        # "struck on Friday") beats one nearer in the text but attached to the report of it
        # ("demanded on Wednesday an explanation for the killing ...").
        dist = (date_tier(doc[m.root], trigger), abs(m.root - trigger_i))
        if best is None or dist < best[0]:
            best = (dist, (d, m.precision, True, m))
    return best[1] if best else None


NUMBER_WORDS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def _compound_head(tok: Any) -> Any:
    """The noun a word is a compound of, through compounds ("missile" -> "strike")."""
    while tok.dep_ == "compound" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _days_from_clause(trigger: Any) -> tuple[int, Any] | None:
    """(signed days, the clause's verb) for "<verb ...> N days after/before <trigger>" and
    "<verb ...>, N days after <subject> <trigger verb>"."""
    trigger = _compound_head(trigger)  # "a missile attack"
    if trigger.dep_ in ("nsubj", "nsubjpass", "dobj") and trigger.head.pos_ == "VERB":
        trigger = trigger.head  # "gunmen killed"
    if trigger.pos_ in ("VERB", "AUX") and trigger.dep_ == "advcl":
        mark = next((c for c in trigger.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None)
        if mark is None:
            return None
        prep, holder = mark, trigger
    elif trigger.dep_ == "pobj" and trigger.head.lower_ in ("after", "before"):
        prep = holder = trigger.head
    else:
        return None
    for c in holder.children:
        if c.dep_ == "npadvmod" and c.lemma_.lower() == "day":
            num = next((g for g in c.children if g.dep_ in ("nummod", "det")), None)
            n = NUMBER_WORDS.get(num.lower_) if num is not None else None
            if n is None and num is not None and num.text.isdigit():
                n = int(num.text)
            if n:
                return (-n if prep.lower_ == "after" else n), holder.head
    return None


def _heads(tok: Any, steps: int) -> Iterator[Any]:
    """The token's heads, nearest first, at most `steps` of them (fewer at the sentence root)."""
    cur = tok
    for _ in range(steps):
        if cur.head.i == cur.i:
            return
        cur = cur.head
        yield cur


def _hangs_from(tok: Any, head: Any) -> bool:
    return any(h.i == head.i for h in _heads(tok, 3))


def date_tier(date_tok: Any, trigger: Any) -> int:
    """0: the date hangs from the trigger; 2: from a reporting verb; 1: otherwise."""
    return 0 if _attached(date_tok, trigger) else 2 if on_reporting_verb(date_tok, trigger) else 1


def on_reporting_verb(date_tok: Any, trigger: Any) -> bool:
    """Is a date the day something was said ("officials said on Monday"), not the trigger's own?"""
    verb = next((h for h in _heads(date_tok, 4) if h.pos_ in ("VERB", "AUX")), None)
    return verb is not None and verb.i != trigger.i and verb.lemma_.lower() in REPORTING_LEMMAS


def _attached(date_tok: Any, trigger: Any) -> bool:
    """Does a date hang from the trigger (through prepositions, a possessive, a compound), or from
    the noun the trigger is a compound of ("a 2017 chemical weapons attack"), or from the verb the
    trigger is the subject or object of ("missiles struck the institute two days earlier")?"""
    noun = _compound_head(trigger)
    for h in _heads(date_tok, 4):
        if h.i in (trigger.i, noun.i):
            return True
        if h.pos_ in ("VERB", "AUX"):
            return trigger.head.i == h.i and trigger.dep_ in ("nsubj", "nsubjpass", "dobj")
    return False


def floating_dates(info: SentInfo, used: set[int]) -> list[DateMention]:
    return [m for m in info.dates if m.start not in used]


def build_drafts(cues: list[Any], ctx: DocumentContext, published: dt.date) -> tuple[list[Draft], list[Any]]:
    """Positive cues grouped into events; negated cues returned for the claims pass."""
    drafts: list[Draft] = []
    negated: list[Any] = []
    used_dates: set[int] = set()
    pending: list[tuple[int, DateMention, str | None]] = []  # dates no event of their sentence took
    for cue in sorted(cues, key=lambda c: c.start):
        if cue.negated or cue.hypothetical:
            negated.append(cue)
            continue
        si = ctx.sent_index(cue.start)
        info = ctx.info(si)
        a1, a2 = pick_actors(cue, info, ctx)
        span = ctx.sdoc.char_span(cue.start, cue.end, alignment_mode="expand")
        trig_i = span.root.i if span is not None and len(span) else ctx.sents[si].start
        anchor = drafts[-1].date if drafts else None
        own = own_date(info, anchor, published, trig_i)
        if own is not None and own[3].date is None and own[3].root != trig_i:
            # an anaphoric date on another clause's verb: its own event, not this one
            gov = ctx.sdoc[own[3].root].head
            subj = next((c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and not (a1 and a1.start <= subj.idx < a1.end):
                pending.append((si, own[3], _subject_party(subj, info)))
                used_dates.add(own[3].start)
                own = None
        if own is None:
            # a sentence without a cue of its own may carry this event's date on a clause of its
            # own ("... a provocation Armenian forces had committed the day before.")
            cue_sents = {ctx.sent_index(c.start) for c in cues}
            for pj in range(si - 1, max(-1, si - 1 - MERGE_WINDOW), -1):
                if pj in cue_sents:
                    break
                for m in ctx.info(pj).dates:
                    if m.start in used_dates:
                        continue
                    gov = ctx.sdoc[m.root].head
                    subj = next((c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                    sp = _subject_party(subj, ctx.info(pj)) if subj is not None else None
                    if sp is not None and sp == party(a1):
                        pending.append((pj, m, sp))
                        used_dates.add(m.start)
        if own is None:
            # a date left floating by an earlier sentence ("... the day before. X said Armenian forces fired")
            for k, (psi, m, pparty) in enumerate(pending):
                if si - psi <= MERGE_WINDOW and (pparty is None or pparty == party(a1)):
                    when = (drafts[-1].date if drafts and drafts[-1].date else published) - dt.timedelta(
                        days=m.anchor_offset or 0) if m.date is None else m.date
                    own = (when, m.precision, True, m)
                    pending.pop(k)
                    break
        tier = date_tier(ctx.sdoc[own[3].root], ctx.sdoc[trig_i]) if own is not None else 3
        date3 = (own[0], own[1], own[2] and tier < 2, tier, si) if own else None
        target = next((d for d in reversed(drafts) if si in d.sents and subordinate_to(d, cue, ctx)), None)
        if target is None:
            target = next((d for d in reversed(drafts) if si - d.sents[-1] <= MERGE_WINDOW
                           and elaborates(d, cue, a1)), None)
        for d in reversed(drafts):
            if target is not None or si - d.sents[-1] > MERGE_WINDOW:
                break
            history = ctx.info(d.sents[0]).background_marker is not None
            if si not in d.sents and history and (history != (info.background_marker is not None) or (
                    date3 is not None and date3[2] and not d.explicit_date)):
                continue  # "have fought two wars" is not "in September 2023, ... an offensive"
            if compatible(d, cue, a1, a2, date3, same_sentence=si in d.sents):
                target = d
                break
        if target is None:
            target = Draft(cues=[cue], sents=[si])
            drafts.append(target)
        else:
            target.cues.append(cue)
            if si not in target.sents:
                target.sents.append(si)
        if target.actor1 is None and a1 is not None:
            target.actor1 = a1
        if target.actor2 is None and a2 is not None and not same_actor(a2, target.actor1):
            target.actor2 = a2
        if own is not None and (not target.explicit_date or tier < target.date_tier):
            target.date, target.precision, target.explicit_date = own[0], own[1], True
            target.date_tier, target.date_sent = tier, si
            target.date_span = (own[3].start, own[3].end, own[3].text)
            # "since <date>" dates a state or a running toll ("since fighting flared on 10 May, 192
            # have been killed"), not one event on that day: a summary ACLED does not code
            target.background = target.background or own[3].since
    return drafts, negated


# Links that open another clause: a cue below one of these tells its own act ("..., and Israel
# responded with air strikes", "the town, where militants killed 40 in 2022, ...").
CLAUSE_LINKS = frozenset({"conj", "relcl", "ccomp", "parataxis", "acl", "csubj"})
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


def _trigger_token(cue: Any, ctx: DocumentContext) -> Any:
    span = ctx.sdoc.char_span(cue.start, cue.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def subordinate_to(d: Draft, cue: Any, ctx: DocumentContext) -> bool:
    """Does the cue name the manner or cause of a cue of this draft in the same clause?

    "seized the region in a lightning offensive", "killed ... as a result of fire on X": one
    incident told twice, whatever the side the second word's own phrase seems to put first.
    """
    if str(cue.event_type) not in VIOLENT_TYPES or d.event_type not in VIOLENT_TYPES:
        return False
    tok = _trigger_token(cue, ctx)
    if tok is None or tok.pos_ not in ("NOUN", "PROPN"):
        return False
    heads = {t.i for t in (_trigger_token(c, ctx) for c in d.cues) if t is not None}
    cur = tok
    while cur.head.i != cur.i:
        if cur.dep_ in CLAUSE_LINKS:
            return False
        cur = cur.head
        if cur.i in heads:
            return True
    return False


DEFINITE = ("the ", "these ", "those ")


def elaborates(d: Draft, cue: Any, a1: ActorMention | None) -> bool:
    """A strategic development told of "the attackers" of an incident just before is part of it
    ("Militants attacked a base ... The attackers fled on motorbikes")."""
    if str(cue.event_type) != "Strategic developments" or d.event_type not in INCIDENT_TYPES or a1 is None:
        return False
    # The same participant named again ("the attackers", "the police"), not another body of the
    # same state: "The government deployed troops" after a police crackdown tells of a new step.
    return a1.text.lower().startswith(DEFINITE) and any(
        same_actor(a1, x) and a1.template == x.template for x in (d.actor1, d.actor2) if x is not None)


def _subject_party(subj: Any, info: SentInfo) -> str | None:
    for m in info.actors:
        if m.start <= subj.idx < m.end:
            return m.party()
    return None


# Event types that carry casualties and claims about an incident; a Strategic development cue in
# the same sentence ("even as peace talks ...") is context and loses ties to them.
INCIDENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots",
                            "Protests"})


def prefer_incidents(drafts: list[Draft]) -> list[Draft]:
    """Drafts in text order, incidents after the rest, so [-1] is the latest incident."""
    return sorted(drafts, key=lambda d: (d.event_type in INCIDENT_TYPES, d.sents[-1]))


def attach_elaborations(drafts: list[Draft], ctx: DocumentContext) -> None:
    """Casualty counts go to the event of their own sentence, else the latest event just before."""
    if not drafts:
        return
    first = min(d.sents[0] for d in drafts)
    last = max(d.sents[-1] for d in drafts) + MERGE_WINDOW
    for si in range(first, min(last + TOLL_WINDOW + 1, len(ctx.sents))):
        if si > last and not any(t.lemma_ in TOLL_WORDS for t in ctx.sents[si]):
            continue  # past the window only a toll is looked for: no sentence is read without one
        info = ctx.info(si)
        tolls = bool(info.casualties) and all(_is_toll(ctx.sdoc, c) for c in info.casualties)
        if not info.casualties or (si > last and not tolls):
            continue
        owners = [d for d in drafts if si in d.sents]
        if not owners:
            before = [d for d in drafts if d.sents[-1] < si and si - d.sents[-1] <= MERGE_WINDOW]
            if not before and tolls:
                # "Relatives put the number of dead in the hundreds" paragraphs later: a toll told
                # on its own is the toll of the story's lead incident
                lead = [d for d in drafts if d.sents[0] < si and d.event_type in INCIDENT_TYPES
                        and not d.background]
                before = sorted(lead, key=lambda d: d.sents[0])[:1]
            if not before:
                continue
            owners = [prefer_incidents(before)[-1]]
            if si not in owners[0].sents:
                owners[0].sents.append(si)
        owner = owners[-1] if len(owners) > 1 else owners[0]
        if len(owners) > 1:
            # several events in one sentence: the count goes to the one whose cue is nearest
            def dist(d: Draft) -> int:
                return min(abs(c.start - info.casualties[0].start) for c in d.cues)
            owner = min(owners, key=dist)
        for c in info.casualties:
            to = owner
            if len(owners) > 1 and c.verb_i is not None:
                # ... unless the count's own verb has another event's cue as its doer: "six were
                # injured in police firing, 12 were killed by the rioters" gives the 12 to the rioters
                mine = [d for d in owners if any(_governs(ctx.sdoc[c.verb_i], cue, ctx) for cue in d.cues)]
                if len(mine) == 1:
                    to = mine[0]
            if to.event_type not in INCIDENT_TYPES and str(to.main.sub_event_type) != "Disrupted weapons use":
                continue  # an arrest or a deployment kills no one: the count is of something else
            to.casualties.append((si, c))


def _is_toll(doc: Any, c: Any) -> bool:
    """Is the count told as a toll ("the death toll is ...", "the number of dead ...")?"""
    if c.verb_i is None:
        return False
    tok = doc[c.verb_i]
    return tok.lemma_.lower() == "toll" or (
        tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in TOLL_WORDS)


def _governs(verb: Any, cue: Any, ctx: DocumentContext) -> bool:
    """Is the cue the doer of the verb: its subject or its "by" agent, with no other verb between
    ("12 were killed by the rioters")?"""
    span = ctx.sdoc.char_span(cue.start, cue.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    tok = span.root
    prev = None
    for node in (tok, *_heads(tok, 8)):
        if node.i == verb.i:
            return prev is not None and prev.dep_ in ("agent", "nsubj")
        if node is not tok and node.pos_ in ("VERB", "AUX"):
            return False
        prev = node
    return False


def attach_claims(drafts: list[Draft], negated: list[Any], ctx: DocumentContext) -> None:
    if not drafts:
        return
    first = min(d.sents[0] for d in drafts)
    last = max(d.sents[-1] for d in drafts) + MERGE_WINDOW + 1
    for si in range(first, min(last + 1, len(ctx.sents))):
        info = ctx.info(si)
        for a in info.attributions:
            src_party = source_party(a, info, ctx)
            owners = [d for d in drafts if si in d.sents]
            if a.stance in ("denies", "disputes") and not owners:
                # the events told before the denial (one may go on after it: "It said its missiles...")
                prior = [d for d in drafts if d.sents[0] < si
                         and si - max(x for x in d.sents if x < si) <= MERGE_WINDOW + 1]
                accused = [d for d in prior if src_party and party(d.actor1) == src_party]
                # the accused side denies; a side that is only the victim of the latest event is
                # denying some other claim (one the classifier may have missed), not this event
                owners = prefer_incidents(accused)[-1:] or [
                    d for d in prefer_incidents(prior)[-1:] if not src_party or src_party not in d.parties]
            elif not owners:
                prior = [d for d in drafts if d.sents[-1] < si and si - d.sents[-1] <= 1]
                owners = prefer_incidents(prior)[-1:]
            elif len(owners) > 1:
                owners = [min(owners, key=lambda d: min(abs(c.start - ctx.sdoc[a.verb_i].idx) for c in d.cues))]
            for d in owners:
                d.claims.append((a, src_party))
    # "X denied any strikes took place": a negated cue under a denial is a denial of that event
    for cue in negated:
        si = ctx.sent_index(cue.start)
        info = ctx.info(si)
        deniers = [a for a in info.attributions if a.stance == "denies"]
        if not deniers:
            continue
        same = [d for d in drafts if d.event_type == str(cue.event_type) and d.sents[0] <= si]
        for d in same[-1:]:
            if not any(a is deniers[0] for a, _ in d.claims):
                d.claims.append((deniers[0], source_party(deniers[0], info, ctx)))


def name_unknown_sides(drafts: list[Draft], ctx: DocumentContext) -> None:
    """An unnamed armed side ("militants") is the named armed group that speaks for it.

    "Militants attacked ...; Al-Shabaab claimed responsibility" / "... put the death toll at
    three": ACLED codes the group that claims or gives its own account of the event. A denial is
    not such an account.
    """
    for d in drafts:
        for a, _ in d.claims:
            if a.stance == "denies":
                continue
            info = ctx.info(ctx.sent_index(a.source_start))
            group = next((m for m in info.actors if m.role == "group" and m.inter in NONSTATE_INTERS
                          and a.source_start <= m.start and m.end <= a.source_end), None)
            if group is None or group.template in (d.actor1 and d.actor1.template, d.actor2 and d.actor2.template):
                continue
            if d.actor1 is not None and d.actor1.role == "unknown":
                d.actor1 = group
            elif d.actor2 is not None and d.actor2.role == "unknown":
                d.actor2 = group
            else:
                continue
            break


def source_party(a: Attribution, info: SentInfo, ctx: DocumentContext) -> str | None:
    """The side a source speaks for: a group, else a country its name carries ("Armenian defence ministry")."""
    for m in info.actors:
        if a.source_start <= m.start and m.end <= a.source_end and m.party():
            return m.party()
    lookup = ctx.lexicon.countries.lookup
    for tok in ctx.sdoc.char_span(a.source_start, a.source_end, alignment_mode="expand") or []:
        if tok.pos_ in ("PROPN", "ADJ", "NOUN") and (tok.ent_type_ in ("GPE", "NORP") or tok.text[:1].isupper()):
            ref = lookup(tok.text)
            if ref:
                return ref.iso3
    return None
