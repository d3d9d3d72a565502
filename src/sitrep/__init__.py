"""Sitrep: source-attributed conflict events from news reports.

``sitrep.extract(text, published=..., outlet=...)`` returns a :class:`sitrep.model.Extraction`
with ``.to_dict()`` in the shape of the output contract.
"""
from __future__ import annotations

from . import extract  # the stage package; calling it runs the whole pipeline on one text

__version__ = "0.1.0"
__all__ = ["extract", "__version__"]
