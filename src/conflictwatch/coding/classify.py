"""Event detection and typing: which sentences report a conflict event, and of which ACLED type.

Rules over the dependency parse plus lexicons in data files (data/coding/triggers.tsv,
data/coding/typing_context.tsv). Two spaCy Matchers, built once per vocabulary, find trigger
phrases and context words in one pass over the doc; coding/typing_rules.py then types each
trigger from the parse (who acts on whom, what was seized, is it a protest's grievance...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from conflictwatch.records import SUB_EVENT_TYPES

TRIGGERS_FILE = "triggers.tsv"
CONTEXT_FILE = "typing_context.tsv"
GROUPS_FILE = "armed_groups.tsv"
# Group aliases this short are matched only in capitals ("RSF", "ELN"), as in coding/actors.py.
ACRONYM_MAX_CHARS = 4

# Cues below this confidence are not reported: the generic violence verbs ("kill", "beat")
# score 0.35-0.45 and only pass with an armed actor or a weapon in the sentence. Chosen on the
# CASE 2021 dev set as the point where false alarms on disaster/crime/diplomacy news fell
# under 10% without losing recall on the 25 ACLED types.
MIN_CONFIDENCE = 0.45
# What erupts when "erupt" tells no volcano.
ERUPTING_STRIFE = {"clash", "fighting", "battle", "violence", "gunfire", "protest", "riot", "unrest", "skirmish"}
# "At most a few per sentence" (the coder's contract); three covers a strike plus its
# consequence plus a protest in one long sentence.
MAX_CUES_PER_SENTENCE = 3


@dataclass(frozen=True)
class Cue:
    sub_event_type: str  # ACLED sub-event type, spelled exactly (records.SUB_EVENT_TYPES keys)
    event_type: str  # its ACLED event type
    start: int  # char span of the trigger words in the doc text
    end: int
    sent_start: int  # char span of the sentence
    sent_end: int
    confidence: float  # 0..1
    negated: bool = False  # "denied any strikes took place": kept, the coder makes it a denial
    hypothetical: bool = False  # planned / threatened / would / could: not happened
    agent: tuple[int, int] | None = None  # char span of the acting side, when the parse gives it
    patient: tuple[int, int] | None = None  # char span of the side acted on


@dataclass(frozen=True)
class Trigger:
    """One lexicon row: a phrase and what it suggests."""

    phrase: str
    kind: str  # an ACLED sub-event type, "@family" typed by typing_rules, or "@none"
    weight: float
    pos: frozenset[str]


def _read_tsv(name: str) -> list[list[str]]:
    path = resources.files("conflictwatch") / "data" / "coding" / name
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


def _expand(phrase: str) -> list[list[str]]:
    """ "a|b c" -> [["a", "c"], ["b", "c"]] (alternatives at one place)."""
    out: list[list[str]] = [[]]
    for word in phrase.split():
        out = [prev + [alt] for prev in out for alt in word.split("|")]
    return out


class _PhraseIndex:
    """Phrases matched on lemma and on lower-cased form; "*" phrases by a small token Matcher.

    PhraseMatcher is a hash lookup per token; the token Matcher evaluates its predicates per
    token and pattern, so it only gets the handful of phrases with a wildcard.
    """

    def __init__(self, vocab: Any) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.vocab = vocab
        self.by_lemma = PhraseMatcher(vocab, attr="LEMMA")
        self.by_lower = PhraseMatcher(vocab, attr="LOWER")
        self.wild = Matcher(vocab)
        self.exact = PhraseMatcher(vocab, attr="ORTH")

    def add(self, key: str, phrase: str) -> None:
        from spacy.tokens import Doc

        for words in _expand(phrase):
            if "*" in words:
                pat = [
                    {"IS_PUNCT": False} if w == "*" else {"LEMMA": {"IN": [w, w.capitalize()]}} for w in words
                ]
                self.wild.add(key, [pat])
                continue
            # The lemmatizer keeps the case of proper nouns ("IED", sentence-initial tags), and of a
            # sentence's first word ("Suicide bombings killed ...": "Suicide" then "bombing").
            variants = {tuple(words), tuple(w.capitalize() for w in words), tuple(w.upper() for w in words),
                        (words[0].capitalize(), *words[1:])}
            self.by_lemma.add(key, [Doc(self.vocab, words=list(v), lemmas=list(v)) for v in sorted(variants)])
            self.by_lower.add(key, [Doc(self.vocab, words=words)])

    def add_exact(self, key: str, text: str) -> None:
        """A phrase matched only as written (acronyms: "RSF", not "rsf")."""
        from spacy.tokens import Doc

        self.exact.add(key, [Doc(self.vocab, words=text.split())])

    def __call__(self, doc: Any) -> set[tuple[int, int, int]]:
        found = set(self.by_lemma(doc)) | set(self.by_lower(doc))
        if len(self.exact):
            found |= set(self.exact(doc))
        if len(self.wild):
            found |= set(self.wild(doc))
        return found


class Lexicon:
    """Triggers and context words compiled into spaCy matchers for one vocabulary."""

    def __init__(self, vocab: Any) -> None:
        self.triggers: list[Trigger] = []
        for row in _read_tsv(TRIGGERS_FILE):
            phrase, kind, weight = row[0].strip(), row[1].strip(), float(row[2])
            pos = frozenset(p for p in (row[3].split(",") if len(row) > 3 else []) if p)
            if not kind.startswith("@") and kind not in SUB_EVENT_TYPES:
                raise ValueError(f"{TRIGGERS_FILE}: unknown sub-event type {kind!r}")
            self.triggers.append(Trigger(phrase, kind, weight, pos))
        self.trigger_matcher = _PhraseIndex(vocab)
        self._trigger_of: dict[int, int] = {}
        for i, trig in enumerate(self.triggers):
            key = f"cw_trigger_{i}"
            self.trigger_matcher.add(key, trig.phrase)
            self._trigger_of[vocab.strings[key]] = i

        self.context_matcher = _PhraseIndex(vocab)
        self._class_of: dict[int, str] = {}
        self._context_pos: dict[int, frozenset[str]] = {}
        known: set[str] = set()
        for row in _read_tsv(CONTEXT_FILE):
            phrase, cls = row[0].strip(), row[1].strip()
            pos = frozenset(p for p in (row[2].split(",") if len(row) > 2 else []) if p)
            known.update(" ".join(w) for w in _expand(phrase))
            # a phrase limited to some parts of speech gets a key of its own ("storm" the noun is
            # a disaster, "stormed" the verb is an assault)
            key = f"cw_ctx_{cls}" + (f"_{'_'.join(sorted(pos))}" if pos else "")
            self.context_matcher.add(key, phrase)
            self._class_of[vocab.strings[key]] = cls
            if pos:
                self._context_pos[vocab.strings[key]] = pos
        self._add_armed_groups(vocab, known)
        self.prefilter = _prefilter_regex(self.triggers)

    def _add_armed_groups(self, vocab: Any, known: set[str]) -> None:
        """The coder's armed-group list (data/coding/armed_groups.tsv) as actor context words:
        "RSF attacks" has an armed side even when no generic word ("militants") says so. A name
        the context file already classes keeps its class there ("taliban": nonstate)."""
        for row in _read_tsv(GROUPS_FILE):
            if len(row) < 3:
                continue
            cls = "state" if row[2].strip() == "1" else "nonstate"
            key = f"cw_ctx_{cls}"
            self._class_of[vocab.strings[key]] = cls
            for alias in row[0].split("|"):
                alias = alias.strip().replace("-", " - ")
                if alias.lower() in known:
                    continue
                if len(alias) <= ACRONYM_MAX_CHARS and " " not in alias:
                    self.context_matcher.add_exact(key, alias.upper())
                else:
                    self.context_matcher.add(key, alias)

    def trigger(self, match_id: int) -> Trigger:
        return self.triggers[self._trigger_of[match_id]]

    def context_class(self, match_id: int) -> str:
        return self._class_of[match_id]

    def context_fits(self, match_id: int, span: Any) -> bool:
        """Does a context match hold where it was found? A phrase with a part-of-speech limit
        must end on one; a sports word inside a proper name ("Awami League", "Arab League") is
        part of the name, not a game."""
        pos = self._context_pos.get(match_id)
        if pos and span[-1].pos_ not in pos:
            return False
        if self._class_of[match_id] == "sport" and len(span) == 1 and span[0].pos_ == "PROPN" \
                and span[0].ent_type_ in ("ORG", "NORP", "FAC", "GPE", "EVENT", "PERSON"):
            return False
        if self._class_of[match_id] == "disaster" and span[-1].lemma_.lower() == "erupt" and any(
                c.dep_ == "nsubj" and c.lemma_.lower() in ERUPTING_STRIFE for c in span[-1].children):
            return False  # "clashes erupted": fighting, not a volcano
        return True


def _prefilter_regex(triggers: list[Trigger]) -> re.Pattern[str]:
    # Word stems of every trigger's first word: a stem without a final "e" matches the
    # inflections ("seize" -> seiz-ed, seiz-ing). Generous on purpose: it only skips parsing.
    stems = set()
    for t in triggers:
        if t.kind == "@none":
            continue
        for alt in t.phrase.split()[0].split("|"):
            if alt != "*" and len(alt) > 2:
                stems.add(alt[:-1] if alt.endswith("e") and len(alt) > 4 else alt)
    alternation = "|".join(sorted((re.escape(s) for s in stems), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})", re.IGNORECASE)


@lru_cache(maxsize=4)
def _lexicon_for(vocab: Any) -> Lexicon:
    return Lexicon(vocab)


def load_lexicon(vocab: Any) -> Lexicon:
    """The compiled lexicon for a spaCy vocabulary (built once, then cached)."""
    return _lexicon_for(vocab)


@lru_cache(maxsize=1)
def _prefilter() -> re.Pattern[str]:
    triggers = []
    for row in _read_tsv(TRIGGERS_FILE):
        triggers.append(Trigger(row[0].strip(), row[1].strip(), float(row[2]), frozenset()))
    return _prefilter_regex(triggers)


def might_report_event(text: str) -> bool:
    """Cheap lexical test: False means no trigger word occurs, so parsing can be skipped."""
    return bool(_prefilter().search(text))


def detect_events(sdoc: Any) -> list[Cue]:
    """Cues for the sentences of a parsed doc that report a conflict or political-violence event.

    In text order; at most MAX_CUES_PER_SENTENCE per sentence, each sentence's best first.
    """
    from conflictwatch.coding.typing_rules import SentenceContext, resolve_sentence

    lex = load_lexicon(sdoc.vocab)
    trig_by_sent: dict[int, list[tuple[int, int, Trigger]]] = {}
    ctx_by_sent: dict[int, dict[str, set[int]]] = {}
    sents = list(sdoc.sents)
    sent_of = [0] * len(sdoc)
    for si, s in enumerate(sents):
        for i in range(s.start, s.end):
            sent_of[i] = si
    for match_id, start, end in lex.trigger_matcher(sdoc):
        trig = lex.trigger(match_id)
        if trig.pos and sdoc[end - 1].pos_ not in trig.pos:
            continue
        trig_by_sent.setdefault(sent_of[start], []).append((start, end, trig))
    civilian_phrases: dict[int, set[int]] = {}
    for match_id, start, end in lex.context_matcher(sdoc):
        if not lex.context_fits(match_id, sdoc[start:end]):
            continue
        cls = lex.context_class(match_id)
        bucket = ctx_by_sent.setdefault(sent_of[start], {}).setdefault(cls, set())
        bucket.update(range(start, end))
        if cls == "civilian" and end - start > 1:
            civilian_phrases.setdefault(sent_of[start], set()).update(range(start, end))
    for si, classes in ctx_by_sent.items():
        # a "mask" phrase says its words mean nothing here ("warning shots" threaten no one)
        masked = classes.pop("mask", set())
        if masked:
            for cls in classes:
                classes[cls] -= masked
    for classes in ctx_by_sent.values():
        # the words of a mishap name no armed side: "fire fighters" are no fighters
        mishap_words = classes.get("accident", set()) | classes.get("disaster", set())
        for cls in ("state", "nonstate", "armed_target"):
            if mishap_words and cls in classes:
                classes[cls] -= mishap_words
    for si, toks in civilian_phrases.items():
        # "a displacement camp", "a refugee camp": the longer phrase says who was there
        armed = ctx_by_sent[si].get("armed_target")
        if armed:
            armed -= toks

    cues: list[Cue] = []
    mishap = False  # an explosion the text has told as an accident or a disaster
    for si in sorted(trig_by_sent):
        sent = sents[si]
        classes = ctx_by_sent.get(si, {})
        blasts = [end - 1 for _, end, trig in trig_by_sent[si] if trig.kind == "@explosion"]
        armed = bool(classes.get("state") or classes.get("nonstate"))
        told = bool(classes.get("accident") or classes.get("disaster"))
        if mishap and not armed and not told:
            # "The blasts killed at least 50 people": the explosions told just before, the same mishap
            again = {i for i in blasts if _definite(sdoc[i])}
            if again:
                classes = {**classes, "accident": again}
        if blasts and told and not armed:
            mishap = True
        ctx = SentenceContext(sent, classes)
        mentions = _longest_first(trig_by_sent[si])
        typed = resolve_sentence(ctx, mentions)
        typed.sort(key=lambda c: -c.confidence)
        seen: set[tuple[str, bool, bool]] = set()
        kept = []
        for c in typed:
            key = (c.sub_event_type, c.negated, c.hypothetical)
            if c.confidence < MIN_CONFIDENCE or key in seen:
                continue
            seen.add(key)
            kept.append(c)
        cues.extend(kept[:MAX_CUES_PER_SENTENCE])
    return cues


def _definite(tok: Any) -> bool:
    """A noun told as already known: "the blasts", "these explosions", "the factory's explosion"."""
    return any((c.dep_ == "det" and c.lower_ in ("the", "these", "those", "this", "that")) or c.dep_ == "poss"
               for c in tok.children)


def _longest_first(matches: list[tuple[int, int, Trigger]]) -> list[tuple[int, int, Trigger]]:
    """Overlapping trigger matches -> the longest (then strongest) wins; "@none" blocks."""
    matches = sorted(matches, key=lambda m: (-(m[1] - m[0]), -m[2].weight, m[0]))
    taken: set[int] = set()
    out = []
    for start, end, trig in matches:
        if any(i in taken for i in range(start, end)):
            continue
        taken.update(range(start, end))
        if trig.kind != "@none":
            out.append((start, end, trig))
    out.sort(key=lambda m: m[0])
    return out
