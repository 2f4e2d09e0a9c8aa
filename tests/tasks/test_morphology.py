"""The morphology adapter: the real camel-tools loading code, on a database the test writes."""

import json
import subprocess
import sys
import textwrap

import polars as pl
import pytest

from akhbar.tasks.morphology import Morphology, load_morphology, without_morphology
from tests.conftest import ROOT

# A camel-tools morphology database in its text format: two stems, the conjunction و.
TINY_DB = """\
###DEFINES###
DEFINE pos pos:noun pos:verb pos:digit pos:punc pos:latin
DEFINE lex lex:*open*
DEFINE diac diac:*open*
DEFINE bw bw:*open*
DEFINE gloss gloss:*open*
###DEFAULTS###
DEFAULT pos:noun lex:* diac:* bw:* gloss:*
DEFAULT pos:digit lex:* diac:* bw:* gloss:*
DEFAULT pos:punc lex:* diac:* bw:* gloss:*
DEFAULT pos:latin lex:* diac:* bw:* gloss:*
###ORDER###
ORDER pos lex diac bw gloss
###TOKENIZATIONS###
TOKENIZATION diac
###STEMBACKOFF###
###PREFIXES###
\tPref-0\tdiac: bw: gloss:
و\tPref-Wa\tdiac:وَ bw:وَ/CONJ+ gloss:and
###SUFFIXES###
\tSuff-0\tdiac: bw: gloss:
###STEMS###
كتاب\tN\tdiac:كِتاب lex:كِتاب_1 pos:noun bw:كِتاب/NOUN gloss:book
قال\tV\tdiac:قالَ lex:قال-u_1 pos:verb bw:قالَ/PV gloss:say
###TABLE AB###
Pref-0 N
Pref-0 V
Pref-Wa N
Pref-Wa V
###TABLE BC###
N Suff-0
V Suff-0
###TABLE AC###
Pref-0 Suff-0
Pref-Wa Suff-0
"""


def test_tiny_database_loads_through_camel_tools_and_annotates_tokens(tmp_path):
    """MorphologyDB + Analyzer on a database written here; in a subprocess, because
    camel-tools reads CAMELTOOLS_DATA (its data catalogue) once, at import."""
    db = tmp_path / "tiny.db"
    db.write_text(TINY_DB, encoding="utf-8")
    data = tmp_path / "camel_data"
    data.mkdir()
    # what `camel_data` leaves behind: a catalogue, here listing no packages
    (data / "catalogue.json").write_text(
        json.dumps({"version": "1.6", "packages": {}, "components": {}})
    )
    script = textwrap.dedent(
        f"""
        import json, sys
        import polars as pl
        from akhbar.tasks.config import NormalizeConfig
        from akhbar.tasks.morphology import load_morphology
        from akhbar.tasks.tokenize import tokenize

        morphology, said = load_morphology({str(db)!r})
        auto, auto_said = load_morphology("auto")
        articles = pl.DataFrame({{"article_id": ["a"], "body": ["قال: وكتاب مجهول 12"]}})
        tokens = morphology.annotate(tokenize(articles, NormalizeConfig()))
        print(json.dumps({{"said": said, "auto": auto is None, "auto_said": auto_said,
                          "rows": tokens.select("token", "lemma", "pos").rows()}}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"CAMELTOOLS_DATA": str(data), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["said"] == f"morphology: {db}"
    assert out["rows"] == [
        ["قال", "قال", "verb"],
        [":", None, None],
        ["وكتاب", "كِتاب", "noun"],  # the conjunction is a prefix; the lexeme is the stem's
        ["مجهول", None, None],  # not in the database
        ["12", None, None],
    ]
    # no database installed: auto says why and the run goes on
    assert out["auto"] is True
    assert "no camel-tools morphology database installed" in out["auto_said"]


def test_without_a_catalogue_auto_explains_and_a_missing_path_is_an_error(tmp_path):
    assert load_morphology("none") == (None, "morphology off (--morphology none)")
    missing = tmp_path / "nope.db"
    with pytest.raises(FileNotFoundError, match="no camel-tools morphology database at"):
        load_morphology(str(missing))


def test_each_distinct_word_is_analysed_once():
    calls = []

    class Analyzer:
        def analyze(self, word):
            calls.append(word)
            return [{"lex": word[:2], "pos": "noun", "pos_lex_logprob": -1.0}]

    tokens = pl.DataFrame({"token": ["كتب", "كتب", ".", "كتب", "قال"]})
    morphology = Morphology(Analyzer())
    annotated = morphology.annotate(tokens)
    morphology.annotate(tokens)
    assert sorted(calls) == ["قال", "كتب"]
    assert annotated.rows() == [
        ("كتب", "كت", "noun"),
        ("كتب", "كت", "noun"),
        (".", None, None),
        ("كتب", "كت", "noun"),
        ("قال", "قا", "noun"),
    ]
    assert without_morphology(tokens).columns == ["token", "lemma", "pos"]
