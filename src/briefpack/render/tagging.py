"""Drawing to marked content: every text, image and path operator a page gets is
either inside a marked-content sequence with an MCID (recorded against its
structure element) or inside an `/Artifact` sequence.

A `Tagger` lives on the canvas. Flowables say what they draw: a paragraph's text
object opens its element's sequence just inside `BT` and closes it just before
`ET`, switching to a `Link` element for the words of each link (ReportLab reports
where links start and end on each line) and, for a note, from its number (`Lbl`)
to its text. Tables draw their fills and rules as artifacts; page furniture and
crop marks are artifacts too. Link annotations get a `/StructParent`, a
`/Contents` (their words and where they go) and an `OBJR` in their element.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObject, PDFString
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Image, Table

from .structure import Element, StructureRecord


class Tagger:
    """The marked content of one document as it is drawn."""

    def __init__(self) -> None:
        self.record = StructureRecord()
        #: The page being drawn (from 0).
        self.page = 0
        #: The element of text objects the canvas makes (a bullet's `Lbl`).
        self.current: Element | None = None
        self.artifact_depth = 0
        #: The text object being drawn: link annotations belong to its links.
        self.text: TaggedText | None = None

    def begin_marked(self, element: Element) -> str:
        """The operator that opens a new marked-content sequence of `element`."""
        content = self.record.new_mcid(self.page, element)
        return f"/{element.role} <</MCID {content.mcid}>> BDC"

    def begin_artifact(self, canvas: Any) -> None:
        """What is drawn until `end_artifact` is an artifact (furniture, fills, rules)."""
        if self.artifact_depth == 0:
            canvas._code.append("/Artifact BMC")
        self.artifact_depth += 1

    def end_artifact(self, canvas: Any) -> None:
        self.artifact_depth -= 1
        if self.artifact_depth == 0:
            canvas._code.append("EMC")

    @contextmanager
    def artifact(self, canvas: Any) -> Iterator[None]:
        """What is drawn inside is an artifact."""
        self.begin_artifact(canvas)
        try:
            yield
        finally:
            self.end_artifact(canvas)

    @contextmanager
    def marked(self, canvas: Any, element: Element | None) -> Iterator[None]:
        """What is drawn inside (an image) belongs to `element`."""
        if element is None or self.artifact_depth:
            with self.artifact(canvas):
                yield
            return
        canvas._code.append(self.begin_marked(element))
        try:
            yield
        finally:
            canvas._code.append("EMC")

    def text_object(
        self,
        canvas: Any,
        x: float,
        y: float,
        element: Element | None,
        label: Element | None = None,
        plain: str = "",
    ) -> TaggedText:
        """A text object whose text belongs to `element` (an artifact if None, or
        if the element is a repeated header drawn before); `label` takes the
        raised text it starts with (a note's number)."""
        if element is not None and element.repeats and element.is_drawn():
            element = label = None
        artifact = element is None or self.artifact_depth > 0
        return TaggedText(canvas, x, y, self, None if artifact else element, label, plain)

    def link_element(self, href: str) -> Element | None:
        """The link element the next annotation for `href` belongs to."""
        return self.text.take_link(href) if self.text is not None else None


class TaggedText(PDFTextObject):  # type: ignore[misc]
    """A text object whose content is marked: its element's text, its links' words."""

    def __init__(
        self,
        canvas: Any,
        x: float,
        y: float,
        tagger: Tagger,
        element: Element | None,
        label: Element | None,
        plain: str = "",
    ) -> None:
        super().__init__(canvas, x, y)
        #: The paragraph's text, to tell a hyphen inserted at a line break from
        #: one the author typed; and the word broken at the end of the last line.
        self._plain = plain
        self._broken: BrokenWord | None = None
        self._tagger = tagger
        self._element = element
        self._label = label if element is not None else None
        self._open: Element | None = None
        self._text_at = len(self._code)
        self._last_text = ""
        #: Links by ReportLab's key (number in the paragraph, href).
        self._links: dict[Any, Element] = {}
        #: Links drawn on the current line, waiting for their annotations.
        self._waiting: list[tuple[str, Element]] = []
        #: A paragraph that is one link: every line's annotation is this link's.
        self.whole_link: Element | None = None
        #: Whether the text object closes a sequence it opened (inside an artifact
        #: being drawn, it opens none).
        self._closes = element is not None or not tagger.artifact_depth
        if element is None:
            if self._closes:
                self._code.append("/Artifact BMC")
        else:
            self._switch(self._label or element)
        tagger.text = self

    def _switch(self, element: Element, at: int | None = None) -> None:
        self._drop_broken()
        code = [self._tagger.begin_marked(element)]
        if self._open is not None:
            code.insert(0, "EMC")
        self._open = element
        if at is None:
            self._code.extend(code)
        else:
            self._code[at:at] = code

    def setRise(self, rise: float) -> None:  # noqa: N802 - ReportLab's name
        super().setRise(rise)
        if self._label is not None and self._open is self._label and not rise:
            assert self._element is not None
            self._switch(self._element)

    def _textOut(self, text: str, TStar: int = 0) -> None:  # noqa: N802, N803
        self._text_at = len(self._code)
        self._last_text = text
        if self._open is not None and self._open.role == "Link":
            self._open.text.append(text)
        broken = self._broken
        if broken is not None and text:
            if not broken.line_ended:  # the line goes on: a hyphen typed before more words
                self._drop_broken()
            elif self._goes_on(broken, text, TStar):
                return
            else:
                text = self._join_broken(broken, text)
        found = BROKEN_END.search(text) if text[-1:] == "-" and self._element is not None else None
        if found is None:
            super()._textOut(text, TStar)
            if TStar and self._broken is not None:
                self._broken.line_ended = True
            return
        if found.start(1):
            super()._textOut(text[: found.start(1)])
        self._code.append("")  # the place for the span's BDC, once the word is known
        self._broken = BrokenWord(len(self._code) - 1, found.group(1), bool(TStar))
        super()._textOut(text[found.start(1) :], TStar)

    def _join_broken(self, broken: BrokenWord, text: str) -> str:
        """The first words of a line after a word broken with a hyphen: the broken
        word is marked with its whole self (`/ActualText`) if the hyphen was
        inserted; what is left of `text` is returned."""
        rest = WORD_START.match(text)
        whole = broken.start + rest.group() if rest else ""
        self._broken = None
        if not rest or not _inserted_hyphen(self._plain, broken.start, rest.group()):
            return text
        super()._textOut(rest.group())
        self._code[broken.index] = f"/Span <</ActualText {pdf_text(whole)}>> BDC"
        self._code.append("EMC")
        return text[rest.end() :]

    def _goes_on(self, broken: BrokenWord, text: str, TStar: int) -> bool:  # noqa: N803
        """A long word broken again at the end of this line: its span goes on."""
        middle = BROKEN_END.fullmatch(text)
        if middle is None or broken.start + middle.group(1) not in self._plain:
            return False
        super()._textOut(text, TStar)
        broken.start += middle.group(1)
        broken.line_ended = bool(TStar)
        return True

    def _drop_broken(self) -> None:
        """No span for a broken word: the text switches element before its end."""
        self._broken = None

    def _linkRecord(self, link: Any, event: str) -> None:  # noqa: N802 - ReportLab's hook
        """ReportLab's report of a link's start (just after its first words are
        out) or end on a line."""
        if self._element is None:
            return
        href = link[1] if isinstance(link, tuple) else str(link)
        if event == "start":
            element = self._links.get(link)
            if element is None:
                element = self._links[link] = self._element.add("Link", address=href)
            self._switch(element, at=self._text_at)
            element.text.append(self._last_text)
            self._waiting.append((href, element))
        elif self._open is not None and self._open.role == "Link":
            self._switch(self._element)

    def take_link(self, href: str) -> Element | None:
        for i, (waiting, element) in enumerate(self._waiting):
            if waiting == href:
                del self._waiting[i]
                return element
        return self.whole_link

    def getCode(self) -> str:  # noqa: N802 - ReportLab's name
        broken = self._broken
        if broken is not None and broken.line_ended and broken.start + "-" not in self._plain:
            # The paragraph goes on in another frame: the word without its hyphen.
            self._code[broken.index] = f"/Span <</ActualText {pdf_text(broken.start)}>> BDC"
            self._code.append("EMC")
        self._broken = None
        if self._closes:
            self._code.append("EMC")
        if self._tagger.text is self:
            self._tagger.text = None
        return str(super().getCode())


class BrokenWord:
    """A word broken at the end of a line: where its span starts in the code, the
    part before the hyphen, and whether the line has ended."""

    __slots__ = ("index", "start", "line_ended")

    def __init__(self, index: int, start: str, line_ended: bool) -> None:
        self.index, self.start, self.line_ended = index, start, line_ended


#: A word ending a text with a hyphen (not a part of a URL, which is broken after
#: its own hyphens and never hyphenated), and the word starting a text.
BROKEN_END = re.compile(r"(?<![\w\-/.?&=])(\w+)-$")
WORD_START = re.compile(r"\w+")


def _inserted_hyphen(plain: str, start: str, end: str) -> bool:
    """Whether the paragraph's text has `start` and `end` as one word (so the
    hyphen between them was put in by the line breaking)."""
    return start + end in plain and start + "-" + end not in plain


def pdf_text(text: str) -> str:
    """A text string of a content stream: UTF-16BE, in hex."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def tagger_of(canvas: Any) -> Tagger | None:
    tagger: Tagger | None = getattr(canvas, "tagger", None)
    return tagger


@contextmanager
def artifact(canvas: Any) -> Iterator[None]:
    """Draw as an artifact (on a canvas that tags; else just draw)."""
    tagger = tagger_of(canvas)
    if tagger is None:
        yield
        return
    with tagger.artifact(canvas):
        yield


class TaggedTable(Table):  # type: ignore[misc]
    """A table whose fills, rules and plain-string cells are artifacts; the
    flowables in its cells tag themselves."""

    def _drawBkgrnd(self) -> None:  # noqa: N802 - ReportLab's name
        tagger = tagger_of(self.canv)
        if tagger is not None:
            tagger.begin_artifact(self.canv)
        super()._drawBkgrnd()
        if tagger is not None:
            tagger.end_artifact(self.canv)

    def _drawLines(self) -> None:  # noqa: N802
        tagger = tagger_of(self.canv)
        if tagger is not None:
            tagger.begin_artifact(self.canv)
        super()._drawLines()
        if tagger is not None:
            tagger.end_artifact(self.canv)

    def _drawCell(self, cellval: Any, *args: Any) -> None:  # noqa: N802, N803
        tagger = tagger_of(self.canv)
        if tagger is None or isinstance(cellval, (tuple, list, Flowable)):
            super()._drawCell(cellval, *args)
            return
        tagger.begin_artifact(self.canv)
        super()._drawCell(cellval, *args)
        tagger.end_artifact(self.canv)


class TaggedImage(Image):  # type: ignore[misc]
    """A picture that belongs to its `Figure` element."""

    tag: Element | None = None

    def draw(self) -> None:
        tagger = tagger_of(self.canv)
        if tagger is None:
            super().draw()
            return
        with tagger.marked(self.canv, self.tag):
            super().draw()


class LinkContents(PDFObject):  # type: ignore[misc]
    """A link annotation's `/Contents`: its words and where it goes, known once
    every line of the link is drawn."""

    def __init__(self, element: Element | None, href: str) -> None:
        self.element = element
        self.href = href

    def format(self, document: Any) -> bytes:
        words = " ".join("".join(self.element.text).split()) if self.element else ""
        formatted: bytes = PDFString(describe_link(words, self.href)).format(document)
        return formatted


def describe_link(words: str, href: str) -> str:
    """What a link says and where it goes, in words."""
    kinds = {"fn-": "Footnote", "src-": "Source"}
    for prefix, kind in kinds.items():
        if href.lstrip("#").startswith(prefix):
            return f"{kind} {words}".strip()
    if href.startswith("#") or href.startswith("document:") or not href:
        return words or "Link"
    address = href.removeprefix("mailto:")
    return address if words in ("", address, href) else f"{words} ({address})"


ANNOT, LINK, NO_BORDER = PDFName("Annot"), PDFName("Link"), PDFArray([0, 0, 0])


def link_annotation(rect: Any, destination: Any) -> PDFDictionary:
    """A link annotation to a destination in the document, as ReportLab's
    `linkRect` makes it for a paragraph's link (no border)."""
    return PDFDictionary(
        {
            "Type": ANNOT,
            "Subtype": LINK,
            "Rect": PDFArray(rect),
            "Border": NO_BORDER,
            "Dest": destination,
        }
    )


def tag_annotation(canvas: Any, annotation: Any, href: str, name: str) -> Any:
    """A link annotation with its `/StructParent`, `/Contents` and print flag,
    and its `OBJR` in its link element (when drawn by a tagged paragraph)."""
    tagger = tagger_of(canvas)
    if tagger is None:
        return annotation
    if not isinstance(annotation, PDFDictionary):
        annotation = annotation.Dict()
    element = tagger.link_element(href)
    annotation["Contents"] = LinkContents(element, href)
    annotation["F"] = 4
    if element is not None:
        annotation["StructParent"] = tagger.record.new_annotation(tagger.page, name, element)
    return annotation


def tag_page(page: Any, index: int) -> None:
    """A page's key in the ParentTree, and its tab order: the structure's."""
    page.StructParents = index
    page.Tabs = PDFName("S")
    page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
