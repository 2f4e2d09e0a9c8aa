"""Lemma and part of speech per token, through camel-tools' morphological analyser.

camel-tools' databases (``camel_data -i morphology-db-msa-r13``) and its MLE
disambiguator are downloads; offline installs have neither. :func:`load_morphology`
returns ``None`` and says why when nothing is installed, and the pipeline carries on
with empty ``lemma``/``pos``. When a database is there, the real camel-tools code
loads it (``MorphologyDB``, ``Analyzer``, ``MLEDisambiguator``); each distinct word is
analysed once per process, however many times and shards it occurs in.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import polars as pl

MORPHOLOGY_SCHEMA = pl.Schema({"lemma": pl.String, "pos": pl.String})
_ARABIC_LETTER = r"[\x{0621}-\x{064A}\x{0671}-\x{06D3}]"


class Morphology:
    """A camel-tools analyser (and disambiguator, if installed) with a per-word cache.

    Parameters
    ----------
    analyzer
        ``camel_tools.morphology.analyzer.Analyzer`` or anything with ``analyze(word)``
        returning camel-tools analysis dicts (``lex``, ``pos``, ...).
    disambiguator
        Optional ``camel_tools.disambig.mle.MLEDisambiguator``; without it the analysis
        with the highest ``pos_lex_logprob`` (or the first) is taken.
    name
        What was loaded, for logs.
    """

    def __init__(self, analyzer, disambiguator=None, name: str = "") -> None:
        self.analyzer = analyzer
        self.disambiguator = disambiguator
        self.name = name
        self._cache: dict[str, tuple[str | None, str | None]] = {}

    def analyze(self, word: str) -> tuple[str | None, str | None]:
        """``(lemma, pos)`` of one word, or ``(None, None)`` if the database has none."""
        if word not in self._cache:
            self._cache[word] = self._analyze(word)
        return self._cache[word]

    def _analyze(self, word: str) -> tuple[str | None, str | None]:
        if self.disambiguator is not None:
            (scored,) = self.disambiguator.disambiguate([word])
            if scored.analyses:
                best = scored.analyses[0].analysis
                return best.get("lex"), best.get("pos")
            return None, None
        analyses = self.analyzer.analyze(word)
        if not analyses:
            return None, None
        best = max(analyses, key=lambda a: float(a.get("pos_lex_logprob") or -1e9))
        return best.get("lex"), best.get("pos")

    def annotate(self, tokens: pl.DataFrame) -> pl.DataFrame:
        """``tokens`` with ``lemma`` and ``pos`` for every token holding an Arabic letter.

        Analyses are looked up by the token as it stands in the body (diacritics help the
        analyser); punctuation, digits and Latin words get nulls.
        """
        words = (
            tokens.filter(pl.col("token").str.contains(_ARABIC_LETTER)).get_column("token").unique()
        )
        found = _lookup(self, words)
        return tokens.join(found, on="token", how="left", maintain_order="left")


def _lookup(morphology: Morphology, words: Iterable[str]) -> pl.DataFrame:
    rows = [(w, *morphology.analyze(w)) for w in words]
    return pl.DataFrame(
        rows, schema={"token": pl.String, **MORPHOLOGY_SCHEMA}, orient="row"
    ).unique("token")


def without_morphology(tokens: pl.DataFrame) -> pl.DataFrame:
    """``tokens`` with null ``lemma`` and ``pos`` columns (no database installed)."""
    return tokens.with_columns(
        lemma=pl.lit(None, dtype=pl.String), pos=pl.lit(None, dtype=pl.String)
    )


@cache
def load_morphology(spec: str) -> tuple[Morphology | None, str]:
    """Load camel-tools' analyser: ``(morphology, what happened)``.

    Parameters
    ----------
    spec
        ``"auto"``: camel-tools' default database if ``camel_data`` installed one,
        with its MLE disambiguator if installed too; ``"none"``: off; anything else:
        the path of a database file in camel-tools' text format.

    Raises
    ------
    FileNotFoundError
        A path was given and no file is there (asking for a file is not optional).
    """
    if spec == "none":
        return None, "morphology off (--morphology none)"
    if spec != "auto" and not Path(spec).is_file():
        raise FileNotFoundError(f"no camel-tools morphology database at {spec}")
    try:
        from camel_tools.morphology.analyzer import Analyzer
        from camel_tools.morphology.database import MorphologyDB
    except Exception as exc:  # camel_tools.data downloads its catalogue on import
        return None, (
            "camel-tools cannot load its data catalogue "
            f"({type(exc).__name__}); install data with `camel_data -i light` "
            "(needs network) or point CAMELTOOLS_DATA at an installed copy; "
            "lemma and pos stay empty"
        )
    if spec != "auto":
        return Morphology(Analyzer(MorphologyDB(spec, "a")), name=spec), f"morphology: {spec}"
    try:
        db = MorphologyDB.builtin_db()
    except Exception as exc:
        return None, (
            f"no camel-tools morphology database installed ({type(exc).__name__}); "
            "`camel_data -i morphology-db-msa-r13` installs one; lemma and pos stay empty"
        )
    analyzer = Analyzer(db)
    try:
        from camel_tools.disambig.mle import MLEDisambiguator

        disambiguator = MLEDisambiguator.pretrained(analyzer=analyzer)
    except Exception:
        return Morphology(analyzer, name="builtin"), "morphology: camel-tools builtin database"
    return (
        Morphology(analyzer, disambiguator, name="builtin+mle"),
        "morphology: camel-tools builtin database with MLE disambiguation",
    )
