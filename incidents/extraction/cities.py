"""Which city a report is about, and where it speaks of the city as a whole.

A name counts as the city only where it is one: "Kyiv region" and "the Donetsk
and Lugansk regions" are the land around a city, "the Kyiv and Kuybyshev
districts" are districts of Donetsk, "near Kyiv" is outside it.
"""

import re
from collections import Counter
from dataclasses import dataclass

from geo import cities
from incidents.extraction.sentences import Sentence
from incidents.extraction.vocabulary import phrases

KYIV = cities.KYIV.slug
DONETSK = cities.DONETSK.slug
OTHER = "other"  # another city, or a region
OUR_CITIES = cities.CITY_SLUGS

# Nouns only, in their cases: "Київський" and "Киевский" are district names.
_NAMES = {
    KYIV: r"kyiv|kiev|київ|києв(?:а|і|у|ом)|киев(?:а|е|у|ом)?",
    DONETSK: r"donetsk|донецьк(?:а|у|ом|і)?|донецк(?:а|е|у|ом)?",
    OTHER: "|".join(
        [
            r"dnipro|dnepr|dnipropetrovsk|дніпр(?:о|а|і|ом)|днепр(?:а|е|у|ом)?",
            r"дніпропетровськ(?:а|у|і|ом)?|днепропетровск(?:а|е|у|ом)?",
            r"kharkiv|kharkov|харків|харков(?:а|і|у|ом)|харьков(?:а|е|у|ом)?",
            r"odesa|odessa|одес(?:а|и|і|у|ою)|одесс(?:а|ы|е|у|ой)",
            r"lviv|lvov|львів|львов(?:а|і|у|ом|е)?",
            r"zaporizhzhia|zaporizhia|zaporozhye|запоріжж(?:я|і|ю)|запорожь(?:е|я|ю)",
            r"mykolaiv|nikolaev|миколаїв|миколаєв(?:а|і|у|ом)|николаев(?:а|е|у|ом)?",
            r"kherson|херсон(?:а|і|е|у|ом)?",
            r"sumy|сум(?:и|ах)|сумы",
            r"chernihiv|chernigov|чернігів|чернігов(?:а|і|у|ом)|чернигов(?:а|е|у)?",
            r"poltava|полтав(?:а|и|і|у|ою|е|ы)",
            r"zhytomyr|zhitomir|житомир(?:а|і|е|у|ом)?",
            r"vinnytsia|vinnitsa|вінниц(?:я|і|ю|ею)|винниц(?:а|ы|е|у|ей)",
            r"kryvyi rih|krivoy rog|кривий ріг|кривому розі|кривого рогу|"
            r"кривой рог|кривом роге|кривого рога",
            r"kramatorsk|краматорськ(?:а|у|і|ом)?|краматорск(?:а|е|у|ом)?",
            r"sloviansk|slavyansk|слов'янськ(?:а|у|і|ом)?|славянск(?:а|е|у|ом)?",
            r"mariupol|маріупол(?:ь|я|і|ем)|мариупол(?:ь|я|е|ем)",
            r"makiivka|makeevka|макіївк(?:а|и|і|у|ою)|макеевк(?:а|и|е|у|ой)",
            r"horlivka|gorlovka|горлівк(?:а|и|і|у|ою)|горловк(?:а|и|е|у|ой)",
            r"luhansk|lugansk|луганськ(?:а|у|і|ом)?|луганск(?:а|е|у|ом)?",
            r"brovary|бровар(?:и|ах|ів|ам|ы|ов)",
            r"boryspil|borispol|бориспіль|бориспол(?:я|і|ь|е)",
            r"irpin|irpen|ірпін(?:ь|я|і|ем)|ирпен(?:ь|я|е|ем)",
            r"bucha|буч(?:а|і|у|е|ею|ей)",
            r"hostomel|gostomel|гостомел(?:ь|я|і|е)",
            r"vyshhorod|vyshgorod|вишгород(?:а|і)?|вышгород(?:а|е)?",
            r"obukhiv|obukhov|обухів|обухов(?:а|і|е|у)?",
            r"fastiv|fastov|фастів|фастов(?:а|і|е|у)?",
            r"bila tserkva|біл(?:а|ій|у) церкв(?:а|і|у)|бел(?:ая|ой|ую) церкв(?:и|ь)",
            r"vasylkiv|васильків|василькова|василькові",
            r"yasynuvata|ясинувата|ясиноватая|ясиноватой",
            r"avdiivka|авдіївк(?:а|и|і|у)|авдеевк(?:а|и|е|у)",
        ]
    ),
}
_NAME = re.compile(
    r"(?<![\w'-])(?:"
    + "|".join(f"(?P<{city}>{pattern})" for city, pattern in _NAMES.items())
    + r")(?:'s)?(?![\w-])",
    re.IGNORECASE,
)
# Kyiv by its title, which news text uses as often as its name.
CAPITAL = phrases(
    [
        r"capital",
        r"столиц(?:я|і|ю|ею|а|ы|е|у|ей)",
    ]
)

_REGION_WORD = (
    r"regions?|regional|oblasts?|область|області|областю|областях|областей|"
    r"области|обл\.|регіон\w*|регион\w*"
)
_DISTRICT_WORD = r"districts?|raions?|район\w*|р-н\w*"
# After the name, alone or closing a list ("Donetsk and Lugansk regions").
_QUALIFIER_AFTER = re.compile(
    r"(?:(?:\s*,\s*[\w'-]+)*\s+(?:and|та|і|й|и)\s+[\w'-]+)?"
    rf"\s+(?:(?P<region>{_REGION_WORD})|(?P<district>{_DISTRICT_WORD}))(?![\w-])",
    re.IGNORECASE,
)
# "Kyiv's mayor", "the head of Kyiv's military administration", "residents of
# Donetsk": the city's people and offices, not a place where something happened.
_INSTITUTION_AFTER = re.compile(
    r"(?:'s)?\s+(?:city\s+)?(?:mayor|military administration|administration|"
    r"authorities|officials|city council|council|police|governor|regime|government)"
    r"(?![\w-])",
    re.IGNORECASE,
)
_INSTITUTION_BEFORE = re.compile(
    r"(?:mayor|head|governor|authorities|officials|residents|people|"
    r"мер(?:а|ом|у)?|мэр(?:а|ом|у)?|голов(?:а|и|ою|у)|глав(?:а|ы|ой|у)|"
    r"влад(?:а|и|ою)|власт(?:и|ей)|мешканц\w*|жител\w*)"
    r"\s+(?:of\s+)?(?:the\s+city\s+of\s+)?$",
    re.IGNORECASE,
)
_OUTSIDE_BEFORE = re.compile(
    r"(?:near|outside|під|под|поблизу|неподалік|вблизи|недалеко от)\s+$",
    re.IGNORECASE,
)

# "Eight of ten districts", "у восьми з десяти районів".
_HOW_MANY = (
    r"\d+|two|three|four|five|six|seven|eight|nine|ten|most|half|many|several|"
    r"двох|трьох|чотирьох|п'яти|шести|семи|восьми|дев'яти|двух|трех|четырех|пяти|"
    r"девяти|два|дві|три|чотири|п'ять|шість|сім|вісім|дев'ять|четыре|пять|шесть|"
    r"семь|восемь|девять"
)
# The whole city rather than a part of it: "all ten districts", "almost every
# district", "eight of Kyiv's ten districts", "across the capital".
CITYWIDE = re.compile(
    r"(?<![\w'-])(?:"
    r"(?:all|every|each)(?: of)?(?: the)?(?: [\w']+)? districts?"
    rf"|(?:{_HOW_MANY}) of (?:the )?(?:city's |capital's |\w+'s )?(?:\w+ )?districts"
    r"|(?:several|multiple|many|numerous|various|different|most|a number of) "
    r"(?:of the )?(?:(?:city|capital)'s )?districts"
    r"|(?:across|throughout|all over) (?:the (?:city|capital)|kyiv|kiev|donetsk)"
    r"|city-?wide"
    r"|(?:усіх|всіх|усі|всі|кількох|декількох|багатьох|різних|більшості|кожному|"
    r"кожен|кожного|всех|все|нескольких|многих|разных|большинстве|каждом)"
    r"(?: [\w']+)? район\w*"
    rf"|(?:{_HOW_MANY}) (?:з|из) (?:[\w']+ )?(?:районів|районов)"
    r"|по (?:всьому|усьому) (?:місту|києву|донецьку)"
    r"|по (?:всій|усій) столиці"
    r"|по всему (?:городу|киеву|донецку)"
    r"|по всей столице"
    r")(?![\w-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CityMention:
    city: str  # KYIV, DONETSK or OTHER
    start: int
    end: int


def city_mentions(text: str) -> list[CityMention]:
    """The cities a sentence (normalised text) names as places."""
    mentions = []
    for match in _NAME.finditer(text):
        city = match.lastgroup or OTHER
        after = _QUALIFIER_AFTER.match(text, match.end())
        if after and after.group("district"):
            continue  # a district named after a city
        if after or _OUTSIDE_BEFORE.search(text[: match.start()]):
            city = OTHER
        mentions.append(CityMention(city, match.start(), match.end()))
    return mentions


def names_city(text: str, city: str) -> bool:
    """Whether a sentence speaks of the city itself as a place (by name, or as the
    capital), rather than of its mayor or residents."""
    places = [
        m
        for m in [*city_mentions(text), *_capital_mentions(text, city)]
        if m.city == city
        and not _INSTITUTION_AFTER.match(text, m.end)
        and not _INSTITUTION_BEFORE.search(text[: m.start])
    ]
    return bool(places)


# Land beyond the city: a region, the republic, the country, a village or suburb.
# Victims counted there are not the city's.
_ELSEWHERE = phrases(
    [
        r"(?:in|across|throughout) (?:the )?(?:republic|region|oblast|country)",
        r"(?:across|throughout|all over) ukraine|nationwide|other regions",
        r"(?:in )?(?:the )?(?:village|suburbs?|town) of|outside the city",
        r"(?:в|по|на территории) (?:республик\w*|днр\b)",
        r"(?:в|по) (?:области|регионе)|(?:в|по) (?:другим|других|остальных) регион\w*",
        r"по всей украине|в других областях",
        r"(?:в|у|по) (?:області|регіоні)",
        r"(?:в|у) (?:інших|решті) (?:регіон\w*|област\w*)",
        r"по (?:всій|усій) україні",
        r"київщин\w*|донеччин\w*|киевщин\w*",
        # Not "селище", "поселок": Donetsk's settlements are inside the city.
        r"(?:в|у) (?:селі|передмісті)|за містом",
        r"(?:в|у) (?:селе|пригороде)|за городом",
    ]
)


def names_elsewhere(text: str, city: str | None) -> bool:
    """Whether a sentence (normalised text) names a place beyond `city`: another
    city (Kyiv's is Donetsk too), a region, the republic, the country, a village."""
    if _ELSEWHERE.search(text):
        return True
    return any(
        m.city != city and not _INSTITUTION_AFTER.match(text, m.end)
        for m in city_mentions(text)
    )


def _capital_mentions(text: str, city: str) -> list[CityMention]:
    if city != KYIV:
        return []
    return [CityMention(KYIV, m.start(), m.end()) for m in CAPITAL.finditer(text)]


def citywide(text: str) -> bool:
    return bool(CITYWIDE.search(text))


def decide_report_cities(sentences: list[Sentence]) -> tuple[list[str], bool]:
    """The cities the report is about, and whether it names any city at all.

    The city named most (a headline counts twice) unless other places dominate:
    a report about Dnipro that mentions Kyiv once is not about Kyiv. A report on
    strikes on both Kyiv and Donetsk, each named at least half as often as the
    other, is about both.
    """
    counts: Counter[str] = Counter()
    for sentence in sentences:
        weight = 2 if sentence.headline else 1
        for mention in city_mentions(sentence.normalised):
            counts[mention.city] += weight
    named_any = bool(counts)
    best, runner_up = sorted(OUR_CITIES, key=lambda city: counts[city], reverse=True)
    ours = counts[best] + counts[runner_up]
    if counts[best] == 0 or counts[OTHER] > 2 * ours:
        return [], named_any
    if counts[runner_up] and 2 * counts[runner_up] >= counts[best]:
        return [best, runner_up], named_any
    return [best], named_any
