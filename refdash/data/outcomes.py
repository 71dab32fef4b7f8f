"""The outcome of a worklist action, written exactly once (issue 12: "the outcome in one click").

Each click writes one row: an event (``referral_ask``, ``referral_declined``, ``meeting``,
``promise_kept``) or, for "Referred (name)", a solicited referral. The row's ``external_id``
is an idempotency key built from the client, the outcome, the day and a token the page draws
once per displayed button (:func:`new_token`): both tables hold ``external_id`` under a
UNIQUE index, so a double click or a Streamlit rerun finds the row already there and writes
nothing. :func:`undo` removes one recorded row, :func:`undo_last` the latest one.

What each outcome writes (``OUTCOMES``):

- ``asked`` -> ``referral_ask``; ``referred`` -> a referral (solicited, open, the prospect's
  name); ``declined`` -> ``referral_declined``; ``not_now`` -> ``referral_declined`` too (an
  ask that brought no referral; the trust and segments models need no other kind), marked
  ``not_now`` in ``extra``;
- ``thanked`` -> ``meeting`` (a contact that acknowledges the referral);
- ``done`` -> ``promise_kept`` (the promise kept, the ticket closed: the repair step of a
  broken promise or a complaint); ``contacted`` -> ``meeting`` (the repair step after an early
  ask, or a follow-up of an open referral).

Every row carries ``extra = {"worklist": {"outcome": ..., "recorded_at": ...}}`` so that the
latest one can be found across both tables. Only this module and :mod:`refdash.data.store`
write SQL.
"""

from __future__ import annotations

import datetime
import json
import os
import secrets
import sqlite3
from dataclasses import dataclass

import pandas as pd

from refdash.data import store
from refdash.errors import RefdashError

#: Outcome -> (table, event kind; None for the referrals table).
OUTCOMES: dict[str, tuple[str, str | None]] = {
    "asked": ("events", "referral_ask"),
    "referred": ("referrals", None),
    "declined": ("events", "referral_declined"),
    "not_now": ("events", "referral_declined"),
    "thanked": ("events", "meeting"),
    "done": ("events", "promise_kept"),
    "contacted": ("events", "meeting"),
}
#: Prefix of the external ids this module writes (and the only rows :func:`undo` removes).
PREFIX = "worklist"
_TABLES = ("events", "referrals")


@dataclass(frozen=True)
class Recorded:
    """A recorded outcome: the row's ``external_id``, its ``table`` and ``row_id``, and
    ``written`` (False when the same click had already been recorded)."""

    external_id: str
    table: str
    row_id: int
    written: bool


def new_token() -> str:
    """A fresh random token for one displayed button (the page keeps it in its session)."""
    return secrets.token_hex(8)


def outcome_key(client_id: int, outcome: str, day: object, token: str) -> str:
    """The idempotency key: ``worklist:<client>:<outcome>:<YYYY-MM-DD>:<token>``."""
    if not str(token).strip():
        raise RefdashError("worklist.missing_token")
    return f"{PREFIX}:{int(client_id)}:{outcome}:{_day(day)}:{str(token).strip()}"


def _day(day: object) -> str:
    try:
        return pd.Timestamp(day).strftime("%Y-%m-%d")
    except (TypeError, ValueError) as exc:
        raise RefdashError("worklist.bad_date", value=str(day)) from exc


def _existing(db: object, external_id: str) -> tuple[str, int] | None:
    conn = db.conn  # type: ignore[attr-defined]
    for table in _TABLES:
        row = conn.execute(f"SELECT id FROM {table} WHERE external_id = ?",
                           (external_id,)).fetchone()
        if row is not None:
            return table, int(row[0])
    return None


def record(
    path: str | os.PathLike[str], *, client_id: int, outcome: str, day: object, token: str,
    prospect_name: str | None = None,
) -> Recorded:
    """Write the row of ``outcome`` for ``client_id`` dated ``day``, once per ``token``.

    Refused with :class:`RefdashError`: ``worklist.unknown_outcome``,
    ``worklist.missing_prospect`` (``referred`` without a name), ``worklist.missing_token``,
    ``worklist.bad_date``, ``worklist.unknown_client``.
    """
    if outcome not in OUTCOMES:
        raise RefdashError("worklist.unknown_outcome", value=outcome)
    table, kind = OUTCOMES[outcome]
    prospect = (prospect_name or "").strip()
    if table == "referrals" and not prospect:
        raise RefdashError("worklist.missing_prospect")
    key = outcome_key(client_id, outcome, day, token)
    extra = json.dumps({PREFIX: {
        "outcome": outcome,
        "recorded_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="microseconds"),
    }})
    row: dict[str, object] = {"client_id": int(client_id), "date": _day(day),
                              "external_id": key, "extra": extra}
    if table == "referrals":
        row.update(prospect_name=prospect, solicited=1, status="open")
    else:
        row.update(kind=kind)
    try:
        # BEGIN IMMEDIATE: two reruns racing serialise here, the second finds the first's row.
        with store.transaction(path) as db:
            found = _existing(db, key)
            if found is not None:
                return Recorded(key, found[0], found[1], written=False)
            # Plain SQL on the transaction's connection: sqlite-utils' insert() would commit
            # on its own and end the BEGIN IMMEDIATE that makes the check above safe.
            columns = ", ".join(row)
            marks = ", ".join("?" * len(row))
            cur = db.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                                  tuple(row.values()))
            row_id = int(cur.lastrowid or 0)
    except sqlite3.IntegrityError as exc:
        raise RefdashError("worklist.unknown_client", client=int(client_id)) from exc
    return Recorded(key, table, row_id, written=True)


def undo(path: str | os.PathLike[str], external_id: str) -> bool:
    """Remove the row recorded under ``external_id`` (only rows this module wrote); whether
    one was removed."""
    if not str(external_id).startswith(f"{PREFIX}:"):
        return False
    with store.transaction(path) as db:
        removed = 0
        for table in _TABLES:
            removed += db.conn.execute(f"DELETE FROM {table} WHERE external_id = ?",
                                       (external_id,)).rowcount
    return removed > 0


def undo_last(path: str | os.PathLike[str], client_ids: list[int] | None = None) -> str | None:
    """Remove the latest recorded outcome (of ``client_ids`` only, when given); its
    ``external_id``, or None when there is nothing to undo."""
    like = f"{PREFIX}:%"
    with store.transaction(path) as db:
        latest: tuple[str, str, str] | None = None
        for table in _TABLES:
            rows = db.conn.execute(
                f"SELECT json_extract(extra, '$.{PREFIX}.recorded_at'), external_id, client_id "
                f"FROM {table} WHERE external_id LIKE ?", (like,)).fetchall()
            for at, key, client in rows:
                if client_ids is not None and int(client) not in client_ids:
                    continue
                if latest is None or (at or "") > latest[0]:
                    latest = (at or "", key, table)
        if latest is None:
            return None
        db.conn.execute(f"DELETE FROM {latest[2]} WHERE external_id = ?", (latest[1],))
    return latest[1]
