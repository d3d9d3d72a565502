"""Extraction stages, one module each (events, roles, status, places, dates, casualties, ...).

The package is also callable, so that ``sitrep.extract(text, published=..., outlet=...)`` works
even after a stage module has been imported (which binds ``sitrep.extract`` to this package).
"""
from __future__ import annotations

import sys
import types


class _CallablePackage(types.ModuleType):
    def __call__(self, text: str, published: str | None = None, outlet: str | None = None, **kwargs):
        """Extract one report; returns a :class:`sitrep.model.Extraction`."""
        from ..pipeline import extract as run

        return run(text, published=published, outlet=outlet, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
