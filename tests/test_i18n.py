"""The UI in English and Ukrainian: negotiation, the switch, labels, names, dates."""

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, translation

from geo.models import City, District, Place, Street, localized_name
from incidents.choices import (
    INFRASTRUCTURE_TAGS,
    WEAPONS,
    EventType,
    GeoPrecision,
    codebook_labels,
    vocabulary_choices,
    vocabulary_label,
)
from incidents.models import Weapon

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "uk" / "LC_MESSAGES" / "django.po"


def _lang(response) -> str:
    return re.search(r'<html lang="([^"]+)">', response.content.decode())[1]


@pytest.fixture
def staff_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("ed", password="x"))
    return client


def test_the_catalogue_is_compiled():
    # Without the .mo every Ukrainian page below would silently be English.
    mo = CATALOGUE.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run scripts/bootstrap.sh (compilemessages)"
    assert mo.stat().st_mtime >= CATALOGUE.stat().st_mtime, (
        f"{mo} is older than its .po: run scripts/bootstrap.sh (compilemessages)"
    )


def test_the_catalogue_has_no_untranslated_or_fuzzy_entry():
    stats = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, stats


def test_every_string_of_the_ui_has_its_ukrainian_translation(tmp_path):
    # makemessages on a copy of the code, so the repo's .po stays as committed: a
    # string someone added without translating it shows up as untranslated here.
    base = Path(settings.BASE_DIR)
    for name in ("config", "geo", "incidents", "templates", "locale"):
        shutil.copytree(base / name, tmp_path / name)
    shutil.copy(base / "manage.py", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "uk", "--no-location"],
        cwd=tmp_path,
        env={**os.environ, "VAR_DIR": str(tmp_path / "var")},
        capture_output=True,
        check=True,
    )
    stats = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", "-"],
        input=(tmp_path / CATALOGUE.relative_to(base)).read_text(),
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, (
        f"{stats.strip()}: run makemessages -l uk (README) and translate them"
    )


@pytest.mark.django_db
def test_login_page_follows_accept_language(client):
    uk = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="uk-UA,uk;q=0.9,en;q=0.5")
    assert _lang(uk) == "uk"
    assert "<h1>Увійти</h1>" in uk.content.decode()
    assert "Ім'я користувача" in uk.content.decode()
    assert "<title>Вхід · Мапа інцидентів</title>" in uk.content.decode()

    en = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert _lang(en) == "en"
    assert "<h1>Sign in</h1>" in en.content.decode()


@pytest.mark.django_db
def test_a_language_the_ui_does_not_speak_falls_back_to_english(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
    assert _lang(response) == "en"
    assert "<h1>Sign in</h1>" in response.content.decode()


@pytest.mark.django_db
def test_a_failed_sign_in_is_explained_in_ukrainian(client):
    response = client.post(
        reverse("login"),
        {"username": "nobody", "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE="uk",
    )
    assert "Ім'я користувача або пароль неправильні" in response.content.decode()


@pytest.mark.django_db
def test_the_switch_posts_to_set_language_and_returns_to_the_same_page(client):
    page = client.get("/accounts/login/?next=/%3Fcity%3Dkyiv")
    body = page.content.decode()
    switch = re.search(r'<form[^>]+id="language-switch".*?</form>', body, re.S)[0]
    assert f'action="{reverse("set_language")}"' in switch
    # The full path, query included, so the analyst's filters survive the switch.
    assert 'name="next" value="/accounts/login/?next=/%3Fcity%3Dkyiv"' in switch
    assert 'value="uk" lang="uk"' in switch and ">Українська<" in switch
    assert 'value="en" lang="en" aria-current="true"' in switch

    response = client.post(
        reverse("set_language"),
        {"language": "uk", "next": "/accounts/login/?next=/%3Fcity%3Dkyiv"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/%3Fcity%3Dkyiv"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"

    # The cookie wins over the browser's own preference, on every later page.
    again = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert _lang(again) == "uk"
    assert "<h1>Увійти</h1>" in again.content.decode()
    assert 'value="uk" lang="uk" aria-current="true"' in again.content.decode()


@pytest.mark.django_db
def test_a_cookie_naming_a_language_the_ui_does_not_speak_is_ignored(client):
    # set_language stores any language Django itself has a catalogue for;
    # LocaleMiddleware only honours ours, then goes on to Accept-Language.
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    assert _lang(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="uk")) == "uk"
    assert _lang(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ru")) == "en"


def test_the_switch_does_not_send_the_analyst_to_another_site(client):
    response = client.post(
        reverse("set_language"),
        {"language": "uk", "next": "https://evil.example.com/"},
    )
    assert response["Location"] == "/"


def test_add_report_in_ukrainian(staff_client):
    response = staff_client.get(reverse("report-add"), HTTP_ACCEPT_LANGUAGE="uk")
    body = response.content.decode()
    assert _lang(response) == "uk"
    assert "<h1>Додати повідомлення</h1>" in body
    assert "Текст повідомлення" in body and "Дата публікації" in body
    assert "Запропонувати інциденти" in body
    assert ">Вийти</button>" in body and ">Адміністрування</a>" in body


def test_add_report_errors_in_ukrainian_after_the_switch(staff_client):
    staff_client.post(reverse("set_language"), {"language": "uk", "next": "/"})
    response = staff_client.post(
        reverse("report-add"),
        {"text": "  ", "published": "2025-08-28", "action": "extract"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Вставте текст повідомлення або завантажте файл." in body
    assert 'value="2025-08-28"' in body  # the date input keeps ISO in Ukrainian


def test_the_review_page_in_ukrainian(staff_client):
    report = (Path(settings.SEEDS_DIR) / "001_c67a95d22191ea58.txt").read_text()
    response = staff_client.post(
        reverse("report-add"),
        {"text": report, "published": "2025-08-28", "action": "extract"},
        HTTP_ACCEPT_LANGUAGE="uk",
    )
    body = response.content.decode()
    assert "<h1>Перевірте запропоновані інциденти</h1>" in body
    assert re.search(r"<h2>\d+ запропонован\w+ інцидент\w*</h2>", body)
    assert "Загиблих" in body and "Поранених" in body
    assert "Балістична ракета" in body and "Житло" in body  # weapons and tags
    assert "Вибухи/дистанційне насильство" in body  # the event type's option


def test_choice_labels_are_translated_and_values_are_not():
    with translation.override("uk"):
        assert str(EventType.EXPLOSIONS.label) == "Вибухи/дистанційне насильство"
        assert dict(GeoPrecision.choices)["district"] == "Район"
        assert GeoPrecision.DISTRICT == "district"
    with translation.override("en"):
        assert str(EventType.EXPLOSIONS.label) == "Explosions/Remote violence"


def test_exports_get_the_codebook_in_english_whatever_the_ui_language():
    with translation.override("uk"):
        labels = codebook_labels(EventType)
        assert translation.get_language() == "uk"
    assert labels["explosions_remote_violence"] == "Explosions/Remote violence"
    assert all(type(label) is str for label in labels.values())


@pytest.mark.django_db
def test_vocabulary_rows_keep_english_and_show_the_ui_language():
    missile = Weapon.objects.get(slug="ballistic_missile")
    # The migrations seeded the English label; it is the catalogue's msgid.
    assert missile.label == "Ballistic missile"
    with translation.override("uk"):
        assert vocabulary_label(missile.label) == "Балістична ракета"
        assert dict(vocabulary_choices(INFRASTRUCTURE_TAGS))["medical"] == (
            "Медичні заклади"
        )
        assert vocabulary_label("Typed by an admin") == "Typed by an admin"
    with translation.override("en"):
        assert vocabulary_label(missile.label) == "Ballistic missile"
    # Every seeded term has its Ukrainian label.
    with translation.override("uk"):
        untranslated = [
            label
            for _, label in WEAPONS + INFRASTRUCTURE_TAGS
            if vocabulary_label(label) == label
        ]
    assert untranslated == []


@pytest.mark.django_db
def test_localized_place_names(kyiv):
    darnytskyi = District.objects.get(city=kyiv, slug="darnytskyi")
    street = Street.objects.filter(city=kyiv).exclude(name_latin="").first()
    station = Place.objects.filter(city=kyiv, kind="metro_station").first()
    with translation.override("uk"):
        assert localized_name(kyiv) == kyiv.name_uk == "Київ"
        assert localized_name(darnytskyi) == darnytskyi.name_uk
        assert darnytskyi.display_name.startswith("Дарниц")
        assert localized_name(street) == street.full_name_uk
        assert localized_name(station) == station.name_uk
        assert localized_name(None) is None
    with translation.override("en"):
        assert localized_name(City.objects.get(slug="donetsk")) == "Donetsk"
        assert localized_name(darnytskyi) == darnytskyi.name_en == "Darnytskyi"
        assert localized_name(street) == street.name_latin
        assert re.fullmatch(r"[A-Za-z0-9 .'’()\-]+", localized_name(station))


@pytest.mark.django_db
def test_a_place_without_an_english_name_is_transliterated_in_english(kyiv):
    place = Place(city=kyiv, kind="landmark", name_uk="Лівобережна", name_en="")
    with translation.override("en"):
        assert place.display_name == "Livoberezhna"
    with translation.override("uk"):
        assert place.display_name == "Лівобережна"


def test_dates_are_formatted_for_the_language():
    moment = dt.datetime(2024, 6, 12, 23, 50, tzinfo=ZoneInfo("Europe/Kyiv"))
    with translation.override("uk"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == (
            "12 червня 2024 р., 23:50"
        )
        assert formats.date_format(moment.date()) == "12 червня 2024 р."
        rendered = Template("{{ when|date }}").render(Context({"when": moment}))
        assert rendered == "12 червня 2024 р."
    with translation.override("en"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "12 Jun 2024, 23:50"
        assert formats.date_format(moment.date()) == "12 Jun 2024"
