"""How many were killed and injured, as a sentence reports it.

Conservative, as ACLED counts: "at least 21" is 21, "more than a dozen" 13 (the
least the words allow), "dozens" is unknown. Unknown is None, never zero; zero
is only what the report says ("unhurt", "no casualties").
"""

import re
from dataclasses import dataclass

from incidents.extraction.vocabulary import phrases

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# Ukrainian and Russian numerals in the cases and collective forms casualty
# reports use ("двоє", "троих", "п'ятеро"), by value.
_SLAVIC = {
    1: "один одна одне одного одну одной однієї одної одним",
    2: "два дві двоє двох двое двоих двух двома двум",
    3: "три троє трьох трое троих трех трьом трем",
    4: "чотири четверо чотирьох четыре четырех четверых",
    5: "п'ять п'ятеро п'ятьох п'яти пять пятеро пятерых пяти",
    6: "шість шестеро шістьох шести шесть шестерых",
    7: "сім семеро сімох семи семь семерых",
    8: "вісім восьмеро вісьмох восьми восемь восьмерых",
    9: "дев'ять дев'ятеро дев'ятьох дев'яти девять девятерых девяти",
    10: "десять десятеро десятьох десяти десятерых десяток десятка",
    11: "одинадцять одинадцяти одиннадцать одиннадцати",
    12: "дванадцять дванадцяти двенадцать двенадцати дюжина дюжини дюжины",
    13: "тринадцять тринадцяти тринадцать тринадцати",
    14: "чотирнадцять чотирнадцяти четырнадцать четырнадцати",
    15: "п'ятнадцять п'ятнадцяти пятнадцать пятнадцати",
    16: "шістнадцять шістнадцяти шестнадцать шестнадцати",
    17: "сімнадцять сімнадцяти семнадцать семнадцати",
    18: "вісімнадцять вісімнадцяти восемнадцать восемнадцати",
    19: "дев'ятнадцять дев'ятнадцяти девятнадцать девятнадцати",
    20: "двадцять двадцяти двадцать двадцати",
}
_SLAVIC_VALUES = {
    word: value for value, words in _SLAVIC.items() for word in words.split()
}
# Words that give a size but no number: the count is unknown.
_VAGUE = (
    "dozens scores hundreds thousands several many numerous few "
    "десятки десятків десятков кілька декілька кількох декількох несколько "
    "нескольких сотні сотень сотни сотен тисячі тысячи багато много чимало"
).split()
# "More than N" is at least N + 1; the others are taken at their word.
_MORE_THAN = (
    r"more than|over|upwards of|понад|більше(?: ніж)?|більш ніж|более|больше|свыше"
)
_AT_LEAST = (
    r"at least|no fewer than|not less than|nearly|almost|about|around|"
    r"approximately|roughly|some|щонайменше|щонайменш|принаймні|"
    r"не менше(?: ніж)?|майже|близько|приблизно|по меньшей мере|как минимум|"
    r"не менее|почти|около|примерно"
)
_NUMBER = re.compile(
    rf"(?<![\w'-])(?:(?P<more>{_MORE_THAN})\s+|(?:{_AT_LEAST})\s+)?"
    r"(?:(?P<digits>\d+)"
    rf"|(?P<tens>{'|'.join(_TENS)})(?:-(?P<tens_unit>{'|'.join(_UNITS)}))?"
    rf"|(?P<unit>{'|'.join(sorted(_UNITS, key=len, reverse=True))})"
    r"|(?P<half_dozen>half a dozen)|(?:a\s+)?(?P<dozen>dozen)"
    rf"|(?P<slavic>{'|'.join(sorted(_SLAVIC_VALUES, key=len, reverse=True))})"
    rf"|(?P<vague>{'|'.join(_VAGUE)}))"
    r"(?![\w'-])",
    re.IGNORECASE,
)

FATAL = phrases(
    [
        r"killed",
        r"killing",
        r"kills?",
        r"dead",
        r"died",
        r"dies",
        r"deaths?",
        r"death toll",
        r"fatalit(?:y|ies)",
        r"lost their lives",
        r"загин\w*",
        r"загибл\w*",
        r"вбит\w*",
        r"убит\w*",
        r"загибел\w*",
        r"жертв\w*",
        r"помер\w*",
        r"погиб\w*",
        r"скончал\w*",
        r"умер\w*",
    ]
)
INJURED = phrases(
    [
        r"injur\w*",
        r"wounded",
        r"wounding",
        r"hurt",
        r"поранен\w*",
        r"поранил\w*",
        r"травмован\w*",
        r"постражда\w*",
        r"ранен\w*",
        r"ранил\w*",
        r"пострада\w*",
        r"травмирован\w*",
        r"травм(?:а|и|ы|у|ами)",
    ]
)
_PEOPLE = phrases(
    [
        r"people",
        r"persons?",
        r"civilians?",
        r"residents?",
        r"children",
        r"child",
        r"kids",
        r"men",
        r"women",
        r"man",
        r"woman",
        r"adults?",
        r"others",
        r"людей",
        r"людини",
        r"людина",
        r"люди",
        r"особи",
        r"осіб",
        r"особа",
        r"дітей",
        r"дитина",
        r"дитини",
        r"діти",
        r"мешканц\w*",
        r"цивільн\w*",
        r"чоловік\w*",
        r"жін\w*",
        r"человека?",
        r"детей",
        r"дети",
        r"ребен\w*",
        r"жител\w*",
        r"мирн\w*",
        r"мужчин\w*",
        r"женщин\w*",
    ]
)
# Between a number and whom it counts: "dozens more injured", "ще п'ятеро".
_FILLER = {"more", "other", "ще", "еще", "people", "were", "was", "are", "have"}
_WORD = re.compile(r"[\w'-]+")

# "Including four children": a part of a total already counted.
_PART_OF = re.compile(
    r"^\W*(?:including|among|of them|of whom|у тому числі|в тому числі|серед|"
    r"з них|в том числе|среди|из них)(?!\w)",
    re.IGNORECASE,
)
_NOBODY_HURT = phrases(
    [
        r"unhurt",
        r"unharmed",
        r"uninjured",
        r"no casualties",
        r"without casualties",
        r"no victims",
        r"(?:no one|no-one|nobody) was (?:hurt|harmed)",
        r"(?:no one|no-one|nobody) was (?:killed or injured|injured or killed)",
        r"ніхто не постраждав",
        r"без постраждалих",
        r"постраждалих немає",
        r"постраждалих нема",
        r"никто не пострадал",
        r"без пострадавших",
        r"пострадавших нет",
    ]
)
_NOBODY_KILLED = phrases(
    [
        r"(?:no one|no-one|nobody) was killed",
        r"no (?:deaths|fatalities)",
        r"without fatalities",
        r"без жертв",
        r"жертв немає",
        r"жертв нет",
        r"ніхто не загинув",
        r"загиблих немає",
        r"никто не погиб",
        r"погибших нет",
    ]
)
_NOBODY_INJURED = phrases(
    [
        r"(?:no one|no-one|nobody) was (?:injured|wounded)",
        r"no injuries",
        r"поранених немає",
        r"раненых нет",
    ]
)
# One victim named without a number: "a man was killed", "загинула жінка".
_ONE_PERSON = phrases(
    [r"(?:a|an|one) (?:\w+ )?(?:man|woman|person|child|boy|girl|resident|civilian)"]
)
_SINGULAR_VERB = phrases(
    [
        r"загинув",
        r"загинула",
        r"помер",
        r"померла",
        r"поранен(?:ий|а)",
        r"травмован(?:ий|а)",
        r"постраждав",
        r"постраждала",
        r"погиб",
        r"погибла",
        r"умер",
        r"умерла",
        r"ранен(?:а|ый)?",
        r"пострадал(?:а)?",
        r"травмирован(?:а|ый)?",
    ]
)
_CLAUSE = re.compile(
    r",|;|:\s|—|–|\s-\s|(?<!\w)(?:and|while|but|whereas|та|і|й|а|але|и|но|ще|еще)(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Casualties:
    fatalities: int | None = None
    injured: int | None = None
    mentioned: bool = False  # the sentence speaks of victims, with a number or not


def larger(a: int | None, b: int | None) -> int | None:
    """The larger of two counts; unknown yields to any known count."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _value(match: re.Match[str]) -> int | None:
    if match.group("vague"):
        return None
    if match.group("digits"):
        value = int(match.group("digits"))
    elif match.group("tens"):
        value = _TENS[match.group("tens").lower()]
        if match.group("tens_unit"):
            value += _UNITS[match.group("tens_unit").lower()]
    elif match.group("unit"):
        value = _UNITS[match.group("unit").lower()]
    elif match.group("half_dozen"):
        value = 6
    elif match.group("dozen"):
        value = 12
    else:
        value = _SLAVIC_VALUES[match.group("slavic").lower()]
    return value + 1 if match.group("more") else value


def _counts_people(clause: str, match: re.Match[str]) -> bool:
    """Whether a number counts people: a person word or a casualty word right
    after it, or a casualty verb right before ("killing 17")."""
    following = [
        w for w in _WORD.findall(clause[match.end() :])[:3] if w.lower() not in _FILLER
    ]
    if following:
        word = following[0]
        if _PEOPLE.fullmatch(word) or FATAL.fullmatch(word) or INJURED.fullmatch(word):
            return True
    preceding = _WORD.findall(clause[: match.start()])
    return bool(preceding) and bool(
        FATAL.fullmatch(preceding[-1]) or INJURED.fullmatch(preceding[-1])
    )


def _clause_counts(clause: str) -> tuple[int | None, int | None, bool]:
    if _PART_OF.search(clause):
        return None, None, False
    if _NOBODY_HURT.search(clause):
        return 0, 0, True
    if _NOBODY_KILLED.search(clause):
        return 0, None, True
    if _NOBODY_INJURED.search(clause):
        return None, 0, True
    keywords = [("fatal", m) for m in FATAL.finditer(clause)]
    keywords += [("injured", m) for m in INJURED.finditer(clause)]
    if not keywords:
        return None, None, False
    fatal: int | None = None
    injured: int | None = None
    numbers = [m for m in _NUMBER.finditer(clause) if _counts_people(clause, m)]
    for number in numbers:
        kind, _ = min(keywords, key=lambda k: abs(k[1].start() - number.start()))
        if kind == "fatal":
            fatal = larger(fatal, _value(number))
        else:
            injured = larger(injured, _value(number))
    if not numbers and (_ONE_PERSON.search(clause) or _SINGULAR_VERB.search(clause)):
        kind = keywords[0][0]
        fatal, injured = (1, None) if kind == "fatal" else (None, 1)
    return fatal, injured, True


def count_casualties(text: str) -> Casualties:
    """The killed and injured a sentence (normalised text) reports, clause by
    clause: "at least 21 people were killed, including four children, and dozens
    more injured" is 21 killed and an unknown number injured."""
    fatalities: int | None = None
    injured: int | None = None
    mentioned = False
    for clause in _CLAUSE.split(text):
        fatal, hurt, said = _clause_counts(clause)
        fatalities = larger(fatalities, fatal)
        injured = larger(injured, hurt)
        mentioned = mentioned or said
    return Casualties(fatalities, injured, mentioned)
