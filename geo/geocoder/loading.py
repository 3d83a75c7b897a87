"""Building the index from the database, once per process.

A build reads every city, district, street and place (under a second); geocoding
then costs dictionary look-ups, not queries. Every write to the gazetteer, in any
process, gives it a new generation (geo/services.py, geo/signals.py); each process
asks for it at most every GEOCODER_INDEX_FRESHNESS seconds (one query by primary
key) and rebuilds when it changed. reset_index() rebuilds at once.
"""

import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass

import shapely
from django.conf import settings
from shapely.prepared import prep

from geo.geocoder.index import CityRef, DistrictRef, GazetteerIndex, Target
from geo.geocoder.keys import Word, is_adjective, name_words, noun_base
from geo.geocoder.vocabulary import METRO_OTHER_NAMES
from geo.models import City, District, GazetteerGeneration, Place, PlaceKind, Street
from geo.text import fold, split_street

_MIN_PARTIAL_KEY = 4
_HOUSE_NUMBER = re.compile(r"\s+\d+[^\W\d_]?(?:/\d+)?\s*$")
# Stop labels carry remarks in brackets: "(на вимогу)", "(центральний вхід)".
_REMARK = re.compile(r"\s*\([^()]*\)")
# Adjectives made from a name ("Маріїнський", "Куренівський") end so in keys;
# "міський" (the city's) is the one common word among them.
_NAME_ADJECTIVE = ("sk", "ck")
_GENERIC_ADJECTIVES = {"misk"}


@dataclass
class _Built:
    index: GazetteerIndex
    generation: str
    checked_at: float


_lock = threading.Lock()
_built: _Built | None = None


def get_index() -> GazetteerIndex:
    """The process's index, built on first use and again when the gazetteer's
    generation changed."""
    global _built
    built = _built
    if built is not None and not _stale(built):
        return built.index
    with _lock:
        if _built is None or _built is built:
            # The generation is read before the rows: a write in between makes
            # the next check rebuild again, never keeps a build that missed it.
            generation = gazetteer_generation()
            _built = _Built(build_index(), generation, time.monotonic())
        return _built.index


def reset_index() -> None:
    """Forget the index; the next geocode builds it again from the database."""
    global _built
    with _lock:
        _built = None


def gazetteer_generation() -> str:
    """The token of the gazetteer's last write; empty before the first."""
    token = GazetteerGeneration.objects.values_list("token", flat=True).first()
    return token or ""


def _stale(built: _Built) -> bool:
    now = time.monotonic()
    if now - built.checked_at < settings.GEOCODER_INDEX_FRESHNESS:
        return False
    built.checked_at = now
    return gazetteer_generation() != built.generation


def build_index() -> GazetteerIndex:
    index = GazetteerIndex()
    cities: dict[int, CityRef] = {}
    for city in City.objects.all():
        cities[city.pk] = index.cities[city.slug] = CityRef(
            city.pk, city.slug, city.name_en
        )
        if city.boundary is not None:
            index.boundaries[city.slug] = prep(_shape(city.boundary))
    districts = _add_districts(index, cities)
    _add_streets(index, cities, districts)
    _add_places(index, cities, districts)
    index.finish()
    return index


def _shape(geometry) -> shapely.Geometry:
    return shapely.from_wkb(bytes(geometry.wkb))


def _inside(index: GazetteerIndex, city: CityRef, point) -> tuple:
    """(lon, lat) of a point inside its city; a point outside it is no point."""
    if point is None or not index.covers(city.slug, point.x, point.y):
        return None, None
    return point.x, point.y


def _add_districts(
    index: GazetteerIndex, cities: dict[int, CityRef]
) -> dict[int, DistrictRef]:
    refs: dict[int, DistrictRef] = {}
    for district in District.objects.all():
        city = cities[district.city_id]
        ref = refs[district.pk] = DistrictRef(district.pk, district.slug, city)
        if district.boundary is not None:
            polygon = prep(_shape(district.boundary))
            index.district_polygons[city.slug].append((ref, polygon))
        target = Target("district", district.pk, city, district.name_uk, district=ref)
        names = [(n, "name") for n in (district.name_uk, district.name_ru)]
        names += [(district.name_en, "name")]
        names += [(alias, "alias") for alias in district.aliases]
        for name, form in names:
            words = name_words(name or "")
            core = [w for w in words if not w.district_word]
            if not core:
                continue
            if is_adjective(core[-1].surface):
                index.add_name(target, core, form)
            elif len(core) == len(words):
                index.add_name(target, core, "nickname")
            # Aliases with a noun ("Kiev District", "Kalinin Raion") only ever
            # match followed by a district word; so do nouns found inside the
            # adjectives ("Dnipro district" for Дніпровський).
            if len(core) == 1:
                key = noun_base(core[0].key)
                index.add(index.district_nouns, key, target, core, "noun")
    return refs


def _street_names(street: dict) -> list[tuple[str, str, str]]:
    """(street type, name without the type, form) for every name of a street."""
    names = []
    for full in (street["full_name_uk"], street["name_ru"]):
        if full:
            street_type, name = split_street(full)
            names.append((street_type or street["type_uk"], name, "name"))
    for name in (street["name_uk"], street["name_latin"]):
        if name:
            names.append((street["type_uk"], name, "name"))
    for former in street["former_names"]:
        street_type, name = split_street(former)
        names.append((street_type or street["type_uk"], name, "former"))
    return names


def _add_streets(
    index: GazetteerIndex, cities: dict[int, CityRef], districts: dict[int, DistrictRef]
) -> None:
    links: dict[int, set[int]] = defaultdict(set)
    for street_id, district_id in Street.districts.through.objects.values_list(
        "street_id", "district_id"
    ):
        links[street_id].add(district_id)
    rows = Street.objects.values(
        "pk",
        "city_id",
        "name_uk",
        "type_uk",
        "full_name_uk",
        "name_ru",
        "name_latin",
        "former_names",
        "point",
    )
    # Donetsk's streets come from address points, one row per spelling of an
    # address ("ул. Университетская 14", "... 80а"): one street each.
    by_address: dict[tuple[int, str], Target] = {}
    for street in rows.iterator(chunk_size=2000):
        city = cities[street["city_id"]]
        if not street["full_name_uk"]:
            street["name_ru"] = _HOUSE_NUMBER.sub("", street["name_ru"])
            if (city.pk, street["name_ru"]) in by_address:
                continue
        lon, lat = _inside(index, city, street["point"])
        through = frozenset(links[street["pk"]])
        district = index.district_at(city.slug, lon, lat) if lon is not None else None
        if district is None and len(through) == 1:
            district = districts[next(iter(through))]
        target = Target(
            "street",
            street["pk"],
            city,
            street["full_name_uk"] or street["name_ru"],
            lon,
            lat,
            district,
            through,
        )
        if not street["full_name_uk"]:
            by_address[(city.pk, street["name_ru"])] = target
        for street_type, name, form in _street_names(street):
            words = [w for w in name_words(name) if not w.street_type]
            index.add_name(target, words, form, street_type)
            _add_partial(index, target, words, street_type)


def _add_partial(
    index: GazetteerIndex, target: Target, words: list[Word], street_type: str
) -> None:
    """The register writes "Закревського Миколи", people "вул. Закревського": the
    first and the last word of a longer name stand for it (next to a type word)."""
    if len(words) < 2:
        return
    for word in {words[0], words[-1]}:
        if not word.number and len(word.key) >= _MIN_PARTIAL_KEY:
            index.add(index.partial, word.key, target, [word], "partial", street_type)


def _add_places(
    index: GazetteerIndex, cities: dict[int, CityRef], districts: dict[int, DistrictRef]
) -> None:
    other_metro_names = {fold(k): v for k, v in METRO_OTHER_NAMES.items()}
    landmarks = []
    for place in Place.objects.all():
        city = cities[place.city_id]
        lon, lat = _inside(index, city, place.point)
        if lon is None:
            continue
        district = districts.get(place.district_id) or index.district_at(
            city.slug, lon, lat
        )
        target = Target(
            "place",
            place.pk,
            city,
            place.name_uk or place.name_en or place.name_ru,
            lon,
            lat,
            district,
            place_kind=place.kind,
        )
        if place.kind == PlaceKind.METRO_STATION:
            for name in (place.name_uk, place.name_en):
                index.add_name(target, name_words(name), "metro")
            for name in other_metro_names.get(fold(place.name_uk), ()):
                index.add_name(target, name_words(name), "metro_other")
        elif place.kind == PlaceKind.NEIGHBOURHOOD:
            for name in {place.name_uk, place.name_ru, place.name_en, *place.aliases}:
                if name:
                    index.add_name(target, name_words(name), "neighbourhood")
        else:
            landmarks.append((target, place))
    known = {
        key
        for keys, names in index.names.items()
        if len(keys) == 1 and any(n.target.kind != "street" for n in names)
        for key in keys
    }
    for target, place in landmarks:
        label = _REMARK.sub("", place.name_uk).strip()
        words = name_words(label)
        if _names_one_place(label, words, known):
            index.add_name(target, words, "landmark")


def _names_one_place(label: str, words: list[Word], known: set[str]) -> bool:
    """Landmarks are transit-stop labels, and many are generic ("Лікарня",
    "Торговий центр", "Міське кладовище"): there are dozens of each. A label names
    one place when it has something proper in it: a number, a quoted or capitalised
    name, a known place ("Ліцей Оболонь") or an adjective made from a name."""
    if len(words) < 2 or words[0].street_type:
        return False  # one generic word, or a street's own stop ("Вул. Лісна")
    first = words[0].key
    return (
        any(w.number for w in words)
        or any(quote in label for quote in '«"“”')
        or any(part[:1].isupper() for part in label.split()[1:])
        or first in known
        or (first.endswith(_NAME_ADJECTIVE) and first not in _GENERIC_ADJECTIVES)
    )
