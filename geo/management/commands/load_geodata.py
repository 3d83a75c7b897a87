from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from geo.services import gazetteer_load
from geo.sources import GeodataError


class Command(BaseCommand):
    help = "Load cities, districts, streets and places from the gazetteer sources."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=None,
            help="folder with the sources (default: the GEODATA_DIR setting)",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        data_dir = (options["dir"] or settings.GEODATA_DIR).resolve()
        if not data_dir.is_dir():
            raise CommandError(
                f"{data_dir} is not a folder; pass --dir or set GEODATA_DIR"
            )
        try:
            report = gazetteer_load(
                data_dir=data_dir, progress=not options["no_progress"]
            )
        except GeodataError as exc:
            raise CommandError(
                f"{exc}\nNothing was loaded: the database is as it was."
            ) from exc
        for name, counts in report.counts.items():
            self.stdout.write(
                f"{name:>17}: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged"
                + (
                    f", {counts.skipped} skipped (outside the city)"
                    if counts.skipped
                    else ""
                )
            )
        if options["verbosity"] > 1:
            for note in report.notes:
                self.stdout.write(f"note: {note}")
        elif report.notes:
            self.stdout.write(f"{len(report.notes)} notes (-v 2 to list them)")
        self.stdout.write(
            self.style.SUCCESS(
                "Gazetteer loaded."
                if report.changed
                else "Gazetteer already up to date."
            )
        )
