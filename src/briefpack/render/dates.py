"""Dates of a brief to the words printed on its pages, in English whatever the locale."""

from __future__ import annotations

import datetime as dt

from briefpack.brief.model import PartialDate

#: English month names, fixed: `%B` would follow the process's locale.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_partial_date(date: PartialDate) -> str:
    if date.day:
        return format_date(dt.date(date.year, date.month, date.day))
    if date.month:
        return f"{MONTHS[date.month - 1]} {date.year}"
    return str(date.year)


def format_embargo(when: dt.datetime) -> str:
    offset = int((when.utcoffset() or dt.timedelta()).total_seconds())
    hours, minutes = divmod(abs(offset) // 60, 60)
    zone = f"UTC{'-' if offset < 0 else '+'}{hours:02d}:{minutes:02d}" if offset else "UTC"
    return f"{when:%H:%M} {zone} ON {format_date(when.date()).upper()}"
