"""Place-mention recognition (spaCy entities checked against the gazetteer) and relative places."""

from __future__ import annotations

import re
from typing import Any

from conflictwatch.geo.gazetteer import Gazetteer, normalize

PLACE_LABELS = {"GPE", "LOC", "FAC"}

# "near X", "on the outskirts of X", "20 km north of X", "along the border with X", "outside X":
# the event is near X, not in it (ACLED geo_precision 2).
_RELATIVE = re.compile(
    r"(?:\bnear(?:by)?|\boutskirts\s+of|\boutside(?:\s+of)?|\bvicinity\s+of|\bsurrounding|\baround|"
    r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+(?:of|part\s+of)|"
    r"\b\d+(?:[.,]\d+)?\s*(?:km|kms|kilometers|kilometres|miles?|mi)\.?\s+"
    r"(?:\(\s*[\d.,]+\s*(?:km|miles?)\s*\)\s+)?(?:to\s+the\s+)?"
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)?(?:ern)?\s*(?:of|from)|"
    r"\bborder(?:s)?\s+(?:with|of|between)|\bbordering|\bfrontier\s+with|\boff\s+the\s+coast\s+of|\bdistrict\s+of)"
    r"\s+(?:the\s+)?(?:town\s+of\s+|city\s+of\s+|village\s+of\s+)?$",
    re.IGNORECASE,
)


def relative_precision(text: str, start: int, end: int) -> int | None:
    """2 when the words before a mention place the event near it rather than in it, else None."""
    before = text[max(0, start - 60) : start]
    if _RELATIVE.search(before):
        return 2
    return None


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive from an entity span."""
    t = text[s:e]
    low = t.lower()
    if low.startswith("the "):
        s += 4
    t = text[s:e]
    if t.endswith("'s") or t.endswith("\u2019s"):
        e -= 2
    while e > s and text[e - 1] in ".,;:-" and not _abbrev_end(text, s, e):
        e -= 1
    return s, e


def _abbrev_end(text: str, s: int, e: int) -> bool:
    """Whether a span's final period belongs to it ("Calif.", "D.C.")."""
    return text[e - 1] == "." and (len(text[s:e]) <= 6 or "." in text[s : e - 1])


_DIRECTION = re.compile(
    r"^(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west|northern|southern|eastern|western|central|upper|lower|downtown|suburban)\s+",
    re.IGNORECASE,
)
# Words after a place name that make the whole an institution named after the place:
# "Shreveport Police Department", "the DeSoto Parish Sheriff's Office", "Parkers Prairie High School".
_INSTITUTION = re.compile(
    r"^(?:Police|Sheriff|Fire|City|Town|Village|County|Parish|High|Middle|Elementary|Public|School|"
    r"Schools|University|College|Community|Chamber|Board|Department|Township|Regional|Area|"
    r"Municipal|Memorial|General|Hospital|Medical|Library|Council|Commission|District|Court|"
    r"Superior|Circuit|Housing|Water|Utilities|Airport|Daily|Times|Herald|News|Post|Gazette|"
    r"Tribune|Journal|Record|Register|Courier|Observer|Star|National|State|Historical|Senior|"
    r"House|Senate|Legislature|Highway|Transit|Metro|Rotary|Republican|Democratic|DFL)\b"
)
_GOOD_LABELS_FOR_PREFIX = {"ORG", "FAC", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT"}


# A name the tagger called an organisation or person is still taken as a place when the
# gazetteer has a town of at least this many people by exactly that name ("Fargo").
PROMINENT_POP = 50000


def _prominent(gaz: Gazetteer, key: str) -> bool:
    for i in gaz.index.get(key, ()):
        if gaz.pop[i] >= PROMINENT_POP and normalize(gaz.names[i]) == key:
            return True
    return False


def _known(gaz: Gazetteer, text: str) -> bool:
    return bool(gaz.index.get(normalize(text)))


def _town_word(gaz: Gazetteer, key: str) -> bool:
    """A one-word name that is a town's own name, not a generic word ("City Council")."""
    if key in _GENERIC_HEADS:
        return False
    return any(normalize(gaz.names[i]) == key for i in gaz.index.get(key, ()))


_GENERIC_HEADS = {"city", "county", "town", "village", "state", "central", "north", "south", "east",
                  "west", "northern", "southern", "eastern", "western", "national", "metro", "union",
                  "federal", "united", "new", "old", "community", "university", "center", "centre"}


def _demonym(gaz: Gazetteer, key: str) -> bool:
    """Whether a word is a demonym, singular or plural ("Palestinians", "Ohioans")."""
    d = gaz.demonyms
    return key in d or (key.endswith("s") and key[:-1] in d) or (key.endswith("men") and key[:-3] + "man" in d)


def _prefix_place(text: str, s: int, e: int, gaz: Gazetteer) -> tuple[int, int] | None:
    """The place name an institution's name starts with, if any ("Mansfield Police Department")."""
    span = text[s:e]
    off = 4 if span.lower().startswith("the ") else 0
    words = list(re.finditer(r"[^\s]+", span[off:]))
    for n in range(min(4, len(words) - 1), 0, -1):
        head_end = words[n - 1].end()
        head = span[off : off + head_end]
        rest = span[off + head_end :].lstrip()
        if not head[:1].isupper() or not _INSTITUTION.match(rest):
            continue
        if head.endswith("\u2019s") or head.endswith("'s"):
            head = head[:-2]
        k = normalize(head)
        if _known(gaz, head) and (" " in k or _town_word(gaz, k)):
            return s + off, s + off + len(head)
    return None


# Streets, roads and highways: news gold sets (LGL) mark them as toponyms. They rarely resolve
# (no package has streets) but they are places, and a span that says "Memphis Street" must not be
# read as Memphis.
_STREET = re.compile(
    r"\b(?:(?:North|South|East|West|N\.|S\.|E\.|W\.)\s+)?"
    r"(?:\d+(?:st|nd|rd|th)|[A-Z][a-z][\w'\u2019-]*)(?:\s+[A-Z][a-z][\w'\u2019-]*){0,2}\s+"
    r"(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Drive|Boulevard|Blvd\.|Lane|Parkway|Pkwy\.|Circle|Terrace)"
    r"(?![\w-])"
    r"|\b(?:(?:U\.S\.|State|County|Interstate|Farm\s+to\s+Market|[A-Z][a-z]+\s+County)\s+)?"
    r"(?:Highway|Road|Route|Hwy\.?)\s+\d+[A-Z]?\b"
    r"|\bI-\d+\b"
)
_LOCATIVE = re.compile(r"(?:\b(?:in|at|near|from|outside|of|to|across|toward|towards|around)\s+(?:downtown\s+)?)$")
_AFFILIATION = re.compile(r"\b(?:D|R|DFL|I)-([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)")
_CAP_WORD = re.compile(r"[A-Z][\w'\u2019.-]*")
# A town named inside an organisation or found without an entity must be at least this big,
# unless a qualifier or the article elsewhere confirms it (guards against "Johnson Controls").
EMBEDDED_POP = 5000
# A one-word first-order division ("Minnesota") named inside an organisation counts when it has
# at least this many people; smaller ones ("Central", "North") are mostly ordinary words.
STATE_POP = 500000


def _big_enough(gaz: Gazetteer, key: str, pop: int = EMBEDDED_POP) -> bool:
    """Whether a name found outside the tagger's place entities is safe to take as a place.

    One word ("Center", "Bell", "Central") is too often an ordinary word or a surname: only a
    country or a populous first-order division by exactly that name passes. Several words pass
    as a county or a town of at least `pop` people by exactly that name.
    """
    from conflictwatch.geo.gazetteer import ADMIN1, ADMIN2, COUNTRY

    one = " " not in key
    for i in gaz.index.get(key, ()):
        k = int(gaz.kind[i])
        primary = normalize(gaz.names[i]) == key
        if k == COUNTRY:
            return True
        if k == ADMIN1 and primary and gaz.pop[i] >= STATE_POP:
            return True
        if one:
            continue
        if k == ADMIN2 and primary:
            return True
        if gaz.pop[i] >= pop and primary:
            return True
    return False


def _state_by_alias(gaz: Gazetteer, key: str) -> bool:
    """A populous first-order division by any of its names ("Michoacan" for "Michoacán de Ocampo")."""
    from conflictwatch.geo.gazetteer import ADMIN1

    return any(int(gaz.kind[i]) == ADMIN1 and gaz.pop[i] >= STATE_POP for i in gaz.index.get(key, ()))


def _embedded(text: str, s: int, e: int, gaz: Gazetteer, confirmed: set[str]) -> list[tuple[int, int]]:
    """Known place names inside an organisation's or event's name ("Education Minnesota",
    "the Walker County Fair Association"), longest first, left to right."""
    words = [(m.start() + s, m.end() + s) for m in re.finditer(r"[^\s/\u2013\u2014-]+", text[s:e])]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        hit = None
        for n in range(min(4, len(words) - i), 0, -1):
            a, b = words[i][0], words[i + n - 1][1]
            while b > a and text[b - 1] in ",;:)'\u2019s" and not _known(gaz, text[a:b]):
                if text[b - 2 : b] in ("'s", "\u2019s"):
                    b -= 2
                elif text[b - 1] in ",;:)":
                    b -= 1
                else:
                    break
            t = text[a:b]
            if not t[:1].isupper():
                continue
            k = normalize(t)
            if k and (k in confirmed or _big_enough(gaz, k)) and _known(gaz, t):
                hit = (a, b, n)
                break
        if hit:
            out.append((hit[0], hit[1]))
            i += hit[2]
        else:
            i += 1
    return out


def _joined_ents(sdoc: Any, gaz: Gazetteer) -> list[Any]:
    """The document's entities, two place entities side by side joined when together they are a
    known name the tagger split ("Burkina" + "Faso")."""
    ents = list(sdoc.ents)
    out: list[Any] = []
    i = 0
    while i < len(ents):
        a = ents[i]
        if i + 1 < len(ents):
            b = ents[i + 1]
            if a.label_ in PLACE_LABELS and b.label_ in PLACE_LABELS and b.start == a.end \
                    and _known(gaz, sdoc.text[a.start_char : b.end_char]) \
                    and not (_known(gaz, a.text) and _known(gaz, b.text)):
                out.append(_span(sdoc, a.start, b.end, b.label_))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _span(sdoc: Any, start: int, end: int, label: str) -> Any:
    from spacy.tokens import Span

    return Span(sdoc, start, end, label=label)


# A name written with the Arabic article in lower case: "al-Hasakah", "el-Geneina", "ash-Shati".
_ARTICLE_NAME = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ed|er|es|et|ez|en)[-\s][A-Z]")


def find_mentions(sdoc: Any, gaz: Gazetteer, *, demonyms: bool = False) -> list[tuple[int, int]]:
    """Character spans of the places a spaCy Doc names, sorted by start.

    GPE/LOC/FAC entities (a directional prefix dropped when only the rest is a known place, a
    single unknown word dropped), place names that institutions are named after, and names the
    tagger called ORG/PERSON elsewhere but GPE here. With `demonyms`, also NORP demonyms of
    countries and regions ("Sudanese"), which some gold sets count as toponyms.
    """
    text = sdoc.text
    spans: set[tuple[int, int]] = set()
    gpe_keys: set[str] = set()
    others: list[tuple[int, int, str, Any]] = []
    covered = bytearray(len(text) + 1)  # characters inside some entity
    for ent in _joined_ents(sdoc, gaz):
        covered[ent.start_char : ent.end_char] = b"\x01" * (ent.end_char - ent.start_char)
        s, e = _trim(text, ent.start_char, ent.end_char)
        if e <= s:
            continue
        if e < len(text) and text[e] == "." and _known(gaz, text[s : e + 1]) and not _known(gaz, text[s:e]):
            e += 1
        whole = _whole_name(sdoc, ent, gaz) if ent.label_ in _NAME_LABELS else None
        if whole is not None:
            # "Kryvyi" + "Rih", "Croix" + "-des-Bouquets": the tagger took part of a town's name
            spans.add(whole)
            gpe_keys.add(normalize(text[whole[0] : whole[1]]))
            covered[whole[0] : whole[1]] = b"\x01" * (whole[1] - whole[0])
            continue
        t = text[s:e]
        if ent.label_ in PLACE_LABELS:
            if not _known(gaz, t):
                m = _DIRECTION.match(t)
                if m and _known(gaz, t[m.end() :]):
                    s += m.end()
                    t = text[s:e]
                elif ent.label_ == "FAC" or " " not in t.strip():
                    # an unknown building, or a single unknown word tagged GPE (most often a
                    # name): only the places named inside it count
                    others.append((s, e, "FAC" if ent.label_ == "FAC" else "GPE?", ent))
                    continue
            spans.add((s, e))
            gpe_keys.add(normalize(t))
        elif ent.label_ in _GOOD_LABELS_FOR_PREFIX:
            p = _prefix_place(text, ent.start_char, ent.end_char, gaz)
            if p:
                spans.add(p)
                gpe_keys.add(normalize(text[p[0] : p[1]]))
            else:
                others.append((s, e, ent.label_, ent))
        elif ent.label_ == "NORP":
            others.append((s, e, ent.label_, ent))
    for s, e, label, ent in others:
        t = text[s:e]
        k = normalize(t)
        # the tagger's person, group or nationality is read as a place only when it is written as a
        # name: "into the bush" (tagged PERSON) is no town, whatever the gazetteer holds
        named = t[:1].isupper() or bool(_ARTICLE_NAME.match(t))
        if label not in ("FAC", "GPE?") and (k in gpe_keys or (label == "ORG" and _prominent(gaz, k))):
            spans.add((s, e))
        elif "-" in t and all(_prominent(gaz, normalize(p)) or normalize(p) in gpe_keys for p in t.split("-")):
            i = s
            for part in t.split("-"):
                spans.add((i, i + len(part)))
                i += len(part) + 1
        elif label == "NORP" and demonyms and _demonym(gaz, k):
            spans.add((s, e))
        elif demonyms and label == "ORG" and _demonym(gaz, normalize(t.split()[0])) and " " in t:
            # "the Russian Foreign Ministry": the adjective names the country
            spans.add((s, s + len(t.split()[0])))
        elif (named and label in ("PERSON", "ORG", "NORP", "PRODUCT") and _known(gaz, t)
              and _LOCATIVE.search(text[max(0, s - 12) : s])
              and (_big_enough(gaz, k, LOCATIVE_POP) or _state_by_alias(gaz, k))):
            # "of Oxford", "in Benson": a preposition of place before a known town; "in Michoacan"
            # (tagged NORP): a populous state by a name it goes by
            spans.add((s, e))
        elif named and label in ("PERSON", "ORG", "NORP", "PRODUCT") \
                and _used_as_place(ent, text, spans, gaz) \
                and _town_named(gaz, k, LOCATIVE_TOWN_POP, aliases=_names_a_place(ent)):
            # "killed in Kramatorsk", "rescuers in Odesa", "the Nuseirat camp": the tagger's
            # person or nationality is a town where the parse uses it as a place
            spans.add((s, e))
        elif named and label in ("PERSON", "ORG", "NORP") and _attacked(ent) \
                and _town_named(gaz, k, PROMINENT_POP):
            # "strikes on Khan Younis", "missiles struck Kharkiv": a city is what is bombarded
            spans.add((s, e))
        elif label != "PERSON":
            for p in _embedded(text, s, e, gaz, gpe_keys):
                spans.add(p)
    # "Sen. Tom Bakk, DFL-Cook": a legislator's district
    for m in _AFFILIATION.finditer(text):
        a, b = _trim(text, m.start(1), m.end(1))
        if b > a and _known(gaz, text[a:b]):
            spans.add((a, b))
    spans |= _untagged(sdoc, gaz, covered, gpe_keys)
    spans |= _dateline(text, gaz)
    streets = [(m.start(), m.end()) for m in _STREET.finditer(text)]
    if streets:
        spans = {sp for sp in spans if not any(a <= sp[0] and sp[1] <= b and sp != (a, b) for a, b in streets)}
        for a, b in streets:
            if not any(sp[0] < b and a < sp[1] and not (a <= sp[0] and sp[1] <= b) for sp in spans):
                spans.add((a, b))
    # one span per place: drop spans that overlap a longer one
    out: list[tuple[int, int]] = []
    for sp in sorted(spans, key=lambda x: (x[0], -(x[1] - x[0]))):
        if out and sp[0] < out[-1][1]:
            continue
        out.append(sp)
    return out


# "KRYVYI RIH, July 8 - ...", "BAMAKO (Reuters) - ...": the capitalised town a story was filed
# from, which the tagger, reading all capitals, often misses or calls a person.
_DATELINE = re.compile(
    r"^\s*([A-Z][A-Z'\u2019.\-]+(?:\s+[A-Z][A-Z'\u2019.\-]+){0,3})"
    r"(?=,\s*(?:[A-Z][\w'\u2019.\- ]{1,30}?,\s*)?[A-Z][a-z]{2,9}\.?\s+\d{1,2}\b|\s*\((?:Reuters|AP|AFP)\))")


def _dateline(text: str, gaz: Gazetteer) -> set[tuple[int, int]]:
    m = _DATELINE.match(text)
    if not m or not _known(gaz, m.group(1)):
        return set()
    return {(m.start(1), m.end(1))}


_NAME_LABELS = PLACE_LABELS | {"PERSON", "ORG", "NORP"}
# How many tokens a place name the tagger cut short may run on by ("Kryvyi" + "Rih", "Croix" +
# "-des-Bouquets") or start before it.
WHOLE_AFTER, WHOLE_BEFORE = 4, 2


def _whole_name(sdoc: Any, ent: Any, gaz: Gazetteer) -> tuple[int, int] | None:
    """The place name an entity is only part of ("Kryvyi" in "Kryvyi Rih", "Croix" in
    "Croix-des-Bouquets"): the entity run on over capitalised proper nouns outside other entities
    and over hyphen-joined words, when the whole is a place's own name (or a spelling of it) and
    the part is not."""
    toks = sdoc

    def joinable(i: int, forward: bool) -> bool:
        t = toks[i]
        if t.ent_iob_ != "O" and not (ent.start <= i < ent.end):
            return False
        prev = toks[i - 1] if forward else t
        glued = not prev.whitespace_  # "Croix" "-" "des": no space between
        if t.text == "-" or (glued and (toks[i - 1].text == "-" if forward else toks[i + 1].text == "-")):
            return glued
        return t.pos_ == "PROPN" and t.text[:1].isupper()

    ends = [ent.end]
    j = ent.end
    while j < len(toks) and j - ent.end < WHOLE_AFTER and joinable(j, True):
        j += 1
        ends.append(j)
    starts = [ent.start]
    i = ent.start
    while i > 0 and ent.start - i < WHOLE_BEFORE and joinable(i - 1, False) and not toks[i - 1].is_sent_start:
        i -= 1
        starts.append(i)
    if len(ends) == 1 and len(starts) == 1:
        return None
    part = normalize(ent.text)
    for st in reversed(starts):
        for en in reversed(ends):
            if (st, en) == (ent.start, ent.end) or toks[en - 1].text == "-" or toks[st].text == "-":
                continue
            a, b = toks[st].idx, toks[en - 1].idx + len(toks[en - 1].text)
            key = normalize(sdoc.text[a:b])
            if key == part:
                continue
            if any(_same_name(normalize(gaz.names[i]), key) for i in gaz.index.get(key, ())):
                return a, b
    return None


# A name the tagger called a person, organisation or nationality is a place where the parse uses
# it as one and the gazetteer has a town of at least this many people by exactly that name (or a
# first-order division or country by that name).
LOCATIVE_TOWN_POP = 10000
# Prepositions whose object is where something is or happened ("killed in X", "fighting near X").
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "around", "across", "inside", "into"})
# Nouns a place name is the name of ("the Nuseirat camp", "San Luis municipality", "Kharkiv region").
PLACE_HEADS = frozenset({
    "camp", "camps", "region", "province", "district", "municipality", "village", "town", "city",
    "county", "state", "governorate", "oblast", "area", "neighbourhood", "neighborhood", "suburb",
    "outskirts", "beach", "port", "valley", "department", "territory", "prefecture", "commune",
    "locality", "settlement", "township", "division", "countryside", "refugee",
})


def _town_named(gaz: Gazetteer, key: str, pop: int, *, aliases: bool = False) -> bool:
    """A town of at least `pop` people, a county, division or country whose own name, or another
    spelling of it ("Khan Younis" for "Khān Yūnis"), is `key` (with `aliases`, any of its names)."""
    from conflictwatch.geo.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY

    for i in gaz.index.get(key, ()):
        k = int(gaz.kind[i])
        if not aliases and not _same_name(normalize(gaz.names[i]), key):
            continue
        if k in (COUNTRY, ADMIN1) or (k in (CITY, ADMIN2) and gaz.pop[i] >= pop):
            return True
    return False


# How alike a name and a place's own name must be to count as its spelling (transliterations:
# "kryvyi rih"/"kryvyy rih", "khan younis"/"khan yunis"); the resolver's SPELLING_RATIO.
SPELLING_RATIO = 0.8


def _same_name(own: str, key: str) -> bool:
    if own == key:
        return True
    if own[:1] != key[:1] or abs(len(own) - len(key)) > 3:
        return False
    from difflib import SequenceMatcher

    return SequenceMatcher(None, own, key).ratio() >= SPELLING_RATIO


def _used_as_place(ent: Any, text: str, spans: set[tuple[int, int]], gaz: Gazetteer) -> bool:
    """Does the parse use an entity as a place: the object of a preposition of place, the name
    of a camp or region, or a division written after a place ("San Luis municipality, Huila")?"""
    if ent is None or (ent.text.isupper() and len(ent.text) <= 4):
        return False  # "the UN camp": an acronym
    root = ent.root
    dep, head = root.dep_, root.head
    if dep == "pobj" and head.lower_ in PLACE_PREPS:
        return True
    if dep == "conj" and any(a <= head.idx < b for a, b in spans):
        return True  # "in Khan Younis and Rafah": listed with a place
    if dep == "pobj" and head.lower_ == "of" and head.head.lower_ in PLACE_HEADS:
        return True  # "the town of Gwoza"
    if dep in ("compound", "nmod", "amod") and head.lower_ in PLACE_HEADS and head.i > root.i:
        return True
    before = text[max(0, ent.start_char - 2) : ent.start_char]
    if before == ", " and ent.start > 0:
        prev = ent.doc[ent.start - 2] if ent.start >= 2 else None
        if prev is not None and (prev.lower_ in PLACE_HEADS
                                 or any(a <= prev.idx < b for a, b in spans)):
            from conflictwatch.geo.gazetteer import ADMIN1, COUNTRY

            key = normalize(ent.text)
            return any(int(gaz.kind[i]) in (ADMIN1, COUNTRY) and normalize(gaz.names[i]) == key
                       for i in gaz.index.get(key, ()))
    return False


# What bombards a place: "strikes on Khan Younis", "the shelling of Kherson", "missiles hit Kharkiv".
ATTACK_NOUNS = frozenset({
    "strike", "strikes", "airstrike", "airstrikes", "attack", "attacks", "raid", "raids", "assault",
    "shelling", "bombardment", "bombing", "bombings", "barrage", "offensive",
})
ATTACK_VERBS = frozenset({"strike", "hit", "shell", "bomb", "pound", "target", "bombard"})


def _attacked(ent: Any) -> bool:
    """Is the entity what an attack or a bombardment is aimed at ("strikes on X", "struck X")?"""
    if ent is None or (ent.text.isupper() and len(ent.text) <= 4):
        return False
    root = ent.root
    dep, head = root.dep_, root.head
    if dep == "pobj" and head.lower_ in ("on", "of") and head.head.lower_ in ATTACK_NOUNS:
        return True
    return dep == "dobj" and head.pos_ == "VERB" and head.lemma_ in ATTACK_VERBS


def _names_a_place(ent: Any) -> bool:
    """Is the entity the name of a place noun ("the Nuseirat camp", "the city of Kryvyi Rih")?
    Then any of a town's names counts, not only its own: the text says it is a place, and news
    spell towns in other transliterations than GeoNames' own name ("Kryvyi Rih", "Kryvyy Rih")."""
    root = ent.root
    if root.dep_ in ("compound", "nmod") and root.head.lower_ in PLACE_HEADS and root.head.i > root.i:
        return True
    head = root.head
    return root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in PLACE_HEADS and head.head.i < root.i


# A known name in a "in X"/"of X" phrase that the tagger called a person or organisation is a
# place when the gazetteer has a town of at least this size by that name.
LOCATIVE_POP = 1000


def _untagged(sdoc: Any, gaz: Gazetteer, covered: bytearray, confirmed: set[str]) -> set[tuple[int, int]]:
    """Capitalised proper-noun runs outside every entity that name a known place: a name the
    article names as a place elsewhere, a country/state/county, or a sizeable town after a
    preposition of place (never a sentence's first word, which is capitalised anyway)."""
    text = sdoc.text
    out: set[tuple[int, int]] = set()
    toks = list(sdoc)
    i = 0
    while i < len(toks):
        tk = toks[i]
        if covered[tk.idx] or tk.pos_ != "PROPN" or not tk.text[:1].isupper():
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and j - i < 3 and toks[j + 1].pos_ == "PROPN" and not covered[toks[j + 1].idx] \
                and toks[j + 1].text[:1].isupper():
            j += 1
        hit = None
        for n in range(j, i - 1, -1):
            a, b = tk.idx, toks[n].idx + len(toks[n].text)
            t = text[a:b]
            k = normalize(t)
            if not _known(gaz, t):
                continue
            confirm = k in confirmed
            if not confirm and tk.is_sent_start:
                continue
            if confirm or _big_enough(gaz, k, 10**9) or (
                _LOCATIVE.search(text[max(0, a - 12) : a]) and _big_enough(gaz, k, LOCATIVE_POP)
            ):
                hit = (a, b, n)
                break
        if hit:
            out.add((hit[0], hit[1]))
            i = hit[2] + 1
        else:
            i = j + 1
    return out
