"""How many location strings per second the gazetteer geocoder resolves, one core.

    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_geodata
    .venv/bin/python bench/bench_geocoder.py [--count 5000] [--seed 1]

The strings are made from the gazetteer itself (district names in three
languages and their case forms, streets by current and former names, metro
stations, neighbourhoods, landmarks) mixed with noise words and texts that name
nothing, so the figure covers the misses as well as the hits. The Nominatim
fallback is switched off: this measures the gazetteer alone.
"""

import argparse
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from geo.geocoder import geocode  # noqa: E402
from geo.geocoder.loading import get_index  # noqa: E402
from geo.models import District, Place, Street  # noqa: E402
from geo.text import transliterate_uk  # noqa: E402

NOISE_BEFORE = [
    "",
    "near",
    "біля",
    "возле",
    "на",
    "в районі",
    "поблизу",
    "удар по",
    "explosion at",
    "обстріл:",
]
NOISE_AFTER = ["", ", Kyiv", ", Київ", ", Киев", " 12", ", буд. 5", " (за даними ОВА)"]
MISSES = [
    "невідоме місце",
    "unknown location",
    "Kharkiv",
    "Бровари",
    "Odesa port",
    "околиці міста",
    "приватний сектор",
    "",
]


def _district_texts(district: District) -> list[str]:
    city = ", Donetsk" if district.city.slug == "donetsk" else ""
    return [
        f"{district.name_uk} район{city}",
        f"в {district.name_ru}ом районе{city}".replace("ийом", "ом"),
        f"{district.name_en} district{city}",
        *(f"{alias}{city}" for alias in district.aliases),
    ]


def _street_texts(street: Street) -> list[str]:
    texts = [street.full_name_uk or street.name_ru]
    if street.name_latin:
        texts.append(f"{street.name_latin} street")
    texts += street.former_names
    return [t for t in texts if t]


def _place_texts(place: Place) -> list[str]:
    name = place.name_uk or place.name_en
    if place.kind == Place.Kind.METRO_STATION:
        return [
            f"станція метро {name}",
            f"near {transliterate_uk(name)} metro",
            f"м. {name}",
        ]
    return [name]


def build_strings(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pool: list[str] = []
    for district in District.objects.select_related("city"):
        pool += _district_texts(district)
    for street in Street.objects.all():
        pool += _street_texts(street)
    for place in Place.objects.all():
        pool += _place_texts(place)
    strings = []
    for _ in range(count):
        if rng.random() < 0.08:
            strings.append(rng.choice(MISSES))
            continue
        text = rng.choice(pool)
        strings.append(
            f"{rng.choice(NOISE_BEFORE)} {text}{rng.choice(NOISE_AFTER)}".strip()
        )
    return strings


def _run(strings: list[str]) -> tuple[float, float, Counter]:
    """CPU seconds, wall seconds and precisions for geocoding every string once."""
    cpu, wall = time.process_time(), time.perf_counter()
    precisions = Counter(geocode(text).precision for text in strings)
    return time.process_time() - cpu, time.perf_counter() - wall, precisions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    settings.GEOCODER_FALLBACK_URL = ""
    if not Street.objects.exists():
        sys.exit(
            "The gazetteer is empty: run manage.py migrate and manage.py load_geodata."
        )

    started = time.perf_counter()
    get_index()
    print(f"index built in {time.perf_counter() - started:.2f} s")
    # A fresh process first (word caches empty), then new strings in a warm one.
    # CPU time of this process: other work on the machine does not count.
    for label, seed in (("cold", args.seed), ("warm", args.seed + 1)):
        strings = build_strings(args.count, seed)
        cpu, wall, precisions = _run(strings)
        print(
            f"{label}: {len(strings)} strings in {cpu:.3f} s CPU ({wall:.3f} s wall): "
            f"{len(strings) / cpu:,.0f} strings/s on one core"
        )
    print("precision:", ", ".join(f"{k} {v}" for k, v in precisions.most_common()))


if __name__ == "__main__":
    main()
