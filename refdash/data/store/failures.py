"""What went wrong with the store file itself (not with the rows written): damaged pages, a
file that is not SQLite, a full disk, a folder refdash cannot write to. Told apart by
SQLite's extended error code (``sqlite_errorname``), never by the English text; a damage is
confirmed and described by SQLite's own ``PRAGMA quick_check``."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from refdash.data.store.access import holding_store_access
from refdash.errors import RefdashError

#: The first 16 bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"
#: Problems of ``quick_check`` quoted in a message (the first ones say enough).
QUOTED_PROBLEMS = 3


def errorname(exc: BaseException) -> str:
    """SQLite's extended result code of ``exc`` (``SQLITE_CORRUPT_INDEX``...), or ``""``."""
    return str(getattr(exc, "sqlite_errorname", "") or "")


def sqlite_cause(exc: BaseException) -> sqlite3.Error | None:
    """The SQLite error behind ``exc`` (pandas wraps it in its own ``DatabaseError``)."""
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return None
        if isinstance(seen, sqlite3.Error):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def has_sqlite_header(path: Path) -> bool:
    """Whether ``path`` starts like a SQLite file (a damaged store does, a text file not)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


@holding_store_access
def quick_check(path: Path) -> str:
    """SQLite's ``PRAGMA quick_check`` of the file, read only: ``"ok"`` or its first problems
    (or why it could not even run), one line."""
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=5)
        try:
            rows = conn.execute(f"PRAGMA quick_check({QUOTED_PROBLEMS})").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return errorname(exc) or type(exc).__name__
    return "; ".join(str(r[0]) for r in rows)


def damaged(path: Path, exc: BaseException | None = None) -> RefdashError:
    """``store.damaged`` for ``path``, with what SQLite's check says about it."""
    detail = quick_check(path)
    if detail == "ok" and exc is not None:  # the check passed but a read failed: say which
        detail = errorname(exc) or type(exc).__name__
    return RefdashError("store.damaged", path=str(path), detail=detail)


#: Extended result code prefixes that are about the file, and the error each becomes.
_STATE = (
    ("SQLITE_FULL", "store.full"), ("SQLITE_READONLY", "store.read_only"),
    ("SQLITE_CANTOPEN", "store.cant_open"), ("SQLITE_IOERR", "store.io_error"),
    ("SQLITE_BUSY", "store.busy"), ("SQLITE_LOCKED", "store.busy"),
)


def classify(exc: BaseException, path: Path) -> RefdashError | None:
    """The :class:`RefdashError` for a failure of the file at ``path`` itself, or None when
    ``exc`` is about the rows (a constraint, a query) and is for the caller to explain."""
    cause = sqlite_cause(exc)
    if cause is None:
        return None
    name = errorname(cause)
    if name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB":
        if name == "SQLITE_NOTADB" and not has_sqlite_header(path):
            return RefdashError("store.not_sqlite", path=str(path))
        return damaged(path, cause)
    for prefix, code in _STATE:
        if name.startswith(prefix):
            return RefdashError(code, path=str(path), detail=name)
    return None
