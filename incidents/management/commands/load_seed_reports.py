from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from tqdm import tqdm

from incidents.management.commands.ingest_report import ingest_and_describe
from incidents.reports.files import report_text_from_file, seed_reports


class Command(BaseCommand):
    help = "Ingest the seed news reports in ../shared/seeds (once; again is a no-op)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None)

    def handle(self, *args, **options):
        seeds_dir = options["dir"] or settings.SEEDS_DIR
        reports = seed_reports(seeds_dir)
        if not reports:
            self.stdout.write(f"No seed reports in {seeds_dir}.")
            return
        for path, published, outlet in tqdm(
            reports, desc="seed reports", unit="report"
        ):
            ingest_and_describe(
                self,
                text=report_text_from_file(path),
                published=published,
                outlet=outlet,
            )
