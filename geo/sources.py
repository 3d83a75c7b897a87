"""Readers for the gazetteer sources in GEODATA_DIR (see SOURCES.md there).

Each reader turns one file into plain records and raises GeodataError naming the
file, the feature and the reason; nothing here touches the database.
"""

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

import geopandas as gpd
import pandas as pd
import shapely
from django.utils.text import slugify
from shapely.geometry.base import BaseGeometry

from geo.cities import CITIES
from geo.geocoder.keys import name_words
from geo.geometry import GeometryProblem, checked_point, repaired_multipolygon
from geo.text import fold, name_tokens, split_street, transliterate_uk

# The cities' files name them in English.
CITY_SLUGS = {city.name_en: city.slug for city in CITIES}


class GeodataError(Exception):
    def __init__(self, path: Path, feature: str, reason: str):
        self.path, self.feature, self.reason = path, feature, reason
        super().__init__(f"{path.name}: {feature}: {reason}")


@dataclass
class CityRecord:
    slug: str
    name_uk: str
    name_ru: str
    name_en: str
    katottg: str
    boundary: BaseGeometry
    boundary_source: str


@dataclass
class DistrictRecord:
    city: str
    slug: str
    name_uk: str
    name_ru: str
    name_en: str
    aliases: list[str]
    katottg: str
    boundary: BaseGeometry | None = None
    boundary_source: str = ""
    approx_point: BaseGeometry | None = None
    approx_point_source: str = ""


@dataclass
class StreetRecord:
    city: str
    source_key: str
    name_uk: str = ""
    type_uk: str = ""
    full_name_uk: str = ""
    name_ru: str = ""
    name_latin: str = ""
    former_names: list[str] = field(default_factory=list)
    registry_code: int | None = None
    districts: set[str] = field(default_factory=set)
    point: BaseGeometry | None = None
    point_source: str = ""


@dataclass
class PlaceRecord:
    city: str
    kind: str
    source_id: str
    point: BaseGeometry
    name_uk: str = ""
    name_ru: str = ""
    name_en: str = ""
    subkind: str = ""
    aliases: list[str] = field(default_factory=list)


def _missing(value) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and pd.isna(value))


def _text(value) -> str:
    return "" if _missing(value) else str(value).strip()


def read_vector(path: Path) -> gpd.GeoDataFrame:
    if not path.exists():
        raise GeodataError(path, "(file)", "the file does not exist")
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise GeodataError(
            path, "(file)", f"cannot be read as vector data: {exc}"
        ) from exc
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    return frame


def _read_json(path: Path) -> dict:
    if not path.exists():
        raise GeodataError(path, "(file)", "the file does not exist")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise GeodataError(path, "(file)", f"is not valid JSON: {exc}") from exc


def _require(path: Path, label: str, props: dict, *keys: str) -> None:
    missing = [key for key in keys if not _text(props.get(key))]
    if missing:
        raise GeodataError(path, label, f"missing {', '.join(missing)}")


def _features(path: Path, frame: gpd.GeoDataFrame, label_key: str) -> Iterator:
    for index, row in frame.iterrows():
        props = row.to_dict()
        label = f"feature {index} ({_text(props.get(label_key)) or 'unnamed'})"
        yield label, props, row.geometry


def _point(path: Path, label: str, geom) -> BaseGeometry:
    try:
        return checked_point(geom)
    except GeometryProblem as exc:
        raise GeodataError(path, label, str(exc)) from exc


def _nearest_to_median(points: list[BaseGeometry]) -> BaseGeometry:
    """A real point of the group: the one nearest the median, never an invented one."""
    mx, my = median(p.x for p in points), median(p.y for p in points)
    return min(points, key=lambda p: (p.x - mx) ** 2 + (p.y - my) ** 2)


def read_cities(data_dir: Path) -> list[CityRecord]:
    path = data_dir / "city_boundaries.geojson"
    records = []
    for label, props, geom in _features(path, read_vector(path), "name_en"):
        _require(path, label, props, "name_en", "name_uk")
        if props["name_en"] not in CITY_SLUGS:
            raise GeodataError(path, label, f"unknown city {props['name_en']!r}")
        try:
            boundary = repaired_multipolygon(geom)
        except GeometryProblem as exc:
            raise GeodataError(path, label, str(exc)) from exc
        records.append(
            CityRecord(
                slug=CITY_SLUGS[props["name_en"]],
                name_uk=_text(props["name_uk"]),
                name_ru=_text(props.get("name_ru")),
                name_en=_text(props["name_en"]),
                katottg=_text(props.get("katotth")),
                boundary=boundary,
                boundary_source=_text(props.get("source_id")),
            )
        )
    return records


def read_districts(data_dir: Path) -> list[DistrictRecord]:
    """Names, aliases and codes for all 19 districts; polygons where OSM has them."""
    names_path = data_dir / "district_names.json"
    rows = _read_json(names_path).get("districts")
    if not isinstance(rows, list):
        raise GeodataError(names_path, "(file)", "has no 'districts' list")
    records: dict[str, DistrictRecord] = {}
    for index, row in enumerate(rows):
        label = f"entry {index} ({row.get('name_en') or 'unnamed'})"
        _require(names_path, label, row, "city", "katottg", "name_en", "name_uk")
        if row["city"] not in CITY_SLUGS:
            raise GeodataError(names_path, label, f"unknown city {row['city']!r}")
        approx = None
        if row.get("lat") is not None and row.get("lon") is not None:
            approx = _point(names_path, label, shapely.Point(row["lon"], row["lat"]))
        aliases = [str(a) for a in row.get("aliases") or []]
        for full in (
            row.get("name_uk_full"),
            row.get("name_ru_full"),
            row.get("name_en_full"),
        ):
            if full and full not in aliases:
                aliases.append(full)
        if row["katottg"] in records:
            raise GeodataError(names_path, label, f"KATOTTG {row['katottg']} twice")
        slug = slugify(row["name_en"])
        if any(
            r.city == CITY_SLUGS[row["city"]] and r.slug == slug
            for r in records.values()
        ):
            raise GeodataError(
                names_path, label, f"two districts named {row['name_en']!r}"
            )
        records[row["katottg"]] = DistrictRecord(
            city=CITY_SLUGS[row["city"]],
            slug=slug,
            name_uk=_text(row["name_uk"]),
            name_ru=_text(row.get("name_ru")),
            name_en=_text(row["name_en"]),
            aliases=aliases,
            katottg=row["katottg"],
            approx_point=approx,
            approx_point_source=_text(row.get("point_source")),
        )
    polygons_path = data_dir / "kyiv_districts.geojson"
    for label, props, geom in _features(
        polygons_path, read_vector(polygons_path), "name_en"
    ):
        _require(polygons_path, label, props, "katotth")
        record = records.get(props["katotth"])
        if record is None:
            raise GeodataError(
                polygons_path,
                label,
                f"KATOTTG {props['katotth']} is not in district_names.json",
            )
        try:
            record.boundary = repaired_multipolygon(geom)
        except GeometryProblem as exc:
            raise GeodataError(polygons_path, label, str(exc)) from exc
        record.boundary_source = f"OpenStreetMap {_text(props.get('source_id'))}"
    return list(records.values())


_QUOTES = re.compile(r"[«»\"“”„]")


def _street_tokens(name: str) -> frozenset[str]:
    """Words of a street's name, quotes aside: the register writes «Азов», the
    stops "Азов"."""
    return name_tokens(_QUOTES.sub("", name))


def _street_key(name: str) -> frozenset[str]:
    """A street's name as the sources compare it, by the geocoder's word keys: the
    renamings file and the register spell one name differently ("Лермонтова 2-й"
    and "Лермонтова 2", "Героїв Бреста" and "Героїв Бресту", "Ромена Ролана" and
    "Роллана Ромена")."""
    return frozenset(w.key for w in name_words(_QUOTES.sub("", name)))


def read_kyiv_streets(
    data_dir: Path, districts_by_name_en: dict[str, str]
) -> list[StreetRecord]:
    """The 2020 register, the renamings since, and anchor points from transit stops."""
    path = data_dir / "kyiv_street_registry_2020.json"
    entries = _read_json(path).get("streets")
    if not isinstance(entries, list):
        raise GeodataError(path, "(file)", "has no 'streets' list")
    streets: list[StreetRecord] = []
    by_key: dict[tuple[str, frozenset], StreetRecord] = {}

    def district_slugs(file: Path, label: str, names: list | None) -> set[str]:
        slugs = set()
        for name in names or []:
            if name.endswith(" (area)"):
                continue  # the register's non-district areas (garden plots, stations)
            if name not in districts_by_name_en:
                raise GeodataError(file, label, f"unknown district {name!r}")
            slugs.add(districts_by_name_en[name])
        return slugs

    for index, entry in enumerate(entries):
        label = f"entry {index} ({entry.get('full_name_uk') or 'unnamed'})"
        _require(path, label, entry, "registry_code", "name_uk", "type_uk")
        former = []
        if entry.get("old_name_uk"):
            former.append(
                f"{entry.get('old_type_uk') or entry['type_uk']} {entry['old_name_uk']}"
            )
        record = StreetRecord(
            city="kyiv",
            source_key=f"kyiv:register:{entry['registry_code']}",
            name_uk=entry["name_uk"],
            type_uk=entry["type_uk"],
            full_name_uk=entry.get("full_name_uk")
            or f"{entry['type_uk']} {entry['name_uk']}",
            name_latin=transliterate_uk(entry["name_uk"]),
            former_names=former,
            registry_code=int(entry["registry_code"]),
            districts=district_slugs(path, label, entry.get("districts_en")),
        )
        streets.append(record)
        by_key.setdefault((record.type_uk, _street_key(record.name_uk)), record)

    def rename(old_full: str, new_full: str) -> None:
        old_type, old_name = split_street(old_full)
        new_type, new_name = split_street(new_full)
        current = by_key.get((new_type, _street_key(new_name)))
        if current is None:
            current = by_key.get((old_type, _street_key(old_name)))
            if current is not None:
                # Renamed after the 2020 register, which still has the old name.
                current.former_names.append(current.full_name_uk)
                current.name_uk = new_name
                current.type_uk = new_type or current.type_uk
                current.full_name_uk = new_full
                current.name_latin = transliterate_uk(current.name_uk)
                by_key[(new_type, _street_key(new_name))] = current
        if current is None:
            current = StreetRecord(
                city="kyiv",
                source_key=f"kyiv:renaming:{fold(new_full)}",
                name_uk=new_name,
                type_uk=new_type,
                full_name_uk=new_full,
                name_latin=transliterate_uk(new_name),
            )
            streets.append(current)
            by_key[(new_type, _street_key(new_name))] = current
        if fold(old_full) not in {fold(n) for n in current.former_names}:
            current.former_names.append(old_full)

    renamings = data_dir / "kyiv_street_renamings_2014_2022.csv"
    if not renamings.exists():
        raise GeodataError(renamings, "(file)", "the file does not exist")
    with renamings.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            label = f"line {line} ({row.get('new_name_uk') or 'unnamed'})"
            _require(renamings, label, row, "old_name_uk", "new_name_uk")
            rename(row["old_name_uk"], row["new_name_uk"])
    for old_full, new_full in RENAMED_SINCE_2022:
        rename(old_full, new_full)

    _attach_stop_points(data_dir, streets, by_key, district_slugs)
    return streets


# Kyiv's 2023 renamings, which the renamings file predates (SOURCES.md, file 9).
# Each is borne out by the data: the 2020 register has the old name, no transit
# stop stands on it, and the stops of 2026 stand on the new name, through the
# same districts. Kyiv City Council decisions of 2023.
RENAMED_SINCE_2022 = (
    ("проспект Перемоги", "проспект Берестейський"),
    ("площа Перемоги", "площа Галицька"),
    ("проспект Повітрофлотський", "проспект Повітряних Сил"),
    ("бульвар Дружби Народів", "бульвар Миколи Міхновського"),
    ("вулиця Теодора Драйзера", "вулиця Рональда Рейгана"),
    ("проспект Правди", "проспект Європейського Союзу"),
    ("проспект Юрія Гагаріна", "проспект Леоніда Каденюка"),
)


def _matches_with_initials(short: frozenset[str], full: frozenset[str]) -> bool:
    """'А. Малишка' names 'Малишка Андрія': full words equal, initials fit."""
    words = {t for t in short if not t.endswith(".")}
    initials = [t[:-1] for t in short if t.endswith(".")]
    if not words or not words <= full:
        return False
    rest = full - words
    return all(any(r.startswith(i) for r in rest) for i in initials)


def _attach_stop_points(data_dir, streets, by_key, district_slugs) -> None:
    path = data_dir / "kyiv_street_points_from_stops.geojson"
    by_word: dict[tuple[str, str], list[StreetRecord]] = defaultdict(list)
    for record in streets:
        for token in _street_tokens(record.name_uk):
            by_word[(record.type_uk, token)].append(record)
    frame = read_vector(path).sort_values("n_stops", ascending=False, kind="stable")
    for label, props, geom in _features(path, frame, "name_uk"):
        _require(path, label, props, "name_uk")
        point = _point(path, label, geom)
        street_type = _text(props.get("street_type_uk"))
        name = _text(props.get("street_name_uk")) or _text(props["name_uk"])
        if not street_type:
            continue  # labels such as "паралельно вул. Радистів" name no street
        raw = _list(props.get("raw_names_uk"))
        if raw and not any(re.search(rf"(?<!\w){re.escape(name)}", r) for r in raw):
            # The derivation cut some names short: "Площа Галицька" became
            # "оща Галицька", "Набережне шосе" "ережне шосе". The stop's own
            # spelling has the whole name.
            raw_type, raw_name = split_street(raw[0])
            if raw_type:
                street_type, name = raw_type, raw_name
                props = {**props, "name_uk": f"{raw_type} {raw_name}"}
        # Stop labels add remarks in brackets: "(розворотне коло)", "(за ТЦ ...)".
        tokens = _street_tokens(re.sub(r"\s*\(.*?\)", "", name))
        match = by_key.get((street_type, _street_key(" ".join(tokens))))
        if match is None:
            words = [t for t in tokens if not t.endswith(".")]
            candidates = {
                id(r): r
                for w in words
                for r in by_word.get((street_type, w), [])
                if _matches_with_initials(tokens, _street_tokens(r.name_uk))
            }
            match = next(iter(candidates.values())) if len(candidates) == 1 else None
        if match is None:
            match = StreetRecord(
                city="kyiv",
                source_key=f"kyiv:stops:{fold(props['name_uk'])}",
                name_uk=name,
                type_uk=street_type,
                full_name_uk=_text(props["name_uk"]),
                name_latin=transliterate_uk(name),
                districts=district_slugs(path, label, _list(props.get("districts_en"))),
            )
            streets.append(match)
            by_key[(street_type, _street_key(" ".join(tokens)))] = match
        if match.point is None:  # the street with most stops wins
            match.point = point
            match.point_source = f"transit stop ({_text(props.get('source_id'))})"


def _list(value) -> list:
    """GeoJSON arrays arrive from pyogrio as numpy arrays."""
    if _missing(value):
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]


def read_donetsk_streets(data_dir: Path) -> list[StreetRecord]:
    """Streets named in the Donetsk address points, each anchored at a real address."""
    path = data_dir / "donetsk_address_points.geojson"
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for label, props, geom in _features(path, read_vector(path), "address_ru"):
        _require(path, label, props, "address_ru")
        point = _point(path, label, geom)
        street_part = props["address_ru"].split(",")[0].strip()
        street_type, name = split_street(street_part)
        if not street_type or not name:
            continue
        groups[(street_type, name)].append((street_part, point))
    records = []
    for (street_type, name), items in sorted(groups.items()):
        point = _nearest_to_median([p for _, p in items])
        spelled = items[0][0]
        records.append(
            StreetRecord(
                city="donetsk",
                source_key=f"donetsk:address:{street_type}:{name}",
                type_uk=street_type,
                name_ru=spelled,
                point=point,
                point_source=f"address point ({len(items)} addresses on the street)",
            )
        )
    return records


def read_places(data_dir: Path, district_slugs_uk: set[str]) -> list[PlaceRecord]:
    places: list[PlaceRecord] = []
    metro = data_dir / "kyiv_metro_stations.geojson"
    for label, props, geom in _features(metro, read_vector(metro), "name_uk"):
        _require(metro, label, props, "name_uk", "station_code")
        places.append(
            PlaceRecord(
                city="kyiv",
                kind="metro_station",
                subkind=_text(props.get("line_en")),
                source_id=f"kyiv_metro:{props['station_code']}",
                point=_point(metro, label, geom),
                name_uk=_text(props["name_uk"]),
                name_en=transliterate_uk(_text(props["name_uk"])),
            )
        )
    wof = data_dir / "kyiv_neighbourhoods_wof.geojson"
    for label, props, geom in _features(wof, read_vector(wof), "name_en"):
        _require(wof, label, props, "source_id", "name_en")
        name_uk = _text(props.get("name_uk"))
        # Some WOF records are districts under another name ("Дарницький"); the
        # district records already carry those names.
        if fold(name_uk) in district_slugs_uk:
            continue
        aliases = _list(props.get("name_uk_variants")) + _list(
            props.get("name_ru_variants")
        )
        places.append(
            PlaceRecord(
                city="kyiv",
                kind="neighbourhood",
                source_id=_text(props["source_id"]),
                point=_point(wof, label, geom),
                name_uk=name_uk,
                name_ru=_text(props.get("name_ru")),
                name_en=_text(props["name_en"]),
                aliases=[str(a) for a in aliases],
            )
        )
    places.extend(_read_landmarks(data_dir))
    return places


def _read_landmarks(data_dir: Path) -> list[PlaceRecord]:
    """Hospitals, markets, rail stations... named by transit-stop labels."""
    path = data_dir / "kyiv_transit_stops.geojson"
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for label, props, geom in _features(path, read_vector(path), "name_uk"):
        kind = _text(props.get("landmark_kind"))
        if not kind or kind == "metro_station" or not _text(props.get("name_uk")):
            continue  # metro stations come from their own file
        groups[(kind, fold(props["name_uk"]))].append(
            (props["name_uk"], _point(path, label, geom))
        )
    return [
        PlaceRecord(
            city="kyiv",
            kind="landmark",
            subkind=kind,
            source_id=f"kyiv_transit_stops:{kind}:{folded}",
            point=_nearest_to_median([p for _, p in items]),
            name_uk=items[0][0].strip(),
            name_en=transliterate_uk(items[0][0].strip()),
        )
        for (kind, folded), items in sorted(groups.items())
    ]
