"""The gazetteer in memory: every name of every district, street and place, by key.

loading.py fills it from the database; matching.py looks names up in it. Names
are stored under the set of their word keys (keys.py), so word order does not
matter: the register's "Закревського Миколи" and "Миколи Закревського" meet.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import shapely
from shapely.prepared import PreparedGeometry

from geo.geocoder.fuzzy import FuzzyKeys
from geo.geocoder.keys import Word


@dataclass(frozen=True, slots=True)
class CityRef:
    pk: int
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class DistrictRef:
    pk: int
    slug: str
    city: CityRef


@dataclass(frozen=True, slots=True, eq=False)
class Target:
    """One thing a name can point at: a district, a street or a place."""

    kind: str  # "district", "street" or "place"
    pk: int
    city: CityRef
    name: str  # how results show it: "вулиця Хрещатик", "ул. Артема", "Лісова"
    lon: float | None = None
    lat: float | None = None
    # Its own district: the district itself, a place's, or a street's where the
    # anchor point or a single district says so.
    district: DistrictRef | None = None
    districts: frozenset[int] = frozenset()  # every district a street runs through
    place_kind: str = ""


@dataclass(slots=True)
class Name:
    """One way of writing a target, with how much a match on it is worth."""

    target: Target
    quality: float
    form: str  # a key of QUALITY
    street_type: str = ""
    # The exact spellings (folded words) behind this key, each with its own
    # quality: "Печерськ" (a nickname) and "Печерський" share a key.
    spellings: dict[frozenset[str], float] = field(default_factory=dict)

    def exact_quality(self, spelling: frozenset[str]) -> float | None:
        return self.spellings.get(spelling)


# What a match is worth by how the name is known, before context and spelling.
QUALITY = {
    "name": 1.0,
    "alias": 0.95,  # "Darnitsky", "Kievsky": spellings beside the official ones
    "metro": 1.0,
    "metro_other": 0.95,  # Russian and recent former names of stations
    "former": 0.9,
    "neighbourhood": 0.9,
    "noun": 0.9,  # "Dnipro district" for Dniprovskyi
    "landmark": 0.85,
    # SOURCES.md: nicknames ("Оболонь", "Дарниця") are informal, below real names.
    "nickname": 0.7,
    "partial": 0.7,  # "вул. Закревського" for вулиця Закревського Миколи
}
# A word shared by more streets than this says too little on its own.
_MAX_PARTIAL_TARGETS = 4


class GazetteerIndex:
    def __init__(self) -> None:
        # Whole names, by the set of their word keys.
        self.names: dict[frozenset[str], list[Name]] = defaultdict(list)
        # Streets by the first or last word of a longer name.
        self.partial: dict[str, list[Name]] = defaultdict(list)
        # Districts by the place name inside their adjective (keys.noun_base).
        self.district_nouns: dict[str, list[Name]] = defaultdict(list)
        self.cities: dict[str, CityRef] = {}
        self.boundaries: dict[str, PreparedGeometry] = {}
        self.district_polygons: dict[str, list[tuple[DistrictRef, PreparedGeometry]]]
        self.district_polygons = defaultdict(list)
        self.vocabulary: frozenset[str] = frozenset()
        self.longest_name = 1
        self.fingerprint: tuple = ()
        self.checked_at = 0.0
        self._fuzzy = FuzzyKeys(frozenset())

    def add(
        self,
        table: dict,
        key,
        target: Target,
        words: list[Word],
        form: str,
        street_type: str = "",
    ) -> None:
        quality = QUALITY[form]
        spelling = frozenset(w.surface for w in words)
        for name in table[key]:
            if name.target is target and name.street_type == street_type:
                if quality > name.quality:
                    name.quality, name.form = quality, form
                name.spellings[spelling] = max(quality, name.spellings.get(spelling, 0))
                return
        table[key].append(Name(target, quality, form, street_type, {spelling: quality}))

    def add_name(
        self, target: Target, words: list[Word], form: str, street_type: str = ""
    ) -> None:
        if words:
            keys = frozenset(w.key for w in words)
            self.add(self.names, keys, target, words, form, street_type)
            self.longest_name = max(self.longest_name, len(words))

    def finish(self) -> None:
        """Prepare the look-ups that depend on all names being in."""
        for key, names in list(self.partial.items()):
            if len({id(n.target) for n in names}) > _MAX_PARTIAL_TARGETS:
                del self.partial[key]
        self.vocabulary = frozenset(
            key for keys in self.names for key in keys if not key.isdigit()
        )
        self._fuzzy = FuzzyKeys(self.vocabulary)

    def fuzzy(self, key: str) -> tuple[str, ...]:
        return self._fuzzy.near(key)

    def covers(self, city: str, lon: float, lat: float) -> bool:
        boundary = self.boundaries.get(city)
        return boundary is not None and boundary.covers(shapely.Point(lon, lat))

    def city_at(self, lon: float, lat: float) -> CityRef | None:
        for slug in self.boundaries:
            if self.covers(slug, lon, lat):
                return self.cities[slug]
        return None

    def district_at(self, city: str, lon: float, lat: float) -> DistrictRef | None:
        point = shapely.Point(lon, lat)
        for ref, polygon in self.district_polygons[city]:
            if polygon.covers(point):
                return ref
        return None
