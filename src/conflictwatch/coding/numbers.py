"""Casualty counts: "Four were killed", "at least 30 people died", "dozens wounded".

A count is found from spaCy's like_num tokens plus a small word map (data/coding/number_words.tsv),
widened by qualifiers ("at least", "up to"); it is tied to killed/injured through the dependency
parse, by way of the victim noun when there is one ("two soldiers and a civilian were killed").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from conflictwatch.coding.actors import data_rows
from conflictwatch.records import Range

# Entity labels whose numbers are never head counts ("30-year-long", "$5", "3 pm", "10 km").
NOT_COUNT_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"})
# Qualifiers before a number and what they do to it; "more than 100" keeps 100 as the floor,
# as ACLED records it (its conservative figure is the number the source states).
LOWER_BOUND = ("at least", "more than", "over", "upwards of", "no fewer than", "no less than", "in excess of")
UPPER_BOUND = ("up to", "as many as", "at most", "fewer than", "less than", "nearly", "almost", "close to")
APPROX = ("about", "around", "some", "approximately", "roughly", "an estimated", "estimated")
# How far (tokens) a casualty word may sit from a count the parse did not link ("five soldiers dead").
NEAR_WINDOW = 3
# Verbs whose subject tells of a toll, not one of its dead.
SPEAKING = frozenset({"say", "tell", "report", "announce", "state", "add", "confirm", "deny", "allege", "claim",
                      "quote", "accuse", "blame", "warn", "describe", "estimate", "count", "put"})
# Transitive casualty verbs: their active subject is the perpetrator, never the count of victims.
ACTIVE_KILLERS = frozenset({"kill", "murder", "lynch", "massacre", "slay", "execute", "behead", "injure", "wound",
                            "maim", "hurt", "stab", "shoot", "claim"})
ZERO_WORDS = frozenset({"no", "nobody", "none", "without"})
# Nouns that count casualties of both kinds ("no casualties"); of one kind they are in casualty_words.
BOTH_KINDS = frozenset({"casualty"})
# Determiners that make a singular noun no count of one ("no soldier", "each victim").
SINGULAR_NOT_ONE = frozenset({"no", "each", "every", "any", "another", "other"})
# "N of them", "N of whom": a part of a count already given, never a toll of its own.
SUBSET_PRONOUNS = frozenset({"them", "whom", "those", "these"})


@dataclass(frozen=True)
class Count:
    low: int
    best: int
    high: int
    acled: int
    start: int  # character span of the number phrase, qualifiers included
    end: int
    first: int  # token indices of the number phrase
    last: int


@dataclass(frozen=True)
class Casualty:
    """A count tied to deaths or injuries; victim is the lemma of the noun counted, if any."""

    kind: str  # "killed" | "injured"
    low: int
    best: int
    high: int
    acled: int
    start: int  # evidence span: the count through the casualty word
    end: int
    victim: str | None
    victim_i: int | None
    verb_i: int | None  # token the count hangs on; counts sharing it add up
    # One person named without a number ("Regime soldier killed", "Police kill suspected gunman"):
    # a toll of one, used only where the event has no count of its own (`combine`).
    implicit: bool = False


class NumberReader:
    """Reads counts and casualties from parsed sentences; the word lists are loaded once."""

    def __init__(self, person_nouns: set[str]) -> None:
        self.words: dict[str, tuple[int, int, int, int]] = {
            r[0]: (int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in data_rows("number_words.tsv")
        }
        self.casualty: dict[str, str] = {r[0]: r[1] for r in data_rows("casualty_words.tsv")}
        self.person_nouns = person_nouns

    # -- counts -------------------------------------------------------------------------------
    def _is_numberish(self, t: Any) -> bool:
        if t.ent_type_ in NOT_COUNT_ENTS and not (t.ent_type_ == "DATE" and self._counts_people(t)):
            return False
        return bool(t.like_num) or t.lower_ in self.words

    def _counts_people(self, t: Any) -> bool:
        """A number the tagger read as a date that counts people all the same: "between 10 and 15
        people" (the tagger's DATE) has both numbers on "people"."""
        node = t.head if t.dep_ == "conj" and t.head.like_num else t
        return bool(t.like_num) and node.dep_ == "nummod" and (
            self._is_person(node.head) or self._kind(node.head) is not None)

    def counts(self, sent: Any) -> list[Count]:
        toks = [t for t in sent]
        out: list[Count] = []
        i = 0
        while i < len(toks):
            t = toks[i]
            if not self._is_numberish(t) or (t.lower_ == "one" and i > 0 and toks[i - 1].lower_ == "no"):
                i += 1
                continue
            j = i
            # a run: "twenty - five", "one hundred and twenty", "two dozen"
            while j + 1 < len(toks):
                n = toks[j + 1]
                if self._is_numberish(n) and n.lower_ not in ("a", "an"):
                    j += 1
                elif n.text == "-" and j + 2 < len(toks) and self._is_numberish(toks[j + 2]) or n.lower_ == "and" and toks[j].lower_ in ("hundred", "thousand") and j + 2 < len(toks) \
                        and toks[j + 2].like_num:
                    j += 2
                else:
                    break
            run = toks[i:j + 1]
            value = self._value(run)
            if value is not None:
                c = self._qualify(toks, i, j, value)
                if c is not None:
                    out.append(c)
                    # A range ("10 to 15") ends at its second number: that one is not a count again.
                    j = max(j, c.last - sent.start)
            i = j + 1
        return out

    def _value(self, run: Sequence[Any]) -> tuple[int, int, int, int] | None:
        words = [t.lower_ for t in run if t.text != "-"]
        if len(words) == 1 and words[0] in self.words:
            return self.words[words[0]]
        # "a dozen", "two dozen", "three score": a multiplier before a vague unit word
        if len(words) == 2 and words[1] in ("dozen", "score"):
            unit = self.words[words[1]][1]
            m = self.words.get(words[0], (0, 0, 0, 0))[1] or _parse_int(words[0])
            if m:
                return (m * unit,) * 4
        if words and words[-1] in self.words and len(words) > 1:
            words = words[:-1]  # "two hundreds" never happens; "thousands of" handled above
        n = _parse_int(" ".join(words))
        if n is None:
            return None
        return (n, n, n, n)

    def _qualify(self, toks: Sequence[Any], i: int, j: int, v: tuple[int, int, int, int]) -> Count | None:
        low, best, high, acled = v
        start = i
        before = " ".join(t.lower_ for t in toks[max(0, i - 3):i])
        # "between 10 and 15", "10 to 15", "10-15" -> one range
        if j + 2 < len(toks) and toks[j + 1].lower_ in ("to", "and", "-") and toks[j + 2].like_num \
                and (toks[j + 1].lower_ != "and" or before.endswith("between")):
            hi = _parse_int(toks[j + 2].text)
            if hi is not None and hi > best:
                if before.endswith("between"):
                    start = i - 1
                return Count(best, best, hi, best, toks[start].idx, toks[j + 2].idx + len(toks[j + 2]),
                             toks[i].i, toks[j + 2].i)
        if before.endswith("in the") and toks[i].lower_ in self.words and best > acled:
            # "in the hundreds": anywhere from the round number up, so ACLED's figure is the floor
            low = best = acled
            start = i - 2
        for q in LOWER_BOUND + UPPER_BOUND + APPROX:
            if before.endswith(q) and (len(before) == len(q) or before[-len(q) - 1] == " "):
                start = i - len(q.split())
                if q in UPPER_BOUND:
                    low = min(low, best)
                break
        t = toks[i]
        if t.lower_ in ("a", "an", "one", "single", "lone", "both", "couple", "pair"):
            # "a" and "one" count people only: "a soldier", "one injured", not "a statement"
            noun = self._counted_noun(t, toks[j])
            if t.lower_ in ("a", "an") and (noun is None or not self._is_person(noun)):
                return None
        end_tok = toks[j]
        return Count(low, best, high, acled, toks[start].idx, end_tok.idx + len(end_tok), toks[start].i, end_tok.i)

    def _is_person(self, noun: Any) -> bool:
        lemma = noun.lemma_.lower()
        # "Nine Taleban", "six Albanians", "33 rebel Kurds": a people or group counts its members
        return lemma in self.person_nouns or lemma.rstrip("s") in self.person_nouns or noun.ent_type_ == "NORP"

    def _counted_noun(self, first: Any, last: Any) -> Any | None:
        """The noun a number counts: "four soldiers", "four of its soldiers", "dozens of people"."""
        if last.dep_ in ("nummod", "quantmod", "det", "amod", "compound") and last.head.pos_ in ("NOUN", "PROPN"):
            return last.head
        if first.dep_ in ("nummod", "quantmod", "det", "amod") and first.head.pos_ in ("NOUN", "PROPN"):
            return first.head
        for c in last.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN"):
                        return p
        return None

    # -- casualties ---------------------------------------------------------------------------
    def casualties(self, sent: Any) -> list[Casualty]:
        out: list[Casualty] = []
        counts = self.counts(sent)
        for c in counts:
            cas = self._link(sent, c)
            if cas is not None:
                out.append(cas)
        out.extend(self._zeros(sent))
        counted = {i for c in counts for i in range(c.first, c.last + 1)}
        out.extend(self._singulars(sent, counted, {m.victim_i for m in out}))
        return out

    def _singulars(self, sent: Any, counted: set[int], victims: set[int | None]) -> list[Casualty]:
        """One person killed or hurt, named without a number: "Regime soldier killed", "Israeli
        drone's rocket kills Palestinian", "Police kill suspected gunman". ("A man was shot dead"
        is already a count: "a" is one.)"""
        out: list[Casualty] = []
        for tok in sent:
            if tok.tag_ not in ("NN", "NNP") or tok.i in victims or tok.dep_ not in (
                    "nsubj", "nsubjpass", "dobj", "conj", "ROOT"):
                continue
            if not self._is_person(tok) or self._kind(tok) is not None:
                continue
            if any(c.i in counted or c.dep_ in ("nummod", "quantmod") or c.lower_ in SINGULAR_NOT_ONE
                   for c in tok.children):
                continue  # "two soldiers", "no soldier", "each soldier": not one person
            if tok.dep_ == "conj" and tok.head.i in counted:
                continue
            kind, verb = self._kind_of_anchor(tok, tok)
            if kind is None or verb is None:
                continue
            s, e = min(tok.idx, verb.idx), max(tok.idx + len(tok), verb.idx + len(verb))
            out.append(Casualty(kind, 1, 1, 1, 1, s, e, tok.lemma_.lower(), tok.i, verb.i, implicit=True))
        return out

    def _kind(self, tok: Any) -> str | None:
        lemma = tok.lemma_.lower()
        kind = self.casualty.get(lemma) or self.casualty.get(tok.lower_)
        if kind is None:
            return None
        if lemma == "lose" and not any(c.lemma_.lower() == "life" for c in tok.children):
            return None  # "lost ground" is not a death; "lost their lives" is
        if lemma == "claim" and not any(c.lemma_.lower() == "life" for c in tok.children):
            return None
        return kind

    def _link(self, sent: Any, c: Count) -> Casualty | None:
        doc = sent.doc
        first, last = doc[c.first], doc[c.last]
        noun = self._counted_noun(first, last)
        if noun is not None and not self._is_person(noun) and self._kind(noun) is None:
            return None  # "two attacks", "three villages": not people
        if noun is not None and noun.dep_ == "nsubj" and noun.head.lemma_.lower() in ACTIVE_KILLERS \
                and not _headline_passive(noun.head):
            return None  # "a mob lynched ...": the perpetrators, not the victims
        if noun is not None and noun.dep_ == "nsubj" and noun.head.lemma_.lower() in SPEAKING:
            return None  # "two officials said 10 people were killed": who told it, not who died
        if self._subset(doc, c, noun):
            return None
        anchor = noun if noun is not None else last
        kind, verb = self._kind_of_anchor(anchor, last)
        if kind is None:
            # "five soldiers dead", "killing 5": a casualty word right next to the count
            lo, hi = max(sent.start, c.first - NEAR_WINDOW), min(sent.end, anchor.i + NEAR_WINDOW + 1)
            # the word after the count first: "12 people were killed and 43 wounded" wounds 43
            after = list(doc[c.last + 1:hi])
            before = list(reversed(doc[lo:c.first]))
            for t in after + before:
                k = self._kind(t)
                if k:
                    kind, verb = k, t
                    break
        if kind is None or verb is None:
            return None
        s, e = min(c.start, verb.idx), max(c.end, verb.idx + len(verb))
        victim = noun.lemma_.lower() if noun is not None and self._kind(noun) is None else None
        return Casualty(kind, c.low, c.best, c.high, c.acled, s, e, victim,
                        noun.i if noun is not None else None, verb.i)

    def _subset(self, doc: Any, c: Count, noun: Any) -> bool:
        """A part of a toll told before: "seven of them children", "ten of the bodies", "14 children
        were among the dead"."""
        nxt = [t.lower_ for t in doc[c.last + 1:c.last + 4]]
        if nxt[:1] == ["of"] and len(nxt) > 1 and (nxt[1] in SUBSET_PRONOUNS or (
                nxt[1] == "the" and len(nxt) > 2 and self.casualty.get(doc[c.last + 3].lemma_.lower()))):
            return True
        head = (noun if noun is not None else doc[c.last]).head
        return head.lemma_ == "be" and any(ch.dep_ == "prep" and ch.lower_ == "among" for ch in head.children)

    def _kind_of_anchor(self, anchor: Any, num: Any) -> tuple[str | None, Any | None]:
        # the noun itself counts casualties: "30 deaths", "12 bodies", "12 lives"
        k = self._kind(anchor) if anchor is not num else None
        if k and anchor.pos_ == "NOUN":
            return k, anchor
        # a modifier on the count or the noun: "one injured", "12 dead", "people wounded"
        for tok in (num, anchor):
            for ch in tok.children:
                if ch.dep_ in ("amod", "acl", "acomp", "oprd", "appos", "relcl", "advcl") and self._kind(ch):
                    return self._kind(ch), ch
        # up the tree: subject or object of a casualty verb, through coordination
        node = anchor
        while node.dep_ == "conj" and node.head.pos_ in ("NOUN", "PROPN", "NUM"):
            node = node.head
        if node.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "conj", "appos", "npadvmod", "pobj"):
            head = node.head
            if node.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("to", "at", "in"):
                # "the death toll rose to 30", "the toll stands at 12", "the toll is in the hundreds"
                verb = head.head
                for ch in verb.children:
                    if ch.dep_ not in ("nsubj", "nsubjpass", "dobj"):
                        continue
                    if self._kind(ch):
                        return self._kind(ch), ch
                    if ch.lemma_.lower() in ("number", "count"):
                        # "the number of people killed has risen to 18": the casualty word in it
                        for t in ch.subtree:
                            if t.i != ch.i and self._kind(t):
                                return self._kind(t), t
                return None, None
            if node.dep_ == "pobj":
                return None, None
            if node.dep_ == "nsubj" and head.lemma_.lower() in ACTIVE_KILLERS and not _headline_passive(head):
                return None, None  # "a mob lynched two men": the subject did the killing
            k = self._kind(head)
            if k:
                return k, head
            # "leaving 12 people dead": the result adjective hangs on the verb
            for ch in head.children:
                if ch.dep_ in ("oprd", "acomp", "ccomp", "xcomp") and self._kind(ch):
                    return self._kind(ch), ch
        return None, None

    def _zeros(self, sent: Any) -> list[Casualty]:
        """ "No casualties", "no one was killed", "nobody was hurt", "no injuries were reported"."""
        out: list[Casualty] = []
        for t in sent:
            if t.lower_ not in ZERO_WORDS and not (t.lower_ == "one" and t.i > 0 and t.doc[t.i - 1].lower_ == "no"):
                continue
            if t.lower_ == "no" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "one":
                continue  # handled at "one"
            target = t.head if t.dep_ in ("det", "neg", "nummod", "amod") else t
            if t.lower_ == "without":
                target = next((c for c in t.children if c.dep_ == "pobj"), t)
            kinds: list[tuple[str, Any]] = []
            lemma = target.lemma_.lower()
            if lemma in BOTH_KINDS:
                kinds = [("killed", target), ("injured", target)]
            elif self._kind(target) and target.pos_ == "NOUN":
                kinds = [(self._kind(target) or "", target)]
            else:
                k, verb = self._kind_of_anchor(target, t)
                if k is None and target.head is not None:
                    k, verb = (self._kind(target.head), target.head) if self._kind(target.head) else (None, None)
                if k:
                    kinds = [(k, verb)]
            for kind, w in kinds:
                s, e = min(t.idx, w.idx), max(t.idx + len(t), w.idx + len(w))
                out.append(Casualty(kind, 0, 0, 0, 0, s, e, None, None, w.i))
        return out


def _headline_passive(verb: Any) -> bool:
    """A headline's passive without its "were": "Three Turkish soldiers killed in Kurdish militant
    attack". The tagger makes the victims the subject of an active verb; an active "killed" has
    its object, and this one has none (an attribution after a colon or dash is not one)."""
    if verb.tag_ not in ("VBD", "VBN") or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    for c in verb.children:
        if c.dep_ == "dobj":
            between = verb.doc[verb.i + 1:c.i]
            if not any(t.text in (":", "-", "\u2013", "\u2014") for t in between):
                return False
    return True


@lru_cache(maxsize=4096)
def _parse_int(text: str) -> int | None:
    t = text.replace(",", "").strip()
    if t.isdecimal():  # isdigit() admits '¹', which int() refuses
        return int(t)
    try:
        from number_parser import parse_number
    except ImportError:  # the declared dependency; without it only digits and the word map work
        return None
    try:
        v = parse_number(t)
    except (ValueError, IndexError, KeyError):
        return None
    return int(v) if isinstance(v, (int, float)) and v >= 0 else None


def combine(mentions: Sequence[Casualty]) -> tuple[Range | None, int, list[Casualty]]:
    """One kind's mentions in one event -> (range, ACLED figure, mentions used).

    Counts of different victims in one sentence add up ("two soldiers and a civilian"); the same
    toll told again or by another source widens the range instead.
    """
    explicit = [m for m in mentions if not m.implicit]
    if explicit:
        mentions = explicit  # a count told wins over one person named ("a soldier was among them")
    if not mentions:
        return None, 0, []
    reports: list[tuple[int, int, int, int]] = []
    for ms in _split_reports(mentions):
        low = sum(m.low for m in ms)
        best = sum(m.best for m in ms)
        high = sum(m.high for m in ms)
        acled = sum(m.acled for m in ms)
        reports.append((low, best, high, acled))
    positive = [r for r in reports if r[1] > 0]
    if positive:
        reports = positive
    low = min(r[0] for r in reports)
    high = max(r[2] for r in reports)
    best = min(max(reports[0][1], low), high)
    acled = min(r[3] for r in reports)
    return Range(low, best, high), acled, list(mentions)


def _split_reports(mentions: Sequence[Casualty]) -> list[list[Casualty]]:
    """Mentions that add up (distinct victims close together) form one report; others are separate reports."""
    reports: list[list[Casualty]] = []
    for m in mentions:
        if reports:
            last = reports[-1]
            same_clause = abs(m.start - last[-1].end) < 80
            distinct = m.victim is not None and all(x.victim is not None and x.victim != m.victim for x in last)
            if same_clause and distinct and m.best > 0:
                last.append(m)
                continue
        reports.append([m])
    return reports
