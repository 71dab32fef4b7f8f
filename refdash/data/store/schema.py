"""The store's schema: tables, migrations (one small function per version), identity and
version checks, and opening a connection.

A store is a SQLite file in WAL mode, marked as refdash's with ``PRAGMA application_id`` and
carrying its schema version in ``PRAGMA user_version``; :func:`migrate` applies the
migrations a file needs and refuses a newer or foreign file without changing it.
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import NoReturn
from urllib.parse import quote

import sqlite_utils

from refdash.data.store import failures
from refdash.data.store.access import STORE_ACCESS, holding_store_access
from refdash.errors import RefdashError

#: ``PRAGMA application_id`` of a refdash store ("RFDS" in ASCII).
APPLICATION_ID = 0x52464453
#: The schema version this code writes; older stores are migrated up to it.
SCHEMA_VERSION = 6
#: Bytes per page of a new store (SQLite's default is 4 KiB). A large import's commit writes
#: every page twice, into the WAL then the file, a system call or two a page: with 16 KiB
#: pages a million events were written in 4.8 s instead of 5.7 s (medians of five
#: interleaved runs each; CPU 5.3 s against 6.5 s). A store keeps the size it was made with
#: (SQLite changes it only by rebuilding the file): older stores keep 4 KiB pages, and a
#: restore rebuilds a backup of the other size first (see backup.restore).
PAGE_SIZE = 16384

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
#: Kinds a saved column mapping can be for: the import kinds, and CRM activities (tasks,
#: calls, deals, tickets, surveys) that the import turns into events (version 5).
MAPPING_KINDS: tuple[str, ...] = ("clients", "events", "referrals", "activities")
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

Path_ = str | os.PathLike[str]


def default_store_path() -> Path:
    """The store used when nothing else is named: ``$REFDASH_DB`` or ``data/refdash.db``."""
    env = os.environ.get("REFDASH_DB")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "data" / "refdash.db"


# --------------------------------------------------------------------------- migrations

def _kinds_sql() -> str:
    return ", ".join(f"'{kind}'" for kind in EVENT_KINDS)


def _execute_script(db: sqlite_utils.Database, script: str) -> None:
    """Run the statements of ``script`` one by one INSIDE the open transaction. (sqlite3's
    ``executescript`` commits first and then runs in autocommit: another process opening the
    store at that moment saw tables not yet marked as refdash's, and the write lock was gone.)
    The schema's statements hold no ``;`` inside a literal."""
    for statement in script.split(";"):
        if statement.strip():
            db.conn.execute(statement)


def _migration_1(db: sqlite_utils.Database) -> None:
    """The first schema: clients, events, referrals, meta."""
    _execute_script(db,
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
    _execute_script(db,
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
    _execute_script(db,
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


#: The CHECK constraints of versions 1 to 3, by table, and the name version 4 gives each:
#: SQLite reports a failed CHECK by its name, so a refusal is classified by that name
#: (see :mod:`refdash.data.store.explain`) and never by the text of an expression.
CHECK_NAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "clients": (
        ("CHECK (length(trim(name)) > 0)", "clients_name"),
        ("CHECK (length(trim(owner)) > 0)", "clients_owner"),
        ("CHECK (date(start_date) IS start_date)", "clients_start_date"),
        ("CHECK (sphere_size > 0)", "clients_sphere_size"),
    ),
    "events": (
        ("CHECK (date(date) IS date)", "events_date"),
        (f"CHECK (kind IN ({_kinds_sql()}))", "events_kind"),
        ("CHECK (score IS NULL OR (score >= 0 AND score <= 10))", "events_score"),
        ("CHECK ((kind = 'satisfaction') = (score IS NOT NULL))", "events_score_kind"),
    ),
    "referrals": (
        ("CHECK (date(date) IS date)", "referrals_date"),
        ("CHECK (solicited IN (0, 1))", "referrals_solicited"),
        ("CHECK (status IN ('open', 'converted', 'lost'))", "referrals_status"),
        ("CHECK ((status = 'converted') = (converted_client_id IS NOT NULL))",
         "referrals_converted"),
    ),
    "import_mappings": (
        ("CHECK (length(trim(name)) > 0)", "mappings_name"),
        ("CHECK (kind IN ('clients', 'events', 'referrals'))", "mappings_kind"),
    ),
}


def _table_sql(conn: sqlite3.Connection, table: str) -> str:
    return str(conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                            (table,)).fetchone()[0])


def _rewrite_definitions(conn: sqlite3.Connection, definitions: dict[str, str]) -> None:
    """Replace tables' ``CREATE TABLE`` text in place, SQLite's documented procedure for
    changes that touch no stored row or index (constraint names, a CHECK's wording): no
    table copy, instant on a store of millions of events; the integrity check proves it."""
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    try:
        for table, sql in definitions.items():
            conn.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                         (sql, table))
        conn.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
    ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if ok != "ok":
        raise RefdashError("store.damaged", path="schema", detail=ok)


def _migration_4(db: sqlite_utils.Database) -> None:
    """Name every CHECK constraint (``CONSTRAINT events_kind CHECK (...)``), in place."""
    definitions = {}
    for table, checks in CHECK_NAMES.items():
        sql = _table_sql(db.conn, table)
        for check, name in checks:
            if sql.count(check) != 1:
                raise RefdashError("store.damaged", path=table, detail=check)
            sql = sql.replace(check, f"CONSTRAINT {name} {check}")
        definitions[table] = sql
    _rewrite_definitions(db.conn, definitions)


def _migration_5(db: sqlite_utils.Database) -> None:
    """Saved mappings for activities files too (``mappings_kind`` takes ``'activities'``).

    An imported activity is an event whose external id carries its source and CRM id
    (``hubspot:activity:123``), so the events table itself needs no change."""
    old = "CONSTRAINT mappings_kind CHECK (kind IN ('clients', 'events', 'referrals'))"
    kinds = ", ".join(f"'{k}'" for k in MAPPING_KINDS)
    sql = _table_sql(db.conn, "import_mappings")
    if sql.count(old) != 1:
        raise RefdashError("store.damaged", path="import_mappings", detail=old)
    _rewrite_definitions(db.conn, {
        "import_mappings": sql.replace(old, f"CONSTRAINT mappings_kind CHECK (kind IN ({kinds}))")})


def _migration_6(db: sqlite_utils.Database) -> None:
    """Drop the index on events' (kind, date): no query reads through it (the pages read
    events by client), and every write paid for it (a third of a large import's time)."""
    db.conn.execute("DROP INDEX IF EXISTS idx_events_kind_date")


#: ``MIGRATIONS[i]`` takes a store from version ``i`` to ``i + 1``.
MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (
    _migration_1, _migration_2, _migration_3, _migration_4, _migration_5,
    _migration_6,
)
assert len(MIGRATIONS) == SCHEMA_VERSION


# --------------------------------------------------------------------------- opening

def raw_connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit) with foreign keys on."""
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def writable(path: Path) -> bool:
    """Whether refdash can write the store at ``path``: the file and its folder (WAL mode
    creates ``-wal`` and ``-shm`` files beside it), on a file system mounted read-write
    (``os.access`` alone says yes to root on a read-only mount)."""
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return False
    except OSError:
        return False
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def check_identity(conn: sqlite3.Connection, path: Path) -> tuple[int, bool]:
    """Return (version, empty) or raise ``store.not_sqlite``, ``store.damaged``,
    ``store.foreign`` or ``store.newer`` for a file this refdash must not touch."""
    try:
        # One statement, one snapshot: read one by one, the three could straddle another
        # process's first migration (an id of 0 read before it, its tables after).
        app_id, version, tables = conn.execute(
            "SELECT (SELECT application_id FROM pragma_application_id),"
            " (SELECT user_version FROM pragma_user_version),"
            " (SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view'))"
        ).fetchone()
    except sqlite3.DatabaseError as exc:
        raise (failures.classify(exc, path)
               or RefdashError("store.not_sqlite", path=str(path))) from exc
    empty = tables == 0 and version == 0 and app_id == 0
    if not empty and app_id != APPLICATION_ID:
        raise RefdashError("store.foreign", path=str(path), app_id=app_id, tables=tables)
    if version > SCHEMA_VERSION:
        raise RefdashError("store.newer", path=str(path), version=version,
                           supported=SCHEMA_VERSION)
    return version, empty


def _upgrade(conn: sqlite3.Connection, path: Path, target: int) -> int:
    """Apply the migrations one transaction each, the version read INSIDE the transaction:
    ``BEGIN IMMEDIATE`` takes the write lock first, so of two processes opening an old or
    new store at once the second waits, then reads the version the first wrote, and never
    applies a migration twice (``duplicate column name``, ``table meta already exists``)."""
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version, _empty = check_identity(conn, path)
            if version >= target:
                conn.execute("COMMIT")
                return version
            MIGRATIONS[version](sqlite_utils.Database(conn))
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


#: How long opening waits for another process switching the same new store to WAL (s).
WAL_WAIT_S = 30.0


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL mode. SQLite answers SQLITE_BUSY at once, without its busy handler,
    while another process holds the file (two first openings of a new store): wait and
    retry, as a busy handler would."""
    deadline = time.monotonic() + WAL_WAIT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if (not failures.errorname(exc).startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
                    or time.monotonic() > deadline):
                raise
            time.sleep(0.005 + 0.02 * random.random())


@holding_store_access
def migrate(path: Path_, target: int = SCHEMA_VERSION) -> int:
    """Create or upgrade the store at ``path`` to schema version ``target``.

    Each migration runs in its own transaction together with the version bump, so an
    interrupted upgrade leaves the file at the previous version; concurrent openers wait for
    each other (see :func:`_upgrade`). Returns the version reached. Raises
    :class:`~refdash.errors.RefdashError` for a foreign, newer or damaged file (left
    untouched), and for a store in a folder refdash cannot write that needs an upgrade.
    """
    path = Path(path)
    if not 1 <= target <= SCHEMA_VERSION:
        raise ValueError(f"target must be in 1..{SCHEMA_VERSION}, got {target}")
    if path.exists() and path.is_dir():
        raise RefdashError("store.is_folder", path=str(path))
    if path.exists() and not writable(path):
        conn = read_only_connect(path)  # checks the identity, and that no upgrade is due
        conn.close()
        return SCHEMA_VERSION
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = raw_connect(path)
    except sqlite3.DatabaseError as exc:  # a new file in a folder that cannot be written
        _reraise(exc, path)
    try:
        version, empty = check_identity(conn, path)  # a quick look, without the lock
        if version >= target:
            return version
        if empty:  # before the first table and before WAL mode, which fix the size
            conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        _use_wal(conn)
        return _upgrade(conn, path, target)
    except sqlite3.DatabaseError as exc:
        _reraise(exc, path)
    finally:
        conn.close()


def _reraise(exc: sqlite3.DatabaseError, path: Path) -> NoReturn:
    """Raise the store's words for ``exc`` when it is about the file, else ``exc`` itself."""
    known = failures.classify(exc, path)
    if known is not None:
        raise known from exc
    raise exc


def read_only_connect(path: Path) -> sqlite3.Connection:
    """A read-only connection to a store refdash cannot write (a read-only folder or file).

    ``mode=ro`` reads a WAL store when its ``-shm`` file exists or can be made; otherwise,
    when no change is pending in a ``-wal`` file, ``immutable=1`` reads the main file as
    it stands (nothing can write it meanwhile). A store that needs an upgrade, or whose WAL
    cannot be read, is refused with the reason."""
    wal = Path(f"{path}-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    modes = ("mode=ro",) if pending else ("mode=ro", "immutable=1")
    last: RefdashError | None = None
    for mode in modes:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?{mode}", uri=True,
                               timeout=30, isolation_level=None)
        try:
            version, empty = check_identity(conn, path)
        except RefdashError as exc:
            conn.close()
            if exc.code not in ("store.cant_open", "store.read_only", "store.io_error"):
                raise
            last = exc
            continue
        if empty or version < SCHEMA_VERSION:
            conn.close()
            raise RefdashError("store.read_only_old", path=str(path), version=version,
                               supported=SCHEMA_VERSION)
        return conn
    raise RefdashError("store.read_only_pending" if pending else "store.cant_open",
                       path=str(path), detail=last.params.get("detail", "") if last else "")


def _open(path: Path) -> sqlite3.Connection:
    if not path.exists():
        raise RefdashError("store.missing", path=str(path))
    migrate(path)
    if writable(path):
        return raw_connect(path)
    return read_only_connect(path)


@contextlib.contextmanager
def connect(path: Path_) -> Iterator[sqlite_utils.Database]:
    """Open the store (migrating it if needed) and close it after the block.

    A store in a folder refdash cannot write is opened read only (reads work, a write is
    refused as ``store.read_only``). A failure of the file itself inside the block (damaged
    pages, full disk...) comes out as its :class:`RefdashError` (see
    :mod:`refdash.data.store.failures`), never as a bare ``sqlite3`` traceback; errors about
    the rows (constraints) pass through for the writer to explain."""
    path = Path(path)
    with STORE_ACCESS:  # see refdash.data.store.access: one SQLite copy at a time
        yield from _connected(path)


def _connected(path: Path) -> Iterator[sqlite_utils.Database]:
    conn = _open(path)
    try:
        yield sqlite_utils.Database(conn)
    except Exception as exc:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        known = None if isinstance(exc, RefdashError) else failures.classify(exc, path)
        if known is None:
            raise
        raise known from exc
    finally:
        conn.close()


@contextlib.contextmanager
def transaction(path: Path_, attach: Mapping[str, Path] | None = None, *,
                foreign_keys: bool = True) -> Iterator[sqlite_utils.Database]:
    """A write transaction: everything inside lands together or not at all.

    ``attach`` names other SQLite files to attach (read inside, never written by the
    transaction's commit); SQLite attaches only outside a transaction, so it is done first.
    ``foreign_keys=False`` skips SQLite's check of each written reference, for a writer
    whose references hold by construction (it must say why); SQLite takes the setting only
    outside a transaction, and it ends with the connection."""
    with connect(path) as db:
        if not foreign_keys:
            db.conn.execute("PRAGMA foreign_keys = OFF")
        for schema, other in (attach or {}).items():
            db.conn.execute(f'ATTACH DATABASE ? AS "{schema}"', (str(other),))
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
        db.conn.execute("COMMIT")


@contextlib.contextmanager
def snapshot(path: Path_) -> Iterator[sqlite_utils.Database]:
    """A read transaction: every query inside sees the same state of the store, even while
    another connection writes (WAL keeps the snapshot until the block ends)."""
    with connect(path) as db:
        db.conn.execute("BEGIN")
        try:
            yield db
        finally:
            if db.conn.in_transaction:
                db.conn.execute("COMMIT")


def store_signature(path: Path_) -> tuple[int, int, int, int]:
    """A cheap key that changes whenever the store file changes (for cache invalidation):
    modification times (ns) and sizes (bytes) of the database and its WAL file."""
    path = Path(path)
    sig: list[int] = []
    for p in (path, Path(f"{path}-wal")):
        try:
            st = p.stat()
            sig += [st.st_mtime_ns, st.st_size]
        except FileNotFoundError:
            sig += [0, 0]
    return sig[0], sig[1], sig[2], sig[3]
