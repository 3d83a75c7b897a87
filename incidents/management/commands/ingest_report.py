import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incidents.management.commands.extract_report import figure_text
from incidents.reports.files import report_file_and_date
from incidents.reports.services import ReportError, report_ingest, report_propose


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
        ingest_and_describe(
            self,
            text=text,
            published=published,
            url=options["url"],
            outlet=options["outlet"],
            merge=options["merge"],
        )


def ingest_and_describe(
    command: BaseCommand,
    *,
    text: str,
    published: dt.date,
    url: str = "",
    outlet: str = "",
    merge: bool = False,
) -> None:
    """Ingest one report and say on the command's output what became of it."""
    proposal = report_propose(text=text, published=published, url=url)
    # A match is a guess (same city, district, type and overlapping time): merged
    # unreviewed, a junk report would change the figures of a published incident.
    # Without --merge it becomes an incident of its own, in review, named here.
    matches = {i: c for i, c in enumerate(proposal.candidates) if c is not None}
    try:
        result = report_ingest(
            text=text,
            published=published,
            proposals=proposal.incidents,
            city_totals=proposal.city_totals,
            url=url,
            outlet=outlet,
            merges={i: match.pk for i, match in matches.items()} if merge else {},
        )
    except ReportError as exc:
        raise CommandError(str(exc)) from exc
    out = command.stdout
    if result.duplicate:
        out.write(
            f"Already ingested as source {result.source.pk} ({result.source}); "
            "nothing created."
        )
        return
    for index, incident in result.created_from.items():
        match = matches.get(index)
        out.write(
            f"created #{incident.pk}: {incident.title}"
            + (
                f" (may report the same strike as #{match.pk}: {match.title}; "
                "review both, or ingest with --merge)"
                if match
                else ""
            )
        )
    for incident in result.merged:
        out.write(f"merged into #{incident.pk}: {incident.title}")
    for total in proposal.city_totals:
        out.write(
            f"recorded the report's total for {total.city}: killed "
            f"{figure_text(total.fatalities)}, injured {figure_text(total.injured)} "
            "(not an incident)"
        )
    out.write(
        command.style.SUCCESS(
            f"{len(result.created)} incidents created, {len(result.merged)} merged."
        )
    )
