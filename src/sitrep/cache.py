"""Files Sitrep keeps under the user cache directory (``$XDG_CACHE_HOME/sitrep`` or ``~/.cache/sitrep``)."""
from __future__ import annotations

import os
import pickle
import tempfile
import time
from pathlib import Path

ABANDONED_AFTER = 3600      # seconds: a temporary file this old belongs to a build that died


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sitrep"


def write_pickle(path: Path, value) -> None:
    """Pickle ``value`` to ``path`` atomically (a temporary file, then a rename); a cache that cannot
    be written is only slower next time, so write errors are ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.stem + ".", suffix=".tmp",
                                         delete=False) as tmp:
            pickle.dump(value, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
    except OSError:
        pass


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Delete all but the ``keep`` newest files matching ``pattern`` in ``folder``, and temporary
    files that builds which died left behind; files in use elsewhere are only rebuilt, never broken."""
    try:
        found = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        now = time.time()
        abandoned = [p for p in folder.glob("*.tmp*") if now - p.stat().st_mtime > ABANDONED_AFTER]
        for old in found[keep:] + abandoned:
            old.unlink(missing_ok=True)
    except OSError:
        pass
