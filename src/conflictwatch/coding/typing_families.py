"""Trigger families -> ACLED sub-event types, by the codebook's rules.

A family is a trigger whose type depends on its arguments: "attack" is a clash when the target
is armed and an attack on civilians otherwise; "seize" is territory, weapons, an arrest or a
drug bust depending on what was seized; a protest is peaceful until the text reports force,
intervention or protester violence outside the protest's grievance.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conflictwatch.coding.typing_parse import (
    ANCHORED_WEIGHT,
    NO_ACTOR_FACTOR,
    PROTESTER_VIOLENCE,
    RESOLVED_MEDIUM,
    RESOLVED_STRONG,
    STRONG_FORCE,
    SentenceContext,
    actor_side,
    agent_tokens,
    anchored_reference,
    armed_anywhere,
    is_grievance,
    patient_tokens,
    region_of,
    subtree,
    talks_are_news,
)

ARMED_CLASH = "Armed clash"
GOV_REGAINS = "Government regains territory"
NSA_OVERTAKES = "Non-state actor overtakes territory"
AIR = "Air/drone strike"
REMOTE = "Remote explosive/landmine/IED"
SHELLING = "Shelling/artillery/missile attack"
ATTACK = "Attack"
ABDUCTION = "Abduction/forced disappearance"
SUICIDE = "Suicide bomb"
PEACEFUL = "Peaceful protest"
INTERVENTION = "Protest with intervention"
EXCESSIVE = "Excessive force against protesters"
VIOLENT_DEMO = "Violent demonstration"
MOB = "Mob violence"
AGREEMENT = "Agreement"
ARRESTS = "Arrests"
CHANGE = "Change to group/activity"
DISRUPTED = "Disrupted weapons use"
HQ = "Headquarters or base established"
LOOTING = "Looting/property destruction"
TRANSFER = "Non-violent transfer of territory"

# Verbs of the @find family that only disrupt explosives (destroying vehicles is a strike).
EXPLOSIVE_ONLY = {"destroy", "defuse", "deactivate", "dismantle", "clear", "neutralize", "neutralise"}
# Verbs of @find/@seize that can also take people (an arrest) or contraband (crime).
TAKES_PEOPLE = {"seize", "capture", "intercept", "apprehend"}
HQ_OBJECTS = {
    "base",
    "post",
    "checkpoint",
    "camp",
    "outpost",
    "headquarters",
    "headquarter",
    "position",
    "garrison",
    "barrack",
    "barracks",
    "station",
}
PUNISH_VERBS = {"arrest", "detain", "jail", "imprison", "sentence", "charge", "convict"}
NOT_A_TRANSFER = {
    "agreement",
    "deal",
    "treaty",
    "accord",
    "talk",
    "race",
    "candidacy",
    "support",
    "bill",
    "application",
    "membership",
}

# Nouns that name armed fighting itself: "fought two wars", "the fighting killed 40".
WAR_NOUNS = {"war", "fighting", "conflict", "clash", "hostility", "hostilities", "insurgency", "battle"}

Result = tuple[str, float] | None
Family = Callable[[float, Any, Any, SentenceContext, list[Any], set[int]], Result]


def _object_region(tok: Any) -> set[int]:
    region = region_of(patient_tokens(tok))
    # Noun triggers: the words they govern ("a cache of weapons"), not the clauses that tell more
    # ("the killing of 100 people in a village where the RSF attacked").
    if tok.pos_ in ("NOUN", "PROPN"):
        clauses = {i for t in tok.subtree if t.dep_ in ("relcl", "acl", "advcl") and t.i != tok.i
                   for i in subtree(t)}
        region = (region | subtree(tok)) - {tok.i} - clauses
    return region


def _itself(doc: Any, region: set[int]) -> set[int]:
    """What a region names itself, not the places and sources hung on it by prepositions: in "56
    IS militants in Iraq - website" the militants, not the website (a headline's attribution)."""
    roots = [doc[i] for i in region if doc[i].head.i not in region or doc[i].head.i == i]
    out: set[int] = set()
    todo = [c for r in roots for c in ([r] if r.dep_ != "prep" else [g for g in r.children if g.dep_ == "pobj"])]
    while todo:
        t = todo.pop()
        if t.i in out or t.i not in region:
            continue
        out.add(t.i)
        todo.extend(c for c in t.children if c.dep_ not in ("prep", "relcl", "acl", "advcl", "punct"))
    return out


def _non_grievance(ctx: SentenceContext, cls: str, protests: list[Any]) -> set[int]:
    doc = ctx.doc
    return {i for i in ctx.tokens_of(cls) if not is_grievance(doc[i], protests)}


def protest_type(ctx: SentenceContext, protests: list[Any]) -> tuple[str, float]:
    """The protest sub-type the sentence reports (force and violence outside the grievance)."""
    doc = ctx.doc
    # "riot police", "a violent dispersal": words that describe the police, not the crowd.
    police_side = ctx.tokens_of("state") | ctx.tokens_of("intervene") | ctx.tokens_of("harm")
    violent = {
        i for i in _non_grievance(ctx, "violent_protest", protests) if not _modifier_of(doc[i], police_side)
    }
    harm = _non_grievance(ctx, "harm", protests)
    intervene = _non_grievance(ctx, "intervene", protests)
    lemmas = {doc[i].lemma_.lower() for i in violent}
    if lemmas & PROTESTER_VIOLENCE:
        return VIOLENT_DEMO, RESOLVED_STRONG
    harm_lemmas = {doc[i].lemma_.lower() for i in harm} | {doc[i].lower_ for i in harm}
    if harm_lemmas & STRONG_FORCE or (harm and ctx.has("state")):
        return EXCESSIVE, RESOLVED_STRONG
    if violent:
        kinds = {doc[i].lemma_.lower() for i in violent}
        if kinds & {"clash", "violent", "violence", "riot", "rioter"}:
            return VIOLENT_DEMO, RESOLVED_STRONG
    if harm:
        return EXCESSIVE, RESOLVED_MEDIUM
    if intervene:
        return INTERVENTION, RESOLVED_STRONG
    if violent:
        return VIOLENT_DEMO, RESOLVED_MEDIUM  # road blocks, shutdowns
    return PEACEFUL, 0.0


GATHER_VERBS = {"gather", "assemble", "converge"}
# People and bodies a protest word names ("protest leaders", "the protest movement").
PROTEST_PEOPLE = {"leader", "organiser", "organizer", "movement", "group", "figure", "committee", "spokesman",
                  "spokeswoman", "spokesperson", "member", "coalition", "network"}
# What a crowd gathers to do, or who it is, when its gathering is a protest.
PROTEST_AIMS = {"protest", "denounce", "condemn", "demand", "oppose", "reject", "demonstrate", "decry",
                "voice", "call", "urge", "press", "chant"}
PROTEST_CROWDS = {"opponent", "supporter", "protester", "protestor", "demonstrator", "activist"}


def gathers_to_protest(tok: Any) -> bool:
    """ "Thousands gathered in Yangon to denounce the coup", "opponents of the coup gathered",
    "gathered outside parliament in protest": a gathering with a protest's aim or crowd (not to
    mourn, to pray, nor troops gathering near a border)."""
    for c in tok.children:
        if c.dep_ in ("advcl", "xcomp", "conj") and c.lemma_.lower() in PROTEST_AIMS:
            return True
        if c.dep_ == "prep" and c.lower_ == "against":
            return True
        if c.dep_ == "prep" and c.lower_ == "in" and any(
                g.lemma_.lower() in ("protest", "solidarity", "defiance") for g in c.children):
            return True
        if c.dep_ == "nsubj" and any(g.lemma_.lower() in PROTEST_CROWDS for g in c.subtree):
            return True
    return False


def _protest(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    if tok.lower_ == "march" and tok.pos_ == "PROPN":
        return None
    if ctx.has("sport"):
        return None
    if tok.lemma_.lower() in GATHER_VERBS and not gathers_to_protest(tok):
        return None
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in PROTEST_PEOPLE:
        return None  # "arrested three protest leaders": who they are, not a protest held
    sub, conf = protest_type(ctx, protests)
    # "detained people who took part in the demonstrations": the arrest is the news.
    if any(a.lemma_.lower() in PUNISH_VERBS for a in tok.ancestors):
        return sub, 0.5
    return sub, max(w, conf)


def _riot(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    return VIOLENT_DEMO, w


def _force(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    sub, conf = protest_type(ctx, protests)
    if sub == PEACEFUL:
        sub = INTERVENTION
    return sub, max(w, conf * 0.9)


def _mob(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    if protests and ctx.has("protester"):
        return VIOLENT_DEMO, w
    return MOB, w


# Verbs of fighting that starts or goes on ("clashes erupted", "fighting raged", "clashes took place").
OUTBREAK_VERBS = {"erupt", "rage", "flare", "continue", "intensify", "resume", "escalate", "ensue", "occur"}
OUTBREAK_NOUNS = {"clash", "fighting", "battle", "skirmish", "gunfight", "firefight", "gunbattle"}  # not "fight": a brawl
LOCATIVE = {"in", "near", "around", "across", "along", "outside", "at", "on"}
PLACE_NOUNS = {"city", "town", "village", "countryside", "district", "province", "region", "area", "state",
               "north", "south", "east", "west", "border", "street", "camp", "neighbourhood", "neighborhood",
               "outskirts", "capital", "suburb", "frontline", "front", "county", "valley", "hill", "mountain"}


def _a_place(tok: Any) -> bool:
    """A place on the ground: a named one, or a word for one ("the countryside", "the north")."""
    return tok.ent_type_ in ("GPE", "LOC", "FAC") or tok.lemma_.lower() in PLACE_NOUNS


def _breaks_out_somewhere(tok: Any) -> bool:
    """Is a fighting word the subject of a verb of outbreak that says where it happened?"""
    if tok.dep_ != "nsubj" or tok.lemma_.lower() not in OUTBREAK_NOUNS:
        return False
    verb = tok.head
    lemma = verb.lemma_.lower()
    kids = list(verb.children)
    outbreak = (lemma in OUTBREAK_VERBS
                or (lemma == "break" and any(c.dep_ == "prt" and c.lower_ == "out" for c in kids))
                or (lemma == "take" and any(c.dep_ == "dobj" and c.lower_ == "place" for c in kids)))
    return outbreak and any(c.dep_ == "prep" and c.lower_ in LOCATIVE
                            and any(g.dep_ == "pobj" and _a_place(g) for g in c.children) for c in kids)


def _clash(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    if ctx.has("sport"):
        return None
    # "a battle over the budget": fighting words need someone armed, a crowd or casualties;
    # "fought two wars" is armed by what was fought.
    fought_war = any(c.dep_ == "dobj" and c.lemma_.lower() in WAR_NOUNS for c in tok.children)
    if fought_war:
        return ARMED_CLASH, max(w, RESOLVED_MEDIUM)
    if not (armed_anywhere(ctx) or ctx.has("crowd") or ctx.has("protester") or ctx.has("harm")):
        if _breaks_out_somewhere(tok):
            # "Clashes erupted in Daraa", "Heavy fighting broke out in Idlib countryside": fighting
            # that breaks out or rages at a place is armed, whoever fought
            return ARMED_CLASH, w
        return None
    if protests or (ctx.has("protester") and not ctx.has("nonstate")):
        return VIOLENT_DEMO, w
    if ctx.has("crowd") and not (ctx.has("nonstate") or ctx.has("state")):
        return MOB, w
    crowd_words = {ctx.doc[i].lemma_.lower() for i in ctx.tokens_of("crowd")}
    if ctx.has("state") and not ctx.has("nonstate") and crowd_words & {"mob", "crowd"}:
        return VIOLENT_DEMO, w  # a crowd fighting the police
    return ARMED_CLASH, max(w, RESOLVED_MEDIUM if armed_anywhere(ctx) else w)


def _attack(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    if ctx.has("sport"):
        return None
    if tok.lemma_.lower() == "fire" and not _fire_is_a_shot(tok, span, ctx):
        return None  # "a fire at a factory": a blaze, not shots
    if tok.lemma_.lower() == "kill" and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in WAR_NOUNS for c in tok.children):
        return ARMED_CLASH, RESOLVED_MEDIUM  # "the war has killed 1,200 people": the fighting's toll
    agents = agent_tokens(tok)
    agent = region_of(agents)
    target = _object_region(tok)
    if tok.dep_ == "acl" and tok.tag_ != "VBN" and any(a.i == tok.head.i for a in agents):
        # "died in police firing" hangs "firing" on "police", its doer, who is not its own target
        # ("24 militants killed", a past participle on the noun, names whom it was done to)
        target -= subtree(tok.head) - subtree(tok)
        if not any(ctx.has(c, target) for c in ("civilian", "armed_target", "nonstate", "protester", "crowd")):
            target = set()  # "firing near the bridge": only where, not at whom
    side = actor_side(ctx, agent)
    armed = armed_anywhere(ctx)
    if not armed and not ctx.has("crowd"):
        if ctx.has("disaster") or ctx.has("accident"):
            return None
        if anchored_reference(tok):
            # "the killing of seven aid workers", "35 died in Friday's attacks": one dated or
            # counted incident, whoever did it
            w = max(w, ANCHORED_WEIGHT)
        elif w < 0.5:
            return None
        else:
            w *= NO_ACTOR_FACTOR
    if ctx.has("cyber", _itself(ctx.doc, target)) or (ctx.has("crime") and not ctx.has("nonstate")):
        return None  # hacked websites, robberies
    if protests and (ctx.has("protester", target) or side == "state"):
        return EXCESSIVE, max(w, RESOLVED_MEDIUM)
    if ctx.has("protester", target):
        return EXCESSIVE, max(w, RESOLVED_MEDIUM)
    # Two armed sides make a clash, whoever started it (ACLED: an attack on a base is a clash).
    target_armed = ctx.has("armed_target", target)
    if target_armed or (side == "state" and ctx.has("nonstate", target)):
        return ARMED_CLASH, max(w, RESOLVED_MEDIUM)
    if side == "crowd" and not ctx.has("nonstate", agent):
        return MOB, max(w, RESOLVED_MEDIUM)
    if side == "state" and not target:
        if ctx.tokens_of("civilian") - agent and not (ctx.tokens_of("armed_target") | ctx.tokens_of("nonstate")) - agent:
            # "two people died in police firing": the dead are civilians and nobody fought back
            return ATTACK, max(w, RESOLVED_MEDIUM)
        return ARMED_CLASH, w
    if ctx.has("civilian", target) or side == "nonstate":
        # an armed side acting on civilians, or a non-state group's attack, is the codebook's Attack
        if side in ("nonstate", "state"):
            return ATTACK, max(w, RESOLVED_MEDIUM)
    if side in (None, "state") and _only_forces_named(ctx, agent) \
            and any(t.lower_.rstrip(".") in FRONT_LINES for t in ctx.sent):
        # "Pak forces resort to heavy firing along LoC": forces firing across a front line, with
        # no civilians, crowd or group in the sentence, fight the other side's forces: no attack
        # on civilians
        return ARMED_CLASH, w
    return ATTACK, max(w, ANCHORED_WEIGHT) if anchored_reference(tok) else w


# Words of a front line between two states' forces, where firing is an exchange ("along the LoC").
FRONT_LINES = frozenset({"loc", "border", "borders", "frontier", "cross-border", "ceasefire", "front", "frontline",
                         "front-line", "boundary"})


def _only_forces_named(ctx: SentenceContext, agent: set[int]) -> bool:
    """Are the act's doers forces, and does the sentence name no one else who could be shot at or
    shoot back?"""
    return bool(ctx.tokens_of("troops", agent) | ctx.tokens_of("state", agent)) and not any(
        ctx.tokens_of(c) - agent for c in ("civilian", "crowd", "protester", "nonstate", "armed_target", "crime"))


# Words that make "strike" a stoppage of work, not a blow: "went on strike", "a teachers' strike".
LABOUR_STRIKE = frozenset({"hunger", "general", "labour", "labor", "worker", "workers", "teacher", "teachers",
                           "doctor", "doctors", "nurse", "nurses", "union", "nationwide", "national", "rail",
                           "transport", "sit", "token", "wildcat", "indefinite", "student", "students", "tax"})
# Weapons that make a strike artillery or missile fire rather than an air or drone strike.
FIRED_WEAPONS = frozenset({"missile", "rocket", "artillery", "shell", "mortar", "shelling", "ballistic"})


def _strike(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    """ "yesterday's Israeli strike on a school", "a Russian missile strike", "jets struck the area".

    A strike noun is a blow when it is dated, counted or placed on a target or an armed side is
    named; a strike verb needs an armed or aerial agent. Its weapon types it; a strike with none
    named is the codebook's air or drone strike."""
    mods = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "poss")}
    if tok.pos_ in ("NOUN", "PROPN"):
        if mods & LABOUR_STRIKE or (tok.head.lower_ == "on" and tok.dep_ == "pobj") or \
                (protests or ctx.has("protester") or ctx.has("sport")):
            return None
        targeted = any(c.dep_ == "prep" and c.lower_ in ("on", "against", "near", "in") for c in tok.children)
        national = any(c.dep_ == "amod" and c.ent_type_ == "NORP" for c in tok.children)
        if not (anchored_reference(tok) or national or armed_anywhere(ctx) or (targeted and ctx.has("harm"))):
            return None
        words = {ctx.doc[i].lemma_.lower() for i in subtree(tok)} | mods
    else:
        agent = region_of(agent_tokens(tok))
        if not (actor_side(ctx, agent) in ("state", "nonstate") or ctx.has("air", agent)
                or ctx.has("weapon", agent) or ctx.has("explosive", agent)):
            return None
        if ctx.has("disaster") or ctx.has("accident") or ctx.has("sport"):
            return None
        if ctx.has("explosive", agent) or any(ctx.doc[i].lemma_.lower() == "bomber" for i in agent):
            return REMOTE, w
        words = {ctx.doc[i].lemma_.lower() for i in agent}
    if words & FIRED_WEAPONS:
        return SHELLING, w
    return AIR, w


def _fire_is_a_shot(tok: Any, span: Any, ctx: SentenceContext) -> bool:
    """ "fired at", "sniper fire", "fire from Azerbaijani troops": shots; a bare noun "fire" is a blaze."""
    if tok.pos_ in ("VERB", "AUX"):
        return True
    if {t.lemma_.lower() for t in span} - {"fire", "at", "on", "upon"}:
        return True  # "sniper fire"
    armed = ctx.tokens_of("state") | ctx.tokens_of("nonstate") | ctx.tokens_of("weapon")
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "by"):
            return True
        if c.dep_ in ("amod", "compound", "poss") and (c.i in armed or c.ent_type_ == "NORP"):
            return True  # "Azerbaijani fire on", "artillery fire at"
    return False


def _explosion(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    if (ctx.has("accident") or ctx.has("disaster")) and not (ctx.has("nonstate") or ctx.has("state")):
        return None
    if ctx.has("air") and tok.lemma_.lower() in ("bomb", "bombing"):
        return AIR, w
    if _killing_themselves(tok):
        return SUICIDE, max(w, RESOLVED_MEDIUM)
    return REMOTE, w


REFLEXIVES = frozenset({"himself", "herself", "themselves", "itself"})


def _killing_themselves(tok: Any) -> bool:
    """ "Two militants detonated explosives, killing themselves": the bombers died by their bomb."""
    verb = tok if tok.pos_ == "VERB" else tok.head
    return any(c.dep_ in ("advcl", "conj", "xcomp") and c.lemma_.lower() == "kill"
               and any(g.dep_ == "dobj" and g.lower_ in REFLEXIVES for g in c.children)
               for c in verb.children)


def _bombverb(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    side = actor_side(ctx, region_of(agent_tokens(tok)))
    if side == "nonstate" and not ctx.has("air"):
        return REMOTE, w
    return AIR, w


def _seize(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    target = _object_region(tok)
    lemma = tok.lemma_.lower()
    if lemma in ("push", "drive"):
        # Only "pushed/drove X out/back" is a territorial gain ("out of the town" is often
        # parsed as a preposition).
        if not any(c.dep_ in ("prt", "prep", "advmod") and c.lower_ in ("out", "back") for c in tok.children):
            return None
        w = 0.7
    weapons = _weapon_heads(ctx, ctx.tokens_of("weapon", target) | ctx.tokens_of("explosive", target))
    if weapons:
        consumed.update(weapons)
        return DISRUPTED, RESOLVED_STRONG
    if ctx.has("crime", target):
        return None
    doc = ctx.doc
    heads = patient_tokens(tok)
    if lemma in TAKES_PEOPLE and heads and all(
            h.ent_type_ == "PERSON" or ctx.has("person", {h.i})
            or (ctx.has("civilian", {h.i}) and not ctx.has("place", {h.i}) and h.ent_type_ not in ("GPE", "LOC", "FAC"))
            for h in heads):
        # "Abakar, a Masalit leader, was seized": a person taken, whatever place words follow;
        # by the state an arrest, by an armed group (named here or anywhere in the sentence) an abduction
        side = actor_side(ctx, region_of(agent_tokens(tok))) or actor_side(
            ctx, set(range(ctx.sent.start, ctx.sent.end)))
        return (ARRESTS if side == "state" or side is None else ABDUCTION), RESOLVED_MEDIUM
    places = ctx.tokens_of("place", target) | {
        t.i
        for t in doc[ctx.sent.start : ctx.sent.end]
        if t.i in target and t.ent_type_ in ("GPE", "LOC", "FAC")
    }
    if not places:
        if lemma in TAKES_PEOPLE and ctx.has("person", target):
            return ARRESTS, RESOLVED_MEDIUM
        if w < 0.7:
            return None
    if ctx.has("no_resistance"):
        return TRANSFER, RESOLVED_MEDIUM
    agent = region_of(agent_tokens(tok))
    side = actor_side(ctx, agent)
    passive = any(c.dep_ == "nsubjpass" for c in tok.children)
    if side is None and passive:
        # "militants were pushed back": the patient is the loser.
        loser = actor_side(ctx, target)
        side = {"nonstate": "state", "state": "nonstate"}.get(loser or "", None)
    if side is None:
        source = {g.i for c in tok.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.subtree}
        loser = actor_side(ctx, source)
        side = {"nonstate": "state", "state": "nonstate"}.get(loser or "", None)
    if side is None:
        side = actor_side(ctx, set(range(ctx.sent.start, ctx.sent.end)))
    conf = max(w, RESOLVED_MEDIUM) if places else w
    if side == "state":
        return GOV_REGAINS, conf
    if side in ("nonstate", "crowd"):
        return NSA_OVERTAKES, conf
    return (NSA_OVERTAKES, conf * NO_ACTOR_FACTOR) if places else None


def _modifier_of(tok: Any, heads: set[int]) -> bool:
    """Is the word a (chain of) modifier(s) of one of these heads ("rocket-launching site")?"""
    cur = tok
    while cur.dep_ in ("compound", "amod", "nmod", "npadvmod") and cur.head.i != cur.i:
        cur = cur.head
        if cur.i in heads:
            return True
    return False


def _air_agent(ctx: SentenceContext) -> bool:
    """An aircraft is the acting side (subject or "by" agent), not what was hit."""
    doc = ctx.doc
    for i in ctx.tokens_of("air"):
        t = doc[i]
        while t.dep_ in ("compound", "amod") and t.head.i != t.i:
            t = t.head
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() != "damage":
            return True
        if t.dep_ == "pobj" and t.head.lower_ == "by":
            return True
    return False


def _weapon_heads(ctx: SentenceContext, idx: set[int]) -> set[int]:
    """Weapon words that name what was taken, not what a place is ("a rocket-launching site")."""
    doc = ctx.doc
    skip = ctx.tokens_of("place") | ctx.tokens_of("nonevent_head")
    out = set()
    for i in idx:
        t = doc[i]
        head = t
        while head.dep_ in ("compound", "amod", "nmod", "npadvmod") and head.head.i != head.i:
            head = head.head
            if head.i in skip:
                break
        else:
            out.add(i)
            continue
        if head.i not in skip:
            out.add(i)
    return out


# Words that make an explosive found a device someone set, not one left over from a strike.
PLANTED = frozenset({"plant", "hide", "place", "set", "conceal", "bury", "rig", "attach", "fit"})


def _left_over(ctx: SentenceContext, explosives: set[int]) -> bool:
    """Are the explosives found "unexploded" ones from a strike or shelling told before ("found an
    unexploded bomb about 80 metres from the store"), with no word of anyone having set them? ACLED
    codes that strike, not a disrupted weapons use."""
    doc = ctx.doc
    unexploded = all(any(c.lower_ in ("unexploded", "undetonated") for c in doc[i].head.subtree)
                     for i in explosives)
    return unexploded and not any(t.lemma_.lower() in PLANTED for t in ctx.sent)


def _find(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    target = _object_region(tok)
    lemma = tok.lemma_.lower()
    explosives = ctx.tokens_of("explosive", target)
    weapons = ctx.tokens_of("weapon", target)
    if lemma in EXPLOSIVE_ONLY:
        weapons = set()
    if explosives and not weapons and _left_over(ctx, explosives):
        consumed.update(explosives)  # nor did it explode
        return None
    if explosives or weapons:
        consumed.update(explosives | weapons)
        return DISRUPTED, RESOLVED_STRONG
    if ctx.has("crime", target) or lemma in EXPLOSIVE_ONLY:
        return None
    if lemma in TAKES_PEOPLE and ctx.has("nonstate", target):
        return ARRESTS, RESOLVED_MEDIUM
    return None


def _arrest(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    # Ordinary crime (drugs, counterfeit money, robbery) is not a political arrest.
    political = ctx.has("nonstate") or ctx.has("protester") or protests
    if ctx.has("crime") and not political:
        return None
    if tok.pos_ == "VERB" and _holds_no_one(tok):
        return None  # "the mob detained it" (the police van): no one taken
    if protests and not any(p.i in _object_region(tok) for p in protests):
        sub, _ = protest_type(ctx, protests)
        if sub != PEACEFUL:
            return sub, w
    return ARRESTS, w


# Pronouns for things: what an arrest verb holds when it holds no one.
THING_PRONOUNS = frozenset({"it", "this", "which"})


def _holds_no_one(verb: Any) -> bool:
    """An arrest verb whose object is a thing's pronoun: "the mob detained it" (the police van).

    A noun object is kept whatever it is: "detained the leadership of the party" holds people the
    context words do not know. "Apprehend" used for fearing ("apprehending a complete alienation")
    is not told apart: on IndiaPoliceEvents that cost a document labelled as an arrest whose only
    such word is "apprehends reprisal killings"."""
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    return bool(objs) and objs[0].lower_ in THING_PRONOUNS


# Where an accused person gives themself up: to justice, not to the other side of a conflict.
JUSTICE = frozenset({"court", "magistrate", "judge", "police", "policeman", "station", "cjm", "tribunal"})


def _surrender(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    """Fighters surrendering to an armed side is an Agreement (as CASE 2021 labels it); an accused
    giving themself up "before a court" or "to the police" is taken into custody: an arrest."""
    to = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "before", "at")
          for g in c.children if g.dep_ == "pobj"]
    if any(t.lemma_.lower() in JUSTICE or t.lower_ in JUSTICE
           for g in to for t in g.subtree):
        return ARRESTS, w
    return AGREEMENT, w


def _agreed_pact(pact: Any, agree: Any) -> bool:
    """Is this pact word what was agreed? A ceasefire or a deal anywhere under "agree" is; talks are
    only when held or opened ("agreed to hold talks"), or agreed to or on themselves, not when
    they are the topic of an opinion ("analysts agreed that the talks were useful")."""
    if pact.lemma_.lower() not in ("talk", "talks"):
        return True
    return talks_are_news(pact) or (pact.dep_ == "pobj" and pact.head.head.i == agree.i)


def _agree(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    region = subtree(tok)
    agents = agent_tokens(tok)
    if any(_agreed_pact(ctx.doc[i], tok) for i in ctx.tokens_of("pact", region)) \
            or actor_side(ctx, region_of(agents)) in ("state", "nonstate"):
        return AGREEMENT, RESOLVED_MEDIUM
    states = {a.text for a in agents if a.ent_type_ == "GPE" and a.dep_ == "nsubj"}
    if states and any(t.ent_type_ == "GPE" and t.text not in states
                      for c in tok.children if c.dep_ == "xcomp" for t in c.subtree):
        # "Armenia has agreed to return four villages to Azerbaijan": a state undertakes to do
        # something with another (not "Russia has agreed to offer security assistance")
        return AGREEMENT, RESOLVED_MEDIUM
    return None


def _form(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    region = _object_region(tok) | region_of(agent_tokens(tok))
    if ctx.has("troops", region) or ctx.has("state", region) or ctx.has("nonstate", region):
        return CHANGE, max(w, 0.6)
    return None


def _setup(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    doc = ctx.doc
    target = _object_region(tok)
    if any(doc[i].lemma_.lower() in HQ_OBJECTS for i in target):
        return HQ, RESOLVED_STRONG
    return None


def _withdraw(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    doc = ctx.doc
    target = _object_region(tok)
    if any(doc[i].lemma_.lower() in NOT_A_TRANSFER for i in target):
        return None
    agent = region_of(agent_tokens(tok))
    side = actor_side(ctx, agent)
    # "Russian forces withdrew from Kherson": forces are an armed side whoever owns them
    if side in ("state", "nonstate") or ctx.has("troops", agent) or ctx.has("place", target):
        return TRANSFER, max(w, 0.7)
    return None


def _loot(
    w: float, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    if tok.dep_ == "amod":
        return None  # "stolen property" names goods, not an act
    if ctx.has("crime") and not (ctx.has("nonstate") or ctx.has("crowd") or protests):
        return None
    if ctx.has("disaster") or (ctx.has("accident") and not armed_anywhere(ctx)):
        return None
    if protests or ctx.has("protester"):
        return VIOLENT_DEMO, w
    crowd_words = {ctx.doc[i].lemma_.lower() for i in ctx.tokens_of("crowd")}
    if crowd_words & {"mob", "vigilante"}:
        return MOB, w
    if w < 0.6 and not (armed_anywhere(ctx) or ctx.has("crowd")):
        return None
    return LOOTING, w


FAMILIES: dict[str, Family] = {
    "@protest": _protest,
    "@riot": _riot,
    "@force": _force,
    "@mob": _mob,
    "@clash": _clash,
    "@attack": _attack,
    "@strike": _strike,
    "@explosion": _explosion,
    "@bombverb": _bombverb,
    "@seize": _seize,
    "@find": _find,
    "@arrest": _arrest,
    "@agree": _agree,
    "@surrender": _surrender,
    "@form": _form,
    "@setup": _setup,
    "@withdraw": _withdraw,
    "@loot": _loot,
}


def _direct(kind: str, w: float, tok: Any, ctx: SentenceContext) -> Result:
    """A trigger that names its type outright, unless the context says it is no event."""
    # A weapon word that only names what a facility/programme is for is no attack.
    if _modifier_of(tok, ctx.tokens_of("nonevent_head")):
        return None
    mishap = ctx.has("accident") or ctx.has("disaster")
    if kind == "Chemical weapon" and mishap and not (ctx.has("nonstate") or ctx.has("harm_act")):
        return None  # a gas leak at a factory
    if kind == SHELLING and _air_agent(ctx):
        return AIR, w  # "missiles fired by Israeli jets"
    if kind == REMOTE and tok.lemma_.lower() == "mine" and (ctx.has("accident") or ctx.has("disaster")):
        return None
    if kind == "Other" and (not ctx.has("nonstate") or ctx.has("crime")):
        return None  # people fleeing a robbery or a flood
    if kind == AGREEMENT and w < 0.6 and not (armed_anywhere(ctx) or ctx.has("pact")):
        return None
    if kind == CHANGE and w < 0.6 and not (ctx.has("troops") or armed_anywhere(ctx)):
        return None
    return kind, w


def type_one(
    trig: Any, tok: Any, span: Any, ctx: SentenceContext, protests: list[Any], consumed: set[int]
) -> Result:
    """(sub-event type, confidence) of one trigger match, or None when it reports no event."""
    if not trig.kind.startswith("@"):
        return _direct(trig.kind, trig.weight, tok, ctx)
    family = FAMILIES.get(trig.kind)
    return family(trig.weight, tok, span, ctx, protests, consumed) if family else None
