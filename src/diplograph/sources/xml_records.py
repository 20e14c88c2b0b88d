"""Reading XML sources record by record, so that one malformed record costs only itself."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from diplograph.sources.report import DatasetReport, Problem


def clean(text: str | None) -> str:
    """Normalise a text node: NBSP and runs of white space to one space, trimmed."""
    return re.sub(r"\s+", " ", (text or "").replace("\u00a0", " ")).strip()


def read_records(path: Path, tag: str, report: DatasetReport, id_tag: str = "id") -> Iterator[ET.Element]:
    """Yield the `tag` elements of a file; if the file is not well-formed, recover record by record.

    A malformed file is cut into its `<tag>...</tag>` chunks and each is parsed on its own: a broken
    record is counted as read and skipped, with the file, its id (`<id_tag>`) and the parser's error.
    """
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        text = path.read_text(encoding="utf-8", errors="replace")
        chunks = re.findall(rf"<{tag}[\s>].*?</{tag}>", text, flags=re.DOTALL)
        if not chunks:
            report.read += 1
            report.skip("malformed XML", Problem(path, path.stem, f"not well-formed XML ({error})"))
            return
        for chunk in chunks:
            try:
                yield ET.fromstring(chunk)
            except ET.ParseError as chunk_error:
                found = re.search(rf"<{id_tag}>\s*([^<\s]+)\s*</{id_tag}>", chunk)
                report.read += 1
                report.skip(
                    "malformed XML",
                    Problem(path, found.group(1) if found else "?", f"not well-formed XML ({chunk_error})"),
                )
        return
    if root.tag == tag:
        yield root
    else:
        yield from root.iter(tag)


def read_document(path: Path, report: DatasetReport) -> ET.Element | None:
    """Parse a file that is one record; a malformed one is counted as read, skipped and reported."""
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as error:
        report.read += 1
        report.skip("malformed XML", Problem(path, path.stem, f"not well-formed XML ({error})"))
        return None


def text(element: ET.Element | None, path: str) -> str:
    """The cleaned text of a child element (an ElementTree path), or an empty string."""
    if element is None:
        return ""
    found = element.find(path)
    return clean("".join(found.itertext())) if found is not None else ""
