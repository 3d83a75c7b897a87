from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import BASE_DIR, env, env_bool, env_list

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "leaflet",
    "simple_history",
    "axes",
    "csp",
    "geo",
    "incidents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files, compressed and with hashed names, before anything else runs.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "incidents.api_errors.ApiErrorMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (Django's documented order).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A personal API token's holder as the user of the data URLs (QGIS, scripts).
    "incidents.api.tokens.BearerTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in before the view.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: it refuses a locked-out account and address before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

VAR_DIR = Path(env("VAR_DIR", str(BASE_DIR / "var")))
# Databases, logs and generated credentials live here; a fresh clone has none yet.
VAR_DIR.mkdir(parents=True, exist_ok=True)


def database_from_env() -> dict:
    """SpatiaLite file by default; PostGIS when DATABASE_URL is set."""
    url = env("DATABASE_URL", "")
    if not url:
        return {
            "ENGINE": "django.contrib.gis.db.backends.spatialite",
            "NAME": Path(env("SQLITE_PATH", str(VAR_DIR / "db.sqlite3"))),
        }
    config = dj_database_url.parse(url, conn_max_age=60)
    # postgres:// and postgresql:// both mean PostGIS here: the models are spatial.
    if config["ENGINE"] in {
        "django.db.backends.postgresql",
        "django.contrib.gis.db.backends.postgis",
    }:
        config["ENGINE"] = "django.contrib.gis.db.backends.postgis"
        # No JIT: the map's viewport queries cost just enough for PostgreSQL to
        # compile them, which took ~2 s of a 0.7 s query's 2.7 s at 1,000,000
        # incidents (the query itself: 0.2 s). This app's queries never gain from it.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    else:
        raise ValueError(
            f"DATABASE_URL must point at PostgreSQL/PostGIS, not {config['ENGINE']}"
        )
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Debian's libspatialite; the path is configurable for other systems.
SPATIALITE_LIBRARY_PATH = env("SPATIALITE_LIBRARY_PATH", "mod_spatialite")
# Debian 12 ships GDAL 3.6, which cannot block file access from spatial references;
# this app reads only files its users hand it.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
if env("GDAL_LIBRARY_PATH", ""):
    GDAL_LIBRARY_PATH = env("GDAL_LIBRARY_PATH")

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

# The UI speaks English and Ukrainian. LocaleMiddleware picks the language from the
# language cookie (set by the switch in base.html through /i18n/setlang/), else from
# the browser's Accept-Language; anything else (Russian included) falls back to
# English, the language every analyst on the project reads.
LANGUAGE_CODE = "en"
# The switch shows each language in its own name, from Django's LANG_INFO.
LANGUAGES = [("en", "English"), ("uk", "Ukrainian")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# British English dates on a 24-hour clock ("12 Jun 2024, 23:50"), Ukrainian ones
# with the genitive month ("12 червня 2024 р."): config/formats/<language>/.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
# Empty until collectstatic runs (development, tests); whitenoise warns without it.
STATIC_ROOT.mkdir(exist_ok=True)
# collectstatic writes each file with a hash in its name, gzipped beside it;
# whitenoise serves them with a year's Cache-Control (scripts/run.sh runs it).
# With DEBUG on, pages link the plain names and whitenoise reads static/ directly.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# A report of REPORT_MAX_CHARS (incidents/reports/forms.py) in Cyrillic is about 1.2 MB
# form-encoded, and the review step posts it again with its proposals; a larger
# request gets templates/400.html, which says the limits.
DATA_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "incident-map"
LOGOUT_REDIRECT_URL = "login"

# Where the gazetteer sources live (read in place, never copied into the repo).
GEODATA_DIR = Path(env("GEODATA_DIR", str(BASE_DIR.parent / "shared" / "data")))
SEEDS_DIR = Path(env("SEEDS_DIR", str(BASE_DIR.parent / "shared" / "seeds")))

# Where the app is served: the base of links written without a request, such as the
# incident pages' permalinks in `manage.py export_incidents` files.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"SITE_URL={SITE_URL!r} must be an absolute http(s) URL, "
        "e.g. https://incidents.example.org"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # pyogrio logs a line for every chunk a GeoPackage export appends.
        "pyogrio": {"level": "WARNING"},
        # One INFO line per sign-in and per failed attempt, with masked values.
        "axes": {"level": "WARNING"},
    },
}

from config.settings.axes import *  # noqa: E402,F403
from config.settings.cache import *  # noqa: E402,F403
from config.settings.celery import *  # noqa: E402,F403
from config.settings.csp import *  # noqa: E402,F403
from config.settings.feeds import *  # noqa: E402,F403
from config.settings.geocoder import *  # noqa: E402,F403
from config.settings.leaflet import *  # noqa: E402,F403
from config.settings.publication import *  # noqa: E402,F403
