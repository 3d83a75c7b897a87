"""Exports to files, written in chunks so memory stays flat at any size."""

import itertools
import struct
import sys
from pathlib import Path

from tqdm import tqdm

from incidents.access import COMMAND_LINE
from incidents.filters import IncidentFilter
from incidents.selectors import (
    incident_export_rows,
    incident_list,
    report_city_totals,
)
from incidents.serializers import (
    EXPORT_COLUMNS,
    city_total_json,
    csv_rows,
    export_properties,
    export_values,
    feature_collection,
    incident_url_template,
)

CHUNK = 5000
FILE_FORMATS = ("geojson", "csv", "gpkg", "xlsx")


# The GeoPackage's column types where a column is not text.
_GPKG_TYPES = {
    "event_id": "int64",
    "latitude": "float64",
    "longitude": "float64",
    "fatalities": "int32",
    "injured": "int32",
    "geocode_confidence": "float64",
}


def _point_wkb(lon: float | None, lat: float | None) -> bytes | None:
    """A point as little-endian WKB; None for incidents without a point."""
    return None if lon is None else struct.pack("<BIdd", 1, 1, lon, lat)


def _write_gpkg(rows, path: Path, page_url: str) -> int:
    """The rows streamed to GDAL in Arrow batches of CHUNK (pyogrio's write_arrow):
    one open of the file, memory flat."""
    # Imported here: only a GeoPackage needs them (pyogrio brings pandas).
    import pyarrow as pa
    from pyogrio.raw import write_arrow

    schema = pa.schema(
        [
            (name, pa.type_for_alias(_GPKG_TYPES.get(name, "string")))
            for name in EXPORT_COLUMNS
        ]
        + [("geometry", pa.binary())]
    )
    longitude, latitude = (
        EXPORT_COLUMNS.index("longitude"),
        EXPORT_COLUMNS.index("latitude"),
    )
    # One iterator for every chunk: islice over a tqdm starts a new generator per
    # chunk; dropping the first closes the bar, and dropping a later one, which
    # walks the rows with `yield from` once the bar is closed, closes the rows.
    rows = iter(rows)
    count = 0

    def batches():
        nonlocal count
        while chunk := list(itertools.islice(rows, CHUNK)):
            values = [export_values(row, page_url=page_url) for row in chunk]
            columns = [list(column) for column in zip(*values, strict=True)]
            columns.append(
                [
                    _point_wkb(lon, lat)
                    for lon, lat in zip(
                        columns[longitude], columns[latitude], strict=True
                    )
                ]
            )
            count += len(chunk)
            yield pa.RecordBatch.from_arrays(
                [
                    pa.array(c, type=f.type)
                    for c, f in zip(columns, schema, strict=True)
                ],
                schema=schema,
            )

    path.unlink(missing_ok=True)
    write_arrow(
        pa.RecordBatchReader.from_batches(schema, batches()),
        str(path),
        layer="incidents",
        driver="GPKG",
        geometry_name="geometry",
        geometry_type="Point",
        crs="EPSG:4326",
    )
    return count


def _write_xlsx(rows, path: Path, page_url: str) -> int:
    """A workbook written row by row (openpyxl's write-only mode keeps memory flat),
    numbers as numbers, texts as texts (openpyxl would store "=HYPERLINK(…)" in a
    headline as a formula), the header row frozen."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("incidents")
    sheet.freeze_panes = "A2"
    sheet.append(EXPORT_COLUMNS)

    def cell(value):
        if not (isinstance(value, str) and value.startswith("=")):
            return value
        text = WriteOnlyCell(sheet, value=value)
        text.data_type = "s"
        return text

    count = 0
    for row in rows:
        sheet.append([cell(v) for v in export_values(row, page_url=page_url)])
        count += 1
    workbook.save(path)
    return count


def export_to_file(
    *,
    filters: IncidentFilter,
    fmt: str,
    path: Path,
    base_url: str,
    filter_url: str = "",
    progress: bool = False,
    user=COMMAND_LINE,
) -> int:
    """Write the matching incidents to `path`; each row's permalink is its incident
    page under `base_url`, and a GeoJSON file also carries `filter_url`, the map
    showing them all. `user` is whose rules apply: the command line sees all."""
    page_url = incident_url_template(base_url)
    rows = incident_export_rows(filters=filters, user=user)
    if progress:
        rows = tqdm(
            rows,
            total=incident_list(filters=filters, user=user).count(),
            desc="exporting",
            unit="incident",
            file=sys.stderr,
        )
    if fmt == "gpkg":
        return _write_gpkg(rows, path, page_url)
    if fmt == "xlsx":
        return _write_xlsx(rows, path, page_url)
    counted = _Counting(rows)
    with path.open("w", encoding="utf-8", newline="") as out:
        if fmt == "csv":
            parts = csv_rows(counted, page_url=page_url)
        else:
            parts = feature_collection(
                counted,
                lambda row: export_properties(row, page_url=page_url),
                extra={
                    "permalink": filter_url,
                    "city_totals": [
                        city_total_json(total)
                        for total in report_city_totals(filters=filters, user=user)
                    ],
                },
            )
        for part in parts:
            out.write(part)
    return counted.count


class _Counting:
    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row
