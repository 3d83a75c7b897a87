"""How many were killed and injured, as a sentence reports it.

Conservative, as ACLED counts: "at least 21" is 21, "more than a dozen" 13 (the
least the words allow), "dozens" is unknown. Unknown is None, never zero; zero
is only what the report says ("unhurt", "no casualties").
"""

import bisect
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
    1: "один одна одне одного одну одной однієї одної одним одном одній одному",
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
# Collective numerals count people and nothing else: "ранения получили двое".
_COLLECTIVE = set(
    (
        "двоє троє четверо п'ятеро шестеро семеро восьмеро дев'ятеро десятеро "
        "п'ятьох шістьох сімох вісьмох дев'ятьох десятьох "
        "двое трое двоих троих четверых пятеро пятерых шестерых семерых "
        "восьмерых девятерых десятерых"
    ).split()
)
_SLAVIC_TENS = {
    20: "двадцять двадцяти двадцать двадцати",
    30: "тридцять тридцяти тридцать тридцати",
    40: "сорок сорока",
    50: "п'ятдесят п'ятдесяти пятьдесят пятидесяти",
    60: "шістдесят шістдесяти шестьдесят шестидесяти",
    70: "сімдесят сімдесяти семьдесят семидесяти",
    80: "вісімдесят вісімдесяти восемьдесят восьмидесяти",
    90: "дев'яносто девяносто",
    100: "сто ста",
}
_SLAVIC_VALUES = {
    word: value for value, words in _SLAVIC.items() for word in words.split()
}
_SLAVIC_TENS_VALUES = {
    word: value for value, words in _SLAVIC_TENS.items() for word in words.split()
}
# "Двадцять три", "двадцать одна": the unit after the tens.
_SLAVIC_UNITS = {word: value for word, value in _SLAVIC_VALUES.items() if value < 10}
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
    r"approximately|roughly|some|up to|as many as|щонайменше|щонайменш|принаймні|"
    r"не менше(?: ніж)?|майже|близько|приблизно|по меньшей мере|как минимум|"
    r"не менее|почти|около|примерно"
)


def _alternatives(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_NUMBER = re.compile(
    rf"(?<![\w'-])(?<!\d[:.,])(?:(?P<more>{_MORE_THAN})\s+|(?:{_AT_LEAST})\s+)?"
    r"(?:(?P<digits>\d+)"
    rf"|(?P<tens>{'|'.join(_TENS)})(?:-(?P<tens_unit>{'|'.join(_UNITS)}))?"
    rf"|(?P<unit>{_alternatives(_UNITS)})"
    r"|(?P<half_dozen>half a dozen)|(?:a\s+)?(?P<dozen>dozen)"
    r"|(?P<one_and_half>півтора|полтора)\s+десятк\w*"
    rf"|(?P<slavic_tens>{_alternatives(_SLAVIC_TENS_VALUES)})"
    rf"(?:\s+(?P<slavic_unit>{_alternatives(_SLAVIC_UNITS)}))?"
    rf"|(?P<slavic>{_alternatives(_SLAVIC_VALUES)})"
    # The same number as the figure before: "two killed and as many injured".
    r"|(?P<same>as many(?!\s+as)|стільки ж|стільки же|столько же)"
    rf"|(?P<vague>{'|'.join(_VAGUE)}))"
    # "Two dozen", "два десятки": a number of tens or dozens.
    r"(?:\s+(?P<times>dozen|десятки|десятків|десятка|десятков))?"
    r"(?![\w'-]|[:.,]\d)",
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
        r"hospitali[sz]ed",
        r"поранен\w*",
        r"поранил\w*",
        r"травмован\w*",
        r"травмувал\w*",
        r"постражда\w*",
        r"госпіталізован\w*",
        r"ранен\w*",
        r"ранил\w*",
        r"пострада\w*",
        r"травмирован\w*",
        r"травмировал\w*",
        r"госпитализирован\w*",
        r"травм(?:а|и|ы|у|ами)",
    ]
)
_PEOPLE = phrases(
    [
        r"people",
        r"persons?",
        r"civilians?",
        r"residents?",
        r"locals",
        r"children",
        r"child",
        r"kids",
        r"teenagers?",
        r"boys?",
        r"girls?",
        r"men",
        r"women",
        r"man",
        r"woman",
        r"adults?",
        r"others",
        r"pensioners",
        r"passengers",
        r"workers",
        r"employees",
        r"rescuers",
        r"firefighters",
        r"police(?:men|officers)?",
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
        r"підлітк\w*",
        r"мешканц\w*",
        r"цивільн\w*",
        r"чоловік\w*",
        r"жін\w*",
        r"пенсіонер\w*",
        r"рятувальник\w*",
        r"працівник\w*",
        r"пасажир\w*",
        r"інших",
        r"человека?",
        r"детей",
        r"дети",
        r"ребен\w*",
        r"подрост\w*",
        r"жител\w*",
        r"мирн\w*",
        r"мужчин\w*",
        r"женщин\w*",
        r"пенсионер\w*",
        r"спасател\w*",
        r"сотрудник\w*",
        r"пассажир\w*",
        r"других",
    ]
)
# Things a number may count next to a casualty word: "постраждали вісім районів",
# "5 buildings damaged", "на 9 поверсі", "25 drones shot down", "загинули 5 травня".
_THINGS = phrases(
    [
        r"districts?",
        r"neighbou?rhoods?",
        r"buildings?",
        r"houses?",
        r"homes?",
        r"cars?",
        r"vehicles?",
        r"trucks?",
        r"buses",
        r"floors?",
        r"stor(?:e?ys|ies)",
        r"apartments?",
        r"flats?",
        r"windows?",
        r"roofs?",
        r"drones?",
        r"shaheds?",
        r"uavs?",
        r"missiles?",
        r"rockets?",
        r"shells?",
        r"bombs?",
        r"explosions?",
        r"blasts?",
        r"fires?",
        r"times",
        r"percent",
        r"km",
        r"kilomet(?:re|er)s?",
        r"met(?:re|er)s?",
        r"objects?",
        r"facilities",
        r"sites?",
        r"settlements?",
        r"villages?",
        r"towns?",
        r"regions?",
        r"schools?",
        r"hospitals?",
        r"shops?",
        r"garages?",
        r"район\w*",
        r"будин\w*",
        r"будівл\w*",
        r"будівел\w*",
        r"багатоповерхів\w*",
        r"висот\w*",
        r"автомобіл\w*",
        r"автівк\w*",
        r"авто",
        r"машин\w*",
        r"вантажів\w*",
        r"автобус\w*",
        r"повер(?:х|с)\w*",
        r"квартир\w*",
        r"вікн\w*",
        r"вікон",
        r"дах\w*",
        r"дрон\w*",
        r"безпілотник\w*",
        r"бпла",
        r"шахед\w*",
        r"ракет\w*",
        r"снаряд\w*",
        r"вибух\w*",
        r"пожеж\w*",
        r"разів|рази",
        r"відсотк\w*",
        r"км",
        r"метр\w*",
        r"об'єкт\w*",
        r"населен\w*",
        r"сел(?:о|а|ах|ам|і)",
        r"селищ\w*",
        r"област\w*",
        r"громад\w*",
        r"гараж\w*",
        r"магазин\w*",
        r"школ\w*",
        r"шкіл\w*",
        r"лікарн\w*",
        r"підприємств\w*",
        r"споруд\w*",
        r"приміщен\w*",
        r"під'їзд\w*",
        r"підстанці\w*",
        r"дом(?:а|ов|ах|ам)?",
        r"здани\w*",
        r"многоэтаж\w*",
        r"автомобил\w*",
        r"грузовик\w*",
        r"этаж\w*",
        r"окон|окна",
        r"крыш\w*",
        r"беспилотник\w*",
        r"взрыв\w*",
        r"пожар\w*",
        r"раз",
        r"процент\w*",
        r"объект\w*",
        r"населенн\w*",
        r"больниц\w*",
        r"предприяти\w*",
        r"сооружени\w*",
        r"помещени\w*",
        r"подъезд\w*",
        r"подстанци\w*",
    ]
)
# When, not whom: "загинули 5 травня", "five hours".
_TIMES = phrases(
    [
        r"hours?",
        r"minutes?",
        r"days?",
        r"weeks?",
        r"months?",
        r"years?",
        r"january|february|march|april|may|june|july|august|september|october",
        r"november|december",
        r"годин\w*",
        r"хвилин\w*",
        r"днів|дні|доби|діб",
        r"тижн\w*",
        r"місяц\w*",
        r"років|роки|рік|року",
        r"січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня",
        r"листопада|грудня",
        r"час(?:а|ов)?",
        r"минут\w*",
        r"дней|дня|суток",
        r"недел\w*",
        r"лет|года?",
        r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября",
        r"ноября|декабря",
    ]
)
# Between a number and whom it counts: "dozens more injured", "two people were".
_FILLER = {"more", "other", "people", "were", "was", "are", "have", "been", "had"}
# Words that end the look past a number: "thousands of injured civilians" are
# not counted by "thousands" as victims of the strike.
_STOP = {"of", "in", "at", "on", "from", "з", "із", "у", "в", "на", "від", "из", "от"}
# "Ще троє", "another 3", "two more", "three others": in addition to a figure
# before them.
_ADD_BEFORE = {"ще", "еще", "another", "further"}
_ADD_AFTER = {"more", "others", "інших", "других"}
_WORD = re.compile(r"[\w'-]+")

# "Including four children": a part of a total already counted.
_PART_OF = re.compile(
    r"(?<!\w)(?:including|among|of them|of whom|у тому числі|в тому числі|серед|"
    r"з них|зокрема|в том числе|среди|из них|в частности)(?!\w)",
    re.IGNORECASE,
)
# "The death toll rose to 23", "кількість загиблих зросла до 12".
_TOLL = phrases(
    [
        r"death toll",
        r"toll",
        r"number of (?:the )?(?:dead|killed|injured|wounded)",
        r"кількість (?:загиблих|постраждалих|поранених|жертв)",
        r"число (?:погибших|пострадавших|раненых|жертв)",
        r"количество (?:погибших|пострадавших|раненых|жертв)",
    ]
)
_NOBODY = r"(?:no one|no-one|nobody)(?: else)?"
# Nobody hurt: if no one was hurt, no one was killed either.
_NOBODY_HURT = phrases(
    [
        r"unhurt",
        r"unharmed",
        r"uninjured",
        r"no (?:casualties|victims|injuries)",
        r"without (?:casualties|victims|injuries)",
        rf"{_NOBODY} (?:(?:was|were|has been|had been|got) )?"
        r"(?:hurt|harmed|injured|wounded)",
        rf"{_NOBODY} (?:was|were) (?:killed or injured|injured or killed)",
        r"no (?:one|people) (?:was |were )?reported (?:hurt|injured)",
        r"ніхто не (?:постраждав|травмувався|поранений)",
        r"(?:не )?постраждав ніхто",
        r"люди не постраждали",
        r"без (?:жертв (?:і|та|й) )?постраждалих",
        r"(?:жертв (?:і|та|й) )?постраждалих (?:немає|нема|не було)",
        r"поранених (?:немає|нема|не було)",
        r"никто не (?:пострадал|ранен|был ранен)",
        r"люди не пострадали",
        r"без (?:жертв и )?пострадавших",
        r"(?:жертв и )?пострадавших нет",
        r"пострадавших не было",
        r"раненых нет",
        # After the phrases that go on: "без жертв и пострадавших".
        r"(?:обійшлося |обошлось )?без жертв"
        r"(?: (?:і|та|й|и) (?:постраждалих|поранених|пострадавших|раненых))?",
        r"жертв (?:немає|нема|нет|не було|не было)",
    ]
)
_NOBODY_KILLED = phrases(
    [
        rf"{_NOBODY} (?:(?:was|were|has been) )?killed",
        rf"{_NOBODY} (?:died|was reported killed)",
        r"no (?:deaths|fatalities)",
        r"without fatalities",
        r"ніхто не загинув",
        r"загиблих (?:немає|нема|не було)",
        r"без загиблих",
        r"никто не погиб",
        r"погибших (?:нет|не было)",
        r"без погибших",
    ]
)
# One victim named without a number: "a man was killed", "загинула жінка".
_ONE_PERSON = phrases(
    [
        r"(?:a|an|one|the) (?:[\w'-]+ ){0,2}(?:man|woman|person|child|boy|girl|"
        r"teenager|resident|civilian|pensioner|driver|worker|employee|passer-by|"
        r"passerby|guard)",
        r"вод(?:ій|ія)",
        r"водител(?:ь|я)",
        r"чоловік(?:а)?",
        r"жінк[аиу]",
        r"дитин[аиу]",
        r"хлоп(?:ець|ця)",
        r"дівчин[аиу]",
        r"підліт(?:ок|ка)",
        r"пенсіонер(?:ка|ку|а)?",
        r"мужчин[аиу]",
        r"женщин[аиу]",
        r"ребен(?:ок|ка)",
        r"девушк[аиу]",
        r"девочк[аиу]",
        r"подрост(?:ок|ка)",
        r"пенсионер(?:ка|ку|а)?",
    ]
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
    r",|;|(?<!\w)(?:and|while|but|whereas|та|і|й|а|але|и|но)(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Casualties:
    fatalities: int | None = None
    injured: int | None = None
    mentioned: bool = False  # the sentence speaks of victims, with a number or not
    # Kinds ("fatalities", "injured") whose figure the sentence gives in addition
    # to one said before it ("Ще троє загинули в лікарні"): for the reader of
    # several sentences to add to the figure before.
    added: frozenset[str] = frozenset()


def larger(a: int | None, b: int | None) -> int | None:
    """The larger of two counts; unknown yields to any known count."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


@dataclass(frozen=True)
class _Keyword:
    kind: str  # "fatal" or "injured"
    start: int
    clause: int


@dataclass
class _Figure:
    start: int
    clause: int
    value: int | None
    same: bool  # "as many": the value of the figure before
    adds: bool  # "ще троє", "two more": added to the figure before of its kind
    kind: str | None
    part: bool = False  # "including four children": of a total said elsewhere


def _value(match: re.Match[str]) -> int | None:
    if match.group("vague") or match.group("same"):
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
    elif match.group("one_and_half"):
        return 15
    elif match.group("slavic_tens"):
        value = _SLAVIC_TENS_VALUES[match.group("slavic_tens").lower()]
        if match.group("slavic_unit"):
            value += _SLAVIC_UNITS[match.group("slavic_unit").lower()]
    else:
        value = _SLAVIC_VALUES[match.group("slavic").lower()]
    if times := match.group("times"):
        value *= 12 if times.lower() == "dozen" else 10
    return value + 1 if match.group("more") else value


def _kind(word: str) -> str | None:
    if FATAL.fullmatch(word):
        return "fatal"
    if INJURED.fullmatch(word):
        return "injured"
    return None


def _blank(text: str, pattern: re.Pattern[str]) -> tuple[str, bool]:
    """text with pattern's matches blanked out (offsets kept), and whether any."""
    found = False
    for match in pattern.finditer(text):
        found = True
        text = text[: match.start()] + " " * len(match.group()) + text[match.end() :]
    return text, found


class _Reading:
    """One sentence's words, clauses, casualty words and figures."""

    def __init__(self, text: str):
        self.text = text
        bounds = [0, *(m.start() for m in _CLAUSE.finditer(text)), len(text)]
        self.clauses = list(zip(bounds, bounds[1:], strict=False))
        self.words = [
            (m.start(), m.end(), m.group().lower(), self._clause_of(m.start()))
            for m in _WORD.finditer(text)
        ]
        self.keywords = [
            _Keyword(kind, m.start(), self._clause_of(m.start()))
            for pattern, kind in ((FATAL, "fatal"), (INJURED, "injured"))
            for m in pattern.finditer(text)
            if not self._counts_things(m)
        ]
        self.keywords.sort(key=lambda k: k.start)
        self.figures = [
            figure
            for m in _NUMBER.finditer(text)
            if (figure := self._figure(m)) is not None
        ]

    def _clause_of(self, position: int) -> int:
        return bisect.bisect_right([a for a, _ in self.clauses], position) - 1

    def _after(self, end: int, clause: int) -> list[tuple[int, str]]:
        return [(s, w) for s, _, w, c in self.words if s >= end and c == clause]

    def _kind_at(self, position: int) -> str | None:
        """The kind of casualty word at position: "killed", "lost their lives"."""
        if FATAL.match(self.text, position):
            return "fatal"
        if INJURED.match(self.text, position):
            return "injured"
        return None

    def _before(self, start: int, clause: int) -> list[str]:
        return [w for _, e, w, c in self.words if e <= start and c == clause]

    def _counts_things(self, keyword: re.Match[str]) -> bool:
        """Whether a casualty word is said of things: "постраждали вісім районів"."""
        clause = self._clause_of(keyword.start())
        following = [
            w for _, w in self._after(keyword.end(), clause) if w not in _FILLER
        ]
        number = _NUMBER.match(" ".join(following))
        if number and number.group("vague") is None:
            following = _WORD.findall(" ".join(following)[number.end() :])
        for word in following[:3]:
            if _PEOPLE.fullmatch(word) or word in _STOP:
                return False
            if _THINGS.fullmatch(word):
                return True
        return False

    def _figure(self, match: re.Match[str]) -> _Figure | None:
        clause = self._clause_of(match.start())
        before = self._before(match.start(), clause)
        after = self._after(match.end(), clause)
        if before and before[-1] in {"no", "not"}:
            return None  # "no one" left over from a phrase not read as zero
        part = bool(_PART_OF.search(" ".join(before[-4:]))) or bool(
            before and _PART_OF.match(" ".join(before))
        )
        adds = bool(before and before[-1] in _ADD_BEFORE) or bool(
            after and after[0][1] in _ADD_AFTER
        )
        while before and before[-1] in _ADD_BEFORE:
            before.pop()
        same = bool(match.group("same"))
        kind = _kind(before[-1]) if before else None
        people = kind is not None
        # Whom the number counts: the first telling word after it, past fillers
        # and up to two words more ("3 приватні будинки", "two people were killed").
        people = people or (match.group("slavic") or "").lower() in _COLLECTIVE
        told = False  # a person word seen
        untold = 0
        for start, word in after:
            if word in _STOP or untold > 2:
                break
            if found := self._kind_at(start):
                kind = kind or found
                people = True
                break
            if _PEOPLE.fullmatch(word):
                people = told = True
            elif word not in _FILLER:
                if told:
                    break
                if _THINGS.fullmatch(word) or _TIMES.fullmatch(word):
                    return None
                untold += 1
        toll = _TOLL.search(self.text, self.clauses[clause][0], match.start())
        if toll and kind is None:
            kind = "injured" if INJURED.search(toll.group()) else "fatal"
            people = True
        if not (people or adds or same):
            return None
        return _Figure(match.start(), clause, _value(match), same, adds, kind, part)

    def _bare(self, figure: _Figure) -> bool:
        """Whether a figure's clause is the number and whom it counts, nothing else:
        "постраждали, за попередніми даними, троє людей"."""
        a, b = self.clauses[figure.clause]
        match = _NUMBER.match(self.text, figure.start)
        rest = _WORD.findall(self.text[a : figure.start] + self.text[match.end() : b])
        return all(
            w.lower() in _FILLER or w.lower() in _ADD_BEFORE or _PEOPLE.fullmatch(w)
            for w in rest
        )

    def resolve_kinds(self) -> None:
        # A part counts only in a sentence that gives no total: "серед
        # постраждалих — троє дітей" is at least three injured.
        totals = [f for f in self.figures if not f.part]
        if totals:
            self.figures = totals
        claimed = set()
        previous: _Figure | None = None
        for figure in self.figures:
            if figure.kind is None:
                near = [k for k in self.keywords if k.clause == figure.clause]
                if near:
                    figure.kind = min(
                        near, key=lambda k: abs(k.start - figure.start)
                    ).kind
                elif (figure.adds or figure.same) and previous is not None:
                    figure.kind = previous.kind
                elif self._bare(figure) or figure.part:
                    free = [k for k in self.keywords if k.clause not in claimed]
                    if free:
                        figure.kind = min(
                            free, key=lambda k: abs(k.start - figure.start)
                        ).kind
            if figure.kind is not None:
                claimed.add(figure.clause)
                previous = figure
        self.figures = [f for f in self.figures if f.kind is not None]


def count_casualties(text: str) -> Casualties:
    """The killed and injured a sentence (normalised text) reports.

    "At least 21 people were killed, including four children, and dozens more
    injured" is 21 killed and an unknown number injured. Figures for the same
    victims given twice count once (the larger); only figures the words say are
    in addition ("ще троє", "another 3", "two more", "three others") are added
    to the figure before them of the same kind, within the sentence: a sentence
    reporting "ще троє" alone is read as 3, the least it allows. "As many",
    "стільки ж", "столько же" repeat the figure before them. "No casualties",
    "постраждалих немає", "обійшлося без жертв" are 0, not unknown.
    """
    text, nobody_hurt = _blank(text, _NOBODY_HURT)
    text, nobody_killed = _blank(text, _NOBODY_KILLED)
    nobody_killed = nobody_killed or nobody_hurt
    reading = _Reading(text)
    reading.resolve_kinds()
    totals: dict[str, int | None] = {"fatal": None, "injured": None}
    running: dict[str, int | None] = {}
    last: int | None = None
    added: set[str] = set()
    for figure in reading.figures:
        value = last if figure.same else figure.value
        if figure.adds and figure.kind not in running and value is not None:
            added.add("fatalities" if figure.kind == "fatal" else "injured")
        if figure.adds and figure.kind in running:
            base = running[figure.kind]
            running[figure.kind] = (
                base if value is None or base is None else base + value
            )
        else:
            running[figure.kind] = value
        totals[figure.kind] = larger(totals[figure.kind], running[figure.kind])
        last = value
    counted = {f.clause for f in reading.figures}
    for clause, (a, b) in enumerate(reading.clauses):
        if clause in counted or _PART_OF.match(text, a, b):
            continue
        kinds = [k.kind for k in reading.keywords if k.clause == clause]
        words = text[a:b]
        if kinds and (_ONE_PERSON.search(words) or _SINGULAR_VERB.search(words)):
            totals[kinds[0]] = larger(totals[kinds[0]], 1)
    # A zero stands unless the sentence also speaks of victims of that kind.
    spoken = {k.kind for k in reading.keywords}
    if nobody_killed and "fatal" not in spoken:
        totals["fatal"] = larger(totals["fatal"], 0)
    if nobody_hurt and "injured" not in spoken:
        totals["injured"] = larger(totals["injured"], 0)
    return Casualties(
        totals["fatal"],
        totals["injured"],
        bool(reading.keywords) or nobody_killed,
        frozenset(added),
    )
