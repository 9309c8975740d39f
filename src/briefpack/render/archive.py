"""A drawn document to what makes it an accessible, archivable PDF: the structure
tree, `/MarkInfo`, `/ViewerPreferences`, the XMP metadata (agreeing with the Info
dictionary, claiming PDF/UA-1 and, in RGB layouts, PDF/A-2a) and, for PDF/A, an
sRGB output intent.

The sRGB profile is made by Pillow's ImageCms (littleCMS), with its creation date
set to a fixed one so that the same input gives the same bytes; the profile is
kept in the disk cache, as making it costs a new process more than a render does.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDate,
    PDFDictionary,
    PDFInfo,
    PDFName,
    PDFStream,
    PDFString,
    PDFZCompress,
)

from briefpack.common.disk_cache import entry_for, read_entry, write_entry

from .structure import Element, structure_objects

#: The PDF/A part and conformance level claimed by RGB layouts.
PDFA_PART, PDFA_LEVEL = 2, "A"
#: The ICC header's creation date (bytes 24 to 35): fixed, for identical output.
PROFILE_DATE = bytes([0x07, 0xD0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0])  # 2000-01-01 00:00:00


class Metadata(NamedTuple):
    """What the Info dictionary and the XMP packet both say."""

    title: str
    author: str
    subject: str
    keywords: str
    date: dt.date
    producer: str
    lang: str
    #: Who a recipient's copy is for ("" for every other PDF).
    recipient: str = ""
    #: Whether the file claims PDF/A-2 (RGB layouts; print's CMYK needs a print intent).
    archival: bool = True


class BriefInfo(PDFInfo):  # type: ignore[misc]
    """The document information dictionary: only the entries that say something,
    so that the XMP packet can say the same."""

    def __init__(self, metadata: Metadata) -> None:
        super().__init__()
        self.metadata = metadata

    def format(self, document: Any) -> bytes:
        meta = self.metadata
        date = PDFDate(ts=document._timeStamp, dateFormatter=self._dateFormatter)
        entries: dict[str, Any] = {
            "Title": meta.title,
            "Author": meta.author,
            "Subject": meta.subject,
            "Keywords": meta.keywords,
            "Creator": meta.producer,
            "Producer": meta.producer,
            "PreparedFor": meta.recipient,
        }
        present = {key: PDFString(value) for key, value in entries.items() if value}
        present.update(CreationDate=date, ModDate=date, Trapped=PDFName("False"))
        formatted: bytes = PDFDictionary(present).format(document)
        return formatted


def finish_document(canvas: Any, pages: int, root: Element, metadata: Metadata) -> None:
    """Write the structure tree and the catalog entries of a tagged PDF."""
    document = canvas._doc
    document._pdfVersion = max(document._pdfVersion, (1, 7))
    catalog = document.Catalog
    catalog.StructTreeRoot = structure_objects(document, root, canvas.tagger.record, pages)
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": "true"})
    catalog.Metadata = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        xmp_packet(metadata).encode("utf-8"),
        filters=[],
    )
    if metadata.archival:
        profile = PDFStream(PDFDictionary({"N": 3}), srgb_profile(), filters=[PDFZCompress])
        intent = {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString("sRGB IEC61966-2.1"),
            "Info": PDFString("sRGB IEC61966-2.1"),
            "DestOutputProfile": document.Reference(profile),
        }
        catalog.OutputIntents = PDFArray([document.Reference(PDFDictionary(intent))])
        catalog.__NoDefault__ = [*catalog.__NoDefault__, "OutputIntents"]


def xmp_packet(meta: Metadata) -> str:
    """The XMP metadata: the Info dictionary's entries, and the standards claimed."""
    stamp = f"{meta.date:%Y-%m-%d}T00:00:00+00:00"
    lines = [
        "<dc:format>application/pdf</dc:format>",
        _alternative("dc:title", meta.title),
        f"<dc:language><rdf:Bag><rdf:li>{escape(meta.lang)}</rdf:li></rdf:Bag></dc:language>",
        f"<pdf:Producer>{escape(meta.producer)}</pdf:Producer>",
        "<pdf:Trapped>False</pdf:Trapped>",
        f"<xmp:CreatorTool>{escape(meta.producer)}</xmp:CreatorTool>",
        f"<xmp:CreateDate>{stamp}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{stamp}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate>",
        "<pdfuaid:part>1</pdfuaid:part>",
    ]
    if meta.author:
        lines.append(
            f"<dc:creator><rdf:Seq><rdf:li>{escape(meta.author)}</rdf:li></rdf:Seq></dc:creator>"
        )
    if meta.subject:
        lines.append(_alternative("dc:description", meta.subject))
    if meta.keywords:
        lines.append(f"<pdf:Keywords>{escape(meta.keywords)}</pdf:Keywords>")
    if meta.archival:
        lines += [
            f"<pdfaid:part>{PDFA_PART}</pdfaid:part>",
            f"<pdfaid:conformance>{PDFA_LEVEL}</pdfaid:conformance>",
        ]
    namespaces = " ".join(f'xmlns:{name}="{uri}"' for name, uri in NAMESPACES.items())
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        f'<rdf:Description rdf:about="" {namespaces}>\n'
        + "\n".join(lines)
        + "\n</rdf:Description>\n"
        + (PDFUA_EXTENSION_SCHEMA if meta.archival else "")
        + "</rdf:RDF>\n</x:xmpmeta>\n"
        + '<?xpacket end="w"?>'
    )


def escape(text: str) -> str:
    """Text as XML character data (xml.sax.saxutils would import urllib and ssl)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _alternative(name: str, text: str) -> str:
    item = f'<rdf:li xml:lang="x-default">{escape(text)}</rdf:li>'
    return f"<{name}><rdf:Alt>{item}</rdf:Alt></{name}>"


NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}

#: PDF/A allows only the XMP schemas it knows or that the file describes: the
#: PDF/UA identification schema is described here.
PDFUA_EXTENSION_SCHEMA = """<rdf:Description rdf:about=""
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA identification</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """An sRGB ICC profile (littleCMS's, through Pillow), with a fixed date."""
    spec = importlib.util.find_spec("PIL.ImageCms")
    source = Path(spec.origin) if spec is not None and spec.origin else None
    entry = entry_for("srgb-profile", source, (_pillow_version(),)) if source else None
    if entry is not None:
        cached = read_entry(entry)
        if isinstance(cached, bytes):
            return cached
    from PIL import ImageCms  # costs a new process tens of milliseconds: only when not cached

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[24:36] = PROFILE_DATE
    data = bytes(profile)
    if entry is not None:
        write_entry(entry, data)
    return data


def _pillow_version() -> str:
    from PIL import __version__

    return str(__version__)
