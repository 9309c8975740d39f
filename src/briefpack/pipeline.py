"""A brief file and a layout name to a checked brief, and to PDF bytes.

Each stage is one call: read the YAML, validate the brief, load the layout,
check the figures and the glyphs, build the story, write the PDF. Nothing here
prints, exits, reads the clock or the environment: everything comes in as
arguments (`Assets` says where fonts and layouts live). The one exception changes
no output: `disk_cache`, which keeps parsed fonts and hyphenation patterns between
processes, finds its folder in the environment.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from briefpack import __version__
from briefpack.brief.figures import FigureImage, FigureProblem, load_figure
from briefpack.brief.schema_errors import name_hint
from briefpack.brief.validation import ValidatedBrief, text_fields, validate_brief
from briefpack.brief.yaml_source import Limits, read_yaml_file
from briefpack.common.diagnostics import BriefError, Diagnostic, Position, error, warning
from briefpack.layout.assets import Assets, package_assets
from briefpack.layout.loader import available_layouts, load_theme
from briefpack.layout.locales import element_tags, language_warnings, resolve_language
from briefpack.layout.theme import Theme
from briefpack.render.checked import CheckedBrief

__all__ = [
    "Assets",
    "CheckedBrief",
    "Limits",
    "RenderedBrief",
    "check_brief",
    "default_slug",
    "package_assets",
    "render_brief",
    "render_checked",
]


@dataclass(frozen=True)
class RenderedBrief:
    pdf: bytes
    warnings: tuple[Diagnostic, ...]


def default_slug(path: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug or "brief"


def check_brief(
    path: Path, assets: Assets, layout: str | None = None, display_path: str | None = None
) -> CheckedBrief:
    """Every check a render makes, without drawing a page. Raises BriefError."""
    from briefpack.common.collector import collecting_less

    # Reading and validating a long brief makes hundreds of thousands of objects
    # (positions, nodes, models), most of them kept until the check is done.
    with collecting_less():
        return _check(path, assets, layout, display_path)


def _check(
    path: Path, assets: Assets, layout: str | None, display_path: str | None
) -> CheckedBrief:
    shown = display_path or str(path)
    document = read_yaml_file(path, shown, assets.limits)
    known = available_layouts(assets.layout_dirs)
    validated = validate_brief(
        document, default_slug=default_slug(path), known_layouts=None if layout else known
    )
    brief = validated.brief
    layout_name = layout or brief.layout or "standard"
    if layout and layout not in known:
        raise BriefError([error(_unknown_layout(layout, known))])
    theme = load_theme(layout_name, assets)
    problems: list[Diagnostic] = []
    figures: dict[str, FigureImage] = {}
    width = _column_width(theme)
    for i, section in enumerate(brief.sections):
        for j, figure in enumerate(section.figures):
            loc = ("sections", i, "figures", j, "path")
            try:
                figures[figure.path] = load_figure(
                    path.parent, figure.path, assets.limits.max_pixels, width
                )
            except FigureProblem as problem:
                problems.append(error(str(problem), document.position_of(loc)))
    if problems:
        raise BriefError(problems)
    glyphs = _glyph_warnings(validated, theme, assets)
    if brief.lang:
        glyphs += language_script_warnings(
            brief.lang, theme, assets, document.position_of(("lang",))
        )
    language = resolve_language(brief.lang, theme, assets, brief.labels)
    element_languages = {
        tag: resolve_language(tag, theme, assets)
        for tag in sorted({tag for _, tag in element_tags(brief)} - {language.tag})
    }
    spoken = language_warnings(validated, language, element_languages)
    # The document ID: everything the PDF is made from, so that a changed layout
    # or figure gives a new ID as a changed brief does.
    layout = theme.model_dump_json(exclude={"labels"} if theme.labels is None else None)
    parts = [document.text.encode(), layout.encode(), __version__.encode()]
    parts += [figures[name].data for name in sorted(figures)]
    digest = hashlib.sha256(b"\0".join(parts)).hexdigest()
    found = (*validated.warnings, *spoken, *glyphs)
    return CheckedBrief(validated, theme, figures, found, digest, language, element_languages)


def render_brief(
    path: Path,
    assets: Assets,
    layout: str | None = None,
    display_path: str | None = None,
    recipient: str | None = None,
) -> RenderedBrief:
    """The PDF of one brief (stamped for `recipient`, "Name, Desk", if given).
    Raises BriefError for anything wrong with it."""
    checked = check_brief(path, assets, layout, display_path)
    return RenderedBrief(render_checked(checked, recipient), checked.warnings)


def render_checked(checked: CheckedBrief, recipient: str | None = None) -> bytes:
    """The PDF of a checked brief; a recipient's copy has its name on every page,
    in its metadata, and in its document ID."""
    from briefpack.common.collector import collecting_less

    with collecting_less():
        return _render(checked, recipient)


def _render(checked: CheckedBrief, recipient: str | None) -> bytes:
    from briefpack.layout.hyphenation import load_hyphenation, load_patterns
    from briefpack.render.dates import format_date, format_embargo, save_dates
    from briefpack.render.languages import default_language
    from briefpack.render.page_templates import RunningText, body_frame_geometry
    from briefpack.render.pdf_writer import PdfInfo, widest_lead, write_pdf
    from briefpack.render.story import Story, StoryBuilder

    brief, theme = checked.validated.brief, checked.theme
    language = checked.language or default_language(theme)
    load_hyphenation(theme)
    for spoken in (language, *checked.element_languages.values()):
        if spoken.hyphenation:
            load_patterns(spoken.hyphenation)
    _, _, width, height, column = body_frame_geometry(theme)
    others = checked.element_languages

    def build(spans: bool, summary_in_lead: bool) -> Story:
        lead_width = width if spans else None
        builder = StoryBuilder(
            brief, theme, checked.figures, column, height, lead_width, 0, language, others
        )
        builder.summary_in_lead = summary_in_lead
        return builder.build()

    story = widest_lead(build, theme)
    tag = language.tag
    embargo = format_embargo(brief.embargo, tag, language.label("embargo")) if brief.embargo else ""
    title = _plain(brief.title)
    recipient = " ".join((recipient or "").split())
    running = RunningText(
        title,
        _plain(brief.classification or ""),
        embargo,
        format_date(brief.date, tag),
        recipient,
        language.label("page"),
        language.label("prepared_for"),
    )
    keywords = tuple(
        _plain(word) for word in (brief.desk, brief.classification, checked.validated.slug) if word
    )
    info = PdfInfo(
        title=title,
        author=_plain(brief.author or ""),
        subject=_plain(brief.subtitle or brief.summary.text or title),
        keywords=keywords,
        date=brief.date,
        digest=_recipient_digest(checked.digest, recipient),
        lang=tag,
        recipient=recipient,
    )
    pdf = write_pdf(story, theme, running, info)
    save_dates()
    return pdf


def _recipient_digest(digest: str, recipient: str) -> str:
    """The brief's digest, or one that also depends on who the copy is for."""
    if not recipient:
        return digest
    return hashlib.sha256(f"{digest}\0recipient\0{recipient}".encode()).hexdigest()


def _plain(text: str) -> str:
    from briefpack.brief.inline import parse_inline, plain_text

    return plain_text(parse_inline(text))


def _column_width(theme: Theme) -> float:
    page = theme.page
    width = page.width_height[0] - sum(page.side_margins())
    return (width - page.column_gap * (page.columns - 1)) / page.columns


def _unknown_layout(name: str, known: dict[str, Path]) -> str:
    return f"unknown layout '{name}' ({name_hint(name, known, 'layouts')})"


#: The blocks of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo, ...):
#: searched first, so that most text is never looked at character by character.
_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


#: The first word of Unicode's character names that names a script (Arabic, CJK...),
#: when it is followed by one of these words.
_SCRIPT_WORDS = frozenset(
    ("LETTER", "SYLLABLE", "IDEOGRAPH", "VOWEL", "SIGN", "DIGIT", "LIGATURE", "CHARACTER")
)


def script_names(characters: list[str]) -> list[str]:
    """The scripts of characters, from their Unicode names, once each and in order:
    `ARABIC LETTER ALEF` is Arabic, `CJK UNIFIED IDEOGRAPH-4E2D` is CJK."""
    scripts: dict[str, None] = {}
    for char in characters:
        words = unicodedata.name(char, "").replace("-", " ").split()
        if _SCRIPT_WORDS.intersection(words[1:4]):
            scripts[words[0] if words[0] == "CJK" else words[0].title()] = None
    return list(scripts)


def _faces(theme: Theme, assets: Assets) -> list[str]:
    """The regular face of each font family the layout uses."""
    from briefpack.layout.families import FACES
    from briefpack.render.fonts import register_family

    faces = []
    for family in sorted(set(theme.fonts.values())):
        registered = register_family(assets.fonts_dir, family)
        faces.append(registered.face_name(FACES[0]))
    return faces


#: Scripts the bundled fonts draw (ISO 15924): a language written in one of them
#: is not looked at further.
_DRAWN_SCRIPTS = frozenset(("Latn", "Grek", "Cyrl"))


def language_script_warnings(
    tag: str, theme: Theme, assets: Assets, position: Position | None
) -> list[Diagnostic]:
    """A warning if the layout's fonts cannot draw the script of language `tag`, in
    which briefpack would print its dates and words (its name and month names, from
    CLDR, are the sample)."""
    from babel import Locale
    from babel.dates import get_month_names

    from briefpack.brief.language import likely_script
    from briefpack.render.fonts import missing_characters

    if likely_script(tag) in _DRAWN_SCRIPTS:
        return []
    locale = Locale.parse(tag, sep="-")
    sample = str(locale.get_display_name(locale)) + "".join(
        str(name) for name in get_month_names("wide", locale=locale).values()
    )
    missing = missing_characters(sample, _faces(theme, assets))
    if not missing:
        return []
    scripts = " and ".join(script_names(missing)) or "its"
    name = locale.get_display_name("en") or tag
    where = "lang: " if position else "--lang: "
    return [
        warning(
            f"{where}{name} ('{tag}') is written in {scripts} script, which the fonts cannot "
            "draw: the dates and words briefpack prints in it would be empty boxes",
            position,
            "choose a language written in Latin, Greek or Cyrillic script",
        )
    ]


def _glyph_warnings(validated: ValidatedBrief, theme: Theme, assets: Assets) -> list[Diagnostic]:
    """Characters no bundled font can draw, and right-to-left text, with their places
    (in the brief's text and in its `labels:`)."""
    from briefpack.render.fonts import missing_characters

    faces = _faces(theme, assets)
    found: list[Diagnostic] = []
    document = validated.document
    labels = document.data.get("labels") if isinstance(document.data, dict) else None
    label_texts = [
        (("labels", key), text)
        for key, text in (labels.items() if isinstance(labels, dict) else ())
        if isinstance(text, str)
    ]
    for loc, text in [*text_fields(validated.document.data), *label_texts]:
        missing = missing_characters(text, faces)
        if missing:
            position = document.position_within(loc, missing[0])
            listed = " ".join(f"{char} (U+{ord(char):04X})" for char in missing)
            scripts = script_names(missing)
            what = f", {' and '.join(scripts)} script" if scripts else ""
            found.append(
                warning(
                    f"the fonts have no glyph for {listed}{what}; it would print as an empty box",
                    position,
                    "replace it, or remove it",
                )
            )
        rtl = _RIGHT_TO_LEFT.search(text)
        if rtl and unicodedata.bidirectional(rtl.group()) in ("R", "AL"):
            position = document.position_within(loc, rtl.group())
            found.append(
                warning(
                    "right-to-left text is not supported and would print in the wrong order",
                    position,
                )
            )
    return found
