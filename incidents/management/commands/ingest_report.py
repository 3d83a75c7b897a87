from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incidents.extraction import extract_report
from incidents.ingestion import ReportError, incident_merge_candidate, report_ingest
from incidents.reports import report_file_and_date


class Command(BaseCommand):
    help = (
        "Read a news report (.txt or .html), propose its incidents and store them in "
        "review status, merging those that report an incident already stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--published", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--url", default="")
        parser.add_argument("--outlet", default="")
        parser.add_argument(
            "--no-merge",
            action="store_true",
            help="create new incidents even where one already reports the strike",
        )

    def handle(self, *args, **options):
        try:
            text, published = report_file_and_date(
                options["file"], options["published"]
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        proposals = extract_report(text, published=published)
        merges = {}
        if not options["no_merge"]:
            for index, proposal in enumerate(proposals):
                candidate = incident_merge_candidate(proposal=proposal)
                if candidate is not None:
                    merges[index] = candidate.pk
        try:
            result = report_ingest(
                text=text,
                published=published,
                proposals=proposals,
                url=options["url"],
                outlet=options["outlet"],
                merges=merges,
            )
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        if result.duplicate:
            self.stdout.write(
                f"Already ingested as source {result.source.pk} ({result.source}); "
                "nothing created."
            )
            return
        for incident in result.created:
            self.stdout.write(f"created #{incident.pk}: {incident.title}")
        for incident in result.merged:
            self.stdout.write(f"merged into #{incident.pk}: {incident.title}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.created)} incidents created, {len(result.merged)} merged."
            )
        )
