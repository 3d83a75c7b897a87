"""Kyiv neighbourhoods the gazetteer does not have, each with the one district it
lies in: "на Троєщині" is news from the Desnianskyi district.

The gazetteer's own neighbourhoods (Who's On First: Podil, Teremky, Lukianivka…)
come first, through the geocoder; this table only fills its gaps. Districts are
those of the Ukrainian Wikipedia articles on each neighbourhood and on Kyiv's
districts (uk.wikipedia.org/wiki/Райони_Києва). Where a Kyiv transit stop
bears the name (kyiv_transit_stops.geojson), its district code agrees, except
one Vynohradar stop on the Obolonskyi border; the masyvy, Sotsmisto and
Voskresenka have no such stop and rest on Wikipedia alone.
Names compare by the geocoder's word keys, so every case form, transliteration
and apostrophe of a name below meets it ("Троєщині", "Троещина", "Troyeshchyna").
"""

from geo.geocoder.keys import name_words, tokenize

KYIV_NEIGHBOURHOODS: dict[str, tuple[str, ...]] = {
    "desnianskyi": (
        "Троєщина Троещина Troieshchyna Troyeshchyna Troeshchina",
        "Лісовий масив|Лесной массив|Lisovyi masyv|Lisovyy masyv|Lesnoy massiv",
        "Вигурівщина Выгуровщина Vyhurivshchyna Vygurovshchina",
    ),
    "darnytskyi": (
        "Осокорки Osokorky Osokorki",
        "Позняки Pozniaky Poznyaky Pozniaki",
        "Бортничі Бортничи Bortnychi Bortnichi",
        "Харківський масив|Харьковский массив|Kharkivskyi masyv",
    ),
    "dniprovskyi": (
        "Русанівка Русановка Rusanivka Rusanovka",
        "Березняки Berezniaky Bereznyaky Berezniaki",
        "Воскресенка Voskresenka",
        "Соцмісто Соцгород Sotsmisto Sotsgorod",
        "Лівобережний масив|Левобережный массив|Livoberezhnyi masyv",
    ),
    "podilskyi": (
        "Виноградар Виноградарь Vynohradar Vinogradar",
        "Куренівка Куреневка Kurenivka Kurenevka",
        "Мостицький масив|Мостицкий массив|Mostytskyi masyv",
    ),
    "sviatoshynskyi": (
        "Борщагівка Борщаговка Borshchahivka Borshchagovka Borschagovka",
        "Академмістечко Академгородок Akademmistechko Akademgorodok",
    ),
    "solomianskyi": ("Чоколівка Чоколовка Chokolivka Chokolovka",),
    "obolonskyi": ("Мінський масив|Минский массив|Minskyi masyv",),
}


def _names(entry: str) -> list[str]:
    return entry.split("|") if "|" in entry else entry.split()


_BY_KEYS: dict[tuple[str, ...], str] = {
    tuple(w.key for w in name_words(name)): district
    for district, entries in KYIV_NEIGHBOURHOODS.items()
    for entry in entries
    for name in _names(entry)
}


def neighbourhood_district(name: str) -> str | None:
    """The Kyiv district of a neighbourhood named so, in any case or spelling."""
    keys = tuple(token.word.key for token in tokenize(name))
    found = _BY_KEYS.get(keys)
    if found is None and name.endswith("ці"):
        # Ukrainian locatives turn -ка into -ці: "на Русанівці", "на Куренівці".
        found = _BY_KEYS.get(
            tuple(token.word.key for token in tokenize(name[:-2] + "ка"))
        )
    return found
