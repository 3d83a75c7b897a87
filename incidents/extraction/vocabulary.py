"""The words that say what happened: weapons, what was hit, and how it ended.

English, Ukrainian and Russian, matched on normalised text (one apostrophe, е for
ё) and case-insensitively. A pattern ending in \\w* is a stem: Ukrainian and
Russian words change their endings with case and number.
"""

import re
from collections.abc import Iterable


def phrases(patterns: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any of patterns as whole words."""
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE
    )


# Checked in order; each match is blanked out before the next pattern runs, so
# "HIMARS rockets" is one HIMARS and not also a rocket, and "anti-missile" (the
# defence) is no missile. None marks words that name no weapon of the attack.
WEAPON_PATTERNS: list[tuple[str | None, re.Pattern[str]]] = [
    (
        None,
        phrases(
            [
                r"anti-(?:missile|aircraft|drone)\w*",
                r"surface-to-air missiles?",
                r"air[- ]defen[cs]e missiles?",
                r"interceptor missiles?",
                r"patriot\w*",
                r"зенітн\w* ракет\w*",
                r"зенитн\w* ракет\w*",
                r"протиракетн\w*",
                r"противоракетн\w*",
            ]
        ),
    ),
    ("himars", phrases([r"himars(?: rockets?)?", r"хаймарс\w*", r"химарс\w*"])),
    (
        "mlrs",
        phrases(
            [
                r"mlrs",
                r"multiple[- ]rocket[- ]launch\w*",
                r"grad",
                r"uragan",
                r"smerch",
                r"град(?:а|ом|у|ів|ов)?",
                r"ураган\w*",
                r"смерч\w*",
                r"рсзв",
                r"рсзо",
            ]
        ),
    ),
    # "Rocket drones" are drones; a "rocket" in front of them is no rocket.
    ("drone", phrases([r"rocket[- ]drones?"])),
    (
        "ballistic_missile",
        phrases(
            [
                r"ballistic\w*",
                r"iskander\w*",
                r"kn-23",
                r"балістичн\w*",
                r"баллистическ\w*",
                r"іскандер\w*",
                r"искандер\w*",
            ]
        ),
    ),
    (
        "cruise_missile",
        phrases(
            [
                r"cruise",
                r"kalibr\w*",
                r"kh-\d+\w*",
                r"крилат\w*",
                r"крылат\w*",
                r"калібр\w*",
                r"калибр\w*",
                r"х-\d+\w*",
            ]
        ),
    ),
    (
        "guided_aerial_bomb",
        phrases(
            [
                r"(?:guided |glide |aerial |air-dropped )+bombs?",
                r"каб(?:и|ів|ов|ами|ом|ах|у)?",
                r"каб-\d+\w*",
                r"авіабомб\w*",
                r"авиабомб\w*",
                r"керован\w* (?:авіаційн\w* )?бомб\w*",
                r"управляем\w* (?:авиационн\w* )?бомб\w*",
            ]
        ),
    ),
    (
        "drone",
        phrases(
            [
                r"drones?",
                r"uavs?",
                r"shahed\w*",
                r"geran\w*",
                r"дрон\w*",
                r"безпілотн\w*",
                r"беспилотн\w*",
                r"бпла",
                r"шахед\w*",
                r"герань\w*",
            ]
        ),
    ),
    # "Ракетний обстріл" is a missile attack, not artillery.
    (
        "missile",
        phrases(
            [
                r"missiles?",
                r"ракетн\w* (?:обстріл|обстрел|удар|атак)\w*",
                r"ракет(?:а|и|ы|у|е|і|ою|ой|ами|ам|ах)?",
            ]
        ),
    ),
    ("rocket", phrases([r"rockets?", r"реактивн\w* снаряд\w*"])),
    (
        "artillery",
        phrases(
            [
                r"artiller\w*",
                r"howitzer\w*",
                r"артилер\w*",
                r"артиллер\w*",
                r"гаубиц\w*",
                r"ствольн\w*",
            ]
        ),
    ),
    ("mortar", phrases([r"mortars?", r"міномет\w*", r"миномет\w*"])),
    (
        "air_defence_debris",
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

# "Shelling" names artillery only when nothing more specific is named with it:
# reports call missile and HIMARS attacks shelling too.
SHELLING = phrases([r"shelling", r"shelled", r"shells", r"обстріл\w*", r"обстрел\w*"])

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

TAG_PATTERNS: list[tuple[str | None, re.Pattern[str]]] = [
    # The attacker's claim of what it aimed at is not evidence of what was hit.
    (
        None,
        phrases(
            [
                r"military(?:-| and )industrial \w+",
                r"військово-промислов\w*(?: \w+)?",
                r"военно-промышленн\w*(?: \w+)?",
            ]
        ),
    ),
    (
        "residential",
        phrases(
            [
                r"apartments?",
                r"residential",
                r"housing",
                r"high-rises?",
                r"blocks? of flats",
                r"multi-(?:stor(?:e)?y|family)",
                r"dwellings?",
                r"houses",
                # Not a boiler house, nor the White House.
                r"(?<!boiler )(?<!white )(?<!opera )house",
                r"житл\w*",
                r"багатоповерх\w*",
                r"квартир\w*",
                r"приватн\w* (?:будин|буди)\w*",
                r"жил(?:ой|ого|ом|ые|ых|ому|ым|ье|ьё|ищ\w*)",
                r"многоэтаж\w*",
                r"частн\w* (?:дом|домов|дома)\w*",
            ]
        ),
    ),
    (
        "medical",
        phrases(
            [
                r"hospitals?",
                r"clinics?",
                r"polyclinics?",
                r"traumatology",
                r"maternity",
                r"medical (?:facilit\w+|cent(?:er|re)s?|institutions?|building)",
                r"лікарн\w*",
                r"поліклінік\w*",
                r"медичн\w* заклад\w*",
                r"травматолог\w*",
                r"пологов\w*",
                r"больниц\w*",
                r"поликлиник\w*",
                r"медучрежден\w*",
                r"медицинск\w* учрежден\w*",
                r"роддом\w*",
            ]
        ),
    ),
    (
        "heating",
        phrases(
            [
                r"heating(?: networks?| mains?| plants?)?",
                r"heat supply",
                r"(?:cutting|cut) heat",
                r"boiler[- ]?houses?",
                r"chp",
                r"теплопостачан\w*",
                r"тепломереж\w*",
                r"опален\w*",
                r"котельн\w*",
                r"тец",
                r"теплоснабжен\w*",
                r"теплосет\w*",
                r"отоплен\w*",
                r"тэц",
            ]
        ),
    ),
    (
        "energy",
        phrases(
            [
                r"power (?:outages?|cuts?|stations?|plants?|grid|lines?|supply)",
                r"outages?",
                r"blackouts?",
                r"electricity",
                r"energy",
                r"substations?",
                r"знеструм\w*",
                r"електроенерг\w*",
                r"електропостачан\w*",
                r"енергетичн\w*",
                r"енергооб'єкт\w*",
                r"підстанц\w*",
                r"без світла",
                r"відключен\w* світла",
                r"обесточ\w*",
                r"отключен\w* (?:света|электричества)",
                r"электроснабжен\w*",
                r"электроэнерг\w*",
                r"энергетическ\w*",
                r"подстанц\w*",
                r"без света",
            ]
        ),
    ),
    (
        "water",
        phrases(
            [
                r"water (?:supply|supplies|mains?|pipes?|pipelines?|utility|station|"
                r"treatment|tower)",
                r"without water",
                r"waterworks",
                r"водопостачан\w*",
                r"водоканал\w*",
                r"водогон\w*",
                r"без води",
                r"водоснабжен\w*",
                r"водопровод\w*",
                r"без воды",
            ]
        ),
    ),
    (
        "rail",
        phrases(
            [
                r"rail\w*",
                r"trains?",
                r"ukrzaliznytsia",
                r"залізниц\w*",
                r"залізничн\w*",
                r"укрзалізниц\w*",
                r"железн\w* дорог\w*",
                r"железнодорожн\w*",
            ]
        ),
    ),
    (
        "diplomatic",
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
        "education",
        phrases(
            [
                r"schools?",
                r"kindergartens?",
                r"universit(?:y|ies)",
                r"lyceums?",
                r"школ\w*",
                r"дитяч\w* сад\w*",
                r"садочк\w*",
                r"ліце\w*",
                r"університет\w*",
                r"детск\w* сад\w*",
                r"университет\w*",
                r"гимнази\w*",
            ]
        ),
    ),
    (
        "commercial",
        phrases(
            [
                r"shopping (?:malls?|cent(?:er|re)s?)",
                r"malls?",
                r"supermarkets?",
                r"hypermarkets?",
                r"business cent(?:er|re)s?",
                r"shops",
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
            ]
        ),
    ),
    (
        "industrial",
        phrases(
            [
                r"industrial (?:facilit\w+|enterprises?|sites?|plants?|zones?)",
                r"factor(?:y|ies)",
                r"завод\w*",
                r"підприємств\w*",
                r"промислов\w*",
                r"промышленн\w*",
                r"предприяти\w*",
            ]
        ),
    ),
    (
        "transport",
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
