"""Unit tests of the coder's readers: numbers, dates, claims and actor normalisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conflictwatch.coding.dates import DateReader

PUB = dt.date(2024, 2, 13)  # a Tuesday



@pytest.fixture(scope="module")
def coder() -> Any:
    from conflictwatch.coding import Coder

    return Coder.load(geocoder=None, detector=lambda sdoc: [])


def casualties(coder: Any, nlp: Any, text: str) -> dict[str, list[tuple[int, int, int, int]]]:
    out: dict[str, list[tuple[int, int, int, int]]] = {}
    for s in nlp(text).sents:
        for c in coder.numbers.casualties(s):
            out.setdefault(c.kind, []).append((c.low, c.best, c.high, c.acled))
    return out


@pytest.mark.parametrize("text,kind,want", [
    ("Four were killed and one injured in the attack.", "killed", (4, 4, 4, 4)),
    ("Four were killed and one injured in the attack.", "injured", (1, 1, 1, 1)),
    ("A dozen soldiers were killed.", "killed", (12, 12, 12, 12)),
    ("Dozens of people were killed.", "killed", (24, 24, 99, 12)),
    ("Tens of people were wounded.", "injured", (20, 20, 99, 10)),
    ("Hundreds of civilians were killed.", "killed", (200, 200, 999, 100)),
    ("At least 30 people died.", "killed", (30, 30, 30, 30)),
    ("More than 100 people were killed.", "killed", (100, 100, 100, 100)),
    ("Up to 12 people were killed.", "killed", (12, 12, 12, 12)),
    ("Twenty-five people were killed.", "killed", (25, 25, 25, 25)),
    ("The blast killed 1,200 people.", "killed", (1200, 1200, 1200, 1200)),
    ("The attack left 12 people dead.", "killed", (12, 12, 12, 12)),
    ("The death toll rose to 18.", "killed", (18, 18, 18, 18)),
    # The tagger reads "Between 10 and 15" as a date: it still counts the people.
    ("Between 10 and 15 people were killed.", "killed", (10, 10, 15, 10)),
    ("10 to 15 people were wounded in the blast.", "injured", (10, 10, 15, 10)),
    # "in the hundreds": from a hundred up
    ("The death toll is in the hundreds.", "killed", (100, 100, 999, 100)),
    ("Relatives put the number of dead in the hundreds.", "killed", (100, 100, 999, 100)),
    ("The number of people killed in the strike has risen to at least 18.", "killed", (18, 18, 18, 18)),
    ("The number of injured rose to 40.", "injured", (40, 40, 40, 40)),
])
def test_number_forms(coder: Any, nlp: Any, text: str, kind: str, want: tuple[int, int, int, int]) -> None:
    assert want in casualties(coder, nlp, text)[kind]


@pytest.mark.parametrize("text,want", [
    # The range's second number is not a second toll.
    ("Between 20 and 30 soldiers died in the clashes on Monday.", [(20, 20, 30, 20)]),
    ("Between 10 and 15 people were killed.", [(10, 10, 15, 10)]),
    # A date stays a date: only the five are counted.
    ("The attack on 10 May killed 5 people.", [(5, 5, 5, 5)]),
])
def test_a_range_is_one_toll(coder: Any, nlp: Any, text: str, want: list[tuple[int, int, int, int]]) -> None:
    assert casualties(coder, nlp, text)["killed"] == want


def test_coordinated_victims_add_up(coder: Any, nlp: Any) -> None:
    from conflictwatch.coding.numbers import combine

    sent = next(nlp("Two soldiers and a civilian were killed in the attack.").sents)
    rng, acled, _ = combine([c for c in coder.numbers.casualties(sent) if c.kind == "killed"])
    assert rng is not None and (rng.low, rng.best, rng.high, acled) == (3, 3, 3, 3)


@pytest.mark.parametrize("text", ["No casualties were reported.", "No one was killed in the strike."])
def test_zero_casualties(coder: Any, nlp: Any, text: str) -> None:
    got = casualties(coder, nlp, text)
    assert got.get("killed") and all(v == (0, 0, 0, 0) for v in got["killed"])


def test_not_counts(coder: Any, nlp: Any) -> None:
    assert casualties(coder, nlp, "A mob lynched two men.")["killed"] == [(2, 2, 2, 2)]
    assert "killed" not in casualties(coder, nlp, "The conflict has lasted 30 years and two attacks occurred.")
    # The subject of an active "killed" is the killers, not a toll.
    assert casualties(coder, nlp, "Three gunmen killed two soldiers in Kano.")["killed"] == [(2, 2, 2, 2)]


@pytest.mark.parametrize("text,want", [
    # A headline's passive without its "were": the tagger makes the victims the verb's subject.
    ("Three Turkish soldiers killed in Kurdish militant attack: security sources.", (3, 3, 3, 3)),
    ("Two DR Congo police killed in clash with cult members.", (2, 2, 2, 2)),
    # A people or an armed group named by its members counts them.
    ("Nine Taleban killed in clashes with security forces in Afghan south.", (9, 9, 9, 9)),
    ("Turkish troops say kill 33 rebel Kurds.", (33, 33, 33, 33)),
])
def test_headline_tolls(coder: Any, nlp: Any, text: str, want: tuple[int, int, int, int]) -> None:
    assert casualties(coder, nlp, text)["killed"] == [want]


@pytest.mark.parametrize("text,kind", [
    ("NPA rebel killed in Agusan Norte clash.", "killed"),
    ("Israeli drone's rocket kills Palestinian in northern Gaza.", "killed"),
    ("Police kill suspected gunman in Russia's Kabarda-Balkaria.", "killed"),
    ("Officer killed, 4 troops hurt in latest clash with ASG bandits in Basilan.", "killed"),
])
def test_one_person_named_without_a_number_is_a_toll_of_one(coder: Any, nlp: Any, text: str, kind: str) -> None:
    assert [(c.best, c.implicit) for c in casualties_of(coder, nlp, text) if c.kind == kind] == [(1, True)]


def test_a_count_told_wins_over_one_person_named(coder: Any, nlp: Any) -> None:
    from conflictwatch.coding.numbers import combine

    got = casualties_of(coder, nlp, "Five soldiers were killed in the ambush. The officer was killed too.")
    rng, acled, used = combine([c for c in got if c.kind == "killed"])
    assert any(c.implicit for c in got) and (rng.best, acled) == (5, 5) and not any(c.implicit for c in used)
    # "no soldier", "each soldier": no count of one
    assert not casualties_of(coder, nlp, "Each soldier killed in the war is remembered.")


def casualties_of(coder: Any, nlp: Any, text: str) -> list[Any]:
    return [c for s in nlp(text).sents for c in coder.numbers.casualties(s)]


@pytest.mark.parametrize("phrase,want,precision", [
    ("on Tuesday", "2024-02-13", 1),  # published on a Tuesday: that day
    ("on Monday", "2024-02-12", 1),
    ("on Wednesday", "2024-02-07", 1),  # the most recent Wednesday before
    ("yesterday", "2024-02-12", 1),
    ("last week", "2024-02-06", 2),
    ("on 13 February", "2024-02-13", 1),
    ("on 20 December", "2023-12-20", 1),  # not next December
    ("in September 2023", "2023-09-01", 3),
    ("last month", "2024-01-01", 3),
    ("at the end of January", "2024-01-01", 3),  # a part of a month: the month
    ("mid-November 2022", "2022-11-01", 3),
    ("December 29 and 30", "2023-12-29", 1),  # no year written: not a future year
])
def test_date_forms(phrase: str, want: str, precision: int) -> None:
    got = DateReader(PUB).resolve_text(phrase)
    assert got is not None and got[0] is not None
    assert (got[0].isoformat(), got[1]) == (want, precision)


def test_anaphoric_and_durations() -> None:
    r = DateReader(PUB)
    got = r.resolve_text("the day before")
    assert got is not None and got[0] is None and got[2] == 1
    assert r.resolve_text("30-year-long") is None
    assert r.resolve_text("three decades") is None


@pytest.mark.parametrize("text,source,stance", [
    ('"Four were killed," the Armenian defence ministry said in a statement.', "Armenian defence ministry", "asserts"),
    ("According to local officials, gunmen killed six people.", "local officials", "asserts"),
    ("The rebels claimed the attack on the base.", "rebels", "asserts"),
    ("Armenia has denied these claims.", "Armenia", "denies"),
    ("The TTP claimed responsibility for the attack.", "TTP", "acknowledges"),
    ("The Israeli military called it a counter-terrorism operation.", "Israeli military", "asserts"),
])
def test_claim_patterns(coder: Any, nlp: Any, text: str, source: str, stance: str) -> None:
    sent = next(nlp(text).sents)
    got = [(a.source, a.stance) for a in coder.claims.attributions(sent)]
    assert (source, stance) in got, got


def test_self_report(coder: Any, nlp: Any) -> None:
    sent = next(nlp("Azerbaijan's border service said it had staged a revenge operation.").sents)
    (a,) = coder.claims.attributions(sent)
    assert a.self_report and a.source == "Azerbaijan's border service"


@pytest.mark.parametrize("text,name,inter", [
    ("Azerbaijani troops opened fire.", "Military Forces of Azerbaijan", 1),
    ("Azerbaijan's army opened fire.", "Military Forces of Azerbaijan", 1),
    ("Police in Dhaka fired tear gas.", "Police Forces of Bangladesh", 1),
    ("Kenyan protesters marched.", "Protesters (Kenya)", 6),
    ("Al-Shabaab fighters attacked the base.", "Al Shabaab", 2),
    ("The Rapid Support Forces attacked the camp.", "Rapid Support Forces", 2),
    ("Houthi rebels fired a missile.", "Ansar Allah", 2),
    ("JNIM militants ambushed a convoy.", "JNIM: Group for Support of Islam and Muslims", 2),
])
def test_actor_normalisation(coder: Any, nlp: Any, text: str, name: str, inter: int) -> None:
    sent = next(nlp(text).sents)
    actors = [m.actor() for m in coder.lexicon.mentions(sent)]
    assert any(a.name == name and a.inter == inter for a in actors), actors


def test_actor_country_from_context(coder: Any, nlp: Any) -> None:
    from conflictwatch.coding.actors import load_countries

    arm = load_countries().lookup("Armenia")
    sent = next(nlp("Four of its soldiers were killed.").sents)
    (m,) = [m for m in coder.lexicon.mentions(sent, subject_country=arm)]
    assert m.actor().name == "Military Forces of Armenia" and m.actor().iso3 == "ARM"
    sent = next(nlp("Gunmen attacked the village.").sents)
    (g,) = coder.lexicon.mentions(sent)
    assert g.actor(load_countries().lookup("Nigeria")).name == "Unidentified Armed Group (Nigeria)"
    assert g.actor().inter == 3


def test_demonyms_and_acled_country_names() -> None:
    from conflictwatch.coding.actors import load_countries

    c = load_countries()
    assert c.demonym_country("Azerbaijani") is not None and c.demonym_country("Azerbaijani").iso3 == "AZE"
    assert c.lookup("Syrian Arab Republic").name == "Syria"  # type: ignore[union-attr]
    assert c.lookup("DRC").name == "Democratic Republic of Congo"  # type: ignore[union-attr]
    assert c.lookup("us") is None


@pytest.mark.parametrize("text, agreement", [
    ("Analysts agreed that the talks were useful.", False),
    ("Russia and Ukraine agreed to hold talks in Istanbul on Monday.", True),
    ("The two sides agreed on talks next week.", True),
    ("Sudan's army and the RSF agreed to a ceasefire on Saturday.", True),
])
def test_talks_are_what_was_agreed_only_when_held_or_agreed_on(nlp: Any, text: str, agreement: bool) -> None:
    """An opinion about talks that others share is no Agreement; talks agreed on or to be held are."""
    from conflictwatch.coding.classify import detect_events

    subs = {c.sub_event_type for c in detect_events(nlp(text))}
    assert ("Agreement" in subs) == agreement, subs


@pytest.mark.parametrize("text, sub", [
    ("Pak forces resort to heavy firing along LoC.", "Armed clash"),
    ("Pakistani troops resorted to unprovoked firing along the border in Poonch.", "Armed clash"),
    ("Troops opened fire in the market on Monday.", "Attack"),
    ("Soldiers fired on villagers near the border, killing two.", "Attack"),
])
def test_forces_firing_across_a_front_line_fight(nlp: Any, text: str, sub: str) -> None:
    """Forces firing along a border or front line, with no one else in the sentence, exchange fire
    with the other side's forces; firing where civilians are, or at them, stays an attack."""
    from conflictwatch.coding.classify import detect_events

    cues = detect_events(nlp(text))
    assert cues and cues[0].sub_event_type == sub, [(c.sub_event_type, c.confidence) for c in cues]


@pytest.mark.parametrize("text, sub", [
    ("Russian forces withdrew from Kherson on Friday.", "Non-violent transfer of territory"),
    ("Rebels withdrew from Kalaw on Monday.", "Non-violent transfer of territory"),
])
def test_forces_withdrawing_from_a_place_hand_it_over(nlp: Any, text: str, sub: str) -> None:
    """Forces a country owns are an armed side when they withdraw, as rebels are."""
    from conflictwatch.coding.classify import detect_events

    assert [c.sub_event_type for c in detect_events(nlp(text))][:1] == [sub]


@pytest.mark.parametrize("text, subs", [
    ("On Monday prosecutors and investigators found an unexploded bomb about 80 metres from the store.", []),
    ("Police found an unexploded bomb planted near the market on Monday.", ["Disrupted weapons use"]),
    ("Police found an improvised explosive device near the market on Monday.", ["Disrupted weapons use"]),
])
def test_an_unexploded_bomb_left_from_a_strike_is_no_new_event(nlp: Any, text: str, subs: list[str]) -> None:
    """A bomb found unexploded, with no word of anyone having set it, is what is left of a strike
    told before; a device someone planted and the police found is a disrupted weapons use."""
    from conflictwatch.coding.classify import detect_events

    assert [c.sub_event_type for c in detect_events(nlp(text))] == subs


@pytest.mark.parametrize("text, sub", [
    ("Ajay Gupta, the prime accused, surrendered before a chief judicial magistrate's court on Tuesday.", "Arrests"),
    ("The suspect surrendered to the police on Monday.", "Arrests"),
    ("More than 150 Islamic State fighters have surrendered to government forces in Jawzjan province.", "Agreement"),
])
def test_a_surrender_to_justice_is_custody(nlp: Any, text: str, sub: str) -> None:
    """Fighters surrendering to the other side make an Agreement (CASE 2021's label); an accused
    giving themself up to a court or the police is taken into custody."""
    from conflictwatch.coding.classify import detect_events

    assert [c.sub_event_type for c in detect_events(nlp(text))][:1] == [sub]
