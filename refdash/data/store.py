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
SCHEMA_VERSION = 3

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
    return Path(__file__).resolve().parents[2] / "data" / "refdash.db"


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


def _migration_3(db: sqlite_utils.Database) -> None:
    """Saved column mappings of imports (so the next file of the same shape needs no
    mapping), and extra attributes kept with imported events and referrals."""
    db.executescript(
        """
        ALTER TABLE events ADD COLUMN extra TEXT;
        ALTER TABLE referrals ADD COLUMN extra TEXT;
        CREATE TABLE import_mappings (
            name TEXT PRIMARY KEY CHECK (length(trim(name)) > 0),
            kind TEXT NOT NULL CHECK (kind IN ('clients', 'events', 'referrals')),
            headers TEXT NOT NULL,
            mapping TEXT NOT NULL,
            options TEXT,
            updated_at TEXT NOT NULL
        );
        """
    )


#: ``MIGRATIONS[i]`` takes a store from version ``i`` to ``i + 1``.
MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (
    _migration_1, _migration_2, _migration_3,
)
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
        raise _explain(exc, "The rows were not written") from exc


def checkpoint(path: str | os.PathLike[str]) -> None:
    """Fold the WAL into the main file (before a rename or a copy)."""
    with connect(path) as db:
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# --------------------------------------------------------------------------- imports

#: What an import can bring in, one kind per file.
IMPORT_KINDS: tuple[str, ...] = ("clients", "events", "referrals")
#: Rows sent to SQLite per ``executemany`` (and per progress report).
IMPORT_CHUNK = 50_000
#: Page cache of an import's connection (negative: KiB, as SQLite's pragma takes it).
IMPORT_CACHE_KIB = -256 * 1024

#: Columns of the frame each import function takes (see :func:`import_rows`).
IMPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "clients": ("external_id", "name", "company", "email", "owner", "start_date", "sphere_size",
                "referred_by_external_id", "extra"),
    "events": ("external_id", "client_external_id", "date", "kind", "score", "note", "extra"),
    "referrals": ("external_id", "client_external_id", "date", "prospect_name", "solicited",
                  "status", "converted_client_external_id", "extra"),
}

# Columns an upsert may overwrite, as (column of the table, expression of the new value).
_UPSERT_TARGETS: dict[str, dict[str, str]] = {
    "clients": {
        "name": "i.name", "company": "i.company", "email": "i.email", "owner": "i.owner",
        "start_date": "i.start_date", "sphere_size": "coalesce(i.sphere_size, "
        f"{DEFAULT_SPHERE_SIZE})",
        "referred_by_external_id": "(SELECT r.id FROM clients r "
                                   "WHERE r.external_id = i.referred_by_external_id)",
    },
    "events": {
        "client_external_id": "c.id", "date": "i.date", "kind": "i.kind", "score": "i.score",
        "note": "i.note",
    },
    "referrals": {
        "client_external_id": "c.id", "date": "i.date", "prospect_name": "i.prospect_name",
        "solicited": "i.solicited", "status": "i.status",
        "converted_client_external_id": "(SELECT v.id FROM clients v "
                                        "WHERE v.external_id = i.converted_client_external_id)",
    },
}
# Import column -> column of the table it lands in.
_TABLE_COLUMN = {"referred_by_external_id": "referred_by", "client_external_id": "client_id",
                 "converted_client_external_id": "converted_client_id"}
_TABLE = {"clients": "clients", "events": "events", "referrals": "referrals"}


@dataclass(frozen=True)
class ImportCounts:
    """What an import did: rows added, rows that existed and changed, rows already equal."""

    kind: str
    added: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


def client_external_ids(path: str | os.PathLike[str]) -> pd.Series:
    """The external ids of the store's clients (as text), for checking references."""
    with connect(path) as db:
        rows = db.execute(
            "SELECT external_id FROM clients WHERE external_id IS NOT NULL").fetchall()
    return pd.Series([r[0] for r in rows], dtype="str", name="external_id")


def _import_records(rows: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    out = pd.DataFrame(index=rows.index)
    for col in columns:
        if col not in rows.columns:
            out[col] = None
        elif pd.api.types.is_datetime64_any_dtype(rows[col]):
            out[col] = rows[col].dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_bool_dtype(rows[col]):
            out[col] = rows[col].astype("int64")
        else:
            out[col] = rows[col]
    return out.astype(object).where(out.notna(), None)


def import_rows(
    path: str | os.PathLike[str],
    kind: str,
    rows: pd.DataFrame,
    update_columns: tuple[str, ...] | None = None,
    progress: Callable[[float], None] | None = None,
) -> ImportCounts:
    """Upsert checked import rows on their external id, all in one transaction.

    ``rows`` has the columns of :data:`IMPORT_COLUMNS` for ``kind`` (missing optional ones are
    NULL); dates are datetimes or ISO text, references name clients by *external* id.
    A row whose external id is already in the store updates only ``update_columns`` (the
    fields the file mapped; default all), so a file that lacks a column never erases it;
    extra attributes are merged, not replaced. Importing the same rows again changes
    nothing. Either every row lands or none does (a killed process included): SQLite rolls
    back the open transaction. ``progress`` is called with the share written so far.
    """
    if kind not in IMPORT_KINDS:
        raise ValueError(f"kind must be one of {IMPORT_KINDS}, got {kind!r}")
    columns = IMPORT_COLUMNS[kind]
    if "external_id" not in rows.columns or rows["external_id"].isna().any():
        raise StoreError("Every imported row needs an external id; nothing was written.")
    if rows["external_id"].duplicated().any():
        raise StoreError("An external id appears twice in the import; nothing was written.")
    targets = _UPSERT_TARGETS[kind]
    updatable = [c for c in (update_columns if update_columns is not None else targets)
                 if c in targets]
    # In external-id order, rows land next to each other in the external-id index.
    records = _import_records(rows.sort_values("external_id", kind="stable"), columns)
    n = len(records)
    table = _TABLE[kind]
    added = updated = unchanged = 0
    try:
        with transaction(path) as db:
            conn = db.conn
            conn.execute("PRAGMA temp_store = MEMORY")
            # Upserts land all over the table's indexes: a page cache that holds them
            # (256 MB at most, for this connection only) keeps them from thrashing.
            conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
            conn.execute("DROP TABLE IF EXISTS temp.import_batch")
            conn.execute(f"CREATE TEMP TABLE import_batch ({', '.join(columns)})")
            insert = (f"INSERT INTO temp.import_batch VALUES "
                      f"({', '.join('?' * len(columns))})")
            last_id = conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
            # A large batch goes faster without the secondary indexes, built again (sorted,
            # in one pass) at the end, still inside the transaction.
            with _secondary_indexes_rebuilt_after(conn, table,
                                                  enabled=kind != "clients" and n > IMPORT_CHUNK):
                # Chunk by chunk in the one transaction: progress can be shown, and a process
                # killed between two chunks leaves nothing behind (SQLite rolls back).
                for start in range(0, n, IMPORT_CHUNK):
                    chunk = records.iloc[start:start + IMPORT_CHUNK]
                    conn.execute("DELETE FROM temp.import_batch")
                    conn.executemany(insert, chunk.itertuples(index=False, name=None))
                    counts = _upsert(conn, kind, table, updatable, len(chunk))
                    added, updated = added + counts.added, updated + counts.updated
                    unchanged += counts.unchanged
                    if progress:
                        progress(min(start + IMPORT_CHUNK, n) / max(n, 1))
                if kind != "clients":
                    # Rows past the table's last id were added; the other rows the upserts
                    # changed (counted in ``updated`` by _upsert) were updated.
                    added = conn.execute(f"SELECT count(*) FROM {table} WHERE id > ?",
                                         (last_id,)).fetchone()[0]
                    updated -= added
                    unchanged = n - added - updated
            if kind == "clients" and "referred_by_external_id" in updatable:
                # Referrers may come later in the file than those they referred: link
                # them once every client of the file is in.
                conn.execute("DELETE FROM temp.import_batch")
                conn.executemany(insert, records.loc[
                    records["referred_by_external_id"].notna()].itertuples(index=False,
                                                                           name=None))
                conn.execute(
                    "UPDATE clients SET referred_by = r.id FROM temp.import_batch i "
                    "JOIN clients r ON r.external_id = i.referred_by_external_id "
                    "WHERE clients.external_id = i.external_id "
                    "AND clients.referred_by IS NOT r.id"
                )
            conn.execute("DROP TABLE temp.import_batch")
            if progress:
                progress(1.0)
            return ImportCounts(kind=kind, added=added, updated=updated, unchanged=unchanged)
    except sqlite3.DatabaseError as exc:
        raise _explain(exc, f"The {kind} were not imported (nothing was written)") from exc


def _upsert(conn: sqlite3.Connection, kind: str, table: str, updatable: list[str],
            n: int) -> ImportCounts:
    """Move ``temp.import_batch`` into ``table``; count what was added and changed."""
    targets = _UPSERT_TARGETS[kind]
    join = ("" if kind == "clients"
            else " JOIN clients c ON c.external_id = i.client_external_id")
    if kind != "clients":
        missing = conn.execute(
            "SELECT count(*) FROM temp.import_batch i LEFT JOIN clients c "
            "ON c.external_id = i.client_external_id WHERE c.id IS NULL").fetchone()[0]
        if missing:
            raise StoreError(f"{missing} {kind} name a client that is not in the store; "
                             "nothing was written.")
    new_extra = "json_patch('{}', i.extra)"
    merged_extra = (f"CASE WHEN {new_extra} IS NULL OR {new_extra} = '{{}}' THEN t.extra "
                    f"WHEN t.extra IS NULL THEN {new_extra} "
                    f"ELSE json_patch(t.extra, {new_extra}) END")
    sets = {_TABLE_COLUMN.get(c, c): targets[c] for c in updatable}
    sets["extra"] = merged_extra
    checks = [f"t.{col} IS NOT {expr}" for col, expr in sets.items() if col != "referred_by"]
    if "referred_by" in sets:
        # An empty "referred by" never erases a known referrer (it is a fact of history).
        checks.append(f"(i.referred_by_external_id IS NOT NULL AND "
                      f"t.referred_by IS NOT {sets['referred_by']})")
    differs = " OR ".join(checks)
    existing = changed = 0
    if kind == "clients":  # events and referrals are counted by id ranges afterwards
        existing, changed = conn.execute(
            f"SELECT count(*), coalesce(sum({differs}), 0) FROM temp.import_batch i{join} "
            f"JOIN {table} t ON t.external_id = i.external_id").fetchone()
    if kind == "clients":
        # Insert (or update) without the referrer first: it may be a row of this same file.
        insert_cols = ["external_id", "name", "company", "email", "owner", "start_date",
                       "sphere_size", "extra"]
        values = ["i.external_id", "i.name", "i.company", "i.email", "i.owner", "i.start_date",
                  targets["sphere_size"],
                  f"CASE WHEN {new_extra} = '{{}}' THEN NULL ELSE {new_extra} END"]
    else:
        insert_cols = [_TABLE_COLUMN.get(c, c) for c in targets] + ["external_id", "extra"]
        values = list(targets.values()) + [
            "i.external_id", f"CASE WHEN {new_extra} = '{{}}' THEN NULL ELSE {new_extra} END"]
    first_sets = {k: v for k, v in sets.items() if k != "referred_by"}
    assignments = ", ".join(f"{col} = {_excluded(col, expr)}" for col, expr in first_sets.items())
    first_differs = " OR ".join(f"{table}.{col} IS NOT {_excluded(col, expr)}"
                                for col, expr in first_sets.items())
    if kind == "referrals":
        # A converted referral names its new client: check the pair at commit.
        conn.execute("PRAGMA defer_foreign_keys = ON")
    cur = conn.execute(
        f"INSERT INTO {table} ({', '.join(insert_cols)}) "
        f"SELECT {', '.join(values)} FROM temp.import_batch i{join} WHERE true "
        f"ORDER BY i.rowid "
        f"ON CONFLICT(external_id) DO UPDATE SET {assignments} WHERE {first_differs}"
    )
    if kind != "clients":
        # Rows inserted or updated; import_rows tells them apart by id.
        return ImportCounts(kind=kind, added=0, updated=cur.rowcount, unchanged=0)
    return ImportCounts(kind=kind, added=n - existing, updated=int(changed),
                        unchanged=existing - int(changed))


@contextlib.contextmanager
def _secondary_indexes_rebuilt_after(conn: sqlite3.Connection, table: str,
                                     enabled: bool) -> Iterator[None]:
    """Drop ``table``'s non-unique indexes for the block, then create them again (the unique
    ones stay: upserts need them)."""
    if not enabled:
        yield
        return
    unique = {row[1] for row in conn.execute(f"PRAGMA index_list({table})") if row[2]}
    indexes = [(name, sql) for name, sql in conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL", (table,)) if name not in unique]
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        conn.execute(sql)


def _excluded(column: str, expr: str) -> str:
    """The value an ON CONFLICT update writes to ``column``, in terms of ``excluded``."""
    if column == "extra":
        return ("CASE WHEN excluded.extra IS NULL THEN extra WHEN extra IS NULL "
                "THEN excluded.extra ELSE json_patch(extra, excluded.extra) END")
    return f"excluded.{column}"


@dataclass(frozen=True)
class SavedMapping:
    """A column mapping saved after an import, found again for files of the same shape."""

    name: str
    kind: str
    headers: tuple[str, ...]
    mapping: dict[str, str]
    options: dict[str, str]
    updated_at: str


def save_mapping(
    path: str | os.PathLike[str],
    name: str,
    kind: str,
    headers: list[str] | tuple[str, ...],
    mapping: dict[str, str],
    options: dict[str, str] | None = None,
) -> None:
    """Save (or replace) the mapping ``name`` for files of ``kind`` with ``headers``."""
    if not name or not name.strip():
        raise StoreError("A saved mapping needs a name.")
    if kind not in IMPORT_KINDS:
        raise StoreError(f"Unknown import kind {kind!r} (allowed: {', '.join(IMPORT_KINDS)}).")
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


def list_mappings(path: str | os.PathLike[str], kind: str | None = None) -> list[SavedMapping]:
    """The saved mappings (of one ``kind`` if given), most recently saved first."""
    with connect(path) as db:
        rows = db.execute(
            "SELECT name, kind, headers, mapping, options, updated_at FROM import_mappings "
            "WHERE ? IS NULL OR kind = ? ORDER BY updated_at DESC, name", (kind, kind),
        ).fetchall()
    return [SavedMapping(name=r[0], kind=r[1], headers=tuple(json.loads(r[2])),
                         mapping=json.loads(r[3]), options=json.loads(r[4] or "{}"),
                         updated_at=r[5]) for r in rows]


def delete_mapping(path: str | os.PathLike[str], name: str) -> None:
    """Forget the saved mapping ``name`` (nothing happens if there is none)."""
    with transaction(path) as db:
        db.conn.execute("DELETE FROM import_mappings WHERE name = ?", (name,))


# --------------------------------------------------------------------------- export, backup

def export_tables(path: str | os.PathLike[str]) -> dict[str, pd.DataFrame]:
    """Every table of the store as stored (ISO dates, JSON extras), with each reference to a
    client given by its external id beside the internal one, so the files re-import."""
    queries = {
        "clients": "SELECT c.*, r.external_id AS referred_by_external_id FROM clients c "
                   "LEFT JOIN clients r ON r.id = c.referred_by ORDER BY c.id",
        "events": "SELECT e.*, c.external_id AS client_external_id FROM events e "
                  "JOIN clients c ON c.id = e.client_id ORDER BY e.id",
        "referrals": "SELECT f.*, c.external_id AS client_external_id, "
                     "v.external_id AS converted_client_external_id FROM referrals f "
                     "JOIN clients c ON c.id = f.client_id "
                     "LEFT JOIN clients v ON v.id = f.converted_client_id ORDER BY f.id",
        "import_mappings": "SELECT * FROM import_mappings ORDER BY name",
        "meta": "SELECT * FROM meta ORDER BY key",
    }
    with connect(path) as db:
        # One read transaction: the files agree with each other even during a write.
        db.conn.execute("BEGIN")
        try:
            return {name: _read_frame(db, sql) for name, sql in queries.items()}
        finally:
            db.conn.execute("COMMIT")


def backup(path: str | os.PathLike[str], dest: str | os.PathLike[str],
           overwrite: bool = False) -> Path:
    """A consistent copy of the store at ``dest`` through SQLite's backup API (safe while
    the app runs and writes). The copy is a single self-contained file; it is written
    next to ``dest`` and renamed into place, so ``dest`` is never half-written."""
    path, dest = Path(path), Path(dest)
    if dest.exists() and dest.is_dir():
        raise StoreError(f"{dest} is a folder; give the backup a file name.")
    if dest.exists() and not overwrite:
        raise StoreError(f"{dest} exists already; choose another name (nothing was written).")
    if dest.exists() and path.exists() and dest.resolve() == path.resolve():
        raise StoreError("A backup cannot overwrite the store itself.")
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
        raise StoreError(f"The backup failed its integrity check ({ok}); nothing was written.")
    os.replace(tmp, dest)
    return dest


def restore(backup_path: str | os.PathLike[str], path: str | os.PathLike[str]) -> StoreInfo:
    """Replace the content of the store at ``path`` by the backup at ``backup_path``.

    The backup is checked first (a refdash store this version can read, intact); the copy
    goes through SQLite's backup API in one step, so readers see the old store or the
    restored one, never a mix. An older backup is migrated after the copy.
    """
    backup_path, path = Path(backup_path), Path(path)
    if not backup_path.is_file():
        raise StoreError(f"No backup at {backup_path}.")
    source = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
    try:
        version, empty = _check_identity(source, backup_path)
        if empty:
            raise StoreError(f"{backup_path} is an empty database, not a refdash backup.")
        ok = source.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise StoreError(f"{backup_path} is damaged ({ok}); the store was not changed.")
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                _check_identity(probe, path)  # never overwrite a foreign or newer file
            finally:
                probe.close()
        target = _raw_connect(path)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = WAL")
        finally:
            target.close()
    finally:
        source.close()
    migrate(path)
    return info(path)


def dump_checksum(path: str | os.PathLike[str]) -> str:
    """SHA-256 of the store's SQL dump: equal checksums, equal content (used to prove that a
    refused import changed nothing)."""
    import hashlib

    conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        for line in conn.iterdump():
            digest.update(line.encode("utf-8"))
            digest.update(b"\n")
        return digest.hexdigest()
    finally:
        conn.close()
