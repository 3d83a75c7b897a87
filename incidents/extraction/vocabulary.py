"""The words that say what happened: weapons, what was hit, and how it ended.

English, Ukrainian and Russian, matched on normalised text (one apostrophe, е for
ё) and case-insensitively, except where only the capital tells a name from a
word ((?-i:...)): Град the launcher and град the hail, Калибр the missile and a
калибр in millimetres. A pattern ending in \\w* is a stem: Ukrainian and Russian
words change their endings with case and number.
"""

import re
from collections.abc import Iterable


def phrases(patterns: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any of patterns as whole words."""
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE
    )


# A pattern's labels: none for words that name nothing of the attack, two for a
# word that names two things ("ракетно-дронова атака", a CHP plant).
Vocabulary = list[tuple[tuple[str, ...], re.Pattern[str]]]

# A model name takes suffixes after a hyphen: Shahed-136, Іскандер-М, Герань-2.
_MODEL = r"(?:-\w+)*"
# Calibres in millimetres: a gun's, or a mortar's (60, 82, 120 mm).
_MM = r"[- ]?(?:мм|mm)"
_GUN_CALIBRE = r"(?:100|105|122|125|130|152|155|203)"
_MORTAR_CALIBRE = r"(?:60|82|120)"

# Checked in order; each match is blanked out before the next pattern runs, so
# "HIMARS rockets" is one HIMARS and not also a rocket, "anti-missile" (the
# defence) is no missile, and "калибра 155 мм" is a gun's calibre, not a Kalibr.
WEAPON_PATTERNS: Vocabulary = [
    # Ukraine's own S-300 batteries are air defence; S-300 missiles fired at a
    # city fly a ballistic path, and the Air Force counts them with the ballistic.
    (
        (),
        phrases(
            [
                r"(?:зрк|зрс|зенітн\w* ракетн\w* комплекс\w*|"
                r"зенитн\w* ракетн\w* комплекс\w*|"
                r"air[- ]defen[cs]e (?:systems?|batter\w*)) [«\"]?[сs]-[34]00\w*",
                r"[сs]-[34]00\w* (?:systems?|batter\w*|комплекс\w*)",
            ]
        ),
    ),
    (
        ("ballistic_missile",),
        phrases(
            [
                r"(?:(?:зенітн|зенитн|керован|управляем)\w* ){0,2}ракет\w* "
                r"[«\"]?[сs]-[34]00\w*»?",
                r"[сs]-[34]00\w*",
            ]
        ),
    ),
    # An air-raid alert for missiles ("ракетна небезпека") is no missile fired.
    (
        (),
        phrases(
            [
                r"anti-(?:missile|aircraft|drone|ballistic)\w*",
                r"counter-(?:drone|missile)\w*",
                r"surface-to-air missiles?",
                r"air[- ]defen[cs]e missiles?",
                r"interceptor (?:missiles?|drones?)",
                r"patriot\w*",
                r"зенітн\w* ракет\w*",
                r"зенитн\w* ракет\w*",
                r"протиракетн\w*",
                r"противоракетн\w*",
                r"ракетн\w* (?:небезпек|опасност|тривог|тревог)\w*",
                r"(?:протипіхотн\w*|противопехотн\w*|anti-personnel) "
                r"(?:мін|мин|mines?)\w*",
                r"пфм-1\w*",
                r"лепестк\w*",
                r"landmines?",
            ]
        ),
    ),
    (
        ("himars",),
        phrases(
            [
                r"(?:(?:mlrs|рсзо|рсзв) )?"
                r"(?:himars(?: rockets?)?|хаймарс\w*|химарс\w*)",
            ]
        ),
    ),
    (
        ("mlrs",),
        phrases(
            [
                r"mlrs",
                r"multiple[- ]rocket[- ]launch\w*",
                r"(?:122|220|300)" + _MM + r" (?:реактивн\w* снаряд\w*|rockets?)",
                r"реактивн\w* систем\w* залпов\w* (?:вогню|огня)",
                r"(?-i:Grad|GRAD|Uragan|URAGAN|Smerch|SMERCH|Tornado-S)",
                r"(?-i:Град|ГРАД|Ураган|УРАГАН|Смерч|СМЕРЧ|Торнадо)"
                r"(?:а|ом|у|ів|ов|ы|и|е|і)?(?:-[СS])?",
                r"(?:бм|bm)-(?:21|27|30)\w*",
                r"рсзв",
                r"рсзо",
            ]
        ),
    ),
    # "Rocket drones" are drones; a "rocket" in front of them is no rocket.
    (("drone",), phrases([r"rocket[- ]drones?"])),
    (
        ("missile", "drone"),
        phrases([r"ракетно-(?:дронов|безпілотн|беспилотн|ударн)\w*"]),
    ),
    (
        ("ballistic_missile",),
        phrases(
            [
                r"(?:aero)?ballistic\w*",
                r"iskander" + _MODEL,
                r"kn-2[34]\w*",
                r"atacms",
                r"tochka" + _MODEL,
                r"kinzhal\w*",
                r"(?:kh|х|x)-47\w*",
                r"(?:аеро)?балістичн\w*",
                r"(?:аэро)?баллистическ\w*",
                r"балістик\w*",
                r"баллистик\w*",
                r"іскандер\w*" + _MODEL,
                r"искандер\w*" + _MODEL,
                r"атакмс\w*",
                r"точк\w*-у",
                r"кинджал\w*",
                r"кинжал\w*",
            ]
        ),
    ),
    # A calibre is a gun's: "снаряды калибра 155 мм", "155-мм снаряди", "калібру
    # 152 мм". Only the missile's name, capitalised or after "ракета", is Kalibr.
    (
        ("mortar",),
        phrases(
            [
                r"(?:(?:калибр|калібр)\w* |calib(?:re|er) (?:of )?)?"
                + _MORTAR_CALIBRE
                + _MM
                + r"(?: calib(?:re|er))?(?: (?:мин|мін|mortar)\w*)?",
            ]
        ),
    ),
    (
        ("artillery",),
        phrases(
            [
                r"(?:(?:калибр|калібр)\w* |calib(?:re|er) (?:of )?)?"
                + _GUN_CALIBRE
                + _MM
                + r"(?: calib(?:re|er))?",
            ]
        ),
    ),
    (
        ("cruise_missile",),
        phrases(
            [
                r"ракет\w* [«\"„]?(?:калибр|калібр|kalibr)\w*»?",
                r"[«\"„](?:калибр|калібр|kalibr)\w*[»\"“]?",
            ]
        ),
    ),
    (
        (),
        phrases(
            [
                r"(?:калибр|калібр)\w* (?:\d+\w*|от \d+|до \d+)",
                r"(?:крупн|мал|средн|больш|велик|середн|разн|різн|всех|усіх)\w* "
                r"(?:калибр|калібр)\w*",
                r"calib(?:re|er)s?",
                r"(?-i:калибр|калібр)\w*",
            ]
        ),
    ),
    (
        ("cruise_missile",),
        phrases(
            [
                r"cruise",
                r"(?-i:Kalibr|KALIBR|Калибр|КАЛИБР|Калібр|КАЛІБР)"
                r"(?:s|а|ы|и|ів|ов|у|ом|ами|ам|ах)?" + _MODEL,
                r"(?:kh|х|x)-\d+\w*" + _MODEL,
                r"крилат\w*",
                r"крылат\w*",
                r"oniks|оникс\w*|онікс\w*",
                r"zircon|tsirkon|циркон\w*",
                r"storm shadow\w*",
                r"scalp",
                r"(?-i:Neptune|Нептун)\w*",
            ]
        ),
    ),
    (
        ("guided_aerial_bomb",),
        phrases(
            [
                r"(?:guided |glide |aerial |air-dropped )+bombs?",
                r"kabs?",
                r"(?:kab|fab|odab)-\d+\w*",
                r"jdam\w*",
                r"gbu-\d+\w*",
                r"umpk",
                r"каб(?:и|ів|ов|ами|ом|ах|у|ам)?",
                r"(?:каб|фаб|одаб)-\d+\w*",
                r"умпк",
                r"авіабомб\w*",
                r"авиабомб\w*",
                r"керован\w* (?:авіаційн\w* )?бомб\w*",
                r"управляем\w* (?:авиационн\w* )?бомб\w*",
            ]
        ),
    ),
    (
        ("drone",),
        phrases(
            [
                r"drones?",
                r"uavs?",
                r"kamikaze",
                r"loitering munitions?",
                r"fpv",
                r"quadcopters?",
                r"shahed\w*" + _MODEL,
                r"geran\w*" + _MODEL,
                r"gerbera\w*",
                r"дрон\w*" + _MODEL,
                r"безпілотн\w*",
                r"беспилотн\w*",
                r"бпла",
                r"бпак",
                r"камікадзе",
                r"камикадзе",
                r"барражирующ\w* боеприпас\w*",
                r"квадрокоптер\w*",
                r"коптер\w*",
                r"fpv-\w+",
                r"шахед\w*" + _MODEL,
                r"геран(?:ь|і|и|ей|ями|ям|ях|ню|ю)" + _MODEL,
                r"гербер\w*",
            ]
        ),
    ),
    # "Ракетний обстріл" is a missile attack, not artillery.
    (
        ("missile",),
        phrases(
            [
                r"missiles?",
                r"ракетн\w* (?:обстріл|обстрел|удар|атак)\w*",
                r"ракет(?:а|и|ы|у|е|і|ою|ой|ами|ам|ах)?",
            ]
        ),
    ),
    (("rocket",), phrases([r"rockets?", r"реактивн\w* снаряд\w*"])),
    (
        ("artillery",),
        phrases(
            [
                r"artiller\w*",
                r"howitzer\w*",
                r"self-propelled guns?",
                r"m777\w*",
                r"артилер\w*",
                r"артиллер\w*",
                r"арт(?:обстріл|обстрел|удар|налет|наліт)\w*",
                r"гаубиц\w*",
                r"ствольн\w*",
                r"сау",
                r"самох[оі]дн\w*",
            ]
        ),
    ),
    (
        ("mortar",),
        phrases(
            [
                r"mortars?",
                r"міномет\w*",
                r"миномет\w*",
                r"мин(?:а|ы|у|ой|ами|ах|ам)",
                r"мін(?:а|и|у|ою|ами|ах|ам)",
            ]
        ),
    ),
    (
        ("air_defence_debris",),
        phrases(
            [
                r"debris",
                r"wreckage",
                r"falling fragments",
                r"уламк\w*",
                r"обломк\w*",
            ]
        ),
    ),
]

# A sentence about the weapons in general, not about this attack: who makes them,
# how many since the war began.
WEAPONS_IN_GENERAL = phrases(
    [
        r"produc(?:e|es|ed|ing|tion)",
        r"manufactur\w*",
        r"stockpil\w*",
        r"(?:supplies|deliveries|shipments?|transfers?) of",
        r"виробля\w*",
        r"виробництв\w*",
        r"виготовл\w*",
        r"производ(?:ит|ят|ить|ство|ства|стве|ству)\w*",
        r"(?:поставк|постачанн)\w* (?:\w+ ){0,2}"
        r"(?:ракет|дрон|шахед|безпілотн|беспилотн)\w*",
        r"запас(?:и|ы|ів|ов|ах)",
        r"since (?:the )?(?:start|beginning|outbreak) of (?:the )?"
        r"(?:year|war|month|full-scale|invasion)\w*",
        r"з початку (?:року|війни|місяця|повномасштабн\w*|вторгнення)",
        r"с начала (?:года|войны|месяца|сво|специальн\w*|вторжения)",
        r"regularly|routinely|repeatedly",
        r"(?:every|each) (?:day|night)|daily",
        r"щодня|щоденно|щоночі|ежедневно|каждую ночь|каждый день",
        r"(?:over|in|during) the (?:past|last) "
        r"(?:week|month|year|\d+ (?:days|weeks|months))",
        r"this (?:month|year)",
        r"за (?:минул|останн|прошл|последн)\w* (?:тиждень|місяць|рік|неделю|месяц|год|"
        r"\d+ (?:днів|дні|дней|дня|тижн\w*|недел\w*|місяц\w*|месяц\w*))",
        r"регулярно|систематично|систематически|неодноразово|неоднократно",
    ]
)

# "Shelling" names artillery only when nothing more specific is named with it:
# reports call missile and HIMARS attacks shelling too.
# "Снаряды" too: those of a named rocket system are its rockets.
SHELLING = phrases(
    [r"shelling", r"shelled", r"shells", r"обстріл\w*", r"обстрел\w*", r"снаряд\w*"]
)

# Types the plain words stand for: a named type makes them redundant.
MISSILE_TYPES = frozenset({"ballistic_missile", "cruise_missile"})
ROCKET_TYPES = frozenset({"himars", "mlrs"})
# ACLED: missiles, rockets and guns are shelling; drones and aircraft air strikes.
SHELLING_WEAPONS = frozenset(
    {
        "ballistic_missile",
        "cruise_missile",
        "missile",
        "rocket",
        "himars",
        "mlrs",
        "artillery",
        "mortar",
    }
)
AIR_WEAPONS = frozenset({"drone", "guided_aerial_bomb"})
# Debris falls where it falls: a fact of one place, not of the whole attack.
DEBRIS = "air_defence_debris"
AIR_STRIKE = phrases([r"air ?strikes?", r"авіаудар\w*", r"авиаудар\w*"])

# Where a victim is taken or treated ("taken to hospital", "госпіталізовані до
# лікарні", "скончался в больнице") says nothing of what was hit.
_TREATED = (
    r"(?:taken|rushed|brought|admitted|transported|evacuated|sent|delivered|"
    r"airlifted|driven|transferred|died|treated|remain\w*|recover\w*|staying|"
    r"доставл\w*|госпіталіз\w*|шпиталіз\w*|відвез\w*|привез\w*|забрал\w*|"
    r"направ\w*|перевез\w*|помер\w*|перебува\w*|лікуют\w*|лікуєт\w*|залишают\w*|"
    r"залишаєт\w*|знаходят\w*|знаходит\w*|госпитализ\w*|увез\w*|отвез\w*|"
    r"поступил\w*|скончал\w*|умер\w*|находят\w*|находит\w*|лечат\w*|лечит\w*|"
    r"остают\w*|остает\w*|оказыва\w*|надают\w*|надаєт\w*)"
)
_HOSPITAL = (
    r"(?:hospitals?|clinics?|лікарн\w*|больниц\w*|госпітал\w*|шпитал\w*|"
    r"госпитал\w*|клінік\w*|клиник\w*|медзаклад\w*|медучрежден\w*|"
    r"(?:медичн|медицинск)\w* (?:заклад|учрежден)\w*)"
)
# What shows a building itself was hit, in the words after it.
_DAMAGE_AFTER = (
    r"(?![^,.;:]*(?:damag|destroy|hit|struck|fire|blaze|shatter|collaps|debris|"
    r"пошкодж|зруйн|влуч|поціл|пожеж|загор|вибит|уламк|вибух|"
    r"поврежд|разруш|попадан|прилет|пожар|возгоран|выбит|обломк|взрыв))"
)

TAG_PATTERNS: Vocabulary = [
    # The attacker's claim of what it aimed at is not evidence of what was hit;
    # places that share a word with a tag are not what the tag means.
    (
        (),
        phrases(
            [
                r"military(?:-| and )industrial \w+",
                r"військово-промислов\w*(?: \w+)?",
                r"военно-промышленн\w*(?: \w+)?",
                _TREATED + r"(?: \w+){0,4} (?:to|in|at|from|до|в|у|во) "
                r"(?:a |the )?(?:\w+ ){0,2}" + _HOSPITAL,
                r"(?:в|у|во) (?:\w+ ){0,2}" + _HOSPITAL + r"(?: \w+){0,2} " + _TREATED,
                r"(?:to|in|from) hospital",
                r"до (?:\w+ ){0,2}(?:лікарн|шпитал|госпітал)\w*",
                r"(?:в|у) (?:\w+ ){0,2}(?:лікарн\w*|больниц\w*)" + _DAMAGE_AFTER,
                r"heating season",
                r"опалювальн\w* сезон\w*",
                r"отопительн\w* сезон\w*",
                r"(?:oil|fuel) depots?",
                r"нафтобаз\w*",
                r"нефтебаз\w*",
                r"будин\w* (?:культури|профспілок|уряду|побуту|офіцерів)",
                r"дом\w* (?:культуры|профсоюзов|правительства|быта|офицеров|советов)",
                r"торгов\w* дом\w*",
                r"(?:адміністративн|офісн|нежитлов)\w* будин\w*",
                r"(?:административн|офисн|нежил)\w* (?:дом|здани)\w*",
                r"(?-i:White|Opera) House",
            ]
        ),
    ),
    (
        ("medical",),
        phrases(
            [
                r"hospitals?",
                r"clinics?",
                r"polyclinics?",
                r"traumatology",
                r"maternity",
                r"(?:medical|healthcare|health care) (?:facilit\w+|cent(?:er|re)s?|"
                r"institutions?|buildings?|infrastructure)",
                r"okhmatdyt|ohmatdyt",
                r"лікарн(?:я|і|ю|ею|ям|ями|ях|ь)",
                r"лікарнян\w* (?:містечк|корпус|комплекс)\w*",
                r"поліклінік\w*",
                r"клінік\w*",
                r"амбулатор\w*",
                r"медзаклад\w*",
                r"медичн\w* (?:заклад|установ|центр|інфраструктур)\w*",
                r"травматолог\w*",
                r"пологов\w* (?:будин|відділ)\w*",
                r"пологов\w*",
                r"(?:госпітал|шпитал|госпитал)(?:ь|ю|і|ем|я|е|и|ей|ях)",
                r"диспансер\w*",
                r"перинатальн\w*",
                r"охматдит\w*",
                r"больниц\w*",
                r"поликлиник\w*",
                r"клиник(?:а|и|е|у|ой|ам|ах)?",
                r"медучрежден\w*",
                r"медицинск\w* (?:учрежден|центр|инфраструктур)\w*",
                r"медцентр\w*",
                r"роддом\w*",
                r"станц\w* (?:швидкої|скорой)\w*",
            ]
        ),
    ),
    # A combined heat and power plant makes both.
    (
        ("energy", "heating"),
        phrases(
            [
                r"chps?",
                r"combined heat and power",
                r"тец(?:-\d+)?",
                r"тэц(?:-\d+)?",
                r"теплоелектроцентрал\w*",
                r"теплоэлектроцентрал\w*",
            ]
        ),
    ),
    # A traction substation feeds the trains.
    (
        ("energy", "rail"),
        phrases([r"traction substations?", r"тягов\w* (?:підстанц|подстанц)\w*"]),
    ),
    (
        ("heating",),
        phrases(
            [
                r"heating(?: networks?| mains?| plants?| pipes?| systems?)?",
                r"heat supply",
                r"(?:cutting|cut|without) heat(?:ing)?",
                r"boiler(?:[- ]?houses?| rooms?| plants?|s)?",
                r"hot water",
                r"теплопостачан\w*",
                r"тепломереж\w*",
                r"теплотрас\w*",
                r"тепломагістрал\w*",
                r"тепломагистрал\w*",
                r"теплов\w* (?:мереж|камер|сет)\w*",
                r"\w*теплоенерго\w*",
                r"\w*теплоэнерго\w*",
                r"опален\w*",
                r"котельн\w*",
                r"без тепла",
                r"гаряч\w* вод\w*",
                r"горяч\w* вод\w*",
                r"теплоснабжен\w*",
                r"теплосет\w*",
                r"отоплен\w*",
            ]
        ),
    ),
    (
        ("energy",),
        phrases(
            [
                r"power (?:outages?|cuts?|stations?|plants?|grid|lines?|supply|"
                r"facilit\w+|infrastructure|equipment|system|engineers)",
                r"(?:thermal|hydroelectric|nuclear|hydro) power",
                r"tpps?",
                r"outages?",
                r"blackouts?",
                r"electricity",
                r"electrical (?:grid|networks?|equipment|infrastructure)",
                r"energy",
                r"substations?",
                r"transformers?",
                r"(?:without|lost|cut(?:ting)?|no) power",
                r"ukrenergo|dtek",
                r"знеструм\w*",
                r"електроенерг\w*",
                r"електропостачан\w*",
                r"електромереж\w*",
                r"енергетичн\w*",
                r"енергетик\w*",
                r"енергосистем\w*",
                r"енергоінфраструктур\w*",
                r"енергооб'єкт\w*",
                r"енергоблок\w*",
                r"підстанц\w*",
                r"трансформатор\w*",
                r"лін\w* електропередач\w*",
                r"леп",
                r"тес|гес|аес",
                r"укренерго\w*",
                r"дтек\w*",
                r"\w*обленерго\w*",
                r"без світла",
                r"(?:перебо|проблем)\w* (?:зі|з|із) (?:світлом|електро\w*)",
                r"(?:перебо|проблем)\w* (?:со|с) (?:светом|электр\w*)",
                r"відключен\w* (?:світла|електро\w*)",
                r"(?:аварійн|екстрен)\w* відключен\w*",
                r"графік\w* відключен\w*",
                r"блекаут\w*",
                r"обесточ\w*",
                r"отключен\w* (?:света|электр\w*)",
                r"(?:аварийн|экстренн)\w* отключен\w*",
                r"электроснабжен\w*",
                r"электроэнерг\w*",
                r"электросет\w*",
                r"энергетическ\w*",
                r"энергетик\w*",
                r"энергосистем\w*",
                r"энергоинфраструктур\w*",
                r"энергообъект\w*",
                r"энергоблок\w*",
                r"подстанц\w*",
                r"лини\w* электропередач\w*",
                r"лэп",
                r"тэс|гэс|аэс",
                r"\w*облэнерго\w*",
                r"донбассэнерго\w*",
                r"без света",
                r"блэкаут\w*",
            ]
        ),
    ),
    (
        ("water",),
        phrases(
            [
                r"water (?:supply|supplies|mains?|pipes?|pipelines?|utility|utilities|"
                r"station|pumping stations?|treatment|tower|infrastructure|network)",
                r"without water",
                r"waterworks",
                r"vodokanal",
                r"pumping stations?",
                r"(?:filtration|filter) stations?",
                r"(?:фільтрувальн|фильтровальн)\w* станц\w*",
                r"sewage|sewer\w*",
                r"водопостачан\w*",
                r"водоканал\w*",
                r"водогон\w*",
                r"водопров\w*",
                r"водовод\w*",
                r"водовід\w*",
                r"водозаб\w*",
                r"водонапірн\w*",
                r"водонапорн\w*",
                r"насосн\w* станц\w*",
                r"каналізац\w*",
                r"канализац\w*",
                r"очисн\w* споруд\w*",
                r"очистн\w* сооружен\w*",
                r"без води",
                r"водоснабжен\w*",
                r"без воды",
                r"вод\w* донбасс\w*",
            ]
        ),
    ),
    (
        ("transport",),
        phrases(
            [
                r"(?:tram|trolleybus|bus) depots?",
                r"(?:трамвайн|тролейбусн|троллейбусн|автобусн)\w* депо",
                r"автовокзал\w*",
            ]
        ),
    ),
    (
        ("rail",),
        phrases(
            [
                r"rail\w*",
                r"trains?",
                r"ukrzaliznytsia",
                r"depots?",
                r"tracks",
                r"locomotives?",
                r"залізниц\w*",
                r"залізничн\w*",
                r"укрзалізниц\w*",
                r"ж/д",
                r"ж\.д\.?",
                r"жд",
                r"вокзал\w*",
                r"депо",
                r"локомотив\w*",
                r"потяг\w*",
                r"поїзд\w*",
                r"електропоїзд\w*",
                r"електричк\w*",
                r"желез\w* дорог\w*",
                r"железнодорожн\w*",
                r"поезд\w*",
                r"электропоезд\w*",
                r"электричк\w*",
                r"рельс\w*",
            ]
        ),
    ),
    (
        ("diplomatic",),
        phrases(
            [
                r"embass(?:y|ies)",
                r"consulates?",
                r"diplomatic (?:offices?|missions?|premises|buildings?|compounds?|"
                r"quarters?)",
                r"british council",
                r"(?:eu|european union) (?:offices?|delegation|mission|"
                r"representation)",
                r"посольств\w*",
                r"консульств\w*",
                r"дипломатичн\w* (?:установ|представництв|місі)\w*",
                r"дипломатическ\w* (?:представительств|мисси)\w*",
            ]
        ),
    ),
    (
        ("education",),
        phrases(
            [
                r"schools?",
                r"kindergartens?",
                r"preschools?",
                r"universit(?:y|ies)",
                r"lyceums?",
                r"colleges?",
                r"educational (?:institution|facilit|establishment|building)\w*",
                r"школ(?:а|и|у|і|ою|ам|ами|ах|ы|е|ой)?",
                r"шкіл",
                r"(?:шкільн|школьн)\w* (?:будів|корпус|подвір|двор|територ|"
                r"спортзал|їдальн|столов|майданчик|здани)\w*",
                r"садоч(?:ок|ка|ку|ки|ків|ком|ках)",
                r"дитяч\w* сад\w*",
                r"дитсад\w*",
                r"детск\w* сад\w*",
                r"детсад\w*",
                r"дошкільн\w* (?:навчальн\w* )?заклад\w*",
                r"дошкольн\w* (?:образовательн\w* )?учрежден\w*",
                r"заклад\w* (?:дошкільної |загальної середньої |вищої |фахової )?"
                r"(?:передвищої )?освіти",
                r"(?:навчальн|освітн)\w* заклад\w*",
                r"(?:учебн\w* заведен|образовательн\w* учрежден)\w*",
                r"ліце(?:й|ю|ї|єм|ях|ям|ями)",
                r"лице(?:й|я|ю|е|ем|и|ев|ях|ям)",
                r"гімназі\w*",
                r"гимнази\w*",
                r"коледж\w*",
                r"колледж\w*",
                r"технікум\w*",
                r"техникум\w*",
                r"університет\w*",
                r"университет\w*",
            ]
        ),
    ),
    (
        ("commercial",),
        phrases(
            [
                r"shopping (?:malls?|cent(?:er|re)s?)",
                r"malls?",
                r"supermarkets?",
                r"hypermarkets?",
                r"business cent(?:er|re)s?",
                r"shops",
                r"(?:petrol|gas|filling) stations?",
                r"торговельн\w* (?:центр|комплекс)\w*",
                r"торгов\w* (?:центр|комплекс)\w*",
                r"тц",
                r"трц",
                r"супермаркет\w*",
                r"гіпермаркет\w*",
                r"гипермаркет\w*",
                r"магазин\w*",
                r"бізнес-центр\w*",
                r"бизнес-центр\w*",
                r"рин(?:ок|ку|ки)",
                r"рын(?:ок|ка|ке|ку)",
                r"азс",
            ]
        ),
    ),
    (
        ("industrial",),
        phrases(
            [
                r"industrial (?:facilit\w+|enterprises?|sites?|plants?|zones?)",
                r"factor(?:y|ies)",
                r"warehouses?",
                r"завод\w*",
                r"підприємств\w*",
                r"промислов\w*",
                r"промзон\w*",
                r"складськ\w* (?:приміщен|будів|комплекс|ангар)\w*",
                r"промышленн\w*",
                r"предприяти\w*",
                r"складск\w* (?:помещен|комплекс|здани)\w*",
            ]
        ),
    ),
    (
        ("transport",),
        phrases(
            [
                r"bus(?:es)?",
                r"trolleybus(?:es)?",
                r"trams?",
                r"transport infrastructure",
                r"автобус\w*",
                r"тролейбус\w*",
                r"троллейбус\w*",
                r"трамва\w*",
                r"маршрутк\w*",
            ]
        ),
    ),
    # Last: the other tags have taken the houses that are not homes (a boiler
    # house, a maternity house).
    (
        ("residential",),
        phrases(
            [
                r"apartments?",
                r"residential",
                r"housing",
                r"high-rises?",
                r"blocks? of flats",
                r"flats",
                r"multi-(?:stor(?:e)?y|family)(?: buildings?| blocks?)?",
                r"[\w]+-stor(?:e)?y (?:buildings?|blocks?)",
                r"residences?",
                r"[\w]+-поверхов\w*(?: будин\w*)?",
                r"[\w]+-этажн\w*(?: дом\w*)?",
                r"dwellings?",
                r"homes?",
                r"houses?",
                r"dormitor(?:y|ies)",
                r"житл\w*",
                r"багатоповерх\w*",
                r"багатоквартирн\w*",
                r"квартир\w*",
                r"висотк\w*",
                r"висотн\w* будин\w*",
                r"приватн\w* (?:будин|буди|сектор|садиб)\w*",
                r"будин(?:ок|ку|ки|ків|ком|ках|кам|ками)",
                r"гуртожит\w*",
                r"котедж\w*",
                r"садиб\w*",
                r"домоволодін\w*",
                r"під'їзд\w*",
                r"жк",
                r"жил(?:ой|ого|ом|ому|ым|ыми|ые|ых|ая|ую|ье|ья|ищ\w*)",
                r"многоэтаж\w*",
                r"многоквартирн\w*",
                r"высотк\w*",
                r"высотн\w* дом\w*",
                r"частн\w* (?:дом|сектор|домовладен)\w*",
                r"дом(?:а|у|ом|е|ов|ам|ами|ах)?",
                r"домовладен\w*",
                r"общежити\w*",
                r"коттедж\w*",
                r"подъезд\w*",
            ]
        ),
    ),
]

# Something was hit: damage, casualties, fire, an outage.
IMPACT = phrases(
    [
        r"damag\w*",
        r"destroy\w*",
        r"destruction",
        r"hit",
        r"hits",
        r"struck",
        r"collaps\w*",
        r"fires?",
        r"blaze",
        r"burn\w*",
        r"killed",
        r"killing",
        r"dead",
        r"died",
        r"injur\w*",
        r"wounded",
        r"shattered",
        r"outages?",
        r"debris",
        r"пошкодж\w*",
        r"зруйн\w*",
        r"влуч\w*",
        r"поціл\w*",
        r"пожеж\w*",
        r"загор\w*",
        r"загин\w*",
        r"поран\w*",
        r"уламк\w*",
        r"знеструм\w*",
        r"поврежд\w*",
        r"разруш\w*",
        r"попадан\w*",
        r"прилет\w*",
        r"пожар\w*",
        r"возгоран\w*",
        r"погиб\w*",
        r"ранен\w*",
        r"обломк\w*",
        r"обесточ\w*",
    ]
)

# Air defence at work: with no impact, the explosions were interceptions.
INTERCEPTION = phrases(
    [
        r"air[- ]defen[cs]es?",
        r"intercept\w*",
        r"shot down",
        r"shoot(?:ing)? down",
        r"downed",
        r"anti-aircraft",
        r"ппо",
        r"пво",
        r"протиповітрян\w*",
        r"противовоздушн\w*",
        r"збит\w*",
        r"збив\w*",
        r"сбит\w*",
        r"сбив\w*",
        r"перехоп\w*",
        r"перехват\w*",
    ]
)

# An attack of some kind is reported, even if nothing else is said about it.
ATTACK = phrases(
    [
        r"attack\w*",
        r"strikes?",
        r"striking",
        r"shell\w*",
        r"explosions?",
        r"blasts?",
        r"detonations?",
        r"bombard\w*",
        r"barrage",
        r"assaults?",
        r"атак\w*",
        r"удар\w*",
        r"обстр\w*",
        r"вибух\w*",
        r"взрыв\w*",
    ]
)

# Forecasts and warnings ("supplies could face disruptions") report nothing that
# happened; sanctions news names weapons and industries that were not hit.
NOT_AN_EVENT = re.compile(
    r"(?<!\w)(?:could|might|would|warn\w*|risks?|threat of|fears? of|"
    r"може|можуть|могут|может|загроз\w*|угроз\w*|"
    r"sanction\w*|санкці\w*|санкци\w*|(?-i:may))(?!\w)",
    re.IGNORECASE,
)

# A tag said not to have been hit: "no damage to energy infrastructure", "не
# школа", "the school was not damaged". The words before a tag are read back to
# the start of its clause; "не менее" (at least) and "никто не" (nobody) deny
# nothing of the building.
NEGATION_BEFORE = re.compile(
    r"(?<![\w'])(?:no|not|never|neither|nor|without damage to|ні|не|немає|нема|"
    r"нет|ни|без пошкоджень|без повреждений)(?![\w'])"
    r"(?![ ]+(?:less|fewer|only|least|longer|one|менее|меньше|более|больше|менш\w*|"
    r"більш\w*|только|тільки|лише|раз|вперше|постраждал\w*|пострадал\w*|загинул\w*|"
    r"погиб\w*|injured|hurt|harmed|killed|wounded|поранен\w*|ранен\w*)(?![\w']))"
    r"(?:[ ]+[\w'-]+){0,4}[ ]*$",
    re.IGNORECASE,
)
NEGATION_AFTER = re.compile(
    r"^[ ]*(?:[\w'-]+[ ]+){0,2}?(?:нет|немає|нема|не зафіксовано|не зафиксировано|"
    r"не виявлено|не выявлено)[ ]*(?:[,.;:!?]|$)|"
    r"^[ ]*(?:[\w'-]+[ ]+){0,3}?(?:(?:was|were|is|are|has|have|had)[ ]+)?"
    r"(?:not|n't|не|ні)[ ]+(?:been[ ]+|\w+[ ]+)?"
    r"(?:damag|hit|affect|struck|destroy|пошкодж|постражда|зачеп|зруйн|поврежд|"
    r"пострада|задет|затрон|разруш|влуч|попа)\w*"
    r"(?![ ]+(?:никто|ніхто|nobody|no one|жильц\w*|мешканц\w*|жител\w*|люди|людей))",
    re.IGNORECASE,
)
NEGATION_CLAUSE = re.compile(
    r".*(?:[,;:.!?()—–]|(?<!\w)(?:but|however|although|while|але|однак|проте|а|но|"
    r"однако|хотя)(?!\w))",
    re.IGNORECASE | re.DOTALL,
)
