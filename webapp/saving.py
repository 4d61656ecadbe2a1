"""Saving a page from the writers' editor: atomic, with a history of versions, the file's mode kept, and no
overwriting of a version someone else saved after you opened the page. Nothing here imports Streamlit.

Versions live in `<explainers>/.history/<name>/`, one file per saved version (newest last); the page files stay
the only `*.yaml` files directly in the explainers folder, so versions are never served.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import stat
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .logic import page_path_for

HISTORY = ".history"
KEEP_VERSIONS = 50
NEW_FILE_MODE = 0o644  # what a new page gets (tempfile's 0600 would hide it from the web server's user)


class SaveConflict(RuntimeError):
    """The page changed on disk since the writer opened it."""


class UnsafeHistory(OSError):
    """The history folder is a symlink or not a folder: versions are not written through it."""


def text_digest(text: str | None) -> str:
    """The digest of a page's text as saved; "" stands for "no such file"."""
    return "" if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def current_digest(path: Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


@dataclass(frozen=True)
class Version:
    name: str  # file name inside the page's history folder
    saved_at: str  # "2026-11-30 12:04:05 UTC"
    path: Path

    def read(self) -> str:
        return self.path.read_text(encoding="utf-8", errors="replace")


def _safe_dir(path: Path) -> Path:
    """Create `path` as a real folder; refuse a symlink or a file in its place."""
    try:
        os.mkdir(path, 0o755)
    except FileExistsError:
        pass
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise UnsafeHistory(errno.ELOOP, f"{path.name} is not a plain folder; versions are not written through it")
    return path


def history_dir(folder: Path, name: str, create: bool = False) -> Path:
    base = Path(folder) / HISTORY
    if not create:
        return base / name
    return _safe_dir(_safe_dir(base) / name)


def versions(folder: Path, name: str) -> list[Version]:
    """The saved versions of page `name`, oldest first ([] when there are none or the history is unsafe)."""
    where = history_dir(folder, name)
    try:
        if os.path.islink(where) or os.path.islink(where.parent) or not where.is_dir():
            return []
        files = sorted(p for p in where.iterdir() if p.suffix == ".yaml" and not p.is_symlink() and p.is_file())
    except OSError:
        return []
    out = []
    for p in files:
        stamp = p.stem.split("-")[0]
        try:
            saved = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.strptime(stamp, "%Y%m%dT%H%M%S"))
        except ValueError:
            saved = p.stem
        out.append(Version(p.name, saved, p))
    return out


def _keep_version(folder: Path, name: str, text: bytes, mode: int) -> Path:
    """Write one version file, never through a symlink and never over an existing file."""
    where = history_dir(folder, name, create=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    for n in range(1000):
        target = where / f"{stamp}-{n:03d}.yaml"
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        break
    else:
        raise OSError(errno.EEXIST, "too many versions saved in one second")
    for old in versions(folder, name)[:-KEEP_VERSIONS]:
        old.path.unlink(missing_ok=True)
    return target


@contextmanager
def _locked(folder: Path):
    """One save at a time per explainers folder (so the conflict check and the replace are one step)."""
    lock_path = _safe_dir(Path(folder) / HISTORY) / ".lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def save_page(folder: Path, name: str, text: str, expected_digest: str | None = None) -> Path:
    """Write page `name` atomically and return its path.

    `expected_digest` is the digest of the file as the writer opened it ("" for a page that did not exist);
    when the file on disk differs, SaveConflict is raised and nothing is written. None skips the check.
    The version being replaced goes to the page's history first; the file keeps its permission bits.
    """
    path = page_path_for(folder, name)
    folder = path.parent
    data = (text if text.endswith("\n") else text + "\n").encode("utf-8")
    with _locked(folder):
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            info = None
        if info is not None and stat.S_ISLNK(info.st_mode):
            raise OSError(errno.ELOOP, f"{path.name} is a symlink; it is not saved through")
        if expected_digest is not None and current_digest(path) != expected_digest:
            raise SaveConflict(f"{path.name} was changed by someone else after you opened it")
        mode = stat.S_IMODE(info.st_mode) if info is not None else NEW_FILE_MODE
        if info is not None:
            _keep_version(folder, path.stem, path.read_bytes(), mode)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.stem}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fchmod(handle.fileno(), mode)
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
    return path
