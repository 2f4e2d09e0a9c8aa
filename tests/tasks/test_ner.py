"""Named-entity taggers: BIO scoring, the CRF, and camel-tools' NER on a tiny model."""

import importlib.util
import json
import subprocess
import sys
import textwrap

import polars as pl
import pytest

from akhbar.tasks.config import ExtractConfig
from akhbar.tasks.extract import extract
from akhbar.tasks.extract.ner import RuleTagger, read_conll, score, spans, tagger, train_crf
from tests.conftest import ROOT, SHARED, requires_shared

# Sentences written for these tests, in ANERcorp's layout (PERS for persons).
BIO = """\
قال O
الرئيس O
سامر B-PERS
الحلبي I-PERS
في O
دمشق B-LOC
إن O
وزارة B-ORG
الزراعة I-ORG
بدأت O
الحملة O
. O

زار O
الوزير O
خالد B-PERS
العمر I-PERS
مدينة O
حلب B-LOC
أمس O
. O

وصل O
الرئيس O
سامر B-PERS
الحلبي I-PERS
إلى O
حلب B-LOC
. O

أعلنت O
وزارة B-ORG
الصحة I-ORG
في O
دمشق B-LOC
عن O
الحملة O
. O
"""


def test_bio_files_read_with_persons_as_per_and_spans_as_conll_counts_them(tmp_path):
    path = tmp_path / "tiny.conll"
    path.write_text(BIO, encoding="utf-8")
    sentences = read_conll(path)
    assert len(sentences) == 4
    assert sentences[0][2] == ("سامر", "B-PER")
    assert spans(["B-PER", "I-PER", "O", "I-LOC", "B-ORG"]) == {
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "ORG"),
    }
    scores = score([["B-PER", "I-PER", "O", "B-LOC"]], [["B-PER", "O", "O", "B-LOC"]])
    assert (scores["PER"].correct, scores["LOC"].correct, scores["ALL"].gold) == (0, 1, 2)
    assert scores["ALL"].precision == 0.5
    assert scores["ALL"].f1 == 0.5


def test_crf_trains_tags_and_serves_the_pipeline(tmp_path):
    path = tmp_path / "tiny.conll"
    path.write_text(BIO, encoding="utf-8")
    sentences = read_conll(path)
    model = train_crf(sentences, tmp_path / "model.crfsuite", iterations=50)
    crf = tagger("crf", str(model))
    predicted = crf.tag([[t for t, _ in s] for s in sentences])
    assert score([[g for _, g in s] for s in sentences], predicted)["ALL"].f1 == 1.0
    body = "قال الرئيس سامر الحلبي في دمشق إن الحملة بدأت."
    articles = pl.DataFrame(
        {"article_id": ["a"], "body": [body], "published_date": [None]},
        schema={"article_id": pl.String, "body": pl.String, "published_date": pl.Date},
    )
    entities, *_ = extract(articles, ExtractConfig(ner_backend="crf", ner_model=str(model)))
    assert entities.select("text", "type").rows() == [("سامر الحلبي", "PER"), ("دمشق", "LOC")]
    for start, end, text in entities.select("start", "end", "text").iter_rows():
        assert body[start:end] == text


def test_default_backend_tags_tokens_from_the_rules():
    tags = RuleTagger().tag([["زار", "الوزير", "القاهرة", "و", "بغداد", "."]])
    assert tags == [["O", "O", "B-LOC", "O", "B-LOC", "O"]]


def test_unknown_backend_or_missing_model_are_clear_errors(tmp_path):
    with pytest.raises(ValueError, match="needs a model path"):
        tagger("crf")
    with pytest.raises(FileNotFoundError, match="no CRF model"):
        tagger("crf", str(tmp_path / "nope.crfsuite"))
    with pytest.raises(ValueError, match="unknown NER backend"):
        ExtractConfig(ner_backend="spacy")


@pytest.mark.skipif(
    importlib.util.find_spec("torch") is None or importlib.util.find_spec("transformers") is None,
    reason="the camel-ner extra (torch, transformers) is not installed",
)
def test_camel_tools_ner_loads_a_tiny_model_the_test_builds(tmp_path):
    """camel-tools' NERecognizer (BERT token classification) on a 1-layer model whose
    classifier always prefers B-LOC; in a subprocess, because camel-tools reads its data
    catalogue (CAMELTOOLS_DATA) at import."""
    data = tmp_path / "camel_data"
    data.mkdir()
    (data / "catalogue.json").write_text(
        json.dumps({"version": "1.6", "packages": {}, "components": {}})
    )
    model = tmp_path / "tiny-ner"
    script = textwrap.dedent(
        f"""
        import json
        import polars as pl
        import torch
        from transformers import BertConfig, BertForTokenClassification, BertTokenizer
        from akhbar.tasks.config import ExtractConfig
        from akhbar.tasks.extract import extract

        labels = ["B-LOC", "B-ORG", "B-PERS", "B-MISC", "I-LOC", "I-ORG", "I-PERS", "I-MISC", "O"]
        vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "دمشق", "حلب", "زار", "."]
        (path := __import__("pathlib").Path({str(model)!r})).mkdir()
        (path / "vocab.txt").write_text("\\n".join(vocab), encoding="utf-8")
        config = BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1,
                            num_attention_heads=2, intermediate_size=32,
                            id2label=dict(enumerate(labels)),
                            label2id={{l: i for i, l in enumerate(labels)}})
        bert = BertForTokenClassification(config)
        with torch.no_grad():
            bert.classifier.weight.zero_()
            bert.classifier.bias.zero_()
            bert.classifier.bias[0] = 5.0  # B-LOC everywhere
        bert.save_pretrained(path)
        BertTokenizer(str(path / "vocab.txt")).save_pretrained(path)

        articles = pl.DataFrame({{"article_id": ["a"], "body": ["زار دمشق"],
                                 "published_date": [None]}},
                                schema={{"article_id": pl.String, "body": pl.String,
                                         "published_date": pl.Date}})
        cfg = ExtractConfig(ner_backend="camel", ner_model=str(path))
        entities, *_ = extract(articles, cfg)
        print(json.dumps(entities.select("text", "type").rows()))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"CAMELTOOLS_DATA": str(data), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [["زار", "LOC"], ["دمشق", "LOC"]]


@requires_shared
def test_crf_learns_anercorp_beyond_a_floor(tmp_path):
    sentences = read_conll(SHARED / "ner" / "anercorp" / "train.txt")
    model = train_crf(sentences[400:1600], tmp_path / "m.crfsuite", iterations=40)
    test = sentences[:400]
    predicted = tagger("crf", str(model)).tag([[t for t, _ in s] for s in test])
    scores = score([[g for _, g in s] for s in test], predicted)
    assert scores["LOC"].f1 > 0.6
    assert scores["ALL"].f1 > 0.5


@pytest.mark.skipif(
    importlib.util.find_spec("transformers") is not None, reason="the camel-ner extra is here"
)
def test_without_the_camel_ner_extra_the_camel_backend_says_how_to_get_it(tmp_path):
    with pytest.raises(ValueError, match=r"pip install -e '\.\[camel-ner\]'"):
        tagger("camel", str(tmp_path))
