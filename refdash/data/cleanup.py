"""A clean start: remove the demo clients from a store, or empty it, always after a backup.

The demo generator marks its clients in ``demo_truth`` (one row per generated client) and
the store with the meta key ``demo = 1`` (the sidebar's badge). Removing the demo clients
deletes exactly those clients, their events and the referrals they made or became, and
keeps everything the user imported or logged; clients of the user's that a demo client
"referred" keep their place, without the link. Starting empty removes every client, event
and referral but keeps the saved import mappings (the next export of the same CRM needs no
mapping again).

Both are idempotent: a second call (a double click) finds nothing to do, writes nothing and
makes no second backup. Each removal is one transaction, preceded by a consistent backup
(:func:`refdash.data.store.backup`) in ``backups/`` beside the store.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from refdash.data import store

#: Meta keys written by the demo generator (see :func:`refdash.data.demo.write_demo_store`).
DEMO_META_KEYS: tuple[str, ...] = ("demo", "demo_seed", "demo_clients")
_DEMO_KEYS_SQL = ", ".join(f"'{k}'" for k in DEMO_META_KEYS)
_DEMO_IDS = "SELECT client_id FROM demo_truth"
Path_ = str | os.PathLike[str]


@dataclass(frozen=True)
class Cleaned:
    """What a clean start removed (counts of rows) and where the backup taken first is."""

    clients: int
    events: int
    referrals: int
    backup: Path | None


@dataclass(frozen=True)
class DemoState:
    """How much of a store is demo data: ``demo_clients`` generated, ``own_clients`` the
    user's, ``flagged`` whether the meta still says demo (the sidebar's badge)."""

    demo_clients: int
    own_clients: int
    flagged: bool


def demo_state(path: Path_) -> DemoState:
    """Count the demo clients and the user's clients of the store at ``path``."""
    with store.snapshot(path) as db:
        demo = db.conn.execute(f"SELECT count(*) FROM clients WHERE id IN ({_DEMO_IDS})")
        n_demo = int(demo.fetchone()[0])
        total = int(db.conn.execute("SELECT count(*) FROM clients").fetchone()[0])
        flag = db.conn.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
    return DemoState(n_demo, total - n_demo, flag is not None and flag[0] == "1")


def backup_path(path: Path_, action: str, now: pd.Timestamp | None = None) -> Path:
    """Where the backup before ``action`` goes: ``backups/<store>-before-<action>-<time>.db``
    beside the store (local time to the second)."""
    path = Path(path)
    stamp = (now or pd.Timestamp.now()).strftime("%Y%m%d-%H%M%S")
    return path.parent / "backups" / f"{path.stem}-before-{action}-{stamp}.db"


def _backup(path: Path_, action: str) -> Path:
    dest = backup_path(path, action)
    # Two clean starts in the same second (never by a double click: that writes nothing).
    return store.backup(path, dest, overwrite=True)


def remove_demo_clients(path: Path_) -> Cleaned | None:
    """Back up the store, then delete the demo clients, their events and referrals, and the
    demo flag; None (nothing written, no backup) when there is nothing left to remove."""
    state = demo_state(path)
    if not state.demo_clients and not state.flagged:
        return None
    copy = _backup(path, "removing-demo") if state.demo_clients else None
    with store.transaction(path) as db:
        conn = db.conn
        refs = conn.execute(
            f"DELETE FROM referrals WHERE client_id IN ({_DEMO_IDS}) "
            f"OR converted_client_id IN ({_DEMO_IDS})").rowcount
        events = conn.execute(f"DELETE FROM events WHERE client_id IN ({_DEMO_IDS})").rowcount
        # The user's clients keep their place; a link to a demo "referrer" goes.
        conn.execute(f"UPDATE clients SET referred_by = NULL WHERE referred_by IN ({_DEMO_IDS})"
                     f" AND id NOT IN ({_DEMO_IDS})")
        conn.execute("PRAGMA defer_foreign_keys = ON")  # demo clients refer to each other
        clients = conn.execute(f"DELETE FROM clients WHERE id IN ({_DEMO_IDS})").rowcount
        conn.execute("DELETE FROM demo_truth")
        conn.execute(f"DELETE FROM meta WHERE key IN ({_DEMO_KEYS_SQL})")
    return Cleaned(clients, events, refs, copy)


def start_empty(path: Path_) -> Cleaned | None:
    """Back up the store, then delete every client, event and referral and the demo flag
    (saved import mappings stay); None (nothing written) when it is empty already."""
    before = store.info(path)
    if not (before.clients or before.events or before.referrals or before.is_demo):
        return None
    copy = _backup(path, "emptying") if before.clients or before.events else None
    with store.transaction(path) as db:
        conn = db.conn
        refs = conn.execute("DELETE FROM referrals").rowcount
        events = conn.execute("DELETE FROM events").rowcount
        conn.execute("DELETE FROM demo_truth")
        conn.execute("PRAGMA defer_foreign_keys = ON")  # referred_by points inside the table
        clients = conn.execute("DELETE FROM clients").rowcount
        conn.execute(f"DELETE FROM meta WHERE key IN ({_DEMO_KEYS_SQL})")
    return Cleaned(clients, events, refs, copy)


def settle_demo_flag(path: Path_) -> bool:
    """After an import: a store still flagged demo whose demo clients are all gone holds only
    the user's data, so the flag (and the sidebar's badge) goes. True if it was cleared."""
    state = demo_state(path)
    if not state.flagged or state.demo_clients:
        return False
    with store.transaction(path) as db:
        db.conn.execute(f"DELETE FROM meta WHERE key IN ({_DEMO_KEYS_SQL})")
    return True
