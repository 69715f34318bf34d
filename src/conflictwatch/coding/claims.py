"""Who says so: attributions in a sentence ("the Armenian defence ministry said", "according to
local officials", "X denied") with the verb's own stance. Whether a source acknowledges (it is the
accused side) or disputes is settled later, against the event's actors (assemble.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conflictwatch.coding.actors import data_rows

# Pronoun subjects that point back to the previous source ("It said", "They denied").
PRONOUNS = frozenset({"it", "they", "he", "she", "we"})
# Subject dependencies of a reporting verb, active and passive ("was quoted as saying" is rare).
SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Nouns after "claim(ed)" that turn it into an admission ("claimed responsibility for").
ADMISSION_OBJECTS = frozenset({"responsibility", "credit"})
# Objects that make "put/place/estimate/give" a statement of a figure ("put the death toll at three").
FIGURE_OBJECTS = frozenset({"toll", "figure", "number", "count", "tally", "casualty", "casualties"})
# Leading words dropped from a source's name ("the Armenian defence ministry" -> "Armenian defence ministry").
DROP_LEADING = frozenset({"the", "a", "an"})


@dataclass(frozen=True)
class Attribution:
    source: str
    source_start: int
    source_end: int
    source_root: int  # token index of the source's head noun
    verb: str  # lemma
    verb_i: int
    stance: str  # the verb's own stance (asserts | denies | acknowledges | disputes)
    start: int  # the statement: the sentence
    end: int
    negated: bool = False
    self_report: bool = False  # "said it had staged ...": the source speaks of its own act


class ClaimReader:
    def __init__(self) -> None:
        rows = data_rows("reporting_verbs.tsv")
        self.verbs: dict[str, str] = {r[0]: r[1] for r in rows}
        self.figure_only: set[str] = {r[0] for r in rows if len(r) > 2 and r[2] == "figure"}

    def attributions(self, sent: Any, previous: Attribution | None = None) -> list[Attribution]:
        """Every attributed statement in one sentence; `previous` resolves "it said"."""
        out: list[Attribution] = []
        s_start, s_end = sent.start_char, _trim_end(sent)
        for tok in sent:
            if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
                to = tok.doc[tok.i + 1]
                pobj = next((c for c in to.children if c.dep_ == "pobj"), None) or next(
                    (c for c in tok.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                src = _phrase(pobj)
                out.append(Attribution(_name(src), src.start_char, src.end_char, pobj.i, "according to",
                                       tok.i, "asserts", s_start, s_end))
                continue
            if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBN", "VBG", "VB"):
                continue
            lemma = tok.lemma_.lower()
            stance = self.verbs.get(lemma)
            if stance is None:
                continue
            if lemma in self.figure_only and not any(
                    c.dep_ == "dobj" and c.lemma_.lower() in FIGURE_OBJECTS for c in tok.children):
                continue  # "put" a figure ("put the death toll at three"), not "put pressure on"
            subj = next((c for c in tok.children if c.dep_ in SUBJECT_DEPS), None)
            if subj is None and tok.dep_ in ("advcl", "conj", "xcomp") and tok.tag_ == "VBG":
                # "..., saying it had staged": the subject is the main clause's
                subj = next((c for c in tok.head.children if c.dep_ in SUBJECT_DEPS), None)
            if subj is None and tok.dep_ == "conj":
                subj = next((c for c in tok.head.children if c.dep_ in SUBJECT_DEPS), None)
            if subj is None:
                continue
            if lemma in ("say", "tell", "add", "note", "write", "post", "call", "warn", "describe") \
                    and not _has_content(tok):
                continue  # "called on X to exercise restraint" needs an object clause or a framing object
            if lemma == "call" and any(c.dep_ == "prep" and c.lower_ == "on" for c in tok.children):
                continue
            if subj.lower_ in PRONOUNS and previous is not None:
                name, s0, s1, root = previous.source, previous.source_start, previous.source_end, previous.source_root
            elif subj.lower_ in PRONOUNS:
                continue
            else:
                src = _phrase(subj)
                name, s0, s1, root = _name(src), src.start_char, src.end_char, subj.i
            if lemma == "claim" and any(c.lemma_.lower() in ADMISSION_OBJECTS for c in tok.children):
                stance = "acknowledges"
            negated = any(c.dep_ == "neg" for c in tok.children)
            if negated and stance in ("asserts", "acknowledges"):
                stance = "denies" if lemma in ("confirm", "acknowledge", "admit", "claim") else stance
            out.append(Attribution(name, s0, s1, root, lemma, tok.i, stance, s_start, s_end, negated,
                                   _self_report(tok, subj)))
        return out


def _has_content(verb: Any) -> bool:
    return any(c.dep_ in ("ccomp", "dobj", "oprd", "xcomp", "parataxis") for c in verb.children) or \
        verb.dep_ in ("parataxis",) or any(c.dep_ == "ccomp" for c in verb.head.children if verb.dep_ == "ROOT")


def _self_report(verb: Any, subj: Any) -> bool:
    """ "X said it had staged ..." / "X said its forces ...": the claim is about the source's own act."""
    for c in verb.children:
        if c.dep_ in ("ccomp", "xcomp"):
            for s in c.children:
                if s.dep_ in SUBJECT_DEPS and s.lower_ in ("it", "we", "they"):
                    return True
                if s.dep_ in SUBJECT_DEPS and any(p.lower_ in ("its", "our", "their") for p in s.children):
                    return True
    return False


def _phrase(tok: Any) -> Any:
    """The noun phrase of a source, without relative clauses or trailing appositions."""
    doc = tok.doc
    left = tok.left_edge.i
    right = tok.i
    for c in tok.rights:
        if c.dep_ in ("compound", "prep") and c.lower_ not in ("who", "which"):
            if c.dep_ == "prep" and c.lower_ not in ("of", "in", "for"):
                break
            right = c.right_edge.i
        else:
            break
    return doc[left:right + 1]


def _name(span: Any) -> str:
    words = [t for t in span if not t.is_punct or t.text in ("'s", "-")]
    while words and words[0].lower_ in DROP_LEADING:
        words = words[1:]
    if not words:
        return span.text
    return span.doc[words[0].i:words[-1].i + 1].text


def _trim_end(sent: Any) -> int:
    """The sentence's end, without trailing whitespace tokens."""
    toks = [t for t in sent if not t.is_space]
    return toks[-1].idx + len(toks[-1]) if toks else sent.end_char
