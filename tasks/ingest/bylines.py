"""Bylines, datelines and agency credits: moved from the body to ``byline``, not dropped."""

from __future__ import annotations

import polars as pl

_NAME = r"[^\s:،.؟!\"«»()\d][^\n:،.؟!\"«»()\d]{1,38}?"
#: A short first paragraph "name – outlet" ("ياسر الحربي – عين اليوم").
BYLINE_PARAGRAPH = rf"^({_NAME}\s?[–—-]\s?{_NAME})\n\n"
#: A dateline glued to the first sentence ("سبق- الدمام: قالت ..."), colon included.
DATELINE = rf"^({_NAME}\s?[–—-]\s?{_NAME}:)\s+"
AGENCIES = (
    "واس",
    "رويترز",
    "أ ف ب",
    "ا ف ب",
    "فرانس برس",
    "د ب أ",
    "الأناضول",
    "كونا",
    "وام",
    "بنا",
    "قنا",
    "سبأ",
    "أسوشييتد برس",
)
#: A credit as the last paragraph: "(واس)", "المصدر: ...", "رابط الخبر بصحيفة ...".
CREDIT_PARAGRAPH = (
    rf"\n\n(\(?\s*(?:{'|'.join(AGENCIES)})\s*\)?|المصدر\s*:[^\n]{{1,80}}|"
    rf"رابط الخبر بصحيفة[^\n]{{0,200}})$"
)


def split_bylines(frame: pl.DataFrame) -> pl.DataFrame:
    r"""Move a leading byline, then a dateline, and a trailing credit to ``byline``.

    Each is taken from what the previous step left, and the parts are joined by a
    newline, so body + byline keep every character of the original body.

    >>> split_bylines(pl.DataFrame({"body": ["ياسر الحربي – عين اليوم\n\nسبق- الدمام: قال."]})).rows()
    [('قال.', 'ياسر الحربي – عين اليوم\nسبق- الدمام:')]
    """  # noqa: E501
    steps = ((BYLINE_PARAGRAPH, "_lead"), (DATELINE, "_dateline"), (CREDIT_PARAGRAPH, "_credit"))
    for pattern, name in steps:
        frame = frame.with_columns(pl.col("body").str.extract(pattern).alias(name)).with_columns(
            body=pl.when(pl.col(name).is_not_null())
            .then(pl.col("body").str.replace(pattern, ""))
            .otherwise(pl.col("body"))
        )
    return frame.with_columns(
        byline=pl.concat_str(
            *(pl.col(name) for _, name in steps), separator="\n", ignore_nulls=True
        ).replace("", None)
    ).drop(*(name for _, name in steps))
