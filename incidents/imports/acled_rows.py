"""ACLED's data export read row by row (CSV or XLSX, by ACLED's column names),
each row checked and made into an AcledRow, or an error that names its row
number and column. The app's own export (event_id, occurred_from, … permalink)
reads back through the same path.

ACLED's codebook: https://acleddata.com/acleddatanew/wp-content/uploads/dlm_uploads/2023/06/ACLED_Codebook_2023.pdf
"""

import csv
import datetime as dt
import re
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.dateparse import parse_datetime
from tqdm import tqdm

from incidents.choices import SUB_EVENT_TYPES_OF, EventType, SubEventType
from incidents.filters import KYIV
from incidents.serializers import FORMULA_START, codebook

# Without these a row says nothing we can map; the rest is optional.
REQUIRED = ("event_date", "event_type", "location")
ID_COLUMNS = ("event_id_cnty", "permalink", "event_id")  # the first one present

# ACLED's time_precision: 1 the day, 2 the week around event_date, 3 its month.
TIME_SPANS = {1: dt.timedelta(0), 2: dt.timedelta(days=3), 3: dt.timedelta(days=15)}
# The app's own words for the same, from its exports.
OUR_TIME_PRECISIONS = {"exact": 1, "day": 1, "approximate": 2}
OUR_GEO_PRECISIONS = {"exact": 1, "street": 1, "place": 1, "district": 2, "city": 2}
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y")
# 28/08/2025 or 08/28/2025, as a spreadsheet saved again in some locale writes
# it: which part is the day is decided for the whole file (slash_format).
_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


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
    """The sheet's rows, header first, as lists of cells; a file that cannot be
    read as a sheet is a RowError that says where and why."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        yield from _workbook_rows(path)
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        try:
            sample = handle.read(64 * 1024)
        except UnicodeDecodeError:
            raise _not_utf8(path) from None
        handle.seek(0)
        # ACLED writes commas; a spreadsheet saved again in some locales, semicolons.
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            yield from reader
        except UnicodeDecodeError:
            raise _not_utf8(path) from None
        except csv.Error as exc:
            raise RowError(reader.line_num, "", f"not readable as CSV: {exc}") from None


def _not_utf8(path: Path) -> RowError:
    """The first line that is not UTF-8, and its first byte that is not."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                return RowError(
                    number,
                    "",
                    f"not UTF-8 text (byte {line[exc.start]:#04x}); save the file as "
                    "“CSV UTF-8” and import it again",
                )
    return RowError(1, "", "not UTF-8 text")


def _workbook_rows(path: Path) -> Iterator[list]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise RowError(
            1, "", f"not an Excel workbook that can be read: {exc}"
        ) from None
    try:
        yield from (
            list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)
        )
    finally:
        workbook.close()


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()  # a spreadsheet's date cell: the day
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]  # a text the app's own CSV kept from running as a formula
    return text


def slash_format(days: Iterable[str]) -> tuple[str | None, str]:
    """How the file writes its dates with slashes: (the strptime format, "") where
    some day is over 12 and the parts agree; else (None, why)."""
    day_first = month_first = False
    for raw in days:
        if found := _SLASH_DATE.match(raw):
            first, second = int(found[1]), int(found[2])
            day_first |= first > 12
            month_first |= second > 12
    if day_first and not month_first:
        return "%d/%m/%Y", ""
    if month_first and not day_first:
        return "%m/%d/%Y", ""
    if day_first:
        return None, "the file's dates put the day first in some rows, last in others"
    return None, "no date in the file tells whether the day or the month comes first"


class _Row:
    """One row's cells by column name, with parsers that name the column."""

    def __init__(
        self, number: int, values: dict, slash: tuple[str | None, str] = (None, "")
    ):
        self.number, self.values = number, values
        self.slash = slash  # slash_format() of the file

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
        if _SLASH_DATE.match(raw):
            fmt, why = self.slash
            if fmt is None:
                raise self.error(
                    column, f"{raw!r} is ambiguous ({why}): write it as YYYY-MM-DD"
                )
            try:
                return dt.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 a day
            except ValueError:
                raise self.error(column, f"{raw!r} is not a date") from None
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 a day
            except ValueError:
                continue
        try:
            # A date-time (an earlier import kept a spreadsheet's cell so).
            return dt.datetime.fromisoformat(raw).date()
        except ValueError:
            pass
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
        # The cells as text; the day as read (a file's 28/08/2025, a sheet's date).
        raw={name: cell_text(value) for name, value in row.values.items() if name}
        | {"event_date": day.isoformat()},
    )


def parse_stored(raw: dict) -> AcledRow:
    """A row kept on an AcledEvent, parsed again (what an earlier import mapped)."""
    key_column = next(c for c in ID_COLUMNS if raw.get(c))
    # Rows kept since event_date is kept as YYYY-MM-DD hold it so; before, a date
    # with slashes was read day first.
    try:
        return _parse(_Row(0, raw, ("%d/%m/%Y", "")), key_column)
    except RowError as exc:
        raise ValueError(
            f"event {raw.get(key_column)!r}: the row kept from its last import cannot "
            f"be read again (column {exc.column!r}: {exc})"
        ) from exc


@dataclass
class SheetRead:
    read: int  # data rows
    rows: list[AcledRow]  # the rows wanted, parsed
    errors: list[RowError]  # of the rows wanted
    elsewhere: int  # rows not wanted, not parsed further


def acled_rows(
    path: Path, *, wanted: Callable[[dict], bool] | None = None, progress: bool = False
) -> SheetRead:
    """The file's rows: those `wanted` (by their cells, by column name) parsed, or
    why not; the others only counted. Two passes over the file, the first for how
    it writes its dates; memory grows with the rows wanted only."""
    header, key_column = _header(path)
    at = header.index("event_date")
    slash = slash_format(
        cell_text(values[at]) for values in _data(path) if len(values) > at
    )
    result = SheetRead(read=0, rows=[], errors=[], elsewhere=0)
    bar = tqdm(desc="reading", unit="row", file=sys.stderr, disable=not progress)
    for number, values in enumerate(_data(path), start=2):
        bar.update()
        # Not a blank line, as spreadsheets leave at the end.
        if not any(cell_text(v) for v in values):
            continue
        result.read += 1
        cells = dict(zip(header, values, strict=False))
        if wanted is not None and not wanted(cells):
            result.elsewhere += 1
            continue
        try:
            result.rows.append(_parse(_Row(number, cells, slash), key_column))
        except RowError as exc:
            result.errors.append(exc)
    bar.close()
    return result


def _data(path: Path) -> Iterator[list]:
    cells = sheet_rows(path)
    next(cells, None)  # the header
    return cells


def _header(path: Path) -> tuple[list[str], str]:
    """The header's column names, and the column of the events' ids."""
    cells = sheet_rows(path)
    try:
        header = [cell_text(name).lower() for name in next(cells)]
    except StopIteration:
        raise RowError(1, "", "the file is empty") from None
    finally:
        cells.close()
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
    return header, key_column
