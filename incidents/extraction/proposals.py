"""From sentences to proposed incidents: one per distinct place and time.

A sentence that names a place starts or continues that place's incident; one
that names none continues the place before it (within a paragraph, or across
paragraphs where the text gives each sentence its own); one that speaks of the
city as a whole ("all ten districts", "across the capital", "in Kyiv") speaks of
the city; one that speaks only of land beyond it (the region, a village, another
city) is nobody's here.

One event, one incident: a city-level incident is proposed only when the report
names no place in the city. Where it does, what it says of the city as a whole
goes to its one place, or, with several places, its figures are the report's
city-wide total (CityTotal) where the places' own figures do not account for
them: recorded once, never as an incident, never added to the places'.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from geo.cities import CITIES
from geo.selectors import district_list
from geo.text import transliterate
from incidents.choices import (
    INFRASTRUCTURE_TAGS,
    WEAPONS,
    EventType,
    SubEventType,
)
from incidents.extraction.facts import SentenceFacts
from incidents.extraction.numbers import larger
from incidents.extraction.places import CITY_NAMES, Location
from incidents.extraction.times import (
    KYIV_TIME,
    TimeMention,
    TimeWindow,
    resolve,
)
from incidents.extraction.vocabulary import (
    AIR_WEAPONS,
    DEBRIS,
    MISSILE_TYPES,
    ROCKET_TYPES,
    SHELLING_WEAPONS,
)

# The zones the cities' reports write their clocks in, where not the app's own.
CLOCK_ZONES = {
    city.slug: city.clock_zone
    for city in CITIES
    if city.clock_zone.key != settings.TIME_ZONE
}

_WEAPON_ORDER = [slug for slug, _ in WEAPONS]
_TAG_ORDER = [slug for slug, _ in INFRASTRUCTURE_TAGS]


@dataclass
class ProposedIncident:
    """One incident a report proposes, for an analyst to review."""

    title: str
    city: str | None
    district: str | None
    street: str | None
    place: str | None
    location_text: str
    occurred_from: dt.datetime
    occurred_to: dt.datetime
    time_precision: str
    event_type: str
    sub_event_type: str
    weapons: list[str]
    tags: list[str]
    fatalities: int | None
    injured: int | None
    evidence: str
    evidence_spans: list[tuple[int, int]]
    # The sentence each figure comes from ("" when the figure is unknown).
    fatalities_evidence: str = ""
    injured_evidence: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "city": self.city,
            "district": self.district,
            "street": self.street,
            "place": self.place,
            "occurred_from": self.occurred_from.isoformat(),
            "occurred_to": self.occurred_to.isoformat(),
            "time_precision": self.time_precision,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "weapons": list(self.weapons),
            "tags": list(self.tags),
            "fatalities": self.fatalities,
            "injured": self.injured,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class CityTotal:
    """Victims a report counts for the whole city, beyond what its places account
    for: "in total, 12 people were injured in Kyiv"."""

    city: str
    fatalities: int | None
    injured: int | None
    evidence: str
    evidence_spans: list[tuple[int, int]]

    def to_json(self) -> dict[str, Any]:
        return {
            "city": self.city,
            "fatalities": self.fatalities,
            "injured": self.injured,
            "evidence": self.evidence,
        }


@dataclass
class _Member:
    facts: SentenceFacts
    names_place: bool  # the sentence names this incident's place
    counts: bool = True  # its victims are this incident's (one place, not several)
    scope_only: bool = False  # only says the whole city was hit


@dataclass
class _Draft:
    location: Location | None  # None: the city as a whole
    members: list[_Member] = field(default_factory=list)

    def add(self, member: _Member) -> None:
        if not any(m.facts is member.facts for m in self.members):
            self.members.append(member)

    @property
    def facts(self) -> list[SentenceFacts]:
        return [m.facts for m in self.members if not m.scope_only]

    def own_time(self) -> TimeMention:
        """The time its sentences give: the first day, part of day and clock."""
        mentions = [m.facts.time for m in self.members if m.facts.time]
        clock = next((m for m in mentions if m.clock), None)
        return TimeMention(
            day=next((m.day for m in mentions if m.day), None),
            part=next((m.part for m in mentions if m.part), None),
            clock=clock.clock if clock else None,
            around=bool(clock and clock.around),
        )


@dataclass(frozen=True)
class _Report:
    city: str
    language: str
    published: dt.date
    frame: TimeMention  # the report's own day and part of day
    clock_zone: ZoneInfo
    city_name: str  # in English, for titles
    district_names: dict[str, str]  # slug: English name

    def window(self, mention: TimeMention) -> TimeWindow:
        return resolve(mention.or_else(self.frame), self.published, self.clock_zone)


def assemble(
    facts: list[SentenceFacts],
    *,
    city: str,
    language: str,
    published: dt.date,
    frame: TimeMention,
    one_sentence_paragraphs: bool,
) -> tuple[list[ProposedIncident], CityTotal | None]:
    districts = list(district_list(city_slug=city))
    report = _Report(
        city=city,
        language=language,
        published=published,
        frame=frame,
        clock_zone=CLOCK_ZONES.get(city, KYIV_TIME),
        city_name=districts[0].city.name_en if districts else city.title(),
        district_names={d.slug: d.name_en for d in districts},
    )
    whole_city, places = _assign(facts, report, one_sentence_paragraphs)
    return _propose(whole_city, places, facts, report)


def _assign(
    facts: list[SentenceFacts], report: _Report, one_sentence_paragraphs: bool
) -> tuple[_Draft, list[_Draft]]:
    whole_city = _Draft(location=None)
    places: list[_Draft] = []
    focus = [whole_city]
    previous: SentenceFacts | None = None
    for sentence in facts:
        if sentence.elsewhere and not sentence.citywide:
            # The region, a village, another city: neither it nor what follows
            # it without a place of the city is the city's.
            focus = []
        elif sentence.places:
            focus = []
            for part in sentence.parts or (sentence,):
                drafts = _drafts_for(part, places, report)
                for draft in drafts:
                    counts = len(drafts) == 1
                    draft.add(_Member(part, names_place=True, counts=counts))
                focus += [d for d in drafts if d not in focus]
            shared = [p for p in sentence.parts or (sentence,) if len(p.places) > 1]
            if any(p.casualties.mentioned for p in shared):
                # Victims of several places at once are counted citywide.
                whole_city.add(_Member(sentence, names_place=False))
            if sentence.citywide:
                whole_city.add(_Member(sentence, names_place=False, scope_only=True))
        elif sentence.citywide or sentence.names_city:
            focus = [whole_city]
            whole_city.add(_Member(sentence, names_place=True))
        else:
            new_paragraph = (
                previous is not None
                and previous.sentence.paragraph != sentence.sentence.paragraph
            )
            if new_paragraph and not one_sentence_paragraphs:
                focus = [whole_city]
            for draft in focus:
                draft.add(_Member(sentence, names_place=False, counts=len(focus) == 1))
            if len(focus) > 1 and sentence.casualties.mentioned:
                whole_city.add(_Member(sentence, names_place=False))
        previous = sentence
    return whole_city, places


def _drafts_for(
    sentence: SentenceFacts, places: list[_Draft], report: _Report
) -> list[_Draft]:
    """The incidents a sentence's places belong to, started where new.

    A place seen before at an overlapping time is the same incident; so is a
    district named alone and a street or station named in it.
    """
    window = report.window(sentence.time) if sentence.time else None
    drafts: list[_Draft] = []
    for location in sentence.places:
        same_district = [
            d
            for d in places
            if d.location is not None
            and d.location.district == location.district
            and location.district is not None
            and (window is None or report.window(d.own_time()).overlaps(window))
        ]
        same_place = [
            d
            for d in places
            if d.location is not None
            and d.location.key == location.key
            and (window is None or report.window(d.own_time()).overlaps(window))
        ]
        wider_or_narrower = [
            d for d in same_district if d.location.precise != location.precise
        ]
        found = (same_place or wider_or_narrower or [None])[-1]
        if found is None:
            found = _Draft(location=location)
            places.append(found)
        elif location.precise and not found.location.precise:
            found.location = location  # the street or station says more
        if found not in drafts:
            drafts.append(found)
    return drafts


def _tidy_weapons(weapons: set[str]) -> list[str]:
    """Plain "missiles" and "rockets" are redundant next to their named types."""
    if weapons & MISSILE_TYPES:
        weapons = weapons - {"missile"}
    if weapons & ROCKET_TYPES:
        weapons = weapons - {"rocket"}
    return sorted(weapons, key=_WEAPON_ORDER.index)


def _event(
    draft: _Draft, weapons: list[str], injured_or_killed: bool
) -> tuple[str, str]:
    facts = draft.facts
    intercepted = any(f.interception for f in facts)
    hit = (
        any(f.impact for f in facts) or any(f.tags for f in facts) or injured_or_killed
    )
    if intercepted and not hit:
        # Explosions heard while air defence worked: ACLED's disrupted weapons use.
        return EventType.STRATEGIC.value, SubEventType.DISRUPTED_WEAPONS_USE.value
    if set(weapons) & SHELLING_WEAPONS:
        return EventType.EXPLOSIONS.value, SubEventType.SHELLING.value
    if set(weapons) & AIR_WEAPONS or any(f.air_strike for f in facts):
        return EventType.EXPLOSIONS.value, SubEventType.AIR_DRONE_STRIKE.value
    return EventType.EXPLOSIONS.value, ""


def _what(event_type: str, weapons: list[str]) -> str:
    """How the title names the incident."""
    if event_type == EventType.STRATEGIC:
        return "Air defence interception"
    kinds = set(weapons)
    missile = bool(kinds & (MISSILE_TYPES | {"missile"}))
    if missile and "drone" in kinds:
        return "Missile and drone strike"
    if missile:
        return "Missile strike"
    if kinds & {"himars", "mlrs", "rocket"}:
        return "Rocket strike"
    if kinds & {"artillery", "mortar"}:
        return "Shelling"
    if "drone" in kinds:
        return "Drone strike"
    if "guided_aerial_bomb" in kinds:
        return "Air strike"
    if kinds == {"air_defence_debris"}:
        return "Falling debris"
    return "Strike"


def _where(location: Location | None, report: _Report, citywide: bool) -> str:
    if location is None:
        return f"in {report.city_name}" + (" (several districts)" if citywide else "")
    parts = []
    if location.street or location.place:
        parts.append(transliterate(location.street or location.place or ""))
    if location.district in report.district_names:
        parts.append(f"{report.district_names[location.district]} district")
    parts.append(report.city_name)
    preposition = "on" if location.street else "at" if location.place else "in"
    return f"{preposition} {', '.join(parts)}"


def _proposal(
    draft: _Draft,
    report: _Report,
    arsenal: set[str],
    fatalities: int | None,
    injured: int | None,
    whole_city: _Draft | None = None,
) -> ProposedIncident:
    """`whole_city`: where figures the report gives of the city, and this draft
    takes, come from."""
    facts = draft.facts
    location = draft.location
    # A place's own weapons are those its sentence names; what follows it may be
    # about the attack as a whole. All the city-level sentences are its own.
    own_weapons = {
        w
        for m in draft.members
        if not m.scope_only and (m.names_place or location is None)
        for w in m.facts.weapons
    }
    # An incident whose own sentence names no weapon was made with the attack's;
    # debris is of the attack's weapons too.
    if not own_weapons - {DEBRIS}:
        own_weapons |= arsenal - {DEBRIS}
    weapons = _tidy_weapons(own_weapons)
    event_type, sub_event_type = _event(draft, weapons, bool(fatalities or injured))
    window = report.window(draft.own_time())
    figures_from = [draft] + ([whole_city] if whole_city else [])
    killed_in = _stated_in(figures_from, "fatalities", fatalities)
    injured_in = _stated_in(figures_from, "injured", injured)
    evidence = sorted(
        {
            **{
                m.facts.sentence.index: m.facts.sentence
                for m in draft.members
                if (m.names_place and draft.location is not None) or m.facts.informative
            },
            **{s.index: s for s in (killed_in, injured_in) if s is not None},
        }.values(),
        key=lambda s: s.index,
    )
    citywide = any(m.facts.citywide for m in draft.members)
    return ProposedIncident(
        title=f"{_what(event_type, weapons)} {_where(location, report, citywide)}",
        city=report.city,
        district=location.district if location else None,
        street=location.street if location else None,
        place=location.place if location else None,
        location_text=(
            location.text if location else CITY_NAMES[report.language][report.city]
        ),
        occurred_from=window.start,
        occurred_to=window.end,
        time_precision=window.precision,
        event_type=event_type,
        sub_event_type=sub_event_type,
        weapons=weapons,
        tags=sorted({t for f in facts for t in f.tags}, key=_TAG_ORDER.index),
        fatalities=fatalities,
        injured=injured,
        evidence=" ".join(s.text for s in evidence),
        evidence_spans=[(s.start, s.end) for s in evidence],
        fatalities_evidence=killed_in.text if killed_in else "",
        injured_evidence=injured_in.text if injured_in else "",
    )


def _stated_in(drafts: list[_Draft], kind: str, value: int | None):
    """The first sentence of `drafts` counting `value` victims of `kind`."""
    if value is None:
        return None
    for draft in drafts:
        for member in draft.members:
            if member.counts and not member.scope_only:
                if getattr(member.facts.casualties, kind) == value:
                    return member.facts.sentence
    return None


def _victims(draft: _Draft) -> tuple[int | None, int | None]:
    """The draft's figures. The same victims are reported again (headline, lead,
    body): the largest count, never the sum; a figure the words give in addition
    ("Ще троє померли в лікарні") adds to the figure said just before it."""
    totals: dict[str, int | None] = {"fatalities": None, "injured": None}
    last: dict[str, int | None] = {"fatalities": None, "injured": None}
    for member in draft.members:
        if not member.counts or member.scope_only:
            continue
        casualties = member.facts.casualties
        for kind in totals:
            value = getattr(casualties, kind)
            if value is None:
                continue
            if kind in casualties.added and last[kind] is not None:
                value += last[kind]
            last[kind] = value
            totals[kind] = larger(totals[kind], value)
    return totals["fatalities"], totals["injured"]


def _city_total(
    whole_city: _Draft, victims: list[tuple[int | None, int | None]], report: _Report
) -> CityTotal | None:
    """The report's city-wide figures where its places do not account for them."""
    fatalities, injured = _victims(whole_city)

    def beyond(total: int | None, parts: list[int | None]) -> bool:
        return total is not None and total > sum(p for p in parts if p)

    if not (
        beyond(fatalities, [f for f, _ in victims])
        or beyond(injured, [i for _, i in victims])
    ):
        return None
    sentences = sorted(
        {
            m.facts.sentence.index: m.facts.sentence
            for m in whole_city.members
            if m.counts and not m.scope_only and m.facts.casualties.mentioned
        }.values(),
        key=lambda s: s.index,
    )
    return CityTotal(
        city=report.city,
        fatalities=fatalities,
        injured=injured,
        evidence=" ".join(s.text for s in sentences),
        evidence_spans=[(s.start, s.end) for s in sentences],
    )


def _propose(
    whole_city: _Draft,
    places: list[_Draft],
    facts: list[SentenceFacts],
    report: _Report,
) -> tuple[list[ProposedIncident], CityTotal | None]:
    arsenal = {w for f in facts for w in f.weapons if not f.elsewhere}
    drafts = [d for d in places if any(f.reports_event for f in d.facts)]
    if not drafts:
        if not any(f.reports_event for f in whole_city.facts):
            return [], None
        fatalities, injured = _victims(whole_city)
        return [_proposal(whole_city, report, arsenal, fatalities, injured)], None
    victims = [_victims(draft) for draft in drafts]
    several_places = any(m.facts.citywide for m in whole_city.members)
    if len(drafts) == 1 and not several_places:
        # The report's one place: the figures it gives of the city are that
        # place's where the place's own sentences give none. Not where it says
        # the attack hit several districts: then they are the city's total.
        (fatalities, injured), (city_fatalities, city_injured) = (
            victims[0],
            _victims(whole_city),
        )
        victims[0] = (
            city_fatalities if fatalities is None else fatalities,
            city_injured if injured is None else injured,
        )
    proposals = [
        _proposal(draft, report, arsenal, fatalities, injured, whole_city)
        for draft, (fatalities, injured) in zip(drafts, victims, strict=True)
    ]
    return proposals, _city_total(whole_city, victims, report)
