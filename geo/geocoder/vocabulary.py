"""The words around names: street types, district and metro words, city names.

Written in folded form (geo.text.fold, apostrophes removed, no dots), Ukrainian,
Russian and Latin, with the case forms people actually write ("на вулиці",
"в районе", "станції метро").
"""

from geo.cities import CITIES, KYIV
from geo.text import STREET_TYPES

# Case forms and Latin/English words on top of geo.text.STREET_TYPES, each folded
# to the register's Ukrainian type word.
_MORE_STREET_TYPES = {
    "вулиця": "вулиці вулицю вулицею вулиць улицы улице улицу улицей street st "
    "str vulytsia vulitsa vul ulitsa ulica ulitsia ul",
    "провулок": "провулку провулком провулки переулка переулке переулку "
    "provulok pereulok prov per lane ln",
    "проспект": "проспекту проспекті проспектом проспекта проспекте просп прт "
    "prospekt prospect prosp pr avenue ave av",
    "площа": "площі площу площею площади пл ploshcha ploshchad square sq",
    "бульвар": "бульвару бульварі бульваром бульвара бульваре бул бульв бр "
    "bulvar boulevard blvd bvd",
    "узвіз": "узвозу узвозі узвозом спуска спуске uzviz spusk descent",
    "шосе": "шоссе shose shosse highway hwy",
    "набережна": "набережної набережній набережну набережной наб naberezhna "
    "naberezhnaya embankment quay",
    "проїзд": "проїзду проїзді проезда проезде proizd proyizd proezd passage",
    "лінія": "лінії лінію линии линию liniia liniya line",
    "дорога": "дороги дорозі дорогу дороге doroha doroga road rd",
    "алея": "алеї алею аллеи аллее aleia alleya alley",
    "тупик": "тупику тупике tupyk tupik",
    "майдан": "майдану майдані maidan",
}

STREET_TYPE_WORDS: dict[str, str] = {
    word.rstrip("."): canonical for word, canonical in STREET_TYPES.items()
}
for _canonical, _words in _MORE_STREET_TYPES.items():
    STREET_TYPE_WORDS.update(dict.fromkeys(_words.split(), _canonical))
# Abbreviations written with a hyphen; the tokenizer keeps them whole.
for _ending in ("", "е", "і", "а", "у"):
    STREET_TYPE_WORDS.update({f"пр-т{_ending}": "проспект", f"б-р{_ending}": "бульвар"})

DISTRICT_WORDS = frozenset(
    "район района районі районе району районом районах райони районы "
    "р-н р-ні р-не р-на р-ну р-но district districts raion raions rayon".split()
)

# "ст. м." is how Ukrainian and Russian texts abbreviate "станція метро".
METRO_WORDS = frozenset(
    "метро метрополітен метрополитен станція станції станцію станцією станция "
    "станции станцию станцией ст metro station stations subway underground".split()
)

# Russian words of Kyiv's street names that are other words in Ukrainian, not
# other spellings: keys.py files each under its Ukrainian word, so "проспект
# Победы" meets the register's "проспект Перемоги". The sources name Kyiv's
# streets in Ukrainian only (SOURCES.md).
RUSSIAN_WORDS: dict[str, str] = {
    "Победы": "Перемоги",
    "Независимости": "Незалежності",
    "Освободителей": "Визволителів",
    "Воздухофлотский": "Повітрофлотський",
    "Воздухофлотская": "Повітрофлотська",
    "Красный": "Червоний",
    "Красная": "Червона",
    "Красной": "Червоної",
    "Звездный": "Зоряний",
    "Лесной": "Лісовий",
    "Лесная": "Лісова",
    "Большая": "Велика",
    "Большой": "Великий",
    "Воинов": "Воїнів",
    "Космонавтов": "Космонавтів",
    "Строителей": "Будівельників",
    "Народов": "Народів",
    "Воздушных": "Повітряних",
}

REGION_WORDS = frozenset(
    "область області областю обл oblast oblasti region регіон регион "
    "регіоні регионе".split()
)

# "The capital" names Kyiv in news text ("Dnipro district of the capital"), but
# "the capital of the DPR" ("столица ДНР", "столиці ДНР") is Donetsk.
CAPITAL_WORDS = ("столиця", "столица", "capital")
DPR_WORDS = frozenset("днр dnr dpr".split())
# How far after "столица" the DPR may come: "capital of the DPR", "столицы так
# называемой ДНР".
DPR_REACH = 3

# Surface forms of the two cities; their comparison keys are computed in keys.py.
# Kyiv is also "the capital" (Donetsk is only the DPR's: see DPR_WORDS).
CITY_NAMES: dict[str, tuple[str, ...]] = {
    city.slug: city.names + (CAPITAL_WORDS if city is KYIV else ()) for city in CITIES
}

# Cities we do not map: a text that names one of them (and neither of ours) is not
# ours, even when a street or station there shares a name with one in Kyiv.
OTHER_CITY_NAMES = (
    "Дніпро Днепр Dnipro Dnepr Дніпропетровськ Днепропетровск Dnipropetrovsk "
    "Харків Харьков Kharkiv Kharkov Одеса Одесса Odesa Odessa Львів Львов Lviv "
    "Lvov Запоріжжя Запорожье Zaporizhzhia Zaporizhia Zaporozhye Миколаїв "
    "Николаев Mykolaiv Nikolaev Херсон Kherson Маріуполь Мариуполь Mariupol "
    "Макіївка Макеевка Makiivka Makeevka Горлівка Горловка Horlivka Gorlovka "
    "Краматорськ Краматорск Kramatorsk Словʼянськ Славянск Sloviansk Slavyansk "
    "Бровари Бровары Brovary Бориспіль Борисполь Boryspil Borispol Ірпінь Ирпень "
    "Irpin Irpen Буча Bucha Гостомель Hostomel Gostomel Вишгород Вышгород "
    "Vyshhorod Vyshgorod Обухів Обухов Obukhiv Фастів Фастов Fastiv Чернігів "
    "Чернигов Chernihiv Chernigov Житомир Zhytomyr Zhitomir Суми Сумы Sumy "
    "Полтава Poltava Вінниця Винница Vinnytsia Vinnitsa Луганськ Луганск Luhansk "
    "Lugansk Ясинувата Ясиноватая Yasynuvata Авдіївка Авдеевка Avdiivka "
    "Харцизьк Харцызск Khartsyzk Москва Moscow Єнакієве Енакиево Yenakiieve "
    "Yenakiyevo Дебальцеве Дебальцево Debaltseve Шахтарськ Шахтерск Shakhtarsk "
    "Іловайськ Иловайск Ilovaisk Докучаєвськ Докучаевск Dokuchaievsk Бахмут "
    "Bakhmut Артемівськ Артемовск Сєвєродонецьк Северодонецк Sievierodonetsk "
    "Severodonetsk Лисичанськ Лисичанск Lysychansk Мелітополь Мелитополь Melitopol "
    "Бердянськ Бердянск Berdiansk Кременчук Кременчуг Kremenchuk Черкаси Черкассы "
    "Cherkasy Рівне Ровно Rivne Тернопіль Тернополь Ternopil Ужгород Uzhhorod "
    "Белгород Belgorod Ростов Rostov"
).split()

# Kyiv's metro stations in Russian, and the names stations had until recently:
# the sources carry only the current Ukrainian name. Keys are the Ukrainian
# names as in kyiv_metro_stations.geojson.
METRO_OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "Героїв Дніпра": ("Героев Днепра",),
    "Мінська": ("Минская",),
    "Оболонь": (),
    "Почайна": ("Петрівка", "Петровка"),  # renamed 2018
    "Тараса Шевченка": ("Тараса Шевченко",),
    "Контрактова площа": ("Контрактовая площадь",),
    "Поштова площа": ("Почтовая площадь",),
    "Майдан Незалежності": ("Майдан Независимости", "Площадь Независимости"),
    # renamed 2022
    "Площа Українських Героїв": (
        "Площадь Украинских Героев",
        "Площа Льва Толстого",
        "Площадь Льва Толстого",
    ),
    # renamed 2011
    "Олімпійська": ("Олимпийская", "Республіканський стадіон"),
    "Палац «Україна»": ("Дворец Украина",),
    "Либідська": ("Лыбедская",),
    "Деміївська": ("Демиевская",),
    "Голосіївська": ("Голосеевская",),
    "Васильківська": ("Васильковская",),
    "Виставковий центр": ("Выставочный центр", "ВДНГ", "ВДНХ"),  # renamed 2010
    "Іподром": ("Ипподром",),
    "Теремки": (),
    "Сирець": ("Сырец",),
    "Дорогожичі": ("Дорогожичи",),
    "Лук'янівська": ("Лукьяновская",),
    "Золоті Ворота": ("Золотые ворота",),
    "Палац спорту": ("Дворец спорта",),
    "Кловська": ("Кловская",),
    "Печерська": ("Печерская",),
    "Звіринецька": ("Зверинецкая", "Дружби народів", "Дружбы народов"),  # 2022
    "Видубичі": ("Выдубичи",),
    "Славутич": (),
    "Осокорки": (),
    "Позняки": (),
    "Харківська": ("Харьковская",),
    "Вирлиця": ("Вырлица",),
    "Бориспільська": ("Бориспольская",),
    "Червоний хутір": ("Красный хутор",),
    "Академмістечко": ("Академгородок",),
    "Житомирська": ("Житомирская",),
    "Святошин": ("Святошино",),
    "Нивки": (),
    "Берестейська": ("Берестейская",),
    "Шулявська": ("Шулявская",),
    "Політехнічний інститут": ("Политехнический институт",),
    "Вокзальна": ("Вокзальная",),
    "Університет": ("Университет",),
    "Театральна": ("Театральная",),
    "Хрещатик": ("Крещатик",),
    "Арсенальна": ("Арсенальная",),
    "Дніпро": ("Днепр",),
    "Гідропарк": ("Гидропарк",),
    "Лівобережна": ("Левобережная",),
    "Дарниця": ("Дарница",),
    "Чернігівська": ("Черниговская",),
    "Лісова": ("Лесная",),
}
