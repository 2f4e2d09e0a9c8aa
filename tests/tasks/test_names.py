"""Persons learned from the corpus (tasks/extract/names.py)."""

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.tasks.config import ExtractConfig
from akhbar.tasks.extract import LEARNED_SCHEMA, extract
from akhbar.tasks.extract.entities import entity_frames
from akhbar.tasks.extract.names import Names

CFG = ExtractConfig()


def shard(*bodies):
    return pl.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(bodies))],
            "body": list(bodies),
            "published_date": [None] * len(bodies),
        },
        schema={"article_id": pl.String, "body": pl.String, "published_date": pl.Date},
    )


def persons(entities, article_id=None):
    rows = entities.filter(pl.col("type") == "PER")
    if article_id:
        rows = rows.filter(pl.col("article_id") == article_id)
    return rows.select("text", "canonical").rows()


def test_a_name_after_a_title_is_learned_and_found_with_its_surname_after_it():
    entities, learned = entity_frames(
        shard(
            "وقال رئيس الحكومة يوسف الشاهد إن الإصلاحات مستمرة، وأضاف الشاهد أن الوضع صعب.",
            "التقى الشاهد وفداً من رجال الأعمال.",
        ),
        CFG,
    )
    assert learned.select("name", "type", "evidence", "first_article_id").rows() == [
        ("يوسف الشاهد", "PER", "title", "a0")
    ]
    assert persons(entities, "a0") == [
        ("يوسف الشاهد", "يوسف الشاهد"),
        ("الشاهد", "يوسف الشاهد"),
    ]
    assert persons(entities, "a1") == []  # الشاهد alone is also "the witness"


def test_a_rare_surname_names_its_person_everywhere():
    entities, _ = entity_frames(
        shard("وقال وزير الخارجية عادل الجبير إن المحادثات مثمرة.", "والتقى الجبير نظيره."),
        CFG,
    )
    assert persons(entities, "a1") == [("الجبير", "عادل الجبير")]


def test_patronymic_chains_and_compound_names_stay_whole():
    _, learned = entity_frames(
        shard(
            "استقبل الشيخ حمد بن خليفة آل ثاني أمير البلاد ضيوفه.",
            "وأكد السيد حسن نصر الله في خطابه أن المقاومة مستمرة.",
        ),
        CFG,
    )
    assert set(learned["name"]) == {"حمد بن خليفة آل ثاني", "حسن نصر الله"}


def test_one_speech_context_learns_a_name_and_the_second_counts_as_evidence():
    once = shard("وقال محمد العتيبي إن الاجتماع انتهى.")
    assert entity_frames(once, CFG)[1].select("name", "evidence").rows() == [
        ("محمد العتيبي", "speech")
    ]
    twice = shard("وقال محمد العتيبي إن الاجتماع انتهى.", "وأضاف محمد العتيبي أن القرار نهائي.")
    assert entity_frames(twice, CFG)[1]["n_evidence"].to_list() == [2]


def test_speakers_that_are_common_words_are_not_learned():
    speakers = shard("وقال مسؤولون أمريكيون إن الاجتماع انتهى.", "وأضاف مصدر مطلع أن القرار نهائي.")
    assert entity_frames(speakers, CFG)[1].is_empty()


def test_common_words_after_a_title_are_no_name():
    entities, learned = entity_frames(
        shard(
            "قال إن الرئيس يريد الرحيل عن السلطة.",
            "منح الدستور الرئيس سلطة غير محدودة.",
            "وقال وزير الخارجية إن المحادثات مستمرة.",
            "وقال مراسل الجزيرة إن القصف استمر.",
        ),
        CFG,
    )
    assert learned.is_empty()
    assert persons(entities) == []


def test_a_one_word_name_needs_two_titles_and_mostly_stands_after_one():
    once = shard("وقال الرئيس شيراك إن فرنسا ترفض الحرب.")
    assert entity_frames(once, CFG)[1].is_empty()
    twice = shard("وقال الرئيس شيراك إن فرنسا ترفض الحرب.", "وأعلن الرئيس شيراك خطة جديدة.")
    assert entity_frames(twice, CFG)[1]["name"].to_list() == ["شيراك"]
    noun = shard(
        "وقال المدير شؤون الموظفين إن الخطة جاهزة.",
        "وقال المدير شؤون الطلاب إن الخطة جاهزة.",
        *["وتناول الاجتماع شؤون المنطقة وشؤون الناس."] * 4,
    )
    assert "شؤون" not in entity_frames(noun, CFG)[1]["name"].to_list()
    given = shard("وقال الأمير عبدالرحمن إن الخطة جاهزة.", "وأعلن الأمير عبدالرحمن خطة جديدة.")
    assert entity_frames(given, CFG)[1].is_empty()  # a given name alone is no one


def test_a_surname_alone_is_a_speaker_when_a_clause_or_punctuation_follows_it_twice():
    twice = shard("وأوضح فيرجسون أن الخطة جاهزة.", "وقال فيرجسون: الخطة جاهزة.")
    assert entity_frames(twice, CFG)[1]["name"].to_list() == ["فيرجسون"]
    manner = shard("وأضاف موضحا أن الخطة جاهزة.", "وقال موضحا إن الخطة جاهزة.")
    assert entity_frames(manner, CFG)[1].is_empty()  # a participle of manner, no speaker
    pronoun = shard("وأكد سموه أن الدعم مستمر.", "وأضاف سموه أن الدعم مستمر.")
    assert entity_frames(pronoun, CFG)[1].is_empty()  # a title with its pronoun
    plural = shard("وقال محللون إن السوق هادئ.", "وأضاف محللون أن السوق هادئ.")
    assert entity_frames(plural, CFG)[1].is_empty()


def test_a_title_behind_lam_is_a_title():
    _, learned = entity_frames(
        shard("نقل الوزير رسالة للرئيس جاك شيراك أمس.", "وصل لوزير الخارجية جون كيري رد."),
        CFG,
    )
    assert sorted(learned["name"].to_list()) == ["جاك شيراك", "جون كيري"]
    world = shard("أصبح مشهورا للعالم بأسره.", "قدم للعالم بأسره خدمة.")
    assert entity_frames(world, CFG)[1].is_empty()  # للعالم: to the world


def test_a_common_word_with_the_article_after_a_given_name_is_its_family_name():
    _, learned = entity_frames(
        shard("وقال الرئيس السوري بشار الأسد إن الحرب مستمرة.", "وأعلن الرئيس عمر البشير خطة."),
        CFG,
    )
    assert sorted(learned["name"].to_list()) == ["بشار الأسد", "عمر البشير"]
    not_family = shard(
        "وزار الملك سلمان الخميس المدينة.",  # a weekday
        "وقال المتحدث باسم الوزارة إن الخطة جاهزة.",  # باسم: in the name of
        "وعولج في مستشفى الملك فهد الجامعي.",  # an institution
        "وقال الأمير سلطان الجديد إن الخطة جاهزة.",  # too common
    )
    assert entity_frames(not_family, CFG)[1].is_empty()


def test_names_known_from_an_earlier_run_are_found_and_not_learned_again():
    body = "وصل يوسف الشاهد إلى صفاقس، وقال الشاهد إن المشاريع ستنطلق."
    alone = entity_frames(shard(body), CFG)[0]
    assert persons(alone) == []
    entities, learned = entity_frames(shard(body), CFG, Names.of(["يوسف الشاهد"]))
    assert persons(entities) == [("يوسف الشاهد", "يوسف الشاهد"), ("الشاهد", "يوسف الشاهد")]
    assert learned.is_empty()


def test_learning_can_be_switched_off():
    body = "وقال رئيس الحكومة يوسف الشاهد إن الإصلاحات مستمرة."
    entities, learned = entity_frames(shard(body), ExtractConfig(learn_names=False))
    assert learned.is_empty()
    assert persons(entities) == []


WORDS = [
    "وقال",
    "الرئيس",
    "الشيخ",
    "بن",
    "أبو",
    "عبد",
    "الله",
    "يوسف",
    "الشاهد",
    "جاك",
    "شيراك",
    "إن",
    "في",
    "،",
    ".",
    "وزير",
    "الخارجية",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join), max_size=4))
def test_every_learned_name_is_written_in_its_first_article(bodies):
    frame = shard(*bodies)
    found = extract(frame, CFG)
    assert found.learned.schema == LEARNED_SCHEMA
    by_id = dict(frame.select("article_id", "body").iter_rows())
    for name, article_id in found.learned.select("name", "first_article_id").iter_rows():
        assert name in by_id[article_id]
    people = found.entities.filter(pl.col("type") == "PER")
    for article_id, start, end, text in people.select("article_id", "start", "end", "text").rows():
        assert by_id[article_id][start:end] == text


def test_a_given_name_before_a_rare_family_name_is_learned_from_one_mention():
    once = shard("التقى جون ماكين وفداً من رجال الأعمال.", "ورد ماكين على ذلك.")
    entities, learned = entity_frames(once, CFG)
    assert learned.select("name", "evidence", "n_evidence").rows() == [("جون ماكين", "given", 1)]
    assert persons(entities, "a1") == [("ماكين", "جون ماكين")]


def test_a_given_name_before_a_common_word_is_no_name():
    entities, learned = entity_frames(shard("التقى محمد الطلاب في المدرسة."), CFG)
    assert learned.is_empty()
    assert persons(entities, "a0") == []


def test_the_second_half_of_a_compound_name_is_no_surname():
    entities, learned = entity_frames(
        shard("وقال الأمين العام حسن نصر الله إن المقاومة مستمرة.", "وأكد حزب الله أن الله معنا."),
        CFG,
    )
    assert learned["name"].to_list() == ["حسن نصر الله"]
    assert persons(entities, "a1") == []


def test_a_rare_surname_the_shard_mostly_uses_as_a_word_names_nobody_elsewhere():
    market = ["ارتفع المؤشر العام للسوق اليوم."] * 60
    entities, learned = entity_frames(
        shard("وقال الرئيس سلمان المؤشر إن الشركة رابحة.", *market), CFG
    )
    assert learned["name"].to_list() == ["سلمان المؤشر"]
    assert persons(entities, "a0") == [("سلمان المؤشر", "سلمان المؤشر")]
    assert persons(entities.filter(pl.col("article_id") != "a0")) == []


def test_relative_pronouns_spokespersons_and_prepositions_start_no_name():
    entities, learned = entity_frames(
        shard(
            "وتم التكتم على اسم القاضي الذي سيرأس المحاكمة وهو شيعي.",
            "وقال متحدث باسم الجيش إن القصف توقف.",
            "وأوضح بأن الاتفاقية نهائية.",
        ),
        CFG,
    )
    assert learned.is_empty()
    assert persons(entities) == []


def test_a_title_after_k_starts_no_name():
    _, learned = entity_frames(shard("وجودهم مهم مع الفريق كمدرب الحراس والطاقم الطبي."), CFG)
    assert learned.is_empty()


def test_a_common_word_in_the_accusative_ends_no_name():
    entities, learned = entity_frames(shard("وقدم أحمد برنامجا تلفزيونيا جديدا."), CFG)
    assert learned.is_empty()
    assert persons(entities) == []


def test_a_fathers_name_alone_names_no_one():
    entities, learned = entity_frames(
        shard("ولدت فاطمة بنت أسد في مكة.", "وظهر أسد في الغابة."), CFG
    )
    assert learned["name"].to_list() == ["فاطمة بنت أسد"]
    assert persons(entities, "a1") == []


def test_a_given_name_folded_like_the_article_starts_a_name():
    entities, learned = entity_frames(
        shard("وضع ألبرت أينشتاين النظرية النسبية.", "ولد أينشتاين في مدينة أولم."), CFG
    )
    assert learned["name"].to_list() == ["ألبرت أينشتاين"]
    assert persons(entities, "a1") == [("أينشتاين", "ألبرت أينشتاين")]


def test_a_towns_name_after_a_given_name_is_a_family_name():
    entities, learned = entity_frames(
        shard("وقال السفير جون بولتون إن المجلس سيجتمع.", "ورفض بولتون الاقتراح."), CFG
    )
    assert learned["name"].to_list() == ["جون بولتون"]
    assert persons(entities, "a1") == [("بولتون", "جون بولتون")]
    assert entities.filter(pl.col("type") == "LOC").is_empty()


def test_a_word_with_the_article_after_a_foreign_surname_is_the_sentence_going_on():
    _, learned = entity_frames(shard("لقد غادر الرئيس بوريس يلتسين الكرملين مبكرا."), CFG)
    assert learned["name"].to_list() == ["بوريس يلتسين"]


def test_a_family_name_with_the_article_after_a_fathers_given_name_ends_the_name():
    _, learned = entity_frames(shard("وقال الرئيس السوداني عمر حسن البشير إن الحوار مستمر."), CFG)
    assert learned["name"].to_list() == ["عمر حسن البشير"]


def test_a_name_after_a_nationality_is_learned():
    _, learned = entity_frames(
        shard(
            "وقال كوستا إن الكولومبي رادامل فالكاو زميله الجديد.",
            "النادي الذي يدربه البرتغالي المخضرم جوزيه مورينيو.",
        ),
        CFG,
    )
    assert learned.select("name", "evidence").rows() == [
        ("رادامل فالكاو", "nationality"),
        ("جوزيه مورينيو", "nationality"),
    ]


def test_the_sentence_going_on_after_a_nationality_is_no_name():
    _, learned = entity_frames(
        shard(
            "وقال إن الجيش الأمريكي يمد القوات بالسلاح.",
            "وحقق الفريق الإسباني فوزه الثاني.",
            "وأكدت الحكومة الفرنسية أنها ستبذل جهودها.",
        ),
        CFG,
    )
    assert learned.is_empty()


def test_a_name_with_fal_bal_kal_that_is_no_clitic_goes_on():
    _, learned = entity_frames(shard("وانتقل المهاجم رادامل فالكاو إلى تشيلسي."), CFG)
    assert learned["name"].to_list() == ["رادامل فالكاو"]


def test_a_compound_given_name_alone_is_not_learned():
    entities, learned = entity_frames(
        shard("واستقبل الملك عبد الله الوفد.", "وحضر عبد الله الاجتماع."), CFG
    )
    assert learned.is_empty()
    assert persons(entities, "a0") == [("عبد الله", "عبد الله")]  # after the title only
    assert persons(entities, "a1") == []


def test_the_second_half_of_a_compound_starts_no_name():
    _, learned = entity_frames(shard("وقاتلت جماعة أنصار الله الحوثية في عدن."), CFG)
    assert learned.is_empty()


def test_particles_of_european_names_go_on_and_the_sentence_does_not():
    _, learned = entity_frames(
        shard(
            "وقال المهاجم الهولندي رود فان نيستلروي إن الفريق جاهز.",
            "وقالت الوزيرة كوندوليزا رايس ستزور المنطقة.",
            "واستقبل الشيخ حمد بن عيسى آل خليفة ملك البحرين الوفد.",
        ),
        CFG,
    )
    assert learned["name"].to_list() == [
        "رود فان نيستلروي",
        "كوندوليزا رايس",
        "حمد بن عيسى آل خليفة",
    ]


def test_the_second_half_of_abd_is_no_surname():
    entities, _ = entity_frames(
        shard("وقال المهندس محمد عبد الفتاح إن المشروع جاهز.", "وقال الفتاح إن ذلك صحيح."), CFG
    )
    assert persons(entities, "a1") == []


def test_an_ordinal_ends_only_a_regnal_name():
    _, learned = entity_frames(
        shard("واستقبل الملك عبد الله الثاني الوفد.", "وحقق الفريق الإسباني فوزه الثاني."), CFG
    )
    assert learned["name"].to_list() == ["عبد الله الثاني"]


def test_a_surname_that_is_a_common_noun_is_the_word_where_the_shard_says_so():
    known = Names.of(["محمد العمرة"])
    umrah = shard(
        "وأدى المعتمرون العمرة أمس.", "وتبدأ العمرة بعد الحج.", "وارتفع عدد تأشيرات العمرة."
    )
    entities, _ = entity_frames(umrah, CFG, known)
    assert persons(entities) == []
    after_the_name = shard("وقال الشيخ محمد العمرة إن الموسم ناجح، وأضاف العمرة أن")
    assert [text for text, _ in persons(entity_frames(after_the_name, CFG, known)[0])] == [
        "محمد العمرة",
        "العمرة",
    ]


def test_one_person_has_one_canonical_across_spellings_and_chains():
    known = Names.of(["سلمان بن عبدالعزيز", "عبد ربه منصور هادي", "محمد بن سلمان بن عبدالعزيز"])
    assert known.same_person(("سلمان", "بن", "عبد", "العزيز")) == "سلمان بن عبدالعزيز"
    assert known.same_person(("سلمان", "بن", "عبدالعزيز", "ال", "سعود")) == "سلمان بن عبدالعزيز"
    assert known.same_person(("عبدربه", "منصور", "هادي")) == "عبد ربه منصور هادي"
    assert known.same_person(("محمد", "بن", "سلمان")) == "محمد بن سلمان بن عبدالعزيز"
    assert known.same_person(("محمد", "بن", "نايف")) is None
    body = "واستقبل خادم الحرمين الشريفين الملك سلمان بن عبد العزيز آل سعود الوفد"
    entities, _ = entity_frames(shard(body), CFG, known)
    assert {canonical for _, canonical in persons(entities)} == {"سلمان بن عبدالعزيز"}


def test_a_listed_given_name_keeps_its_glued_letter():
    _, learned = entity_frames(shard("وقال الأمير فيصل بن خالد إن المشروع جاهز."), CFG)
    assert learned["name"].to_list() == ["فيصل بن خالد"]  # not يصل "arrives"


def test_two_given_names_are_a_name_and_a_common_pair_is_not():
    _, learned = entity_frames(
        shard("وكتب طه حسين كتابه الأول.", "وبارك الله في رمضان الكريم."), CFG
    )
    assert learned["name"].to_list() == ["طه حسين"]


def test_a_blessing_ends_the_name_before_god():
    _, learned = entity_frames(
        shard("وأكد خادم الحرمين الملك سلمان بن عبدالعزيز حفظه الله أن المملكة ماضية."), CFG
    )
    assert learned["name"].to_list() == ["سلمان بن عبدالعزيز"]


def test_a_plural_verb_neither_starts_nor_goes_on_a_name_and_a_given_name_is_no_verb():
    _, learned = entity_frames(
        shard(
            "واستقبل الأمير خالد الفيصل والأمير سلطان يستعرضان حرس الشرف.",
            "وقال الرئيس الفرنسي فرانسوا هولاند إن القمة ناجحة.",
        ),
        CFG,
    )
    assert "فرانسوا هولاند" in learned["name"].to_list()
    assert not any("يستعرضان" in name for name in learned["name"])


def test_a_name_in_an_institutions_or_a_places_name_is_not_a_persons():
    entities, learned = entity_frames(
        shard(
            "وزار الوفد حديقة الملك فيصل النموذجية.",
            "وأقيم الحفل بمركز الأمير سلطان بن عبدالعزيز الحضاري.",
        ),
        CFG,
    )
    assert learned.is_empty()
    assert persons(entities) == []
    assert entities.filter(pl.col("article_id") == "a1")["type"].to_list() == ["ORG"]


def test_a_common_feminine_adjective_ends_a_name_and_a_rare_one_is_a_family_name():
    _, learned = entity_frames(
        shard(
            "وقال الأمير فيصل النموذجية المدرسة.",
            "وقالت الوزيرة راوية بنت سعود البوسعيدية إن الخطة جاهزة.",
        ),
        CFG,
    )
    assert learned["name"].to_list() == ["راوية بنت سعود البوسعيدية"]


def test_a_surname_that_reads_as_a_word_names_no_one_in_other_articles():
    """A surname that is a word is the word in the shard's other articles.

    ``حرص`` ("was keen"), read on past ``ثومسون``, takes the article (``الحرص``);
    ``أينشتاين``, as common in wordfreq, takes neither the article nor و.
    """
    keen = [f"وأكد المسؤول حرص الوزارة على الخدمة رقم {i}." for i in range(12)]
    entities, learned = entity_frames(
        shard("وقال الأمين العام بيتر ثومسون حرص على الحضور.", *keen), CFG
    )
    assert learned["name"].to_list() == ["بيتر ثومسون حرص"]  # the context still reads it so
    assert [a for (a,) in entities.filter(pl.col("type") == "PER").select("article_id").rows()] == [
        "a0"
    ]
    einstein = [f"ونظرية أينشتاين رقم {i} معروفة." for i in range(12)]
    entities, _ = entity_frames(
        shard("وقال العالم ألبرت أينشتاين إن الخيال أهم.", "وكتب ألبرت أينشتاين.", *einstein),
        CFG,
    )
    assert persons(entities, "a5") == [("أينشتاين", "ألبرت أينشتاين")]


def test_a_family_name_several_persons_bear_is_itself_alone_and_theirs_after_them():
    known = Names.of(["رفيق الحريري", "سعد الحريري", "عمر البشير", "عمر حسن البشير"])
    entities, _ = entity_frames(
        shard(
            "وقال الحريري إن الحكومة ستجتمع.",
            "وقال سعد الحريري إن الحكومة ستجتمع، وأضاف الحريري أن الموعد قريب.",
            "وقال البشير إن الحوار مستمر.",
        ),
        CFG,
        known,
    )
    assert persons(entities, "a0") == [("الحريري", "الحريري")]
    assert persons(entities, "a1") == [("سعد الحريري", "سعد الحريري"), ("الحريري", "سعد الحريري")]
    assert persons(entities, "a2") == [("البشير", "عمر البشير")]  # one person, two spellings


def test_a_nisba_after_a_definite_noun_is_its_adjective_not_the_family_name():
    known = Names.of(["عواد الحربي"])
    entities, _ = entity_frames(
        shard("وقال عواد الحربي إن طيران النظام الحربي قصف المدينة، وأكد الحربي ذلك."),
        CFG,
        known,
    )
    assert [text for text, _ in persons(entities)] == ["عواد الحربي", "الحربي"]
    assert entities.filter(pl.col("text") == "الحربي")["start"].to_list() == [
        entities.filter(pl.col("type") == "PER")["start"].to_list()[-1]
    ]


def test_a_definite_word_after_a_given_name_that_is_a_common_word_is_no_family_name():
    _, learned = entity_frames(
        shard("ويعاني كبار السن في عمر المتقدم من الأمراض.", "وقال مصطفى الفقي إن"), CFG
    )
    assert learned["name"].to_list() == ["مصطفى الفقي"]


def test_god_after_a_preposition_and_a_word_ends_no_name():
    _, learned = entity_frames(
        shard("وقال الشيخ محمد بمشيئة الله سننجح.", "وقال السيد حسن نصر الله إن"), CFG
    )
    assert learned["name"].to_list() == ["حسن نصر الله"]


def test_a_word_with_a_pronoun_after_teh_marbuta_reads_as_a_word():
    from akhbar.tasks.extract.names import _inflected

    assert _inflected("سعادته")  # سعادة + ه
    assert _inflected("حرص")  # الحرص
    assert not _inflected("اينشتاين")


def test_a_persons_name_right_after_an_institutions_head_is_the_institution():
    entities, _ = entity_frames(
        shard(
            "وقال عبداللطيف جميل إن السوق تنمو، وأعلنت شركة عبداللطيف جميل أرباحها.",
            "وقال المشرف على مركز الدكتور محمد العومي إن المرضى بخير.",
        ),
        CFG,
    )
    a0 = entities.filter(pl.col("article_id") == "a0").select("text", "type").rows()
    assert a0 == [("عبداللطيف جميل", "PER"), ("شركة عبداللطيف جميل", "ORG")]
    assert persons(entities, "a1") == [("محمد العومي", "محمد العومي")]  # a title between
