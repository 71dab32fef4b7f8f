"""Taking back imported evidence that an updated export no longer gives: a task once
overdue (imported as a broken promise) whose due date has since moved to the future, or
that was cancelled, leaves nothing behind.

Called by :func:`~.upsert.import_rows` inside the import's own transaction, so the new
evidence and the evidence taken back land together; see ``docs/importing.md``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence


def retract_events(conn: sqlite3.Connection, external_ids: Sequence[str]) -> int:
    """Delete the events whose external id is in ``external_ids`` (inside the caller's
    transaction); returns how many were deleted (0 for ids the store lacks).

    The ids go through a temporary table: one statement, each id an index lookup, however
    many there are (no limit of bound parameters)."""
    ids = [str(i) for i in dict.fromkeys(external_ids)]
    if not ids:
        return 0
    conn.execute("DROP TABLE IF EXISTS temp.retract_ids")
    conn.execute("CREATE TEMP TABLE retract_ids (external_id TEXT PRIMARY KEY)")
    conn.executemany("INSERT OR IGNORE INTO temp.retract_ids VALUES (?)", ((i,) for i in ids))
    deleted = conn.execute("DELETE FROM events WHERE external_id IN "
                           "(SELECT external_id FROM temp.retract_ids)").rowcount
    conn.execute("DROP TABLE temp.retract_ids")
    return int(deleted)
