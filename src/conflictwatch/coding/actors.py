"""Actor mentions in a parsed sentence, normalised the way ACLED names actors.

"Azerbaijani troops" -> Military Forces of Azerbaijan (1), "police in Dhaka" -> Police Forces of
Bangladesh (1), "gunmen" -> Unidentified Armed Group (Country) (3), "Al-Shabaab" -> Al Shabaab (2).
The word lists live in data/coding/*.tsv; this module only reads them and applies them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from conflictwatch.records import Actor, Place

# Longest armed-group alias, in tokens ("izz ad-din al-qassam brigades" is 6 after hyphen splitting).
MAX_ALIAS_TOKENS = 7
# Aliases this short and written as one token ("RSF", "ADF", "ELN") must be upper case in the text,
# or common words ("pdf", "ola", "car") would be read as groups.
ACRONYM_MAX_CHARS = 4
# Dependency links through which a modifier names the country of a force ("Azerbaijani troops",
# "Azerbaijan's army", "Baku's positions", "troops of Mali").
COUNTRY_MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod", "nummod"})
# Prepositions that place a force in a country ("police in Dhaka", "soldiers from Chad").
COUNTRY_PREPS = frozenset({"in", "from", "of"})
POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her", "our"})

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def data_rows(name: str) -> list[list[str]]:
    """The tab-separated rows of data/coding/<name>, comments and blank lines dropped."""
    path = resources.files("conflictwatch") / "data" / "coding" / name
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append([c.strip() for c in line.split("\t")])
    return rows


def norm_key(text: str) -> str:
    """Lower-case letters and digits only: "al-Shabaab" and "Al Shabaab" share one key."""
    return _NON_ALNUM.sub("", text.lower())


@dataclass(frozen=True)
class CountryRef:
    name: str
    iso3: str


@dataclass(frozen=True)
class GroupEntry:
    name: str  # ACLED name, may hold "{country}"
    inter: int
    country: CountryRef | None


@dataclass(frozen=True)
class AgentEntry:
    template: str
    inter: int
    role: str  # state | crowd | unknown | victim


@dataclass(frozen=True)
class ActorMention:
    """An actor named in the text; `country` is None until context supplies it."""

    start: int  # character span of the whole phrase
    end: int
    root: int  # token index of the head word
    template: str
    inter: int
    role: str  # state | crowd | unknown | victim | group | country
    country: CountryRef | None
    text: str

    def actor(self, fallback: CountryRef | None = None) -> Actor:
        country = self.country or fallback
        return make_actor(self.template, self.inter, country)

    def party(self) -> str | None:
        """What identifies the side: a group's name, else its country's ISO3."""
        if self.role == "group" and "{country}" not in self.template:
            return self.template
        return self.country.iso3 if self.country else None


# Verbs whose subject country acts as its government, not its military.
GOVERNMENT_ACTS = frozenset({"agree", "sign", "negotiate", "ratify", "approve", "accept", "pledge", "promise",
                             "propose", "offer"})


def make_actor(template: str, inter: int, country: CountryRef | None) -> Actor:
    if "{country}" in template:
        if country is not None:
            name = template.replace("{country}", country.name)
        else:  # ACLED's own placeholder for an actor of unknown country
            name = template.replace(" ({country})", "").replace(" of {country}", "").replace("{country}", "")
    else:
        name = template
    return Actor(name=name, inter=inter, country=country.name if country else None,
                 iso3=country.iso3 if country else None)


class Countries:
    """Country names, ACLED spellings, demonyms and capitals -> CountryRef (pycountry underneath)."""

    def __init__(self) -> None:
        import pycountry

        self.by_iso3: dict[str, CountryRef] = {}
        self.by_key: dict[str, CountryRef] = {}
        overrides = {r[0]: r for r in data_rows("countries.tsv")}
        for c in pycountry.countries:
            iso3 = c.alpha_3
            o = overrides.get(iso3)
            name = o[1] if o else getattr(c, "common_name", None) or c.name
            ref = CountryRef(name, iso3)
            self.by_iso3[iso3] = ref
            for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None), name):
                if n:
                    self.by_key.setdefault(norm_key(n), ref)
        for iso3, row in overrides.items():
            ref = self.by_iso3.get(iso3) or CountryRef(row[1], iso3)
            self.by_iso3[iso3] = ref
            self.by_key[norm_key(row[1])] = ref
            for alias in (row[2].split("|") if len(row) > 2 and row[2] else []):
                self.by_key[norm_key(alias)] = ref
        self.demonyms: dict[str, CountryRef] = {}
        for dem, _country, iso3 in data_rows("demonyms.tsv"):
            ref = self.by_iso3.get(iso3)
            if ref:
                self.demonyms[norm_key(dem)] = ref
        self.capitals: dict[str, CountryRef] = {}
        for cap, iso3 in data_rows("capitals.tsv"):
            if iso3 in self.by_iso3:
                self.capitals[norm_key(cap)] = self.by_iso3[iso3]

    def get(self, iso3: str | None) -> CountryRef | None:
        return self.by_iso3.get(iso3) if iso3 else None

    def lookup(self, text: str, *, capitals: bool = True) -> CountryRef | None:
        """A country from its name, ACLED alias, demonym or (optionally) capital; None otherwise."""
        key = norm_key(text)
        if key.startswith("the"):
            key = key[3:] if key[3:] in self.by_key else key
        if not key:
            return None
        if key in WORD_ACRONYMS and not text.strip().isupper():
            return None  # "us" the pronoun, "car" the vehicle ("a car bomb"), not the Central African Republic
        ref = self.by_key.get(key) or self.demonyms.get(key)
        if ref is None and key.endswith("s"):  # plural people nouns: "Afghans", "Israelis"
            ref = self.demonyms.get(key[:-1])
        if ref is None and capitals:
            ref = self.capitals.get(key)
        return ref

    def demonym_country(self, word: str) -> CountryRef | None:
        return self.demonyms.get(norm_key(word))


# Country acronyms that are also English words: a country only when written in capitals.
WORD_ACRONYMS = frozenset({"us", "uk", "car"})


class ActorLexicon:
    """The armed groups and generic agent nouns from data, matched token by token."""

    def __init__(self, countries: Countries) -> None:
        self.countries = countries
        self.groups: dict[str, GroupEntry] = {}
        self.short_aliases: set[str] = set()
        for row in data_rows("armed_groups.tsv"):
            aliases, name, inter = row[0], row[1], int(row[2])
            iso3 = row[4] if len(row) > 4 else ""
            entry = GroupEntry(name, inter, countries.get(iso3) if iso3 else None)
            for alias in aliases.split("|"):
                key = norm_key(alias)
                self.groups[key] = entry
                if len(alias) <= ACRONYM_MAX_CHARS and " " not in alias and "-" not in alias:
                    self.short_aliases.add(key)
        self.agents: dict[str, AgentEntry] = {}
        for phrase, template, inter, role in data_rows("agents.tsv"):
            self.agents[phrase] = AgentEntry(template, int(inter), role)

    # -- groups -------------------------------------------------------------------------------
    def _group_at(self, tokens: Sequence[Any], i: int) -> tuple[int, GroupEntry] | None:
        """The longest armed-group alias starting at tokens[i]: (end index, entry)."""
        best = None
        key = ""
        for j in range(i, min(len(tokens), i + MAX_ALIAS_TOKENS)):
            t = tokens[j]
            if t.is_space or (t.is_punct and t.text not in "-'"):
                break
            key += norm_key(t.text)
            entry = self.groups.get(key)
            if entry is None:
                continue
            if key in self.short_aliases and j == i and not (t.text.isupper() or any(ch.isdigit() for ch in t.text)):
                continue
            best = (j + 1, entry)
        return best

    # -- generic nouns ------------------------------------------------------------------------
    def _agent_of(self, tok: Any) -> tuple[AgentEntry, int] | None:
        """The agent entry for a head noun, trying "<compound> <noun>" before "<noun>"; (entry, first index)."""
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        lemma = tok.lemma_.lower()
        if tok.i > 0:
            prev = tok.doc[tok.i - 1]
            if prev.dep_ in ("compound", "amod") and prev.head.i == tok.i:
                e = self.agents.get(f"{prev.lemma_.lower()} {lemma}") or self.agents.get(
                    f"{prev.lower_} {tok.lower_}")
                if e:
                    return e, tok.i - 1
        e = self.agents.get(lemma) or self.agents.get(tok.lower_)
        return (e, tok.i) if e else None

    def mentions(self, sent: Any, *, places: Iterable[Place] = (), subject_country: CountryRef | None = None
                 ) -> list[ActorMention]:
        """Every actor named in one sentence, with its country where the sentence gives it."""
        tokens = list(sent)
        doc = sent.doc
        out: list[ActorMention] = []
        taken: set[int] = set()
        place_iso = {p.start: p.iso3 for p in places if p.iso3}
        i = 0
        while i < len(tokens):
            hit = self._group_at(tokens, i)
            if hit and _linked_after(tokens, hit[0]):
                i = hit[0]  # "the al-Qaeda-linked group JNIM": the named group that follows acts
                continue
            if hit:
                j, entry = hit
                span = doc[tokens[i].i:tokens[j - 1].i + 1]
                root = span.root
                # "Hamas fighters", "Houthi rebels": the group names the force that follows it.
                head = root.head if root.dep_ in ("compound", "amod", "nmod") else root
                if head.i != root.i and self._agent_of(head):
                    span = doc[span.start:head.i + 1]
                    root = head
                out.append(ActorMention(span.start_char, span.end_char, root.i, entry.name, entry.inter,
                                        "group", entry.country, span.text))
                taken.update(range(span.start, span.end))
                i = j
                continue
            i += 1
        for tok in tokens:
            if tok.i in taken:
                continue
            got = self._agent_of(tok)
            if got is None:
                continue
            # "police officers": only the head noun ("officers") makes the mention.
            if tok.dep_ == "compound" and self._agent_of(tok.head):
                continue
            # "fighters of the Rapid Support Forces": the group is the actor
            if any(c.dep_ == "prep" and c.lower_ == "of" and any(p.i in taken for p in c.children) for c in tok.children):
                continue
            agent, first = got
            country = self.country_of(tok, place_iso=place_iso, subject_country=subject_country)
            if agent.role == "weapon":
                # "Russian missiles": the weapon stands for the force only when its owner is named
                if country is None or not any(c.dep_ in ("amod", "compound", "poss") for c in tok.children):
                    continue
                agent = AgentEntry(agent.template, agent.inter, "state")
            left = min([first] + [c.i for c in tok.lefts if c.dep_ in COUNTRY_MODIFIER_DEPS | {"det"}])
            span = doc[left:tok.i + 1]
            # "the police in Dhaka": keep the place in the span (it is the evidence for the country)
            for c in tok.rights:
                if c.dep_ == "prep" and c.lower_ in COUNTRY_PREPS and country is not None:
                    span = doc[left:c.right_edge.i + 1]
            out.append(ActorMention(span.start_char, span.end_char, tok.i, agent.template, agent.inter,
                                    agent.role, country, span.text))
            taken.add(tok.i)
            # "Armenian and Azerbaijani forces": one force word, two sides
            if country is not None and agent.role == "state":
                for other, ref in self.coordinated_countries(tok):
                    if ref != country:
                        out.append(ActorMention(other.idx, other.idx + len(other.text), tok.i, agent.template,
                                                agent.inter, agent.role, ref, other.text))
        # A country that acts ("Azerbaijan reclaimed", "Russia launched") stands for its military.
        for tok in tokens:
            if tok.i in taken or tok.ent_type_ != "GPE" or tok.dep_ not in ("nsubj", "compound"):
                continue
            ent_root = tok if tok.dep_ == "nsubj" else None
            if ent_root is None:
                continue
            ref = self.countries.lookup(tok.text, capitals=False)
            if ref and tok.head.pos_ == "VERB":
                # ... unless the act is a government's: "Armenia has agreed to return four villages"
                template = "Government of {country}" if tok.head.lemma_.lower() in GOVERNMENT_ACTS \
                    else "Military Forces of {country}"
                out.append(ActorMention(tok.idx, tok.idx + len(tok.text), tok.i, template,
                                        1, "country", ref, tok.text))
        out.sort(key=lambda m: m.start)
        return out

    def coordinated_countries(self, tok: Any) -> list[tuple[Any, CountryRef]]:
        """Countries of the modifiers coordinated with a noun's first country modifier."""
        out = []
        for c in tok.children:
            if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i:
                for conj in c.conjuncts:
                    ref = self.countries.lookup(conj.text)
                    if ref is not None:
                        out.append((conj, ref))
        h = tok.head
        if tok.dep_ == "conj" and h.ent_type_ == "NORP" and h.i < tok.i and self._agent_of(h) is None:
            ref = self.countries.demonym_country(h.text)  # parsed as "[Azerbaijani] and [Armenian troops]"
            if ref is not None:
                out.append((h, ref))
        return out

    def country_of(self, tok: Any, *, place_iso: dict[int, str] | None = None,
                   subject_country: CountryRef | None = None) -> CountryRef | None:
        """The country a modifier or a following "in <place>" gives a noun."""
        place_iso = place_iso or {}
        kids = list(tok.children)
        if tok.dep_ == "compound":  # "a Burkinabe army convoy": the demonym sits on the head
            kids += [c for c in tok.head.children if c.i < tok.i]
        for c in kids:
            if c.dep_ in COUNTRY_MODIFIER_DEPS:
                if c.lower_ in POSSESSIVE_PRONOUNS:
                    if subject_country is not None:
                        return subject_country
                    continue
                text = doc_span_text(c)
                ref = self.countries.lookup(text) or self.countries.lookup(c.text)
                if ref is None and c.idx in place_iso:
                    ref = self.countries.get(place_iso[c.idx])
                if ref:
                    return ref
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in COUNTRY_PREPS:
                for p in c.children:
                    if p.dep_ != "pobj":
                        continue
                    if p.idx in place_iso or p.left_edge.idx in place_iso:
                        return self.countries.get(place_iso.get(p.idx) or place_iso.get(p.left_edge.idx))
                    ref = self.countries.lookup(doc_span_text(p))
                    if ref:
                        return ref
        return None


# "al-Qaeda-linked", "IS-affiliated": the group names an ally of the actor, not the actor.
LINK_WORDS = frozenset({"linked", "affiliated", "aligned", "allied", "backed", "inspired", "loyal"})


def _linked_after(tokens: Sequence[Any], j: int) -> bool:
    nxt = [t.lower_ for t in tokens[j:j + 2]]
    return (len(nxt) == 2 and nxt[0] == "-" and nxt[1] in LINK_WORDS) or (bool(nxt) and nxt[0] in LINK_WORDS)


def doc_span_text(tok: Any) -> str:
    """The text of a modifier with its own compounds ("South Sudanese", "Tel Aviv")."""
    left = tok.i
    while left > 0 and tok.doc[left - 1].dep_ == "compound" and tok.doc[left - 1].head.i in (tok.i, left):
        left -= 1
    return tok.doc[left:tok.i + 1].text


@lru_cache(maxsize=1)
def load_countries() -> Countries:
    return Countries()


@lru_cache(maxsize=1)
def load_lexicon() -> ActorLexicon:
    return ActorLexicon(load_countries())
