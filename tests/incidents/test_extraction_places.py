"""Districts, neighbourhoods, streets and places as reports write them, in English,
Ukrainian and Russian, against the real gazetteer (tests/conftest.py)."""

import datetime as dt

import pytest

from incidents.extraction import extract_report
from incidents.extraction.neighbourhoods import neighbourhood_district
from incidents.extraction.places import PlaceFinder, report_language

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_geocoder_index")]


def _find(city: str | None, sentence: str, **options):
    finder = PlaceFinder(city=city, language=report_language(sentence))
    return finder.find(sentence, **options)


def _districts(city: str | None, sentence: str) -> list[str | None]:
    return [m.location.district for m in _find(city, sentence)]


@pytest.mark.parametrize(
    ("city", "sentence", "expected"),
    [
        ("kyiv", "In Pechersk, a drone hit a residential building.", ["pecherskyi"]),
        ("kyiv", "In Obolonsky, debris fell on a parked car.", ["obolonskyi"]),
        ("kyiv", "In Svyatoshynske, a fire broke out in a garage.", ["sviatoshynskyi"]),
        ("kyiv", "У Дарниці уламки впали на дах будинку.", ["darnytskyi"]),
        ("kyiv", "В Оболоні пошкоджено багатоповерхівку.", ["obolonskyi"]),
        ("kyiv", "На Подолі загорівся склад.", ["podilskyi"]),
        ("kyiv", "В Печерске повреждены окна офисного здания.", ["pecherskyi"]),
        (
            "kyiv",
            "Debris fell in Darnytskyi and Dniprovskyi, the city said.",
            ["darnytskyi", "dniprovskyi"],
        ),
        ("donetsk", "In Kuibyshevskyi, a shell hit a house.", ["kuibyshevskyi"]),
        ("donetsk", "В Ворошиловском повреждены окна.", ["voroshylovskyi"]),
    ],
)
def test_district_named_without_the_noun(city, sentence, expected):
    assert _districts(city, sentence) == expected


@pytest.mark.parametrize(
    ("city", "name", "slug"),
    [
        ("kyiv", "Sviatoshynskyi", "sviatoshynskyi"),
        ("kyiv", "Svyatoshinsky", "sviatoshynskyi"),
        ("kyiv", "Святошинский", "sviatoshynskyi"),
        ("kyiv", "Solomianskyi", "solomianskyi"),
        ("kyiv", "Solomyansky", "solomianskyi"),
        ("kyiv", "Holosiivskyi", "holosiivskyi"),
        ("kyiv", "Goloseevsky", "holosiivskyi"),
        ("kyiv", "Dneprovsky", "dniprovskyi"),
        ("kyiv", "Podolsky", "podilskyi"),
        ("kyiv", "Darnitsky", "darnytskyi"),
        ("kyiv", "Desnyansky", "desnianskyi"),
        ("kyiv", "Shevchenkovsky", "shevchenkivskyi"),
        ("donetsk", "Kievsky", "kyivskyi"),
        ("donetsk", "Kuibyshevskyi", "kuibyshevskyi"),
        ("donetsk", "Budyonnovsky", "budonnivskyi"),
        ("donetsk", "Voroshylovskyi", "voroshylovskyi"),
        ("donetsk", "Kalininskyi", "kalininskyi"),
        ("donetsk", "Kirovskyi", "kirovskyi"),
        ("donetsk", "Leninskyi", "leninskyi"),
        ("donetsk", "Petrovskyi", "petrovskyi"),
        ("donetsk", "Proletarskyi", "proletarskyi"),
    ],
)
def test_district_spellings_with_and_without_the_noun(city, name, slug):
    assert _districts(city, f"A shell hit a house in the {name} district.") == [slug]
    assert _districts(city, f"In {name}, a shell hit a house.") == [slug]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "В результате обстрела пострадали несколько районов, в частности "
            "Киевский, Ворошиловский.",
            ["kyivskyi", "voroshylovskyi"],
        ),
        (
            "Обстрелу подверглись районы Донецка: Кировский, Петровский и Киевский.",
            ["kirovskyi", "petrovskyi", "kyivskyi"],
        ),
        (
            "Під обстріл потрапили райони Донецька: Куйбишевський та Ленінський.",
            ["kuibyshevskyi", "leninskyi"],
        ),
        (
            "Shells hit several districts, including Kalininsky and Budyonnovsky.",
            ["kalininskyi", "budonnivskyi"],
        ),
    ],
)
def test_districts_listed_after_the_plural_noun(sentence, expected):
    assert _districts("donetsk", sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "В Киевском районе Донецка повреждены дома.",
        "In the Kievsky district a shell hit a school.",
        "Обстрелу подверглись районы: Киевский и Калининский.",
    ],
)
def test_donetsk_kyiv_district_never_becomes_kyiv(sentence):
    found = _find("donetsk", sentence)
    assert found
    assert {m.location.city for m in found} == {"donetsk"}
    assert "kyivskyi" in [m.location.district for m in found]


@pytest.mark.parametrize(
    "sentence",
    [
        "In Kyivskyi, a shell hit a house.",
        "У Київському районі пошкоджено будинок.",
        "Пострадали районы, в частности Киевский.",
    ],
)
def test_kyivskyi_in_a_kyiv_report_is_no_kyiv_district(sentence):
    assert _find("kyiv", sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Debris fell on Troieshchyna and in Osokorky.", ["desnianskyi", "darnytskyi"]),
        (
            "На Троєщині та в Позняках пошкоджено будинки.",
            ["desnianskyi", "darnytskyi"],
        ),
        ("На Троещине загорелся автомобиль.", ["desnianskyi"]),
        ("On Podil, a warehouse caught fire.", ["podilskyi"]),
        ("На Виноградарі уламки впали на дитячий майданчик.", ["podilskyi"]),
        ("В Борщаговке повреждены окна.", ["sviatoshynskyi"]),
        ("Уламки впали на Лісовому масиві.", ["desnianskyi"]),
        (
            "На Русанівці та на Куренівці пошкоджено будинки.",
            ["dniprovskyi", "podilskyi"],
        ),
        ("In Lukianivka, a drone hit a house.", ["shevchenkivskyi"]),
        ("On Thursday in Kyiv's Teremky, a drone hit a house.", ["holosiivskyi"]),
        ("На Лук’янівці вибито вікна.", ["shevchenkivskyi"]),
    ],
)
def test_neighbourhoods_count_for_their_district(sentence, expected):
    found = _find("kyiv", sentence)
    assert [m.location.district for m in found] == expected
    # A neighbourhood is no more precise than its district.
    assert not any(m.location.precise for m in found)


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ"])
def test_neighbourhood_table_takes_every_apostrophe_and_case(apostrophe):
    assert neighbourhood_district("Троєщині") == "desnianskyi"
    assert neighbourhood_district("Troyeshchyna") == "desnianskyi"
    assert neighbourhood_district("Лісовому масиві") == "desnianskyi"
    assert neighbourhood_district(f"Лук{apostrophe}янівці") is None  # the gazetteer's
    assert neighbourhood_district("Chernihiv") is None


@pytest.mark.parametrize(
    ("city", "sentence", "district"),
    [
        (
            "donetsk",
            "The head of the Kuibyshevskyi district administration said the shelling "
            "damaged a school.",
            "kuibyshevskyi",
        ),
        (
            "donetsk",
            "Глава администрации Кировского района сообщил о попадании в дом.",
            "kirovskyi",
        ),
        (
            "donetsk",
            "По словам главы администрации Петровского района, снаряд попал в школу.",
            "petrovskyi",
        ),
        ("kyiv", "Голова Дарницької РДА повідомив про пожежу.", "darnytskyi"),
        (
            "kyiv",
            "The Obolonskyi district administration said debris fell overnight.",
            "obolonskyi",
        ),
        ("kyiv", "Про це повідомив начальник Солом'янської РВА.", "solomianskyi"),
    ],
)
def test_a_district_named_as_the_speaker_is_no_place(city, sentence, district):
    assert [m.location.district for m in _find(city, sentence)] == []
    spoken = _find(city, sentence, speakers=True)
    assert [(m.location.district, m.speaker) for m in spoken] == [(district, True)]


@pytest.mark.parametrize(
    ("city", "sentence", "district"),
    [
        ("kyiv", "Уламки пошкодили будівлю Дарницької РДА.", "darnytskyi"),
        (
            "donetsk",
            "Обстрелу подверглось здание администрации Кировского района.",
            "kirovskyi",
        ),
        (
            "donetsk",
            "A shell hit the Kuibyshevskyi district administration building.",
            "kuibyshevskyi",
        ),
    ],
)
def test_an_administration_building_hit_is_a_place(city, sentence, district):
    found = _find(city, sentence)
    assert [(m.location.district, m.speaker) for m in found] == [(district, False)]


def test_speaker_and_place_in_one_sentence():
    sentence = (
        "Голова Голосіївської РДА повідомив, що уламки впали в Оболонському районі."
    )
    assert _districts("kyiv", sentence) == ["obolonskyi"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Debris fell near Lukianivska underground station.",
        "Debris fell near Lukianivska metro station.",
        "Уламки впали біля станції метро «Лукʼянівська».",
        "Уламки впали біля станції метро «Лук’янівська».",
        "Уламки впали біля станції метро Лук'янівська.",
        "Обломки упали возле станции метро Лукьяновская.",
        "Обломки упали возле ст. м. «Лукьяновская».",
    ],
)
def test_metro_station_in_every_form(sentence):
    (mention,) = _find("kyiv", sentence)
    assert mention.location.place == "Лук'янівська"
    assert mention.location.district == "shevchenkivskyi"


@pytest.mark.parametrize(
    ("sentence", "place", "district"),
    [
        ("Пошкоджено Дарницький ринок.", "Дарницький ринок", "darnytskyi"),
        (
            "Уламки впали біля Центрального залізничного вокзалу.",
            "Залізничний вокзал Центральний",
            "solomianskyi",
        ),
        ("Вибуховою хвилею пошкоджено лікарню № 3.", "Лікарня № 3", None),
    ],
)
def test_landmarks_the_gazetteer_knows(sentence, place, district):
    (mention,) = _find("kyiv", sentence)
    assert mention.location.place == place
    if district:
        assert mention.location.district == district


@pytest.mark.parametrize(
    ("city", "sentence", "street", "district"),
    [
        ("donetsk", "Снаряд попал в дом на ул. Артема.", "ул. Артема", None),
        (
            "donetsk",
            "Снаряд попал в дом на улице Розы Люксембург в Ворошиловском районе.",
            "улице Розы Люксембург",
            "voroshylovskyi",
        ),
        ("donetsk", "Обстрелу подвергся проспект Ильича.", "проспект Ильича", None),
        ("donetsk", "На пр-те Панфилова повреждены окна.", "пр-те Панфилова", None),
        (
            "donetsk",
            "Повреждены дома по ул. Щетинина Петровского района.",
            "ул. Щетинина",
            "petrovskyi",
        ),
        (
            "donetsk",
            "A shell hit a house on Shchorsa Street in the Voroshylovskyi district.",
            "Shchorsa Street",
            "voroshylovskyi",
        ),
        (
            "donetsk",
            "В Кировском районе поврежден дом на бульваре Шахтостроителей.",
            "бульваре Шахтостроителей",
            "kirovskyi",
        ),
        (
            "donetsk",
            "Под обстрел попал переулок Гвардейский.",
            "переулок Гвардейский",
            None,
        ),
        (
            "donetsk",
            "Снаряд разорвался на площади Коммунаров.",
            "площади Коммунаров",
            None,
        ),
        ("donetsk", "Вибухи пролунали на вул. Собінова.", "вул. Собінова", None),
        (
            "kyiv",
            "Уламки впали на вулиці Кирилівській.",
            "вулиця Кирилівська",
            "podilskyi",
        ),
        (
            "kyiv",
            "A drone hit a building on Peremohy Avenue.",
            "проспект Берестейський",  # its name since 2023
            "sviatoshynskyi",  # where its anchor point is
        ),
        (
            "kyiv",
            "На вулиці Богдана Хмельницького у Шевченківському районі пошкоджено "
            "будинок.",
            "вулиця Хмельницького Богдана",
            "shevchenkivskyi",
        ),
    ],
)
def test_streets_by_register_or_by_pattern(city, sentence, street, district):
    found = [m.location for m in _find(city, sentence) if m.location.street]
    assert [(loc.street, loc.district) for loc in found] == [(street, district)]
    assert found[0].city == city
    if street not in sentence:
        assert not found[0].as_written  # the register's name, not the report's


@pytest.mark.parametrize(
    ("sentence", "as_written"),
    [
        ("Снаряд попал в дом на ул. Артема.", False),  # in the address points
        ("Снаряд попал в дом на ул. Щетинина.", True),
    ],
)
def test_a_street_says_whether_the_gazetteer_knows_it(sentence, as_written):
    (mention,) = _find("donetsk", sentence)
    assert mention.location.as_written is as_written


def test_a_street_takes_the_one_district_the_report_named():
    finder = PlaceFinder(city="donetsk", language="ru")
    finder.find("Утром обстрелу подвергся Петровский район.")
    (mention,) = finder.find("Снаряд попал в дом на ул. Щетинина.")
    assert (mention.location.street, mention.location.district) == (
        "ул. Щетинина",
        "petrovskyi",
    )


def test_a_street_takes_no_district_when_the_report_named_several():
    finder = PlaceFinder(city="donetsk", language="ru")
    finder.find("Обстрелу подверглись Петровский и Киевский районы.")
    (mention,) = finder.find("Снаряд попал в дом на ул. Щетинина.")
    assert mention.location.district is None


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        (
            "Снаряд разорвался в поселке Трудовские Петровского района.",
            "поселке Трудовские",
        ),
        ("У ЖК «Комфорт Таун» вибиті вікна.", "ЖК «Комфорт Таун»"),
        ("Снаряды разорвались в районе шахты Абакумова.", "шахты Абакумова"),
        ("Снаряд попал в здание больницы им. Калинина.", "больницы им. Калинина"),
        ("Обстрелу подвергся Центральный рынок.", "Центральный рынок"),
        ("Пострадал мкр. Широкий в Киевском районе.", "мкр. Широкий"),
        ("Осколками посечен фасад школы № 61.", "школы № 61"),
    ],
)
def test_localities_by_pattern(sentence, place):
    city = "kyiv" if "ЖК" in sentence else "donetsk"
    places = [m.location.place for m in _find(city, sentence) if m.location.place]
    assert places == [place]


@pytest.mark.parametrize(
    "sentence",
    [
        "In Kyiv, on Monday, debris fell in Ukraine.",
        "In Moscow, officials denied the strike.",
        "У Дніпрі пролунали вибухи.",
        "On Thursday, in response, air defence worked.",
        "В Донецке слышны взрывы.",
    ],
)
def test_words_after_a_preposition_that_are_no_district(sentence):
    assert _find("kyiv", sentence) == []


def test_speaker_district_is_no_incident_in_a_report():
    report = (
        "Обстрел Донецка\n\n"
        "Утром ВСУ обстреляли Петровский район Донецка, повреждены дома на "
        "ул. Щетинина.\n\n"
        "Глава администрации Кировского района сообщил, что снаряд попал в школу в "
        "Петровском районе."
    )
    proposals = extract_report(report, published=dt.date(2024, 6, 13))
    assert {p.district for p in proposals} == {"petrovskyi"}
    assert "ул. Щетинина" in {p.street for p in proposals}


def test_a_place_and_its_street_are_one_place():
    (mention,) = _find("donetsk", "Повреждена ЦГКБ №1 на улице Багратиона.")
    assert (mention.location.place, mention.location.street) == (
        "ЦГКБ №1",
        "улице Багратиона",
    )
    assert mention.location.text == "ЦГКБ №1 на улице Багратиона, Донецьк"


@pytest.mark.parametrize(
    ("sentence", "street"),
    [
        (
            "Снаряд угодил в остановку на площади Бакинских комиссаров.",
            "площади Бакинских комиссаров",
        ),
        ("Снаряд попал в многоэтажку на улице 50-летия СССР.", "улице 50-летия СССР"),
        ("По проспекту Ильича поврежден троллейбус.", "проспекту Ильича"),
    ],
)
def test_donetsk_street_names_as_written(sentence, street):
    streets = [m.location.street for m in _find("donetsk", sentence)]
    assert streets == [street]


def test_a_neighbourhood_beside_its_district_adds_nothing():
    sentence = (
        "У Шевченківському районі на Лук'янівці уламки впали поблизу станції метро "
        "«Лук'янівська»."
    )
    (mention,) = _find("kyiv", sentence)
    assert (mention.location.district, mention.location.place) == (
        "shevchenkivskyi",
        "Лук'янівська",
    )


def test_every_street_takes_the_sentences_only_district():
    sentence = (
        "В Пролетарском районе, в поселке Трудовские, поврежден дом по ул. Ленина, 15."
    )
    found = [
        (m.location.district, m.location.key[1:]) for m in _find("donetsk", sentence)
    ]
    assert found == [
        ("proletarskyi", (None, "поселке Трудовские")),
        ("proletarskyi", ("ул. Ленина", None)),
    ]


def test_a_kyiv_street_through_several_districts_takes_no_report_district():
    finder = PlaceFinder(city="kyiv", language="en")
    finder.find("Debris fell in the Darnytskyi district.")
    (mention,) = finder.find("A drone hit a building on Peremohy Avenue.")
    # Its own district (where its anchor point is), not the report's.
    assert (mention.location.street, mention.location.district) == (
        "проспект Берестейський",
        "sviatoshynskyi",
    )
