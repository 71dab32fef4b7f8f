"""The client store: the only module of refdash that speaks SQL.

A store is a SQLite file in WAL mode, opened through ``sqlite-utils`` with a new connection per
call (Streamlit reruns on other threads, so a connection is never cached or shared). The file is
marked as refdash's with ``PRAGMA application_id`` and carries its schema version in
``PRAGMA user_version``; :func:`open_store` applies the migrations a file needs and refuses a
newer or foreign file without changing it.

Dates are stored as ISO text (``YYYY-MM-DD``) and read back as pandas ``datetime64[ns]``.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlite_utils

#: ``PRAGMA application_id`` of a refdash store ("RFDS" in ASCII).
APPLICATION_ID = 0x52464453
#: The schema version this code writes; older stores are migrated up to it.
SCHEMA_VERSION = 2

EVENT_KINDS: tuple[str, ...] = (
    "meeting",
    "delivery",
    "promise_kept",
    "promise_broken",
    "satisfaction",
    "complaint",
    "referral_ask",
    "referral_declined",
    "lost",
)
REFERRAL_STATUSES: tuple[str, ...] = ("open", "converted", "lost")
DEFAULT_SPHERE_SIZE = 250

CLIENT_COLUMNS = (
    "id", "external_id", "name", "company", "email", "owner", "start_date", "sphere_size",
    "referred_by", "extra",
)
EVENT_COLUMNS = ("id", "client_id", "date", "kind", "score", "note", "external_id")
REFERRAL_COLUMNS = (
    "id", "client_id", "date", "prospect_name", "solicited", "status", "converted_client_id",
    "external_id",
)


class StoreError(Exception):
    """A store that cannot be opened or a write that was refused; the message says why."""


def default_store_path() -> Path:
    """The store used when nothing else is named: ``$REFDASH_DB`` or ``data/refdash.db``."""
    env = os.environ.get("REFDASH_DB")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data" / "refdash.db"


# --------------------------------------------------------------------------- schema

def _kinds_sql() -> str:
    return ", ".join(f"'{kind}'" for kind in EVENT_KINDS)


def _migration_1(db: sqlite_utils.Database) -> None:
    """The first schema: clients, events, referrals, meta."""
    db.executescript(
        f"""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE clients (
            id INTEGER PRIMARY KEY,
            external_id TEXT UNIQUE,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            company TEXT,
            email TEXT,
            owner TEXT NOT NULL CHECK (length(trim(owner)) > 0),
            start_date TEXT NOT NULL CHECK (date(start_date) IS start_date),
            sphere_size INTEGER NOT NULL DEFAULT {DEFAULT_SPHERE_SIZE} CHECK (sphere_size > 0),
            referred_by INTEGER REFERENCES clients(id)
        );
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            date TEXT NOT NULL CHECK (date(date) IS date),
            kind TEXT NOT NULL CHECK (kind IN ({_kinds_sql()})),
            score REAL CHECK (score IS NULL OR (score >= 0 AND score <= 10)),
            note TEXT,
            CHECK ((kind = 'satisfaction') = (score IS NOT NULL))
        );
        CREATE TABLE referrals (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            date TEXT NOT NULL CHECK (date(date) IS date),
            prospect_name TEXT NOT NULL,
            solicited INTEGER NOT NULL CHECK (solicited IN (0, 1)),
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'converted', 'lost')),
            converted_client_id INTEGER REFERENCES clients(id),
            CHECK ((status = 'converted') = (converted_client_id IS NOT NULL))
        );
        """
    )


def _migration_2(db: sqlite_utils.Database) -> None:
    """Imports: extra attributes kept with a client, external ids on events and referrals
    (so a re-import adds nothing), and the indexes the pages' queries use."""
    db.executescript(
        """
        ALTER TABLE clients ADD COLUMN extra TEXT;
        ALTER TABLE events ADD COLUMN external_id TEXT;
        ALTER TABLE referrals ADD COLUMN external_id TEXT;
        CREATE UNIQUE INDEX idx_events_external_id ON events(external_id);
        CREATE UNIQUE INDEX idx_referrals_external_id ON referrals(external_id);
        CREATE INDEX idx_clients_owner ON clients(owner);
        CREATE INDEX idx_clients_referred_by ON clients(referred_by);
        CREATE INDEX idx_events_client_date ON events(client_id, date);
        CREATE INDEX idx_events_kind_date ON events(kind, date);
        CREATE INDEX idx_referrals_client ON referrals(client_id);
        CREATE INDEX idx_referrals_date ON referrals(date);
        CREATE TABLE demo_truth (
            client_id INTEGER PRIMARY KEY REFERENCES clients(id),
            segment TEXT NOT NULL,
            final_segment TEXT NOT NULL
        );
        """
    )


#: ``MIGRATIONS[i]`` takes a store from version ``i`` to ``i + 1``.
MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (_migration_1, _migration_2)
assert len(MIGRATIONS) == SCHEMA_VERSION


# --------------------------------------------------------------------------- opening

def _raw_connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


@dataclass(frozen=True)
class StoreInfo:
    """What :func:`info` reports about a store."""

    path: str
    schema_version: int
    clients: int
    events: int
    referrals: int
    owners: int
    is_demo: bool
    demo_seed: int | None


def _check_identity(conn: sqlite3.Connection, path: Path) -> tuple[int, bool]:
    """Return (version, empty) or raise StoreError for a foreign or newer file."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view')"
        ).fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a SQLite database ({exc}); nothing was changed.") from exc
    empty = tables == 0 and version == 0 and app_id == 0
    if not empty and app_id != APPLICATION_ID:
        raise StoreError(
            f"{path} is a SQLite database but not a refdash store (application_id={app_id}, "
            f"{tables} tables); nothing was changed."
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer refdash (schema version {version}; this one reads "
            f"up to {SCHEMA_VERSION}); nothing was changed. Update refdash to open it."
        )
    return version, empty


def migrate(path: str | os.PathLike[str], target: int = SCHEMA_VERSION) -> int:
    """Create or upgrade the store at ``path`` to schema version ``target``.

    Each migration runs in its own transaction together with the version bump, so an
    interrupted upgrade leaves the file at the previous version. Returns the version reached.
    Raises :class:`StoreError` for a foreign or newer file (which is left untouched).
    """
    path = Path(path)
    if not 1 <= target <= SCHEMA_VERSION:
        raise ValueError(f"target must be in 1..{SCHEMA_VERSION}, got {target}")
    if path.exists() and path.is_dir():
        raise StoreError(f"{path} is a folder, not a store file.")
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = _raw_connect(path)
    try:
        version, _empty = _check_identity(conn, path)
        if version >= target:
            return version
        conn.execute("PRAGMA journal_mode = WAL")
        db = sqlite_utils.Database(conn)
        for step in range(version, target):
            conn.execute("BEGIN IMMEDIATE")
            try:
                MIGRATIONS[step](db)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {step + 1}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return target
    finally:
        conn.close()


@contextlib.contextmanager
def connect(path: str | os.PathLike[str]) -> Iterator[sqlite_utils.Database]:
    """Open the store (migrating it if needed) and close it after the block."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"No store at {path}.")
    migrate(path)
    conn = _raw_connect(path)
    try:
        yield sqlite_utils.Database(conn)
    finally:
        conn.close()


@contextlib.contextmanager
def transaction(path: str | os.PathLike[str]) -> Iterator[sqlite_utils.Database]:
    """A write transaction: everything inside lands together or not at all."""
    with connect(path) as db:
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.conn.execute("ROLLBACK")
            raise
        db.conn.execute("COMMIT")


def store_signature(path: str | os.PathLike[str]) -> tuple[int, int, int, int]:
    """A cheap key that changes whenever the store file changes (for cache invalidation):
    modification times and sizes of the database and its WAL file."""
    path = Path(path)
    sig: list[int] = []
    for p in (path, Path(f"{path}-wal")):
        try:
            st = p.stat()
            sig += [st.st_mtime_ns, st.st_size]
        except FileNotFoundError:
            sig += [0, 0]
    return tuple(sig)  # type: ignore[return-value]


# --------------------------------------------------------------------------- reads

def _read_frame(db: sqlite_utils.Database, sql: str) -> pd.DataFrame:
    return pd.read_sql_query(sql, db.conn)


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, format="%Y-%m-%d").astype("datetime64[ns]")


def read_clients(path: str | os.PathLike[str]) -> pd.DataFrame:
    """All clients, ordered by id (see docs/architecture.md for the columns)."""
    with connect(path) as db:
        df = _read_frame(db, f"SELECT {', '.join(CLIENT_COLUMNS)} FROM clients ORDER BY id")
    df["start_date"] = _dates(df["start_date"])
    df["referred_by"] = df["referred_by"].astype("Int64")
    df["sphere_size"] = df["sphere_size"].astype("int64")
    df["id"] = df["id"].astype("int64")
    return df


def read_events(path: str | os.PathLike[str]) -> pd.DataFrame:
    """All events, ordered by client and date."""
    with connect(path) as db:
        df = _read_frame(
            db,
            "SELECT id, client_id, date, kind, score, note FROM events ORDER BY client_id, date, id",
        )
    df["date"] = _dates(df["date"])
    df["score"] = df["score"].astype("float64")
    df["id"] = df["id"].astype("int64")
    df["client_id"] = df["client_id"].astype("int64")
    return df


def read_referrals(path: str | os.PathLike[str]) -> pd.DataFrame:
    """All referrals, ordered by date."""
    with connect(path) as db:
        df = _read_frame(
            db,
            "SELECT id, client_id, date, prospect_name, solicited, status, converted_client_id "
            "FROM referrals ORDER BY date, id",
        )
    df["date"] = _dates(df["date"])
    df["solicited"] = df["solicited"].astype(bool)
    df["converted_client_id"] = df["converted_client_id"].astype("Int64")
    df["id"] = df["id"].astype("int64")
    df["client_id"] = df["client_id"].astype("int64")
    return df


def read_demo_truth(path: str | os.PathLike[str]) -> pd.DataFrame:
    """The latent segments a demo store was generated with (empty for real stores)."""
    with connect(path) as db:
        return _read_frame(db, "SELECT client_id, segment, final_segment FROM demo_truth")


def get_meta(path: str | os.PathLike[str]) -> dict[str, str]:
    with connect(path) as db:
        return {k: v for k, v in db.execute("SELECT key, value FROM meta").fetchall()}


def info(path: str | os.PathLike[str]) -> StoreInfo:
    """Counts and schema version of the store at ``path``."""
    with connect(path) as db:
        count = lambda table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
        meta = {k: v for k, v in db.execute("SELECT key, value FROM meta").fetchall()}
        owners = db.execute("SELECT count(DISTINCT owner) FROM clients").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        return StoreInfo(
            path=str(path),
            schema_version=version,
            clients=count("clients"),
            events=count("events"),
            referrals=count("referrals"),
            owners=owners,
            is_demo=meta.get("demo") == "1",
            demo_seed=int(meta["demo_seed"]) if "demo_seed" in meta else None,
        )


# --------------------------------------------------------------------------- writes

def _iso(value: object) -> str | None:
    """A date as ISO text. Strings must already be ``YYYY-MM-DD``: guessing whether
    ``03/04/2025`` is March or April is the importer's job, with the file's locale."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError as exc:
            raise StoreError(f"{value!r} is not a valid YYYY-MM-DD date.") from exc
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _explain(exc: sqlite3.DatabaseError, what: str) -> StoreError:
    msg = str(exc)
    if "FOREIGN KEY" in msg:
        return StoreError(f"{what}: it names a client that is not in the store.")
    if "CHECK constraint failed" in msg:
        detail = msg.split("CHECK constraint failed:", 1)[-1].strip()
        if "kind IN" in detail:
            return StoreError(
                f"{what}: unknown event kind (allowed: {', '.join(EVENT_KINDS)})."
            )
        if "score" in detail:
            return StoreError(
                f"{what}: a satisfaction event needs a score from 0 to 10, and only "
                "satisfaction events carry a score."
            )
        if "date(" in detail:
            return StoreError(f"{what}: a date is not a valid YYYY-MM-DD date.")
        if "status" in detail or "converted_client_id" in detail:
            return StoreError(
                f"{what}: status must be one of {', '.join(REFERRAL_STATUSES)}, and a converted "
                "referral names the client it became."
            )
        return StoreError(f"{what}: refused ({detail}).")
    if "UNIQUE" in msg:
        return StoreError(f"{what}: the external id is already in the store.")
    if "NOT NULL" in msg:
        column = msg.rsplit(".", 1)[-1]
        return StoreError(f"{what}: '{column}' is required.")
    return StoreError(f"{what}: {msg}")


def create_store(path: str | os.PathLike[str], meta: dict[str, str] | None = None) -> None:
    """Create an empty store at ``path`` (which must not exist yet)."""
    path = Path(path)
    if path.exists():
        raise StoreError(f"{path} exists already.")
    migrate(path)
    if meta:
        set_meta(path, meta)


def set_meta(path: str | os.PathLike[str], meta: dict[str, str]) -> None:
    with transaction(path) as db:
        db.conn.executemany(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            list(meta.items()),
        )


def add_client(
    path: str | os.PathLike[str],
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
    """Insert one client and return its id; :class:`StoreError` says what was refused."""
    row = (
        external_id, name, company, email, owner, _iso(start_date), int(sphere_size),
        referred_by, json.dumps(extra, ensure_ascii=False) if extra else None,
    )
    try:
        with transaction(path) as db:
            cur = db.conn.execute(
                "INSERT INTO clients (external_id, name, company, email, owner, start_date, "
                "sphere_size, referred_by, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cur.lastrowid)
    except sqlite3.DatabaseError as exc:
        raise _explain(exc, f"Client {name!r} was not added") from exc


def add_event(
    path: str | os.PathLike[str],
    *,
    client_id: int,
    date: object,
    kind: str,
    score: float | None = None,
    note: str | None = None,
) -> int:
    """Insert one event and return its id; :class:`StoreError` says what was refused."""
    try:
        with transaction(path) as db:
            cur = db.conn.execute(
                "INSERT INTO events (client_id, date, kind, score, note) VALUES (?, ?, ?, ?, ?)",
                (int(client_id), _iso(date), kind, score, note),
            )
            return int(cur.lastrowid)
    except sqlite3.DatabaseError as exc:
        raise _explain(exc, f"Event {kind!r} for client {client_id} was not added") from exc


def add_referral(
    path: str | os.PathLike[str],
    *,
    client_id: int,
    date: object,
    prospect_name: str,
    solicited: bool,
    status: str = "open",
    converted_client_id: int | None = None,
) -> int:
    """Insert one referral and return its id; :class:`StoreError` says what was refused."""
    try:
        with transaction(path) as db:
            cur = db.conn.execute(
                "INSERT INTO referrals (client_id, date, prospect_name, solicited, status, "
                "converted_client_id) VALUES (?, ?, ?, ?, ?, ?)",
                (int(client_id), _iso(date), prospect_name, int(bool(solicited)), status,
                 converted_client_id),
            )
            return int(cur.lastrowid)
    except sqlite3.DatabaseError as exc:
        raise _explain(exc, f"Referral from client {client_id} was not added") from exc


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


def bulk_insert(
    path: str | os.PathLike[str],
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
                cols = ("id", "client_id", "date", "kind", "score", "note")
                conn.executemany(
                    f"INSERT INTO events ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
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
        raise _explain(exc, "The rows were not written") from exc


def checkpoint(path: str | os.PathLike[str]) -> None:
    """Fold the WAL into the main file (before a rename or a copy)."""
    with connect(path) as db:
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
