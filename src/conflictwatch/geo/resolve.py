"""Toponym resolution that reads the whole article: candidates scored by prior and by context.

One sense per discourse: every mention of the same name in an article is resolved together, and
a name's own repetitions never count as context for itself. Context is the other names' current
readings (their countries, first-order divisions and points), the outlet's domain, and
qualifiers written next to a mention ("Alexandria, La.", "Kapelbok in Turkana District").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from conflictwatch.geo.gazetteer import (
    ADMIN1,
    ADMIN2,
    ADMINN,
    CITY,
    CONTINENT,
    COUNTRY,
    REGION,
    Gazetteer,
    haversine_km,
    normalize,
)

# Weights of the resolution score. Chosen by coordinate search on the even-numbered articles of
# the LGL and GeoVirus dev sets, checked on the odd-numbered ones (evaluate/geoparse.py).
DEFAULT_WEIGHTS: dict[str, float] = {
    # prior of each kind when a bare name could mean several ("Armenia" is the country unless
    # the story is in Colombia)
    "kind_country": 4.0,
    "kind_continent": 6.0,
    "kind_admin1": 2.0,
    "kind_region": 3.5,
    "kind_city": -2.0,
    "kind_admin2": -0.5,
    "kind_adminN": -2.0,
    "pop": 1.0,  # per decade of population
    "primary": 1.5,  # the mention is the entity's own name, not one of its alternate names
    "suffix_dropped": -1.5,  # "Richmond" read as "Richmond County"
    "capital": -0.5,  # a national capital (the population prior already favours it)
    "ctx_country": 5.0,  # times the share of the article's other names read in that country
    "ctx_admin1": 3.0,  # times the share read in that first-order division
    "ctx_near": 2.0,  # another name of the article read within NEAR_KM
    "qualifier": 6.0,  # "Alexandria, Louisiana"
    "outlet": 1.0,  # the outlet's country (its domain), a weak prior
    "domain_town": 3.5,  # the outlet's domain contains the name ("palestineherald.com")
    "local_city": 2.0,  # "Athens Police Department": a town's institution follows the name
    "outlet_home": 4.0,  # times the share of the outlet's past places in that first-order division
}
NEAR_KM = 150.0
# A town with at least this share of its same-name division's people is what the name means
# (broader rules cost 1 point on LGL and GeoVirus, both halves).
TOWN_SHARE = 0.6
# A city this large beats a first- or second-order division of its own name in its country
# ("Kharkiv", "Mombasa", "Kaduna" mean the cities). Checked on LGL and GeoVirus (no loss).
CITY_OVER_DIVISION_POP = 100_000
# Except in the US, where local news often means the state ("New York"); the rule costs LGL's
# US stories without this exception. Only a city whose own name is the mention counts (an alias
# match such as "Henan" for Hengyang does not).
CITY_OVER_DIVISION_EXCEPT = frozenset({"US"})
MAX_CANDIDATES = 40
# Feature codes of curated areas that a bare name means before a town or division of their
# country by that name (territories, regions, islands, peninsulas; not rivers or mountains:
# "the Mississippi" is not the state).
AREA_CODES = frozenset({"TERR", "RGN", "ISL", "PEN"})
ITERATIONS = 2

_KIND_KEY = {COUNTRY: "kind_country", CONTINENT: "kind_continent", ADMIN1: "kind_admin1",
             REGION: "kind_region", CITY: "kind_city", ADMIN2: "kind_admin2", ADMINN: "kind_adminN"}

# A generic domain (.com, .org, .net) is most often a US outlet in English news: a weak default.
GENERIC_TLD_COUNTRY = "US"
GENERIC_TLDS = {"com", "net", "org", "us", "info", "biz", "gov", "edu"}
TLD_COUNTRY = {
    "uk": "GB", "ca": "CA", "au": "AU", "nz": "NZ", "ie": "IE", "in": "IN", "za": "ZA", "ng": "NG",
    "ke": "KE", "pk": "PK", "ph": "PH", "sg": "SG", "my": "MY", "gh": "GH", "ug": "UG", "tz": "TZ",
    "am": "AM", "az": "AZ", "ge": "GE", "ua": "UA", "ru": "RU", "il": "IL", "lb": "LB", "jo": "JO",
    "eg": "EG", "qa": "QA", "ae": "AE", "sa": "SA", "tr": "TR", "iq": "IQ", "sy": "SY", "af": "AF",
    "lk": "LK", "bd": "BD", "np": "NP", "mm": "MM", "et": "ET", "so": "SO", "sd": "SD", "zw": "ZW",
    "fr": "FR", "de": "DE", "es": "ES", "it": "IT", "nl": "NL", "be": "BE", "ch": "CH", "at": "AT",
    "mx": "MX", "br": "BR", "ar": "AR", "co": "CO", "cl": "CL", "pe": "PE", "ve": "VE", "jp": "JP",
    "kr": "KR", "cn": "CN", "tw": "TW", "hk": "HK", "id": "ID", "th": "TH", "vn": "VN",
}
_DOMAIN = re.compile(r"^(?:[a-z]+://)?(?:www\d?\.)?([^/:?#\s]+)", re.IGNORECASE)
_QUAL = re.compile(r"^\s*(?:,|\bin\b|\(|\bnear\b|\bof\b)\s*((?:the\s+)?[A-Z][\w.'\-]*(?:\s+[A-Z][\w.'\-]*){0,3})")
_LOCAL = re.compile(
    r"^(?:'s|\u2019s)?\s+(?:Police|Fire\s+Department|Fire\s+Chief|City\s+Council|City\s+Hall|"
    r"High\s+School|Middle\s+School|Elementary|Public\s+Library|Township|Board\s+of\s+Aldermen|"
    r"city\s+council|police|mayor|Mayor|Chamber\s+of\s+Commerce|Rotary|Planning\s+Commission)\b"
)
_SUFFIXES = (" county", " parish", " district", " province", " region", " governorate", " state")


def outlet_host(url_or_domain: str | None) -> str | None:
    """An outlet's host name without "www." ("parispi.net"), None when there is none."""
    if not url_or_domain:
        return None
    m = _DOMAIN.match(url_or_domain.strip())
    if not m or "." not in m.group(1):
        return None
    return m.group(1).lower()


def outlet_info(url_or_domain: str | None) -> tuple[str | None, float, str]:
    """The country an outlet's domain suggests, how strongly (0 when none), and its name label."""
    if not url_or_domain:
        return None, 0.0, ""
    m = _DOMAIN.match(url_or_domain.strip())
    if not m or "." not in m.group(1):
        return None, 0.0, ""
    host = m.group(1).lower()
    parts = host.split(".")
    tld = parts[-1]
    label = parts[-3] if len(parts) >= 3 and parts[-2] in ("co", "com", "org", "net") else parts[-2]
    if tld in TLD_COUNTRY:
        return TLD_COUNTRY[tld], 1.0, label
    if tld in GENERIC_TLDS:
        return GENERIC_TLD_COUNTRY, 0.5, label
    return None, 0.0, label


def _spelling(a: str, b: str) -> bool:
    """Are two normalised names spellings of one name ("vinnytsya", "vinnytsia")?"""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() >= SPELLING_RATIO


# How alike two names must be to count as spellings of one (transliterations differ in a vowel
# or two: "Vinnytsya"/"Vinnytsia", "Dnipro"/"Dnepr" do not pass, "Mykolaiv"/"Mykolayiv" do).
SPELLING_RATIO = 0.8


@dataclass
class Group:
    """All mentions of one name in an article, resolved together."""

    key: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    cands: list[int] = field(default_factory=list)
    base: list[float] = field(default_factory=list)  # prior + qualifier + outlet cues
    best: int = -1


class Resolver:
    """Scores each name's candidates by prior, then by the article's other names."""

    def __init__(self, gaz: Gazetteer, weights: dict[str, float] | None = None) -> None:
        self.g = gaz
        self.w = dict(DEFAULT_WEIGHTS)
        if weights:
            self.w.update(weights)
        self._primary_cache: dict[int, tuple[str, set[str]]] = {}

    # --- candidates ---
    def candidates(self, key: str) -> list[int]:
        g = self.g
        iso = g.demonyms.get(key)
        if iso and iso in g.countries:
            # a demonym given as a span names its country ("Chinese" is China, not Chin State;
            # "Canadian" is Canada, not Canadian, Texas)
            return [g.countries[iso]["idx"]]
        ids = g.index.get(key)
        if ids:
            return self._capital_over_division(self._area_over_namesakes(list(ids)), key)
        for suffix in (" s", " county", " parish", " district", " province", " region", " state", " city",
                       " township", " twp", " town", " village", " borough"):
            if key.endswith(suffix) and len(key) > len(suffix) + 2:
                ids = g.index.get(key[: -len(suffix)])
                if ids:
                    if suffix in (" s", " city", " town", " village", " borough"):
                        return list(ids)
                    if suffix in (" township", " twp"):
                        # "Hamilton Township": the town's point is the township's, within metres
                        return [i for i in ids if g.kind[i] in (CITY, ADMIN2, ADMINN)] or list(ids)
                    adm = [i for i in ids if g.kind[i] in (ADMIN1, ADMIN2, ADMINN)]
                    return adm or list(ids)
        # demonym-like forms of a place name: "South Ossetian", "Ohioans", "Dagestani"
        for suf, rep in (("ians", "ia"), ("ian", "ia"), ("ians", "io"), ("ans", ""), ("an", ""),
                         ("ans", "a"), ("an", "a"), ("i", ""), ("ese", ""), ("ns", ""), ("n", "")):
            if key.endswith(suf) and len(key) - len(suf) >= 3:
                ids = g.index.get(key[: -len(suf)] + rep)
                if ids:
                    big = [i for i in ids if g.kind[i] in (COUNTRY, ADMIN1, REGION)]
                    if big:
                        return big
        return []

    def _area_over_namesakes(self, ids: list[int]) -> list[int]:
        """A territory, region or island of one country that the name names (curated: "Gaza" is
        the Gaza Strip, "Crimea" the peninsula, "Sicily" the island) beats that country's towns
        and divisions by the same name: news write those out ("Gaza City", "Gaza governorate")."""
        g = self.g
        area_cc = {g.cc[i] for i in ids if g.kind[i] == REGION and g.cc[i] and g.fcode[i] in AREA_CODES}
        if not area_cc:
            return ids
        return [i for i in ids if g.kind[i] == REGION or g.cc[i] not in area_cc]

    def _capital_over_division(self, ids: list[int], key: str = "") -> list[int]:
        """A town beats the division it lies in when the name is the town's own, only an
        alternate name of the division, and the town holds most of its people ("Alexandria", not the governorate "Al Iskandariyah";
        "Yerevan", not the province "Erevan"), and a national capital beats the first-order
        division named after it: news means the town."""
        g = self.g
        drop = set()
        # A bare name shared by a big city and first-order divisions means the city: "Kyiv", "Kharkiv", "Mombasa"
        # in the news are the cities; the province is named as such ("Kharkiv region").
        # The packaged data has no PPLA codes, so "capital" is read as a city of at least
        # CITY_OVER_DIVISION_POP people.
        # A city whose own name is another spelling of the mention counts too when its division
        # is matched only by an alternate name ("Vinnytsia": the city Vinnytsya, Vinnytska oblast).
        alias_divs = {i for i in ids if g.kind[i] in (ADMIN1, ADMIN2) and self._names(i)[0] != key}
        seats = [i for i in ids if g.kind[i] == CITY and int(g.pop[i]) >= CITY_OVER_DIVISION_POP
                 and g.cc[i] not in CITY_OVER_DIVISION_EXCEPT
                 and (self._names(i)[0] == key
                      or ((int(g.a1[i]) in alias_divs or int(g.a2[i]) in alias_divs)
                          and _spelling(self._names(i)[0], key)))]
        seat_cc = {g.cc[i] for i in seats}
        divisions = [i for i in ids if g.kind[i] == ADMIN1]
        # Only when every division of that name is in a city's own country: with a namesake
        # province abroad ("Gaza" in Mozambique, "Sofia" in Madagascar) dropping the city's own
        # division would hand the name to the foreign province.
        if seat_cc and divisions and all(g.cc[i] in seat_cc for i in divisions):
            drop.update(int(i) for i in divisions)
        for i in ids:
            if g.kind[i] != CITY:
                continue
            if g.fcode[i] == "PPLC":
                drop.add(int(g.a1[i]))
            own = self._names(i)[0]
            for a in (int(g.a1[i]), int(g.a2[i])):
                if a >= 0 and self._names(a)[0] != own and g.pop[i] >= TOWN_SHARE * g.pop[a]:
                    drop.add(a)
        if not drop:
            return ids
        key_ids = [i for i in ids if not (g.kind[i] in (ADMIN1, ADMIN2) and i in drop)]
        return key_ids or ids

    def _names(self, idx: int) -> tuple[str, set[str]]:
        r = self._primary_cache.get(idx)
        if r is None:
            n = normalize(self.g.names[idx])
            stripped = set()
            for suf in _SUFFIXES:
                if n.endswith(suf):
                    stripped.add(n[: -len(suf)])
            if n.startswith("city of "):
                stripped.add(n[8:])
            r = (n, stripped)
            self._primary_cache[idx] = r
        return r

    def _prior(self, idx: int, key: str) -> float:
        g, w = self.g, self.w
        k = int(g.kind[idx])
        p = w[_KIND_KEY[k]] + w["pop"] * math.log10(1 + int(g.pop[idx]))
        n, stripped = self._names(idx)
        if key == n:
            p += w["primary"]
        elif key in stripped:
            p += w["suffix_dropped"] if k == ADMIN2 else w["primary"]
        if g.fcode[idx] == "PPLC":
            p += w["capital"]
        return p

    def _qualifier(self, text: str, end: int) -> tuple[int, int, str]:
        """(admin1, admin2, country) named right after a mention, -1/"" where none."""
        g = self.g
        q = _QUAL.match(text[end : end + 60])
        if not q:
            return -1, -1, ""
        words = q.group(1).split()
        for n in range(len(words), 0, -1):
            phrase = " ".join(words[:n]).rstrip(",")
            ids = g.index.get(normalize(phrase))
            if not ids:
                continue
            best = None
            for i in ids:
                if g.kind[i] == ADMIN1:
                    best = i
                    break
                if g.kind[i] in (COUNTRY, ADMIN2) and best is None:
                    best = i
            if best is None:
                continue
            if g.kind[best] == ADMIN1:
                return best, -1, g.cc[best]
            if g.kind[best] == ADMIN2:
                return -1, best, g.cc[best]
            return -1, -1, g.cc[best]
        return -1, -1, ""

    # --- resolution ---
    def resolve(
        self,
        text: str,
        spans: list[tuple[int, int]],
        *,
        outlet: str | None = None,
        extra_context: list[int] | None = None,
        home: dict[int, float] | None = None,
    ) -> list[int]:
        """The entity index each span resolves to (-1 when none), in span order.

        `home` maps first-order divisions to their share of the outlet's earlier places (its home
        region, learned from its past articles): a prior for towns that share a name.
        """
        g, w = self.g, self.w
        occ, occ_w, label = outlet_info(outlet)
        groups: dict[str, Group] = {}
        keys = []
        for s, e in spans:
            k = normalize(text[s:e])
            keys.append(k)
            grp = groups.get(k)
            if grp is None:
                grp = groups[k] = Group(k)
            grp.spans.append((s, e))

        for grp in groups.values():
            cands = self.candidates(grp.key)
            if not cands:
                continue
            pri = [self._prior(i, grp.key) for i in cands]
            if len(cands) > MAX_CANDIDATES:
                order = sorted(range(len(cands)), key=lambda j: -pri[j])[:MAX_CANDIDATES]
                cands = [cands[j] for j in order]
                pri = [pri[j] for j in order]
            quals = [self._qualifier(text, e) for _, e in grp.spans]
            local = any(_LOCAL.match(text[e : e + 40]) for _, e in grp.spans)
            town = len(grp.key) >= 4 and grp.key.replace(" ", "") in label
            base = []
            for i, p in zip(cands, pri):
                kd = int(g.kind[i])
                s = p
                for qa1, qa2, qcc in quals:
                    if qa1 >= 0:
                        if int(g.a1[i]) == qa1 and i != qa1:
                            s += w["qualifier"]
                            break
                    elif qa2 >= 0:
                        if int(g.a2[i]) == qa2 and i != qa2:
                            s += w["qualifier"]
                            break
                    elif qcc and g.cc[i] == qcc and kd != COUNTRY:
                        s += w["qualifier"] / 2
                        break
                if occ and g.cc[i] == occ:
                    s += w["outlet"] * occ_w
                if home and kd != COUNTRY:
                    s += w["outlet_home"] * home.get(int(g.a1[i]), 0.0)
                if kd == CITY:
                    if town and (not occ or g.cc[i] == occ):
                        s += w["domain_town"]
                    if local:
                        s += w["local_city"]
                base.append(s)
            grp.cands, grp.base = cands, base
            grp.best = cands[max(range(len(base)), key=base.__getitem__)]

        live = [grp for grp in groups.values() if grp.cands]
        extra = extra_context or []
        for _ in range(ITERATIONS):
            cc_votes: Counter[str] = Counter()
            a1_votes: Counter[int] = Counter()
            pts: list[tuple[float, float, str]] = []
            for grp in live:
                b = grp.best
                cc_votes[g.cc[b]] += 1.0
                if g.a1[b] >= 0:
                    a1_votes[int(g.a1[b])] += 1.0
                if g.kind[b] in (CITY, ADMIN2, ADMINN):
                    pts.append((float(g.lat[b]), float(g.lon[b]), grp.key))
            for i in extra:
                cc_votes[g.cc[i]] += 0.5
                if g.a1[i] >= 0:
                    a1_votes[int(g.a1[i])] += 0.5
            total = sum(cc_votes.values())
            new_best = {}
            for grp in live:
                own = grp.best
                own_cc, own_a1 = g.cc[own], int(g.a1[own])
                others = total - 1.0
                best_s, best_i = -1e9, -1
                for i, s in zip(grp.cands, grp.base):
                    if others > 0:
                        c = g.cc[i]
                        v = cc_votes.get(c, 0.0) - (1.0 if c == own_cc else 0.0)
                        s += w["ctx_country"] * v / others
                        a = int(g.a1[i])
                        if a >= 0:
                            va = a1_votes.get(a, 0.0) - (1.0 if a == own_a1 else 0.0)
                            s += w["ctx_admin1"] * va / others
                        if pts and g.kind[i] in (CITY, ADMIN2, ADMINN):
                            la, lo = float(g.lat[i]), float(g.lon[i])
                            for pla, plo, pk in pts:
                                if pk != grp.key and abs(pla - la) < 2 and haversine_km(la, lo, pla, plo) < NEAR_KM:
                                    s += w["ctx_near"]
                                    break
                    if s > best_s:
                        best_s, best_i = s, i
                new_best[grp.key] = best_i
            for grp in live:
                grp.best = new_best[grp.key]
        for grp in live:
            grp.best = self._town_for_district(grp)
        return [groups[k].best for k in keys]

    def _town_for_district(self, grp: Group) -> int:
        """A second-order division that won under its own name gives way to the city of the same
        name in it that is big or holds most of its people ("Dhaka" is the capital, not Dhaka
        District; "Goma" the town): the division's stronger prior carried the reading against
        readings abroad."""
        g, b = self.g, grp.best
        if b < 0 or g.kind[b] != ADMIN2 or self._names(b)[0] != grp.key or g.cc[b] in CITY_OVER_DIVISION_EXCEPT:
            return b
        for i in grp.cands:
            big = int(g.pop[i]) >= CITY_OVER_DIVISION_POP or int(g.pop[i]) >= TOWN_SHARE * int(g.pop[b]) > 0
            if g.kind[i] == CITY and g.cc[i] == g.cc[b] and big \
                    and self._names(i)[0] == grp.key and (int(g.a2[i]) == b or int(g.a1[i]) == int(g.a1[b])):
                return int(i)
        return b
