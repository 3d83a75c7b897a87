"""GEOCODER_* settings (config/settings/geocoder.py): parsed from the environment,
and refused at start with the fix."""

import importlib
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

import config.settings.geocoder

NAMES = (
    "GEOCODER_FALLBACK_URL",
    "GEOCODER_BACKEND",
    "GEOCODER_FALLBACK_MIN_DELAY",
    "GEOCODER_FALLBACK_TIMEOUT",
    "GEOCODER_FALLBACK_USER_AGENT",
    "GEOCODER_INDEX_FRESHNESS",
)


@pytest.fixture
def read(monkeypatch):
    """The settings module read again under the given environment."""
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)

    def read(**environ):
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(config.settings.geocoder)

    yield read
    monkeypatch.undo()
    importlib.reload(config.settings.geocoder)


def test_defaults(read):
    module = read()
    assert module.GEOCODER_FALLBACK_URL == ""
    assert module.GEOCODER_BACKEND == "nominatim"
    assert module.GEOCODER_FALLBACK_MIN_DELAY == 1.0
    assert module.GEOCODER_FALLBACK_TIMEOUT == 10.0
    assert module.GEOCODER_FALLBACK_USER_AGENT == "incident-map-geocoder"
    assert module.GEOCODER_INDEX_FRESHNESS == 5.0


def test_the_running_settings_read_the_module():
    for name in NAMES:
        assert getattr(django_settings, name) == getattr(config.settings.geocoder, name)


def test_values_are_read(read):
    module = read(
        GEOCODER_FALLBACK_URL=" https://geo.example.org/nominatim/ ",
        GEOCODER_BACKEND="Photon",
        GEOCODER_FALLBACK_MIN_DELAY="0",
        GEOCODER_FALLBACK_TIMEOUT="2.5",
        GEOCODER_FALLBACK_USER_AGENT="incident-map (ops@example.org)",
        GEOCODER_INDEX_FRESHNESS="0",
    )
    assert module.GEOCODER_FALLBACK_URL == "https://geo.example.org/nominatim"
    assert module.GEOCODER_BACKEND == "photon"
    assert module.GEOCODER_FALLBACK_MIN_DELAY == 0.0
    assert module.GEOCODER_FALLBACK_TIMEOUT == 2.5
    assert module.GEOCODER_FALLBACK_USER_AGENT == "incident-map (ops@example.org)"
    assert module.GEOCODER_INDEX_FRESHNESS == 0.0


@pytest.mark.parametrize(
    ("name", "value", "fix"),
    [
        ("GEOCODER_FALLBACK_URL", "nominatim.example.org", "absolute http"),
        ("GEOCODER_FALLBACK_URL", "ftp://nominatim.example.org", "absolute http"),
        ("GEOCODER_FALLBACK_URL", "https://", "absolute http"),
        ("GEOCODER_BACKEND", "google", "one of nominatim, photon"),
        ("GEOCODER_FALLBACK_MIN_DELAY", "-1", "0 or more"),
        ("GEOCODER_FALLBACK_MIN_DELAY", "one second", "number of seconds"),
        ("GEOCODER_FALLBACK_MIN_DELAY", "nan", "number of seconds"),
        ("GEOCODER_FALLBACK_TIMEOUT", "0", "more than 0"),
        ("GEOCODER_FALLBACK_TIMEOUT", "-5", "more than 0"),
        ("GEOCODER_FALLBACK_USER_AGENT", "  ", "must not be empty"),
        ("GEOCODER_INDEX_FRESHNESS", "-0.5", "0 or more"),
        ("GEOCODER_INDEX_FRESHNESS", "5s", "number of seconds"),
    ],
)
def test_bad_values_are_refused_with_the_fix(read, name, value, fix):
    with pytest.raises(ImproperlyConfigured, match=name) as error:
        read(**{name: value})
    assert fix in str(error.value)


def test_the_app_does_not_start_with_a_bad_value():
    environ = {**os.environ, "GEOCODER_BACKEND": "google"}
    environ.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=django_settings.BASE_DIR,
    )
    assert done.returncode != 0
    assert "GEOCODER_BACKEND='google' must be one of nominatim, photon" in done.stderr
