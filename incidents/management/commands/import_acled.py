import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from incidents.choices import Status
from incidents.geocoding import incident_geocode_many
from incidents.imports.acled import (
    AcledImportError,
    acled_deleted_mark,
    acled_import,
)
from incidents.imports.acled_rows import RowError
from incidents.models import Incident

GEOCODE_BATCH = 200


class Command(BaseCommand):
    help = (
        "Import ACLED's data export (CSV or XLSX, ACLED's column names; the app's own "
        "export reads back too): the events in Kyiv and Donetsk become incidents, "
        "placed from their notes by the gazetteer. All of the file or nothing; "
        "importing the same file again changes nothing. With --deleted, FILE is "
        "ACLED's list of deleted events: those imported are marked and listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--status",
            default=Status.REVIEW,
            choices=Status.values,
            help="the status of new incidents (default: review)",
        )
        parser.add_argument(
            "--deleted", action="store_true", help="FILE lists ACLED's deleted events"
        )
        parser.add_argument(
            "--no-geocode",
            action="store_true",
            help="leave the placing to the worker instead of doing it now",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            if options["deleted"]:
                return self._deleted(path)
            summary = acled_import(
                path=path,
                status=options["status"],
                progress=not options["no_progress"],
            )
        except (AcledImportError, RowError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        self._report(summary)
        if summary.to_geocode and not options["no_geocode"]:
            self._geocode(summary.to_geocode, progress=not options["no_progress"])

    def _report(self, summary):
        self.stdout.write(
            f"read {summary.read} rows: {summary.created} incidents created, "
            f"{summary.updated} updated, {summary.unchanged} unchanged; skipped "
            f"{summary.outside} outside Kyiv and Donetsk"
        )
        if summary.other_types:
            kinds = ", ".join(f"{k}: {n}" for k, n in summary.other_types.most_common())
            self.stdout.write(f"skipped types the map does not hold ({kinds})")
        if summary.regional:
            self.stdout.write(
                f"skipped {summary.regional} placed by ACLED at a region's capital "
                "only (geo_precision 3)"
            )
        if summary.kept_edits:
            kept = ", ".join(f"{k}: {n}" for k, n in sorted(summary.kept_edits.items()))
            self.stdout.write(f"kept analysts' edits over ACLED's revisions ({kept})")
        if summary.left:
            self.stdout.write(
                f"{len(summary.left)} imported events are now outside Kyiv and "
                "Donetsk or of a type the map does not hold, by ACLED's revision; "
                "their incidents are left as they were:"
            )
            for event in summary.left:
                self.stdout.write(
                    f"  {event.event_id_cnty}: incident {event.incident_id} "
                    f"({event.row.get('location', '')}, "
                    f"{event.row.get('event_type', '')})"
                )

    def _geocode(self, ids: list[int], *, progress: bool):
        bar = tqdm(
            total=len(ids),
            desc="placing",
            unit="incident",
            file=sys.stderr,
            disable=not progress,
        )
        for start in range(0, len(ids), GEOCODE_BATCH):
            batch = ids[start : start + GEOCODE_BATCH]
            incident_geocode_many(incident_ids=batch)
            bar.update(len(batch))
        bar.close()
        placed = Incident.objects.filter(pk__in=ids)
        self.stdout.write(
            f"placed from the notes: {placed.filter(street__isnull=False).count()} "
            f"on a street, "
            f"{placed.filter(street__isnull=True, district__isnull=False).count()} "
            f"in a district, {placed.filter(district__isnull=True).count()} "
            "in the city only"
        )

    def _deleted(self, path: Path):
        marked = acled_deleted_mark(path=path)
        self.stdout.write(f"{len(marked)} imported events are deleted by ACLED:")
        for event in marked:
            self.stdout.write(
                f"  {event.event_id_cnty}: incident {event.incident_id} "
                f"({event.incident.get_status_display()}) {event.incident.title}"
            )
