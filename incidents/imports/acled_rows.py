"""ACLED's data export read row by row (CSV or XLSX, by ACLED's column names),
each row checked and made into an AcledRow, or an error that names its row
number and column. The app's own export (event_id, occurred_from, … permalink)
reads back through the same path.

ACLED's codebook: https://acleddata.com/acleddatanew/wp-content/uploads/dlm_uploads/2023/06/ACLED_Codebook_2023.pdf
"""

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.dateparse import parse_datetime

from incidents.choices import SUB_EVENT_TYPES_OF, EventType, SubEventType
from incidents.filters import KYIV
from incidents.serializers import codebook

# Without these a row says nothing we can map; the rest is optional.
REQUIRED = ("event_date", "event_type", "location")
ID_COLUMNS = ("event_id_cnty", "permalink", "event_id")  # the first one present

# ACLED's time_precision: 1 the day, 2 the week around event_date, 3 its month.
TIME_SPANS = {1: dt.timedelta(0), 2: dt.timedelta(days=3), 3: dt.timedelta(days=15)}
# The app's own words for the same, from its exports.
OUR_TIME_PRECISIONS = {"exact": 1, "day": 1, "approximate": 2}
OUR_GEO_PRECISIONS = {"exact": 1, "street": 1, "place": 1, "district": 2, "city": 2}
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y")


class RowError(ValueError):
    def __init__(self, row: int, column: str, message: str):
        super().__init__(f"row {row}, column {column!r}: {message}")
        self.row, self.column = row, column


@dataclass(frozen=True)
class AcledRow:
    number: int  # the row's line in the file, the header being 1
    key: str  # event_id_cnty (or, for the app's own export, its permalink)
    event_date: dt.date
    occurred_from: dt.datetime
    occurred_to: dt.datetime
    time_precision: int
    event_type: str  # our value, or "" for an ACLED type the app does not map
    event_type_label: str
    sub_event_type: str  # our value or ""
    admin1: str
    admin2: str
    admin3: str
    location: str
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    source: str
    notes: str
    fatalities: int | None
    tags: tuple[str, ...]
    timestamp: int
    raw: dict = field(compare=False)


def _by_label(choices) -> dict[str, str]:
    labels = {label.lower(): value for value, label in codebook(choices).items()}
    return labels | {value: value for value in choices.values}


def sheet_rows(path: Path) -> Iterator[list]:
    """The sheet's rows, header first, as lists of cells."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            yield from (
                list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)
            )
        finally:
            workbook.close()
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(64 * 1024)
        handle.seek(0)
        # ACLED writes commas; a spreadsheet saved again in some locales, semicolons.
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        yield from csv.reader(handle, delimiter=delimiter)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _Row:
    """One row's cells by column name, with parsers that name the column."""

    def __init__(self, number: int, values: dict):
        self.number, self.values = number, values

    def error(self, column: str, message: str) -> RowError:
        return RowError(self.number, column, message)

    def text(self, column: str) -> str:
        return cell_text(self.values.get(column))

    def integer(self, column: str, *, allowed=None) -> int | None:
        raw = self.text(column)
        if not raw:
            return None
        try:
            value = int(raw)
        except ValueError:
            raise self.error(column, f"expected a whole number, not {raw!r}") from None
        if value < 0 or (allowed is not None and value not in allowed):
            expected = f"one of {sorted(allowed)}" if allowed else "0 or more"
            raise self.error(column, f"expected {expected}, not {raw!r}")
        return value

    def number_in(self, column: str, low: float, high: float) -> float | None:
        raw = self.text(column).replace(",", ".")
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            raise self.error(column, f"expected a number, not {raw!r}") from None
        if not low <= value <= high:
            raise self.error(column, f"{value} is outside {low}..{high}")
        return value

    def date(self, column: str) -> dt.date:
        value = self.values.get(column)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        raw = cell_text(value)
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 a day
            except ValueError:
                continue
        raise self.error(
            column, f"expected a date such as 2025-08-28 or 28 August 2025, not {raw!r}"
        )

    def moment(self, column: str) -> dt.datetime | None:
        raw = self.text(column)
        if not raw:
            return None
        moment = parse_datetime(raw)
        if moment is None:
            raise self.error(column, f"expected an ISO 8601 date-time, not {raw!r}")
        return moment if moment.tzinfo else moment.replace(tzinfo=KYIV)

    def precision(self, column: str, ours: dict[str, int]) -> int | None:
        raw = self.text(column).lower()
        if raw in ours:
            return ours[raw]
        return self.integer(column, allowed={1, 2, 3})


def _span(row: _Row, day: dt.date, precision: int) -> tuple[dt.datetime, dt.datetime]:
    start, end = row.moment("occurred_from"), row.moment("occurred_to")
    if start and end:
        if end < start:
            raise row.error("occurred_to", "is before occurred_from")
        return start, end
    around = TIME_SPANS[precision]
    first = dt.datetime.combine(day - around, dt.time(), KYIV)
    last = dt.datetime.combine(day + around, dt.time(23, 59, 59), KYIV)
    return first, last


def _parse(row: _Row, key_column: str) -> AcledRow:
    for column in REQUIRED:
        if not row.text(column):
            raise row.error(column, "is empty")
    key = row.text(key_column)
    if not key:
        raise row.error(key_column, "is empty: each event needs its id")
    day = row.date("event_date")
    time_precision = row.precision("time_precision", OUR_TIME_PRECISIONS) or 1
    occurred_from, occurred_to = _span(row, day, time_precision)
    type_label = row.text("event_type")
    event_type = _by_label(EventType).get(type_label.lower(), "")
    sub_event_type = _by_label(SubEventType).get(row.text("sub_event_type").lower(), "")
    if sub_event_type not in SUB_EVENT_TYPES_OF.get(event_type, ()):
        sub_event_type = ""  # one the app does not know, or not of this type
    tags = tuple(
        tag.strip()
        for tag in row.text("tags").replace("|", ";").split(";")
        if tag.strip()
    )
    return AcledRow(
        number=row.number,
        key=key,
        event_date=day,
        occurred_from=occurred_from,
        occurred_to=occurred_to,
        time_precision=time_precision,
        event_type=event_type,
        event_type_label=type_label,
        sub_event_type=sub_event_type,
        admin1=row.text("admin1"),
        admin2=row.text("admin2"),
        admin3=row.text("admin3"),
        location=row.text("location"),
        latitude=row.number_in("latitude", -90, 90),
        longitude=row.number_in("longitude", -180, 180),
        geo_precision=row.precision("geo_precision", OUR_GEO_PRECISIONS),
        source=row.text("source"),
        notes=row.text("notes"),
        fatalities=row.integer("fatalities"),
        tags=tags,
        timestamp=row.integer("timestamp") or 0,
        raw={name: cell_text(value) for name, value in row.values.items() if name},
    )


def parse_stored(raw: dict) -> AcledRow:
    """A row kept on an AcledEvent, parsed again (what an earlier import mapped)."""
    key_column = next(c for c in ID_COLUMNS if raw.get(c))
    return _parse(_Row(0, raw), key_column)


def acled_rows(path: Path) -> tuple[int, list[AcledRow], list[RowError]]:
    """(data rows read, the rows that parsed, the errors of the others)."""
    cells = sheet_rows(path)
    try:
        header = [cell_text(name).lower() for name in next(cells)]
    except StopIteration:
        raise RowError(1, "", "the file is empty") from None
    missing = [c for c in REQUIRED if c not in header]
    key_column = next((c for c in ID_COLUMNS if c in header), None)
    if missing or key_column is None:
        wanted = missing + ([] if key_column else ["event_id_cnty"])
        raise RowError(
            1,
            wanted[0],
            f"the header lacks {', '.join(wanted)}: is this ACLED's export "
            f"(event_id_cnty, event_date, event_type, …)? It has {', '.join(header)}",
        )
    rows, errors, count = [], [], 0
    for number, values in enumerate(cells, start=2):
        if not any(cell_text(v) for v in values):
            continue  # a blank line, as spreadsheets leave at the end
        count += 1
        row = _Row(number, dict(zip(header, values, strict=False)))
        try:
            rows.append(_parse(row, key_column))
        except RowError as exc:
            errors.append(exc)
    return count, rows, errors
