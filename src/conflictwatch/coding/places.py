"""Where a coded event happened: the place its own words name, read the way news uses names.

A name may be the place ("an attack in Kramatorsk"), a speaker or a government ("Moscow said",
"Israel's army"), a border ("near the border with Cameroon"), an area around a place ("west of
Gaza City"), a dateline, or a word inside an organisation's name; a town is checked against the
area the text puts it in and re-read inside it. `location_of` gives the event's Location.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import replace
from functools import lru_cache
from typing import Any

from conflictwatch.coding.actors import ActorMention, CountryRef
from conflictwatch.coding.assemble import FEATURE_PRECISION, DocumentContext, Draft
from conflictwatch.geo.gazetteer import normalize
from conflictwatch.geo.mentions import PLACE_HEADS, PLACE_PREPS, relative_precision
from conflictwatch.records import Location, Place

# Dependencies of a place name that use it for its government or army, not as where something
# happened ("Baku's positions", "Armenia said", "Azerbaijani troops").
METONYMY_DEPS = frozenset({"poss", "nsubj", "compound", "amod", "nsubjpass"})


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


# A place read as one of these is town-level (ACLED geo_precision 1 or 2), a division, a
# country, or a region or sea (with or without a country); "none" is a name the gazetteer lacks.
TOWN, ADM2, ADM1, REGION, COUNTRY, NONE = "town", "adm2", "adm1", "region", "country", "none"
# Among places of equal precision, the narrower first: a district before its province, a province
# before the country, a region of several countries ("the Sahel", "the Black Sea") last.
SPECIFICITY = {TOWN: 0, ADM2: 1, ADM1: 2, REGION: 3, COUNTRY: 4}
# How much a name used for its government or people ("Moscow said", "Israel's army") counts
# towards the article's country, against 1 for a name used as a place.
METONYMY_WEIGHT = 0.3
# Nouns of an action: a country that owns one is its agent, not its place ("Israel's bombing of
# Jabalia camp", "Russia's invasion").
ACTION_NOUNS = frozenset({
    "bombing", "bombings", "strike", "strikes", "airstrike", "airstrikes", "attack", "attacks",
    "offensive", "invasion", "shelling", "bombardment", "raid", "raids", "operation", "campaign",
    "war", "assault", "blockade", "crackdown", "incursion", "occupation", "siege",
})
# Nouns of an incident a place name can stand before to say where it was: "the Nangarhar suicide
# attack", "Sulu clash", "Kabul blast".
INCIDENT_HEADS = ACTION_NOUNS | frozenset({
    "clash", "clashes", "blast", "blasts", "explosion", "explosions", "fighting", "battle", "violence",
    "massacre", "ambush", "shooting", "killing", "killings", "riot", "riots", "protest", "protests", "unrest",
})
# Buildings named after their town: "Kabul International Airport" is in Kabul, unlike "the Kenya
# National Commission on Human Rights", which only speaks for it.
FACILITY_HEADS = frozenset({
    "airport", "hospital", "school", "university", "college", "market", "mosque", "church", "plant",
    "factory", "station", "stadium", "prison", "base", "bridge", "square", "hotel", "mall", "clinic",
    "refinery", "dam", "harbour", "harbor", "complex",
})
# "near the border with Cameroon": the neighbour across the border is not where it happened.
_BORDER = re.compile(r"\b(?:borders?\s+(?:with|of)|bordering|frontier\s+with)\s+(?:the\s+)?$", re.IGNORECASE)
# "the Kharkiv region", "Gezira state": the name stands for the division, not its town.
_DIVISION_AFTER = re.compile(
    r"^\s+(?:region|province|oblast|governorate|state|prefecture|department)\b(?!\s+(?:of|university|police))",
    re.IGNORECASE)
# "the province of Idlib", "Deir al-Balah governorate": the division, not the town it is named after.
_DIVISION_BEFORE = re.compile(
    r"\b(?:region|province|oblast|governorate|state|prefecture|department|district|county|municipality)"
    r"\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_DIVISION_WORD_AFTER = re.compile(
    r"^\s+(?:region|province|oblast|governorate|state|prefecture|department|district|municipality|county|"
    r"local\s+government|division|territory)\b", re.IGNORECASE)
# A town is what a bare division's name means when it holds at least this share of the division's
# people (the division is named after it: "Deir al-Balah", 43% of its governorate), or when the
# division's population is unknown.
SEAT_SHARE = 0.1
# "Sirajganj district", "Igabi local government area": somewhere in the district named after its
# town; ACLED's precision 2 at the town (part of a region, the town its best point).
_DISTRICT_AFTER = re.compile(
    r"^\s+(?:district|municipality|county|local\s+government)\b(?!\s+(?:of|court|police|headquarters))")
# "the town of Gwoza", "Gwoza, a town in", "the village of X": the name is the town, not the
# district named after it.
_TOWN_BEFORE = re.compile(r"\b(?:town|village|city|hamlet|settlement)\s+of\s+$", re.IGNORECASE)
_TOWN_AFTER = re.compile(r"^,\s+(?:a|the)\s+(?:\w+\s+){0,2}(?:town|village|city|hamlet|settlement)\b")
# Words that may stand between a place and the area it lies in: "Los Pinos in San Luis
# municipality, Huila", "Barsalogho, a town in Burkina Faso's Centre-Nord region", "the village
# of Hroza in northeastern Ukraine", "Pont-Sonde, a town in the Artibonite department".
_DIRECTIONS = ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
               "central", "upper", "lower")
_LINK_WORDS = frozenset({
    ",", "in", "of", "a", "an", "the", "its", "small", "large", "farming", "remote", "border",
    "frontline", "front-line", "eastern", "western", "northern", "southern", "north-eastern",
    "north-western", "south-eastern", "south-western", "northeastern", "northwestern",
    "southeastern", "southwestern", *_DIRECTIONS, *PLACE_HEADS,
})
_LINK_TOKEN = re.compile(r"[\w'-]+|,")
# The farthest a qualifying area may stand after its place, in characters.
QUALIFIER_REACH = 60


def place_level(p: Place) -> str:
    """What a resolved place is: town-level, a second- or first-order division, a region, a country."""
    if p.latitude is None and p.iso3 is None:
        return NONE
    code = p.feature_code or ""
    if code.startswith("PPL") or code in ("ADM3", "ADM4", "ADM5"):
        return TOWN
    if code == "ADM2":
        return ADM2
    if code == "ADM1":
        return ADM1
    if code.startswith("PCL"):
        return COUNTRY
    return REGION


def _norm(name: str | None) -> str:
    return normalize(name) if name else ""


def _root(ctx: DocumentContext, p: Place) -> Any:
    span = ctx.sdoc.char_span(p.start, p.end, alignment_mode="expand")
    root = span.root if span is not None and len(span) else None
    while root is not None and root.dep_ == "conj" and root.head.i != root.i:
        root = root.head  # "Yerevan and Baku have fought": both are the subject
    return root


def _in_place(tok: Any, ctx: DocumentContext) -> bool:
    """Is the token a place noun ("camp", "region", "beach") or part of a place's name?"""
    if tok.lower_ in PLACE_HEADS:
        return True
    return any(p.start <= tok.idx < p.end for p in ctx.places)


# "NIAMEY, March 22 - ...", "PONT-SONDE, Haiti, Oct 3 - ...": where the story was filed, not
# necessarily where it happened; a last resort, when the event's own words name no place.
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z'\u2019.\- ]+(?:,\s*[A-Z][\w'\u2019.\- ]*?)?,?\s*(?:\([^)]{0,40}\)\s*)?"
    r"(?:[A-Z][a-z]{2,9}\.?\s+\d{1,2}\s*)?(?:-|\u2013|\u2014|\(Reuters\)|\(AP\)|\(AFP\))")
# The use of a place that is only a last resort: a dateline, a lone namesake abroad.
LAST_RESORT = 2


def in_dateline(p: Place, ctx: DocumentContext) -> bool:
    m = _DATELINE.match(ctx.text[:120])
    return m is not None and p.end <= m.end()


def person_name(p: Place, ctx: DocumentContext) -> bool:
    """Is the town's name also a person's in the article ("Petro took office" after "Gustavo
    Petro")?"""
    if place_level(p) != TOWN:
        return False
    key = p.text.lower()
    return any(ent.label_ == "PERSON" and len(ent) > 1 and not (ent.start_char <= p.start < ent.end_char)
               and key in (t.lower_ for t in ent) for ent in ctx.sdoc.ents)


# Per document: each place's use and the article's country counts, computed once.
_CACHE: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()


def _cached(ctx: DocumentContext) -> dict[Any, Any]:
    try:
        return _CACHE.setdefault(ctx, {})
    except TypeError:  # a context that cannot be weakly referenced: no cache
        return {}


def place_use(p: Place, ctx: DocumentContext) -> int | None:
    cache = _cached(ctx)
    key = ("use", p.start, p.end)
    if key not in cache:
        cache[key] = _place_use(p, ctx)
    return cache[key]


def _place_use(p: Place, ctx: DocumentContext) -> int | None:
    """How the text uses a place name: 0 as where something is ("in Kramatorsk", "the Nuseirat
    camp", "Mogadishu's Lido beach", "Burkina Faso's Centre-Nord region"), 1 a town named for its
    people or officials ("Vinnytsia buried its dead"), None not as a place at all: a government or
    army ("Moscow said", "Russia's defence ministry", "Baku's positions"), a neighbour across a
    border ("near the border with Cameroon")."""
    text = ctx.text
    if _BORDER.search(text[max(0, p.start - 40) : p.start]):
        return None
    if _after_a_place(p, ctx):
        return 0  # "San Luis municipality, Huila, ...": the area the place before it is in
    root = _root(ctx, p)
    if root is None:
        return 0
    if _in_org_name(p, root, ctx):
        return None
    dep, head = root.dep_, root.head
    if dep in ("poss", "compound", "nmod", "amod") and head.i != root.i and _in_place(head, ctx) \
            and not (p.start <= head.idx < p.end):
        return 0  # it names or holds the place its head is
    if dep == "compound" and head.lower_ in INCIDENT_HEADS and place_level(p) != COUNTRY:
        return 0  # "2 US soldiers wounded in Nangarhar suicide attack": where the attack was
    if dep in METONYMY_DEPS or dep == "nmod":
        if place_level(p) == TOWN and (p.feature_code or "") != "PPLC":
            return 1
        return None
    return 0


def _in_org_name(p: Place, root: Any, ctx: DocumentContext) -> bool:
    """Is the place part of an organisation's name ("Amnesty International Kenya", "the Kenya
    National Commission on Human Rights")? A named camp or district is still a place ("the Mung
    Lai Hkyet camp")."""
    span = ctx.sdoc.char_span(p.start, p.end, alignment_mode="expand")
    first = span.start if span is not None else root.i
    for ent in ctx.sdoc.ents:
        if ent.label_ != "ORG":
            continue
        if ent.start_char <= p.start and p.end <= ent.end_char and (ent.start_char, ent.end_char) != (p.start, p.end):
            return ent.root.lower_ not in PLACE_HEADS and ent.root.lower_ not in FACILITY_HEADS
        if ent.end == first and ent.root.dep_ == "compound" and ent.root.head.i == root.i:
            return True  # "Amnesty International" + "Kenya": the group's branch
    return False


def _after_a_place(p: Place, ctx: DocumentContext) -> bool:
    """Is the place written as the area of the place before it ("Los Pinos, Huila", "San Luis
    municipality, Huila")? The parser often reads such a name as a subject or an apposition."""
    text = ctx.text
    for q in ctx.places:
        if q.end <= p.start and p.start - q.end <= 30 and q is not p:
            words = _LINK_TOKEN.findall(text[q.end : p.start].lower())
            if words and words[-1] == "," and all(w == "," or w in PLACE_HEADS for w in words):
                return True
    return False


def focus_counts(ctx: DocumentContext) -> tuple[dict[str, float], dict[str, tuple[int, int, str]]]:
    """How much the article places itself in each country (ISO3), and each one's first mention."""
    cache = _cached(ctx)
    if "focus" not in cache:
        cache["focus"] = _focus_counts(ctx)
    counts, first = cache["focus"]
    return dict(counts), dict(first)


def _focus_counts(ctx: DocumentContext) -> tuple[dict[str, float], dict[str, tuple[int, int, str]]]:
    counts: dict[str, float] = {}
    first: dict[str, tuple[int, int, str]] = {}
    for p in ctx.places:
        if not p.iso3:
            continue
        use = place_use(p, ctx)
        if use is None and _BORDER.search(ctx.text[max(0, p.start - 40) : p.start]):
            continue
        counts[p.iso3] = counts.get(p.iso3, 0.0) + (1.0 if use == 0 else METONYMY_WEIGHT)
        first.setdefault(p.iso3, (p.start, p.end, p.text))
    return counts, first


def focus_country(ctx: DocumentContext) -> tuple[CountryRef, tuple[int, int, str]] | None:
    """The article's country: where its places are, names used as places counting more than
    names used for a government ("Moscow said"); else from country names and demonyms."""
    countries = ctx.lexicon.countries
    counts, first = focus_counts(ctx)
    if not counts:
        # no resolved place: country names count more than demonyms on actors and weapons ("hit
        # by a Russian drone") and than names used for a government
        for ent in ctx.sdoc.ents:
            if ent.label_ in ("GPE", "NORP"):
                ref = countries.lookup(ent.text, capitals=ent.label_ == "GPE")
                if ref:
                    place = ent.label_ == "GPE" and ent.root.dep_ not in METONYMY_DEPS
                    counts[ref.iso3] = counts.get(ref.iso3, 0.0) + (1.0 if place else METONYMY_WEIGHT)
                    first.setdefault(ref.iso3, (ent.start_char, ent.end_char, ent.text))
    if not counts:
        return None
    top = max(counts.values())
    iso3 = min((c for c, n in counts.items() if n == top), key=lambda c: first[c][0])
    ref = countries.get(iso3)
    return (ref, first[iso3]) if ref else None


def qualifier_of(p: Place, ctx: DocumentContext) -> Place | None:
    """The area the text puts a place in: a place written after it with only linking words
    between ("Los Pinos in San Luis municipality, Huila", "Barsalogho, a town in Burkina Faso"),
    or its possessor ("Mogadishu's Lido beach"). After a bare comma only a division or country
    counts ("Kharkiv, Kramatorsk" is a list)."""
    text = ctx.text
    for q in ctx.places:
        if q is p or place_level(q) == NONE:
            continue
        if q.end <= p.start:
            qr = _root(ctx, q)
            if qr is not None and qr.dep_ == "poss" and p.start <= qr.head.idx < p.end:
                return q
            continue
        if q.start < p.end or q.start - p.end > QUALIFIER_REACH:
            continue
        words = _LINK_TOKEN.findall(text[p.end : q.start].lower().replace("\u2019", "'"))
        words = [w.removesuffix("'s") for w in words]
        if not words or any(w not in _LINK_WORDS for w in words):
            continue
        if "in" not in words and "of" not in words and place_level(q) not in (ADM1, ADM2, COUNTRY):
            continue
        return q
    return None


def _inside(p: Place, q: Place) -> bool | None:
    """Does the place lie in the area q (country, and the division where q is one)? None when q
    says nothing (no country)."""
    if not q.iso3 or not p.iso3:
        return None
    if p.iso3 != q.iso3:
        return False
    if place_level(q) == ADM1 and p.admin1 and q.admin1:
        return _norm(p.admin1) == _norm(q.admin1)
    return True


def _reread(geocoder: Any, p: Place, iso3: str, admin1: str | None = None, *, divisions: bool = False,
            towns: bool = False) -> Place | None:
    if geocoder is None or not hasattr(geocoder, "within"):
        return None
    alt = geocoder.within(p.text, iso3=iso3, admin1=admin1, divisions=divisions, towns=towns,
                          start=p.start, end=p.end)
    if alt is not None and p.geo_precision == 2 and place_level(alt) == TOWN:
        alt = replace(alt, geo_precision=2)  # "near X" stays near
    return alt


def seat_town(p: Place, ctx: DocumentContext, geocoder: Any) -> Place | None:
    """The town a division is named after, where the text names the division bare: "a warehouse in
    Deir al-Balah" is the town, not its governorate (GeoNames' name of the division matched). The
    division stays where the text says it is one ("Kachin state", "the province of Idlib"), and
    where its namesake town is a village of no weight in it."""
    level = place_level(p)
    if level not in (ADM1, ADM2) or not p.iso3 or geocoder is None or not hasattr(geocoder, "within"):
        return None
    text = ctx.text
    if _DIVISION_WORD_AFTER.match(text[p.end : p.end + 40]) \
            or _DIVISION_BEFORE.search(text[max(0, p.start - 30) : p.start]):
        return None
    town = _reread(geocoder, p, p.iso3, p.admin1, towns=True)
    if town is None:
        return None
    pop = _population(geocoder, p)
    if pop and _population(geocoder, town) < SEAT_SHARE * pop:
        return None
    if _near(p, ctx):
        town = replace(town, geo_precision=2)  # "near Deir el-Balah"
    return town


def _population(geocoder: Any, p: Place) -> int:
    """The gazetteer's population of a resolved place (0 when unknown)."""
    pop = getattr(geocoder, "population", None)
    return int(pop(p)) if pop is not None else 0


def _near(p: Place, ctx: DocumentContext) -> bool:
    """Do the words before the place put the event near it ("near X", "west of X")?"""
    return relative_precision(ctx.text, p.start, p.end) == 2


def event_places(d: Draft, ctx: DocumentContext, geocoder: Any = None) -> list[tuple[Place, int, int]]:
    """The places of the event's own sentences used as places, each as (place, use, sentence
    rank), read again where the text puts them elsewhere than their article-wide reading."""
    text = ctx.text
    cands: list[tuple[Place, int, int]] = []
    seen: set[tuple[int, int]] = set()

    def as_named(p: Place) -> Place:
        return seat_town(p, ctx, geocoder) or p

    for p in ctx.places:
        si = ctx.sent_index(p.start)
        if si not in d.sents or place_level(p) == NONE or person_name(p, ctx):
            continue
        use = place_use(p, ctx)
        dateline = in_dateline(p, ctx)
        if use is None and not dateline:
            continue  # (a dateline is a place however the parse reads it: "NAIROBI, June 25 - ...")
        root = _root(ctx, p)
        if root is not None and not dateline and in_other_clause(root, d):
            continue  # "separatists who had controlled it since the collapse of the Soviet Union"
        cands.append((p, LAST_RESORT if dateline or use is None else use, d.sents.index(si)))
        seen.add((p.start, p.end))
    if not any(place_precision(c[0]) < 3 and c[1] != LAST_RESORT for c in cands):
        # "fired on demonstrators who forced their way into parliament in Nairobi", "killed seven
        # of its staff who had unloaded food at a warehouse in Deir al-Balah": a town in a clause
        # of the event's own first sentence is where it happened before a country or a wider area
        first = ctx.sents[d.sents[0]]
        for p in ctx.places:
            if (p.start, p.end) in seen or not first.start_char <= p.start < first.end_char:
                continue
            if place_level(p) == NONE or place_use(p, ctx) is None or person_name(p, ctx):
                continue
            if place_precision(as_named(p)) < 3:
                cands.append((p, LAST_RESORT if in_dateline(p, ctx) else 1, 0))
    if not cands:
        # "The KIO said the camp was struck by an air strike": the event's words name no place;
        # it is where the sentence before it that names one put it ("a camp near Laiza in Kachin
        # state was hit")
        cands = _earlier_places(d, ctx)
    # the areas the event's sentences name as places: a town read outside all of them (and
    # outside the article's country) is a namesake elsewhere ("an Iskander missile" is no town in
    # Uzbekistan in a story from "northeastern Ukraine")
    areas = {p.iso3 for p, use, _ in cands if use == 0 and p.iso3 and place_level(p) != TOWN}
    focus = focus_country(ctx)
    focus_iso = focus[0].iso3 if focus else None
    support, _ = focus_counts(ctx)
    out: list[tuple[Place, int, int]] = []
    for p, use, rank in cands:
        level = place_level(p)
        if level in (TOWN, REGION) and _DIVISION_AFTER.match(text[p.end : p.end + 40]) and p.iso3:
            div = _reread(geocoder, p, p.iso3, divisions=True)  # "the Kharkiv region"
            if div is not None:
                out.append((div, use, rank))
                continue
        if level == TOWN and _DISTRICT_AFTER.match(text[p.end : p.end + 40]):
            p = replace(p, geo_precision=2)
        if level == ADM2 and p.iso3 and (_TOWN_BEFORE.search(text[max(0, p.start - 20) : p.start])
                                         or _TOWN_AFTER.match(text[p.end : p.end + 40])):
            town = _reread(geocoder, p, p.iso3, p.admin1, towns=True)  # "the town of Gwoza"
            if town is not None:
                p, level = town, TOWN
        if level in (TOWN, ADM2):
            q = qualifier_of(p, ctx)
            inside = _inside(p, q) if q is not None else None
            if inside is False:
                assert q is not None and q.iso3
                alt = _reread(geocoder, p, q.iso3, q.admin1 if place_level(q) == ADM1 else None)
                if alt is not None:
                    p = alt
                elif q.iso3 != p.iso3 or level == ADM2:
                    # "Mogadishu's Lido beach" is not Lido Beach, New York; "San Luis
                    # municipality, Huila" is not the one in Tolima. (A town keeps its reading
                    # in its country: "Nuseirat in central Gaza" is not in the governorate.)
                    continue
            elif inside is None and areas and p.iso3 not in areas and p.iso3 != focus_iso:
                alt = next((a for a in (_reread(geocoder, p, c) for c in sorted(areas)) if a is not None), None)
                if alt is None:
                    continue
                p = alt
            elif inside is None and focus_iso and p.iso3 != focus_iso and p.iso3 \
                    and _alone(p, ctx, support):
                # the only name of the article read in its country, in an article elsewhere
                # ("the strike in Beach camp" is not Beach, North Dakota): its namesake in the
                # article's country, else a last resort
                alt = _reread(geocoder, p, focus_iso)
                if alt is not None:
                    p = alt
                else:
                    use = LAST_RESORT
        p = as_named(p)  # "a warehouse in Deir al-Balah": the town, not its governorate
        out.append((p, use, rank))
    return out


def _earlier_places(d: Draft, ctx: DocumentContext) -> list[tuple[Place, int, int]]:
    """The places (below country level, used as places) of the nearest sentence before the
    event's that names one, as candidates after the event's own words."""
    first = d.sents[0]
    for si in range(first - 1, -1, -1):
        sent = ctx.sents[si]
        got = [p for p in ctx.places
               if sent.start_char <= p.start < sent.end_char and place_level(p) not in (NONE, COUNTRY)
               and not in_dateline(p, ctx) and place_use(p, ctx) == 0 and not person_name(p, ctx)]
        if got:
            return [(p, 1, len(d.sents) + first - si) for p in got]
    return []


def _alone(p: Place, ctx: DocumentContext, support: dict[str, float]) -> bool:
    """Does no other name of the article lie in this place's country?"""
    key = _norm(p.text)
    own = sum(1.0 if place_use(q, ctx) == 0 else METONYMY_WEIGHT
              for q in ctx.places if q.iso3 == p.iso3 and _norm(q.text) == key)
    return support.get(p.iso3 or "", 0.0) <= own + 1e-9


def choose_place(d: Draft, ctx: DocumentContext, geocoder: Any = None) -> Place | None:
    """The most precise place in the event's own sentences that is used as a place (a narrower
    area before a wider one, a place named as such before a town named for its people)."""
    cands = event_places(d, ctx, geocoder)
    if not cands:
        return None
    # the event's own words before a dateline; a town before an area; among towns the event's
    # first sentence before later ones, the place named as such before a town named for its
    # people; among areas the narrowest
    def rank(c: tuple[Place, int, int]) -> tuple[Any, ...]:
        p, use, si = c
        spec = SPECIFICITY.get(place_level(p), 5)
        if place_precision(p) < 3:
            return (use == LAST_RESORT, 0, si, use, place_precision(p), spec, p.start)
        return (use == LAST_RESORT, 1, spec, si, use, p.start)

    return min(cands, key=rank)[0]


def capital_of_event(d: Draft, ctx: DocumentContext, geocoder: Any, iso3: str | None) -> Place | None:
    """"crowds breached parliament in the capital", "in Bangladesh's capital": the national capital
    of the country named with it, else of the event's country."""
    if geocoder is None or not hasattr(geocoder, "capital"):
        return None
    countries = ctx.lexicon.countries
    for si in d.sents:
        for tok in ctx.sents[si]:
            if tok.lower_ != "capital" or tok.pos_ != "NOUN":
                continue
            if not (tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPS):
                continue
            if in_other_clause(tok, d):
                continue
            if any(c.dep_ in ("amod", "compound") for c in tok.children):
                continue  # "the regional capital", "the provincial capital": another town
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            ref = countries.lookup(owner.text, capitals=False) if owner is not None else None
            if owner is not None and ref is None:
                continue  # "the region's capital"
            code = ref.iso3 if ref is not None else iso3
            if code:
                return geocoder.capital(code, text=tok.text, start=tok.idx, end=tok.idx + len(tok))
    return None


def local_places(d: Draft, ctx: DocumentContext) -> set[str]:
    """Names of places below country level in the event's own sentences (resolved or not)."""
    out: set[str] = set()
    for si in d.sents:
        for ent in ctx.sents[si].ents:
            if ent.label_ == "GPE" and ent.root.dep_ not in METONYMY_DEPS \
                    and ctx.lexicon.countries.lookup(ent.text, capitals=False) is None:
                out.add(ent.text.lower())
    return out


def in_other_clause(tok: Any, d: Draft) -> bool:
    """Is the word inside a relative clause that holds none of the event's cue words?"""
    for a in [tok, *tok.ancestors]:
        if a.dep_ in ("relcl", "acl") and a.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "advmod" and c.lower_ == "when" for c in a.children):
                return False  # "protests against the bill, when crowds breached parliament": its time
            lo, hi = a.left_edge.idx, a.right_edge.idx + len(a.right_edge)
            return not any(lo <= c.start < hi for c in d.cues)
    return False


def location_of(d: Draft, ctx: DocumentContext, geocoder: Any, a1: ActorMention | None, a2: ActorMention | None
                ) -> tuple[Location | None, tuple[int, int, str] | None, CountryRef | None]:
    p = choose_place(d, ctx, geocoder)
    countries = ctx.lexicon.countries
    if p is not None and place_precision(p) >= 3:
        focus = focus_country(ctx)
        cap = capital_of_event(d, ctx, geocoder, p.iso3 or (focus[0].iso3 if focus else None))
        if cap is not None and (not p.iso3 or cap.iso3 == p.iso3):
            p = cap
    if p is not None and p.iso3:
        ref = countries.get(p.iso3)
        loc = Location(name=p.name or p.text, admin1=p.admin1, admin2=p.admin2,
                       country=ref.name if ref else p.country, iso3=p.iso3, latitude=p.latitude,
                       longitude=p.longitude, geo_precision=place_precision(p), geonameid=p.geonameid)
        return loc, (p.start, p.end, p.text), ref
    # no place in the passage (or only a region of several countries, "the Sahel"): a country it
    # names as a place, the side acted on (it usually stands where it happened), else the
    # article's focus
    ref = None
    ev: tuple[int, int, str] | None = None
    text = ctx.text
    cue_tokens: set[int] = set()
    for c in d.cues:
        span = ctx.sdoc.char_span(c.start, c.end, alignment_mode="expand")
        if span is not None:
            cue_tokens.update(t.i for t in span)
    for si in d.sents:
        for ent in ctx.sents[si].ents:
            if ent.label_ != "GPE" or (ent.root.dep_ in METONYMY_DEPS and ent.root.head.pos_ != "PROPN"
                                       and ent.root.dep_ != "poss"):
                continue
            if ent.root.dep_ == "poss" and ctx.lexicon._agent_of(ent.root.head) is not None:
                continue  # "Baku's positions", "Azerbaijan's army"
            if ent.root.dep_ == "poss" and ent.root.head.lower_ in ("ministry", "government", "president"):
                continue
            if ent.root.dep_ == "poss" and (ent.root.head.i in cue_tokens or ent.root.head.lower_ in ACTION_NOUNS):
                continue  # "Israel's bombing of Jabalia camp": the agent
            if _BORDER.search(text[max(0, ent.start_char - 40) : ent.start_char]):
                continue
            got = countries.lookup(ent.text, capitals=False)
            if got is not None:
                ref, ev = got, (ent.start_char, ent.end_char, ent.text)
                break
        if ref is not None:
            break
    # the acting side's country is not the place: "bombs dropped by Russian aircraft" fell in Ukraine
    for m in (a2,):
        if ref is not None:
            break
        if m is not None and m.country is not None and m.role != "group":
            ref, ev = m.country, (m.start, m.end, m.text)
            break
    if ref is None:
        focus = focus_country(ctx)
        if focus is None:
            if p is not None:  # a region of several countries and nothing else: keep it
                loc = Location(name=p.name or p.text, admin1=None, admin2=None, country=None, iso3=None,
                               latitude=p.latitude, longitude=p.longitude, geo_precision=place_precision(p),
                               geonameid=p.geonameid)
                return loc, (p.start, p.end, p.text), None
            return None, None, None
        ref, ev = focus
    cap = capital_of_event(d, ctx, geocoder, ref.iso3)
    if cap is not None and cap.iso3 == ref.iso3:
        loc = Location(name=cap.name or cap.text, admin1=cap.admin1, admin2=cap.admin2, country=ref.name,
                       iso3=cap.iso3, latitude=cap.latitude, longitude=cap.longitude, geo_precision=1,
                       geonameid=cap.geonameid)
        return loc, (cap.start, cap.end, cap.text), ref
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
