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


class Element:
    """A structure element: its standard role (`P`, `H1`, `Table`...) and its kids.

    (A plain class with slots: a long brief makes thousands, and a dataclass would
    cost every new process its setup.)"""

    __slots__ = (
        "role", "parent", "kids", "after", "alt", "actual_text", "lang", "scope",
        "repeats", "first_page", "text", "address",
    )  # fmt: skip

    def __init__(
        self,
        role: str,
        parent: Element | None = None,
        *,
        alt: str | None = None,
        lang: str | None = None,
        scope: str | None = None,
        repeats: bool = False,
        address: str = "",
    ) -> None:
        self.role = role
        self.parent = parent
        self.kids: list[Element | MarkedContent | AnnotationKid] = []
        #: Kids that follow the drawn content: notes first cited in it, a caption.
        self.after: list[Element] = []
        self.alt = alt
        self.actual_text: str | None = None
        #: The element's language, where it differs from the document's.
        self.lang = lang
        #: A table header cell's scope (`Column`, `Row`).
        self.scope = scope
        #: A repeated table header: drawn again on later pages as an artifact.
        self.repeats = repeats
        #: The page of its first marked content (None: nothing drawn in it yet).
        self.first_page: int | None = None
        #: The text drawn in a link (for its annotation's description).
        self.text: list[str] = []
        #: Where a link goes, in words (for its annotation's description).
        self.address = address

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

    def is_drawn(self) -> bool:
        """Whether some of its own content has been drawn."""
        return self.first_page is not None


class LateNumber(PDFObject):  # type: ignore[misc]
    """A number known only when the document is written (an annotation's
    ParentTree key comes after the pages', whose count is known last)."""

    value = 0

    def format(self, document: Any) -> bytes:
        return str(self.value).encode()


class StructureRecord:
    """What drawing recorded: the element of each MCID of each page, and each
    link annotation's element."""

    def __init__(self) -> None:
        self.pages: list[list[Element]] = []
        self.annotations: list[tuple[Element, AnnotationKid]] = []

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


def structure_objects(
    document: Any, root: Element, record: StructureRecord, page_count: int
) -> PDFObjectReference:
    """Register the structure tree's objects with a ReportLab document; the
    reference to its StructTreeRoot. Each object is written as bytes here, with
    the numbers ReportLab gives the objects as they are registered (its general
    formatting of a hundred or more small dictionaries would cost a render more
    than the tagging does)."""
    numbers = document.idToObjectNumberAndVersion
    tree_root = RawObject()
    tree_reference = document.Reference(tree_root, "StructTreeRoot")
    refs: dict[int, bytes] = {}
    pages = [b"%d 0 R" % numbers[f"Page{page + 1}"][0] for page in range(page_count)]
    writer = _Writer(document, numbers, pages, refs, _with_content(root))
    writer.register(root, b"%d 0 R" % numbers[tree_reference.name][0])
    nums = []
    for page in range(page_count):
        mcids = record.pages[page] if page < len(record.pages) else []
        nums.append(b"%d [%s]" % (page, b" ".join(refs[id(element)] for element in mcids)))
    key = page_count
    for element, kid in record.annotations:
        kid.key.value = key
        nums.append(b"%d %s" % (key, refs[id(element)]))
        key += 1
    parents = RawObject(b"<</Nums [" + b" ".join(nums) + b"]>>")
    parents_number = numbers[document.Reference(parents).name][0]
    tree_root.data = b"<</Type /StructTreeRoot /K %s /ParentTree %d 0 R /ParentTreeNextKey %d>>" % (
        refs[id(root)],
        parents_number,
        key,
    )
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


class _Writer:
    """Writes the elements' dictionaries, depth first (in reading order)."""

    def __init__(
        self,
        document: Any,
        numbers: dict[str, tuple[int, int]],
        pages: list[bytes],
        refs: dict[int, bytes],
        drawn: set[int],
    ) -> None:
        self.document = document
        self.numbers = numbers
        self.pages = pages
        self.refs = refs
        self.drawn = drawn

    def register(self, element: Element, parent: bytes) -> None:
        entries = RawObject()
        number = self.numbers[self.document.Reference(entries).name][0]
        reference = self.refs[id(element)] = b"%d 0 R" % number
        first_page = element.first_page
        pages = self.pages
        kids: list[bytes] = []
        for kid in (*element.kids, *element.after):
            if isinstance(kid, Element):
                if id(kid) in self.drawn:
                    self.register(kid, reference)
                    kids.append(self.refs[id(kid)])
            elif isinstance(kid, MarkedContent):
                if kid.page == first_page:
                    kids.append(b"%d" % kid.mcid)
                else:
                    kids.append(b"<</Type /MCR /Pg %s /MCID %d>>" % (pages[kid.page], kid.mcid))
            else:
                name = self.document.annotationName(kid.name)
                where = b"" if kid.page == first_page else b" /Pg " + pages[kid.page]
                kids.append(b"<</Type /OBJR /Obj %d 0 R%s>>" % (self.numbers[name][0], where))
        page = b"" if first_page is None else b" /Pg " + pages[first_page]
        kid_list = kids[0] if len(kids) == 1 else b"[" + b" ".join(kids) + b"]"
        data = b"<</S /%s /P %s%s /K %s" % (element.role.encode(), parent, page, kid_list)
        texts = {"Alt": element.alt, "ActualText": element.actual_text, "Lang": element.lang}
        for key, value in texts.items():
            if value:
                data += b" /" + key.encode() + b" " + PDFString(value).format(self.document)
        if element.scope:
            data += b" /A <</O /Table /Scope /" + element.scope.encode() + b">>"
        entries.data = data + b">>"


class RawObject(PDFObject):  # type: ignore[misc]
    """An object already written as bytes (see `structure_objects`)."""

    def __init__(self, data: bytes = b"") -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data
