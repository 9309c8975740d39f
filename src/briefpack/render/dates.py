"""Dates and times of a brief to the words printed on its pages, in the brief's language.

The forms come from CLDR through Babel, for the language tag given: the long date
(`30 March 2021`, `30 mars 2021`, `30. März 2021`, `March 30, 2021` in en-US), the
month and year (`March 2021`, `Μάρτιος 2021`) and the short time (`14:30`, or
`2:30 PM` where the language counts twelve hours). The locale is always named:
nothing follows the machine's locale settings. CLDR's narrow no-break space
(`2:30 PM`, `2021 г.`) is printed as a no-break space: ReportLab would break a
line at it.

Loading Babel and a language's CLDR data takes a new process some 40 ms, more than
laying out a page. So what Babel printed for each date is kept, per language, in
the disk cache (as parsed hyphenation patterns are): a new process that prints
dates it has printed before does not load Babel at all. Babel's locales are loaded
once per process when it is needed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from briefpack.brief.values import PartialDate
from briefpack.common.disk_cache import Entry, entry_for, read_entry, write_entry

if TYPE_CHECKING:
    from babel import Locale

#: The language of a brief without `lang`.
DEFAULT_LANG = "en-GB"

#: Tags whose dates and times take another tag's forms: `en` alone is British
#: English in briefpack, as a brief without `lang` is, where CLDR's `en` is US
#: English (`March 30, 2021`, `2:30 PM`). `en-US` keeps the US forms.
DATES_AS = {"en": "en-GB"}


@lru_cache(maxsize=64)
def _locale(lang: str) -> Locale:
    from babel import Locale

    return Locale.parse(lang, sep="-")


#: Most dates kept per language on disk.
MEMO_SIZE = 2000


#: Short times as the newsrooms of a language write them, where that is not CLDR's:
#: Greek papers use the 24-hour clock (`18:30`, CLDR `6:30 μ.μ.`), Dutch ones a
#: full stop (`18.30 uur`, as the Taalunie advises for running text; CLDR `18:30`).
TIME_PATTERNS = {"el": "HH:mm", "nl": "HH.mm"}


def _language(lang: str) -> str:
    return lang.split("-")[0].lower()


def _babel_date(day: dt.date, lang: str) -> str:
    from babel.dates import format_date as babel_date

    text = _no_break(babel_date(day, "long", locale=_locale(lang)))
    if _language(lang) == "fr" and day.day == 1 and text.startswith("1 "):
        text = "1er" + text[1:]  # French writes the first of the month as an ordinal
    return text


def format_date(day: dt.date, lang: str = DEFAULT_LANG) -> str:
    """The long date: `30 March 2021` in en-GB."""
    lang = DATES_AS.get(lang, lang)
    return _remembered(lang, f"date:{day.isoformat()}", lambda: _babel_date(day, lang))


def format_partial_date(date: PartialDate, lang: str = DEFAULT_LANG) -> str:
    """A timeline or source date at its precision: a day, a month and year, or a year."""
    lang = DATES_AS.get(lang, lang)
    if date.day:
        return format_date(dt.date(date.year, date.month, date.day), lang)
    if date.month:
        if date.year < 1:  # no calendar date for year 0: the month's name alone, then the year
            from babel.dates import get_month_names

            names = get_month_names("wide", "stand-alone", _locale(lang))
            return f"{names[date.month]} {date.year}"
        month = dt.date(date.year, date.month, 1)

        def babel_month() -> str:
            from babel.dates import format_skeleton

            return _no_break(format_skeleton("yMMMM", month, locale=_locale(lang)))

        return _remembered(lang, f"month:{month.isoformat()}", babel_month)
    return str(date.year)


def format_time(time: dt.time, lang: str = DEFAULT_LANG) -> str:
    """The short time as the language writes it: `14:30`, `2:30 PM`."""
    lang = DATES_AS.get(lang, lang)

    def babel_time() -> str:
        from babel.dates import format_time as babel_format_time

        pattern = TIME_PATTERNS.get(_language(lang), "short")
        return _no_break(babel_format_time(time, pattern, locale=_locale(lang)))

    return _remembered(lang, f"time:{time.isoformat('minutes')}", babel_time)


_MEMOS: dict[str, tuple[Entry | None, dict[str, str]]] = {}
#: Languages with dates not yet written to the disk cache.
_UNSAVED: set[str] = set()


def _remembered(lang: str, key: str, make: Callable[[], str]) -> str:
    """What `make` prints for `key` in `lang`: from this process, from the disk
    cache, or made now (and kept on disk by `save_dates`)."""
    if lang not in _MEMOS:
        _MEMOS[lang] = _read_memo(lang)
    memo = _MEMOS[lang][1]
    text = memo.get(key)
    if text is None:
        text = memo[key] = make()
        _UNSAVED.add(lang)
    return text


def save_dates() -> None:
    """Keep the dates printed since the last call in the disk cache (once per render:
    a timeline of a thousand new dates is written once, not a thousand times)."""
    for lang in sorted(_UNSAVED & set(_MEMOS)):
        entry, memo = _MEMOS[lang]
        if entry is not None and len(memo) <= MEMO_SIZE:
            write_entry(entry, memo)
    _UNSAVED.clear()


def _read_memo(lang: str) -> tuple[Entry | None, dict[str, str]]:
    """The dates kept for `lang`, checked against Babel's data file for it (a new
    Babel, or new data, starts afresh)."""
    spec = find_spec("babel")
    folders = spec.submodule_search_locations if spec else None
    if not folders:
        return None, {}
    source = Path(list(folders)[0]) / "locale-data" / f"{lang.replace('-', '_')}.dat"
    entry = entry_for("dates", source, ("babel-dates", "2"))
    kept = read_entry(entry) if entry else None
    if isinstance(kept, dict) and all(
        isinstance(key, str) and isinstance(value, str) for key, value in kept.items()
    ):
        return entry, dict(kept)
    return entry, {}


#: A word of one or two letters in a date ("de", "of") and the space after it,
#: before a number (the year).
_SHORT_WORD = re.compile(r"(?<!\S)([^\W\d_]{1,2}) (?=\d)")


def bind_short_words(text: str) -> str:
    """A date with a word of one or two letters before the year bound to it by a
    no-break space: in a narrow column "30 de marzo / de 2021", not "30 de marzo
    de / 2021" (and "30 de / septiembre / de 2021": the day keeps its "de")."""
    return _SHORT_WORD.sub("\\1\u00a0", text)


def unbroken(text: str) -> str:
    """A date on one line wherever it is set (a note's "30 de marzo de 2021", not
    "30 de / marzo de 2021"): its spaces made no-break spaces."""
    return text.replace(" ", "\u00a0")


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
