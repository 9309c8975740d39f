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
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFString,
)
from reportlab.pdfbase.pdfdoc import format as _format


@dataclass(frozen=True)
class MarkedContent:
    """A marked-content sequence: its page (from 0) and its MCID on that page."""

    page: int
    mcid: int


@dataclass(frozen=True)
class AnnotationKid:
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
    reference to its StructTreeRoot."""
    tree_root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    tree_reference = document.Reference(tree_root, "StructTreeRoot")
    names: dict[int, PDFObjectReference] = {}
    _register(document, root, tree_reference, names)
    tree_root["K"] = names[id(root)]
    numbers: list[Any] = []
    for page in range(page_count):
        mcids = record.pages[page] if page < len(record.pages) else []
        numbers += [page, PDFArray([names[id(element)] for element in mcids])]
    key = page_count
    for element, kid in record.annotations:
        kid.key.value = key
        numbers += [key, names[id(element)]]
        key += 1
    tree_root["ParentTree"] = document.Reference(PDFDictionary({"Nums": PDFArray(numbers)}))
    tree_root["ParentTreeNextKey"] = key
    return tree_reference


def _register(
    document: Any,
    element: Element,
    parent: PDFObjectReference,
    names: dict[int, PDFObjectReference],
) -> None:
    """The element's dictionary and its kids', depth first (in reading order)."""
    entries = CompactDictionary({"S": PDFName(element.role), "P": parent})
    reference = document.Reference(entries)
    names[id(element)] = reference
    first_page = next((k.page for k in element.kids if isinstance(k, MarkedContent)), None)
    if first_page is not None:
        entries["Pg"] = page_reference(first_page)
    kids: list[Any] = []
    for kid in element.all_kids():
        if isinstance(kid, Element):
            if kid.has_content():
                _register(document, kid, reference, names)
                kids.append(names[id(kid)])
        elif isinstance(kid, MarkedContent):
            if kid.page == first_page:
                kids.append(kid.mcid)
            else:
                mcr = {"Type": PDFName("MCR"), "Pg": page_reference(kid.page), "MCID": kid.mcid}
                kids.append(_inline(mcr))
        else:
            objr = {"Type": PDFName("OBJR"), "Obj": document.refAnnotation(kid.name)}
            if kid.page != first_page:
                objr["Pg"] = page_reference(kid.page)
            kids.append(_inline(objr))
    entries["K"] = kids[0] if len(kids) == 1 else PDFArray(kids)
    if element.alt is not None:
        entries["Alt"] = PDFString(element.alt)
    if element.actual_text is not None:
        entries["ActualText"] = PDFString(element.actual_text)
    if element.lang:
        entries["Lang"] = PDFString(element.lang)
    if element.scope:
        entries["A"] = PDFDictionary({"O": PDFName("Table"), "Scope": PDFName(element.scope)})


def _inline(entries: dict[str, Any]) -> PDFDictionary:
    return CompactDictionary(entries)


class CompactDictionary(PDFDictionary):  # type: ignore[misc]
    """A dictionary on one line: a structure tree has hundreds of small ones, and
    ReportLab puts each key of a dictionary on a line of its own."""

    def format(self, document: Any, IND: bytes = b"") -> bytes:  # noqa: N803
        entries = sorted(self.dict.items())
        formatted = b" ".join(
            _format(PDFName(key), document) + b" " + _format(value, document)
            for key, value in entries
        )
        return b"<<" + formatted + b">>"
