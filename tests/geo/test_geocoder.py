"""The gazetteer geocoder on the real gazetteer (loaded once, tests/conftest.py)."""

import json

import pytest
from django.contrib.gis.geos import Point

from geo.geocoder import GeocodeResult, geocode, reset_index
from geo.geocoder.result import JSON_KEYS
from geo.models import City, Street

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_geocoder_index")]


def _inside_city(result: GeocodeResult) -> bool:
    boundary = City.objects.get(slug=result.city).boundary
    return boundary.covers(Point(result.lon, result.lat, srid=4326))


# city, slug, Ukrainian, Russian, Latin: the names as people write them.
DISTRICTS = [
    ("kyiv", "holosiivskyi", "Голосіївський", "Голосеевский", "Holosiivskyi"),
    ("kyiv", "darnytskyi", "Дарницький", "Дарницкий", "Darnytskyi"),
    ("kyiv", "desnianskyi", "Деснянський", "Деснянский", "Desnianskyi"),
    ("kyiv", "dniprovskyi", "Дніпровський", "Днепровский", "Dniprovskyi"),
    ("kyiv", "obolonskyi", "Оболонський", "Оболонский", "Obolonskyi"),
    ("kyiv", "pecherskyi", "Печерський", "Печерский", "Pecherskyi"),
    ("kyiv", "podilskyi", "Подільський", "Подольский", "Podilskyi"),
    ("kyiv", "sviatoshynskyi", "Святошинський", "Святошинский", "Sviatoshynskyi"),
    ("kyiv", "solomianskyi", "Солом’янський", "Соломенский", "Solomianskyi"),
    ("kyiv", "shevchenkivskyi", "Шевченківський", "Шевченковский", "Shevchenkivskyi"),
    ("donetsk", "budonnivskyi", "Будьоннівський", "Будённовский", "Budonnivskyi"),
    ("donetsk", "voroshylovskyi", "Ворошиловський", "Ворошиловский", "Voroshylovskyi"),
    ("donetsk", "kalininskyi", "Калінінський", "Калининский", "Kalininskyi"),
    ("donetsk", "kyivskyi", "Київський", "Киевский", "Kyivskyi"),
    ("donetsk", "kirovskyi", "Кіровський", "Кировский", "Kirovskyi"),
    ("donetsk", "kuibyshevskyi", "Куйбишевський", "Куйбышевский", "Kuibyshevskyi"),
    ("donetsk", "leninskyi", "Ленінський", "Ленинский", "Leninskyi"),
    ("donetsk", "petrovskyi", "Петровський", "Петровский", "Petrovskyi"),
    ("donetsk", "proletarskyi", "Пролетарський", "Пролетарский", "Proletarskyi"),
]


def _district_cases():
    for city, slug, uk, ru, latin in DISTRICTS:
        donetsk = city == "donetsk"
        # Donetsk is named in the text for two forms and given as the hint for one.
        yield pytest.param(
            f"{uk} район" + (", Донецьк" if donetsk else ""), None, city, slug,
            id=f"{slug}-uk",
        )  # fmt: skip
        yield pytest.param(
            f"{ru} район", "donetsk" if donetsk else None, city, slug, id=f"{slug}-ru"
        )
        yield pytest.param(
            f"{latin} district" + (", Donetsk" if donetsk else ", Kyiv"), None, city,
            slug, id=f"{slug}-latin",
        )  # fmt: skip


@pytest.mark.parametrize(("text", "hint", "city", "slug"), list(_district_cases()))
def test_every_district_in_three_languages(text, hint, city, slug):
    result = geocode(text, city=hint)
    assert (result.city, result.district, result.precision) == (city, slug, "district")
    # A district on its own has no point: a centroid would look more precise.
    assert result.lon is None and result.lat is None
    assert result.confidence >= 0.85
    assert result.method == "gazetteer:district"
    assert result.district_id is not None and result.city_id is not None


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("у Голосіївському районі", "holosiivskyi"),
        ("в Дарницком районе Киева", "darnytskyi"),
        ("у Деснянському районі", "desnianskyi"),
        ("в Оболонском районе", "obolonskyi"),
        ("на території Святошинського району", "sviatoshynskyi"),
        ("Печерський р-н", "pecherskyi"),
        ("в Подольском р-не", "podilskyi"),
    ],
)
def test_case_forms_of_districts(text, slug):
    result = geocode(text)
    assert (result.city, result.district, result.precision) == (
        "kyiv",
        slug,
        "district",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Солом’янський район",
        "Солом'янський район",
        "Соломʼянський район",
        "Солом`янський район",
        "Соломенский район",
        "Solomyanskyi district",
        "Solomensky district",
    ],
)
def test_apostrophes_and_transliterations(text):
    assert geocode(text).district == "solomianskyi"


@pytest.mark.parametrize(
    "text",
    [
        "Svyatoshinsky district",
        "Sviatoshynskyi raion",
        "Sviatoshinskii district",
        "Svyatoshynskyi District, Kyiv",
    ],
)
def test_russian_style_latin_spellings(text):
    assert geocode(text).district == "sviatoshynskyi"


def test_darnytskyi_district_kyiv():
    result = geocode("Darnytskyi district, Kyiv")
    assert (result.city, result.district, result.precision) == (
        "kyiv",
        "darnytskyi",
        "district",
    )
    assert (result.lon, result.lat) == (None, None)
    assert result.matched == "Darnytskyi district"
    assert result.confidence == 1.0


@pytest.mark.parametrize(
    "text",
    [
        "вулиця Хрещатик",
        "на вулиці Хрещатик",
        "вул. Хрещатик, 22",
        "Khreshchatyk street",
        "Khreshchatyk St., Kyiv",
        "ул. Хрещатик",
    ],
)
def test_street_by_its_current_name(text):
    result = geocode(text)
    assert result.street == "вулиця Хрещатик"
    assert result.precision == "street"
    assert result.method == "gazetteer:street"
    assert result.street_id == Street.objects.get(full_name_uk="вулиця Хрещатик").pk
    assert _inside_city(result)
    # The register: Хрещатик runs through two districts; its anchor point decides.
    assert result.district in {"shevchenkivskyi", "pecherskyi"}


@pytest.mark.parametrize(
    ("text", "current"),
    [
        # old_name_uk in the 2020 register, written in natural order
        ("вулиця Ярослава Галана", "вулиця Августина Волошина"),
        ("вулиця Командарма Уборевича", "вулиця Академіка Єфремова"),
        # the 2014-2022 renamings
        ("вулиця Амурська", "вулиця Академіка Книшова"),
        ("проспект Московський", "проспект Степана Бандери"),
        # 2022
        ("вулиця Маршала Якубовського", "вулиця Героїв Маріуполя"),
        ("вулиця Генерала Доватора", "вулиця Катерини Грушевської"),
    ],
)
def test_street_by_a_former_name(text, current):
    result = geocode(text)
    assert result.street == current
    assert result.precision == "street"
    # A former name is good evidence, a little less than the current one.
    assert 0.7 <= result.confidence < geocode(current).confidence


def test_register_order_and_natural_order_meet():
    # The register writes "Закревського Миколи".
    for text in ("вулиця Миколи Закревського, 5", "вул. Закревського Миколи"):
        result = geocode(text)
        assert result.street == "вулиця Закревського Миколи"
        assert result.district == "desnianskyi"
    # The surname alone, with a type word: right street, lower confidence.
    surname = geocode("вул. Закревського")
    assert surname.street == "вулиця Закревського Миколи"
    assert surname.confidence < geocode("вулиця Миколи Закревського").confidence


def test_street_without_anchor_point_takes_its_only_district():
    result = geocode("вулиця Августина Волошина")
    assert result.precision == "street"
    assert (result.lon, result.lat) == (None, None)
    assert result.district == "solomianskyi"


def test_same_street_name_in_several_districts_follows_the_district_named():
    assert Street.objects.filter(full_name_uk="вулиця Садова").count() > 1
    alone = geocode("вулиця Садова")
    assert alone.street == "вулиця Садова"
    in_obolon = geocode("вулиця Садова, Оболонський район")
    assert in_obolon.district == "obolonskyi"
    street = Street.objects.get(pk=in_obolon.street_id)
    assert street.districts.filter(slug="obolonskyi").exists()
    # Seven streets could be meant without the district; with it, one.
    assert alone.confidence < in_obolon.confidence


def test_donetsk_street_with_the_city_named():
    result = geocode("вул. Артема, Донецьк")
    assert (result.city, result.street, result.precision) == (
        "donetsk",
        "ул. Артема",
        "street",
    )
    assert _inside_city(result)
    # Kyiv's вулиця Артема is now Січових Стрільців: an alternative, not the answer.
    assert any(c["street"] == "вулиця Січових Стрільців" for c in result.candidates)


def test_city_hint_decides_between_cities():
    assert geocode("вул. Артема", city="donetsk").city == "donetsk"
    kyiv = geocode("вул. Артема", city="kyiv")
    assert (kyiv.city, kyiv.street) == ("kyiv", "вулиця Січових Стрільців")


@pytest.mark.parametrize(
    "text",
    ["near Lisova metro", "станція метро Лісова", "метро Лесная", "ст. м. Лісова"],
)
def test_metro_station(text):
    result = geocode(text)
    assert (result.city, result.place, result.precision) == (
        "kyiv",
        "Лісова",
        "place",
    )
    assert result.district == "desnianskyi"
    assert result.method == "gazetteer:metro"
    assert _inside_city(result)


def test_station_district_comes_from_the_polygons():
    result = geocode("станція метро Академмістечко")
    assert result.district == "sviatoshynskyi"
    # Renamed in 2022; the old name still finds it.
    old = geocode("метро Площа Льва Толстого")
    assert old.place == "Площа Українських Героїв"


def test_a_district_that_contradicts_the_place_lowers_confidence():
    alone = geocode("near Lisova metro")
    contradicted = geocode("near Lisova metro, Darnytskyi district")
    assert contradicted.place == "Лісова"
    assert contradicted.district == "desnianskyi"  # where the station is
    assert contradicted.confidence < alone.confidence
    # A district the street runs through agrees with it.
    agreeing = geocode("вулиця Хрещатик, Шевченківський район")
    assert agreeing.confidence > geocode("вулиця Хрещатик").confidence


def test_neighbourhood_is_a_place_with_a_point():
    result = geocode("Старий Київ")
    assert result.precision == "place"
    assert result.method == "gazetteer:neighbourhood"
    assert _inside_city(result)


def test_landmark():
    result = geocode("Дарницький ринок")
    assert result.precision == "place"
    assert result.method == "gazetteer:landmark"
    assert result.district == "darnytskyi"


def test_confidence_follows_match_quality():
    official = geocode("Darnytskyi district, Kyiv").confidence
    alias = geocode("Darnitsky district, Kyiv").confidence
    case_form = geocode("в Дарницком районе Киева").confidence
    nickname = geocode("Дарниця, Київ").confidence
    misspelt = geocode("Darnyzkyi district, Kyiv").confidence
    assert official > alias > nickname
    assert official > case_form > nickname
    assert nickname > misspelt > 0


def test_nickname_counts_less_than_the_district_name():
    nickname = geocode("Оболонь")
    assert (nickname.district, nickname.precision) == ("obolonskyi", "district")
    assert nickname.confidence < geocode("Оболонський район").confidence
    assert geocode("Podil").district == "podilskyi"


def test_a_misspelt_street_is_found_with_less_confidence():
    result = geocode("улица Крещатик")
    assert result.street == "вулиця Хрещатик"
    assert result.confidence < geocode("вулиця Хрещатик").confidence


# The traps: names shared between a city and a district, a station and a city.


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("Kyiv district, Donetsk", None),
        ("Kievsky district", "donetsk"),
        ("Київський район Донецька", None),
        ("Киевский район, Донецк", None),
        ("Kiev District", "donetsk"),
    ],
)
def test_kyiv_district_next_to_donetsk_is_donetsks(text, hint):
    result = geocode(text, city=hint)
    assert (result.city, result.district) == ("donetsk", "kyivskyi")


def test_kyiv_district_without_donetsk_is_the_capital():
    result = geocode("Kyiv district")
    assert (result.city, result.district, result.precision) == ("kyiv", None, "city")


@pytest.mark.parametrize(
    "text",
    [
        "Dnipro district of the capital",
        "Dniprovskyi district, Kyiv",
        "Дніпровський район Києва",
        "Dnipro district, Kyiv",
    ],
)
def test_dnipro_district_of_kyiv_is_not_the_city_of_dnipro(text):
    result = geocode(text)
    assert (result.city, result.district) == ("kyiv", "dniprovskyi")


def test_kharkivska_metro_is_a_kyiv_station():
    result = geocode("Kharkivska metro")
    assert (result.city, result.place) == ("kyiv", "Харківська")
    assert result.precision == "place"


@pytest.mark.parametrize(
    "text",
    [
        "Dnipro",
        "Дніпро",
        "Kharkiv",
        "Харків",
        "Brovary",
        "Бровари, вулиця Київська",
        "вулиця Хрещатик, Харків",
        "Kyiv region",
        "Київська область",
        "невідоме місце",
        "",
    ],
)
def test_other_cities_and_nothing_give_none(text):
    result = geocode(text)
    assert result.precision == "none"
    assert result.confidence == 0
    assert (result.lon, result.lat, result.city) == (None, None, None)


def test_other_city_overrides_the_hint():
    assert geocode("Brovary", city="kyiv").precision == "none"
    assert geocode("Dnipro", city="kyiv").precision == "none"


@pytest.mark.parametrize(
    ("text", "city"),
    [("Київ", "kyiv"), ("Kiev", "kyiv"), ("Donetsk", "donetsk"), ("Донецк", "donetsk")],
)
def test_city_alone(text, city):
    result = geocode(text)
    assert (result.city, result.precision, result.method) == (
        city,
        "city",
        "gazetteer:city",
    )
    assert (result.lon, result.lat, result.district) == (None, None, None)


def test_city_word_inside_a_street_name_is_not_the_city():
    result = geocode("вулиця Донецька, Київ")
    assert (result.city, result.street) == ("kyiv", "вулиця Донецька")


def test_points_are_always_inside_their_city():
    texts = [
        "вулиця Хрещатик",
        "Khreshchatyk street",
        "вул. Артема, Донецьк",
        "ул. Университетская, Донецк",
        "near Lisova metro",
        "Kharkivska metro",
        "Теремки",
        "Дарницький ринок",
        "проспект Степана Бандери",
        "бул. Шевченко, Донецк",
    ]
    located = [r for r in map(geocode, texts) if r.lon is not None]
    assert len(located) >= 8
    for result in located:
        assert _inside_city(result), result


def test_result_json_shape():
    result = geocode("вул. Артема, Донецьк")
    data = result.to_json()
    assert tuple(data) == JSON_KEYS
    assert data["candidates"], "Kyiv's former вулиця Артема is an alternative"
    for candidate in data["candidates"]:
        assert set(candidate) == set(JSON_KEYS) - {"candidates"}
    # JSON-able as it is, the way the pipeline stores it.
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_unknown_city_hint_is_refused():
    with pytest.raises(ValueError, match="lviv"):
        geocode("вулиця Хрещатик", city="lviv")


def test_reset_index_picks_up_a_new_street(kyiv):
    name = "вулиця Небувалого Тестового"
    assert geocode(name).street != name  # the index is built and lacks it
    street = Street.objects.create(
        city=kyiv,
        name_uk="Небувалого Тестового",
        type_uk="вулиця",
        full_name_uk=name,
        point=Point(30.5234, 50.4501, srid=4326),
        source_key="test:geocoder:new-street",
    )
    try:
        reset_index()
        result = geocode(name)
        assert (result.street, result.street_id) == (name, street.pk)
        assert result.district == "shevchenkivskyi"
    finally:
        # The row goes with the test's transaction; the index must not keep it.
        reset_index()


def test_a_long_lived_index_notices_new_rows(kyiv, settings):
    name = "вулиця Небаченої Перевірки"
    assert geocode(name).street != name
    settings.GEOCODER_INDEX_FRESHNESS = 0  # check the database on every call
    Street.objects.create(
        city=kyiv,
        name_uk="Небаченої Перевірки",
        type_uk="вулиця",
        full_name_uk=name,
        source_key="test:geocoder:noticed-street",
    )
    try:
        assert geocode(name).street == name
    finally:
        reset_index()


def test_english_street_name_is_not_read_as_a_case_ending():
    # "Artem" once lost "-em" as if it were an instrumental ending and missed "Артема".
    result = geocode("Artem Street in the Kievsky district, Donetsk")
    assert (result.city, result.district, result.precision) == (
        "donetsk",
        "kyivskyi",
        "street",
    )
    assert result.street == "ул. Артема"
    assert result.city == "donetsk"
