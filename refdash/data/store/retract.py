"""Taking back imported evidence that an updated export no longer gives: a task once
overdue (imported as a broken promise) whose due date has since moved to the future, or
that was cancelled, leaves nothing behind.

Separate from :mod:`.upsert` (the import's write); see ``docs/importing.md``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from refdash.data.store.explain import explain
from refdash.data.store.schema import Path_, transaction


def retract_events(path: Path_, external_ids: Sequence[str]) -> int:
    """Delete the events whose external id is in ``external_ids``, in one transaction;
    returns how many were deleted (0, and nothing written, for ids the store lacks).

    The ids go through a temporary table: one statement, each id an index lookup, however
    many there are (no limit of bound parameters)."""
    ids = [str(i) for i in dict.fromkeys(external_ids)]
    if not ids:
        return 0
    try:
        with transaction(path) as db:
            conn = db.conn
            conn.execute("DROP TABLE IF EXISTS temp.retract_ids")
            conn.execute("CREATE TEMP TABLE retract_ids (external_id TEXT PRIMARY KEY)")
            conn.executemany("INSERT OR IGNORE INTO temp.retract_ids VALUES (?)",
                             ((i,) for i in ids))
            deleted = conn.execute(
                "DELETE FROM events WHERE external_id IN "
                "(SELECT external_id FROM temp.retract_ids)").rowcount
            conn.execute("DROP TABLE temp.retract_ids")
            return int(deleted)
    except sqlite3.DatabaseError as exc:
        raise explain(exc) from exc
