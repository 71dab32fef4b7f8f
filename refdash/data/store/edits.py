"""Correcting one event after the fact (wrong date, wrong client, logged twice) and taking the
correction back: read a row as stored, replace its fields, delete it, put it back as it was.

Each write is one transaction and returns what it replaced, so an undo restores the very row
(same id, external id and extras: a re-import still recognises it).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from refdash.data.store.explain import explain, iso
from refdash.data.store.schema import Path_, connect, transaction

#: Every stored column of an event, in the order :func:`read_event` returns them.
EVENT_ROW_COLUMNS: tuple[str, ...] = (
    "id", "client_id", "date", "kind", "score", "note", "external_id", "extra",
)
_SELECT = f"SELECT {', '.join(EVENT_ROW_COLUMNS)} FROM events WHERE id = ?"


def read_event(path: Path_, event_id: int) -> dict[str, Any] | None:
    """The stored row of event ``event_id`` (ISO date text), or None if there is none."""
    with connect(path) as db:
        row = db.conn.execute(_SELECT, (int(event_id),)).fetchone()
    return None if row is None else dict(zip(EVENT_ROW_COLUMNS, row, strict=True))


def update_event(path: Path_, event_id: int, *, client_id: int, date: object, kind: str,
                 score: float | None, note: str | None) -> dict[str, Any] | None:
    """Replace the fields of event ``event_id``; returns the row as it was before (None, and
    nothing written, when the event is gone). The external id and extras stay."""
    try:
        with transaction(path) as db:
            before = db.conn.execute(_SELECT, (int(event_id),)).fetchone()
            if before is None:
                return None
            db.conn.execute(
                "UPDATE events SET client_id = ?, date = ?, kind = ?, score = ?, note = ? "
                "WHERE id = ?",
                (int(client_id), iso(date), kind, score, note, int(event_id)),
            )
            return dict(zip(EVENT_ROW_COLUMNS, before, strict=True))
    except sqlite3.DatabaseError as exc:
        raise explain(exc) from exc


def remove_event(path: Path_, event_id: int) -> dict[str, Any] | None:
    """Delete event ``event_id``; returns the deleted row (None when it was not there)."""
    try:
        with transaction(path) as db:
            before = db.conn.execute(_SELECT, (int(event_id),)).fetchone()
            if before is None:
                return None
            db.conn.execute("DELETE FROM events WHERE id = ?", (int(event_id),))
            return dict(zip(EVENT_ROW_COLUMNS, before, strict=True))
    except sqlite3.DatabaseError as exc:
        raise explain(exc) from exc


def put_event_back(path: Path_, row: dict[str, Any]) -> None:
    """Write ``row`` (from :func:`read_event`, :func:`update_event` or :func:`remove_event`)
    back under its own id: the undo of an edit or a deletion."""
    values = tuple(row.get(c) for c in EVENT_ROW_COLUMNS)
    try:
        with transaction(path) as db:
            db.conn.execute(
                f"INSERT INTO events ({', '.join(EVENT_ROW_COLUMNS)}) VALUES "
                f"({', '.join('?' * len(EVENT_ROW_COLUMNS))}) ON CONFLICT(id) DO UPDATE SET "
                + ", ".join(f"{c} = excluded.{c}" for c in EVENT_ROW_COLUMNS[1:]),
                values,
            )
    except sqlite3.DatabaseError as exc:
        raise explain(exc) from exc
