"""Every name a Kyiv street had leads to the street as it is named now."""

from collections import defaultdict

import pytest

from geo.geocoder import geocode
from geo.models import Street
from geo.sources import RENAMED_SINCE_2022
from geo.text import fold

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_geocoder_index")]


@pytest.mark.parametrize(
    ("text", "current", "district"),
    [
        ("проспект Перемоги, Київ", "проспект Берестейський", "sviatoshynskyi"),
        ("проспект Победы, Киев", "проспект Берестейський", "sviatoshynskyi"),
        ("на проспекте Победы", "проспект Берестейський", "sviatoshynskyi"),
        ("Peremohy Avenue, Kyiv", "проспект Берестейський", "sviatoshynskyi"),
        ("prospekt Pobedy, Kiev", "проспект Берестейський", "sviatoshynskyi"),
        ("площа Перемоги, Київ", "площа Галицька", "shevchenkivskyi"),
        ("площадь Победы, Киев", "площа Галицька", "shevchenkivskyi"),
        ("Повітрофлотський проспект", "проспект Повітряних Сил", "solomianskyi"),
        ("Воздухофлотский проспект", "проспект Повітряних Сил", "solomianskyi"),
        ("Povitroflotskyi avenue, Kyiv", "проспект Повітряних Сил", "solomianskyi"),
        ("бульвар Дружбы Народов, Киев", "бульвар Миколи Міхновського", "pecherskyi"),
        ("проспект Правды, Киев", "проспект Європейського Союзу", "podilskyi"),
        # the renamings file (2022), via the register's old name
        ("улица Маршала Малиновского", "вулиця Героїв полку «Азов»", "obolonskyi"),
        ("проспект Московський, Київ", "проспект Степана Бандери", "obolonskyi"),
    ],
)
def test_a_former_name_gives_the_current_street_with_its_point(text, current, district):
    result = geocode(text)
    assert (result.city, result.street, result.precision) == ("kyiv", current, "street")
    assert result.lon is not None and result.lat is not None
    assert result.district == district
    assert result.confidence >= 0.7


@pytest.mark.parametrize(("old", "new"), RENAMED_SINCE_2022)
def test_renamed_since_2022_one_row_with_the_registers_districts(old, new):
    (street,) = Street.objects.filter(city__slug="kyiv", full_name_uk=new)
    assert street.point is not None  # the 2026 stops stand on the new name
    assert street.registry_code is not None  # the register's row, renamed
    assert street.districts.exists()
    assert old in street.former_names
    assert not Street.objects.filter(city__slug="kyiv", full_name_uk=old).exists()


@pytest.mark.parametrize(
    ("old", "current"),
    [
        # spelled otherwise in the register than in the renamings file
        ("провулок Лермонтова 2-й", "провулок Баштанський"),
        ("площа Героїв Бреста", "площа Чорнобаївська"),
        ("бульвар Ромена Ролана", "бульвар Жуля Верна"),
        ("вулиця Єнисейська", "вулиця Бузька"),
    ],
)
def test_renamings_meet_the_register_however_it_spells_the_old_name(old, current):
    assert not Street.objects.filter(former_names=[], full_name_uk=current).exists()
    assert geocode(f"{old}, Київ").street == current


def test_nearly_every_former_name_finds_its_street():
    """The exceptions are names still carried by another street (the register
    lists two "вулиця Запорожця Петра", one renamed) and placeholders
    ("вулиця Проектна 13079")."""
    current = {fold(s.full_name_uk) for s in Street.objects.filter(city__slug="kyiv")}
    owners = defaultdict(set)
    streets = list(Street.objects.filter(city__slug="kyiv").exclude(former_names=[]))
    for street in streets:
        for former in street.former_names:
            owners[fold(former)].add(street.pk)
    found = tried = 0
    for street in streets:
        for former in street.former_names:
            if len(owners[fold(former)]) > 1 or fold(former) in current:
                continue
            if "проектн" in fold(former) or "проєктн" in fold(former):
                continue
            tried += 1
            found += geocode(f"{former}, Київ").street_id == street.pk
    assert tried > 500
    assert found / tried >= 0.98
