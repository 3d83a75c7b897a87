from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "geo"
    verbose_name = "Gazetteer"

    def ready(self):
        # pyogrio and pyproj wheels carry their own GDAL, SQLite and PROJ. SQLite
        # loads mod_spatialite with RTLD_GLOBAL, so the system copies of those
        # libraries would take over the bundled ones' symbols and crash GDAL
        # (GeoPackage reads segfault). Loading the wheels first binds them to their
        # own copies.
        import pyogrio  # noqa: F401
        import pyproj  # noqa: F401

        from geo import signals

        signals.connect()
