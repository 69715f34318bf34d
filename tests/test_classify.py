"""Event detection and typing (coding/classify.py): hand-written sentences and the CASE 2021 floor.

The sentences below were written for this test (none comes from a labelled set); the CASE 2021
dev set (Haneczok et al. 2021, shared task 2) gives the quality floor.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from conflictwatch.coding.classify import Cue, detect_events, might_report_event
from conflictwatch.coding.classify_case import CASE_TO_ACLED, NON_ACLED
from conflictwatch.records import SUB_EVENT_TYPES

# Floors on the CASE 2021 dev snippets: measured 0.868 weighted F1, 0.839 macro F1 and 8.2%
# false alarms when written; floor = measured - 0.02, rounded down (false alarms: the 10% target).
CASE_WEIGHTED_F1_FLOOR = 0.84
CASE_MACRO_F1_FLOOR = 0.81
CASE_FALSE_ALARM_CEILING = 0.10



def top_type(cues: list[Cue]) -> str | None:
    """What the coder takes: the best cue that is neither negated nor hypothetical."""
    real = [c for c in cues if not c.negated and not c.hypothetical]
    return max(real, key=lambda c: c.confidence).sub_event_type if real else None


TYPED = [
    # Projectiles and stones thrown by a crowd are a riot, not artillery.
    ("Protesters threw projectiles at police outside the station in Bristol.", "Violent demonstration"),
    ("Youths threw stones at police in Srinagar on Friday.", "Violent demonstration"),
    # Bombers killed by their own bomb.
    ("Two militants detonated explosives near Ankara, killing themselves after police surrounded them.",
     "Suicide bomb"),
    # A phrase at the head of a sentence, capitalised and inflected.
    ("Suicide bombings at two Baghdad markets killed at least 18 people on Sunday.", "Suicide bomb"),
    # Rescue teams play no game, and the gas the parser makes the subject of "said" does not speak.
    ("Syrian civilians near the capital were attacked Tuesday with suspected poisonous gas believed to have been "
     "launched by the government, activists and rescue teams said.", "Chemical weapon"),
    # "bases" read as the plural of "basis" by the lemmatizer; here they are military bases.
    ("Turkish ground forces have set up two military bases east of Zakho.", "Headquarters or base established"),
    # "drove X out of the town", with "out" parsed as a preposition.
    ("The army drove rebels out of the town of Kidal on Monday.", "Government regains territory"),
    ("Government troops pushed militants out of several villages in Lower Shabelle.", "Government regains territory"),
    # A pronoun doer in what someone said is the sayer.
    ("The rebels said they killed two villagers near Beni.", "Attack"),
    # A crowd gathered to protest, or a crowd of a protest's people.
    ("Thousands of people gathered in Yangon on Sunday to denounce the coup.", "Peaceful protest"),
    ("Tens of thousands of opponents of the military coup gathered on Sunday in towns across Myanmar.",
     "Peaceful protest"),
    # The residents' killing is the event, not the kidnapping they said the men tried.
    ("Angry residents killed six men they claimed tried to kidnap local teachers in Veracruz.", "Mob violence"),
    # Battles
    # Fighting that breaks out, rages or takes place somewhere is armed, whoever fought.
    ("Clashes erupted in Daraa on Monday.", "Armed clash"),
    ("Heavy fighting broke out in Idlib countryside.", "Armed clash"),
    ("Fighting raged in Khartoum for a third day.", "Armed clash"),
    ("Fierce clashes took place in Daraa city on Monday.", "Armed clash"),
    (
        ("Rebel fighters and government troops clashed near the town of Kidal on Monday, leaving nine dead."),
        "Armed clash",
    ),
    ("Soldiers repelled an attack by militants on an army checkpoint outside Maiduguri.", "Armed clash"),
    ("Insurgents ambushed a military convoy, killing seven soldiers.", "Armed clash"),
    # An order makes only an arrest hypothetical: ordered strikes that killed are told as done.
    ("The president ordered air strikes that killed 10 militants in Idlib on Monday.", "Air/drone strike"),
    # A headline's attribution is no target: the website told of the raids, it was not attacked.
    ("US-led raids kill 56 IS militants in Iraq - website.", "Armed clash"),
    ("Security forces killed 15 militants in an operation in the north, the army said.", "Armed clash"),
    (
        "The army recaptured the town of Palma from insurgents after a week-long offensive.",
        "Government regains territory",
    ),
    (
        "Separatist rebels seized control of the district capital after government soldiers fled.",
        "Non-state actor overtakes territory",
    ),
    # Explosions/Remote violence
    (
        "Government helicopters dropped barrels filled with chlorine gas on the rebel-held suburb.",
        "Chemical weapon",
    ),
    (
        "A drone strike hit a vehicle carrying two commanders on the highway, killing both.",
        "Air/drone strike",
    ),
    ("Fighter jets bombed militant hideouts in the mountains overnight.", "Air/drone strike"),
    ("Israeli warplanes struck targets in southern Lebanon overnight.", "Air/drone strike"),
    ("A suicide bomber blew himself up at a crowded checkpoint, killing twelve people.", "Suicide bomb"),
    (
        "Artillery shells landed in a residential area of Donetsk, wounding three civilians.",
        "Shelling/artillery/missile attack",
    ),
    ("Militants fired rockets at the airport late on Sunday.", "Shelling/artillery/missile attack"),
    ("A mortar round hit a market in Mogadishu, killing four people.", "Shelling/artillery/missile attack"),
    (
        "A roadside bomb struck a police patrol near Kandahar, killing two officers.",
        "Remote explosive/landmine/IED",
    ),
    (
        "Two farmers were killed when their tractor hit a landmine in the border district.",
        "Remote explosive/landmine/IED",
    ),
    ("Unknown assailants hurled a grenade into a crowded bar, injuring eight people.", "Grenade"),
    # Violence against civilians
    ("Soldiers raped several women during a raid on the village, a rights group said.", "Sexual violence"),
    ("Gunmen stormed a church during Sunday mass and shot dead eleven worshippers.", "Attack"),
    ("Bandits killed fourteen villagers in overnight attacks on two farming communities.", "Attack"),
    (
        "Armed men kidnapped a local priest and his driver on the road to Kaduna.",
        "Abduction/forced disappearance",
    ),
    ("Militants abducted 40 schoolgirls from their dormitory in Zamfara.", "Abduction/forced disappearance"),
    # Protests and riots
    (
        "Thousands of teachers marched peacefully through the capital to demand higher wages.",
        "Peaceful protest",
    ),
    (
        "Police fired tear gas to disperse hundreds of students protesting against tuition fees.",
        "Protest with intervention",
    ),
    (
        "Police used water cannon and arrested dozens as protesters tried to march on parliament.",
        "Protest with intervention",
    ),
    (
        ("Security forces opened fire on demonstrators in the capital, killing at least five protesters."),
        "Excessive force against protesters",
    ),
    (
        ("Protesters threw stones at police and set tyres on fire during a rally against the government."),
        "Violent demonstration",
    ),
    ("Clashes erupted between protesters and riot police outside the parliament.", "Violent demonstration"),
    ("Rioting crowds looted shops and set fire to cars in the city centre.", "Violent demonstration"),
    ("An angry mob lynched a man accused of stealing a motorbike.", "Mob violence"),
    (
        ("Rival groups of villagers attacked each other with machetes over a land dispute, killing four."),
        "Mob violence",
    ),
    # Strategic developments
    ("The two warring parties signed a ceasefire agreement in Addis Ababa on Friday.", "Agreement"),
    ("The Houthis and the government agreed to a prisoner exchange.", "Agreement"),
    ("Police arrested twenty opposition activists ahead of the planned rally.", "Arrests"),
    (
        "Dozens of fighters defected from the militia and joined the national army.",
        "Change to group/activity",
    ),
    ("The army deployed additional troops to the northern border region.", "Change to group/activity"),
    (
        "Police seized a large cache of rifles and ammunition in a raid on a warehouse.",
        "Disrupted weapons use",
    ),
    (
        "Army engineers defused three improvised explosive devices planted along the main road.",
        "Disrupted weapons use",
    ),
    ("Air defences intercepted two drones launched toward the capital.", "Disrupted weapons use"),
    ("Deminers cleared more than 2,000 landmines from farmland last year.", "Disrupted weapons use"),
    (
        "Turkish forces set up a new military base near the village of Tal Tamr.",
        "Headquarters or base established",
    ),
    (
        "Armed men looted the health centre and burned several houses in the village.",
        "Looting/property destruction",
    ),
    ("Residents said soldiers burned down dozens of homes in the village.", "Looting/property destruction"),
    (
        "Government forces withdrew from the town, handing control to local elders.",
        "Non-violent transfer of territory",
    ),
    (
        "UN peacekeepers withdrew from the base and handed it over to the army.",
        "Non-violent transfer of territory",
    ),
    ("Militants killed 30 villagers and a mass grave was found near the camp.", "Attack"),
    # Grievance clauses and quoted history: the protest or the main clause is the event.
    (
        (
            "Thousands of students protested in the capital on Friday over the killing of a classmate "
            "by police."
        ),
        "Peaceful protest",
    ),
    (
        ("Hundreds rallied outside the court demanding the release of activists arrested last month."),
        "Peaceful protest",
    ),
    (
        "Demonstrators marched to denounce the air strikes that killed 30 civilians last week.",
        "Peaceful protest",
    ),
    (
        (
            "The village, where a chemical attack killed dozens in 2017, was captured by government "
            "forces on Tuesday."
        ),
        "Government regains territory",
    ),
]

NOT_EVENTS = [
    # An arrest still to be decided.
    "The government is yet to decide whether or not to arrest the minister.",
    "Police debated whether to detain the organisers.",
    # A gathering with no protest's aim or crowd.
    "Hundreds gathered at the cemetery to mourn the victims of the fire.",
    "Worshippers gathered for Friday prayers in the old mosque.",
    # An arrest or abduction tried has not happened.
    "Police tried to arrest the suspect but he escaped through a window.",
    "Two men attempted to kidnap a schoolgirl outside the market.",
    # A volcano erupts; a brawl breaks out; a battle of ideas has no place.
    "Mount Etna erupted on Monday, sending ash over Catania.",
    "A fight broke out at a bar in Leeds after the match.",
    "The battle for the party's leadership continued in the committee.",
    # An arrest ordered, directed, demanded or allowed has not happened.
    "The high court directed the police to arrest the accused within 20 days.",
    "Police were ordered to arrest anyone violating the curfew.",
    "The district administration has instructed police to detain members of the trust.",
    "The opposition leader demanded the arrest of the party's leaders under the anti-terror law.",
    "The government was in two minds on whether or not to arrest Singhal.",
    "If anyone has any objection, he is free to arrest us, he asserted.",
    # ... while an attack on websites is a cyber attack, no ACLED event
    "Hackers attacked government websites in Kenya.",
    # An explosion told as an accident stays one when told again ("The explosion killed 12"), and
    # "fire fighters" are no fighters.
    "A fire at a fireworks warehouse caused a huge explosion in the city. The explosion killed 12 people.",
    ("Gas and propane containers exploded during a fire in a garage; when the explosion occurred, fire fighters "
     "removed several cylinders."),
    # look-alikes
    "Manchester United clash with Liverpool in a crucial match on Sunday.",
    "Striker Kane fired a rocket into the top corner as England beat Italy.",
    "The coach said the team would battle for a place in the final.",
    "Lawmakers are locked in a bitter battle over the budget.",
    "A powerful storm killed six people and flattened hundreds of homes.",
    "A magnitude 6.1 earthquake struck the coast, killing at least 40 people.",
    "Floods and landslides killed 30 people and forced thousands to flee.",
    "Three people died when a car crashed into a truck on the highway.",
    "An explosion at a chemical plant injured twelve workers.",
    "A fire broke out at a textile factory, killing 12 workers.",
    "Customs officers seized 200 kilograms of cocaine hidden in a shipment of bananas.",
    "Police arrested three men suspected of smuggling heroin across the border.",
    "Police said the man robbed a bank and shot a security guard before fleeing.",
    "The government expelled four diplomats and imposed new sanctions on Moscow.",
    "The White House imposed sanctions on officials over the crackdown on protesters.",
    "The country recalled its ambassador after the missile test.",
    "Islamic State claimed responsibility for the bombing.",
    # planned, threatened, conditional
    "Opposition groups plan to hold a protest next week.",
    "The opposition called for a nationwide strike and protests on Monday.",
    "The rebels threatened to attack the capital if talks fail.",
    "Ministers warned that militants could launch attacks during the holiday.",
    # negated
    "The ministry denied that any air strikes took place in the area.",
    "Officials denied reports that soldiers had shelled the village.",
    "No one was hurt and there were no clashes, police said.",
    "The army said it would not withdraw from the region.",
]


@pytest.mark.parametrize(("text", "expected"), TYPED)
def test_types_sentence(nlp, text: str, expected: str) -> None:
    cues = detect_events(nlp(text))
    assert top_type(cues) == expected, [(c.sub_event_type, c.confidence) for c in cues]


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_no_event_reported(nlp, text: str) -> None:
    cues = detect_events(nlp(text))
    assert top_type(cues) is None, [(c.sub_event_type, c.confidence) for c in cues]


def test_negated_and_hypothetical_cues_are_kept_with_flags(nlp) -> None:
    denied = detect_events(nlp("The ministry denied that any air strikes took place in the area."))
    assert [c.sub_event_type for c in denied if c.negated] == ["Air/drone strike"]
    planned = detect_events(nlp("Opposition groups plan to hold a protest next week."))
    assert planned and all(c.hypothetical for c in planned)


def test_cue_spans_and_order(nlp) -> None:
    text = (
        "Militants fired rockets at the airport on Sunday. Later, police arrested two suspects in the town."
    )
    doc = nlp(text)
    cues = detect_events(doc)
    assert [c.sub_event_type for c in cues][:1] == ["Shelling/artillery/missile attack"]
    assert "Arrests" in {c.sub_event_type for c in cues}
    assert [c.start for c in cues] == sorted(c.start for c in cues)
    for c in cues:
        assert SUB_EVENT_TYPES[c.sub_event_type].value == c.event_type
        assert 0.0 <= c.confidence <= 1.0
        assert c.sent_start <= c.start < c.end <= c.sent_end
    assert text[cues[0].start : cues[0].end] == "rockets"
    assert cues[0].agent is not None and text[slice(*cues[0].agent)] == "Militants"


def test_agent_and_patient(nlp) -> None:
    text = "Taliban fighters attacked a police checkpoint in Kunduz."
    cue = detect_events(nlp(text))[0]
    assert cue.sub_event_type == "Armed clash"
    assert cue.agent and text[slice(*cue.agent)] == "Taliban fighters"
    assert cue.patient and "checkpoint" in text[slice(*cue.patient)]


def test_prefilter() -> None:
    assert might_report_event("Gunmen opened fire on a bus.")
    assert might_report_event("Thousands PROTESTED in Lagos.")
    assert not might_report_event("The central bank left interest rates unchanged on Tuesday.")


def test_case_mapping_covers_every_sub_event_type() -> None:
    assert set(CASE_TO_ACLED.values()) == set(SUB_EVENT_TYPES)
    assert not NON_ACLED & set(CASE_TO_ACLED)


def test_case2021_floor(nlp, shared_data: Path) -> None:
    path = shared_data / "dev" / "case2021" / "snippets.tsv"
    if not path.is_file():
        pytest.skip(f"CASE 2021 dev set not found at {path} (set CONFLICTWATCH_SHARED_DATA)")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    texts = [r["EventSnippet"] for r in rows]
    preds = [top_type(detect_events(d)) for d in nlp.pipe(texts, batch_size=64)]
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    alarms = non_acled = 0
    for row, pred in zip(rows, preds):
        label = row["SubType"]
        if label in NON_ACLED:
            non_acled += 1
            alarms += pred is not None
            if pred is not None:
                fp[pred] += 1
            continue
        gold = CASE_TO_ACLED[label]
        if pred == gold:
            tp[gold] += 1
        else:
            fn[gold] += 1
            if pred is not None:
                fp[pred] += 1
    f1 = {}
    for t in SUB_EVENT_TYPES:
        denom = 2 * tp[t] + fp[t] + fn[t]
        f1[t] = 2 * tp[t] / denom if denom else 0.0
    support = {t: tp[t] + fn[t] for t in SUB_EVENT_TYPES}
    weighted = sum(f1[t] * support[t] for t in f1) / sum(support.values())
    macro = sum(f1.values()) / len(f1)
    false_alarms = alarms / non_acled
    assert weighted >= CASE_WEIGHTED_F1_FLOOR, (weighted, f1)
    assert macro >= CASE_MACRO_F1_FLOOR, (macro, f1)
    assert false_alarms <= CASE_FALSE_ALARM_CEILING, false_alarms


def test_an_accident_told_first_does_not_make_a_later_armed_blast_one(nlp) -> None:
    text = ("A gas explosion at a chemical plant killed three workers on Monday. Separately, militants "
            "detonated a bomb at a checkpoint in Kano; the blast killed two soldiers.")
    cues = detect_events(nlp(text))
    first_end = text.index("Monday.") + len("Monday.")
    assert not [c for c in cues if c.start < first_end]  # the plant's explosion is an accident
    assert "Remote explosive/landmine/IED" in {c.sub_event_type for c in cues if c.start > first_end}


def test_holding_a_thing_is_no_arrest(nlp) -> None:
    # a mob holding a police van ("detained it") takes no one into custody
    cues = detect_events(nlp("The mob vented its ire on the police vehicle and detained it for about five minutes."))
    assert "Arrests" not in {c.sub_event_type for c in cues}
    assert "Arrests" in {c.sub_event_type for c in detect_events(nlp("Police detained him for five hours."))}
