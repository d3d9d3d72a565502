"""Input readers (text, HTML, JSONL, CSV, RSS/Atom, folders, stdin) and reprint detection."""
from __future__ import annotations

from .base import DEFAULT_MAX_CHARS, InputDocument, InputError
from .readers import read_inputs
from .reprints import ReprintIndex, find_reprints

__all__ = ["DEFAULT_MAX_CHARS", "InputDocument", "InputError", "ReprintIndex", "find_reprints", "read_inputs"]
