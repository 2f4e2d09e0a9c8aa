"""Named-entity taggers over BIO data: the default rules, a trainable CRF, camel-tools' NER.

All three tag sentences of tokens with BIO labels (``B-PER``, ``I-LOC`` ...) so they can
be scored the same way (CoNLL: an entity counts when its type and exact token span
match) and used by the pipeline:

* ``default``: :func:`tasks.extract.extract_entities` (gazetteers, quoted names,
  trigger rules) run on the sentence's text, its mentions mapped back to tokens;
* ``crf``: a linear-chain CRF (python-crfsuite) trained by :func:`train_crf` on BIO
  data, with word-shape, clitic, gazetteer and trigger-word features;
* ``camel``: camel-tools' ``NERecognizer`` (a BERT token classifier) loaded from a
  model folder; camel-tools' own model is a download, so offline installs point
  ``--ner-model`` at a folder they have.

ANERcorp writes persons ``PERS``; they are read as ``PER``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from akhbar.tasks.config import ExtractConfig
from akhbar.tasks.extract.clusters import read_clusters
from akhbar.tasks.extract.entities import extract_entities
from akhbar.tasks.extract.heads import (
    MEDIA_HEADS,
    MISC_HEADS,
    ORG_HEADS,
    PERSON_TITLES,
    PLACE_WORDS,
)
from akhbar.tasks.extract.lexicon import Lexicon, load_lexicon
from akhbar.tasks.extract.text import key
from akhbar.tasks.scores import Score

TYPES = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
Sentence = list[tuple[str, str]]  # (token, BIO tag)


def read_conll(path: str | Path) -> list[Sentence]:
    """Sentences of ``token TAG`` lines, separated by blank lines (ANERcorp's layout)."""
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if current:
                sentences.append(current)
                current = []
            continue
        token, tag = " ".join(parts[:-1]) or parts[0], parts[-1]
        if tag != "O":
            prefix, _, kind = tag.partition("-")
            tag = f"{prefix}-{TYPES.get(kind, kind)}"
        current.append((token, tag))
    if current:
        sentences.append(current)
    return sentences


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entities of a BIO sequence as (first token, end token, type); a stray I- opens one."""
    found, start, kind = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, this = tag.partition("-")
        if start is not None and (prefix != "I" or this != kind):
            found.add((start, i, kind))
            start = None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = i, this
    return found


def score(gold: Iterable[list[str]], predicted: Iterable[list[str]]) -> dict[str, Score]:
    """CoNLL scoring per type and ``ALL``: an entity counts when type and span match."""
    scores: dict[str, Score] = {}
    for gold_tags, predicted_tags in zip(gold, predicted, strict=True):
        g, p = spans(gold_tags), spans(predicted_tags)
        for kind in {k for *_, k in g | p} | {"ALL"}:
            s = scores.setdefault(kind, Score())
            s.gold += sum(1 for e in g if kind in ("ALL", e[2]))
            s.predicted += sum(1 for e in p if kind in ("ALL", e[2]))
            hits = sum(1 for e in g & p if kind in ("ALL", e[2]))
            s.correct += hits
            s.found += hits  # exact spans: a gold entity is found by one prediction
    scores.setdefault("ALL", Score())
    return scores


# --- default backend: the extraction rules -----------------------------------------------
class RuleTagger:
    """The pipeline's default entity extraction, as a tagger of token sentences."""

    name = "default"

    def __init__(self, cfg: ExtractConfig | None = None) -> None:
        self.cfg = cfg or ExtractConfig()

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO tags: extraction on each sentence's tokens joined by spaces."""
        import polars as pl

        texts, offsets = [], []
        for tokens in sentences:
            starts, at = [], 0
            for token in tokens:
                starts.append(at)
                at += len(token) + 1
            texts.append(" ".join(tokens))
            offsets.append(starts)
        articles = pl.DataFrame(
            {
                "article_id": [str(i) for i in range(len(texts))],
                "body": texts,
                "published_date": [None] * len(texts),
            },
            schema={"article_id": pl.String, "body": pl.String, "published_date": pl.Date},
        )
        mentions = extract_entities(articles, self.cfg)
        tags = [["O"] * len(tokens) for tokens in sentences]
        for article_id, start, end, kind in mentions.select(
            "article_id", "start", "end", "type"
        ).iter_rows():
            i = int(article_id)
            covered = [
                t for t, s in enumerate(offsets[i]) if s < end and s + len(sentences[i][t]) > start
            ]
            for n, t in enumerate(covered):
                tags[i][t] = f"{'B' if n == 0 else 'I'}-{kind}"
        return tags


# --- CRF ---------------------------------------------------------------------------------
_PREFIX = re.compile(r"^(?:و|ف)?(?:ب|ل|ك)?(?:ال)?")


def _shape(token: str) -> str:
    if re.fullmatch(r"[0-9٠-٩]+", token):
        return "digits"
    if re.fullmatch(r"[\u0621-\u064a\u064b-\u0652\u0640]+", token):
        return "arabic"
    if re.fullmatch(r"[A-Za-z]+", token):
        return "latin"
    if re.fullmatch(r"\W+", token):
        return "punct"
    return "mixed"


TRIGGER_SETS = (
    ("title", PERSON_TITLES),
    ("place", set(PLACE_WORDS)),
    ("org", ORG_HEADS | MEDIA_HEADS),
    ("misc", MISC_HEADS),
)


#: word -> its cluster ids, coarse to fine (:mod:`~akhbar.tasks.extract.clusters`).
Clusters = dict[str, tuple[int, ...]]


def token_features(
    tokens: list[str], lexicon: Lexicon, clusters: Clusters | None = None
) -> list[list[str]]:
    """Features per token, for the CRF.

    The word and its stem under proclitics, affixes, shape, gazetteer hits (one- and
    two-word names and their type), trigger words nearby, word pairs, and the same
    for the neighbours; with ``clusters``, the cluster ids of the word and of the
    words either side (of its stem when the word itself is not clustered).
    """
    keys = [key(t) for t in tokens]
    stems = [_PREFIX.sub("", k) or k for k in keys]
    gaz: list[str | None] = []
    for i, k in enumerate(keys):
        hit = None
        for name in (
            f"{k} {keys[i + 1]}" if i + 1 < len(keys) else None,
            k,
            stems[i],
            f"ال{stems[i]}",
        ):
            if name and name in lexicon.entries:
                hit = lexicon.entries[name][0]
                break
        if hit is None and i > 0 and f"{keys[i - 1]} {k}" in lexicon.entries:
            hit = lexicon.entries[f"{keys[i - 1]} {k}"][0]
        gaz.append(hit)
    out = []
    for i, (k, stem) in enumerate(zip(keys, stems, strict=True)):
        f = [
            "bias",
            f"w={k}",
            f"stem={stem}",
            f"p2={k[:2]}",
            f"p3={k[:3]}",
            f"s2={k[-2:]}",
            f"s3={k[-3:]}",
            f"shape={_shape(tokens[i])}",
            f"al={k.startswith('ال')}",
            f"gaz={gaz[i]}",
            f"minor={k in lexicon.minor_places or stem in lexicon.minor_places}",
        ]
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < len(keys):
                f += [
                    f"{offset}:w={keys[j]}",
                    f"{offset}:stem={stems[j]}",
                    f"{offset}:gaz={gaz[j]}",
                    f"{offset}:shape={_shape(tokens[j])}",
                ]
                for name, words in TRIGGER_SETS:
                    if keys[j] in words or stems[j] in words:
                        f.append(f"{offset}:trigger={name}")
            else:
                f.append(f"{offset}:edge")
        if i > 0:
            f.append(f"pair-={keys[i - 1]}|{k}")
        if i + 1 < len(keys):
            f.append(f"pair+={k}|{keys[i + 1]}")
        f += [f"sp3={stem[:3]}", f"ss3={stem[-3:]}", f"len={min(len(stem), 8)}"]
        if clusters is not None:
            for offset in (-1, 0, 1):
                j = i + offset
                if 0 <= j < len(keys):
                    ids = clusters.get(keys[j]) or clusters.get(stems[j])
                    if ids is None:
                        f.append(f"{offset}:cluster=none")
                    else:
                        f += [f"{offset}:c{n}={c}" for n, c in enumerate(ids)]
        out.append(f)
    return out


def clusters_path(model_path: str | Path) -> Path:
    """Where a CRF model's word clusters are kept: beside it, when it was trained with some."""
    return Path(f"{model_path}.clusters.tsv")


class CrfTagger:
    """A python-crfsuite tagger read from ``model_path``."""

    name = "crf"

    def __init__(self, model_path: str | Path, lexicon: Lexicon | None = None) -> None:
        import pycrfsuite

        if not Path(model_path).is_file():
            raise FileNotFoundError(f"no CRF model at {model_path} (akhbar ner train makes one)")
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(model_path))
        self.lexicon = lexicon or load_lexicon(None, True)
        beside = clusters_path(model_path)
        self.clusters = read_clusters(beside) if beside.is_file() else None

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO tags of each sentence."""
        return [
            self.tagger.tag(token_features(tokens, self.lexicon, self.clusters))
            for tokens in sentences
        ]


def train_crf(
    sentences: list[Sentence],
    model_path: str | Path,
    lexicon: Lexicon | None = None,
    iterations: int = 100,
    clusters: str | Path | None = None,
) -> Path:
    """Train a CRF on BIO sentences (L-BFGS, L1 0.05 + L2 0.01); write it to ``model_path``.

    ``clusters``: a word-clusters TSV (``akhbar ner clusters``) whose ids become
    features; it is copied beside the model (:func:`clusters_path`), which the tagger
    then reads.
    """
    import pycrfsuite

    lexicon = lexicon or load_lexicon(None, True)
    words = read_clusters(clusters) if clusters else None
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence in sentences:
        tokens = [t for t, _ in sentence]
        trainer.append(token_features(tokens, lexicon, words), [tag for _, tag in sentence])
    trainer.set_params(
        {"c1": 0.05, "c2": 0.01, "max_iterations": iterations, "feature.possible_transitions": True}
    )
    model_path = Path(model_path)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    beside = clusters_path(model_path)
    if clusters:
        shutil.copyfile(clusters, beside)
    else:
        beside.unlink(missing_ok=True)
    return model_path


# --- camel-tools -------------------------------------------------------------------------
class CamelTagger:
    """camel-tools' ``NERecognizer`` (BERT token classification) loaded from a folder."""

    name = "camel"

    def __init__(self, model_path: str | Path) -> None:
        if not Path(model_path).is_dir():
            raise FileNotFoundError(f"no camel-tools NER model folder at {model_path}")
        try:
            from camel_tools.ner import NERecognizer
        except ImportError as exc:  # torch and transformers are the camel-ner extra
            raise ValueError(
                f"the camel NER backend needs torch and transformers ({exc.name} is missing): "
                "pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu, "
                "then pip install -e '.[camel-ner]'"
            ) from None
        self.recognizer = NERecognizer(str(model_path), use_gpu=False)

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO tags of each sentence (``PERS`` read as ``PER``)."""
        predicted = self.recognizer.predict(sentences) if sentences else []
        out = []
        for tags in predicted:
            fixed = []
            for tag in tags:
                prefix, _, kind = tag.partition("-")
                fixed.append(tag if tag == "O" else f"{prefix}-{TYPES.get(kind, kind)}")
            out.append(fixed)
        return out


def tagger(backend: str, model: str | None = None, cfg: ExtractConfig | None = None):
    """The tagger a backend name selects (``default``, ``crf`` or ``camel``)."""
    if backend == "default":
        return RuleTagger(cfg)
    if model is None:
        raise ValueError(f"the {backend} backend needs a model path (--model)")
    if backend == "crf":
        return CrfTagger(model)
    if backend == "camel":
        return CamelTagger(model)
    raise ValueError(f"unknown NER backend {backend!r}; choose default, crf or camel")


def cross_validate(
    sentences: list[Sentence],
    folds: int,
    work: Path,
    iterations: int = 100,
    clusters: str | Path | None = None,
) -> dict[str, dict[str, Score]]:
    """K-fold cross-validation of the CRF, and the default backend on the same folds.

    Folds are contiguous blocks of sentences (documents stay together). With
    ``clusters`` (a word-clusters TSV), a second CRF with cluster features is trained
    and scored on the same folds (``crf+clusters``). Returns scores summed over the
    folds, per backend and type.
    """
    totals: dict[str, dict[str, Score]] = {"crf": {}, "default": {}}
    if clusters:
        totals["crf+clusters"] = {}
    size = -(-len(sentences) // folds)
    rules = RuleTagger()
    for fold in range(folds):
        test = sentences[fold * size : (fold + 1) * size]
        train = sentences[: fold * size] + sentences[(fold + 1) * size :]
        model = train_crf(train, work / f"fold{fold}.crfsuite", iterations=iterations)
        backends = [("crf", CrfTagger(model)), ("default", rules)]
        if clusters:
            path = work / f"fold{fold}-clusters.crfsuite"
            train_crf(train, path, iterations=iterations, clusters=clusters)
            backends.append(("crf+clusters", CrfTagger(path)))
        gold = [[tag for _, tag in s] for s in test]
        tokens = [[t for t, _ in s] for s in test]
        for name, backend in backends:
            for kind, s in score(gold, backend.tag(tokens)).items():
                totals[name].setdefault(kind, Score()).add(s)
    return totals


_TOKEN = re.compile(r"\w+|[^\w\s]")
_SENTENCE_END = {".", "؟", "?", "!", "؛"}


def sentence_spans(body: str) -> Iterator[list[tuple[int, int]]]:
    """The (start, end) of each token (word or punctuation) of each sentence of a body."""
    current: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(body):
        current.append(m.span())
        if m.group() in _SENTENCE_END:
            yield current
            current = []
    if current:
        yield current


def model_entities(articles, cfg: ExtractConfig):
    """``ENTITY_SCHEMA`` rows from the ``crf`` or ``camel`` backend over article bodies.

    Bodies are cut into tokens (words, punctuation) and sentences; the tagger's spans
    become mentions whose canonical name is the gazetteer's when it knows the text.
    """
    import polars as pl

    from akhbar.tasks.extract import ENTITY_SCHEMA

    backend = _cached_tagger(cfg.ner_backend, cfg.ner_model)
    lexicon = load_lexicon(cfg.lexicon_path, cfg.gazetteer_cities)
    sentences, where = [], []
    for article_id, body in articles.select("article_id", "body").iter_rows():
        for offsets in sentence_spans(body):
            sentences.append([body[s:e] for s, e in offsets])
            where.append((article_id, body, offsets))
    rows = []
    for (article_id, body, offsets), tags in zip(where, backend.tag(sentences), strict=True):
        for first, end, kind in sorted(spans(tags)):
            start, stop = offsets[first][0], offsets[end - 1][1]
            text = body[start:stop]
            rows.append((article_id, start, stop, text, kind, lexicon.canonical(text)))
    return pl.DataFrame(rows, schema=ENTITY_SCHEMA, orient="row")


_TAGGERS: dict[tuple[str, str | None], object] = {}


def _cached_tagger(backend: str, model: str | None):
    if (backend, model) not in _TAGGERS:
        _TAGGERS[(backend, model)] = tagger(backend, model)
    return _TAGGERS[(backend, model)]
