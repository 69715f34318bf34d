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
    re.I,
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
    re.I,
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
        if _known(gaz, head):
            return s + off, s + off + len(head)
    return None


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
    others: list[tuple[int, int, str]] = []
    for ent in sdoc.ents:
        s, e = _trim(text, ent.start_char, ent.end_char)
        if e <= s:
            continue
        if e < len(text) and text[e] == "." and _known(gaz, text[s : e + 1]) and not _known(gaz, text[s:e]):
            e += 1
        t = text[s:e]
        if ent.label_ in PLACE_LABELS:
            if not _known(gaz, t):
                m = _DIRECTION.match(t)
                if m and _known(gaz, t[m.end() :]):
                    s += m.end()
                    t = text[s:e]
                elif ent.label_ == "FAC":
                    continue
                elif " " not in t.strip():
                    continue  # a single unknown word tagged GPE is most often a name
            spans.add((s, e))
            gpe_keys.add(normalize(t))
        elif ent.label_ in _GOOD_LABELS_FOR_PREFIX:
            p = _prefix_place(text, ent.start_char, ent.end_char, gaz)
            if p:
                spans.add(p)
            else:
                others.append((s, e, ent.label_))
        elif ent.label_ == "NORP" and demonyms:
            others.append((s, e, ent.label_))
    for s, e, label in others:
        t = text[s:e]
        k = normalize(t)
        if k in gpe_keys or (label == "ORG" and _prominent(gaz, k)):
            spans.add((s, e))
        elif "-" in t and all(_prominent(gaz, normalize(p)) or normalize(p) in gpe_keys for p in t.split("-")):
            i = s
            for part in t.split("-"):
                spans.add((i, i + len(part)))
                i += len(part) + 1
        elif demonyms and k in gaz.demonyms:
            spans.add((s, e))
    return sorted(spans)


def add_entity_ruler(nlp: Any) -> Any:
    """Add the project's place patterns (data/entity_patterns.jsonl) as an EntityRuler before "ner".

    A stand-in until nlp.py loads the same file; does nothing when a ruler is already there.
    """
    from importlib import resources

    if "entity_ruler" in nlp.pipe_names:
        return nlp
    path = resources.files("conflictwatch") / "data" / "entity_patterns.jsonl"
    ruler = nlp.add_pipe("entity_ruler", before="ner" if "ner" in nlp.pipe_names else None)
    ruler.from_disk(str(path))
    return nlp
