"""The Geocoder: place mentions in, resolved Places out (the pipeline's and CLI's entry point)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from conflictwatch.geo.gazetteer import (
    ADMIN1,
    ADMIN2,
    ADMINN,
    CITY,
    CONTINENT,
    COUNTRY,
    Gazetteer,
    load_index,
    normalize,
)
from conflictwatch.geo.mentions import find_mentions, relative_precision
from conflictwatch.geo.resolve import Resolver, outlet_host
from conflictwatch.records import Document, Place

# ACLED geo_precision by what the place is: 1 the town itself, 3 a province or country.
_PRECISION = {CITY: 1, ADMIN1: 3, ADMIN2: 3, ADMINN: 2, COUNTRY: 3, CONTINENT: 3}
_STATE_ABBR = re.compile(
    r"\b(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Kans|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|"
    r"Mont|Neb|Nebr|Nev|Okla|Ore|Pa|Tenn|Tex|Vt|Va|Wash|Wis|Wyo|N\.[HJMYCD]|S\.[CD]|R\.I|W\.Va|D\.C)\.(?=[\s,;:)])"
)


# An outlet's home region is trusted once it has placed this many towns, and a division counts
# as home when it holds at least this share of them (chosen on LGL's local US papers, where
# same-name towns are the main error; checked on the odd-numbered articles).
OUTLET_MIN_PLACES = 3
OUTLET_MIN_SHARE = 0.2


class Geocoder:
    """Finds and resolves place mentions against the gazetteer, reading the whole article."""

    def __init__(self, gazetteer: Gazetteer, *, learn_outlets: bool = True) -> None:
        self.gaz = gazetteer
        self.resolver = Resolver(gazetteer)
        # outlet host -> first-order division -> how many of its past places lay there: a local
        # paper's home region, the prior for its one-mention stories about same-name towns
        self.learn_outlets = learn_outlets
        self._outlets: dict[str, Counter[int]] = defaultdict(Counter)
        self._capitals: dict[str, int] | None = None
        self._iso3_map: dict[str, str] | None = None
        self._by_gid: dict[int, list[int]] | None = None

    @classmethod
    def load(cls, *, cache_dir: str | None = None, learn_outlets: bool = True) -> Geocoder:
        """Load the gazetteer index (building it when missing).

        learn_outlets=False makes every document's places independent of the documents coded
        before it in the same process (batch runs that must give the same result on any worker)."""
        return cls(load_index(cache_dir), learn_outlets=learn_outlets)

    # --- public API ---
    def find_places(self, sdoc: Any, *, document: Document | None = None,
                    demonyms: bool = False) -> list[Place]:
        """Mentions found in a spaCy Doc of document.text, resolved with whole-article context.

        Demonyms ("Syrian") name an actor's country, not a place, so they are left out unless
        `demonyms` (gold sets such as LGL count them as toponyms).
        """
        text = sdoc.text
        spans = find_mentions(sdoc, self.gaz, demonyms=demonyms)
        outlet = None
        if document is not None:
            outlet = document.url or document.source
        return self._resolve(text, spans, outlet=outlet)

    def resolve(self, text: str, mentions: list[tuple[int, int]], *, sdoc: Any = None,
                document: Document | None = None) -> list[Place]:
        """Resolve given spans of text, in the same order (`document` lends its outlet as a prior)."""
        outlet = (document.url or document.source) if document is not None else None
        return self._resolve(text, [(int(s), int(e)) for s, e in mentions], outlet=outlet)

    def country(self, name_or_iso: str) -> Place | None:
        """A country's Place from its name, ISO code (2 or 3 letters) or demonym."""
        g = self.gaz
        s = name_or_iso.strip()
        iso2 = None
        if s.upper() in g.countries:
            iso2 = s.upper()
        else:
            for c, info in g.countries.items():
                if info["iso3"] == s.upper():
                    iso2 = c
                    break
        if iso2 is None:
            for i in g.index.get(normalize(s), ()):
                if g.kind[i] == COUNTRY:
                    iso2 = g.cc[i]
                    break
        if iso2 is None:
            iso2 = self._demonym_iso(s)
        if iso2 is None or iso2 not in g.countries:
            return None
        return self._place(name_or_iso, 0, len(name_or_iso), g.countries[iso2]["idx"])

    def demonym_country(self, word: str) -> str | None:
        """The country a demonym or adjective names: "Azerbaijani" -> "Azerbaijan"."""
        iso2 = self._demonym_iso(word)
        return self.gaz.country_name(iso2) if iso2 else None

    def within(self, name: str, *, iso3: str | None = None, admin1: str | None = None,
               divisions: bool = False, towns: bool = False, start: int = 0, end: int | None = None
               ) -> Place | None:
        """The reading of `name` inside a country (ISO3) and optionally a first-order division
        (by name), the most prominent first; with `divisions`, only first- and second-order
        divisions ("Kharkiv" in "the Kharkiv region"), with `towns` only towns ("the town of
        Gwoza", not the district). None when the gazetteer has no such place.

        The event coder asks this when the text places a name somewhere its article-wide reading
        is not ("Lido beach" in Mogadishu, not New York; "San Luis" in Huila, not Tolima)."""
        g = self.gaz
        key = normalize(name)
        iso2 = self._iso2(iso3) if iso3 else None
        if iso3 and iso2 is None:
            return None
        ids = set(g.index.get(key, ())) | set(self.resolver.candidates(key))
        best, best_s = -1, -1e9
        for i in ids:
            k = int(g.kind[i])
            if k in (COUNTRY, CONTINENT):
                continue
            if divisions and k not in (ADMIN1, ADMIN2):
                continue
            if towns and k != CITY:
                continue
            if iso2 and g.cc[i] != iso2:
                continue
            if admin1 and (g.a1[i] < 0 or normalize(g.names[int(g.a1[i])]) != normalize(admin1)):
                continue
            sc = self.resolver._prior(int(i), key)
            if sc > best_s:
                best, best_s = int(i), sc
        if best < 0:
            return None
        return self._place(name, start, len(name) if end is None else end, best)

    def capital(self, iso3: str, *, text: str = "", start: int = 0, end: int = 0) -> Place | None:
        """A country's national capital (GeoNames PPLC) as a Place; None when unknown."""
        if self._capitals is None:
            g = self.gaz
            caps: dict[str, int] = {}
            for i, fc in enumerate(g.fcode):
                if fc == "PPLC" and g.cc[i]:
                    caps[g.cc[i]] = i
            self._capitals = caps
        iso2 = self._iso2(iso3)
        idx = self._capitals.get(iso2) if iso2 else None
        if idx is None:
            return None
        return self._place(text or self.gaz.names[idx], start, end, idx, precision=1)

    def population(self, p: Place) -> int:
        """The gazetteer's population of a resolved place (by its geonameid and name); 0 when
        unknown."""
        if not p.geonameid:
            return 0
        if self._by_gid is None:
            by: dict[int, list[int]] = defaultdict(list)
            for i, gid in enumerate(self.gaz.gid.tolist()):
                if gid:
                    by[gid].append(i)
            self._by_gid = dict(by)
        for i in self._by_gid.get(int(p.geonameid), ()):
            if p.name is None or self.gaz.names[i] == p.name:
                return int(self.gaz.pop[i])
        return 0

    # --- internals ---
    def _iso2(self, iso3: str) -> str | None:
        if self._iso3_map is None:
            self._iso3_map = {info["iso3"]: c for c, info in self.gaz.countries.items()}
        return self._iso3_map.get(iso3.upper())

    def _demonym_iso(self, word: str) -> str | None:
        d = self.gaz.demonyms
        k = normalize(word)
        if k in d:
            return d[k]
        for suf in ("s", "es"):
            if k.endswith(suf) and k[: -len(suf)] in d:
                return d[k[: -len(suf)]]
        if k.endswith("men") and k[:-3] + "man" in d:
            return d[k[:-3] + "man"]
        return None

    def _text_context(self, text: str) -> list[int]:
        """Admin1 regions a US-style text names by abbreviation ("Lafayette, La."), as weak context."""
        out = []
        for m in _STATE_ABBR.finditer(text):
            ids = self.gaz.index.get(normalize(m.group(0)))
            if ids and len(ids) == 1:
                out.append(ids[0])
        return out

    def outlet_home(self, outlet: str | None) -> dict[int, float]:
        """The first-order divisions an outlet's past places fall in, with their shares."""
        host = outlet_host(outlet)
        votes = self._outlets.get(host) if host else None
        if not votes:
            return {}
        total = sum(votes.values())
        if total < OUTLET_MIN_PLACES:
            return {}
        return {a: n / total for a, n in votes.items() if n / total >= OUTLET_MIN_SHARE}

    def _learn(self, outlet: str | None, best: list[int]) -> None:
        host = outlet_host(outlet)
        if not host or not self.learn_outlets:
            return
        g = self.gaz
        votes = self._outlets[host]
        for b in set(best):
            if b >= 0 and g.kind[b] in (CITY, ADMIN2, ADMINN) and g.a1[b] >= 0:
                votes[int(g.a1[b])] += 1

    def _resolve(self, text: str, spans: list[tuple[int, int]], *, outlet: str | None) -> list[Place]:
        g = self.gaz
        best = self.resolver.resolve(text, spans, outlet=outlet, extra_context=self._text_context(text),
                                     home=self.outlet_home(outlet))
        self._learn(outlet, best)
        out = []
        for (s, e), b in zip(spans, best):
            t = text[s:e]
            if b < 0:
                iso2 = self._demonym_iso(t)
                if iso2 and iso2 in g.countries:
                    out.append(self._place(t, s, e, g.countries[iso2]["idx"]))
                else:
                    out.append(Place(text=t, start=s, end=e))
                continue
            out.append(self._place(t, s, e, b, precision=relative_precision(text, s, e)))
        return out

    def _place(self, t: str, start: int, end: int, idx: int, precision: int | None = None) -> Place:
        g = self.gaz
        k = int(g.kind[idx])
        base = _PRECISION.get(k, 3)
        if k not in _PRECISION:
            base = 1 if g.fcode[idx].startswith("PPL") else 3
        prec = base if precision is None else max(precision, base) if base == 3 else precision
        c = g.cc[idx]
        a1 = int(g.a1[idx])
        a2 = int(g.a2[idx])
        gid = int(g.gid[idx])
        return Place(
            text=t,
            start=start,
            end=end,
            name=g.names[idx],
            latitude=round(float(g.lat[idx]), 5),
            longitude=round(float(g.lon[idx]), 5),
            geonameid=gid or None,
            feature_code=g.fcode[idx] or None,
            country=g.country_name(c) if c else None,
            iso3=g.countries[c]["iso3"] if c in g.countries else None,
            admin1=g.names[a1] if a1 >= 0 and k != COUNTRY else None,
            admin2=g.names[a2] if a2 >= 0 else None,
            geo_precision=prec,
        )
