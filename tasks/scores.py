"""Precision, recall and F1: one type, one rule, for every evaluation akhbar prints.

``found`` counts gold items that were found and ``correct`` predicted items that are
gold: the two differ when matching is not one to one (a gold entity found by two
mentions). An empty denominator scores 1.0 (nothing to find: nothing missed; nothing
predicted: nothing wrong), the same for extraction, NER and near duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Score:
    """Counts of one evaluation, and the ratios they give.

    >>> s = Score(gold=4, found=3, predicted=5, correct=3)
    >>> round(s.precision, 2), s.recall, round(s.f1, 3)
    (0.6, 0.75, 0.667)
    >>> Score().precision, Score().recall, Score().f1
    (1.0, 1.0, 1.0)
    """

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of gold items found."""
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """Share of predicted items that are gold."""
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        """Add another evaluation's counts (folds of a cross-validation)."""
        self.gold += other.gold
        self.found += other.found
        self.predicted += other.predicted
        self.correct += other.correct
