"""Copies of the store: a consistent backup through SQLite's backup API, a checked restore,
folding the WAL into the main file, and a checksum of the content."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

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
    tmp.unlink(missing_ok=True)
    with connect(path) as db:
        target = sqlite3.connect(str(tmp))
        try:
            db.conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            ok = target.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            target.close()
    if ok != "ok":
        tmp.unlink(missing_ok=True)
        raise RefdashError("store.backup_check", detail=ok)
    os.replace(tmp, dest)
    return dest


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
        ok = source.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise RefdashError("store.damaged", path=str(backup_path), detail=ok)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                check_identity(probe, path)  # never overwrite a foreign or newer file
            finally:
                probe.close()
        target = raw_connect(path)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = WAL")
        finally:
            target.close()
    finally:
        source.close()
    migrate(path)
    return info(path)


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
