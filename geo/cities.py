"""The two cities the app maps, written out once.

Their slugs, their names in Ukrainian, Russian and English (and the other
spellings reports use), ACLED's admin1 for each, the zone their reports' clocks
keep, and a view for the map before the gazetteer has an outline. The gazetteer
loader, the geocoder, extraction, the exports, the forms and the map page read
them from here.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class OurCity:
    slug: str
    name_en: str
    name_uk: str
    name_ru: str
    # Other spellings a report may use (transliterations, the old English name).
    other_names: tuple[str, ...]
    # ACLED's admin1 for the city's events (Kyiv is a city of special status).
    acled_admin1: str
    # The zone the city's reports write their clock times in.
    clock_zone: ZoneInfo
    # [[south, west], [north, east]]: the map's view until an outline is loaded.
    bounds: tuple[tuple[float, float], tuple[float, float]]

    def name(self, language: str) -> str:
        """The city's name in "uk", "ru" or "en" (any other: English)."""
        return {"uk": self.name_uk, "ru": self.name_ru}.get(language, self.name_en)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name_uk, self.name_ru, self.name_en, *self.other_names)

    @property
    def center(self) -> tuple[float, float]:
        """(lat, lon) of the bounds' middle."""
        (south, west), (north, east) = self.bounds
        return ((south + north) / 2, (west + east) / 2)


KYIV = OurCity(
    slug="kyiv",
    name_en="Kyiv",
    name_uk="Київ",
    name_ru="Киев",
    other_names=("Kiev", "Kyjiv"),
    acled_admin1="Kyiv City",
    clock_zone=ZoneInfo("Europe/Kyiv"),
    bounds=((50.213, 30.236), (50.591, 30.827)),
)
DONETSK = OurCity(
    slug="donetsk",
    name_en="Donetsk",
    name_uk="Донецьк",
    name_ru="Донецк",
    other_names=(),
    acled_admin1="Donetsk",
    # The city has kept Moscow time since 2014; its reports' clocks are Moscow's.
    clock_zone=ZoneInfo("Europe/Moscow"),
    bounds=((47.875, 37.525), (48.090, 37.999)),
)

CITIES: tuple[OurCity, ...] = (KYIV, DONETSK)
CITY_SLUGS: tuple[str, ...] = tuple(city.slug for city in CITIES)
BY_SLUG: dict[str, OurCity] = {city.slug: city for city in CITIES}
# The city a link without a view or a city opens on.
DEFAULT_CITY = KYIV.slug


def city_slugs_text(conjunction: str = "or") -> str:
    """ "kyiv or donetsk", for messages that say what is accepted."""
    return f" {conjunction} ".join(CITY_SLUGS)
