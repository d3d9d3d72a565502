"""Files Sitrep keeps under the user cache directory (``$XDG_CACHE_HOME/sitrep`` or ``~/.cache/sitrep``)."""
from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sitrep"


def write_pickle(path: Path, value) -> None:
    """Pickle ``value`` to ``path`` atomically (a temporary file, then a rename); a cache that cannot
    be written is only slower next time, so write errors are ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            pickle.dump(value, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
    except OSError:
        pass
