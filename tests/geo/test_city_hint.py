"""The city hint holds, and a text that names another city is not ours."""

import pytest

from geo.geocoder import geocode

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_geocoder_index")]


@pytest.mark.parametrize(
    ("text", "hint", "street"),
    [
        ("на улице Артема", "donetsk", "ул. Артема"),
        ("по улице Артема", "donetsk", "ул. Артема"),
        ("ул. Артема, 130", "donetsk", "ул. Артема"),
        ("Artema Street, Donetsk", None, "ул. Артема"),
        ("на ул. Университетской", "donetsk", "ул. Университетская"),
        ("улица Университетская", "donetsk", "ул. Университетская"),
        ("на ул. Университетская, Донецк", None, "ул. Университетская"),
        ("пр-т Ленинский", "donetsk", "проспект Ленинский"),
        ("на пр-те Ленинском", "donetsk", "проспект Ленинский"),
        ("на бульваре Шевченко", "donetsk", "бул. Шевченко"),
        ("бульвар Пушкина, Донецк", None, "бул. Пушкина"),
        ("на бульваре Пушкина в Донецке", None, "бул. Пушкина"),
        ("Pushkin Boulevard", "donetsk", "бул. Пушкина"),
        ("пер. Журавского", "donetsk", "пер. Журавского"),
        ("переулок Журавского", "donetsk", "пер. Журавского"),
        ("ул. Постышева", "donetsk", "ул. Постышева"),
        ("вулиця Хрещатик", "kyiv", "вулиця Хрещатик"),
        ("на улице Изюмской", "kyiv", "вулиця Ізюмська"),
    ],
)
def test_streets_in_the_city_hinted_or_named(text, hint, street):
    result = geocode(text, city=hint)
    city = hint or ("donetsk" if "onetsk" in text or "Донец" in text else "kyiv")
    assert (result.city, result.street, result.precision) == (city, street, "street")
    assert result.lon is not None
    assert result.confidence >= 0.85


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        # Kyiv has these streets, Donetsk's gazetteer does not.
        ("на ул. Кирова", "donetsk"),
        ("переулок Кирова", "donetsk"),
        ("вулиця Хрещатик", "donetsk"),
        ("улица Крещатик", "donetsk"),
        ("проспект Победы", "donetsk"),
        ("в Дарницком районе", "donetsk"),
        # The text names the other of our cities than the hint.
        ("на ул. Кирова, Донецк", "kyiv"),
        ("в столице ДНР", "kyiv"),
        ("в столице", "donetsk"),
    ],
)
def test_a_hint_is_never_answered_in_the_other_city(text, hint):
    result = geocode(text, city=hint)
    assert result.precision == "none"
    assert result.city is None and result.candidates == []


def test_with_the_hint_the_other_citys_streets_are_no_alternatives():
    result = geocode("на ул. Артема", city="kyiv")
    assert result.city in {None, "kyiv"}
    assert all(c["city"] == "kyiv" for c in result.candidates)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("столицы ДНР", None),
        ("обстрел столицы ДНР", "donetsk"),
        ("в столице ДНР", None),
        ("столиця ДНР", None),
        ("у столиці ДНР", None),
        ("capital of the DPR", None),
    ],
)
def test_the_capital_of_the_dpr_is_donetsk(text, hint):
    result = geocode(text, city=hint)
    assert (result.city, result.precision) == ("donetsk", "city")


@pytest.mark.parametrize("text", ["the capital", "в столице", "у столиці"])
def test_the_capital_alone_is_kyiv(text):
    assert (geocode(text).city, geocode(text, city="kyiv").city) == ("kyiv", "kyiv")


@pytest.mark.parametrize(
    "text",
    [
        "улица Изюмская, Горловка",
        "Горловка, улица Изюмская",
        "в Горловке на улице Изюмской",
        "Горлівка, вул. Ізюмська",
        "в Макеевке на улице Ленина",
        "Харьков, улица Сумская",
        "в Харькове на проспекте Победы",
        "в Енакиево на улице Кирова",
        "Бахмут, вулиця Садова",
    ],
)
def test_a_street_in_another_city_is_none(text):
    assert geocode(text).precision == "none"
    assert geocode(text, city="donetsk").precision == "none"


def test_without_a_city_a_street_only_kyiv_has_is_kyivs():
    result = geocode("улица Изюмская")
    assert (result.city, result.street) == ("kyiv", "вулиця Ізюмська")
    # Nothing in the text says which city: less sure than with the city named.
    assert result.confidence < geocode("улица Изюмская, Киев").confidence
