"""Everything one sentence says, read once: places, weapons, what was hit, victims,
time, and whether it reports an attack, damage or air defence at work."""

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from incidents.extraction.cities import KYIV, citywide, names_city, names_elsewhere
from incidents.extraction.numbers import Casualties, count_casualties
from incidents.extraction.places import Location, PlaceFinder, PlaceMention
from incidents.extraction.sentences import Sentence
from incidents.extraction.times import TimeMention, find_time
from incidents.extraction.vocabulary import (
    AIR_STRIKE,
    ATTACK,
    IMPACT,
    INTERCEPTION,
    NEGATION_AFTER,
    NEGATION_BEFORE,
    NEGATION_CLAUSE,
    NOT_AN_EVENT,
    SHELLING,
    TAG_PATTERNS,
    WEAPON_PATTERNS,
    WEAPONS_IN_GENERAL,
    Vocabulary,
)


@dataclass(frozen=True)
class SentenceFacts:
    sentence: Sentence
    places: list[Location] = field(default_factory=list)
    names_city: bool = False
    citywide: bool = False
    # Speaks only of land beyond the city (another city, the region, a village):
    # what it counts is not the city's.
    elsewhere: bool = False
    weapons: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    casualties: Casualties = Casualties()
    time: TimeMention = TimeMention()
    impact: bool = False
    interception: bool = False
    air_strike: bool = False
    attack: bool = False
    # A sentence naming places in separate clauses, read clause by clause.
    parts: tuple["SentenceFacts", ...] = ()

    @property
    def reports_event(self) -> bool:
        """Whether the sentence reports that something happened at all (a school
        named is no event; a school hit is)."""
        return bool(
            self.attack
            or self.impact
            or self.interception
            or self.air_strike
            or self.weapons
            or self.casualties.mentioned
        )

    @property
    def informative(self) -> bool:
        """Whether it says something an incident is made of (and so is evidence)."""
        return bool(
            self.impact
            or self.interception
            or self.air_strike
            or self.weapons
            or self.tags
            or self.casualties.mentioned
            or self.time
            or self.citywide
        )


def _labels(text: str, patterns: Vocabulary, *, negatable: bool = False) -> set[str]:
    """The labels of patterns found in text, each match blanked out for the next
    pattern so a phrase counts once ("HIMARS rockets" is no extra rocket); with
    negatable, a match its clause denies ("no damage to the school") gives none."""
    found: set[str] = set()
    for labels, pattern in patterns:
        for match in pattern.finditer(text):
            if not (negatable and _denied(text, match.start(), match.end())):
                found.update(labels)
            text = (
                text[: match.start()] + " " * len(match.group()) + text[match.end() :]
            )
    return found


def _denied(text: str, start: int, end: int) -> bool:
    before = NEGATION_CLAUSE.sub("", text[max(0, start - 60) : start])
    after = text[end : end + 60]
    return bool(NEGATION_BEFORE.search(before) or NEGATION_AFTER.match(after))


def find_weapons(text: str, *, city: str | None = None) -> set[str]:
    """The weapons a sentence (normalised text) says the attack used.

    A weapon launched at the city counts even if it was shot down; one named in
    general ("Russia is producing more Shaheds", "since the start of the war")
    does not.
    """
    if WEAPONS_IN_GENERAL.search(text):
        return set()
    weapons = _labels(text, WEAPON_PATTERNS)
    # Kyiv has been out of the guns' range since 2022: its "обстріл" is a missile
    # or drone attack whose weapons the sentence does not name.
    if not weapons and city != KYIV and SHELLING.search(text):
        weapons.add("artillery")
    return weapons


def find_tags(text: str) -> set[str]:
    """What a sentence (normalised text) says was hit, less what it says was not."""
    return _labels(text, TAG_PATTERNS, negatable=True)


# Where one clause of a sentence ends and the next begins.
_CLAUSE_BREAK = re.compile(
    r"[,;]|\s[—–-]\s|(?<!\w)(?:and|while|but|whereas|та|а|але|и|но)(?!\w)",
    re.IGNORECASE,
)


def _divide(
    text: str, mentions: list[PlaceMention]
) -> list[tuple[str, list[Location]]]:
    """The words of a sentence that name several places, place by place.

    "У Солом'янському районі уламки впали на територію підприємства, а в
    Оболонському районі пошкоджено дах багатоповерхівки": each clause goes with
    the place it names; a clause naming none with the place before it (or, at the
    start, after it).
    """
    breaks = [
        m.start()
        for m in _CLAUSE_BREAK.finditer(text)
        if not any(p.start <= m.start() < p.end for p in mentions)
    ]
    bounds = [0, *breaks, len(text)]
    clauses = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]
    owners: list[list[Location]] = [
        [m.location for m in mentions if a <= m.start < b] for a, b in clauses
    ]
    # Clauses naming no place belong to the nearest place before them.
    last: list[Location] = []
    for index, named in enumerate(owners):
        if named:
            last = named
        elif last:
            owners[index] = last
    first = next((named for named in owners if named), [])
    owners = [named or first for named in owners]
    parts: dict[tuple, tuple[list[str], list[Location]]] = {}
    for (a, b), named in zip(clauses, owners, strict=True):
        key = tuple(location.key for location in named)
        parts.setdefault(key, ([], named))[0].append(text[a:b])
    return [(" ".join(words), named) for words, named in parts.values()]


def _read(
    sentence: Sentence,
    text: str,
    *,
    places: list[Location],
    time: TimeMention,
    city: str | None,
) -> SentenceFacts:
    in_city = bool(city and names_city(text, city))
    beyond = not in_city and names_elsewhere(text, city)
    if beyond and all(place.as_written for place in places):
        # "In the village of Hatne outside the city": a name the gazetteer does
        # not know, in land beyond the city, is no place of the city.
        places = []
    return SentenceFacts(
        sentence=sentence,
        places=places,
        names_city=in_city,
        citywide=citywide(text),
        elsewhere=beyond and not places,
        weapons=frozenset(find_weapons(text, city=city)),
        tags=frozenset(find_tags(text)),
        casualties=count_casualties(text),
        time=time,
        # "No damage was reported" is no impact.
        impact=any(
            not _denied(text, m.start(), m.end()) for m in IMPACT.finditer(text)
        ),
        interception=bool(INTERCEPTION.search(text)),
        air_strike=bool(AIR_STRIKE.search(text)),
        attack=bool(ATTACK.search(text)),
    )


def read_sentence(
    sentence: Sentence,
    *,
    published: dt.date,
    city: str | None,
    places: PlaceFinder,
) -> SentenceFacts:
    text = sentence.normalised
    if NOT_AN_EVENT.search(text):
        # Forecasts and sanctions news: nothing in them happened.
        return SentenceFacts(
            sentence=sentence, names_city=bool(city and names_city(text, city))
        )
    mentions = places.find(sentence.text)
    time = find_time(text, published)
    whole = _read(
        sentence,
        text,
        places=[m.location for m in mentions],
        time=time,
        city=city,
    )
    if len({(m.start, m.end) for m in mentions}) < 2:
        return whole
    parts = tuple(
        _read(sentence, words, places=named, time=time, city=city)
        for words, named in _divide(text, mentions)
    )
    return replace(whole, parts=parts)
