import json

import duckdb

from akhbar.cli import main
from tests.conftest import EXAMPLE_CORPUS

# a long footer, so that on day 1 (before it is boilerplate) it alone makes stories alike
FOOTER = "تابعوا آخر الأخبار عبر موقعنا " + " ".join(f"بند{i}" for i in range(80))
STORIES = [
    "افتتحت البلدية حديقة عامة جديدة في الحي الشمالي",
    "ارتفعت أسعار الخضار في الأسواق المركزية هذا الأسبوع",
    "أعلنت الجامعة مواعيد التسجيل للفصل الدراسي المقبل",
    "بدأت أعمال صيانة الطريق الدائري الثاني صباح اليوم",
    "فاز فريق المدينة ببطولة الشباب لكرة السلة",
    "أطلقت المكتبة العامة برنامجا صيفيا للقراءة للأطفال",
    "استقبل المستشفى الجامعي جهازا جديدا للتصوير الطبي",
]


def write_days(folder):
    """Two days of one outlet's records; the footer becomes boilerplate only on day 2."""
    days = {"day1": STORIES[:3], "day2": STORIES[3:]}
    for day, stories in days.items():
        (folder / day).mkdir(parents=True)
        records = [
            {
                "title": s[:20],
                "content": f"{s}.\n{FOOTER}",
                "source": "outlet",
                "date": f"2019-0{i + 1}-01",
            }
            for i, s in enumerate(stories)
        ]
        (folder / day / "records.jsonl").write_text(
            "\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8"
        )


def state(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            "duplicates": con.execute(
                "select article_id, cluster_id, canonical_article_id, method, round(similarity, 9) "
                "from duplicates order by all"
            ).fetchall(),
            "pairs": con.execute(
                "select article_a, article_b, round(jaccard, 9) "
                "from near_duplicate_pairs order by all"
            ).fetchall(),
            "boilerplate": con.execute(
                "select outlet, paragraph_hash, n_articles from boilerplate_paragraphs order by all"
            ).fetchall(),
            "bands": con.execute("select count(*), sum(band_hash) from dedup_bands").fetchall(),
        }


def test_day_by_day_equals_at_once_when_boilerplate_appears_later(tmp_path):
    corpus = tmp_path / "corpus"
    write_days(corpus)
    once, daily = tmp_path / "once.duckdb", tmp_path / "daily.duckdb"
    assert main(["run", str(corpus), "--warehouse", str(once)]) == 0
    assert main(["run", str(corpus / "day1"), "--warehouse", str(daily)]) == 0
    with duckdb.connect(str(daily), read_only=True) as con:
        # before the footer is boilerplate, the shared footer makes day 1's stories alike
        assert con.execute("select count(*) from near_duplicate_pairs").fetchone()[0] == 3
    assert main(["run", str(corpus / "day2"), "--warehouse", str(daily)]) == 0
    final = state(daily)
    assert final == state(once)
    assert len(final["boilerplate"]) == 1
    assert final["pairs"] == []


def test_example_corpus_day_by_day_equals_at_once(tmp_path):
    once, daily = tmp_path / "once.duckdb", tmp_path / "daily.duckdb"
    assert main(["run", str(EXAMPLE_CORPUS), "--warehouse", str(once)]) == 0
    for day in sorted(p for p in EXAMPLE_CORPUS.iterdir() if p.is_dir()):
        # inbox/ holds only broken files: a run of nothing but quarantine fails unless told
        relaxed = ["--gate", "max_quarantine_share=1"] if day.name == "inbox" else []
        assert main(["run", str(day), "--warehouse", str(daily), *relaxed]) == 0
    assert state(daily) == state(once)
    assert len([row for row in state(once)["duplicates"] if row[3] == "near"]) == 13
