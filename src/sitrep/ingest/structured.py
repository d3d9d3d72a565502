"""Readers for record-oriented inputs: JSON Lines, CSV and RSS/Atom feeds (all streamed)."""
from __future__ import annotations

import csv
import io
import json
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from .base import InputDocument, InputError, decode, make_document, normalize_published, too_large_message
from .html import fragment_text

Item = InputDocument | InputError


def read_jsonl_lines(lines: Iterable[bytes | int], *, stem: str, source: str, max_chars: int,
                     published: str | None = None, outlet: str | None = None) -> Iterator[Item]:
    """One document per non-blank line; bad lines become :class:`InputError` and reading goes on.

    ``lines`` holds raw lines, or an int (the byte length) for a line too long to keep.
    """
    for line_no, raw in enumerate(lines, start=1):
        default_id = f"{stem}-{line_no}"
        if isinstance(raw, int):
            yield InputError(default_id, source, too_large_message(raw, max_chars) + " (raw line)", line_no)
            continue
        if not raw.strip():
            continue
        line, warnings = decode(raw)
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(default_id, source, f"line {line_no} is not valid JSON: {exc.msg}", line_no)
            continue
        if not isinstance(data, dict):
            yield InputError(default_id, source,
                             f"line {line_no} is not a JSON object ({type(data).__name__})", line_no)
            continue
        yield make_document(data, default_id=default_id, source=source, line=line_no, max_chars=max_chars,
                            warnings=warnings, published=published, outlet=outlet)


_CSV_ALIASES = {"body": "text", "content": "text", "date": "published", "source": "outlet", "link": "url",
                "headline": "title"}


def read_csv(stream: BinaryIO, *, stem: str, source: str, max_chars: int,
             published: str | None = None, outlet: str | None = None) -> Iterator[Item]:
    """CSV with a header row: text (required), id, title, published, outlet, url (case-insensitive)."""
    csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, max_chars * 4 + 1)))
    wrapper = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.reader(wrapper)
    try:
        header = next(reader)
    except StopIteration:
        yield InputError(stem, source, "empty CSV file")
        return
    except csv.Error as exc:
        yield InputError(stem, source, f"unreadable CSV header: {exc}")
        return
    columns = [(_CSV_ALIASES.get(h.strip().lower(), h.strip().lower())) for h in header]
    if "text" not in columns:
        yield InputError(stem, source, f'CSV has no "text" column (columns: {", ".join(header)})', 1)
        return
    row_no = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row_no += 1
            yield InputError(f"{stem}-{row_no}", source, f"CSV error: {exc}", reader.line_num)
            continue
        row_no += 1
        if not any(cell.strip() for cell in row):
            continue
        data = {}
        for name, value in zip(columns, row):
            if name not in data or not data[name]:
                data[name] = value
        warnings = ["invalid UTF-8 replaced"] if "\ufffd" in data.get("text", "") else []
        yield make_document(data, default_id=f"{stem}-{row_no}", source=source, line=reader.line_num,
                            max_chars=max_chars, warnings=warnings, published=published, outlet=outlet)


_CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC_DATE = "{http://purl.org/dc/elements/1.1/}date"
_ATOM = "{http://www.w3.org/2005/Atom}"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(el: ET.Element, *names: str) -> str | None:
    for name in names:
        child = el.find(name)
        if child is not None and (child.text or "").strip():
            return child.text.strip()
    return None


def _atom_link(entry: ET.Element) -> str | None:
    links = entry.findall(f"{_ATOM}link")
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return links[0].get("href") if links else None


def _feed_record(el: ET.Element) -> dict:
    if _local(el.tag) == "entry":  # Atom
        body = _child_text(el, f"{_ATOM}content", f"{_ATOM}summary")
        return {"title": _child_text(el, f"{_ATOM}title"), "text": body,
                "published": _child_text(el, f"{_ATOM}published", f"{_ATOM}updated"),
                "url": _atom_link(el), "id": _child_text(el, f"{_ATOM}id")}
    body = _child_text(el, _CONTENT_NS, "description")
    return {"title": _child_text(el, "title"), "text": body,
            "published": _child_text(el, "pubDate", _DC_DATE),
            "url": _child_text(el, "link"), "id": _child_text(el, "guid")}


def read_feed(stream: BinaryIO, *, stem: str, source: str, max_chars: int,
              published: str | None = None, outlet: str | None = None) -> Iterator[Item]:
    """RSS 2.0 ``<item>`` or Atom ``<entry>`` elements, parsed incrementally."""
    feed_title: str | None = None
    n = 0
    try:
        in_item = False
        for event, el in ET.iterparse(stream, events=("start", "end")):
            name = _local(el.tag)
            if event == "start":
                in_item = in_item or name in ("item", "entry")
                continue
            if name == "title" and not in_item and feed_title is None and el.text:
                feed_title = el.text.strip()  # the channel/feed title
            if name not in ("item", "entry"):
                continue
            in_item = False
            n += 1
            record = _feed_record(el)
            el.clear()
            if record["text"]:
                record["text"] = fragment_text(record["text"])
            if not record["text"] and record["title"]:
                record["text"] = record["title"]
            pub, warnings = normalize_published(record["published"])
            record["published"] = pub.split("T")[0] if pub and not warnings else pub
            yield make_document(record, default_id=f"{stem}-{n}", source=source, line=None,
                                max_chars=max_chars, warnings=warnings, published=published,
                                outlet=outlet or feed_title)
    except ET.ParseError as exc:
        yield InputError(f"{stem}-{n + 1}", source, f"malformed XML: {exc}")
    if n == 0:
        yield InputError(stem, source, "no RSS <item> or Atom <entry> elements found")

