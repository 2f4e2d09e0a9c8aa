"""Persons learned by one run are found by the next (learned_names)."""

import duckdb

from akhbar.cli import main
from tests.conftest import seed_layout

TEACHES = seed_layout(
    "الحكومة تعلن خطة للإصلاح",
    "13 فبراير 2019",
    [
        "أعلن رئيس الحكومة يوسف الشاهد اليوم خطة جديدة للإصلاح الاقتصادي في البلاد.",
        "وقال الشاهد إن الخطة تشمل دعم المؤسسات الصغيرة وتحسين الخدمات العامة.",
    ],
)
MENTIONS = seed_layout(
    "زيارة إلى صفاقس",
    "14 فبراير 2019",
    [
        "وصل يوسف الشاهد إلى صفاقس صباح اليوم في زيارة تستمر يومين.",
        "وتفقد الشاهد عدداً من المشاريع المتعثرة في المدينة.",
    ],
)


def persons(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "select a.title, e.text, e.canonical from entities as e join articles as a "
            "using (article_id) where e.type = 'PER' order by a.title, e.start"
        ).fetchall()


def learned(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select name, type, evidence from learned_names").fetchall()


def test_a_name_learned_in_one_run_is_found_in_the_next(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "teaches.txt").write_text(TEACHES, encoding="utf-8")
    (tmp_path / "b" / "mentions.txt").write_text(MENTIONS, encoding="utf-8")
    alone = tmp_path / "alone.duckdb"
    assert main(["run", str(tmp_path / "b"), "--warehouse", str(alone)]) == 0
    assert persons(alone) == []
    assert learned(alone) == []

    warehouse = tmp_path / "w.duckdb"
    assert main(["run", str(tmp_path / "a"), "--warehouse", str(warehouse)]) == 0
    assert learned(warehouse) == [("يوسف الشاهد", "PER", "title")]
    assert main(["run", str(tmp_path / "b"), "--warehouse", str(warehouse)]) == 0
    assert [p for p in persons(warehouse) if p[0] == "زيارة إلى صفاقس"] == [
        ("زيارة إلى صفاقس", "يوسف الشاهد", "يوسف الشاهد"),
        ("زيارة إلى صفاقس", "الشاهد", "يوسف الشاهد"),
    ]
    assert main(["run", str(tmp_path / "a"), "--warehouse", str(warehouse)]) == 0
    assert learned(warehouse) == [("يوسف الشاهد", "PER", "title")]  # once
