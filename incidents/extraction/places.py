"""Where: districts, streets and metro stations a sentence names, resolved by the
geocoder in the report's city.

The sentence finds the words ("the Kalininsky and Budennovsky districts", "Artem
Street", "станції метро Лісова"); the geocoder (geo.geocoder) says what they are.
The report's city is its hint, so "the Kyiv district" in a Donetsk report is
Donetsk's Kyivskyi district.

Districts are also found without the noun ("In Pechersk", "у Дарниці"), listed
after it ("районы Донецка: Кировский, Петровский"), and through the
neighbourhoods that lie in them ("на Троєщині"; neighbourhoods.py). A district
named only as who speaks ("глава администрации Кировского района") is no place:
find() leaves it out, find(speakers=True) returns it with PlaceMention.speaker.
Streets, localities and institutions the gazetteer lacks are known by their
pattern ("ул. Щетинина", "поселок Трудовские", "больница им. Калинина") and kept
as written, with no point (GeocodeResult.method "pattern:street"/"pattern:place").
"""

import re
from dataclasses import dataclass, replace

from geo.cities import CITIES
from geo.geocoder import GeocodeResult, geocode
from incidents.extraction.cities import DONETSK, KYIV, OUR_CITIES
from incidents.extraction.neighbourhoods import neighbourhood_district
from incidents.extraction.sentences import normalise

# What the report's language calls the cities, for the location text.
CITY_NAMES = {
    language: {city.slug: city.name(language) for city in CITIES}
    for language in ("en", "uk", "ru")
}
# Matches the geocoder must be this sure of; without a city named in the report,
# surer, as district and street names repeat across Ukraine's cities.
_MIN_CONFIDENCE = {"district": 0.8, "street": 0.7, "place": 0.7}
_MIN_CONFIDENCE_UNNAMED_CITY = 0.85
# "Artem Street in the Kievsky district": close enough to be one place.
_NEAR = 25

_UPPER = "A-ZА-ЯЕІЇЄҐ"  # ё is е in normalised text
_NAME_WORD = rf"[{_UPPER}][^\W\d_]*(?:'[^\W\d_]+)*"
_AND = r"(?:and|&|та|і|й|и)"
_NAME_LIST = rf"{_NAME_WORD}(?:\s*,\s*{_NAME_WORD})*(?:,?\s+{_AND}\s+{_NAME_WORD})?"
_DISTRICT = re.compile(
    rf"(?<![\w'])(?P<names>{_NAME_LIST})\s+"
    r"(?P<word>(?i:districts?|raions?|rayons?|"
    r"район(?:и|ы|ах|ів|ов|і|е|у|а|ом|ами|ам)?|р-н(?:і|е|а|у)?))(?![\w-])"
)
# A list of districts shares one plural noun; each district gets the singular.
_SINGULAR = {
    "districts": ("district", "district"),
    "raions": ("raion", "raion"),
    "rayons": ("rayon", "rayon"),
    "районах": ("районі", "районе"),
    "районів": ("району", "района"),
    "районов": ("району", "района"),
    "райони": ("район", "район"),
    "районы": ("район", "район"),
    "районами": ("районом", "районом"),
    "районам": ("району", "району"),
}
_STREET_AFTER_NAME = re.compile(
    rf"(?<![\w'])(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})\s+"
    r"(?P<type>(?i:street|st\.?|avenue|ave\.?|boulevard|blvd\.?|lane|square|"
    r"prospekt|prospect|highway|embankment|road|alley|descent|uzviz))(?![\w])"
)
_STREET_BEFORE_NAME = re.compile(
    r"(?<![\w'])(?P<type>(?i:вулиц(?:я|і|ю|е|ею)|вул\.|улиц(?:а|е|у|ы|ей)|ул\.|"
    r"проспект(?:і|у|а|е|ом)?|просп\.|пр-т(?:е|у|а)?|пр\.|"
    r"бульвар(?:і|у|а|е|ом)?|бульв?\.|б-р|"
    r"площ(?:а|і|у|е|ею)|площад(?:ь|и)|пл\.|провул(?:ок|ку|ком)|пров\.|"
    r"переул(?:ок|ке|ка)|пер\.|шосе|шоссе|набережн(?:а|ій|у|ая|ой)|наб\.|"
    r"узвіз|узвоз(?:і|у)|спуск(?:е|у)?|проїзд(?:і|у)?|проезд(?:е|у)?|"
    r"але(?:я|ї|ю)|алле(?:я|и|е)|vulytsi[aі]|vul\.|ulitsa|ul\.))\s*"
    rf"[«\"“]?(?P<name>(?:{_NAME_WORD}|\d+[-\w]*)(?:[\s-]+{_NAME_WORD}){{0,2}}"
    # A plural genitive after the name: "площадь Бакинских комиссаров".
    r"(?:\s+[а-яіїєґ]{3,}(?:ов|ев|ів|їв|ей)(?![\w]))?)"
)
# "На Берестейському проспекті", "Харківське шосе".
_STREET_ADJECTIVE_FIRST = re.compile(
    rf"(?<![\w'])(?P<name>{_NAME_WORD})\s+"
    r"(?P<type>(?i:проспект(?:і|у|а|е|ом)?|шосе|шоссе|бульвар(?:і|у|а|е|ом)?|"
    r"узвіз|узвоз(?:і|у)|площ(?:а|і|у|е)|площад(?:ь|и)))(?![\w-])"
)
_METRO = re.compile(
    rf"(?<![\w'])(?:{_NAME_WORD}(?:\s+{_NAME_WORD})?\s+(?i:metro|subway|underground)"
    r"(?:\s+(?i:station))?"
    r"|(?i:(?:станці(?:я|ї|ю|єю)|станци(?:я|и|ю|ей)|ст\.)\s*)?(?i:метро|м\.)\s*"
    rf"[«\"“]?{_NAME_WORD}(?:\s+{_NAME_WORD})?[»\"”]?)"
)
# A district or neighbourhood named without the noun, after a preposition: "In
# Pechersk", "у Дарниці", "на Троєщині", "in Obolonsky and Podilsky".
_PREPOSITION = (
    r"(?i:in|on|at|near|across|around|у|в|во|на|біля|поблизу|возле|около|під|под)"
)
_PLACE_WORD = (
    rf"{_NAME_WORD}(?:-{_NAME_WORD})?"
    r"(?:\s+(?i:масив\w*|массив\w*|masyv|massiv))?"
)
_PLACE_LIST = (
    rf"{_PLACE_WORD}(?:\s*,\s*(?:{_PREPOSITION}\s+)?{_PLACE_WORD})*"
    rf"(?:,?\s+{_AND}\s+(?:{_PREPOSITION}\s+)?{_PLACE_WORD})?"
)
_BARE = re.compile(
    rf"(?<![\w'])(?:{_PREPOSITION})\s+(?:(?i:the)\s+)?"
    r"(?:(?:Kyiv|Kiev|Donetsk)'s\s+)?"
    rf"(?P<names>{_PLACE_LIST})"
)
# "пострадали несколько районов, в частности Киевский, Ворошиловский",
# "районы Донецка: Кировский, Петровский и Киевский", "the districts of ...".
_DISTRICTS_THEN_NAMES = re.compile(
    r"(?i:districts|raions|районы|районов|районах|райони|районів|районах)"
    r"(?:\s+(?:of\s+)?(?:Kyiv|Kiev|Donetsk|Києва|Киева|Донецька|Донецка))?"
    r"(?:\s*[:—–]\s*|,?\s+(?i:of|including|namely|such\s+as|в\s+частности|"
    r"в\s+том\s+числе|а\s+именно|именно|зокрема|у\s+тому\s+числі|серед\s+них|"
    r"среди\s+них)\s*[:,]?\s*)"
    rf"(?P<names>{_NAME_LIST})"
)
# A district's administration or its head speaking: the district is the source
# of the news, not where it happened ("глава администрации Кировского района").
_SPEAKER_BEFORE = re.compile(
    r"(?i:heads?|chief|leader|mayor|spokes(?:man|woman|person)|глав(?:а|ы|е|у|ой)|"
    r"голов(?:а|и|і|у|ою)|керівни(?:к|ка|ком|ця|ці)|начальни(?:к|ка|ком|ця|ці)|"
    r"руководител(?:ь|я|ем)|представител(?:ь|я|ем)|представни(?:к|ка|ком)|"
    r"речни(?:к|ка|ком)|пресс-служб\w*|прес-служб\w*)"
    r"(?:\s+(?i:of|the|of\s+the|администрации|адміністрації|державної|"
    r"военно-гражданской|військової|районной|районної))*\s*$"
)
_ADMINISTRATION_AFTER = re.compile(
    r"^\s*(?:(?i:district|raion)\s+)?(?:(?i:state|military|civil-military)\s+)?"
    r"(?i:administration|council|RDA|RVA|РДА|РВА|райдержадміністрац\w*|"
    r"райадміністрац\w*|райадминистрац\w*|администрац\w*|адміністрац\w*)"
)
_DISTRICT_ADMINISTRATION = re.compile(
    rf"(?<![\w'])(?P<name>{_NAME_WORD})\s+"
    r"(?P<body>(?:РДА|РВА|RDA|RVA)(?![\w])|"
    r"районн(?:ої|ой|ая|а|ую|у)\s+(?:(?:державн|військов|военн)\w*\s+)?"
    r"(?:адміністрац|администрац)\w*)"
)
_BUILDING_BEFORE = re.compile(
    r"(?i:building|premises|office|будівл\w*|будинок|будинку|здани\w*|"
    r"приміщенн\w*|помещени\w*)\s+(?:(?i:of\s+the)\s+)?$"
)
# A landmark named by its kind ("Дарницький ринок", "лікарня № 1", "ТЦ «Глобал»"):
# found only where the gazetteer knows it.
_LANDMARK = re.compile(
    r"(?<![\w'])(?:[^\W\d_]+\s+){0,2}"
    r"(?P<kind>(?i:ринок|ринку|рынок|рынке|рынка|market|лікарн\w*|больниц\w*|hospital|"
    r"клінік\w*|клиник\w*|поліклінік\w*|госпітал\w*|вокзал\w*|"
    r"(?:railway|train)\s+station|школ\w*|school|гімназі\w*|ліце\w*|лице\w*|"
    r"ТЦ|ТРЦ|торгов\w+\s+центр\w*|shopping\s+(?:centre|center|mall)|mall|"
    r"супермаркет\w*|університет\w*|университет\w*))"
    r"(?P<rest>\s*(?:№|No\.?|#)\s*\d+|\s*[«\"“][^»\"”]{1,40}[»\"”]|"
    rf"\s+{_NAME_WORD}(?:\s+{_NAME_WORD})?)?"
)
# "Центральный рынок": a capitalised adjective before the kind names one place.
_NAMED_BY_ADJECTIVE = re.compile(
    r"[А-ЯІЇЄҐA-Z][^\W\d_]*(?:ый|ий|ій|ая|ой|ого|ому|ом|ої|ую|у|а|e)$"
)
# Localities and housing estates known by their pattern: Donetsk's mining
# settlements ("в поселке Трудовские") and Kyiv's estates ("у ЖК «Комфорт Таун»").
_LOCALITY = re.compile(
    r"(?<![\w'])(?P<kind>(?i:посел(?:ок|ке|ка|ку)|пос\.|пгт|селищ(?:е|і|а)|смт|"
    r"микрорайон(?:е|а|у)?|мкр\.|мкрн\.?|мікрорайон(?:і|у|а)?|"
    r"житлов(?:ий|ому|ого)\s+комплекс(?:і|у)?|жилом(?:ой|ом)\s+комплекс(?:е|а)?|"
    r"village\s+of|settlement\s+of|microdistrict|residential\s+complex|"
    r"шахт(?:а|ы|е|у|ой|і|ою))|ЖК)\s*"
    rf"(?P<name>[«\"“][^»\"”]{{1,40}}[»\"”]|(?:им\.|имени|імені|ім\.)?\s*"
    rf"{_NAME_WORD}(?:[\s-]+{_NAME_WORD}){{0,2}})"
    # Hospitals, schools and mines by number or patron: "больница им. Калинина",
    # "школу № 12", "ЦГКБ №1", "шахты им. Засядько".
    r"|(?<![\w'])(?P<institution>(?i:больниц\w*|горбольниц\w*|лікарн\w*|школ\w*|"
    r"гимнази\w*|гімназі\w*|лице\w*|ліце\w*|hospital|school|шахт\w*|завод\w*)|"
    r"ЦГКБ|ГКБ|ДК|ЦРБ)\s*"
    r"(?:(?:№|No\.?|#)\s*\d+|(?:им\.|имени|імені|ім\.)\s*"
    rf"{_NAME_WORD}(?:\s+{_NAME_WORD})?)"
)
# A district word next: the name before it is the district's, not the street's.
_DISTRICT_NEXT = re.compile(r"\s+(?i:район\w*|р-н\w*|districts?|raions?)(?![\w])")
# Leading words the street patterns take for part of a name.
_NOT_A_NAME = frozenset(
    "the on in at near along of a an from to and this that these at by its his her "
    "their monday tuesday wednesday thursday friday saturday sunday".split()
)
# A landmark or neighbourhood named without a kind word is surer with one.
_MIN_BARE = {"district": 0.6, "place": 0.55}

# The city right after a place, as written: "Голосіївському районі Києва".
_CITY_AFTER = re.compile(
    r"(?:\s*,\s*|\s+(?:of|in|у|в)\s+(?:the\s+)?(?:city\s+of\s+)?|\s+)"
    r"(?P<city>Kyiv|Kiev|Donetsk|Києва|Києві|Київ|Киева|Киеве|Киев|Донецька|"
    r"Донецьку|Донецьк|Донецка|Донецке|Донецк)(?![\w'])"
)


@dataclass(frozen=True)
class Location:
    """A place in the report's city; text is as written, fit for the geocoder."""

    city: str
    district: str | None = None
    street: str | None = None
    place: str | None = None
    text: str = ""
    # The street or place is the report's words, known by their pattern only:
    # no gazetteer row, no point ("ул. Щетинина" in Donetsk).
    as_written: bool = False

    @property
    def precise(self) -> bool:
        return bool(self.street or self.place)

    @property
    def key(self) -> tuple[str | None, str | None, str | None]:
        return self.district, self.street, self.place


@dataclass(frozen=True)
class PlaceMention:
    """A place and where the sentence names it (a list of districts is one span).

    speaker: the district is named only as who speaks ("the head of the
    Kuibyshevskyi district administration said"), not as where anything
    happened. PlaceFinder.find leaves such mentions out unless asked for them.
    """

    start: int
    end: int
    location: Location
    speaker: bool = False


@dataclass(frozen=True)
class _Found:
    kind: str  # "district", "street" or "place"
    start: int
    end: int
    written: str
    result: GeocodeResult
    group: tuple[int, int]  # the span of the words it was found in
    speaker: bool = False


def report_language(text: str) -> str:
    """The report's language ("en", "uk" or "ru"), for the city's name in the
    location text."""
    ukrainian = len(re.findall(r"[іїєґІЇЄҐ]", text))
    russian = len(re.findall(r"[ыэъёЫЭЪЁ]", text))
    if not re.search(r"[а-яА-Я]", text):
        return "en"
    return "uk" if ukrainian >= russian else "ru"


def _overlaps(match: re.Match[str], found: list["_Found"]) -> bool:
    return any(f.start < match.end() and match.start() < f.end for f in found)


class PlaceFinder:
    """Finds and resolves the places of one report's sentences.

    Answers are kept per report: reports repeat their places.
    """

    def __init__(self, *, city: str | None, language: str) -> None:
        self.city = city
        self.language = language if language in CITY_NAMES else "en"
        self._answers: dict[str, GeocodeResult] = {}
        # Districts the report has named so far, for streets named without one.
        self._report_districts: set[str] = set()

    def _geocode(self, query: str) -> GeocodeResult:
        if query not in self._answers:
            # A fallback server that is down costs extraction its answer only:
            # the worker geocodes the incident's location again, and retries.
            self._answers[query] = geocode(
                query, city=self.city, fallback_errors="ignore"
            )
        return self._answers[query]

    def _accepts(self, result: GeocodeResult, kind: str) -> bool:
        if result.precision != kind:
            return False
        if self.city is None:
            return (
                result.city in OUR_CITIES
                and result.confidence >= _MIN_CONFIDENCE_UNNAMED_CITY
            )
        return result.city == self.city and result.confidence >= _MIN_CONFIDENCE[kind]

    def _districts(self, text: str) -> list[_Found]:
        found = []
        for match in _DISTRICT.finditer(text):
            word = match.group("word")
            singular = _SINGULAR.get(word.lower())
            if singular:
                word = singular[1 if self.language == "ru" else 0]
            names = list(re.finditer(_NAME_WORD, match.group("names")))
            for name in names:
                written = f"{name.group()} {word}"
                if len(names) == 1:
                    start, end = match.start(), match.end()
                else:
                    start = match.start("names") + name.start()
                    end = match.start("names") + name.end()
                result = self._geocode(written)
                if self._accepts(result, "district"):
                    found.append(
                        _Found("district", start, end, written, result, match.span())
                    )
        return found

    def _street(
        self, text: str, match: re.Match[str], after_name: bool
    ) -> _Found | None:
        """The street a match names; its leading words may be no part of the name
        ("Monday Khreshchatyk Street"), so shorter names are tried too."""
        words = match.group("name").split()
        street_type = match.group("type")
        for first in range(len(words)):
            name = words[first:]
            for variant in _name_variants(name):
                query = (
                    f"{variant} {street_type}"
                    if after_name
                    else f"{street_type} {variant}"
                )
                result = self._geocode(query)
                if self._accepts(result, "street"):
                    written = (
                        f"{' '.join(name)} {street_type}"
                        if after_name
                        else f"{street_type} {' '.join(name)}"
                    )
                    return _Found(
                        "street",
                        match.start(),
                        match.end(),
                        written,
                        result,
                        match.span(),
                    )
        return self._unregistered_street(text, match, words, street_type, after_name)

    def _unregistered_street(
        self,
        text: str,
        match: re.Match[str],
        words: list[str],
        street_type: str,
        after: bool,
    ) -> _Found | None:
        """A street the register does not have (Donetsk's, renamed Kyiv streets),
        known by its pattern: kept as written, with no point to invent."""
        while words and words[0].lower() in _NOT_A_NAME:
            words = words[1:]
        if not after and len(words) > 1 and _DISTRICT_NEXT.match(text, match.end()):
            words = words[:-1]  # "ул. Артема Киевского района"
        if self.city is None or not words:
            return None
        name = " ".join(words)
        written = f"{name} {street_type}" if after else f"{street_type} {name}"
        result = self._as_written("street", written)
        return _Found(
            "street", match.start(), match.end(), written, result, match.span()
        )

    def _as_written(self, kind: str, written: str) -> GeocodeResult:
        """A street or place known by its pattern only: the words as written, in
        the report's city, with no point."""
        return GeocodeResult(
            city=self.city,
            **{kind: written},
            precision=kind,
            confidence=0.5,
            matched=written,
            method=f"pattern:{kind}",
        )

    def _precise(self, text: str) -> list[_Found]:
        found: list[_Found] = []
        for pattern, after_name in (
            (_STREET_AFTER_NAME, True),
            (_STREET_BEFORE_NAME, False),
            (_STREET_ADJECTIVE_FIRST, True),
        ):
            for match in pattern.finditer(text):
                if _overlaps(match, found):
                    continue
                street = self._street(text, match, after_name)
                if street is not None:
                    found.append(street)
        for match in _LOCALITY.finditer(text):
            if self.city is None or _overlaps(match, found):
                continue
            written = match.group()
            name = match.group("name") or ""
            if _DISTRICT_NEXT.match(text, match.end()) and " " in name.strip():
                # "в поселке Трудовские Петровского района"
                written = written.rsplit(maxsplit=1)[0]
            result = self._geocode(written)
            if not self._accepts(result, "place"):
                # Not in the gazetteer: the locality as written, with no point.
                result = self._as_written("place", written)
            end = match.start() + len(written)
            found.append(
                _Found(
                    "place", match.start(), end, written, result, (match.start(), end)
                )
            )
        for match in _METRO.finditer(text):
            result = self._geocode(match.group())
            if self._accepts(result, "place"):
                found.append(
                    _Found(
                        "place",
                        match.start(),
                        match.end(),
                        match.group(),
                        result,
                        match.span(),
                    )
                )
        return found

    def _listed_districts(self, text: str) -> list[_Found]:
        """Districts listed after the plural noun: "районы Донецка: Кировский,
        Петровский и Киевский"."""
        found = []
        word = "district" if self.language == "en" else "район"
        for match in _DISTRICTS_THEN_NAMES.finditer(text):
            offset = match.start("names")
            for name in re.finditer(_NAME_WORD, match.group("names")):
                result = self._geocode(f"{name.group()} {word}")
                if self._accepts(result, "district"):
                    span = (offset + name.start(), offset + name.end())
                    found.append(_Found("district", *span, name.group(), result, span))
        return found

    def _administrations(self, text: str) -> list[_Found]:
        """ "Голова Дарницької РДА": a district's administration, which speaks."""
        found = []
        for match in _DISTRICT_ADMINISTRATION.finditer(text):
            result = self._geocode(match.group("name"))
            if self._accepts_bare(result) and result.precision == "district":
                found.append(
                    _Found(
                        "district",
                        match.start(),
                        match.end(),
                        match.group(),
                        result,
                        match.span(),
                        speaker=not _BUILDING_BEFORE.search(text[: match.start()]),
                    )
                )
        return found

    def _accepts_bare(self, result: GeocodeResult) -> bool:
        """A name with no district, street or station word beside it."""
        minimum = _MIN_BARE.get(result.precision)
        if minimum is None or result.city not in OUR_CITIES:
            return False
        if self.city is None:
            return result.confidence >= _MIN_CONFIDENCE_UNNAMED_CITY
        return result.city == self.city and result.confidence >= minimum

    def _bare_district(self, name: str) -> GeocodeResult | None:
        """The district a name without the noun stands for: a district ("In
        Pechersk", "in Obolonsky") or a neighbourhood in one ("на Троєщині")."""
        if self.city in (KYIV, None):
            slug = neighbourhood_district(name)
            if slug is not None:
                return GeocodeResult(
                    city=KYIV, district=slug, precision="district", confidence=0.9
                )
        result = self._geocode(name)
        if result.precision == "none" and name.endswith("ці"):
            result = self._geocode(name[:-2] + "ка")  # "на Куренівці"
        if not self._accepts_bare(result) or result.district is None:
            return None
        if result.precision == "place" and not result.method.endswith(
            ("neighbourhood", "metro")
        ):
            return None  # a landmark is named with its kind word (_LANDMARK)
        return GeocodeResult(
            city=result.city,
            district=result.district,
            precision="district",
            confidence=result.confidence,
            matched=result.matched,
            method=result.method,
        )

    def _bare(self, text: str, taken: list[_Found]) -> list[_Found]:
        found = []
        for match in _BARE.finditer(text):
            offset = match.start("names")
            for name in re.finditer(_PLACE_WORD, match.group("names")):
                start, end = offset + name.start(), offset + name.end()
                if any(f.start < end and start < f.end for f in taken):
                    continue
                result = self._bare_district(name.group())
                if result is not None:
                    span = (start, end)
                    found.append(_Found("district", *span, name.group(), result, span))
        return found

    def _landmarks(self, text: str, taken: list[_Found]) -> list[_Found]:
        found = []
        for match in _LANDMARK.finditer(text):
            if _overlaps(match, taken):
                continue
            # The words before the kind may be no part of the name ("Пошкоджено
            # лікарню"): the phrase without them is tried too.
            words = match.group().split()
            phrases = [" ".join(words[first:]) for first in range(len(words))]
            for phrase in phrases:
                result = self._geocode(phrase)
                if self._accepts(result, "place"):
                    # The words the gazetteer's name rests on, not those before.
                    written = result.matched or phrase
                    start = match.start() + max(0, match.group().find(written))
                    end = start + len(written)
                    found.append(
                        _Found("place", start, end, written, result, (start, end))
                    )
                    break
            else:
                named = self._named_by_adjective(text, match)
                if named is not None:
                    found.append(named)
        return found

    def _named_by_adjective(self, text: str, match: re.Match[str]) -> _Found | None:
        """A landmark the gazetteer lacks, named by an adjective and its kind
        ("Центральный рынок" in Donetsk): kept as written, with no point."""
        before = text[: match.start("kind")].split()
        if self.city is None or match.group("rest") or not before:
            return None
        if not _NAMED_BY_ADJECTIVE.match(before[-1]) or before[-1].isascii():
            return None
        start = text.rfind(before[-1], 0, match.start("kind"))
        written = text[start : match.end("kind")]
        result = self._as_written("place", written)
        return _Found(
            "place",
            start,
            match.end("kind"),
            written,
            result,
            (start, match.end("kind")),
        )

    def _speaker(self, text: str, found: _Found) -> bool:
        before, after = text[: found.group[0]], text[found.group[1] :]
        if _SPEAKER_BEFORE.search(before):
            return True
        administration = _ADMINISTRATION_AFTER.match(after)
        return bool(
            administration
            and not _BUILDING_BEFORE.search(before)
            and not re.match(
                r"\s+(?i:building|будівл|здани|приміщен|помещен)",
                after[administration.end() :],
            )
        )

    def find(self, sentence: str, *, speakers: bool = False) -> list[PlaceMention]:
        """The places of one sentence, in the order written, each once.

        With speakers, also the districts named only as who speaks, marked so.
        """
        text = normalise(sentence)
        precise = self._precise(text)
        precise = _one_place_on_its_street(
            text, precise + self._landmarks(text, precise)
        )
        districts = self._districts(text)
        districts += self._listed_districts(text)
        districts = [
            d
            for i, d in enumerate(districts)
            if not any(p.start <= d.start and d.end <= p.end for p in precise)
            and not any(o.start <= d.start and d.end <= o.end for o in districts[:i])
        ]
        districts += self._administrations(text)
        named = {d.result.district for d in districts}
        # A neighbourhood says no more than the district named beside it.
        districts += [
            d
            for d in self._bare(text, [*precise, *districts])
            if d.result.district not in named
        ]
        districts = [
            d if d.speaker else replace(d, speaker=self._speaker(text, d))
            for d in districts
        ]
        spoken = [d for d in districts if d.speaker]
        districts = [d for d in districts if not d.speaker]
        pairs = _pair(precise, districts)
        paired = {id(d) for _, d in pairs if d is not None}
        pairs += [(d, None) for d in districts if id(d) not in paired]
        # A street named without a district is in the one district the report
        # has named, if it has named only one.
        context = next(iter(self._report_districts), None)
        if len(self._report_districts) != 1 or districts:
            context = None
        mentions = []
        for thing, district in pairs:
            spans = [thing.group, *([district.group] if district else [])]
            mentions.append(
                PlaceMention(
                    start=min(start for start, _ in spans),
                    end=max(end for _, end in spans),
                    location=self._location(sentence, thing, district, context),
                )
            )
        self._report_districts.update(
            m.location.district for m in mentions if m.location.district
        )
        unique: dict[tuple, PlaceMention] = {}
        for mention in sorted(mentions, key=lambda m: m.start):
            unique.setdefault(mention.location.key, mention)
        found = list(unique.values())
        if speakers:
            found += [
                PlaceMention(
                    start=d.group[0],
                    end=d.group[1],
                    location=self._location(sentence, d, None),
                    speaker=True,
                )
                for d in spoken
            ]
            found.sort(key=lambda m: m.start)
        return found

    def _location(
        self,
        sentence: str,
        thing: _Found,
        district: _Found | None,
        context: str | None = None,
    ) -> Location:
        result = thing.result
        city = result.city or self.city or ""
        if district is None:
            written, end = thing.written, thing.end
        else:
            first, last = sorted((thing, district), key=lambda f: f.start)
            if last.start - first.end <= _NEAR:
                written, end = sentence[first.start : last.end], last.end
            else:
                written, end = f"{thing.written}, {district.written}", last.end
        after = _CITY_AFTER.match(sentence, end)
        if after and _city_of(after.group("city")) == city:
            written += sentence[end : after.end()]
        else:
            written += f", {CITY_NAMES[self.language][city]}"
        return Location(
            city=city,
            # The district the report names is what the report says; the
            # geocoder's is only for a street or place named alone.
            district=(
                district.result.district
                if district
                else result.district or (context if _takes_context(thing) else None)
            ),
            street=result.street,
            place=result.place,
            text=written,
            as_written=result.method.startswith("pattern"),
        )


def _takes_context(thing: _Found) -> bool:
    """Whether a street may take the report's district: one the register lacks,
    or Donetsk's (its register knows no districts). A Kyiv street the register
    knows and gives no district runs through several."""
    return thing.kind == "street" and (
        thing.result.method.startswith("pattern") or thing.result.city == DONETSK
    )


def _city_of(name: str) -> str:
    return DONETSK if name.lower().startswith(("don", "дон")) else KYIV


def _pair(
    precise: list[_Found], districts: list[_Found]
) -> list[tuple[_Found, _Found | None]]:
    """Each street or station with the district named with it, if any: one
    written right next to it, or the only one in the sentence."""
    if len(precise) == 1 and len(districts) == 1:
        return [(precise[0], districts[0])]
    pairs = []
    for thing in precise:
        near = [
            d
            for d in districts
            if min(abs(d.start - thing.end), abs(thing.start - d.end)) <= _NEAR
        ]
        # The only district the sentence names is that of all its streets.
        only = districts[0] if len(districts) == 1 else None
        pairs.append((thing, near[0] if near else only))
    return pairs


# What stands between a place and its street: "ЦГКБ №1 на улице Багратиона".
_ON_ITS_STREET = re.compile(r"\s*,?\s*(?i:on|at|in|на|по|в|у|біля|возле|около)?\s*")


def _one_place_on_its_street(text: str, found: list[_Found]) -> list[_Found]:
    """ "ЦГКБ №1 на улице Багратиона", "a school on Kyrylivska Street": one place,
    its street beside it."""
    found = sorted(found, key=lambda f: f.start)
    merged: list[_Found] = []
    for thing in found:
        last = merged[-1] if merged else None
        kinds = {last.kind, thing.kind} if last else set()
        if (
            last is None
            or kinds != {"place", "street"}
            or not _ON_ITS_STREET.fullmatch(text[last.end : thing.start])
        ):
            merged.append(thing)
            continue
        place, street = (last, thing) if last.kind == "place" else (thing, last)
        result = replace(
            place.result,
            street=street.result.street,
            district=place.result.district or street.result.district,
        )
        merged[-1] = _Found(
            "place",
            last.start,
            thing.end,
            text[last.start : thing.end],
            result,
            (min(last.group[0], thing.group[0]), max(last.group[1], thing.group[1])),
        )
    return merged


def _name_variants(words: list[str]) -> list[str]:
    """The name, and for a Latin one its genitive guessed: English writes "Artem
    Street" for вулиця Артема, "Shevchenko Boulevard" for бульвар Шевченка."""
    name = " ".join(words)
    last = words[-1]
    if not last.isascii() or len(last) < 3:
        return [name]
    stem = " ".join(words[:-1] + [""])
    if last.endswith("o"):
        guesses = [last[:-1] + "a"]
    elif last.endswith("a"):
        guesses = [last[:-1] + "y", last[:-1] + "i"]
    elif last[-1].lower() in "aeiouy":
        guesses = []
    else:
        guesses = [last + "a"]
    return [name, *(stem + guess for guess in guesses)]
