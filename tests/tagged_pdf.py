"""Read a tagged PDF back with pikepdf: check that nothing on its pages is untagged and
that the structure tree, the annotations and the catalog say what PDF/UA-1 asks, and
read the text of the structure tree in tree order (through the MCIDs).

This is the tests' own reading of the file, written from the PDF standard, not from
briefpack's code: the fonts' ToUnicode maps give the text, the content streams the
marked content, the ParentTree and the elements' kids the structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

import pikepdf

#: Operators that put something on the page: text, paths, images, shadings.
PAINTING = {
    "Tj", "TJ", "'", '"',  # text
    "m", "l", "c", "v", "y", "h", "re",  # path construction
    "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n",  # path painting
    "Do", "sh", "BI", "INLINE IMAGE",
}  # fmt: skip
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}


@dataclass
class PageContent:
    """What a page's content stream holds: the text of each MCID, the problems."""

    text: dict[int, str] = field(default_factory=dict)
    #: Text inside spans with an /ActualText, by MCID: (shown, actual).
    actual: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _cmap(font: Any) -> dict[int, str]:
    """A simple font's code -> text, from its ToUnicode CMap."""
    mapping: dict[int, str] = {}
    to_unicode = font.get("/ToUnicode")
    if to_unicode is None:
        return mapping
    data = to_unicode.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, start in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def _shown(operands: list[Any], operator: str) -> list[bytes]:
    if operator == "TJ":
        return [bytes(item) for item in operands[0] if isinstance(item, pikepdf.String)]
    return [bytes(operands[-1])]


def read_page(page: pikepdf.Page) -> PageContent:
    """The marked content of a page, and every operator that paints outside it."""
    content = PageContent()
    fonts = page.obj.get("/Resources", {}).get("/Font", {})
    maps: dict[str, dict[int, str]] = {}
    current: dict[int, str] = {}
    #: Open sequences: (tag, MCID or None, ActualText or None).
    stack: list[tuple[str, int | None, str | None]] = []
    actual_text: list[str] = []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            props = operands[1] if op == "BDC" else None
            mcid = (
                int(props["/MCID"])
                if isinstance(props, pikepdf.Dictionary) and "/MCID" in props
                else None
            )
            actual = (
                str(props["/ActualText"])
                if isinstance(props, pikepdf.Dictionary) and "/ActualText" in props
                else None
            )
            in_artifact = any(t == "/Artifact" for t, _, _ in stack)
            in_tagged = any(m is not None for _, m, _ in stack)
            if tag == "/Artifact" and in_tagged:
                content.problems.append(f"an artifact inside tagged content ({stack})")
            if mcid is not None and in_artifact:
                content.problems.append(f"MCID {mcid} inside an artifact")
            if mcid is not None and in_tagged:
                content.problems.append(f"MCID {mcid} inside MCID {stack}")
            if mcid is not None:
                if mcid in content.text:
                    content.problems.append(f"MCID {mcid} used twice")
                content.text[mcid] = ""
            stack.append((tag, mcid, actual))
            if actual is not None:
                actual_text.append("")
            continue
        if op == "EMC":
            if not stack:
                content.problems.append("EMC without a sequence")
                continue
            _, _, actual = stack.pop()
            if actual is not None:
                shown = actual_text.pop()
                owner = next((m for _, m, _ in reversed(stack) if m is not None), None)
                if owner is not None:
                    content.actual.setdefault(owner, []).append((shown, actual))
            continue
        if op == "Tf":
            name = str(operands[0])
            if name not in maps:
                maps[name] = _cmap(fonts[name]) if name in fonts else {}
            current = maps[name]
        if op not in PAINTING:
            continue
        mcid = next((m for _, m, _ in reversed(stack) if m is not None), None)
        if mcid is None and not any(t == "/Artifact" for t, _, _ in stack):
            content.problems.append(f"untagged {op} {operands!r:.80}")
        if op in TEXT_SHOWING and mcid is not None:
            text = "".join(current.get(b, "\ufffd") for s in _shown(operands, op) for b in s)
            content.text[mcid] += text
            if actual_text:
                actual_text[-1] += text
    if stack:
        content.problems.append(f"sequences left open at the end of the page: {stack}")
    return content


def _parent_tree(node: Any) -> Iterator[tuple[int, Any]]:
    if "/Nums" in node:
        nums = list(node.Nums)
        for i in range(0, len(nums), 2):
            yield int(nums[i]), nums[i + 1]
    for kid in node.get("/Kids", []):
        yield from _parent_tree(kid)


@dataclass
class TaggedPdf:
    """A tagged PDF read back: its problems and the text of its structure tree."""

    problems: list[str]
    #: (roles from the root to the element, text) of each element with text of
    #: its own, in tree order (an element with kids between its texts appears
    #: once per run of its own text).
    elements: list[tuple[tuple[str, ...], str]]
    roles: list[str]
    xmp: str
    catalog: dict[str, Any]

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.elements)


def read_tagged(pdf: bytes) -> TaggedPdf:
    """Walk the PDF's pages, annotations and structure tree."""
    problems: list[str] = []
    with pikepdf.open(BytesIO(pdf)) as document:
        root = document.Root
        catalog = {
            "marked": bool(root.get("/MarkInfo", {}).get("/Marked", False)),
            "lang": str(root.get("/Lang", "")),
            "display_title": bool(
                root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)
            ),
            "output_intents": [str(intent.get("/S")) for intent in root.get("/OutputIntents", [])],
        }
        if not catalog["marked"]:
            problems.append("no /MarkInfo << /Marked true >>")
        if not catalog["lang"]:
            problems.append("no /Lang")
        if not catalog["display_title"]:
            problems.append("no /ViewerPreferences << /DisplayDocTitle true >>")
        xmp = root.Metadata.read_bytes().decode("utf-8") if "/Metadata" in root else ""
        tree = root.get("/StructTreeRoot")
        if tree is None:
            return TaggedPdf([*problems, "no StructTreeRoot"], [], [], xmp, catalog)
        parents = dict(_parent_tree(tree.ParentTree))
        pages = {page.obj.objgen: i for i, page in enumerate(document.pages)}
        contents = []
        for i, page in enumerate(document.pages):
            content = read_page(page)
            problems += [f"page {i + 1}: {problem}" for problem in content.problems]
            contents.append(content)
            if page.obj.get("/Tabs") != pikepdf.Name.S:
                problems.append(f"page {i + 1}: no /Tabs /S")
            key = page.obj.get("/StructParents")
            if key is None:
                problems.append(f"page {i + 1}: no /StructParents")
                continue
            mcids = parents.get(int(key))
            for mcid in content.text:
                if (
                    mcids is None
                    or mcid >= len(mcids)
                    or not isinstance(mcids[mcid], pikepdf.Dictionary)
                ):
                    problems.append(f"page {i + 1}: MCID {mcid} not in the ParentTree")
            for annotation in page.obj.get("/Annots", []):
                if annotation.get("/Subtype") != pikepdf.Name.Link:
                    continue
                if not str(annotation.get("/Contents", "")).strip():
                    problems.append(f"page {i + 1}: a link without /Contents")
                parent_key = annotation.get("/StructParent")
                element = parents.get(int(parent_key)) if parent_key is not None else None
                if element is None or element.get("/S") != pikepdf.Name.Link:
                    problems.append(f"page {i + 1}: a link without a Link element")
                    continue
                kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
                if not any(
                    isinstance(kid, pikepdf.Dictionary)
                    and kid.get("/Type") == pikepdf.Name.OBJR
                    and kid.Obj.objgen == annotation.objgen
                    for kid in kids
                ):
                    problems.append(f"page {i + 1}: a Link element without its OBJR")
        elements: list[tuple[tuple[str, ...], str]] = []
        roles: list[str] = []
        seen: set[tuple[int, int]] = set()

        def walk(element: Any, path: tuple[str, ...]) -> None:
            if len(path) > 100:
                problems.append("the structure tree is too deep (a cycle?)")
                return
            role = str(element.get("/S"))[1:]
            path = (*path, role)
            roles.append(role)
            if role == "Figure" and not str(element.get("/Alt", "")).strip():
                problems.append("a Figure without /Alt")
            if role == "TH" and "/Scope" not in element.get("/A", {}):
                problems.append("a TH without /Scope")
            page = pages.get(element.Pg.objgen) if "/Pg" in element else None
            kids = element.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
            own = ""
            for kid in kids:
                if isinstance(kid, int):
                    where = (page, int(kid)) if page is not None else None
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
                    where = (pages[kid.Pg.objgen], int(kid.MCID))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.OBJR:
                    continue
                else:
                    if own:
                        elements.append((path, own))
                        own = ""
                    walk(kid, path)
                    continue
                if where is None or where[1] not in contents[where[0]].text:
                    problems.append(f"{role}: MCID {where} is not on its page")
                    continue
                if where in seen:
                    problems.append(f"{role}: MCID {where} in the tree twice")
                seen.add(where)
                text = contents[where[0]].text[where[1]]
                for shown, actual in contents[where[0]].actual.get(where[1], []):
                    text = text.replace(shown, actual, 1)
                own += text
            if "/ActualText" in element:
                own = str(element.ActualText)
            if own:
                elements.append((path, own))

        walk(tree.K, ())
        for i, content in enumerate(contents):
            for mcid in content.text:
                if (i, mcid) not in seen:
                    problems.append(f"page {i + 1}: MCID {mcid} belongs to no element")
    return TaggedPdf(problems, elements, roles, xmp, catalog)


def check_tagged(pdf: bytes) -> TaggedPdf:
    """Fail unless the PDF is fully tagged (see the module's docstring)."""
    tagged = read_tagged(pdf)
    assert not tagged.problems, "\n".join(tagged.problems[:40])
    assert "<pdfuaid:part>1</pdfuaid:part>" in tagged.xmp, "no PDF/UA-1 claim in the XMP"
    return tagged
