"""``read_inputs``: files, folders and stdin to a stream of documents and input errors."""
from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .base import (
    DEFAULT_MAX_CHARS,
    InputDocument,
    InputError,
    check_text,
    decode,
    looks_binary,
    normalize_published,
)
from .html import extract_html
from .structured import read_csv, read_feed, read_jsonl_lines

Item = InputDocument | InputError
FOLDER_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".csv", ".xml")
_CHUNK = 1 << 16


def read_inputs(paths: Iterable[str | os.PathLike] | str, published: str | None = None,
                outlet: str | None = None, *, max_chars: int = DEFAULT_MAX_CHARS,
                stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Yield one :class:`InputDocument` or :class:`InputError` per input document, in input order.

    A path is ``-`` (stdin; JSONL, RSS, HTML or plain text is detected), a ``.txt``, ``.html``/``.htm``,
    ``.jsonl``, ``.csv`` or RSS/Atom ``.xml`` file, or a folder (read recursively in sorted order).
    ``published`` and ``outlet`` fill values a document does not carry itself.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    opts = {"published": published, "outlet": outlet, "max_chars": max_chars}
    for path in map(str, paths):
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_stream(stream, stem="stdin", source="<stdin>", suffix=None, **opts)
            continue
        p = Path(path)
        if p.is_dir():
            for file, rel_id in _walk_folder(p):
                yield from _read_file(file, stem=rel_id, **opts)
        elif p.is_file():
            yield from _read_file(p, stem=p.stem, **opts)
        else:
            yield InputError(p.stem or str(p), str(p), "no such file or directory")


def _walk_folder(root: Path) -> Iterator[tuple[Path, str]]:
    """Supported files under ``root`` in sorted order, skipping hidden entries; ids are relative paths."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(FOLDER_SUFFIXES):
                continue
            file = Path(dirpath) / name
            rel = file.relative_to(root).with_suffix("")
            yield file, rel.as_posix()


def _read_file(path: Path, *, stem: str, **opts) -> Iterator[Item]:
    source = str(path)
    try:
        with open(path, "rb") as stream:
            yield from _read_stream(stream, stem=stem, source=source, suffix=path.suffix.lower(), **opts)
    except OSError as exc:
        yield InputError(stem, source, f"cannot read file: {exc.strerror or exc}")


def _sniff(head: bytes) -> str:
    """Guess the format of an input from its first bytes: jsonl | feed | html | text."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096].lower()
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"<"):
        if b"<rss" in start or b"<feed" in start or b"<rdf:rdf" in start:
            return "feed"
        return "html"
    return "text"


_SUFFIX_FORMATS = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".csv": "csv",
                   ".xml": "feed", ".rss": "feed", ".atom": "feed", ".ndjson": "jsonl"}


def _read_stream(stream: BinaryIO, *, stem: str, source: str, suffix: str | None,
                 published: str | None, outlet: str | None, max_chars: int) -> Iterator[Item]:
    head = stream.read(_CHUNK)
    if looks_binary(head):
        yield InputError(stem, source, "binary file (not text)")
        return
    fmt = _SUFFIX_FORMATS.get(suffix or "") or _sniff(head)
    rest = _Prefixed(head, stream)
    common = {"stem": stem, "source": source, "max_chars": max_chars, "published": published,
              "outlet": outlet}
    if fmt == "jsonl":
        yield from read_jsonl_lines(rest.lines(max_chars * 8 + 65536), **common)
    elif fmt == "csv":
        yield from read_csv(io.BufferedReader(rest, _CHUNK), **common)
    elif fmt == "feed":
        yield from read_feed(io.BufferedReader(rest, _CHUNK), **common)
    else:
        yield _read_whole(io.BufferedReader(rest, _CHUNK), fmt, **common)


def _read_whole(stream: BinaryIO, fmt: str, *, stem: str, source: str, max_chars: int,
                published: str | None, outlet: str | None) -> Item:
    """A single-document input (plain text or HTML)."""
    byte_limit = max_chars * (8 if fmt == "html" else 4)
    data = stream.read(byte_limit + 1)
    if len(data) > byte_limit:
        return InputError(stem, source, f"document too large (over {byte_limit / 1e6:.1f} MB of raw input; "
                                        f"limit {max_chars / 1e6:.1f} MB of text)")
    text, warnings = decode(data)
    title = url = page_outlet = page_date = None
    if fmt == "html":
        article = extract_html(text)
        text, title, url, page_outlet, page_date = (article.text, article.title, article.url,
                                                    article.outlet, article.published)
        if article.method != "trafilatura":
            warnings.append("HTML main-text extraction fell back to tag stripping")
    problem = check_text(text, max_chars)
    if problem:
        return InputError(stem, source, problem)
    pub, pub_warnings = normalize_published(page_date or published)
    return InputDocument(text=text, id=stem, title=title, published=pub, outlet=page_outlet or outlet,
                         url=url, source=source, warnings=warnings + pub_warnings)


class _Prefixed(io.RawIOBase):
    """A binary stream with already-read bytes put back in front (so stdin can be sniffed)."""

    def __init__(self, head: bytes, stream: BinaryIO):
        super().__init__()
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = len(buffer)
        if self._head:
            data, self._head = self._head[:size], self._head[size:]
        else:
            data = self._stream.read(size) or b""
        buffer[:len(data)] = data
        return len(data)

    def lines(self, max_bytes: int) -> Iterator[bytes | int]:
        """Lines without their ends, read in chunks; a line longer than ``max_bytes`` is not kept,
        its length (an int) is yielded instead, so memory stays bounded."""
        parts: list[bytes] = []
        size = 0
        while chunk := self.read(_CHUNK):
            start = 0
            while True:
                idx = chunk.find(b"\n", start)
                piece = chunk[start:] if idx < 0 else chunk[start:idx]
                size += len(piece)
                if size <= max_bytes:
                    parts.append(piece)
                else:
                    parts = []
                if idx < 0:
                    break
                yield b"".join(parts) if size <= max_bytes else size
                parts, size, start = [], 0, idx + 1
        if size:
            yield b"".join(parts) if size <= max_bytes else size
