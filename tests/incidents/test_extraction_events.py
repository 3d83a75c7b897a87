"""One event, one incident: no city-level incident beside the places a report
names, every figure on the incident it belongs to, a city-wide total recorded once,
victims beyond the city left out, and reports about both cities read for both."""

import datetime as dt

import pytest

from incidents.extraction import extract

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_geocoder_index")]

DAY = dt.date(2025, 6, 10)


def _read(text: str):
    extraction = extract(text, published=DAY)
    by_place = {}
    for incident in extraction.incidents:
        assert incident.district not in by_place, "one incident per district"
        by_place[incident.district] = incident
    return by_place, extraction.city_totals


@pytest.mark.parametrize(
    ("text", "district", "figures"),
    [
        (
            "Атака дронів на Київ: троє поранених\n"
            "Уночі ворожий дрон влучив у багатоповерхівку в Оболонському районі "
            "столиці. Постраждали троє людей, повідомив Кличко.",
            "obolonskyi",
            (None, 3),
        ),
        (
            "Ночью Киев атаковали беспилотники. В Святошинском районе обломки упали "
            "на жилой дом. Погибли два человека.\n\n"
            "Еще пять человек получили ранения, сообщил Кличко.",
            "sviatoshynskyi",
            (2, 5),
        ),
        (
            "Two killed, five injured in Russian drone attack on Kyiv\n"
            "A Russian drone hit a high-rise in Kyiv's Solomianskyi district "
            "overnight, the city's military administration said.",
            "solomianskyi",
            (2, 5),
        ),
        (
            "Вночі ворог атакував Київ. У Дарницькому районі уламки впали на "
            "приватний будинок. Постраждалих немає.",
            "darnytskyi",
            (0, 0),
        ),
        (
            "Ночью Донецк снова обстреляли. В Кировском районе снаряд попал в "
            "жилой дом, ранен мужчина 1960 года рождения.",
            "kirovskyi",
            (None, 1),
        ),
    ],
)
def test_a_report_about_one_place_gives_its_figures_to_that_place(
    text, district, figures
):
    by_place, totals = _read(text)
    assert set(by_place) == {district}
    incident = by_place[district]
    assert (incident.fatalities, incident.injured) == figures
    assert totals == []
    # Each figure with the sentence it came from, which is also evidence.
    for figure, sentence in zip(
        figures, (incident.fatalities_evidence, incident.injured_evidence), strict=True
    ):
        assert bool(sentence) == (figure is not None)
        assert sentence in text and sentence in incident.evidence


@pytest.mark.parametrize(
    ("text", "districts", "own", "total"),
    [
        (
            "Russia attacked Kyiv overnight, killing five people and injuring 20 "
            "across the city. In the Darnytskyi district a high-rise was hit; two "
            "people were killed there. In the Obolonskyi district debris damaged a "
            "school.",
            {"darnytskyi", "obolonskyi"},
            {"darnytskyi": (2, None), "obolonskyi": (None, None)},
            (5, 20),
        ),
        (
            "Масована атака на Київ: загинули четверо людей. У Печерському районі "
            "ракета влучила в офісну будівлю, загинули двоє. У Голосіївському "
            "районі уламки пошкодили склад, одна людина загинула.",
            {"pecherskyi", "holosiivskyi"},
            {"pecherskyi": (2, None), "holosiivskyi": (1, None)},
            (4, None),
        ),
        (
            "В результате обстрела Донецка погибли три человека. В Киевском районе "
            "поврежден жилой дом. В Ворошиловском районе снаряд попал в магазин.",
            {"kyivskyi", "voroshylovskyi"},
            {"kyivskyi": (None, None), "voroshylovskyi": (None, None)},
            (3, None),
        ),
    ],
)
def test_a_total_over_several_places_is_the_citys_recorded_once(
    text, districts, own, total
):
    by_place, totals = _read(text)
    assert set(by_place) == districts  # no city-level incident beside them
    for district, figures in own.items():
        incident = by_place[district]
        assert (incident.fatalities, incident.injured) == figures
    [city_total] = totals
    assert (city_total.fatalities, city_total.injured) == total
    assert city_total.evidence


def test_figures_the_places_account_for_are_no_extra_total():
    by_place, totals = _read(
        "Two people were killed in the attack on Kyiv. In the Darnytskyi district "
        "a missile hit a warehouse, killing two workers. In the Dniprovskyi "
        "district debris fell on a road."
    )
    assert set(by_place) == {"darnytskyi", "dniprovskyi"}
    assert by_place["darnytskyi"].fatalities == 2
    assert totals == []


@pytest.mark.parametrize(
    "text",
    [
        "Drones attacked Kyiv overnight. In the Solomianskyi district debris fell "
        "on a warehouse. In the Kyiv region, three people were injured.",
        "Вночі дрони атакували Київ. У Солом'янському районі уламки впали на склад. "
        "На Київщині поранено трьох людей.",
        "Ночью беспилотники атаковали Киев. В Соломенском районе обломки упали на "
        "склад. Кроме того, в Запорожье погибли три человека.",
        "Drones attacked Kyiv overnight. In the Solomianskyi district debris fell "
        "on a warehouse. In the village of Hatne outside the city, three people "
        "were injured.",
    ],
)
def test_victims_beyond_the_city_are_not_its(text):
    by_place, totals = _read(text)
    assert set(by_place) == {"solomianskyi"}
    assert (by_place["solomianskyi"].fatalities, by_place["solomianskyi"].injured) == (
        None,
        None,
    )
    assert totals == []


def test_a_republic_wide_total_is_not_donetsks():
    by_place, totals = _read(
        "В Кировском районе Донецка в результате обстрела поврежден дом, ранен "
        "мужчина. Всего за сутки в республике пострадали семь человек."
    )
    assert set(by_place) == {"kirovskyi"}
    assert by_place["kirovskyi"].injured == 1
    assert totals == []


def test_a_report_about_both_cities_gives_the_incidents_of_each():
    extraction = extract(
        "Overnight Russian drones struck Kyiv's Darnytskyi district, injuring two "
        "people. In Donetsk, shelling of the Kuibyshevskyi district killed one "
        "person.",
        published=DAY,
    )
    places = {(i.city, i.district): i for i in extraction.incidents}
    assert set(places) == {("kyiv", "darnytskyi"), ("donetsk", "kuibyshevskyi")}
    kyiv = places["kyiv", "darnytskyi"]
    donetsk = places["donetsk", "kuibyshevskyi"]
    assert (kyiv.fatalities, kyiv.injured) == (None, 2)
    assert (donetsk.fatalities, donetsk.injured) == (1, None)


def test_a_city_named_only_for_its_alert_gets_no_incident():
    extraction = extract(
        "Explosions in Kyiv: a drone hit a house in the Podilskyi district. "
        "Air-raid sirens also sounded in Donetsk, with no damage reported.",
        published=DAY,
    )
    assert {(i.city, i.district) for i in extraction.incidents} == {
        ("kyiv", "podilskyi")
    }


def test_a_city_level_incident_only_when_no_place_is_named():
    extraction = extract(
        "Russian drones attacked Kyiv overnight. Two people were injured, the "
        "mayor said.",
        published=DAY,
    )
    [incident] = extraction.incidents
    assert (incident.district, incident.street, incident.place) == (None, None, None)
    assert incident.injured == 2
    assert extraction.city_totals == []


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        (
            "Уночі дрон влучив у будинок у Дарницькому районі Києва. Загинули двоє "
            "людей. Ще троє померли в лікарні.",
            (5, None),
        ),
        (
            "В Дарницком районе Киева обломки упали на дом. Ранены четыре человека. "
            "Еще двое пострадавших обратились за помощью позже.",
            (None, 6),
        ),
        # The headline's 5 are the body's 2 and 3: not 5 + 3.
        (
            "Five killed in drone strike on Kyiv's Darnytskyi district\n"
            "A drone hit a house in the Darnytskyi district. Two people were killed "
            "at the scene. Another three died in hospital.",
            (5, None),
        ),
    ],
)
def test_a_figure_given_in_addition_adds_to_the_one_before(text, figures):
    by_place, _ = _read(text)
    [incident] = by_place.values()
    assert (incident.fatalities, incident.injured) == figures
