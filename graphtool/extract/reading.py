"""Reports to lines: plain text, Markdown and PDF (its text layer, through pypdf), each
line with its number (in the file, or on its PDF page) so that every candidate can say
where it was read.

Bad input is one :class:`~graphtool.errors.ReportUnreadable` with what to do: an empty
file, binary data, text that is not UTF-8, a PDF that cannot be read or has no text
layer (a scan).
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from ..errors import ReportUnreadable
from .records import Document, Line

#: File name endings read as Markdown; PDFs are known by their first bytes too.
MARKDOWN = (".md", ".markdown", ".mdown")

_SLUG = re.compile(r"[^a-z0-9_.-]+")
_TAG = re.compile(r"<(sup|sub)>.*?</\1>|<[^<>\n]{1,300}>", re.I)
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*\)")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_ESCAPE = re.compile(r"\\([\\$*_#\[\]()`|~])")
_HEADING = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?)")
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")


def source_id(path: Path) -> str:
    """A :Source id from a file name: lower case, other characters as ``-``.

    >>> source_id(Path("Crisis Group Report 244.pdf"))
    'crisis-group-report-244'
    """
    slug = _SLUG.sub("-", path.stem.lower()).strip("-._")
    return slug or "report"


def clean(text: str) -> str:
    """A line without markup: HTML tags (footnote marks ``<sup>..</sup>`` with their
    content), links (their text kept), bare URLs, Markdown escapes, heading and
    emphasis marks. Tabs are kept (they separate table cells).

    >>> clean(r"## The \\$10 fund<sup>12</sup> [RATS](https://x.org/r) www.a.org/2012-06")
    'The $10 fund RATS '
    """
    text = _TAG.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _URL.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _HEADING.sub("", text)
    return _EMPHASIS.sub("", text)


def read_document(path: Path | str) -> Document:
    """Read a report into lines.

    Raises:
        ReportUnreadable: the file is empty, binary, not UTF-8, an unreadable PDF or a
            PDF without a text layer.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportUnreadable(str(path), f"cannot read the file: {exc.strerror or exc}") from exc
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise ReportUnreadable(
            str(path), "the file is empty; there is nothing to extract (give a text, Markdown or PDF report)"
        )
    if data[:5] == b"%PDF-" or path.suffix.lower() == ".pdf":
        lines, pages, title = _pdf_lines(path, data)
        fmt = "pdf"
    else:
        lines, pages, title = _text_lines(path, data), 0, ""
        fmt = "markdown" if path.suffix.lower() in MARKDOWN else "text"
    if not title:
        title = next((clean(x.text).strip() for x in lines if clean(x.text).strip()), path.name)
    return Document(
        path=path,
        source_id=source_id(path),
        title=" ".join(title.split())[:200],
        format=fmt,
        size=len(data),
        sha256=digest,
        lines=tuple(lines),
        pages=pages,
    )


def _text_lines(path: Path, data: bytes) -> list[Line]:
    if b"\x00" in data[:65536]:
        raise ReportUnreadable(
            str(path),
            "not a text, Markdown or PDF file (it holds binary data); convert it to text or PDF first",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ReportUnreadable(
            str(path), f"not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save it as UTF-8"
        ) from exc
    return [Line(i, t) for i, t in enumerate(text.splitlines(), 1)]


def _pdf_lines(path: Path, data: bytes) -> tuple[list[Line], int, str]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf reports damaged-but-readable files as log warnings; the result says enough.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReportUnreadable(
                str(path),
                "the PDF is encrypted with a password; save an unprotected copy and extract from that",
            )
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata
        title = str(meta.title or "") if meta is not None else ""
    except ReportUnreadable:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise ReportUnreadable(
            str(path),
            f"not a readable PDF ({exc}); open it in a PDF viewer and save or print it as a new PDF",
        ) from exc
    lines = [
        Line(n, t.rstrip(), p) for p, text in enumerate(pages, 1) for n, t in enumerate(text.splitlines(), 1)
    ]
    if not any(x.text.strip() for x in lines):
        raise ReportUnreadable(
            str(path),
            f"the PDF has no text layer ({len(pages)} page(s), none with text: a scan?); run OCR on it first "
            "(e.g. 'ocrmypdf in.pdf out.pdf') and extract from the result",
        )
    return lines, len(pages), title.strip()
