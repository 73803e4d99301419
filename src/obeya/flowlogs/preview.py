"""The first rows of an uploaded log, and the column mapping guessed from its header.

The mapping page shows them so the user checks what each column holds before the whole file is
read. Each format is read only as far as the preview needs (a CSV's first lines, a Parquet
file's first row group, an XES file's first events), so a 200 MB log previews at once. Column
names come out as `obeya.core.eventlog.read_log` names them (a blank CSV header becomes
"column 3", a repeated one "Date.2"), and XES trace attributes as `case:<key>`.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

from obeya.core.eventlog import EventLogError, RowError, detect_columns

PREVIEW_ROWS = 20
FIELDS = ("case", "activity", "timestamp", "start", "resource", "cost", "lifecycle")
REQUIRED = ("case", "activity", "timestamp")


@dataclass(frozen=True)
class Preview:
    columns: list[str]
    rows: list[list[str]]


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(2) == b"\x1f\x8b"


def _open_text(path: Path) -> io.TextIOWrapper:
    raw = gzip.open(path) if _is_gzip(path) else open(path, "rb")  # noqa: SIM115
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def unique_names(header: Sequence[str]) -> list[str]:
    """Column names as the event log reader makes them: blanks numbered, repeats suffixed."""
    names: list[str] = []
    for i, name in enumerate(header):
        name = name.strip() or f"column {i + 1}"
        base, k = name, 2
        while name in names:
            name, k = f"{base}.{k}", k + 1
        names.append(name)
    return names


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv(path: Path, rows: int) -> Preview:
    with _open_text(path) as f:
        sample = f.read(1 << 16)
    try:
        dialect: Any = csv.Sniffer().sniff(sample.split("\n", 20)[0] + "\n", delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    with _open_text(path) as f:
        reader = csv.reader(f, dialect)
        header = next(reader, None)
        if not header:
            raise EventLogError(message="the file is empty")
        body = [row for _i, row in zip(range(rows), reader, strict=False)]
    return Preview(unique_names(header), body)


def _xlsx(path: Path, rows: int) -> Preview:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        header: list[str] | None = None
        body: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            cells = [_shown(v) for v in values]
            if not any(cells):
                continue
            if header is None:
                while cells and not cells[-1]:
                    cells.pop()
                header = cells
                continue
            body.append(cells[: len(header)])
            if len(body) >= rows:
                break
    finally:
        book.close()
    if header is None:
        raise EventLogError(message="the sheet is empty")
    return Preview(unique_names(header), body)


def _parquet(path: Path, rows: int) -> Preview:
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as f:
        columns = list(f.schema_arrow.names)
        body: list[list[str]] = []
        for batch in f.iter_batches(batch_size=rows):
            body = [[_shown(r[c]) for c in columns] for r in batch.to_pylist()]
            break
    return Preview(columns, body)


class _Enough(Exception):
    pass


def _xes(path: Path, rows: int) -> Preview:
    """The first events, one row each: their attributes and their trace's (as case:<key>)."""
    parser = expat.ParserCreate()
    columns: dict[str, None] = {}
    events: list[dict[str, str]] = []
    trace: dict[str, str] = {}
    depth = 0
    trace_depth = event_depth = -9
    current: dict[str, str] = {}

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth, trace_depth, event_depth, current, trace
        depth += 1
        local = name.rpartition(":")[2]
        if local == "trace":
            trace_depth, trace = depth, {}
        elif local == "event" and event_depth < 0:
            event_depth, current = depth, {}
        elif "key" in attrs and "value" in attrs:
            if depth == event_depth + 1:
                current[attrs["key"]] = attrs["value"]
            elif depth == trace_depth + 1 and event_depth < 0:
                trace["case:" + attrs["key"]] = attrs["value"]

    def end(name: str) -> None:
        nonlocal depth, event_depth
        if depth == event_depth:
            event_depth = -9
            row = {**trace, **current}
            for key in row:
                columns.setdefault(key, None)
            events.append(row)
            if len(events) >= rows:
                raise _Enough
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    opener = gzip.open if _is_gzip(path) else open
    try:
        with opener(path, "rb") as f:
            parser.ParseFile(f)
    except _Enough:
        pass
    except expat.ExpatError as exc:
        raise EventLogError(
            [RowError(exc.lineno, "", "", f"malformed XML: {expat.ErrorString(exc.code)}")],
            message="not a well-formed XES file",
        ) from exc
    names = list(columns)
    return Preview(names, [[e.get(c, "") for c in names] for e in events])


def read_preview(path: str | Path, file_format: str, rows: int = PREVIEW_ROWS) -> Preview:
    """The header and the first `rows` rows of a log; EventLogError when it cannot be read."""
    path = Path(path)
    readers = {"csv": _csv, "xlsx": _xlsx, "parquet": _parquet, "xes": _xes}
    try:
        preview = readers[file_format](path, rows)
    except EventLogError:
        raise
    except Exception as exc:  # a zip that is no workbook, a Parquet footer missing, bad bytes
        raise EventLogError(message=f"the file cannot be read as {file_format}: {exc}") from exc
    if not preview.columns:
        raise EventLogError(message="the file has no column")
    return preview


# Sentinels that fold to the last candidate name of each required field in docs/flow.md
# (" completed" reads as "completed"): appended after the file's columns, they let
# `detect_columns` finish when a required column is missing, and are then dropped, so the page
# pre-selects what was found. Being last, they never take the place of a real column.
_SENTINELS = {"case": " process instance", "activity": " operation", "timestamp": " completed"}


def detect_mapping(columns: Sequence[str]) -> dict[str, str | None]:
    """Field -> column for every field `detect_columns` recognises; None where none fits."""
    names = list(columns) + [s for s in _SENTINELS.values() if s not in columns]
    try:
        found = asdict(detect_columns(names))
    except EventLogError:
        return dict.fromkeys(FIELDS)
    return {f: (found.get(f) if found.get(f) in columns else None) for f in FIELDS}
