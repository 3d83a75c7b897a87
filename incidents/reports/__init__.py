"""News reports into incidents, in one place:

- files: a report's text from a pasted string, an upload or a file (.txt, .html);
- services: report_propose (what a report proposes, for the Add report page,
  ingest_report and load_seed_reports alike) and the writes (report_ingest, merges);
- forms and views: the Add report page and its review.

The reading of the text itself is incidents.extraction.
"""
