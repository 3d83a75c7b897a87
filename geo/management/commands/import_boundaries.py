from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from geo.cities import city_slugs_text
from geo.geometry import MAX_BOUNDARY_VERTICES
from geo.services import BoundaryImportError, district_boundaries_import


class Command(BaseCommand):
    help = (
        "Attach district polygons from a vector file (GeoJSON, GeoPackage, Shapefile) "
        "to existing districts, matching names through their aliases."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--city", required=True, help=city_slugs_text())
        parser.add_argument(
            "--name-field",
            required=True,
            help="the attribute that holds district names",
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="apply the matched districts even when some names match none",
        )

    def handle(self, *args, **options):
        try:
            report = district_boundaries_import(
                path=options["file"],
                city_slug=options["city"],
                name_field=options["name_field"],
                partial=options["partial"],
            )
        except BoundaryImportError as exc:
            raise CommandError(str(exc)) from exc
        for slug, (before, after) in report.simplified.items():
            self.stdout.write(
                self.style.WARNING(
                    f"simplified {slug}: {before} vertices to {after} "
                    f"(at most {MAX_BOUNDARY_VERTICES} are kept)"
                )
            )
        for name in report.unmatched:
            self.stdout.write(self.style.WARNING(f"not matched: {name}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Boundaries applied to {len(report.applied)} districts: "
                + ", ".join(report.applied)
            )
        )
