"""The shape every report answers in, so one screen draws any of them: headline figures, charts
(labels and series, drawn by the PWA's charting library), and tables that the CSV export writes
as they are."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import msgspec

from api.domain.shared.common import invalid

TIME_BANDS = (  # (name, first minute, end minute) of a call's planned start
    ("morning", 5 * 60, 11 * 60), ("lunch", 11 * 60, 14 * 60), ("tea", 14 * 60, 18 * 60),
    ("bed", 18 * 60, 22 * 60),
)


def time_band(minute: int) -> str:
    """The agency's call slots by planned start; 22:00-05:00 is night."""
    minute %= 1440
    for name, start, end in TIME_BANDS:
        if start <= minute < end:
            return name
    return "night"


BAND_NAMES = [b[0] for b in TIME_BANDS] + ["night"]


class Figure(msgspec.Struct):
    key: str
    label: str
    value: float | None
    unit: str = ""  # "%", "per 1,000", "h", "£", "mi", "" (a count)
    good: bool | None = None  # against the benchmark or the rule, where there is one
    note: str = ""  # the benchmark or how it is worked out
    link: str = ""  # the report (PWA route) explaining this figure, on the dashboard


class Series(msgspec.Struct):
    name: str
    values: list[float | None]
    stack: str | None = None  # series with the same stack are stacked
    kind: str = ""  # "line" to draw this one as a line over bars


class Chart(msgspec.Struct):
    key: str
    title: str
    kind: str  # bar | line | hbar
    labels: list[str]
    series: list[Series]
    unit: str = ""


class Column(msgspec.Struct):
    key: str
    label: str


class Table(msgspec.Struct):
    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]


class Report(msgspec.Struct):
    report: str
    title: str
    date_from: dt.date
    date_to: dt.date
    figures: list[Figure]
    charts: list[Chart]
    tables: list[Table]
    notes: list[str] = []


def columns(*pairs: tuple[str, str]) -> list[Column]:
    return [Column(k, label) for k, label in pairs]


def pct(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def hours(minutes: float) -> float:
    return round(minutes / 60, 2)


def to_csv(report: Report, table_key: str | None) -> tuple[str, str]:
    """One table of the report as CSV (the first when none is named): (file name, text)."""
    tables = {t.key: t for t in report.tables}
    if table_key is None:
        table = report.tables[0]
    elif table_key in tables:
        table = tables[table_key]
    else:
        raise invalid("table", f"'{table_key}' is not a table of this report; one of {', '.join(tables)}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.label for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if row.get(c.key) is None else row.get(c.key) for c in table.columns])
    return f"{report.report}-{table.key}-{report.date_from}-{report.date_to}.csv", out.getvalue()
