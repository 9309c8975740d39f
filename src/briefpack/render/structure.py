"""The logical structure of a document: a tree of structure elements in reading order.

The story builder makes the elements as it builds the flowables (so the tree
follows the brief's order, whatever the columns and pages do with it); drawing
adds to each element the marked content (`page`, `mcid`) and the link
annotations that show it. `structure_objects` turns the finished tree into the
PDF's StructTreeRoot, ParentTree and the elements' dictionaries.

Elements with nothing drawn in them (a block the layout left out, an empty
cell) are left out of the PDF.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from reportlab.pdfbase.pdfdoc import (
    PDFObject,
    PDFObjectReference,
    PDFString,
)


class MarkedContent(NamedTuple):
    """A marked-content sequence: its page (from 0) and its MCID on that page (a
    tuple: a page makes hundreds)."""

    page: int
    mcid: int


class AnnotationKid(NamedTuple):
    """A link annotation shown by an element: its page, name and ParentTree key."""

    page: int
    name: str
    key: LateNumber


@dataclass(eq=False)
class Element:
    """A structure element: its standard role (`P`, `H1`, `Table`...) and its kids."""

    role: str
    parent: Element | None = None
    kids: list[Element | MarkedContent | AnnotationKid] = field(default_factory=list)
    #: Kids that follow the drawn content: notes first cited in it, a caption.
    after: list[Element] = field(default_factory=list)
    alt: str | None = None
    actual_text: str | None = None
    #: The element's language, where it differs from the document's.
    lang: str | None = None
    #: A table header cell's scope (`Column`, `Row`).
    scope: str | None = None
    #: A repeated table header: drawn again on later pages as an artifact.
    repeats: bool = False
    #: The page of its first marked content (None: nothing drawn in it yet).
    first_page: int | None = None
    #: The text drawn in a link (for its annotation's description).
    text: list[str] = field(default_factory=list)
    #: Where a link goes, in words (for its annotation's description).
    address: str = ""

    def add(self, role: str, **attributes: Any) -> Element:
        """A new last kid of this element."""
        child = Element(role, self, **attributes)
        self.kids.append(child)
        return child

    def add_after(self, role: str) -> Element:
        """A new kid that follows the element's drawn content (a note first cited
        in it, a figure's caption)."""
        child = Element(role, self)
        self.after.append(child)
        return child

    def label(self) -> Element | None:
        """The element's first kid, if it is its `Lbl`."""
        first = self.kids[0] if self.kids else None
        return first if isinstance(first, Element) and first.role == "Lbl" else None

    def has_content(self) -> bool:
        return any(not isinstance(kid, Element) or kid.has_content() for kid in self.all_kids())

    def all_kids(self) -> Iterator[Element | MarkedContent | AnnotationKid]:
        yield from self.kids
        yield from self.after

    def is_drawn(self) -> bool:
        return any(isinstance(kid, MarkedContent) for kid in self.kids)


class LateNumber(PDFObject):  # type: ignore[misc]
    """A number known only when the document is written (an annotation's
    ParentTree key comes after the pages', whose count is known last)."""

    value = 0

    def format(self, document: Any) -> bytes:
        return str(self.value).encode()


@dataclass
class StructureRecord:
    """What drawing recorded: the element of each MCID of each page, and each
    link annotation's element."""

    pages: list[list[Element]] = field(default_factory=list)
    annotations: list[tuple[Element, AnnotationKid]] = field(default_factory=list)

    def new_mcid(self, page: int, element: Element) -> MarkedContent:
        while len(self.pages) <= page:
            self.pages.append([])
        mcids = self.pages[page]
        mcids.append(element)
        content = MarkedContent(page, len(mcids) - 1)
        element.kids.append(content)
        if element.first_page is None:
            element.first_page = page
        return content

    def new_annotation(self, page: int, name: str, element: Element) -> LateNumber:
        key = LateNumber()
        kid = AnnotationKid(page, name, key)
        element.kids.append(kid)
        self.annotations.append((element, kid))
        return key


def page_reference(page: int) -> PDFObjectReference:
    """ReportLab names the pages `Page1`, `Page2`, ..."""
    return PDFObjectReference(f"Page{page + 1}")


def structure_objects(
    document: Any, root: Element, record: StructureRecord, page_count: int
) -> PDFObjectReference:
    """Register the structure tree's objects with a ReportLab document; the
    reference to its StructTreeRoot. The objects format themselves straight to
    bytes (ReportLab's general formatting of hundreds of small dictionaries
    would cost a render more than the tagging does)."""
    tree_root = RawObject(b"")
    tree_reference = document.Reference(tree_root, "StructTreeRoot")
    names: dict[int, str] = {}
    _register(document, root, tree_reference.name, names, _with_content(root))
    parents = RawObject(b"<</Nums [")
    parents_reference = document.Reference(parents)
    for page in range(page_count):
        parents.parts.append(b" %d [" % page)
        for element in record.pages[page] if page < len(record.pages) else []:
            parents.parts += [b" ", _Ref(names[id(element)])]
        parents.parts.append(b"]")
    key = page_count
    for element, kid in record.annotations:
        kid.key.value = key
        parents.parts += [b" %d " % key, _Ref(names[id(element)])]
        key += 1
    parents.parts.append(b"]>>")
    tree_root.parts = [
        b"<</Type /StructTreeRoot /K ",
        _Ref(names[id(root)]),
        b" /ParentTree ",
        _Ref(parents_reference.name),
        b" /ParentTreeNextKey %d>>" % key,
    ]
    return tree_reference


def _with_content(root: Element) -> set[int]:
    """The elements with something drawn in them or in their kids (once for the tree)."""
    found: set[int] = set()

    def visit(element: Element) -> bool:
        drawn = False
        for kid in (*element.kids, *element.after):
            # (every kid visited: each records whether it is drawn)
            drawn = (visit(kid) if isinstance(kid, Element) else True) or drawn
        if drawn:
            found.add(id(element))
        return drawn

    visit(root)
    return found


def _register(
    document: Any,
    element: Element,
    parent: str,
    names: dict[int, str],
    drawn: set[int],
) -> None:
    """The element's dictionary and its kids', depth first (in reading order)."""
    entries = RawObject(b"")
    name = document.Reference(entries).name
    names[id(element)] = name
    first_page = element.first_page
    parts: list[Any] = [b"<</S /", element.role.encode(), b" /P ", _Ref(parent)]
    if first_page is not None:
        parts += [b" /Pg ", _Ref(_page_name(first_page))]
    kids: list[list[Any]] = []
    for kid in (*element.kids, *element.after):
        if isinstance(kid, Element):
            if id(kid) in drawn:
                _register(document, kid, name, names, drawn)
                kids.append([_Ref(names[id(kid)])])
        elif isinstance(kid, MarkedContent):
            if kid.page == first_page:
                kids.append([b"%d" % kid.mcid])
            else:
                page = _Ref(_page_name(kid.page))
                kids.append([b"<</Type /MCR /Pg ", page, b" /MCID %d>>" % kid.mcid])
        else:
            objr = [b"<</Type /OBJR /Obj ", _Ref(document.annotationName(kid.name))]
            if kid.page != first_page:
                objr += [b" /Pg ", _Ref(_page_name(kid.page))]
            kids.append([*objr, b">>"])
    parts.append(b" /K ")
    if len(kids) == 1:
        parts += kids[0]
    else:
        parts.append(b"[")
        for kid_parts in kids:
            parts += [*kid_parts, b" "]
        parts.append(b"]")
    texts = {"Alt": element.alt, "ActualText": element.actual_text, "Lang": element.lang}
    for key, value in texts.items():
        if value:
            parts += [b" /" + key.encode() + b" ", PDFString(value)]
    if element.scope:
        parts.append(b" /A <</O /Table /Scope /" + element.scope.encode() + b">>")
    entries.parts = [*parts, b">>"]


def _page_name(page: int) -> str:
    return f"Page{page + 1}"


@dataclass(frozen=True)
class _Ref:
    """A reference to a named object, resolved to its number when formatted."""

    name: str


class RawObject(PDFObject):  # type: ignore[misc]
    """An object formatted from bytes and references (see `structure_objects`)."""

    def __init__(self, *parts: Any) -> None:
        self.parts: list[Any] = list(parts)

    def format(self, document: Any) -> bytes:
        numbers = document.idToObjectNumberAndVersion
        return b"".join(
            part
            if type(part) is bytes
            else b"%d 0 R" % numbers[part.name][0]
            if type(part) is _Ref
            else part.format(document)
            for part in self.parts
        )
