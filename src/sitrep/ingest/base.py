"""Shared pieces of the input readers: records, decoding, sniffing, limits."""
from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime

from ..model import Document

DEFAULT_MAX_CHARS = 5_000_000
BINARY_SNIFF_BYTES = 8192
_DOC_FIELDS = ("text", "id", "title", "published", "outlet", "url")


@dataclass
class InputDocument(Document):
    """A :class:`Document` plus where it came from and reader warnings.

    ``to_dict`` returns only the input-record fields (text, id, title, published, outlet, url).
    """
    source: str | None = None
    line: int | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in _DOC_FIELDS}


@dataclass
class InputError:
    """An input that could not become a document; the batch goes on."""
    id: str
    source: str
    message: str
    line: int | None = None

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


def looks_binary(head: bytes) -> bool:
    """True for NUL bytes or mostly non-text control bytes in the first block."""
    if not head:
        return False
    if b"\x00" in head:
        return True
    sample = head[:BINARY_SNIFF_BYTES]
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control / len(sample) > 0.10


def decode(data: bytes) -> tuple[str, list[str]]:
    """UTF-8 (BOM dropped); invalid bytes become U+FFFD with a warning."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        text = data.decode("utf-8-sig", errors="replace")
        bad = text.count("\ufffd")
        return text, [f"invalid UTF-8: {bad} undecodable byte sequence(s) replaced"]


def too_large_message(n_chars: int, max_chars: int) -> str:
    return f"document too large ({n_chars / 1e6:.1f} MB > {max_chars / 1e6:.1f} MB limit)"


def check_text(text: str, max_chars: int) -> str | None:
    """The error message for an unusable text, or None."""
    if not text or not text.strip():
        return "empty text"
    if len(text) > max_chars:
        return too_large_message(len(text), max_chars)
    return None


_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$")


def normalize_published(value) -> tuple[str | None, list[str]]:
    """ISO date/datetime string from an ISO or RFC 822 value; unknown forms kept with a warning."""
    if value is None or value == "":
        return None, []
    if isinstance(value, (datetime, date)):
        return value.isoformat(), []
    text = str(value).strip()
    if _ISO_RE.match(text):
        return text.replace(" ", "T", 1) if " " in text else text, []
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.date().isoformat(), []
    return text, [f"published value not ISO 8601: {text!r}"]


def make_document(data: dict, *, default_id: str, source: str, line: int | None,
                  max_chars: int, warnings: list[str] | None = None,
                  published: str | None = None, outlet: str | None = None) -> InputDocument | InputError:
    """Validate one record (dict with at least ``text``) into a document or an error."""
    warnings = list(warnings or [])
    raw_id = data.get("id")
    doc_id = str(raw_id) if raw_id not in (None, "") else default_id
    text = data.get("text")
    if text is None:
        return InputError(doc_id, source, 'missing "text" field', line)
    if not isinstance(text, str):
        return InputError(doc_id, source, f'"text" is not a string ({type(text).__name__})', line)
    problem = check_text(text, max_chars)
    if problem:
        return InputError(doc_id, source, problem, line)
    pub, pub_warnings = normalize_published(data.get("published") or published)
    warnings += pub_warnings
    return InputDocument(
        text=text, id=doc_id,
        title=_str_or_none(data.get("title")), published=pub,
        outlet=_str_or_none(data.get("outlet")) or outlet, url=_str_or_none(data.get("url")),
        source=source, line=line, warnings=warnings,
    )


def _str_or_none(value) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None
