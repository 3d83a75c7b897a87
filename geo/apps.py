from django.apps import AppConfig
from django.conf import settings


class GeoConfig(AppConfig):
    name = "geo"
    verbose_name = "Gazetteer"

    def ready(self):
        # pyogrio and pyproj wheels carry their own GDAL, SQLite and PROJ. SQLite
        # loads mod_spatialite with RTLD_GLOBAL, so the system copies of those
        # libraries would take over the bundled ones' symbols and crash GDAL
        # (GeoPackage reads segfault). Loading the wheels first binds them to their
        # own copies. Only then: pyogrio brings geopandas and pandas with it
        # (0.2 s and ~100 MB), which on PostGIS only a GeoPackage needs.
        if any(
            database["ENGINE"].endswith("spatialite")
            for database in settings.DATABASES.values()
        ):
            import pyogrio  # noqa: F401
            import pyproj  # noqa: F401

        from geo import signals

        signals.connect()
