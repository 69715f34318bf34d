"""Parse helpers for event typing: who acts on whom, and whether a trigger is news at all.

A trigger is not the sentence's news when it is negated, planned or threatened, the grievance
of a protest ("protesting the killing of..."), or embedded under a claim of responsibility, a
denial or a diplomatic act (CASE 2021's ATTRIB and DIPLO classes expect no event).
"""

from __future__ import annotations

import re
from typing import Any

# Confidence multipliers. Chosen by reading the ACLED codebook's priorities and checked on the
# CASE 2021 dev set: a grievance ("protesting the killing of...") or an event embedded in an
# attribution/diplomacy sentence must fall under classify.MIN_CONFIDENCE; a weaker context
# (no armed actor, no weapon, no harm) only lowers the generic violence words.
GRIEVANCE_FACTOR = 0.3
EMBEDDED_FACTOR = 0.3
NO_ACTOR_FACTOR = 0.6
# A typed family resolution (protest + tear gas, seize + weapons...) is more certain than any
# of its words alone; these are the confidences of those combined readings.
RESOLVED_STRONG = 0.9
RESOLVED_MEDIUM = 0.75

MODALS = {"would", "could", "might", "may", "should", "will", "shall", "can", "'ll", "wo"}
BEFORE_WORDS = {"before", "ahead", "advance", "anticipation"}
GRIEVANCE_HEADS = {
    "protest",
    "demand",
    "denounce",
    "condemn",
    "decry",
    "mourn",
    "commemorate",
    "honor",
    "honour",
    "oppose",
    "demonstrate",
    "rally",
    "march",
}
GRIEVANCE_LINKS = {
    "against",
    "over",
    "about",
    "for",
    "after",
    "following",
    "demand",
    "denounce",
    "condemn",
    "decry",
    "release",
    "justice",
    "support",
}
CLAUSE_BREAK = {"conj", "parataxis"}
PREDICATE_DEPS = {"dobj", "ccomp", "xcomp", "acomp", "attr", "prep", "pobj", "advmod", "oprd"}
# A trigger given as the reason for another act ("strikes in retaliation for a gas attack")
# is background to the sentence's event.
REASON_WORDS = {"retaliation", "response", "revenge", "because", "reprisal"}
REASON_FACTOR = 0.5
RELCL_FACTOR = 0.8
HISTORY_FACTOR = 0.5
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
PROTEST_FAMILIES = {"@protest", "@riot", "@force"}
# Protester acts that make a demonstration violent (ACLED: Violent demonstration).
PROTESTER_VIOLENCE = {
    "throw",
    "hurl",
    "pelt",
    "stone",
    "rock",
    "molotov",
    "petrol",
    "firebomb",
    "torch",
    "loot",
    "vandalize",
    "vandalise",
    "ransack",
    "storm",
    "breach",
    "firecracker",
    "set",
    "burn",
    "break",
    "pull",
    "debris",
}
STRONG_FORCE = {
    "live",
    "gunfire",
    "open",
    "opened",
    "shoot",
    "shot",
    "beat",
    "beating",
    "baton",
    "brutally",
    "brutal",
    "excessive",
    "crackdown",
    "crack",
    "suppress",
    "violently",
}


class SentenceContext:
    """A sentence with its context-word classes (token index sets) and parse helpers."""

    def __init__(self, sent: Any, classes: dict[str, set[int]]) -> None:
        self.sent = sent
        self.doc = sent.doc
        self.classes = classes

    def has(self, cls: str, region: set[int] | None = None) -> bool:
        idx = self.classes.get(cls)
        if not idx:
            return False
        return True if region is None else not idx.isdisjoint(region)

    def tokens_of(self, cls: str, region: set[int] | None = None) -> set[int]:
        idx = self.classes.get(cls, set())
        return idx if region is None else idx & region


def subtree(tok: Any) -> set[int]:
    return {t.i for t in tok.subtree}


def clause_head(tok: Any) -> Any:
    """The verb a trigger word belongs to (the word itself when it is a verb)."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


def _is_passive(verb: Any) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def agent_tokens(tok: Any) -> list[Any]:
    """Heads of the acting side: subject, passive "by" agent, or possessor/compound of a noun."""
    out: list[Any] = []
    if tok.tag_ == "VBG" and tok.i > 0 and tok.dep_ in ("advcl", "pcomp", "pobj") \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        # "died in police firing" parsed with "firing" a clause of its own and "police" the object
        # of "in": the noun right before the -ing word is its doer, not the sentence's subject.
        prev = tok.doc[tok.i - 1]
        if prev.pos_ in ("NOUN", "PROPN") and prev.dep_ == "pobj" \
                and prev.head.lower_ in ("in", "by", "during", "from", "after"):
            return [prev]
    verb = clause_head(tok)
    targets = [tok] if tok.pos_ in ("NOUN", "PROPN") else []
    for t in targets:
        for c in t.children:
            if c.dep_ in ("poss", "compound", "amod") and c.i < t.i:
                out.append(c)
            if c.dep_ == "prep" and c.lower_ == "by":
                out.extend(g for g in c.children if g.dep_ == "pobj")
    if verb is not None:
        passive = _is_passive(verb)
        for c in verb.children:
            if c.dep_ == "nsubj" or (c.dep_ == "agent") or (not passive and c.dep_ == "nsubjpass"):
                if c.dep_ == "agent":
                    out.extend(g for g in c.children if g.dep_ == "pobj")
                else:
                    out.append(c)
        # "... fighters attacked X, killing ..." : the participle takes the main subject.
        if not out and verb.dep_ in ("advcl", "xcomp", "conj", "acl") and verb.head.i != verb.i:
            if verb.dep_ == "acl":
                out.append(verb.head)
            else:
                out.extend(c for c in verb.head.children if c.dep_ == "nsubj")
    return [_antecedent(t) for t in out]


SUBJECT_PRONOUNS = frozenset({"they", "it", "he", "she"})


def _antecedent(tok: Any) -> Any:
    """A pronoun doer told in what someone said is the sayer ("the rebels said they killed two
    villagers", "Al-Shabab said it killed two men"): the subject of the verb the clause reports to."""
    if tok.lower_ not in SUBJECT_PRONOUNS or tok.dep_ != "nsubj":
        return tok
    clause = tok.head
    if clause.dep_ != "ccomp" or clause.head.i == clause.i:
        return tok
    sayer = next((c for c in clause.head.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")), None)
    return sayer if sayer is not None else tok


def patient_tokens(tok: Any) -> list[Any]:
    """Heads of the side acted on: object, passive subject, "on/against/at X" of the trigger."""
    out: list[Any] = []
    verb = clause_head(tok)
    for head in [tok] if tok.i == verb.i else [tok, verb]:
        for c in head.children:
            if c.dep_ in ("dobj", "attr", "oprd") or (c.dep_ == "nsubjpass"):
                out.append(c)
            if c.dep_ == "prep" and c.lower_ in (
                "on",
                "against",
                "at",
                "into",
                "of",
                "in",
                "from",
                "over",
                "near",
                "towards",
                "toward",
            ):
                out.extend(g for g in c.children if g.dep_ == "pobj")
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
        out.append(tok.head)  # "a stash of projectiles found in Mosul"
    return out


def region_of(heads: list[Any]) -> set[int]:
    out: set[int] = set()
    for h in heads:
        out |= subtree(h)
    return out


def span_of(heads: list[Any]) -> tuple[int, int] | None:
    if not heads:
        return None
    h = heads[0]
    left = h.left_edge
    return (left.idx, h.idx + len(h.text))


def _ancestors_until_break(tok: Any) -> list[Any]:
    """Ancestors within the trigger's clause: a coordinated clause ("and police arrested...")
    starts a new one; coordinated nouns ("a strike and protests") stay in it."""
    out = []
    cur = tok
    while cur.head.i != cur.i:
        if cur.dep_ in CLAUSE_BREAK and cur.pos_ in ("VERB", "AUX"):
            break
        cur = cur.head
        out.append(cur)
    return out


def is_negated(tok: Any, ctx: SentenceContext) -> bool:
    verb = clause_head(tok)
    for t in [tok] if tok.i == verb.i else [tok, verb]:
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"):
                return True
    deny = ctx.tokens_of("deny")
    return any(a.i in deny for a in tok.ancestors)


def is_hypothetical(tok: Any, ctx: SentenceContext, *, scheduled: bool = False, directed: bool = False) -> bool:
    """Planned, threatened or conditional; with scheduled=True (protests), also "ahead of X"; with
    directed=True (arrests, abductions), also ordered, demanded, allowed or tried ("directed the police
    to arrest", "tried to kidnap local teachers")."""
    verb = clause_head(tok)
    for t in [tok] if tok.i == verb.i else [tok, verb]:
        kids = list(t.children)
        has_perfect = any(c.lemma_ == "have" and c.dep_ == "aux" for c in kids)
        for c in kids:
            if c.dep_ == "aux" and c.lower_ in MODALS and not has_perfect:
                return True
            if c.dep_ == "mark" and (c.lower_ == "if" or (directed and c.lower_ == "whether")):
                return True  # "if they come"; an arrest still to be decided: "whether to arrest him"
            if c.dep_ == "amod" and c.i in ctx.tokens_of("hypo"):
                return True  # "a planned protest"
    hypo = ctx.tokens_of("hypo") | (ctx.tokens_of("directive") if directed else set())
    for a in _ancestors_until_break(tok):
        if a.i in hypo:
            return True
        if scheduled and a.lower_ in BEFORE_WORDS:
            return True  # "arrested ahead of the rally": the rally is still to come
    return False


def is_grievance(tok: Any, protest_heads: list[Any]) -> bool:
    """Is the trigger what a protest is about ("protesting the killing of...")?"""
    path = _ancestors_until_break(tok)
    heads = {p.i for p in protest_heads}
    linked = False
    for a in path:
        if a.lemma_.lower() in GRIEVANCE_LINKS:
            linked = True
        if a.lemma_.lower() in GRIEVANCE_HEADS and (a.pos_ == "VERB" or a.i in heads):
            return True
        if a.i in heads and linked:
            return True
    return False


def is_embedded(tok: Any, ctx: SentenceContext) -> str | None:
    """ "attrib"/"deny"/"diplo" when the trigger sits under a claim, denial or diplomatic act."""
    root = ctx.sent.root
    if tok.i == root.i:
        return None
    # The claim/denial must be the sentence's predicate ("claimed responsibility", "is
    # responsible", "suspected to be behind"), not a word inside its subject.
    near_root = {root.i}
    frontier = [root]
    for _ in range(3):
        frontier = [c for t in frontier for c in t.children if c.dep_ in PREDICATE_DEPS]
        near_root |= {t.i for t in frontier}
    attrib = ctx.tokens_of("attrib")
    if attrib & near_root and not (attrib & subtree(tok)):
        return "attrib"
    if ctx.has("diplo"):
        return "diplo"
    return None


def background_factor(tok: Any) -> float:
    """Lower confidence for an event told in a relative clause ("the town, where a chemical
    attack killed dozens in 2017, ..."): usually context, not the news of the day."""
    for a in _ancestors_until_break(tok):
        if a.dep_ == "relcl":
            clause = a.doc[a.left_edge.i : a.right_edge.i + 1]
            if any(e.label_ == "DATE" and YEAR.search(e.text) for e in clause.ents):
                return HISTORY_FACTOR
            return RELCL_FACTOR
    return 1.0


def is_reason(tok: Any) -> bool:
    """Is the trigger the stated reason for the sentence's act ("in retaliation for X")?"""
    return any(a.lemma_.lower() in REASON_WORDS for a in _ancestors_until_break(tok))


# Context, not news of the day (the coder's contract, after ACLED's codebook): talks under way
# are the setting of a report ("even as the countries are involved in peace talks", "the talks
# have stagnated") unless the sentence reports them being held, opened or joined; a standing
# deployment told as a state ("has a contingent of peacekeepers deployed in the region") or a
# habit (present simple: "its border guards patrol the frontier") is no change to a group's
# activity. Checked on the CASE 2021 dev set: the talks that CASE labels Agreement are all held,
# started, begun or travelled to; the deployments it labels are all past or progressive acts.
CONTEXT_FACTOR = 0.3
TALK_NOUNS = {"talk", "talks", "negotiation", "process", "dialogue", "attempt", "effort"}
# Verbs whose object talks are an act of the day ("held talks", "started peace talks").
TALK_ACTS = {"hold", "start", "begin", "open", "launch", "join", "resume", "enter", "conclude", "attend", "host",
             "convene", "complete", "finish", "reopen", "restart", "initiate", "wrap", "agree"}
# Verbs whose subject talks are an act of the day ("talks began in Doha").
TALK_EVENTS = {"begin", "start", "open", "resume", "conclude", "end", "produce", "yield", "take", "get"}
# Verbs under which "for/in talks" is a visit to talks ("Putin is in Tehran for talks").
TALK_VISITS = {"be", "arrive", "travel", "fly", "go", "come", "meet", "participate", "take", "head", "visit"}
# Participles that describe where forces stand ("troops stationed in"), not what they did.
PLACED_VERBS = {"deploy", "redeploy", "station", "post", "position", "base", "garrison", "dispatch"}
REPORTING_LEMMAS = {"say", "tell", "report", "announce", "claim", "state", "add", "confirm", "deny", "allege",
                    "accuse", "warn", "write", "post", "publish"}


def talks_are_news(tok: Any) -> bool:
    """Are the talks this word names held, opened or joined in the sentence (not their setting)?"""
    t = tok
    while t.dep_ in ("conj", "appos", "compound") and t.head.i != t.i:
        t = t.head
    head = t.head
    if head.i == t.i:
        return False
    lemma = head.lemma_.lower()
    perfective = head.tag_ in ("VBD", "VBN", "VBG") or head.pos_ == "VERB" and head.tag_ != "VBP"
    if t.dep_ in ("dobj", "nsubjpass") and lemma in TALK_ACTS:
        return True
    if t.dep_ == "nsubj" and lemma in TALK_EVENTS and perfective:
        return True
    if t.dep_ == "pobj" and head.lower_ in ("for", "in", "at"):
        verb = head.head
        while verb.pos_ in ("NOUN", "PROPN") and verb.dep_ == "pobj" and verb.head.head.i != verb.head.i:
            verb = verb.head.head  # "in Tehran for talks": climb to the verb
        v = verb.lemma_.lower()
        if v in TALK_VISITS and v != "involve":
            return True
    return False


def standing_state(tok: Any) -> bool:
    """A deployment told as a state or habit, not as the day's act."""
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.lemma_.lower() in PLACED_VERBS:
        return True  # "peacekeepers deployed in the region", "soldiers deployed in front of..."
    if tok.pos_ == "VERB" and tok.tag_ in ("VBZ", "VBP"):
        return not any(c.dep_ in ("aux", "auxpass") for c in tok.children)  # "border guards patrol"
    return False


SPEAKER_CLASSES = ("state", "nonstate", "crowd", "protester", "person", "civilian")


def is_speaker(tok: Any, ctx: SentenceContext) -> bool:
    """A trigger word that names who speaks ("the air force said"), not what happened. Only a word
    for people or a body can speak: "suspected poisonous gas ..., activists said" parsed with the
    gas as the subject of "said" is the parser's slip."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if not (any(tok.i in ctx.tokens_of(c) for c in SPEAKER_CLASSES)
            or tok.ent_type_ in ("ORG", "PERSON", "NORP", "GPE")):
        return False
    t = tok
    while t.dep_ in ("conj", "appos", "compound") and t.head.i != t.i:
        t = t.head
    return t.dep_ == "nsubj" and t.head.lemma_.lower() in REPORTING_LEMMAS


def root_denies(ctx: SentenceContext) -> bool:
    root = ctx.sent.root
    return root.i in ctx.tokens_of("deny")


def actor_side(ctx: SentenceContext, region: set[int]) -> str | None:
    """ "state", "nonstate" or "crowd" for the first actor word found in a region."""
    best: tuple[int, str] | None = None
    for cls in ("state", "nonstate", "crowd"):
        for i in ctx.tokens_of(cls, region):
            if best is None or i < best[0]:
                best = (i, cls)
    return best[1] if best else None


def armed_anywhere(ctx: SentenceContext) -> bool:
    return ctx.has("state") or ctx.has("nonstate") or ctx.has("weapon") or ctx.has("explosive") \
        or national_forces(ctx)


def national_forces(ctx: SentenceContext) -> bool:
    """ "Armenian and Azerbaijani forces", "Russia's forces": a force word a country owns is armed."""
    doc = ctx.doc
    for i in ctx.tokens_of("troops"):
        t = doc[i]
        if any(c.dep_ in ("amod", "compound", "poss") and c.ent_type_ in ("NORP", "GPE") for c in t.children):
            return True
    return False


# Confidence of a dated or counted incident named without its armed side ("the killing of seven
# aid workers"): above MIN_CONFIDENCE, below the readings that name who fought whom.
ANCHORED_WEIGHT = 0.55
# Verbs through which a nominal event word takes its toll: "35 people died in the attacks", "were
# killed in Saturday's strike", "the attack left 40 dead", "the strike killed 12".
TOLL_VERBS = frozenset({"die", "kill", "injure", "wound", "perish", "leave", "claim"})
# Verbs that only say when an event named by their subject took place.
HAPPEN_VERBS = frozenset({"happen", "occur", "take", "begin", "start", "come"})
# Ties of a date to an event noun: "Monday's attack", "the July 27 strike", "the attack on August 24".
DATE_DEPS = frozenset({"poss", "compound", "nmod", "npadvmod", "amod"})


def _has_count(tokens: Any) -> bool:
    return any(t.like_num or t.ent_type_ == "CARDINAL" or t.lower_ in ("dozens", "hundreds", "scores")
               for t in tokens)


def anchored_reference(tok: Any) -> bool:
    """Is a nominal event word tied to its own day or toll ("Monday's attack on a camp", "the
    massacre on June 5", "35 people died in Friday's attacks", "the killing of 100 people")?

    Such a word names one incident the report is about, even inside someone's reaction to it ("the
    UN condemned Monday's attack"), where a bare "the attack"/"the violence" is only its setting."""
    if tok.pos_ == "VERB" and tok.lemma_.lower() == "kill":
        # "the governor, Khamis Abakar, was killed in El Geneina on Wednesday": a named victim on a day
        named = any(c.dep_ in ("nsubjpass", "dobj") and any(g.ent_type_ == "PERSON" for g in c.subtree)
                    for c in tok.children)
        dated = any((c.dep_ == "npadvmod" and c.ent_type_ == "DATE") or (c.dep_ == "prep" and any(
            g.dep_ == "pobj" and g.ent_type_ == "DATE" for g in c.children)) for c in tok.children)
        return named and dated
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    for c in tok.children:
        if c.dep_ in DATE_DEPS and c.ent_type_ == "DATE":
            return True
        if c.dep_ == "prep" and c.lower_ in ("on", "in") and any(
                g.dep_ == "pobj" and g.ent_type_ == "DATE" and not YEAR.fullmatch(g.text) for g in c.children):
            return True
        if c.dep_ == "prep" and c.lower_ == "of" and tok.lemma_.lower() in ("killing", "massacre", "death",
                                                                              "murder", "assassination"):
            # "the killing of 100 people", "the killing of governor Khamis Abakar"
            if any(_has_count(g.subtree) or any(x.ent_type_ == "PERSON" for x in g.subtree)
                   for g in c.children if g.dep_ == "pobj"):
                return True
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in ("in", "during") and head.head.lemma_.lower() in TOLL_VERBS:
        verb = head.head
        if any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and _has_count(c.subtree) for c in verb.children):
            return True
    if tok.dep_ == "nsubj" and head.lemma_.lower() in TOLL_VERBS:
        if any(c.dep_ in ("dobj", "ccomp", "xcomp", "oprd") and _has_count(c.subtree) for c in head.children):
            return True
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_ == "be" and any(
            c.dep_ == "prep" and c.lower_ == "on" and any(g.ent_type_ == "DATE" for g in c.children)
            for c in head.head.children):
        return True  # "X was behind the massacre at a church on June 5"
    if tok.dep_ == "nsubj" and head.lemma_.lower() in HAPPEN_VERBS and any(
            c.ent_type_ == "DATE" or any(g.ent_type_ in ("DATE", "TIME") for g in c.children)
            for c in head.children if c.dep_ in ("prep", "npadvmod", "advmod")):
        return True  # "the attack happened in the early hours of Saturday"
    for c in tok.children:  # "the attack, which killed at least 28 people"
        if c.dep_ == "relcl" and c.lemma_.lower() in TOLL_VERBS and _has_count(c.subtree):
            return True
    return False


def is_description(tok: Any) -> bool:
    """ "It was the deadliest attack since ...", "this is the third strike this week": a word that
    describes the event already told (a pronoun's attribute), not a new one."""
    if tok.dep_ != "attr" or tok.head.lemma_ != "be":
        return False
    return any(c.dep_ == "nsubj" and c.lower_ in ("it", "this", "that") for c in tok.head.children)
