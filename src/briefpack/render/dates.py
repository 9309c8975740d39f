"""Dates and times of a brief to the words printed on its pages, in the brief's language.

The forms come from CLDR through Babel, for the language tag given: the long date
(`30 March 2021`, `30 mars 2021`, `30. März 2021`, `March 30, 2021` in en-US), the
month and year (`March 2021`, `Μάρτιος 2021`) and the short time (`14:30`, or
`2:30 PM` where the language counts twelve hours). The locale is always named:
nothing follows the machine's locale settings. Babel's locales are loaded once per
process. CLDR's narrow no-break space (`2:30 PM`, `2021 г.`) is printed as a
no-break space: ReportLab would break a line at it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from briefpack.brief.model import PartialDate

if TYPE_CHECKING:
    from babel import Locale

#: The language of a brief without `lang`.
DEFAULT_LANG = "en-GB"


@lru_cache(maxsize=64)
def _locale(lang: str) -> Locale:
    from babel import Locale

    return Locale.parse(lang, sep="-")


def format_date(day: dt.date, lang: str = DEFAULT_LANG) -> str:
    """The long date: `30 March 2021` in en-GB."""
    from babel.dates import format_date as babel_date

    return _no_break(babel_date(day, "long", locale=_locale(lang)))


def format_partial_date(date: PartialDate, lang: str = DEFAULT_LANG) -> str:
    """A timeline or source date at its precision: a day, a month and year, or a year."""
    if date.day:
        return format_date(dt.date(date.year, date.month, date.day), lang)
    if date.month:
        if date.year < 1:  # no calendar date for year 0: the month's name alone, then the year
            from babel.dates import get_month_names

            names = get_month_names("wide", "stand-alone", _locale(lang))
            return f"{names[date.month]} {date.year}"
        from babel.dates import format_skeleton

        month = dt.date(date.year, date.month, 1)
        return _no_break(format_skeleton("yMMMM", month, locale=_locale(lang)))
    return str(date.year)


def format_time(time: dt.time, lang: str = DEFAULT_LANG) -> str:
    """The short time as the language writes it: `14:30`, `2:30 PM`."""
    from babel.dates import format_time as babel_time

    return _no_break(babel_time(time, "short", locale=_locale(lang)))


def _no_break(text: str) -> str:
    return text.replace("\u202f", "\u00a0")


def format_embargo(
    when: dt.datetime,
    lang: str = DEFAULT_LANG,
    template: str = "{time} {zone} ON {date}",
) -> str:
    """The embargo's time, its offset from UTC and its date (in capitals) in `template`."""
    offset = int((when.utcoffset() or dt.timedelta()).total_seconds())
    hours, minutes = divmod(abs(offset) // 60, 60)
    zone = f"UTC{'-' if offset < 0 else '+'}{hours:02d}:{minutes:02d}" if offset else "UTC"
    date = upper_text(format_date(when.date(), lang), lang)
    return template.format(time=format_time(when.time(), lang), zone=zone, date=date)


#: Accents that Greek drops from capitals (tonos, perispomeni, breathings); the
#: diaeresis stays.
_GREEK_CAPITAL_DROPS = frozenset("\u0301\u0342\u0313\u0314\u0345")


def upper_text(text: str, lang: str = DEFAULT_LANG) -> str:
    """Text in capitals as the language sets them (Greek capitals lose their accents)."""
    if lang.split("-")[0].lower() != "el":
        return text.upper()
    decomposed = unicodedata.normalize("NFD", text.upper())
    kept = "".join(char for char in decomposed if char not in _GREEK_CAPITAL_DROPS)
    return unicodedata.normalize("NFC", kept)
