"""The report extractor on the seed reports and on short reports of our own,
against the real gazetteer (loaded once, tests/conftest.py).

The seed tests spell out what a careful analyst writes for each report."""

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from incidents.choices import INFRASTRUCTURE_TAGS, WEAPONS, SubEventType
from incidents.extraction import ProposedIncident, extract, extract_report
from incidents.extraction.numbers import count_casualties
from incidents.extraction.sentences import normalise, split_sentences
from incidents.extraction.times import find_time, resolve

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_geocoder_index")]

KYIV = ZoneInfo("Europe/Kyiv")
SEEDS = Path(
    getattr(settings, "SEEDS_DIR", Path(settings.BASE_DIR).parent / "shared" / "seeds")
)
JSON_KEYS = (
    "city",
    "district",
    "street",
    "place",
    "occurred_from",
    "occurred_to",
    "time_precision",
    "event_type",
    "sub_event_type",
    "weapons",
    "tags",
    "fatalities",
    "injured",
    "evidence",
)
EXPLOSIONS = "explosions_remote_violence"
SHELLING = "shelling_artillery_missile_attack"
AIR_DRONE = "air_drone_strike"


def _kyiv(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=KYIV)


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _by_district(
    proposals: list[ProposedIncident],
) -> dict[str | None, ProposedIncident]:
    found = {p.district: p for p in proposals}
    assert len(found) == len(proposals), "one proposal per district"
    return found


def _window(proposal: ProposedIncident) -> tuple[dt.datetime, dt.datetime, str]:
    return proposal.occurred_from, proposal.occurred_to, proposal.time_precision


# The seeds, published: 000 the morning after (TASS), 001 on a Thursday, 002 on
# a Friday.


@pytest.fixture
def donetsk_000():
    return extract_report(_seed("000"), published=dt.date(2024, 6, 13))


@pytest.fixture
def kyiv_001():
    return extract_report(_seed("001"), published=dt.date(2025, 8, 28))


@pytest.fixture
def kyiv_002():
    return extract_report(_seed("002"), published=dt.date(2025, 11, 14))


def test_000_four_donetsk_incidents_and_none_in_kyiv(donetsk_000):
    assert len(donetsk_000) == 4
    assert {p.city for p in donetsk_000} == {"donetsk"}
    assert set(_by_district(donetsk_000)) == {
        "kyivskyi",  # "Artem Street in the Kievsky district", "the Kyiv ... district"
        "kuibyshevskyi",
        "kalininskyi",
        "budonnivskyi",
    }


def test_000_the_strike_on_artem_street(donetsk_000):
    strike = _by_district(donetsk_000)["kyivskyi"]
    assert strike.street == "ул. Артема"
    assert strike.place is None
    assert strike.location_text == "Artem Street in the Kievsky district, Donetsk"
    # "At 23:50 last night", published the next day: a moment.
    at = _kyiv(2024, 6, 12, 23, 50)
    assert _window(strike) == (at, at, "exact")
    assert (strike.event_type, strike.sub_event_type) == (EXPLOSIONS, SHELLING)
    # HIMARS rockets, and the "rocket drones" the report says the attack used.
    assert strike.weapons == ["drone", "himars"]
    # The traumatology centre, the housing complex, and the power outage that
    # the report places in "the Kyiv and Kuybyshev districts".
    assert strike.tags == ["residential", "medical", "energy"]
    # "Patients and doctors were unhurt"; "thousands of injured civilians" are
    # the hospital's patients, not victims of this strike.
    assert (strike.fatalities, strike.injured) == (0, 0)
    assert strike.evidence.startswith("At 23:50 last night, the JCCC reported")
    assert "“Patients and doctors were unhurt,”" in strike.evidence
    assert "In the Kyiv and Kuybyshev districts, power outages" in strike.evidence
    assert strike.title == "Rocket strike on ul. Artema, Kyivskyi district, Donetsk"


def test_000_power_outage_in_kuibyshevskyi(donetsk_000):
    outage = _by_district(donetsk_000)["kuibyshevskyi"]
    assert outage.tags == ["energy"]
    assert (outage.street, outage.place) == (None, None)
    assert outage.location_text == "Kuybyshev district, Donetsk"
    # The same night, no more precisely than the report says.
    night = (_kyiv(2024, 6, 12, 18), _kyiv(2024, 6, 13, 9), "approximate")
    assert _window(outage) == night
    assert (outage.event_type, outage.sub_event_type) == (EXPLOSIONS, SHELLING)
    assert outage.weapons == ["drone", "himars"]
    assert (outage.fatalities, outage.injured) == (None, None)
    assert outage.evidence.startswith("In the Kyiv and Kuybyshev districts")


@pytest.mark.parametrize("district", ["kalininskyi", "budonnivskyi"])
def test_000_explosions_heard_as_air_defence_responded(donetsk_000, district):
    heard = _by_district(donetsk_000)[district]
    assert heard.event_type == "strategic_developments"
    assert heard.sub_event_type == SubEventType.DISRUPTED_WEAPONS_USE
    night = (_kyiv(2024, 6, 12, 18), _kyiv(2024, 6, 13, 9), "approximate")
    assert _window(heard) == night
    assert (heard.fatalities, heard.injured) == (None, None)
    assert heard.tags == []
    assert heard.weapons == ["drone", "himars"]  # what the night's attack used
    assert "were heard in the Kalininsky and Budennovsky districts" in heard.evidence
    assert "air defense forces scrambled to intercept" in heard.evidence
    # The headline is evidence, once: the aggregator repeats it.
    assert heard.evidence.count("Prompt Air Defense Response") == 1


def test_001_two_incidents_of_the_thursday_attack(kyiv_001):
    # The districts named: no city-level incident beside them.
    assert len(kyiv_001) == 2
    assert {p.city for p in kyiv_001} == {"kyiv"}
    by_district = _by_district(kyiv_001)
    assert set(by_district) == {"darnytskyi", "shevchenkivskyi"}
    # "On Thursday" and "overnight", published that Thursday: the night into it.
    night = (_kyiv(2025, 8, 27, 18), _kyiv(2025, 8, 28, 9), "approximate")
    for proposal in kyiv_001:
        assert _window(proposal) == night
        assert (proposal.event_type, proposal.sub_event_type) == (EXPLOSIONS, SHELLING)
        # Ballistic and cruise missiles name the "31 missiles"; the drones.
        assert proposal.weapons == ["ballistic_missile", "cruise_missile", "drone"]


def test_001_darnytskyi_building_collapse(kyiv_001):
    collapse = _by_district(kyiv_001)["darnytskyi"]
    assert collapse.fatalities == 17
    assert collapse.injured is None
    assert collapse.tags == ["residential"]
    assert collapse.location_text == "Darnytskyi district, Kyiv"
    assert collapse.title == "Missile and drone strike in Darnytskyi district, Kyiv"
    assert collapse.evidence == (
        "The deadliest strike occurred in the Darnytskyi district, where a "
        "five-story apartment building collapsed, killing 17 people."
    )


def test_001_shevchenkivskyi_diplomatic_offices(kyiv_001):
    offices = _by_district(kyiv_001)["shevchenkivskyi"]
    assert offices.tags == ["diplomatic"]
    assert (offices.fatalities, offices.injured) == (None, None)
    assert offices.evidence.startswith(
        "In central Kyiv’s Shevchenkivskyi district, explosions damaged the British "
        "Council and European Union offices."
    )
    # The Kremlin's claim of "military and industrial facilities" is no tag.
    assert "industrial" not in offices.tags


def test_001_the_citys_total_is_recorded_once_not_as_an_incident():
    extraction = extract(_seed("001"), published=dt.date(2025, 8, 28))
    # "At least 21", of whom 17 in the Darnytskyi district: the report's total for
    # the city, beside the incidents, never added to them. The four children are
    # among the 21; "dozens more injured" is no figure.
    [total] = extraction.city_totals
    assert (total.city, total.fatalities, total.injured) == ("kyiv", 21, None)
    assert "At least 21 people were killed" in total.evidence
    assert "Kremlin" not in total.evidence
    assert sum(p.fatalities or 0 for p in extraction.incidents) == 17


def test_002_one_incident_and_nothing_in_donetsk(kyiv_002):
    assert len(kyiv_002) == 1
    assert {p.city for p in kyiv_002} == {"kyiv"}
    by_district = _by_district(kyiv_002)
    assert set(by_district) == {"desnianskyi"}
    # "Early Friday", published that Friday (Kyiv is on winter time, UTC+2).
    early = (_kyiv(2025, 11, 14, 0), _kyiv(2025, 11, 14, 9), "approximate")
    for proposal in kyiv_002:
        assert _window(proposal) == early
        assert proposal.occurred_from.utcoffset() == dt.timedelta(hours=2)
        assert proposal.weapons == ["missile", "drone"]
        assert (proposal.event_type, proposal.sub_event_type) == (EXPLOSIONS, SHELLING)
        assert "Lugansk" not in proposal.evidence


def test_002_heating_damage_in_desnianskyi(kyiv_002):
    heating = _by_district(kyiv_002)["desnianskyi"]
    # The warning that electricity and water "could face disruptions" is no damage.
    assert heating.tags == ["heating"]
    assert (heating.fatalities, heating.injured) == (None, None)
    assert heating.evidence == (
        "Kyiv’s heating networks also took damage, temporarily cutting heat to "
        "parts of the Desnyansky district."
    )


def test_002_the_victims_of_almost_every_district_are_the_citys_total():
    extraction = extract(_seed("002"), published=dt.date(2025, 11, 14))
    # "At least one person dead and more than a dozen wounded" across "almost every
    # district": not the Desnianskyi heating damage's, the city's. The 40 rescued
    # are not injured, and the pregnant woman is one of the dozen.
    [total] = extraction.city_totals
    assert (total.city, total.fatalities, total.injured) == ("kyiv", 1, 13)
    assert "at least one person dead" in total.evidence
    assert "Canada unveiled new sanctions" not in total.evidence


@pytest.mark.parametrize("seed", ["000", "001", "002"])
def test_evidence_spans_point_at_the_evidence(seed, donetsk_000, kyiv_001, kyiv_002):
    text = _seed(seed)
    proposals = {"000": donetsk_000, "001": kyiv_001, "002": kyiv_002}[seed]
    for proposal in proposals:
        assert proposal.evidence_spans
        assert proposal.evidence == " ".join(
            text[s:e] for s, e in proposal.evidence_spans
        )
        assert proposal.evidence_spans == sorted(proposal.evidence_spans)


@pytest.mark.parametrize("seed", ["000", "001", "002"])
def test_json_shape(seed, donetsk_000, kyiv_001, kyiv_002):
    proposals = {"000": donetsk_000, "001": kyiv_001, "002": kyiv_002}[seed]
    weapons = {slug for slug, _ in WEAPONS}
    tags = {slug for slug, _ in INFRASTRUCTURE_TAGS}
    for proposal in proposals:
        data = proposal.to_json()
        assert tuple(data) == JSON_KEYS
        assert json.loads(json.dumps(data, ensure_ascii=False)) == data
        assert (
            dt.datetime.fromisoformat(data["occurred_from"]) == proposal.occurred_from
        )
        assert set(data["weapons"]) <= weapons
        assert set(data["tags"]) <= tags


# Reports of our own: languages, cities, streets.


def test_ukrainian_report():
    [strike] = extract_report(
        "Уночі 12 березня ворожий дрон влучив у житловий будинок у Голосіївському "
        "районі Києва. Загинули двоє людей, ще п'ятеро поранені.",
        published=dt.date(2025, 3, 12),
    )
    assert (strike.city, strike.district) == ("kyiv", "holosiivskyi")
    assert strike.location_text == "Голосіївському районі Києва"
    # "Уночі 12 березня": the night into 12 March.
    assert _window(strike) == (
        _kyiv(2025, 3, 11, 18),
        _kyiv(2025, 3, 12, 9),
        "approximate",
    )
    assert (strike.event_type, strike.sub_event_type) == (EXPLOSIONS, AIR_DRONE)
    assert strike.weapons == ["drone"]
    assert strike.tags == ["residential"]
    assert (strike.fatalities, strike.injured) == (2, 5)
    assert strike.title == "Drone strike in Holosiivskyi district, Kyiv"


def test_russian_report_missile_debris():
    [strike] = extract_report(
        "В Дарницком районе Киева ночью обломки ракеты повредили жилой дом, "
        "пострадали три человека.",
        published=dt.date(2025, 3, 12),
    )
    assert (strike.city, strike.district) == ("kyiv", "darnytskyi")
    assert strike.location_text == "Дарницком районе Киева"
    assert strike.weapons == ["missile", "air_defence_debris"]
    assert (strike.event_type, strike.sub_event_type) == (EXPLOSIONS, SHELLING)
    assert strike.tags == ["residential"]
    assert (strike.fatalities, strike.injured) == (None, 3)
    assert strike.time_precision == "approximate"


@pytest.mark.parametrize(
    ("text", "district", "weapons", "tags"),
    [
        (
            "Вночі в Дніпровському районі Києва дрон пошкодив лікарню, частина "
            "району знеструмлена.",
            "dniprovskyi",
            ["drone"],
            ["medical", "energy"],
        ),
        (
            "Ночью в Деснянском районе Киева обломки беспилотника упали возле "
            "больницы, произошло отключение света.",
            "desnianskyi",
            ["drone", "air_defence_debris"],
            ["medical", "energy"],
        ),
        (
            "Вночі балістична ракета влучила в залізничну інфраструктуру в "
            "Голосіївському районі Києва.",
            "holosiivskyi",
            ["ballistic_missile"],
            ["rail"],
        ),
    ],
)
def test_ukrainian_and_russian_vocabulary(text, district, weapons, tags):
    [strike] = extract_report(text, published=dt.date(2025, 6, 10))
    assert (strike.city, strike.district) == ("kyiv", district)
    assert (strike.weapons, strike.tags) == (weapons, tags)
    assert _window(strike) == (
        _kyiv(2025, 6, 9, 18),
        _kyiv(2025, 6, 10, 9),
        "approximate",
    )


def test_dnipro_report_is_no_kyiv_incident():
    assert (
        extract_report(
            "A Russian missile struck a five-storey apartment building in Dnipro on "
            "Tuesday, killing three people and injuring 15. The strike hit the city's "
            "Shevchenkivskyi district, the Dnipropetrovsk regional governor said.",
            published=dt.date(2025, 6, 10),
        )
        == []
    )


def test_kyiv_region_report_is_no_kyiv_incident():
    assert (
        extract_report(
            "Overnight, Russian drones attacked the Kyiv region. Debris fell on a "
            "private house in the Brovary district; two people were injured, the Kyiv "
            "regional military administration said.",
            published=dt.date(2025, 6, 10),
        )
        == []
    )


def test_donetsk_report_in_russian_keeps_moscow_time():
    [shelling] = extract_report(
        "Вечером ВСУ обстреляли Калининский район Донецка из ствольной артиллерии, "
        "сообщили в штабе обороны. Повреждены два частных дома, пострадавших нет.",
        published=dt.date(2025, 1, 20),
    )
    assert (shelling.city, shelling.district) == ("donetsk", "kalininskyi")
    assert shelling.location_text == "Калининский район Донецка"
    assert shelling.weapons == ["artillery"]
    assert (shelling.event_type, shelling.sub_event_type) == (EXPLOSIONS, SHELLING)
    assert shelling.tags == ["residential"]
    assert (shelling.fatalities, shelling.injured) == (0, 0)
    # The evening by Donetsk's clocks (Moscow time, UTC+3) is an hour earlier
    # by Kyiv's in winter.
    assert _window(shelling) == (
        _kyiv(2025, 1, 20, 17),
        _kyiv(2025, 1, 20, 22, 59, 59),
        "approximate",
    )


def test_street_named_in_the_report():
    [strike] = extract_report(
        "A Russian drone hit a residential building on Khreshchatyk Street in Kyiv on "
        "Monday morning, the city's military administration said. One person was "
        "injured and two cars were damaged.",
        published=dt.date(2025, 6, 10),
    )
    assert (strike.city, strike.street) == ("kyiv", "вулиця Хрещатик")
    assert strike.district == "pecherskyi"  # the geocoder's, as none is named
    assert strike.location_text == "Khreshchatyk Street in Kyiv"
    assert _window(strike) == (
        _kyiv(2025, 6, 9, 5),
        _kyiv(2025, 6, 9, 12),
        "approximate",
    )
    assert (strike.fatalities, strike.injured) == (None, 1)
    assert strike.weapons == ["drone"]
    assert strike.tags == ["residential"]


def test_places_of_one_attack_each_get_their_own_incident():
    text = (
        "Drones hit Kyiv\n\n"
        "Russian drones struck Kyiv overnight. A drone hit a house on Peremohy Avenue "
        "in the Sviatoshynskyi district, injuring two people. Debris fell near Lisova "
        "metro station in the Desnianskyi district. In Obolonskyi district, a fire "
        "broke out at a kindergarten."
    )
    proposals = extract_report(text, published=dt.date(2025, 6, 10))
    by_district = _by_district(proposals)
    assert set(by_district) == {"sviatoshynskyi", "desnianskyi", "obolonskyi"}
    avenue = by_district["sviatoshynskyi"]
    assert avenue.street == "проспект Берестейський"  # Peremohy until 2023
    assert avenue.location_text == (
        "Peremohy Avenue in the Sviatoshynskyi district, Kyiv"
    )
    assert (avenue.tags, avenue.injured) == (["residential"], 2)
    station = by_district["desnianskyi"]
    assert station.place == "Лісова"
    assert station.weapons == ["drone", "air_defence_debris"]
    assert station.injured is None
    school = by_district["obolonskyi"]
    # Debris fell at the station, not at the kindergarten.
    assert (school.tags, school.weapons) == (["education"], ["drone"])
    for proposal in proposals:
        assert proposal.sub_event_type == AIR_DRONE


def test_one_sentence_two_districts_each_gets_its_own_clause():
    text = (
        "У ніч на 5 травня росіяни атакували столицю ударними дронами. У "
        "Солом'янському районі уламки впали на територію підприємства, а в "
        "Оболонському районі пошкоджено дах багатоповерхівки. Загинула одна людина, "
        "ще троє поранені, повідомив голова КМВА."
    )
    proposals = extract_report(text, published=dt.date(2025, 5, 5))
    by_district = _by_district(proposals)
    assert set(by_district) == {"solomianskyi", "obolonskyi"}
    assert by_district["solomianskyi"].tags == ["industrial"]
    assert by_district["solomianskyi"].weapons == ["drone", "air_defence_debris"]
    assert by_district["obolonskyi"].tags == ["residential"]
    assert by_district["obolonskyi"].weapons == ["drone"]
    # Which district the victims were in, the report does not say: they are the
    # city's, not both districts' twice.
    for district in ("solomianskyi", "obolonskyi"):
        assert (by_district[district].fatalities, by_district[district].injured) == (
            None,
            None,
        )
    [total] = extract(text, published=dt.date(2025, 5, 5)).city_totals
    assert (total.fatalities, total.injured) == (1, 3)
    assert total.evidence == (
        "Загинула одна людина, ще троє поранені, повідомив голова КМВА."
    )
    for proposal in proposals:
        assert proposal.occurred_from == _kyiv(2025, 5, 4, 18)


def test_the_mayor_of_the_city_is_no_place():
    [strike] = extract_report(
        "Ночью российские войска атаковали Киев. В Шевченковском районе на улице "
        "Дмитриевской загорелся жилой дом. По словам мэра Киева, пострадали четыре "
        "человека, в том числе ребенок.",
        published=dt.date(2025, 5, 5),
    )
    assert (strike.district, strike.street) == ("shevchenkivskyi", "вулиця Дмитрівська")
    assert strike.location_text == "Шевченковском районе на улице Дмитриевской, Киев"
    assert strike.tags == ["residential"]
    # The child is one of the four; the mayor speaks of this house.
    assert (strike.fatalities, strike.injured) == (None, 4)
    assert strike.weapons == []  # none named anywhere
    assert (strike.event_type, strike.sub_event_type) == (EXPLOSIONS, "")


def test_a_district_named_without_an_attack_is_no_incident():
    assert (
        extract_report(
            "The Darnytskyi district administration in Kyiv opened a new school on "
            "Monday.",
            published=dt.date(2025, 6, 10),
        )
        == []
    )


def test_all_districts_is_one_citywide_incident():
    [city] = extract_report(
        "Explosions thundered across all ten districts of Kyiv on Tuesday as Russia "
        "launched drones and missiles. Residential buildings were damaged.",
        published=dt.date(2025, 6, 12),
    )
    assert (city.city, city.district) == ("kyiv", None)
    assert _window(city) == (
        _kyiv(2025, 6, 10),
        _kyiv(2025, 6, 10, 23, 59, 59),
        "day",
    )
    assert city.tags == ["residential"]


def test_explosions_heard_over_the_city_as_air_defence_worked():
    [heard] = extract_report(
        "Explosions were heard in Kyiv overnight as air defence shot down Russian "
        "drones, the city's military administration said. No casualties were "
        "reported.",
        published=dt.date(2025, 6, 10),
    )
    assert (heard.city, heard.district) == ("kyiv", None)
    assert (heard.event_type, heard.sub_event_type) == (
        "strategic_developments",
        "disrupted_weapons_use",
    )
    assert (heard.fatalities, heard.injured) == (0, 0)
    assert heard.weapons == ["drone"]


def test_kyiv_district_of_donetsk_in_english():
    [shelling] = extract_report(
        "Ukrainian forces shelled the Kyiv district of Donetsk on Tuesday evening, "
        "local authorities said. A man was killed.",
        published=dt.date(2025, 6, 12),
    )
    assert (shelling.city, shelling.district) == ("donetsk", "kyivskyi")
    assert shelling.fatalities == 1
    assert shelling.weapons == ["artillery"]


def test_same_district_on_different_days_is_two_incidents():
    proposals = extract_report(
        "Вчора о 23:15 ворожа ракета влучила у склад у Подільському районі Києва. "
        "Ніхто не постраждав. У понеділок уламки дрона впали на будинок у "
        "Подільському районі.",
        published=dt.date(2025, 6, 12),
    )
    assert [p.district for p in proposals] == ["podilskyi", "podilskyi"]
    missile, drone = proposals
    assert _window(missile) == (
        _kyiv(2025, 6, 11, 23, 15),
        _kyiv(2025, 6, 11, 23, 15),
        "exact",
    )
    assert (missile.fatalities, missile.injured) == (0, 0)
    assert missile.weapons == ["missile"]
    assert drone.occurred_from == _kyiv(2025, 6, 9)
    assert drone.weapons == ["drone", "air_defence_debris"]


def test_city_not_named_the_districts_decide():
    [strike] = extract_report(
        "Уночі дрон влучив у житловий будинок у Святошинському районі. Постраждала "
        "одна людина.",
        published=dt.date(2025, 6, 10),
    )
    assert (strike.city, strike.district) == ("kyiv", "sviatoshynskyi")
    assert strike.location_text == "Святошинському районі, Київ"
    assert strike.injured == 1


def test_published_as_a_datetime():
    text = "Вчора ввечері дрон влучив у житловий будинок у Дарницькому районі Києва."
    late = dt.datetime(2025, 6, 10, 23, 30, tzinfo=dt.UTC)  # 11 June in Kyiv
    [strike] = extract_report(text, published=late)
    assert strike.occurred_from == _kyiv(2025, 6, 10, 18)


def test_nothing_to_extract():
    assert extract_report("", published=dt.date(2025, 6, 10)) == []
    assert (
        extract_report(
            "The mayor of Kyiv opened a new park on Tuesday.",
            published=dt.date(2025, 6, 10),
        )
        == []
    )


# The parts.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "At least 21 people were killed, including four children, and dozens "
            "more injured.",
            (21, None),
        ),
        ("The strike left one person dead and more than a dozen wounded.", (1, 13)),
        ("A dozen people were injured.", (None, 12)),
        ("Dozens were injured.", (None, None)),
        ("More than 40 people were rescued from the rubble.", (None, None)),
        ("A building collapsed, killing 17 people.", (17, None)),
        ("A five-story building collapsed.", (None, None)),
        ("About 20 windows were shattered.", (None, None)),
        ("“Patients and doctors were unhurt,” he said.", (0, 0)),
        ("No one was killed.", (0, None)),
        ("Загинули двоє людей, ще п'ятеро поранені.", (2, 5)),
        ("Загинула жінка.", (1, None)),
        ("Більше десятка людей поранені.", (None, 11)),
        ("Обійшлося без постраждалих.", (0, 0)),
        ("Пострадали три человека.", (None, 3)),
        ("Погибли по меньшей мере пять человек.", (5, None)),
        ("Пострадавших нет.", (0, 0)),
    ],
)
def test_count_casualties(text, expected):
    casualties = count_casualties(normalise(text))
    assert (casualties.fatalities, casualties.injured) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "At 23:50 last night",
            dt.date(2024, 6, 13),
            (_kyiv(2024, 6, 12, 23, 50), _kyiv(2024, 6, 12, 23, 50), "exact"),
        ),
        (
            "overnight",
            dt.date(2025, 8, 28),
            (_kyiv(2025, 8, 27, 18), _kyiv(2025, 8, 28, 9), "approximate"),
        ),
        (
            "on Thursday",
            dt.date(2025, 8, 30),
            (_kyiv(2025, 8, 28), _kyiv(2025, 8, 28, 23, 59, 59), "day"),
        ),
        (
            "early Friday",
            dt.date(2025, 11, 14),
            (_kyiv(2025, 11, 14), _kyiv(2025, 11, 14, 9), "approximate"),
        ),
        (
            "late Thursday",
            dt.date(2025, 11, 14),
            (_kyiv(2025, 11, 13, 18), _kyiv(2025, 11, 13, 23, 59, 59), "approximate"),
        ),
        (
            "Thursday night",
            dt.date(2025, 8, 30),
            (_kyiv(2025, 8, 28, 18), _kyiv(2025, 8, 29, 9), "approximate"),
        ),
        (
            "on the night of August 26",
            dt.date(2025, 8, 28),
            (_kyiv(2025, 8, 26, 18), _kyiv(2025, 8, 27, 9), "approximate"),
        ),
        (
            "в ніч на четвер",
            dt.date(2025, 8, 30),
            (_kyiv(2025, 8, 27, 18), _kyiv(2025, 8, 28, 9), "approximate"),
        ),
        (
            "в ночь с среды на четверг",
            dt.date(2025, 8, 30),
            (_kyiv(2025, 8, 27, 18), _kyiv(2025, 8, 28, 9), "approximate"),
        ),
        (
            "у четвер",
            dt.date(2025, 8, 28),
            (_kyiv(2025, 8, 28), _kyiv(2025, 8, 28, 23, 59, 59), "day"),
        ),
        (
            "вчора ввечері",
            dt.date(2025, 8, 28),
            (_kyiv(2025, 8, 27, 18), _kyiv(2025, 8, 27, 23, 59, 59), "approximate"),
        ),
        (
            "вчера около 14:30",
            dt.date(2025, 8, 28),
            (_kyiv(2025, 8, 27, 14), _kyiv(2025, 8, 27, 15), "approximate"),
        ),
        (
            "12 грудня",
            dt.date(2025, 1, 5),  # last December
            (_kyiv(2024, 12, 12), _kyiv(2024, 12, 12, 23, 59, 59), "day"),
        ),
        (
            "on March 12 at 3 a.m.",
            dt.date(2025, 3, 14),
            (_kyiv(2025, 3, 12, 3), _kyiv(2025, 3, 12, 3), "exact"),
        ),
        (
            "no time words",
            dt.date(2025, 3, 14),
            (_kyiv(2025, 3, 14), _kyiv(2025, 3, 14, 23, 59, 59), "day"),
        ),
    ],
)
def test_time_words(text, published, expected):
    window = resolve(find_time(normalise(text), published), published)
    assert (window.start, window.end, window.precision) == expected


def test_sentences_keep_their_offsets():
    text = (
        "Headline without a full stop\n\n"
        "A drone hit a house on вул. Хрещатик, 22 in Kyiv. V. Klitschko said "
        "another victim was in “serious condition.” Nobody else was hurt.\n"
        "Headline without a full stop\n"
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Headline without a full stop",
        "A drone hit a house on вул. Хрещатик, 22 in Kyiv.",
        "V. Klitschko said another victim was in “serious condition.”",
        "Nobody else was hurt.",
    ]
    assert sentences[0].headline and not sentences[1].headline
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
