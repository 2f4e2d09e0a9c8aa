import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.tasks.config import ExtractConfig
from akhbar.tasks.extract import (
    extract,
    extract_dates,
    extract_entities,
    extract_numbers,
    extract_sources,
    load_lexicon,
)
from tests.conftest import SHARED, requires_shared

CFG = ExtractConfig()


def articles(body, published=dt.date(2019, 3, 1)):
    return pl.DataFrame(
        {"article_id": ["a"], "body": [body], "published_date": [published]},
        schema={"article_id": pl.String, "body": pl.String, "published_date": pl.Date},
    )


def assert_spans(frame, body):
    for start, end, text in frame.select("start", "end", "text").iter_rows():
        assert end > start, (start, end, text)
        assert body[start:end] == text


def test_entities_see_through_proclitics_and_fold_spellings():
    body = "قصفت طائرات بالقرب من دير الزور وسورية، وقالت قسد إن للتحالف الدولي دوراً."
    found = extract_entities(articles(body), CFG)
    assert_spans(found, body)
    assert found.select("text", "type", "canonical").rows() == [
        ("دير الزور", "LOC", "دير الزور"),
        ("سورية", "LOC", "سوريا"),
        ("قسد", "ORG", "قوات سورية الديمقراطية"),
        ("للتحالف الدولي", "ORG", "التحالف الدولي"),
    ]


def test_entities_match_across_hamza_spellings():
    found = extract_entities(articles("زار الوفد اسبانيا وايطاليا"), CFG)
    assert found["canonical"].to_list() == ["إسبانيا", "إيطاليا"]


def test_lexicon_can_be_replaced(tmp_path):
    lexicon = tmp_path / "lexicon.tsv"
    lexicon.write_text("# test\nالباغوز\tLOC\tالباغوز\n", encoding="utf-8")
    found = extract_entities(
        articles("في بلدة الباغوز والقاهرة"),
        ExtractConfig(lexicon_path=str(lexicon), gazetteer_cities=False),
    )
    assert found["text"].to_list() == ["الباغوز"]
    load_lexicon.cache_clear()


@pytest.mark.parametrize(
    ("body", "text", "value", "precision"),
    [
        ("قصفت الطائرات مساء أمس الخميس المنطقة", "مساء أمس الخميس", dt.date(2019, 2, 28), "day"),
        ("وقعت الهجمات أمس الأول", "أمس الأول", dt.date(2019, 2, 27), "day"),
        ("اجتمع الوزراء الإثنين الماضي", "الإثنين الماضي", dt.date(2019, 2, 25), "day"),
        ("يبدأ السباق يوم الأحد المقبل", "يوم الأحد المقبل", dt.date(2019, 3, 3), "day"),
        ("في 4 آذار 2018 بدأت", "4 آذار 2018", dt.date(2018, 3, 4), "day"),
        ("منذ ١٢ يناير", "١٢ يناير", dt.date(2019, 1, 12), "day"),
        ("في أيلول 2017", "أيلول 2017", dt.date(2017, 9, 1), "month"),
        ("بحلول عام 2030", "عام 2030", dt.date(2030, 1, 1), "year"),
        ("افتتح في 29 محرم 1430 هـ المبنى", "29 محرم 1430 هـ", dt.date(2009, 1, 26), "day"),
        ("تأسست في 3 / 3 / 1414هـ الجمعية", "3 / 3 / 1414هـ", dt.date(1993, 8, 20), "day"),
        ("وفي 17 جمادى الآخرة عاد", "17 جمادى الآخرة", dt.date(2019, 2, 22), "day"),
        ("صدر القرار في 15/7/2015 وأعلن", "15/7/2015", dt.date(2015, 7, 15), "day"),
        ("صدر في 07/15/2015", "07/15/2015", dt.date(2015, 7, 15), "day"),
        ("نشر في 2015-07-15 التقرير", "2015-07-15", dt.date(2015, 7, 15), "day"),
        ("تولى في أكتوبر من العام الماضي", "أكتوبر من العام الماضي", dt.date(2018, 10, 1), "month"),
        ("انضم مطلع الشهر الجاري", "مطلع الشهر الجاري", dt.date(2019, 3, 1), "month"),
        ("زار الشهر الماضي", "الشهر الماضي", dt.date(2019, 2, 1), "month"),
        ("في يناير الماضي", "يناير الماضي", dt.date(2019, 1, 1), "month"),
        ("في أبريل المقبل", "أبريل المقبل", dt.date(2019, 4, 1), "month"),
    ],
)
def test_dates_are_resolved_against_the_publication_date(body, text, value, precision):
    found = extract_dates(articles(body))
    assert_spans(found, body)
    assert found.select("text", "value", "precision", "role").rows() == [
        (text, value, precision, "event")
    ]


@pytest.mark.parametrize(
    "body",
    [
        "آخر موعد لاستقبال الطلبات 21 مارس 2019.",
        "تستمر الدورة حتى 15 مارس 2019",
        "يقام المعرض في 20 مارس الجاري",
        "وسيعقد المؤتمر في الرياض يوم 3 رجب",
    ],
)
def test_a_date_written_as_coming_is_not_flagged(body):
    found = extract_dates(articles(body))
    assert found.select("flag").rows() == [(None,)]
    assert found["value"][0] > dt.date(2019, 3, 1)


def test_digits_and_slashes_that_are_no_date_are_left_to_the_numbers():
    body = "صدر القرار رقم 45/99/1436 بعد 3 سنوات"
    assert extract_dates(articles(body)).is_empty()
    assert extract_numbers(articles(body))["text"].to_list() == ["45", "99", "1436", "3 سنوات"]


def test_relative_dates_without_publication_date_have_no_value():
    found = extract_dates(articles("وصل أمس", published=None))
    assert found.select("text", "value").rows() == [("أمس", None)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("قتل 25 عنصراً", [("25 عنصراً", 25.0, "exact", "عنصر")]),
        ("نقل نحو 350 ألف راكب", [("نحو 350 ألف راكب", 350_000.0, "approximate", "راكب")]),
        ("بلغ الإنتاج 2.8 مليون برميل", [("2.8 مليون برميل", 2_800_000.0, "exact", "برميل")]),
        ("أكثر من 200 مزارع", [("أكثر من 200 مزارع", 200.0, "lower_bound", "مزارع")]),
        ("ارتفع بنسبة 30 في المائة", [("30 في المائة", 30.0, "exact", "%")]),
        (
            "زادت بنسبة 81% وقفزت 12 بالمئة",
            [("81%", 81.0, "exact", "%"), ("12 بالمئة", 12.0, "exact", "%")],
        ),
        ("ضمت حوالى ألفي مدرس", [("حوالى ألفي مدرس", 2000.0, "approximate", "مدرس")]),
        ("أصيب عشرات المدنيين", [("عشرات المدنيين", None, "vague", "مدني")]),
        ("ذكرت شبكة دير الزور24 الخبر", []),
        ("مدة لا تتجاوز 60 يوما", [("لا تتجاوز 60 يوما", 60.0, "upper_bound", "يوم")]),
        ("يغرم بحد أقصى 30 ألف ريال", [("بحد أقصى 30 ألف ريال", 30_000.0, "upper_bound", "ريال")]),
        ("لا يقل عن 10 أشخاص", [("لا يقل عن 10 أشخاص", 10.0, "lower_bound", "شخص")]),
        ("يعمل كحد أدنى 5 سنوات", [("كحد أدنى 5 سنوات", 5.0, "lower_bound", "سنة")]),
    ],
)
def test_numbers(body, expected):
    found = extract_numbers(articles(body))
    assert_spans(found, body)
    assert found.select("text", "value", "qualifier", "counted").rows() == expected


def test_sources_say_who_and_what_kind():
    body = (
        'وقالت مصادر محلية إن القصف استمر، بحسب وكالة "رويترز". وأعلنت منظمة الصحة العالمية الحملة.'
    )
    art = articles(body)
    found = extract_sources(art, extract_entities(art, CFG))
    assert_spans(found, body)
    assert found.select("kind", "name").rows() == [
        ("anonymous", None),
        ("agency", "رويترز"),
        ("official", "منظمة الصحة العالمية"),
    ]


@settings(max_examples=100, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("أمس الأول قال نحو 25 عنصراً دير الزور24 سورية، ب١٢ يناير ")),
        max_size=120,
    )
)
def test_every_extracted_span_points_at_its_text(body):
    for frame in extract(articles(body), CFG)[:4]:
        assert_spans(frame, body)


def test_numbers_in_words_duals_and_vague_counts():
    body = "اعتقلت الشرطة أربعة أشخاص وسبعة أطفال وثلاث نساء وخمسة وعشرين مقاتلاً، وسلمت حقلين نفطيين، وتتمترس مع المئات من المقاتلين"  # noqa: E501
    found = extract_numbers(articles(body))
    assert_spans(found, body)
    assert found.select("value", "qualifier", "counted", "magnitude").rows() == [
        (4.0, "exact", "شخص", None),
        (7.0, "exact", "طفل", None),
        (3.0, "exact", "امرأة", None),
        (25.0, "exact", "مقاتل", None),
        (2.0, "exact", "حقل", None),
        (None, "vague", "مقاتل", 100.0),
    ]


def test_plurals_that_look_like_duals_and_years_are_not_counts():
    body = "قتل مسلحين أجانب منذ 2011 في 13 فبراير 2019 بحضور مقاتلين محليين ودير الزور24"
    found = extract_numbers(articles(body))
    assert found["text"].to_list() == []


def test_weekday_disagreement_and_future_events_are_flagged():
    body = "قالت أمس الأحد إنها ستزور المدينة في 20 مارس 2019، وليلة الخميس الجمعة قصفت"
    found = extract_dates(articles(body)).select("text", "value", "flag").rows()
    assert found == [
        ("أمس الأحد", dt.date(2019, 2, 28), "weekday_mismatch"),  # 2019-02-28 was a Thursday
        ("20 مارس 2019", dt.date(2019, 3, 20), "after_publication"),
        ("ليلة الخميس الجمعة", dt.date(2019, 2, 28), None),
    ]


def test_source_kinds_local_media_monitor_and_spokespeople():
    body = (
        'ذكرت شبكة "دير الزور24" أن التنظيم انسحب. وقال المرصد السوري لحقوق الإنسان إن '
        'القصف استمر. وكان متحدث باسم "التحالف الدولي" قد أكد ذلك، وفق المصادر.'
    )
    art = articles(body)
    entities = extract_entities(art, CFG)
    assert ("ORG", "دير الزور 24") in entities.select("type", "canonical").rows()
    found = extract_sources(art, entities)
    assert_spans(found, body)
    assert found.select("kind", "name").rows() == [
        ("local_media", "دير الزور 24"),
        ("monitor", "المرصد السوري لحقوق الإنسان"),
        ("official", "التحالف الدولي"),
        ("anonymous", None),
    ]


def test_trigger_rules_find_places_people_and_organisations_not_in_the_lexicon():
    body = (
        "قال العقيد سامر الحلبي إن قوات النخبة السورية وصلت إلى قرية تل عران بريف حلب "
        "ومخيم الهول، وإن حقل العمر النفطي ومسجد التوحيد بخير."
    )
    found = extract_entities(articles(body), CFG).select("type", "canonical").rows()
    assert ("ORG", "قوات النخبة السورية") in found
    assert ("LOC", "تل عران") in found
    assert ("LOC", "حلب") in found
    assert ("LOC", "الهول") in found
    assert ("LOC", "حقل العمر") in found
    assert ("LOC", "مسجد التوحيد") in found


def test_misc_is_a_named_thing_not_a_description():
    descriptions = (
        "عقد مؤتمر صحفي بعد عملية جراحية وعملية تمشيط، وكان لقمة سائغة، "
        "ووقع اتفاق متوازن بعد قرار بريطانيا وعملية استحواذ واتفاق للتعاقد"
    )
    found = extract_entities(articles(descriptions), CFG)
    assert found.filter(pl.col("type") == "MISC").is_empty()
    names = "بعد اتفاق فيينا ومؤتمر جنيف"
    misc = extract_entities(articles(names), CFG).filter(pl.col("type") == "MISC")
    assert misc["text"].to_list() == ["اتفاق فيينا", "مؤتمر جنيف"]


def test_a_definite_institution_and_its_field():
    body = (
        "طالب الاتحاد السعودي لكرة القدم والأكاديمية الأمريكية لأمراض الجلد وقالت الوزارة المعنية"
    )
    found = extract_entities(articles(body), CFG).select("text", "type").rows()
    assert found == [
        ("الاتحاد السعودي لكرة القدم", "ORG"),
        ("الأكاديمية الأمريكية لأمراض الجلد", "ORG"),
    ]


def test_a_field_goes_on_through_its_coordinated_words():
    body = "قدم مركز الملك سلمان للإغاثة والأعمال الإنسانية مساعدات"
    found = extract_entities(articles(body), CFG).select("text", "type").rows()
    assert found == [("مركز الملك سلمان للإغاثة والأعمال الإنسانية", "ORG")]


def test_a_quoted_or_bracketed_name_after_a_kind_of_work_is_a_named_thing():
    body = (
        "سجل المكاتب في نظام «ساند» وبرنامج «مساند»، ويحمل عقار (أودومزو) تحذيرا، "
        "وقالت الوكالة (الفرنسية) إن إجازة عيد الفطر انتهت"
    )
    found = extract_entities(articles(body), CFG).select("text", "type").rows()
    assert found == [
        ("ساند", "MISC"),
        ("مساند", "MISC"),
        ("أودومزو", "MISC"),
        ("الفرنسية", "ORG"),  # the agency credited: Agence France-Presse
        ("عيد الفطر", "MISC"),
    ]
    assert_spans(extract_entities(articles(body), CFG), body)


def test_outlets_named_by_a_place_and_events_named_by_one():
    body = (
        "ذكرت صحيفة الرياض أن تلفزيون دبي بث ما ورد باتفاق الطائف، في موقع دمشق، "
        "وعبرت السفينة قناة السويس"
    )
    found = extract_entities(articles(body), CFG).select("text", "type").rows()
    assert found == [
        ("صحيفة الرياض", "ORG"),
        ("تلفزيون دبي", "ORG"),
        ("اتفاق الطائف", "MISC"),
        ("دمشق", "LOC"),
        ("قناة السويس", "LOC"),  # a canal, not a channel
    ]


def test_outlets_whose_names_are_words_need_a_head_a_correspondent_or_a_listener():
    body = (
        "وقالت قناة الجزيرة إن مراسل الحياة وصل، وقال الوزير للجزيرة إن الجزيرة العربية "
        "آمنة، وأكد حبه للوطن، والحياة صعبة."
    )
    found = extract_entities(articles(body), CFG)
    assert_spans(found, body)
    assert found.filter(pl.col("type") == "ORG").select("text", "canonical").rows() == [
        ("الجزيرة", "الجزيرة"),
        ("الحياة", "الحياة"),
        ("للجزيرة", "الجزيرة"),
    ]


def test_agencies_credited_in_brackets_are_organisations():
    body = "عملية السلام (الفرنسية - أرشيف) وقال الوزير (رويترز) إن (الفرنسية كلمة)"
    found = extract_entities(articles(body), CFG)
    assert_spans(found, body)
    assert found.select("text", "type", "canonical").rows() == [
        ("الفرنسية", "ORG", "فرانس برس"),
        ("رويترز", "ORG", "رويترز"),
    ]


def test_a_known_organisation_takes_its_head_and_its_adjective():
    found = [
        extract_entities(articles(body), CFG).select("text", "canonical").rows()
        for body in (
            "وقال مجلس الأمن الدولي إن منظمة الأمم المتحدة اجتمعت",
            "واجتمع مجلس الأمن القومي أمس",
        )
    ]
    assert found == [
        [("مجلس الأمن الدولي", "مجلس الأمن"), ("منظمة الأمم المتحدة", "الأمم المتحدة")],
        [("مجلس الأمن القومي", "مجلس الأمن القومي")],
    ]


def test_a_definite_head_and_the_kind_of_body_is_an_institution():
    body = (
        "وقرر البنك المركزي أن تنظر المحكمة العليا في القضية مع القوات المسلحة، "
        "ونشطت الحركة التجارية"  # commercial activity
    )
    found = extract_entities(articles(body), CFG).select("text", "type").rows()
    assert found == [("البنك المركزي", "ORG"), ("المحكمة العليا", "ORG"), ("القوات المسلحة", "ORG")]


def test_a_citys_canonical_name_is_its_common_spelling():
    body = "وصل الوفد إلى لندن ثم الجزائر"
    found = extract_entities(articles(body), CFG).select("text", "canonical").rows()
    assert found == [("لندن", "لندن"), ("الجزائر", "الجزائر")]


def test_generic_organisation_phrases_are_no_names():
    body = (
        "ومنذ بدايتها كشركة لبيع الكتب عبر الإنترنت، وبحضور المشرف العام على مركز الدكتور "
        "محمد العومي، وأنشأ شركة لبيع السيارات"
    )
    found = extract_entities(articles(body), CFG).select("text", "type").rows()
    assert found == [("محمد العومي", "PER")]


def test_an_organisations_short_form_takes_its_full_name():
    body = "افتتح مركز الملك سلمان لأمراض الكلى قسما جديدا، وقال مدير مركز الملك سلمان إن"
    found = extract_entities(articles(body), CFG).select("text", "canonical").rows()
    assert found == [
        ("مركز الملك سلمان لأمراض الكلى", "مركز الملك سلمان لأمراض الكلى"),
        ("مركز الملك سلمان", "مركز الملك سلمان لأمراض الكلى"),
    ]


def test_a_city_in_a_clubs_name_is_the_club():
    body = (
        "فاز ريال مدريد على مانشستر يونايتد، وانتقل اللاعب لإنتر ميلان من مدريد بمليون ريال"
        " ثم إلى بورتو البرتغالي، وزار باريس الفرنسية."
    )
    found = extract_entities(articles(body), CFG).select("text", "type").rows()
    assert found == [
        ("ريال مدريد", "ORG"),
        ("مانشستر يونايتد", "ORG"),
        ("إنتر ميلان", "ORG"),
        ("مدريد", "LOC"),
        ("بورتو", "ORG"),
        ("باريس", "LOC"),
    ]


TEAMS_AND_COMPETITIONS = {
    "a place after a word of the game is the team": (
        "وغاب لاعبو مانشستر عن المباراة، ورحل عن صفوف برشلونة، وفاز منتخب فرنسا على ضيفه"
        " البرازيل، ثم زار مدرب ليفربول مدينة مانشستر وملعب الرياض.",
        [
            ("مانشستر", "ORG"),
            ("برشلونة", "ORG"),
            ("فرنسا", "ORG"),
            ("البرازيل", "ORG"),
            ("ليفربول", "ORG"),
            ("مانشستر", "LOC"),
            ("الرياض", "LOC"),
        ],
    ),
    "leagues and cups of a country are named things": (
        "تصدر الدوري السعودي للمحترفين، وبلغ دوري أبطال أوروبا وفاز بكأس آسيا، ثم شرب"
        " كأس ماء وغاب عن الدوري. وأصدر ديوان المظالم حكما. ولعب في دوري انجلترا الممتاز"
        " ثم في الدوري الإنجليزي.",
        [
            ("الدوري السعودي للمحترفين", "MISC"),
            ("دوري أبطال أوروبا", "MISC"),
            ("كأس آسيا", "MISC"),
            ("ديوان المظالم", "ORG"),
            ("دوري انجلترا الممتاز", "MISC"),
            ("الدوري الإنجليزي", "MISC"),
        ],
    ),
}


@pytest.mark.parametrize(
    ("body", "expected"), TEAMS_AND_COMPETITIONS.values(), ids=TEAMS_AND_COMPETITIONS
)
def test_teams_and_competitions(body, expected):
    assert extract_entities(articles(body), CFG).select("text", "type").rows() == expected


def test_organisations_news_names_bare_are_found_and_common_nouns_need_their_head():
    body = (
        "وقال الناتو إن طالبان هاجمت، وأعلنت مايكروسوفت وفاز الزمالك. وعند فتح الباب"
        " كانت القاعدة الجوية مغلقة، ثم قالت حركة فتح وتنظيم القاعدة."
    )
    found = extract_entities(articles(body), CFG).select("text", "type", "canonical").rows()
    assert found == [
        ("الناتو", "ORG", "حلف شمال الأطلسي"),
        ("طالبان", "ORG", "طالبان"),
        ("مايكروسوفت", "ORG", "مايكروسوفت"),
        ("الزمالك", "ORG", "الزمالك"),
        ("حركة فتح", "ORG", "حركة فتح"),
        ("تنظيم القاعدة", "ORG", "تنظيم القاعدة"),
    ]


def test_a_city_named_like_a_person_or_a_common_word_needs_a_place_word():
    body = "وقال سالم إن سلالة جديدة ظهرت، ومن طراز قديم، ثم زار مدينة سالم."
    found = extract_entities(articles(body), CFG).select("text", "type").rows()
    assert ("سلالة", "LOC") not in found
    assert ("طراز", "LOC") not in found
    assert found.count(("سالم", "LOC")) == 1  # after مدينة only


@requires_shared
def test_seed_articles_score_as_the_issue_requires_on_the_gold_file():
    import json

    from akhbar.tasks.config import IngestConfig, ReadConfig
    from akhbar.tasks.evaluation import score_gold
    from akhbar.tasks.extract import extract
    from akhbar.tasks.ingest import ingest
    from akhbar.tasks.readers import iter_shards

    gold = json.loads((SHARED / "gold" / "seeds.json").read_text(encoding="utf-8"))
    (units,) = iter_shards(SHARED / "corpora" / "seeds", ReadConfig(), IngestConfig(), 100)
    arts = ingest(units, IngestConfig()).articles
    scores = score_gold(gold, arts, *extract(arts, CFG)[:4], load_lexicon(None, True).canonical)
    assert scores["entities"].recall >= 0.9
    assert scores["entities"].precision >= 0.8
    assert scores["dates"].recall == 1.0
    assert scores["numbers"].recall == 1.0
    assert scores["not_numbers"].recall == 1.0  # دير الزور24 is a name


def test_a_lone_conjunction_after_two_fields_is_no_second_field():
    # found at a million articles: "حقلي العمر و التنك" gave a zero-length LOC at "و"
    body = "سيطرت القوات على حقلي العمر و التنك أمس"
    entities = extract(articles(body), CFG)[0]
    assert_spans(entities, body)
    assert entities.select("text", "canonical").rows() == [("العمر", "حقل العمر")]
    glued = "سيطرت القوات على حقلي العمر والتنك أمس"
    entities = extract(articles(glued), CFG)[0]
    assert_spans(entities, glued)
    assert entities["canonical"].to_list() == ["حقل العمر", "حقل التنك"]


# --- word-start patterns ---------------------------------------------------------------
ARABIC_ISH = st.text(alphabet="وفب امس12٣ـًَ،.\n" + "اليومقالعام", max_size=60)


@settings(max_examples=300, deadline=None)
@given(ARABIC_ISH)
def test_word_start_patterns_match_as_their_lookbehinds_do(text):
    """WordStartPattern finds what the lookbehind pattern finds, at the same offsets."""
    import re

    from akhbar.tasks.extract.text import WordStartPattern

    body = r"(?:امس|اليوم|عام\s+(?P<year>\d{4})|\d+)(?!\w)"
    slow = re.compile(rf"(?:(?<!\w)|(?<=(?<!\w)[وفب]))(?:{body})")
    fast = WordStartPattern(body, glued="وفب")
    expected = [(m.span(), m["year"]) for m in slow.finditer(text)]
    assert [(m.span(), m["year"]) for m in fast.finditer(text)] == expected
    assert [m.span("year") for m in fast.finditer(text)] == [
        m.span("year") for m in slow.finditer(text)
    ]


def _patterns_with_starts():
    from akhbar.tasks.extract.dates import DATE_RE
    from akhbar.tasks.extract.numbers import NUMBER_RE
    from akhbar.tasks.extract.sources import CUE_RE, SPOKESPERSON_RE

    return {"date": DATE_RE, "number": NUMBER_RE, "cue": CUE_RE, "spokesperson": SPOKESPERSON_RE}


def _pieces():
    """Words and gaps the patterns' literals are made of, glued letters, and the rest."""
    literals = sorted({w for p in _patterns_with_starts().values() for w in p.starts})
    glued = st.sampled_from(["", "", "و", "ف", "ب", "ل", "وب", "فل", "ال"])
    gap = st.sampled_from([" ", " ", "\n", "، ", "\xa0"])
    return st.one_of(
        st.builds(lambda g, w, sp: g + w + sp, glued, st.sampled_from(literals), gap),
        st.sampled_from(["15 ", "2015 ", "15/7/2015", "2015-07-15", "٣ ", "عام ", "المتحدث باسم "]),
        st.sampled_from(["و", "ف", "ب", "ل", "ال", "لل", "من", "باسم", "الماضي", "عناصر"]),
        st.sampled_from([" ", "  ", "\n", "\xa0", "\t", "، ", ". ", "/", "-", '"', "%"]),
        st.sampled_from(["ـ", "َ", "ً", "x", "_", "𝐀", "😀", "ين", "ان", "حقلين", "كبيرين"]),
        st.text(alphabet="ابتثجحخدذرسشصضطظعغفقكلمنهويى0123456789٠١٢", max_size=6),
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(_pieces(), max_size=30).map("".join))
def test_the_literal_prefilter_loses_no_match(text):
    """Tried only at :meth:`word_starts`, each pattern finds what it finds everywhere.

    The invariant behind the one-pass candidate search: every match begins with one of
    the pattern's ``starts`` within ``reach`` of its word's start.
    """
    for name, pattern in _patterns_with_starts().items():
        (at,) = pattern.word_starts(pl.Series([text]))
        everywhere = [(m.span(), m._m.group()) for m in pattern.finditer(text)]
        assert [(m.span(), m._m.group()) for m in pattern.finditer(text, at)] == everywhere, name


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.lists(_pieces(), max_size=12).map("".join)), max_size=8),
    st.integers(min_value=1, max_value=40),
)
def test_a_shards_word_starts_are_each_texts_own(texts, chunk):
    """Found for many texts at once (in chunks of any size), starts are as found alone."""
    from unittest import mock

    from akhbar.tasks.extract import text as text_module

    series = pl.Series(texts, dtype=pl.String)
    with mock.patch.object(text_module, "WORD_START_CHUNK", chunk):
        for name, pattern in _patterns_with_starts().items():
            alone = [pattern.word_starts(pl.Series([t], dtype=pl.String))[0] for t in texts]
            assert pattern.word_starts(series) == alone, name


def _offsets(text, literals, unit):
    """Every (overlapping) occurrence of the literals in ``text``: characters or bytes."""
    at = sorted({i for lit in literals for i in range(len(text)) if text.startswith(lit, i)})
    return [len(text[:i].encode()) for i in at] if unit == "bytes" else at


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(_pieces(), max_size=12).map("".join)), max_size=6))
def test_word_starts_read_find_manys_offsets_in_bytes_and_in_characters(texts):
    """Polars < 2.2 gives ``str.find_many``'s offsets in UTF-8 bytes, 2.2 in characters:
    both give the same word starts, and the version at hand is read right."""
    from unittest import mock

    from akhbar.tasks.extract import text as text_module

    series = pl.Series(texts, dtype=pl.String)
    pattern = _patterns_with_starts()["date"]
    found = {
        unit: pl.Series(
            [None if t is None else _offsets(t, pattern.starts, unit) for t in texts],
            dtype=pl.List(pl.Int64),
        )
        for unit in ("bytes", "characters")
    }
    starts = {}
    for unit, in_bytes in (("bytes", True), ("characters", False)):
        with mock.patch.object(text_module, "find_many_counts_bytes", lambda b=in_bytes: b):
            starts[unit] = text_module._word_starts(series, found[unit], pattern.reach)
    assert starts["bytes"] == starts["characters"]
    assert pattern.word_starts(series) == starts["characters"]


def _python_calls(fn) -> int:
    """Python-level calls (generator steps included) that ``fn()`` makes: a clock-free cost."""
    import sys

    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return calls


def test_extraction_work_grows_linearly_with_body_size():
    """A 2 MB body costs at most 15x a 200 KB one (was quadratic in its mentions).

    Counted in Python calls, not seconds, so that a busy machine cannot fail it;
    bench/extract_scaling.py times the same bodies.
    """
    paragraph = (
        'قال المتحدث باسم "قوات سوريا الديمقراطية" إن الاشتباكات في بلدة الباغوز بريف '
        "دير الزور أسفرت عن مقتل 25 عنصرا يوم الجمعة 1 مارس 2019، وفق المرصد السوري "
    )
    costs = []
    for size in (200_000, 2_000_000):
        body = (paragraph * (size // len(paragraph) + 1))[:size]
        articles = pl.DataFrame(
            {"article_id": ["a"], "body": [body], "published_date": [dt.date(2019, 3, 2)]}
        )
        costs.append(_python_calls(lambda a=articles: extract(a, ExtractConfig())))
    assert costs[1] <= 15 * costs[0], costs


def test_a_body_without_punctuation_is_not_slower_per_character():
    words = "قال الوزير إن الحكومة ستعمل مع الشركاء وفق الخطة المعلنة " * 4000
    costs = [
        _python_calls(
            lambda n=n: extract(
                pl.DataFrame(
                    {"article_id": ["a"], "body": [words[:n]], "published_date": [None]},
                    schema_overrides={"published_date": pl.Date},
                ),
                ExtractConfig(),
            )
        )
        for n in (20_000, 200_000)
    ]
    assert costs[1] <= 15 * costs[0], costs


def _sources(body, outlet=None):
    articles = pl.DataFrame({"article_id": ["a"], "body": [body], "outlet": [outlet]})
    entities = extract_entities(articles, CFG)
    return extract_sources(articles, entities).select("kind", "name").rows()


def test_a_name_after_lam_is_who_was_spoken_to_not_the_source():
    assert _sources('وقال لـ"الشرق الأوسط" إن الاجتماع تأجل.') == []
    assert _sources('وقال المتحدث باسم "التحالف" إن الاجتماع تأجل.')[0][0] == "official"
    # "according to" keeps its lam
    assert _sources("وفقا لرويترز فإن الاجتماع تأجل.") == [("agency", "رويترز")]


def test_a_source_after_the_listener_is_who_spoke():
    body = "وكشف لـ «عكاظ» مصدر مطلع أن الاجتماع تأجل."
    assert _sources(body) == [("anonymous", None)]


def test_a_verb_without_a_subject_goes_on_quoting_the_last_speaker():
    body = "قال الوزير خالد الفالح إن الإنتاج مستقر. وأضاف أن الأسعار سترتفع، وأشار إلى أن"
    assert [kind for kind, _ in _sources(body)] == ["official", "official", "official"]
    after_subject = 'قالت مصادر محلية إن القصف استمر. وكان متحدث باسم "التحالف" قد أكد أن'
    assert _sources(after_subject) == [("anonymous", None), ("official", "التحالف")]


@pytest.mark.parametrize(
    "body",
    [
        "وأضاف المجلس في بيان له أن الاجتماع تأجل.",
        "وقالت الشرطة إن الحادث وقع فجرا.",
        "وذكر نادي الاتحاد عبر حسابه أن اللاعب سافر.",
        "وتقول الأكاديمية الأمريكية لأمراض الجلد إن الوقاية ممكنة.",
    ],
)
def test_an_institution_named_by_its_head_noun_is_an_official_source(body):
    assert [kind for kind, _ in _sources(body)] == ["official"]


def test_sources_in_the_present_tense():
    assert _sources("ويقول المهاجم دييجو كوستا إن الفريق جاهز.")[0][0] == "official"


def test_the_articles_own_outlet_is_not_its_source():
    body = 'وأكدت صحيفة "عكاظ" أن الاجتماع تأجل.'
    assert _sources(body, outlet=None) == [("local_media", "عكاظ")]
    assert _sources(body, outlet="عكاظ") == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="وفبال كتـًَ،.\n\t\xa012x😀", max_size=50))
def test_words_are_the_letter_runs_with_their_spans_and_joins(body):
    """One word per run of letters (marks and tatweel inside it), spans into the text.

    Tatweel is out of the key, and ``joined`` holds exactly when only spaces separate a
    word from the one before.
    """
    import itertools
    import re

    from akhbar.tasks.extract.lexicon import words_of
    from akhbar.tasks.extract.text import WORD, with_folds

    folded = with_folds(pl.DataFrame({"body": [body]}))["folded_marks"][0]
    runs = list(re.finditer(WORD, folded))
    words = words_of(body, folded)
    assert [(w[0], w[1]) for w in words] == [m.span() for m in runs]
    assert [w[2] for w in words] == [m.group().replace("ـ", "") for m in runs]
    gaps = [folded[a.end() : b.start()] for a, b in itertools.pairwise(runs)]
    assert [w[3] for w in words] == [False, *(g.isspace() for g in gaps)][: len(words)]


def test_an_organisation_introduced_by_its_head_noun_is_found_alone_later():
    body = "أعلنت شركة نوفارتيس عن دواء جديد. وقالت نوفارتيس إن الدواء آمن، ولنوفارتيس فروع."
    found = extract_entities(articles(body), CFG)
    assert_spans(found, body)
    assert found.select("text", "type", "canonical").rows() == [("نوفارتيس", "ORG", "نوفارتيس")] * 3


@pytest.mark.parametrize(
    "body",
    [
        "أسس شركة عقارية ثم شركة منوعة ثم مجموعة شركات",  # adjectives, plurals
        "قال فريق عمل إن فريق متطوعين وصل",  # common words, plurals
        "أعلنت شركة للإسكان وشركة مكرر وشركة فروعها",  # a proclitic, a participle, a pronoun
    ],
)
def test_what_follows_a_head_noun_is_not_learned_when_it_reads_as_arabic(body):
    assert extract_entities(articles(body), CFG).filter(pl.col("type") == "ORG").is_empty()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["الاتحاد", "اتحاد", "نادي", "لجنة", "الوفاق", "ساما"]), max_size=3),
    st.lists(
        st.tuples(
            st.sampled_from(["", "و", "ف", "ب", "ل", "ك", "لل", "ولل", "فل", "وب", "ال"]),
            st.sampled_from(["الاتحاد", "اتحاد", "لاتحاد", "ساما", "الوفاق", "وفاق", "لجنه", "ن"]),
        ).map("".join),
        max_size=20,
    ),
)
def test_organisation_words_found_among_their_forms_are_those_a_test_of_every_key_finds(
    names, words
):
    """Testing only the keys :func:`organisation_forms` lists loses no learned name."""
    from akhbar.tasks.extract.lexicon import ShardKeys
    from akhbar.tasks.extract.organisations import organisation_forms, organisation_key

    learned = {n: n for n in names}
    keys = ShardKeys([[(0, 1, w, True) for w in words]])

    def test(k):
        return organisation_key(k, learned) is not None

    among = keys.mask_among(organisation_forms(learned), test)
    assert among.tolist() == keys.mask(test).tolist()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from(["أ", "ب", "ج"]), st.booleans()), max_size=8),
        max_size=4,
    ),
    st.sets(st.tuples(st.sampled_from(["أ", "ب", "ج"]), st.sampled_from(["أ", "ب", "ج"]))),
)
def test_pair_counts_are_the_pairs_a_loop_over_the_words_counts(articles, pairs):
    """Counted over the shard's column at once: a word and the next, joined by spaces.

    In the same article.
    """
    import itertools
    from collections import Counter

    from akhbar.tasks.extract.lexicon import ShardKeys

    words = [[(0, 1, k, joined) for k, joined in article] for article in articles]
    expected = Counter(
        (a[2], b[2])
        for article in words
        for a, b in itertools.pairwise(article)
        if b[3] and (a[2], b[2]) in pairs
    )
    assert ShardKeys(words).pair_counts(pairs) == dict(expected)
