import importlib.util

import pytest

from akhbar.tasks.arabic import HIJRI_MONTHS, MONTHS, ascii_digits
from tests.conftest import ROOT


@pytest.mark.skipif(importlib.util.find_spec("babel") is None, reason="needs babel (dev extra)")
def test_months_table_is_what_the_build_script_writes_from_cldr():
    spec = importlib.util.spec_from_file_location("build", ROOT / "scripts" / "build_months.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    committed = (ROOT / "tasks" / "lexicons" / "months.tsv").read_text(encoding="utf-8")
    assert committed == build.render(), "run python scripts/build_months.py"


def test_every_region_names_its_months():
    for name, month in {
        "يناير": 1,
        "كانون الثاني": 1,
        "جانفي": 1,
        "غشت": 8,
        "أغشت": 8,
        "شتنبر": 9,
        "دجنبر": 12,
        "تشرين الأول": 10,
    }.items():
        assert MONTHS[name] == month
    assert HIJRI_MONTHS["شوال"] == 10
    assert HIJRI_MONTHS["ذي الحجة"] == 12


def test_ascii_digits():
    assert ascii_digits("١٤٣٦ / ۱۴۳۶") == "1436 / 1436"
