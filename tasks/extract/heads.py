"""Head words of Arabic names (folded keys).

The triggers that start or end a place, person, organisation, media outlet or event
name, shared by the rule tagger, the learned names and the NER comparison.
"""

from __future__ import annotations

from akhbar.tasks.extract.text import fold

PLACE_WORDS = {  # trigger -> whether the trigger belongs to the name
    "بلده": False,
    "بلدات": False,
    "قريه": False,
    "قري": False,
    "مدينه": False,
    "محافظه": False,
    "ناحيه": False,
    "ريف": False,
    "منطقه": False,
    "حي": False,
    "مخيم": False,
    "مخيمات": False,
    "نهر": False,
    "جبل": False,
    "بحيره": False,
    "ولايه": False,
    "اقليم": False,
    "قضاء": False,
    "حقل": True,
    "حقلي": True,
    "مسجد": True,
    "مطار": True,
    "ميناء": True,
    "سجن": True,
    "معبر": True,
    "سد": True,
}
PLACE_PREFIXES = {
    "دير",
    "ابو",
    "ام",
    "عين",
    "تل",
    "جسر",
    "راس",
    "الشيخ",
    "بئر",
    "حمام",
    "كفر",
    "بني",
    "بيت",
    "خان",
    "سيدي",
    "عرب",
    "جبل",
    "مرج",
    "وادي",
    "البو",
}
DIRECTIONS = {"شرق", "شرقي", "غرب", "غربي", "شمال", "شمالي", "جنوب", "جنوبي", "وسط"}
PERSON_TITLES = {
    "الجنرال",
    "العقيد",
    "العميد",
    "اللواء",
    "المقدم",
    "الرائد",
    "النقيب",
    "الرئيس",
    "الملك",
    "الامير",
    "السيد",
    "السيده",
    "الدكتور",
    "المهندس",
    "الوزير",
    "الشيخ",
    "الاميرال",
    "المستشار",
    "النائب",
    "القاضي",
    "الصحافي",
    "الصحفي",
    "الناشط",
    "الناطق",
    "المتحدث",
}
#: Titles whose bearers give their names to institutions and places (جامعة الملك سعود).
ROYAL = {"الملك", "الامير", "الشيخ", "السلطان", "الامام"}
ORG_HEADS = {
    "قوات",
    "ديوان",
    "وحدات",
    "مجلس",
    "جيش",
    "الجيش",
    "حزب",
    "حركه",
    "جبهه",
    "هيئه",
    "تنظيم",
    "تحالف",
    "التحالف",
    "ميليشيا",
    "مليشيا",
    "لواء",
    "فصيل",
    "كتائب",
    "منظمه",
    "وزاره",
    "شركه",
    "جمعيه",
    "اتحاد",
    "الاتحاد",
    "مؤسسه",
    "مركز",
    "جامعه",
    "بنك",
    "مصرف",
    "صندوق",
    "الحرس",
    "شرطه",
    "الشرطه",
    "المرصد",
    "مفوضيه",
    "لجنه",
    "نادي",
    "النادي",
    # offices and institutions: إمارة منطقة الباحة، عمادة القبول، أمانة جدة
    "اماره",
    "عماده",
    "امانه",
    "بلديه",
    "محكمه",
    "نيابه",
    "سفاره",
    "قنصليه",
    "مديريه",
    "كليه",
    "معهد",
    "مستشفي",
    "اكاديميه",
    "نقابه",
}
MEDIA_HEADS = {"وكاله", "شبكه", "صحيفه", "قناه", "موقع", "اذاعه", "تلفزيون", "مجله"}
#: (Not قرار: "the decision of" a country or a minister is no name; named resolutions
#: are in the lexicon.)
MISC_HEADS = {"اتفاقيه", "اتفاق", "معاهده", "مؤتمر", "عمليه", "معركه", "قمه"}
#: Kinds of product, work or programme whose name news puts in quotes or brackets
#: (``نظام «ساند»``، ``برنامج «مساند»``، ``عقار (أودومزو)``، ``فيلم «الرسالة»``).
_WORK_HEADS = (
    "نظام برنامج تطبيق منصة عقار دواء لقاح فيلم مسلسل كتاب رواية ديوان ألبوم أغنية "
    "مبادرة حملة مشروع"
)
WORK_HEADS = {fold(w) for w in _WORK_HEADS.split()}
#: Competitions named by a country or a continent: ``الدوري السعودي للمحترفين``،
#: ``دوري أبطال أوروبا``، ``دوري انجلترا الممتاز``، ``كأس آسيا`` (folded: كأس is كاس).
COMPETITION_HEADS = {"الدوري", "دوري", "كاس"}
#: What may follow a league's nationality in its name.
LEAGUE_TAILS = {"الممتاز", "للمحترفين"}

#: Words that make a city's name a sports club's: before it (ريال مدريد، إنتر ميلان)
#: or after it (مانشستر يونايتد، ليستر سيتي).
_CLUB_BEFORE = "ريال أتلتيكو أتليتيكو إنتر انتر بايرن أولمبيك اولمبيك سبورتنغ سبورتينغ ديبورتيفو"
_CLUB_AFTER = "يونايتد سيتي هوتسبير ألبيون روفرز وندررز"
CLUB_BEFORE = {fold(w) for w in _CLUB_BEFORE.split()}
CLUB_AFTER = {fold(w) for w in _CLUB_AFTER.split()}
#: Words of the game before a city or a country that make it a team's name (لاعب برشلونة،
#: مدرب ليفربول، منتخب فرنسا، ضيفه مانشستر). Not ملعب or جمهور: a city has those too.
_TEAM_ROLES = (
    "لاعب لاعبو لاعبي لاعبا مدرب مدربو مهاجم مدافع حارس مرمى صفوف منتخب ضيفه مضيفه "
    "مباراة مشجعو مشجعي"
)
TEAM_ROLES = {fold(w) for w in _TEAM_ROLES.split()}

#: Adjectives that make a definite head an institution's name (الاتحاد السعودي، المركز
#: الوطني) besides nationalities.
_INSTITUTIONAL = (
    "الوطني الوطنية العربي العربية الدولي الدولية الإسلامي الإسلامية الخليجي الخليجية "
    "الأوروبي الأوروبية الأفريقي الأفريقية"
)
INSTITUTIONAL = {fold(w) for w in _INSTITUTIONAL.split()}
#: Adjectives of the kind of body that make a definite head its name: البنك التجاري،
#: البنك المركزي، المحكمة العليا، المجلس الأعلى، المجلس التشريعي، المحكمة الدستورية،
#: الجمعية العامة، النيابة العامة، القوات المسلحة. Not after a head that is as often a
#: common noun (الحركة التجارية "commercial activity").
_BODY_KINDS = (
    "التجاري التجارية المركزي المركزية العليا الأعلى التشريعي التشريعية الدستورية "
    "الاتحادي الاتحادية العام العامة المسلحة"
)
BODY_KINDS = {fold(w) for w in _BODY_KINDS.split()}
BODY_KIND_HEADS_NOT = {fold(w) for w in ("حركة", "تحالف", "اتحاد")}
#: Heads whose names go on with ل + a field (مركز الملك سلمان لأمراض الكلى، الاتحاد
#: السعودي لكرة القدم، الجمعية العربية السعودية للثقافة والفنون).
_FIELD_HEADS = "مركز جمعية هيئة اتحاد مؤسسة أكاديمية معهد منظمة صندوق لجنة مجلس مديرية"
FIELD_HEADS = {fold(w) for w in _FIELD_HEADS.split()}
#: ... and with the article: الأمانة العامة لمجلس التعاون (but أمانة الرياض, a city's
#: municipality, takes no field).
DEFINITE_FIELD_HEADS = FIELD_HEADS | {fold("أمانة")}
#: لل + a unit of time is when, not a field (للمرة الثانية، لليوم الثالث).
_TIME_AFTER_LAM = "للمرة لليوم للعام للسنة للشهر للأسبوع للحظة"
TIME_AFTER_LAM = {fold(w) for w in _TIME_AFTER_LAM.split()}

#: Agencies news credits in brackets by a nickname, a nationality in the feminine
#: (``(الفرنسية)`` is Agence France-Presse's credit in Al Jazeera's and others' house
#: style), or their short names: the credit -> the agency's canonical name.
_AGENCY_CREDITS = {
    "الفرنسية": "فرانس برس",
    "الألمانية": "د ب أ",
    "الأوروبية": "وكالة الصور الأوروبية",
    "أ ف ب": "فرانس برس",
    "ا ف ب": "فرانس برس",
    "اف ب": "فرانس برس",
    "د ب أ": "د ب أ",
    "رويترز": "رويترز",
    "أسوشيتد برس": "أسوشييتد برس",
    "الأناضول": "الأناضول",
    "الجزيرة": "الجزيرة",
    "الجزيرة نت": "الجزيرة",
    "واس": "واس",
}
AGENCY_CREDITS = {fold(k): v for k, v in _AGENCY_CREDITS.items()}

#: Outlets whose names are also common words or places (``الجزيرة`` "the island",
#: ``الحياة`` "life", ``الشرق الأوسط`` the region): a name only after a media head or a
#: correspondent (``قناة الجزيرة``، ``مراسل الجزيرة``) or as the one spoken to (``قال
#: للجزيرة``). The name alone is the entity, as ``وكالة «رويترز»``'s is.
_OUTLET_NAMES = (
    "الجزيرة العربية الحياة الراية الوطن عكاظ النهار السفير الأهرام البيان القبس الشروق "
    "الخليج اليوم الجريدة الأخبار الدستور الغد الصباح المساء الشرق"
)
OUTLET_NAMES = {fold(w) for w in _OUTLET_NAMES.split()} | {fold("الشرق الأوسط")}
#: Words after which an outlet's name comes, not part of it.
_OUTLET_CUES = "مراسل مراسلة مراسلو مراسلي فضائية جريدة"
OUTLET_CUES = {fold(w) for w in _OUTLET_CUES.split()}
