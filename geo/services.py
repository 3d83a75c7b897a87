"""Writes to the gazetteer: the full load from GEODATA_DIR and boundary imports."""

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from django.contrib.gis.geos import GEOSGeometry
from django.db import models, transaction
from shapely.geometry.base import BaseGeometry
from shapely.prepared import prep
from tqdm import tqdm

from geo.generation import gazetteer_writes
from geo.geocoder import reset_index
from geo.geometry import (
    GeometryProblem,
    repaired_multipolygon,
    same_geometry,
    simplified_to_cap,
    to_geos,
)
from geo.models import City, District, Place, Street
from geo.sources import (
    GeodataError,
    read_cities,
    read_districts,
    read_donetsk_streets,
    read_kyiv_streets,
    read_places,
    read_vector,
)
from geo.text import fold


@dataclass
class SyncCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated


@dataclass
class LoadReport:
    counts: dict[str, SyncCounts] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(c.changed for c in self.counts.values())


def _same(a, b) -> bool:
    if isinstance(a, GEOSGeometry) or isinstance(b, GEOSGeometry):
        return same_geometry(a, b)
    return a == b


def _sync(
    model: type[models.Model], key_field: str, rows: dict, bar: tqdm
) -> SyncCounts:
    """Create or update rows by natural key; equal rows are not written."""
    counts = SyncCounts()
    existing = {getattr(obj, key_field): obj for obj in model.objects.all()}
    new = []
    for key, values in rows.items():
        obj = existing.get(key)
        if obj is None:
            new.append(model(**{key_field: key}, **values))
            counts.created += 1
        else:
            changed = [
                name
                for name, value in values.items()
                if not _same(getattr(obj, name), value)
            ]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                obj.save(update_fields=changed)
                counts.updated += 1
            else:
                counts.unchanged += 1
        bar.update()
    model.objects.bulk_create(new, batch_size=500)
    return counts


def _geos(geom: BaseGeometry | None):
    return to_geos(geom) if geom is not None else None


class _Locator:
    """Point-in-polygon on the source polygons, before anything is in the database."""

    def __init__(self, cities: Iterable, districts: Iterable):
        self.cities = {c.slug: prep(c.boundary) for c in cities}
        self.districts = [
            (d.city, d.slug, prep(d.boundary)) for d in districts if d.boundary
        ]

    def inside_city(self, city: str, point: BaseGeometry) -> bool:
        boundary = self.cities.get(city)
        return boundary is None or boundary.covers(point)

    def district_of(self, city: str, point: BaseGeometry) -> str | None:
        return next(
            (
                slug
                for c, slug, poly in self.districts
                if c == city and poly.covers(point)
            ),
            None,
        )


def gazetteer_load(*, data_dir: Path, progress: bool = False) -> LoadReport:
    """Load every source in data_dir; all or nothing.

    Every file is read and checked before the first write, and the writes share one
    transaction, so a broken file leaves the database as it was.
    """
    report = LoadReport()
    steps = ["cities", "districts", "Kyiv streets", "Donetsk streets", "places"]
    with tqdm(
        steps, desc="reading", unit="file", disable=not progress, file=sys.stderr
    ) as bar:
        bar.set_postfix_str("cities")
        cities = read_cities(data_dir)
        bar.update()
        districts = read_districts(data_dir)
        bar.update()
        by_name_en = {d.name_en: d.slug for d in districts if d.city == "kyiv"}
        kyiv_streets = read_kyiv_streets(data_dir, by_name_en)
        bar.update()
        donetsk_streets = read_donetsk_streets(data_dir)
        bar.update()
        places = read_places(data_dir, {fold(d.name_uk) for d in districts})
        bar.update()
    locator = _Locator(cities, districts)
    streets = kyiv_streets + donetsk_streets
    for street in streets:
        if street.point is not None and not locator.inside_city(
            street.city, street.point
        ):
            report.notes.append(
                f"street {street.source_key}: anchor point outside the city dropped"
            )
            street.point = None
    inside = [p for p in places if locator.inside_city(p.city, p.point)]
    total = len(cities) + len(districts) + len(streets) + len(inside)
    with (
        transaction.atomic(),
        gazetteer_writes(),
        tqdm(
            total=total,
            desc="writing",
            unit="row",
            disable=not progress,
            file=sys.stderr,
        ) as bar,
    ):
        report.counts["cities"] = _sync(
            City,
            "slug",
            {
                c.slug: {
                    "name_uk": c.name_uk,
                    "name_ru": c.name_ru,
                    "name_en": c.name_en,
                    "katottg": c.katottg,
                    "boundary": _geos(c.boundary),
                    "boundary_source": c.boundary_source,
                }
                for c in cities
            },
            bar,
        )
        city_ids = dict(City.objects.values_list("slug", "pk"))
        report.counts["districts"] = _sync(
            District,
            "katottg",
            {d.katottg: _district_values(d, city_ids) for d in districts},
            bar,
        )
        district_ids = {
            (city, slug): pk
            for city, slug, pk in District.objects.values_list(
                "city__slug", "slug", "pk"
            )
        }
        report.counts["streets"] = _sync(
            Street,
            "source_key",
            {s.source_key: _street_values(s, city_ids) for s in streets},
            bar,
        )
        report.counts["street districts"] = _sync_street_districts(
            streets, district_ids
        )
        report.counts["places"] = _sync(
            Place,
            "source_id",
            {
                p.source_id: _place_values(p, city_ids, district_ids, locator)
                for p in inside
            },
            bar,
        )
        report.counts["places"].skipped = len(places) - len(inside)
    # Row ids may have changed: geocoders in this process must rebuild their index.
    reset_index()
    return report


def _district_values(d, city_ids: dict) -> dict:
    return {
        "city_id": city_ids[d.city],
        "slug": d.slug,
        "name_uk": d.name_uk,
        "name_ru": d.name_ru,
        "name_en": d.name_en,
        "aliases": d.aliases,
        # Sources without a polygon never erase one an analyst imported.
        **(
            {"boundary": _geos(d.boundary), "boundary_source": d.boundary_source}
            if d.boundary is not None
            else {}
        ),
        "approx_point": _geos(d.approx_point),
        "approx_point_source": d.approx_point_source,
    }


def _street_values(s, city_ids: dict) -> dict:
    return {
        "city_id": city_ids[s.city],
        "name_uk": s.name_uk,
        "type_uk": s.type_uk,
        "full_name_uk": s.full_name_uk,
        "name_ru": s.name_ru,
        "name_latin": s.name_latin,
        "former_names": s.former_names,
        "registry_code": s.registry_code,
        "point": _geos(s.point),
        "point_source": s.point_source if s.point is not None else "",
    }


def _place_values(p, city_ids: dict, district_ids: dict, locator: _Locator) -> dict:
    district = locator.district_of(p.city, p.point)
    return {
        "city_id": city_ids[p.city],
        "kind": p.kind,
        "subkind": p.subkind,
        "name_uk": p.name_uk,
        "name_ru": p.name_ru,
        "name_en": p.name_en,
        "aliases": p.aliases,
        "point": _geos(p.point),
        "district_id": district_ids[(p.city, district)] if district else None,
    }


def _sync_street_districts(streets, district_ids: dict) -> SyncCounts:
    street_ids = dict(Street.objects.values_list("source_key", "pk"))
    wanted = {
        (street_ids[s.source_key], district_ids[(s.city, slug)])
        for s in streets
        for slug in s.districts
    }
    through = Street.districts.through
    loaded = {street_ids[s.source_key] for s in streets}
    have = {
        (street_id, district_id): pk
        for pk, street_id, district_id in through.objects.filter(
            street_id__in=loaded
        ).values_list("pk", "street_id", "district_id")
    }
    missing = wanted - have.keys()
    extra = [pk for pair, pk in have.items() if pair not in wanted]
    through.objects.bulk_create(
        [through(street_id=s, district_id=d) for s, d in missing], batch_size=1000
    )
    through.objects.filter(pk__in=extra).delete()
    return SyncCounts(
        created=len(missing), updated=len(extra), unchanged=len(wanted & have.keys())
    )


class BoundaryImportError(Exception):
    pass


@dataclass
class BoundaryImportReport:
    applied: list[str]
    unmatched: list[str]
    # slug -> (vertices in the file, vertices stored) for outlines over the cap
    simplified: dict[str, tuple[int, int]] = field(default_factory=dict)


def district_lookup(city: City) -> dict[str, District]:
    """Every name, alias and slug of a city's districts, folded, to its district."""
    lookup: dict[str, District] = {}
    for district in District.objects.filter(city=city):
        names = [
            district.slug,
            district.name_uk,
            district.name_ru,
            district.name_en,
            *district.aliases,
        ]
        for name in filter(None, names):
            lookup.setdefault(fold(name), district)
            lookup.setdefault(_without_district_word(fold(name)), district)
    return lookup


_DISTRICT_WORDS = ("район", "district", "raion", "r-n", "р-н")


def _without_district_word(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w not in _DISTRICT_WORDS]
    return " ".join(words)


def district_boundaries_import(
    *, path: Path, city_slug: str, name_field: str, partial: bool = False
) -> BoundaryImportReport:
    """Attach polygons from any vector file to existing districts, matched by name."""
    city = City.objects.filter(slug=city_slug).first()
    if city is None:
        known = ", ".join(City.objects.values_list("slug", flat=True)) or "none loaded"
        raise BoundaryImportError(f"unknown city {city_slug!r} (known: {known})")
    try:
        frame = read_vector(path)
    except GeodataError as exc:
        raise BoundaryImportError(str(exc)) from exc
    if name_field not in frame.columns:
        fields = ", ".join(c for c in frame.columns if c != "geometry")
        raise BoundaryImportError(
            f"{path.name} has no field {name_field!r} (fields: {fields})"
        )
    lookup = district_lookup(city)
    matched: dict[int, tuple[str, BaseGeometry]] = {}
    unmatched: list[str] = []
    simplified: dict[str, tuple[int, int]] = {}
    for index, row in frame.iterrows():
        name = str(row[name_field]).strip()
        district = lookup.get(fold(name)) or lookup.get(
            _without_district_word(fold(name))
        )
        if district is None:
            unmatched.append(name)
            continue
        if district.pk in matched:
            raise BoundaryImportError(
                f"{path.name}: features {matched[district.pk][0]!r} and {name!r} "
                f"both name the district {district.name_en}"
            )
        try:
            boundary = repaired_multipolygon(row.geometry)
            vertices = shapely.get_num_coordinates(boundary)
            boundary = simplified_to_cap(boundary)
        except GeometryProblem as exc:
            raise BoundaryImportError(
                f"{path.name}: feature {index} ({name}): {exc}"
            ) from exc
        if shapely.get_num_coordinates(boundary) < vertices:
            simplified[district.slug] = (
                vertices,
                shapely.get_num_coordinates(boundary),
            )
        matched[district.pk] = (name, boundary)
    if unmatched and not partial:
        raise BoundaryImportError(
            f"{path.name}: no {city.name_en} district matches "
            + ", ".join(repr(n) for n in unmatched)
            + "; nothing was applied (use --partial to apply the matched ones)"
        )
    applied = []
    with transaction.atomic(), gazetteer_writes():
        for district in District.objects.filter(pk__in=matched).select_for_update():
            name, boundary = matched[district.pk]
            geos = to_geos(boundary)
            if city.boundary is not None and not city.boundary.intersects(geos):
                raise BoundaryImportError(
                    f"{path.name}: feature {name!r} lies outside {city.name_en} "
                    "(is the file in another coordinate system without saying so?)"
                )
            district.boundary = geos
            district.boundary_source = f"imported from {path.name}"
            district.save(update_fields=["boundary", "boundary_source"])
            applied.append(district.slug)
    reset_index()
    return BoundaryImportReport(
        applied=sorted(applied), unmatched=unmatched, simplified=simplified
    )
