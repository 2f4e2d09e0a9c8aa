"""A run's summary: one typed object, rendered for the terminal and for the Prefect UI.

The flow returns a :class:`RunSummary`; the CLI prints :meth:`RunSummary.text`, the
Prefect UI shows :meth:`RunSummary.markdown` as the run-summary artifact, and the
benchmarks read its fields. Tables in the markdown go through :func:`markdown_table`,
the one place that escapes cell text.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from pydantic import BaseModel, Field


class Counts(BaseModel):
    """Input units of a run and where they ended."""

    inputs: int = 0
    articles: int = 0
    quarantined: int = 0


class DateCounts(BaseModel):
    """Articles without a publication date, and those whose given date was not read."""

    undated: int = 0
    not_understood: int = 0
    example: str | None = None


class RunSummary(BaseModel):
    """What one run did."""

    run_id: str
    status: str  # published | failed
    warehouse: str
    counts: Counts
    quarantine_reasons: dict[str, int] = Field(default_factory=dict)
    skipped: list[str] = Field(default_factory=list)
    dates: DateCounts = DateCounts()
    dedup: dict[str, int] = Field(default_factory=dict)
    expectations: int = 0
    expectations_not_passed: int = 0
    failures: str = ""
    data_docs: str = ""
    report: str | None = None
    tables: dict[str, int] = Field(default_factory=dict)

    def near_duplicates_line(self) -> str:
        """Exact and near duplicates, near ones not counting exact copies twice."""
        d = self.dedup
        near = d.get("near_duplicate_articles", 0)
        beyond = near - d.get("near_articles_also_exact", 0)
        pairs = d.get("verified_pairs", 0)
        copies = d.get("exact_copy_pairs", 0)
        return (
            f"exact duplicates: {d.get('exact_articles', 0)} articles in "
            f"{d.get('exact_clusters', 0)} clusters; near duplicates: {beyond} articles beyond "
            f"exact copies ({near} in near clusters; {pairs} pairs verified of "
            f"{d.get('candidate_pairs', 0)} candidates, {copies} of them exact copies; "
            f"{d.get('boilerplate_paragraphs', 0)} boilerplate paragraphs)"
        )

    def text(self) -> str:
        """The end-of-run report a person reads in the terminal."""
        c = self.counts
        lines = [
            "",
            f"akhbar run {self.run_id}: {self.status.upper()}",
            f"  inputs {c.inputs}  ->  articles {c.articles}, quarantined {c.quarantined}",
        ]
        if self.quarantine_reasons:
            lines.append(f"  quarantine reasons: {_reasons(self.quarantine_reasons)}")
        if self.dates.undated:
            line = f"  undated articles: {self.dates.undated}"
            if self.dates.not_understood:
                line += (
                    f", {self.dates.not_understood} of them with a date not understood "
                    f"(e.g. {self.dates.example!r}; kept in articles.published_text)"
                )
            lines.append(line)
        if self.skipped:
            more = len(self.skipped) - 5
            shown = ", ".join(self.skipped[:5]) + (f" and {more} more" if more > 0 else "")
            lines.append(f"  skipped (--exclude): {shown}")
        lines.append(f"  {self.near_duplicates_line()}")
        lines.append(
            f"  validation: {self.expectations} expectations, "
            f"{self.expectations_not_passed} not passed"
        )
        if self.failures:
            lines.append(self.failures)
        lines.append(f"  warehouse: {self.warehouse}")
        if self.report:
            lines.append(f"  report: {self.report}")
        lines.append(f"  data docs: {self.data_docs}")
        lines.append("  " + "  ".join(f"{t} {n}" for t, n in self.tables.items()))
        return "\n".join(lines)

    def markdown(self, extra: dict[str, pl.DataFrame] | None = None) -> str:
        """The run summary as the markdown artifact the Prefect UI shows.

        ``extra`` adds a section per named frame (top entities, largest clusters).
        """
        c = self.counts
        links = [f"- warehouse: `{self.warehouse}`"]
        if self.report:
            links.append(f"- report: [{Path(self.report).name}]({Path(self.report).as_uri()})")
        if self.data_docs:
            docs = Path(self.data_docs)
            links.append(f"- Great Expectations Data Docs: [{docs.name}]({docs.as_uri()})")
        reasons = pl.DataFrame(
            {
                "reason": list(self.quarantine_reasons),
                "inputs": list(self.quarantine_reasons.values()),
            },
            schema={"reason": pl.String, "inputs": pl.Int64},
        )
        rows = pl.DataFrame(
            {"table": list(self.tables), "rows": list(self.tables.values())},
            schema={"table": pl.String, "rows": pl.Int64},
        )
        parts = [
            f"# akhbar run {self.run_id}: {self.status}\n",
            f"- inputs {c.inputs:,} → articles {c.articles:,}, quarantined {c.quarantined:,}",
            f"- {self.near_duplicates_line()}",
            f"- validation: {self.expectations} expectations, "
            f"{self.expectations_not_passed} not passed",
            *links,
            "\n## Quarantine reasons\n",
            markdown_table(reasons),
            "## Rows per table\n",
            markdown_table(rows),
        ]
        for title, frame in (extra or {}).items():
            parts += [f"## {title}\n", markdown_table(frame)]
        return "\n".join(parts)


def _reasons(reasons: dict[str, int]) -> str:
    return ", ".join(f"{r} ×{n}" for r, n in reasons.items())


def markdown_table(frame: pl.DataFrame, max_chars: int | None = None) -> str:
    r"""A small frame as a markdown table; pipes and newlines in cells escaped.

    >>> print(markdown_table(pl.DataFrame({"canonical": ["تونس", "a|b"], "n": [3, 1]})))
    | canonical | n |
    |---|---|
    | تونس | 3 |
    | a\|b | 1 |
    <BLANKLINE>
    """
    if frame.is_empty():
        return "_none_\n"
    cells = frame.select(
        pl.all()
        .cast(pl.String)
        .fill_null("")
        .str.replace_all("|", "\\|", literal=True)
        .str.replace_all("\n", " ", literal=True)
    )
    if max_chars:
        cells = cells.select(
            pl.when(pl.all().str.len_chars() > max_chars)
            .then(pl.all().str.slice(0, max_chars - 1) + "…")
            .otherwise(pl.all())
            .name.keep()
        )
    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * frame.width]
    lines += ["| " + " | ".join(row) + " |" for row in cells.iter_rows()]
    return "\n".join(lines) + "\n"
