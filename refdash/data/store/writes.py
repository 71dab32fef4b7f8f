"""Writing to the store: a new store, meta, single rows added by hand, whole frames in bulk
(the demo generator), and saved import mappings. Imports of CSV rows go through
:mod:`refdash.data.store.upsert`.

Every write is one transaction; SQLite's refusals become :class:`RefdashError` through
:func:`refdash.data.store.explain.explain`.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from refdash.data.store.explain import explain, iso
from refdash.data.store.schema import (
    CLIENT_COLUMNS,
    DEFAULT_SPHERE_SIZE,
    MAPPING_KINDS,
    Path_,
    migrate,
    transaction,
)
from refdash.errors import RefdashError


def create_store(path: Path_, meta: dict[str, str] | None = None) -> None:
    """Create an empty store at ``path`` (which must not exist yet)."""
    path = Path(path)
    if path.exists():
        raise RefdashError("store.exists", path=str(path))
    migrate(path)
    if meta:
        set_meta(path, meta)


def set_meta(path: Path_, meta: dict[str, str]) -> None:
    """Set (or replace) keys of the ``meta`` table."""
    with transaction(path) as db:
        db.conn.executemany(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            list(meta.items()),
        )


def _insert(path: Path_, sql: str, row: tuple[object, ...]) -> int:
    """One row inserted in its own transaction; its id. A refused row raises the store's
    :class:`RefdashError` (unknown client, bad kind, duplicate id...), classified by code."""
    try:
        with transaction(path) as db:
            cur = db.conn.execute(sql, row)
            return int(cur.lastrowid or 0)  # an INSERT always sets it
    except sqlite3.DatabaseError as exc:
        raise explain(exc) from exc


def add_client(
    path: Path_,
    *,
    name: str,
    owner: str,
    start_date: object,
    company: str | None = None,
    email: str | None = None,
    external_id: str | None = None,
    sphere_size: int = DEFAULT_SPHERE_SIZE,
    referred_by: int | None = None,
    extra: dict[str, object] | None = None,
) -> int:
    """Insert one client and return its id; a :class:`RefdashError` says what was refused."""
    row = (
        external_id, name, company, email, owner, iso(start_date), int(sphere_size),
        referred_by, json.dumps(extra, ensure_ascii=False) if extra else None,
    )
    return _insert(path, "INSERT INTO clients (external_id, name, company, email, owner, "
                         "start_date, sphere_size, referred_by, extra) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)


def add_event(
    path: Path_,
    *,
    client_id: int,
    date: object,
    kind: str,
    score: float | None = None,
    note: str | None = None,
) -> int:
    """Insert one event and return its id; a :class:`RefdashError` says what was refused."""
    return _insert(path, "INSERT INTO events (client_id, date, kind, score, note) "
                         "VALUES (?, ?, ?, ?, ?)", (int(client_id), iso(date), kind, score, note))


def add_referral(
    path: Path_,
    *,
    client_id: int,
    date: object,
    prospect_name: str,
    solicited: bool,
    status: str = "open",
    converted_client_id: int | None = None,
) -> int:
    """Insert one referral and return its id; a :class:`RefdashError` says what was refused."""
    return _insert(path, "INSERT INTO referrals (client_id, date, prospect_name, solicited, "
                         "status, converted_client_id) VALUES (?, ?, ?, ?, ?, ?)",
                   (int(client_id), iso(date), prospect_name, int(bool(solicited)), status,
                    converted_client_id))


def _records(df: pd.DataFrame, columns: tuple[str, ...], date_columns: tuple[str, ...]) -> list:
    """Rows of ``df`` as tuples ready for executemany (dates as ISO text, NA as None)."""
    out = pd.DataFrame(index=df.index)
    for col in columns:
        if col not in df.columns:
            out[col] = None
        elif col in date_columns:
            out[col] = df[col].dt.strftime("%Y-%m-%d")
        else:
            out[col] = df[col]
    out = out.astype(object).where(out.notna(), None)
    return list(out.itertuples(index=False, name=None))


@contextlib.contextmanager
def _indexes_rebuilt_after(conn: sqlite3.Connection, table: str, enabled: bool) -> Iterator[None]:
    """Drop ``table``'s explicit indexes for the block, then create them again."""
    if not enabled:
        yield
        return
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL", (table,),
    ).fetchall()
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        conn.execute(sql)


def bulk_insert(
    path: Path_,
    *,
    clients: pd.DataFrame,
    events: pd.DataFrame | None = None,
    referrals: pd.DataFrame | None = None,
    truth: pd.DataFrame | None = None,
    meta: dict[str, str] | None = None,
) -> None:
    """Insert whole frames (with their ``id`` columns) in one transaction: all or nothing.

    Used by the demo generator; frames follow docs/architecture.md.
    """
    try:
        with transaction(path) as db:
            conn = db.conn
            # Referrals point forward to clients converted later: check keys at commit.
            conn.execute("PRAGMA defer_foreign_keys = ON")
            conn.executemany(
                f"INSERT INTO clients ({', '.join(CLIENT_COLUMNS)}) VALUES "
                f"({', '.join('?' * len(CLIENT_COLUMNS))})",
                _records(clients, CLIENT_COLUMNS, ("start_date",)),
            )
            if events is not None and len(events):
                cols: tuple[str, ...] = ("id", "client_id", "date", "kind", "score", "note")
                # Building the indexes once after a large load is several times faster than
                # updating them row by row; they are dropped and rebuilt in this transaction.
                with _indexes_rebuilt_after(conn, "events", enabled=len(events) > 50_000):
                    conn.executemany(
                        f"INSERT INTO events ({', '.join(cols)}) VALUES "
                        f"({', '.join('?' * len(cols))})",
                        _records(events, cols, ("date",)),
                    )
            if referrals is not None and len(referrals):
                cols = ("id", "client_id", "date", "prospect_name", "solicited", "status",
                        "converted_client_id")
                refs = referrals.assign(solicited=referrals["solicited"].astype(int))
                conn.executemany(
                    f"INSERT INTO referrals ({', '.join(cols)}) VALUES "
                    f"({', '.join('?' * len(cols))})",
                    _records(refs, cols, ("date",)),
                )
            if truth is not None and len(truth):
                conn.executemany(
                    "INSERT INTO demo_truth (client_id, segment, final_segment) VALUES (?, ?, ?)",
                    _records(truth, ("client_id", "segment", "final_segment"), ()),
                )
            if meta:
                conn.executemany(
                    "INSERT INTO meta(key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    list(meta.items()),
                )
    except sqlite3.DatabaseError as exc:
        raise explain(exc) from exc


def save_mapping(
    path: Path_,
    name: str,
    kind: str,
    headers: list[str] | tuple[str, ...],
    mapping: dict[str, str],
    options: dict[str, str] | None = None,
) -> None:
    """Save (or replace) the mapping ``name`` for files of ``kind`` with ``headers``."""
    if not name or not name.strip():
        raise RefdashError("store.mapping_name")
    if kind not in MAPPING_KINDS:
        raise RefdashError("store.unknown_import_kind", value=kind, kinds=", ".join(MAPPING_KINDS))
    with transaction(path) as db:
        db.conn.execute(
            "INSERT INTO import_mappings (name, kind, headers, mapping, options, updated_at) "
            "VALUES (?, ?, ?, ?, ?, datetime('now')) ON CONFLICT(name) DO UPDATE SET "
            "kind = excluded.kind, headers = excluded.headers, mapping = excluded.mapping, "
            "options = excluded.options, updated_at = excluded.updated_at",
            (name.strip(), kind, json.dumps(list(headers), ensure_ascii=False),
             json.dumps(mapping, ensure_ascii=False),
             json.dumps(options or {}, ensure_ascii=False)),
        )


def delete_mapping(path: Path_, name: str) -> None:
    """Forget the saved mapping ``name`` (nothing happens if there is none)."""
    with transaction(path) as db:
        db.conn.execute("DELETE FROM import_mappings WHERE name = ?", (name,))


def delete_entry(path: Path_, table: str, row_id: int) -> bool:
    """Remove one event or referral logged by hand (an undo); False if it was not there."""
    if table not in ("events", "referrals"):
        raise ValueError(f"table must be events or referrals, got {table!r}")
    try:
        with transaction(path) as db:
            cur = db.conn.execute(f"DELETE FROM {table} WHERE id = ?", (int(row_id),))
            return cur.rowcount == 1
    except sqlite3.DatabaseError as exc:
        raise explain(exc) from exc
