"""Weapons and what was hit, sentence by sentence, in English, Ukrainian and
Russian: the words a report uses for them, in their inflected forms, and the
words that look like them and are not (a gun's calibre is no Kalibr missile, a
victim taken to hospital is no hit on a hospital)."""

import datetime as dt

import pytest

from incidents.extraction import extract_report
from incidents.extraction.cities import DONETSK, KYIV
from incidents.extraction.facts import find_tags, find_weapons
from incidents.extraction.proposals import _tidy_weapons
from incidents.extraction.sentences import normalise


def _weapons(text: str, city: str | None = None) -> set[str]:
    """As an incident lists them: "missiles" said with their type are that type."""
    return set(_tidy_weapons(find_weapons(normalise(text), city=city)))


def _tags(text: str) -> set[str]:
    return find_tags(normalise(text))


@pytest.mark.parametrize(
    ("text", "weapons"),
    [
        # Calibres are guns' and mortars', not the Kalibr missile.
        (
            "ВСУ выпустили по Куйбышевскому району восемь снарядов калибром 155 мм.",
            {"artillery"},
        ),
        ("Противник обстрелял Петровский район из 155-мм гаубиц.", {"artillery"}),
        ("По Киевскому району выпущено 152-мм снаряды.", {"artillery"}),
        ("Зафиксирован обстрел боеприпасами калибра 152 мм.", {"artillery"}),
        ("Ворог випустив по місту шість снарядів калібру 152 мм.", {"artillery"}),
        (
            "Ukrainian forces fired 155mm shells at the Kirovsky district.",
            {"artillery"},
        ),
        ("По Ворошиловскому району выпущено пять мин калибра 120 мм.", {"mortar"}),
        ("Обстрел велся из оружия крупного калибра.", {"artillery"}),
        ("Калибровка радаров ПВО завершена.", set()),
        ("Снаряды разного калибра попали в жилые кварталы.", {"artillery"}),
        # The missile's name.
        (
            "Росія випустила по Києву крилаті ракети «Калібр» з Чорного моря.",
            {"cruise_missile"},
        ),
        ("Ночью по Киеву были выпущены ракеты Калибр.", {"cruise_missile"}),
        ("The navy fired Kalibr missiles at Kyiv overnight.", {"cruise_missile"}),
        ("Над Києвом збили ракети Х-101 та Kh-22.", {"cruise_missile"}),
        (
            "Сили ППО збили крилату ракету Х-101 над Дарницьким районом.",
            {"cruise_missile"},
        ),
        # Ballistic missiles, S-300 fired at the ground among them.
        (
            "Росія атакувала Київ балістичними ракетами Іскандер-М.",
            {"ballistic_missile"},
        ),
        ("Russia struck Kyiv with North Korean KN-23 missiles.", {"ballistic_missile"}),
        ("По городу был нанесен удар баллистической ракетой.", {"ballistic_missile"}),
        (
            "Окупанти вдарили зенітними керованими ракетами С-300.",
            {"ballistic_missile"},
        ),
        (
            "A Kinzhal hypersonic missile was shot down over Kyiv.",
            {"ballistic_missile"},
        ),
        # Drones in their names and forms.
        ("Над столицею працювала ППО: ворог атакував ударними БпЛА.", {"drone"}),
        ("Вночі Київ атакували дрони-камікадзе типу Shahed-136.", {"drone"}),
        ("Ночью по Киеву были запущены «Герани-2».", {"drone"}),
        ("Russia launched 300 Shaheds and decoy drones at the capital.", {"drone"}),
        ("Ворог атакував місто Шахедами.", {"drone"}),
        ("В Донецке FPV-дрон атаковал автобус.", {"drone"}),
        # Guided bombs, MLRS, mortars.
        ("Росіяни скинули на околиці кілька КАБів з УМПК.", {"guided_aerial_bomb"}),
        ("ВСУ обстреляли Донецк из РСЗО «Град».", {"mlrs"}),
        ("Ukrainian troops fired Grad rockets at the Petrovsky district.", {"mlrs"}),
        ("ВСУ выпустили по городу снаряды из РСЗО HIMARS.", {"himars"}),
        ("Пролунали вибухи від мінометного обстрілу.", {"mortar"}),
        ("Район обстреляли из минометов.", {"mortar"}),
        ("Киевский район попал под артобстрел.", {"artillery"}),
        # Shot down is still launched at the city.
        (
            "Air defence shot down 20 drones and 4 missiles over Kyiv.",
            {"drone", "missile"},
        ),
        ("Силами ППО сбиты три беспилотника над Донецком.", {"drone"}),
        ("Масована ракетно-дронова атака на Київ.", {"missile", "drone"}),
        # Weapons named only in general are none of the attack's.
        ("Russia is producing more Shaheds than ever, analysts say.", set()),
        ("Россия наращивает производство беспилотников «Герань».", set()),
        ("З початку року Росія випустила по Україні понад 20 тисяч шахедів.", set()),
        ("Since the start of the war Russia has fired thousands of missiles.", set()),
        ("Россия ежедневно выпускает по Украине около сотни дронов.", set()),
        ("Over the past week, Russia launched 1,000 drones at Ukraine.", set()),
        ("За минулий місяць ворог випустив по країні понад 80 ракет.", set()),
        ("Russia has repeatedly used ballistic missiles against civilians.", set()),
        # The defence's missiles and alerts are no weapons of the attack.
        ("Patriot interceptor missiles protected the capital.", set()),
        ("У Києві оголошено ракетну небезпеку.", set()),
        ("В пригороде обнаружены противопехотные мины ПФМ-1.", set()),
    ],
)
def test_weapons(text, weapons):
    assert _weapons(text) == weapons


@pytest.mark.parametrize(
    ("text", "city", "weapons"),
    [
        # Kyiv is beyond the guns' range: its "обстріл" is of unnamed weapons.
        ("Унаслідок обстрілу у Києві пошкоджено будинок.", KYIV, set()),
        ("В результате обстрела Донецка повреждены дома.", DONETSK, {"artillery"}),
    ],
)
def test_shelling_names_artillery_only_within_range(text, city, weapons):
    assert _weapons(text, city) == weapons


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        # Victims taken to or treated in a hospital: no hit on it.
        ("Three injured people were taken to hospital.", set()),
        ("Two victims were rushed to a nearby hospital in serious condition.", set()),
        ("Пострадавшие госпитализированы в городскую больницу.", set()),
        ("Поранених доставлені до лікарні.", set()),
        ("Двое раненых находятся в больнице.", set()),
        ("Одна з потерпілих померла у лікарні.", set()),
        ("A woman died in hospital from her wounds.", set()),
        # A hospital hit is.
        ("The strike damaged a children's hospital.", {"medical"}),
        ("В больнице выбиты окна.", {"medical"}),
        ("Уламки пошкодили поліклініку в Деснянському районі.", {"medical"}),
        ("Снаряд попал в здание поликлиники.", {"medical"}),
        # Energy.
        ("Debris damaged power lines in the Obolonskyi district.", {"energy"}),
        ("Удар пришелся по Киевской ТЭЦ-5.", {"energy", "heating"}),
        ("Пошкоджено об'єкт енергетичної інфраструктури.", {"energy"}),
        ("Повреждены объекты энергетической инфраструктуры.", {"energy"}),
        ("The attack hit a thermal power plant, causing blackouts.", {"energy"}),
        (
            "Внаслідок удару частина Дарницького району залишилася без світла.",
            {"energy"},
        ),
        (
            "Поврежденная подстанция оставила без электроснабжения 5000 абонентов.",
            {"energy"},
        ),
        ("Пошкоджено лінію електропередачі.", {"energy"}),
        ("Після удару на Лівому березі перебої зі світлом.", {"energy"}),
        # Heating.
        ("Обломки упали на котельную.", {"heating"}),
        ("Уламки пошкодили котельню на Лівому березі.", {"heating"}),
        ("В Донецке повреждена теплосеть.", {"heating"}),
        ("A heating main burst after the strike.", {"heating"}),
        ("Пошкоджено тепломагістраль.", {"heating"}),
        # Water.
        ("Повреждён водопровод, жители остались без воды.", {"water"}),
        ("Снаряд попал в насосную станцию водоканала.", {"water"}),
        ("The shelling cut the water supply to the district.", {"water"}),
        ("Пошкоджено водопровід.", {"water"}),
        ("Shelling stopped the Donetsk filtration station.", {"water"}),
        # Rail.
        ("The drone hit a railway depot.", {"rail"}),
        ("Пошкоджено колії та будівлю вокзалу Укрзалізниці.", {"rail"}),
        ("Повреждены ж/д пути.", {"rail"}),
        ("Уламки впали на залізницю.", {"rail"}),
        ("Debris fell on the tracks near the station.", {"rail"}),
        # Education.
        ("The blast damaged a school and a kindergarten.", {"education"}),
        ("Пошкоджено будівлю школи та садочок.", {"education"}),
        ("Повреждены детский сад и гимназия.", {"education"}),
        ("Уламки впали на територію ліцею.", {"education"}),
        ("The strike hit a university building.", {"education"}),
        # Residential.
        ("Пошкоджено багатоповерхівку.", {"residential"}),
        ("A nine-storey building was partially destroyed.", {"residential"}),
        ("Уламки влучили у 16-поверховий будинок.", {"residential"}),
        ("Обломки упали на девятиэтажный дом.", {"residential"}),
        ("Зруйновано приватний будинок.", {"residential"}),
        ("Повреждена квартира на девятом этаже.", {"residential"}),
        ("Снаряд попал в жилой дом на улице Артема.", {"residential"}),
        ("В результате обстрела повреждена жилая многоэтажка.", {"residential"}),
        ("A drone struck a high-rise in the Solomianskyi district.", {"residential"}),
        ("Fragments hit a private house and an apartment building.", {"residential"}),
        ("У трьох квартирах вибиті вікна.", {"residential"}),
        # Denied or unrelated.
        ("There was no damage to energy infrastructure.", set()),
        ("Объекты энергетики не пострадали.", set()),
        ("Школа не пострадала.", set()),
        ("Жертв нет, разрушений жилых домов нет.", set()),
        ("Не зафіксовано влучань в об'єкти енергетики.", set()),
        ("У лікарні виникла пожежа після влучання.", {"medical"}),
        ("The building hit was not a school but an office.", set()),
        (
            "Повреждений объектов энергетической инфраструктуры нет, по словам мэра.",
            set(),
        ),
        ("Не менее пяти жилых домов повреждены.", {"residential"}),
        ("Никто не пострадал в доме.", {"residential"}),
        ("Heating season starts next week.", set()),
    ],
)
def test_tags(text, tags):
    assert _tags(text) == tags


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_geocoder_index")
def test_a_report_of_a_calibre_and_a_hospital_visit():
    [strike] = extract_report(
        "Вечером ВСУ обстреляли Калининский район Донецка снарядами калибра 155 мм. "
        "Поврежден жилой дом, двое раненых госпитализированы в больницу.",
        published=dt.date(2025, 1, 20),
    )
    assert strike.weapons == ["artillery"]
    assert strike.tags == ["residential"]


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_geocoder_index")
def test_a_kyiv_report_gives_no_artillery_for_its_shelling():
    [strike] = extract_report(
        "Вночі внаслідок обстрілу в Оболонському районі Києва пошкоджено "
        "багатоповерхівку та підстанцію.",
        published=dt.date(2025, 6, 10),
    )
    assert strike.weapons == []
    assert strike.tags == ["residential", "energy"]
