"""Copies of the store: a consistent backup through SQLite's backup API, a checked restore,
folding the WAL into the main file, and a checksum of the content."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from refdash.data.store import failures
from refdash.data.store.access import holding_store_access
from refdash.data.store.reads import StoreInfo, info
from refdash.data.store.schema import Path_, check_identity, connect, migrate, raw_connect
from refdash.errors import RefdashError


def checkpoint(path: Path_) -> None:
    """Fold the WAL into the main file (before a rename or a copy)."""
    with connect(path) as db:
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def backup(path: Path_, dest: Path_,
           overwrite: bool = False) -> Path:
    """A consistent copy of the store at ``dest`` through SQLite's backup API (safe while
    the app runs and writes). The copy is a single self-contained file; it is written
    next to ``dest`` and renamed into place, so ``dest`` is never half-written."""
    path, dest = Path(path), Path(dest)
    if dest.exists() and dest.is_dir():
        raise RefdashError("store.backup_folder", path=str(dest))
    if dest.exists() and not overwrite:
        raise RefdashError("store.backup_exists", path=str(dest))
    if dest.exists() and path.exists() and dest.resolve() == path.resolve():
        raise RefdashError("store.backup_self")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.part")
    _remove_partial(tmp)
    with connect(path) as db:
        try:
            ok = _copy(db.conn, tmp)
        except (OSError, sqlite3.Error) as exc:
            _remove_partial(tmp)
            if failures.errorname(exc).startswith("SQLITE_CORRUPT"):  # the store, not the copy
                raise failures.damaged(Path(path), exc) from exc
            raise write_failed(dest, exc) from exc
        except BaseException:
            _remove_partial(tmp)
            raise
    if ok != "ok":
        _remove_partial(tmp)
        if failures.quick_check(Path(path)) != "ok":  # the store itself is damaged: say so
            raise failures.damaged(Path(path))
        raise RefdashError("store.backup_check", detail="; ".join(ok.splitlines()[:3]))
    try:
        os.replace(tmp, dest)
    except OSError as exc:
        _remove_partial(tmp)
        raise write_failed(dest, exc) from exc
    return dest


def _copy(source: sqlite3.Connection, tmp: Path) -> str:
    """Copy ``source`` into the new file ``tmp`` and return its integrity check."""
    target = sqlite3.connect(str(tmp))
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
        return str(target.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        target.close()


def _page_size(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA page_size").fetchone()[0])


@contextlib.contextmanager
def _at_page_size(source: sqlite3.Connection, page_size: int) -> Iterator[sqlite3.Connection]:
    """``source`` itself, or, when its pages have another size than ``page_size`` (bytes),
    a scratch copy rebuilt at that size, deleted after the block: the backup API cannot
    change the page size of a store in WAL mode (it refuses the copy as read-only), and a
    store made before :data:`~.schema.PAGE_SIZE` was the default keeps its 4 KiB pages."""
    if _page_size(source) == page_size:
        yield source
        return
    handle, name = tempfile.mkstemp(prefix="refdash-restore-", suffix=".db")
    os.close(handle)
    scratch = Path(name)
    try:
        _copy(source, scratch)  # out of WAL mode: only then can VACUUM change the size
        copy = sqlite3.connect(scratch, isolation_level=None)
        try:
            copy.execute(f"PRAGMA page_size = {int(page_size)}")
            copy.execute("VACUUM")
            yield copy
        finally:
            copy.close()
    finally:
        _remove_partial(scratch)


def _remove_partial(tmp: Path) -> None:
    """Remove a partial copy and the journal SQLite may have left beside it."""
    for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)


def write_failed(dest: Path, exc: BaseException) -> RefdashError:
    """``store.write_failed``: ``dest`` could not be written (full disk...), said with the
    system's reason; the caller has removed the partial file."""
    if isinstance(exc, OSError) and exc.errno is not None:
        detail = f"{errno.errorcode.get(exc.errno, exc.errno)}: {os.strerror(exc.errno)}"
    else:
        detail = failures.errorname(exc) or type(exc).__name__
    return RefdashError("store.write_failed", path=str(dest), detail=detail)


@holding_store_access
def restore(backup_path: Path_, path: Path_) -> StoreInfo:
    """Replace the content of the store at ``path`` by the backup at ``backup_path``.

    The backup is checked first (a refdash store this version can read, intact); the copy
    goes through SQLite's backup API in one step, so readers see the old store or the
    restored one, never a mix. An older backup is migrated after the copy.
    """
    backup_path, path = Path(backup_path), Path(path)
    if not backup_path.is_file():
        raise RefdashError("store.no_backup", path=str(backup_path))
    source = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
    try:
        version, empty = check_identity(source, backup_path)
        if empty:
            raise RefdashError("store.empty_backup", path=str(backup_path))
        try:
            ok = source.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:  # too damaged for the check to finish
            ok = failures.errorname(exc) or type(exc).__name__
        if ok != "ok":
            raise RefdashError("store.damaged_backup", path=str(backup_path), detail=ok)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                check_identity(probe, path)  # never overwrite a foreign or newer file
            finally:
                probe.close()
        target = raw_connect(path)
        try:
            # A new file takes the backup's page size; a store keeps its own.
            has_pages = target.execute("PRAGMA page_count").fetchone()[0] > 0
            with _at_page_size(source, _page_size(target if has_pages else source)) as copy:
                # One step of the backup API: on a full disk SQLite rolls the store back.
                copy.backup(target)
            target.execute("PRAGMA journal_mode = WAL")
        except (OSError, sqlite3.Error) as exc:
            raise (failures.classify(exc, path) or write_failed(path, exc)) from exc
        finally:
            target.close()
    except RefdashError as exc:
        if exc.code == "store.damaged" and exc.params.get("path") == str(backup_path):
            raise RefdashError("store.damaged_backup", **exc.params) from exc
        raise
    finally:
        source.close()
    migrate(path)
    return info(path)


@holding_store_access
def dump_checksum(path: Path_) -> str:
    """SHA-256 of the store's SQL dump: equal checksums, equal content (used to prove that a
    refused import changed nothing)."""
    conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        for line in conn.iterdump():
            digest.update(line.encode("utf-8"))
            digest.update(b"\n")
        return digest.hexdigest()
    finally:
        conn.close()
