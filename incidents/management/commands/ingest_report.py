from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incidents.extraction import extract_report
from incidents.ingestion import ReportError, incident_merge_candidate, report_ingest
from incidents.reports import report_file_and_date


class Command(BaseCommand):
    help = (
        "Read a news report (.txt or .html), propose its incidents and store them in "
        "review status. A proposal that may report an incident already stored is "
        "named, and merged into it only with --merge."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--published", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--url", default="")
        parser.add_argument("--outlet", default="")
        parser.add_argument(
            "--merge",
            action="store_true",
            help="merge proposals into the stored incidents they match, unreviewed",
        )

    def handle(self, *args, **options):
        try:
            text, published = report_file_and_date(
                options["file"], options["published"]
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        proposals = extract_report(text, published=published)
        # A match is a guess (same city, district, type and overlapping time): merged
        # unreviewed, a junk report would change the figures of a published incident.
        # Without --merge it becomes an incident of its own, in review, named here.
        matches = {}
        for index, proposal in enumerate(proposals):
            candidate = incident_merge_candidate(proposal=proposal)
            if candidate is not None:
                matches[index] = candidate
        merges = (
            {index: match.pk for index, match in matches.items()}
            if options["merge"]
            else {}
        )
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
        for index, incident in result.created_from.items():
            match = matches.get(index)
            self.stdout.write(
                f"created #{incident.pk}: {incident.title}"
                + (
                    f" (may report the same strike as #{match.pk}: {match.title}; "
                    "review both, or ingest with --merge)"
                    if match
                    else ""
                )
            )
        for incident in result.merged:
            self.stdout.write(f"merged into #{incident.pk}: {incident.title}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.created)} incidents created, {len(result.merged)} merged."
            )
        )
