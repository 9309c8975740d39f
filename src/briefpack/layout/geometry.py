"""A theme to what its lengths leave no room for: each problem at the value to change.

Lengths that pass one by one can still fail together: margins wider than the
page, columns narrower than a word, an indent wider than its column, a space
taller than a page. Found when the layout is loaded, each is reported at the
value that is most likely the mistake, with the room there is and what to
change, rather than as a failure of whatever brief is rendered with it.
"""

from __future__ import annotations

from collections.abc import Iterator

from .theme import Page, TextStyle, Theme
from .values import UNITS

MM = UNITS["mm"]
#: The narrowest column, and the lowest text area, a brief can be set in.
LEAST_COLUMN = 30 * MM
LEAST_HEIGHT = 50 * MM
#: The narrowest text inside a column: in a box, a quote, a table cell, past an indent.
LEAST_TEXT = 20 * MM
LEAST_DATE = 10 * MM
#: Margins wider than this are taken for the mistake rather than the page size.
WIDEST_MARGIN = 40 * MM
#: The most of the text area's height one space, padding or leading may take.
MOST_SPACE_SHARE = 1 / 4

Loc = tuple[str | int, ...]
Problem = tuple[Loc, str, str]


def mm(points: float) -> str:
    """A length for a message: '215 mm', '2.5 mm'."""
    return f"{round(points / MM, 1):g} mm"


def geometry_problems(theme: Theme, own: dict[str, TextStyle]) -> list[Problem]:
    """(loc, message, hint) for each length the others leave no room for. `theme` has
    its styles resolved; `own` are the styles as written, so that a value is
    reported where it is written, not in every style that inherits it."""
    page = theme.page
    problems = _page_problems(page)
    if problems:
        return problems
    width, height = page.width_height
    text_width = width - sum(page.side_margins())
    text_height = height - page.margin_top - page.margin_bottom
    gaps = page.column_gap * (page.columns - 1)
    column = (text_width - gaps) / page.columns
    if column < LEAST_COLUMN:
        count = page.columns
        culprit = "column_gap" if count * LEAST_COLUMN <= text_width else "columns"
        room = (
            f"leave each column {mm(column)} of the {mm(text_width)} between the margins"
            if column > 0
            else f"do not fit in the {mm(text_width)} between the margins"
        )
        hint = (
            "make column_gap smaller"
            if culprit == "column_gap"
            else "use fewer columns, or make the margins smaller"
        )
        message = (
            f"page.{culprit}: {count} columns with {mm(page.column_gap)} between them "
            f"{room}; a column needs at least {mm(LEAST_COLUMN)}"
        )
        return [(("page", culprit), message, hint)]
    problems += _in_column(theme, own, column)
    problems += _spaces(theme, own, text_height)
    problems += _leading_problems(theme, own)
    # One problem for each value: a padding too wide is not also said to be too tall.
    unique: dict[Loc, Problem] = {}
    for problem in problems:
        unique.setdefault(problem[0], problem)
    return list(unique.values())


def _page_problems(page: Page) -> list[Problem]:
    """Margins that leave too little of the page for text, across or down."""
    width, height = page.width_height
    names = ("margin_inside", "margin_outside") if page.facing else ("margin_left", "margin_right")
    sides = [
        ("wide", width, names, "left and right", LEAST_COLUMN),
        ("tall", height, ("margin_top", "margin_bottom"), "top and bottom", LEAST_HEIGHT),
    ]
    problems: list[Problem] = []
    for across, extent, keys, which, least in sides:
        margins = [getattr(page, key) or 0.0 for key in keys]
        left = extent - sum(margins)
        if left >= least:
            continue
        widest = max(range(2), key=lambda i: margins[i])
        blame_size = sum(margins) < extent and margins[widest] <= WIDEST_MARGIN
        culprit = "size" if blame_size else keys[widest]
        facts = f"the page is {mm(extent)} {across} and the {which} margins take {mm(sum(margins))}"
        if left <= 0:
            message = f"the margins leave no room for text: {facts}"
        else:
            message = (
                f"the margins leave too little room for text: {facts}, leaving {mm(left)} "
                f"where text needs at least {mm(least)}"
            )
        bigger = "wider" if across == "wide" else "taller"
        hint = (
            f"make the page {bigger}, or its margins smaller"
            if blame_size
            else f"make {keys[0]} or {keys[1]} smaller"
        )
        problems.append((("page", culprit), f"page.{culprit}: {message}", hint))
    return problems


def _in_column(theme: Theme, own: dict[str, TextStyle], column: float) -> list[Problem]:
    """Indents, paddings and widths that leave too little of a column for text."""
    problems: list[Problem] = []
    inside = f"in a column {mm(column)} wide"
    quote = theme.pull_quote
    text = column - quote.indent - quote.padding
    if text < LEAST_TEXT:
        culprit = "indent" if quote.indent >= quote.padding else "padding"
        problems.append(
            (
                ("pull_quote", culprit),
                f"pull_quote.{culprit}: an indent of {mm(quote.indent)} and a padding of "
                f"{mm(quote.padding)} leave {_room(text)} for a pull quote's text {inside}",
                f"make it smaller, so that at least {mm(LEAST_TEXT)} is left",
            )
        )
    box = theme.summary_box
    text = column - box.bar_width - 2 * box.padding
    if text < LEAST_TEXT:
        culprit = "padding" if 2 * box.padding >= box.bar_width else "bar_width"
        problems.append(
            (
                ("summary_box", culprit),
                f"summary_box.{culprit}: a padding of {mm(box.padding)} on each side and a bar "
                f"of {mm(box.bar_width)} leave {_room(text)} for the summary {inside}",
                f"make it smaller, so that at least {mm(LEAST_TEXT)} is left",
            )
        )
    problems += _timeline_problems(theme, column)
    for name, style in own.items():
        indent = (style.left_indent or 0.0) + max(style.first_indent or 0.0, 0.0)
        if column - indent < LEAST_TEXT:
            culprit = (
                "left_indent"
                if (style.left_indent or 0.0) >= (style.first_indent or 0.0)
                else "first_indent"
            )
            problems.append(
                (
                    ("styles", name, culprit),
                    f"styles.{name}.{culprit}: indents of {mm(indent)} leave "
                    f"{_room(column - indent)} for the text {inside}",
                    f"make it smaller, so that at least {mm(LEAST_TEXT)} is left",
                )
            )
    return problems


def _timeline_problems(theme: Theme, column: float) -> list[Problem]:
    timeline = theme.timeline
    padding, date = timeline.padding, timeline.date_width
    date_text = date - 2 * padding
    if date_text < LEAST_DATE:
        culprit = "padding" if date >= 2 * LEAST_DATE else "date_width"
        return [
            (
                ("timeline", culprit),
                f"timeline.{culprit}: a padding of {mm(padding)} on each side of a cell leaves "
                f"{_room(date_text)} for the dates in a date column {mm(date)} wide",
                "make padding smaller"
                if culprit == "padding"
                else f"make date_width at least {mm(LEAST_DATE + 2 * padding)}",
            )
        ]
    event_text = column - date - 2 * padding
    if event_text < LEAST_TEXT:
        culprit = "date_width" if date > column / 2 else "padding"
        return [
            (
                ("timeline", culprit),
                f"timeline.{culprit}: a date column {mm(date)} wide and a padding of "
                f"{mm(padding)} on each side of a cell leave {_room(event_text)} for the "
                f"events in a column {mm(column)} wide",
                f"make it smaller, so that at least {mm(LEAST_TEXT)} is left",
            )
        ]
    return []


def _room(points: float) -> str:
    return mm(points) if points > 0 else "no room"


def _spaces(theme: Theme, own: dict[str, TextStyle], text_height: float) -> list[Problem]:
    """Spaces, paddings and leadings taller than a page can spare."""
    most = text_height * MOST_SPACE_SHARE
    problems: list[Problem] = []
    for loc, points in _vertical_lengths(theme, own):
        if points > most:
            where = ".".join(str(part) for part in loc)
            problems.append(
                (
                    loc,
                    f"{where}: {mm(points)} is more than a page can spare: the text area "
                    f"is {mm(text_height)} tall",
                    f"make it at most {mm(most)}, a quarter of that",
                )
            )
    return problems


def _vertical_lengths(theme: Theme, own: dict[str, TextStyle]) -> Iterator[tuple[Loc, float]]:
    """Every length that takes height on a page, as much as it takes."""
    masthead = theme.masthead
    for key in ("space_after", "band_space_after", "band_gap", "rule_space_before"):
        yield ("masthead", key), getattr(masthead, key)
    yield ("masthead", "band_padding"), 2 * masthead.band_padding
    yield ("summary_box", "padding"), 2 * theme.summary_box.padding
    yield ("summary_box", "space_after"), theme.summary_box.space_after
    yield ("timeline", "padding"), 2 * theme.timeline.padding
    yield ("pull_quote", "space"), theme.pull_quote.space
    yield ("footnote_area", "gap"), theme.footnote_area.gap
    yield ("footnote_area", "note_space"), theme.footnote_area.note_space
    for name, style in own.items():
        for key in ("space_before", "space_after", "leading"):
            yield ("styles", name, key), getattr(style, key) or 0.0


def _leading_problems(theme: Theme, own: dict[str, TextStyle]) -> list[Problem]:
    """Styles whose lines would overlap: a leading smaller than the size (reported
    in the style that writes one of the two, at the leading if it writes that)."""
    problems: list[Problem] = []
    for name, style in theme.styles.items():
        size, leading = style.size or 0.0, style.leading or 0.0
        written = own[name]
        if leading < size and (written.size is not None or written.leading is not None):
            key = "leading" if written.leading is not None else "size"
            problems.append(
                (
                    ("styles", name, key),
                    f"styles.{name}: the leading ({leading:g} pt) is smaller than the size "
                    f"({size:g} pt), so the lines would overlap",
                    f"make leading at least {size:g}; 1.2 to 1.4 times the size reads well",
                )
            )
    return problems
