"""Reading the store: frames of clients, events and referrals (dates as ``datetime64[ns]``),
the meta table, counts, saved import mappings, and the whole store for an export.

Every function opens its own connection; :func:`read_portfolio` and :func:`export_tables`
read several tables in one read transaction so they agree with each other during a write.

:func:`read_portfolio` (every page's first read) goes through Arrow when the ADBC SQLite
driver is installed: columns come out of SQLite as Arrow arrays, not as a Python object per
cell (2.3 M events of a 100,000-client store: about 3x faster than ``pandas.read_sql``). The
frames are the same, dtypes included. When the driver itself refuses the file (a database
error of its own: a lock it cannot take, a page it cannot read), the ``sqlite3`` path reads
the store or names its problem; any other failure is a bug and is raised.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import adbc_driver_sqlite.dbapi as adbc
import numpy as np
import pandas as pd
import sqlite_utils

if TYPE_CHECKING:
    import pyarrow as pa

from refdash.data.store import read_cache
from refdash.data.store.access import holding_store_access
from refdash.data.store.schema import CLIENT_COLUMNS, Path_, connect, snapshot, writable


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


@dataclass(frozen=True)
class SavedMapping:
    """A column mapping saved after an import, found again for files of the same shape."""

    name: str
    kind: str
    headers: tuple[str, ...]
    mapping: dict[str, str]
    options: dict[str, str]
    updated_at: str


@dataclass(frozen=True)
class PortfolioTables:
    """The meta table and the three frames of :func:`read_portfolio`, from one snapshot."""

    meta: dict[str, str]
    clients: pd.DataFrame
    events: pd.DataFrame
    referrals: pd.DataFrame
    #: The read cache's key these frames are of (:func:`read_cache.key_of`, taken before the
    #: read), when they are kept beside the store under it; else None. What is computed
    #: from them may be kept under the same key (:mod:`refdash.model.kept`).
    read_key: str | None = None


_CLIENTS_SQL = f"SELECT {', '.join(CLIENT_COLUMNS)} FROM clients ORDER BY id"
_EVENTS_SQL = ("SELECT id, client_id, date, kind, score, note FROM events "
               "ORDER BY client_id, date, id")
_REFERRALS_SQL = ("SELECT id, client_id, date, prospect_name, solicited, status, "
                  "converted_client_id FROM referrals ORDER BY date, id")


def _read_frame(db: sqlite_utils.Database, sql: str) -> pd.DataFrame:
    return pd.read_sql_query(sql, db.conn)


def _dates(series: pd.Series) -> pd.Series:
    if series.dtype == "datetime64[ns]":  # already parsed on the Arrow path (:func:`_arrow_dates`)
        return series
    return pd.to_datetime(series, format="%Y-%m-%d").astype("datetime64[ns]")


def _client_types(df: pd.DataFrame) -> pd.DataFrame:
    df["start_date"] = _dates(df["start_date"])
    df["referred_by"] = df["referred_by"].astype("Int64")
    df["sphere_size"] = df["sphere_size"].astype("int64")
    df["id"] = df["id"].astype("int64")
    return df


def _clients(db: sqlite_utils.Database) -> pd.DataFrame:
    return _client_types(_read_frame(db, _CLIENTS_SQL))


def _event_types(df: pd.DataFrame) -> pd.DataFrame:
    df["date"] = _dates(df["date"])
    df["score"] = df["score"].astype("float64")
    df["id"] = df["id"].astype("int64")
    df["client_id"] = df["client_id"].astype("int64")
    return df


def _events(db: sqlite_utils.Database) -> pd.DataFrame:
    return _event_types(_read_frame(db, _EVENTS_SQL))


def _referral_types(df: pd.DataFrame) -> pd.DataFrame:
    df["date"] = _dates(df["date"])
    df["solicited"] = df["solicited"].astype(bool)
    df["converted_client_id"] = df["converted_client_id"].astype("Int64")
    df["id"] = df["id"].astype("int64")
    df["client_id"] = df["client_id"].astype("int64")
    return df


def _referrals(db: sqlite_utils.Database) -> pd.DataFrame:
    return _referral_types(_read_frame(db, _REFERRALS_SQL))


def _meta(db: sqlite_utils.Database) -> dict[str, str]:
    return {k: v for k, v in db.execute("SELECT key, value FROM meta").fetchall()}


def read_clients(path: Path_) -> pd.DataFrame:
    """All clients, ordered by id (see docs/architecture.md for the columns)."""
    with connect(path) as db:
        return _clients(db)


def read_events(path: Path_) -> pd.DataFrame:
    """All events, ordered by client and date."""
    with connect(path) as db:
        return _events(db)


def read_referrals(path: Path_) -> pd.DataFrame:
    """All referrals, ordered by date."""
    with connect(path) as db:
        return _referrals(db)


#: The columns that can be NULL, with a stand-in of their type (see :func:`_arrow_sql`).
_NULLABLE = {"external_id": "''", "company": "''", "email": "''", "extra": "''",
             "referred_by": "0", "score": "0.0", "note": "''", "converted_client_id": "0"}


def _arrow_sql(sql: str) -> str:
    """``sql`` with each nullable column replaced by its stand-in when NULL plus a flag
    column ``name__null``: the ADBC driver infers a column's type from its first rows, and a
    column NULL there would be typed int64 (then refused or mistyped when text follows)."""
    head, tail = sql.split(" FROM ", 1)
    columns = [c.strip() for c in head.removeprefix("SELECT ").split(",")]
    out = [f"COALESCE({c}, {_NULLABLE[c]}) AS {c}, {c} IS NULL AS {c}__null"
           if c in _NULLABLE else c for c in columns]
    return f"SELECT {', '.join(out)} FROM {tail}"


#: The columns of dates (``YYYY-MM-DD``, NOT NULL) that :func:`_arrow_dates` parses.
_DATE_COLUMNS = frozenset({"date", "start_date"})


def _arrow_dates(column: object) -> pd.Series | None:
    """An Arrow text column of dates as :func:`_dates` makes it (``datetime64[ns]``), each
    distinct text parsed once: a store's 2.3 M event dates hold a few thousand days, so
    this takes ~0.1 s where parsing every row takes ~2 s. Same parser, so a bad date raises
    the same error. None (parse the rows) when the column has a NULL."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if column.null_count:  # type: ignore[attr-defined]
        return None
    encoded = pc.dictionary_encode(column)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks() if encoded.num_chunks else pa.array(
            [], pa.dictionary(pa.int32(), pa.string()))
    days = _dates(pd.Series(encoded.dictionary.to_pandas())).to_numpy()
    return pd.Series(days[encoded.indices.to_numpy(zero_copy_only=False)])


def _arrow_frame(cursor: object, sql: str) -> pd.DataFrame:
    """``sql`` through ADBC, built as ``pandas.read_sql`` builds it: NULL is NaN in a column
    of numbers or text, and a column NULL in every row is ``object`` of None."""
    return _frame_of(_fetch(cursor, sql))


def _fetch(cursor: object, sql: str) -> pa.Table:
    """The rows of ``sql`` (see :func:`_arrow_sql`) as the driver gives them."""
    cursor.execute(_arrow_sql(sql))  # type: ignore[attr-defined]
    return cursor.fetch_arrow_table()  # type: ignore[attr-defined]


def _frame_of(table: pa.Table) -> pd.DataFrame:
    """A table of :func:`_fetch` as :func:`_arrow_frame` builds it."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns: dict[str, pd.Series] = {}
    names = [n for n in table.column_names if not n.endswith("__null")]
    for name in names:
        column = table.column(name)
        if name in _NULLABLE:
            null = table.column(f"{name}__null").cast(pa.bool_())
            if len(column) and pc.all(null).as_py():
                columns[name] = pd.Series(np.full(len(column), None, dtype=object))
                continue
            column = pc.if_else(null, pa.scalar(None, column.type), column)
        parsed = _arrow_dates(column) if name in _DATE_COLUMNS else None
        columns[name] = column.to_pandas() if parsed is None else parsed
    if not len(table):  # no row: pandas types every column object
        return pd.DataFrame({n: pd.Series(dtype=object) for n in names})
    return pd.DataFrame(columns, columns=names)


_EVENTS_NO_NOTE_SQL = _EVENTS_SQL.replace(", note FROM", " FROM")
_NOTES_SQL = "SELECT id, note FROM events WHERE note IS NOT NULL"


#: Stores with more events than this are read in two halves at once (see :func:`_events_in_two`).
PARALLEL_READ_EVENTS = 200_000


def _events_in_two(cursor: object, other: object, split: int) -> pa.Table:
    """The events of clients up to ``split`` through ``cursor`` and the others through
    ``other`` (a second connection, in a thread), one after the other: in the order of
    :data:`_EVENTS_SQL`. The driver's fetch runs without the GIL: on 2 cores the 2.3 M
    events of a 100,000-client store take 0.74-0.86 s instead of 1.24-1.42 s."""
    import threading

    import pyarrow as pa

    head, order = _EVENTS_NO_NOTE_SQL.split(" ORDER BY ")
    halves: dict[str, pa.Table | BaseException] = {}

    def second_half() -> None:
        try:
            halves["high"] = _fetch(other, f"{head} WHERE client_id > {int(split)} "
                                           f"ORDER BY {order}")
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            halves["high"] = exc

    worker = threading.Thread(target=second_half, name="refdash-read", daemon=True)
    worker.start()
    try:
        low = _fetch(cursor, f"{head} WHERE client_id <= {int(split)} ORDER BY {order}")
    finally:
        worker.join()
    high = halves["high"]
    if isinstance(high, BaseException):
        raise high
    if not low.num_rows or not high.num_rows:  # an empty half may be typed otherwise
        return high if low.num_rows == 0 else low
    return pa.concat_tables([low, high.cast(low.schema)])


def _arrow_events(cursor: object, events: pa.Table | None = None) -> pd.DataFrame:
    """The events as :func:`_arrow_frame` reads them (``events``: already fetched), the
    notes apart: only the rows that have one (most have none; reading the column for 2.3 M
    rows costs ~0.3 s), put back by id."""
    import pyarrow as pa

    frame = _frame_of(events if events is not None else _fetch(cursor, _EVENTS_NO_NOTE_SQL))
    if not len(frame):
        frame["note"] = pd.Series(dtype=object)
        return frame
    cursor.execute(_NOTES_SQL)  # type: ignore[attr-defined]
    notes = cursor.fetch_arrow_table()  # type: ignore[attr-defined]
    values = np.full(len(frame), None, dtype=object)
    if not notes.num_rows:  # NULL in every row: object of None, as pandas.read_sql
        frame["note"] = values
        return frame
    where = pd.Index(frame["id"].to_numpy()).get_indexer(notes.column("id").to_numpy())
    values[where] = notes.column("note").to_pylist()
    frame["note"] = pa.array(values, type=pa.string()).to_pandas()
    return frame


@holding_store_access  # the ADBC driver's SQLite: never beside an open sqlite3 connection
def _read_portfolio_arrow(path: Path) -> PortfolioTables:
    with adbc.connect(str(path), autocommit=True) as conn, conn.cursor() as cur:
        # One snapshot for the four reads, as :func:`snapshot`. A large store's events are
        # read in two halves at once, the second through a second connection, whose
        # snapshot is the same only if nothing is committed between the two: so this
        # connection first takes the store's write lock (BEGIN IMMEDIATE), kept until both
        # are read (about a second; a writer waits for it). A store being written
        # (the lock taken) is read by this connection alone, as before: never waited for.
        cur.execute("SELECT coalesce(max(id), 0) FROM events")
        row = cur.fetchone()
        parallel = (row is not None and int(row[0]) > PARALLEL_READ_EVENTS
                    and _try_immediate(cur))
        if not parallel:
            cur.execute("BEGIN")
        try:
            meta = _arrow_frame(cur, "SELECT key, value FROM meta")
            clients = _client_types(_arrow_frame(cur, _CLIENTS_SQL))
            events = None
            if parallel and len(clients):
                with adbc.connect(str(path), autocommit=True) as second, \
                        second.cursor() as other:
                    other.execute("BEGIN")
                    try:
                        split = int(clients["id"].iloc[len(clients) // 2])
                        events = _events_in_two(cur, other, split)
                    finally:
                        other.execute("COMMIT")
            return PortfolioTables(
                meta=dict(zip(meta["key"], meta["value"], strict=True)),
                clients=clients,
                events=_event_types(_arrow_events(cur, events)),
                referrals=_referral_types(_arrow_frame(cur, _REFERRALS_SQL)))
        finally:
            cur.execute("COMMIT")


def _try_immediate(cursor: object) -> bool:
    """BEGIN IMMEDIATE on ``cursor``'s connection if the store's write lock is free now
    (the driver waits for no lock): True when taken."""
    try:
        cursor.execute("BEGIN IMMEDIATE")  # type: ignore[attr-defined]
    except adbc.Error:
        return False
    return True


def read_portfolio(path: Path_) -> PortfolioTables:
    """Meta, clients, events and referrals in ONE read transaction on one connection: the
    frames agree with each other even while an import writes. Through Arrow when it can
    (see the module's docstring; ``REFDASH_ARROW=0`` turns it off), and from the files the
    last read left beside an unchanged store (:mod:`refdash.data.store.read_cache`)."""
    path = Path(path)
    if os.environ.get("REFDASH_ARROW", "1") != "0" and path.exists() and writable(path):
        with connect(path):  # migrated, and a damaged file named, as on the sqlite3 path
            pass
        key = read_cache.key_of(path) if read_cache.enabled() else None  # before the read
        kept = read_cache.load(path, key) if key is not None else None
        if kept is not None:
            meta, frames = kept
            return PortfolioTables(meta=meta, **frames, read_key=key)
        try:
            tables = _read_portfolio_arrow(path)
        except adbc.Error:  # the driver's own refusal: the sqlite3 path reads or names it
            pass
        else:
            if key is not None:
                read_cache.save_later(path, key, tables.meta, {
                    "clients": tables.clients, "events": tables.events,
                    "referrals": tables.referrals})
                return replace(tables, read_key=key)
            return tables
    with snapshot(path) as db:
        return PortfolioTables(meta=_meta(db), clients=_clients(db), events=_events(db),
                               referrals=_referrals(db))


def read_demo_truth(path: Path_) -> pd.DataFrame:
    """The latent segments a demo store was generated with (empty for real stores)."""
    with connect(path) as db:
        return _read_frame(db, "SELECT client_id, segment, final_segment FROM demo_truth")


def get_meta(path: Path_) -> dict[str, str]:
    """The ``meta`` table as a dict (``demo``, ``demo_seed``...)."""
    with connect(path) as db:
        return _meta(db)


def info(path: Path_) -> StoreInfo:
    """Counts and schema version of the store at ``path``."""
    with snapshot(path) as db:
        def count(table: str) -> int:
            return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

        meta = _meta(db)
        owners = db.execute("SELECT count(DISTINCT owner) FROM clients").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        return StoreInfo(
            path=str(path), schema_version=version, clients=count("clients"),
            events=count("events"), referrals=count("referrals"), owners=owners,
            is_demo=meta.get("demo") == "1",
            demo_seed=int(meta["demo_seed"]) if "demo_seed" in meta else None,
        )


def client_external_ids(path: Path_) -> pd.Series:
    """The external ids of the store's clients (as text), for checking references."""
    with connect(path) as db:
        rows = db.execute(
            "SELECT external_id FROM clients WHERE external_id IS NOT NULL").fetchall()
    return pd.Series([r[0] for r in rows], dtype="str", name="external_id")


def list_mappings(path: Path_, kind: str | None = None) -> list[SavedMapping]:
    """The saved mappings (of one ``kind`` if given), most recently saved first."""
    with connect(path) as db:
        rows = db.execute(
            "SELECT name, kind, headers, mapping, options, updated_at FROM import_mappings "
            "WHERE ? IS NULL OR kind = ? ORDER BY updated_at DESC, name", (kind, kind),
        ).fetchall()
    return [SavedMapping(name=r[0], kind=r[1], headers=tuple(json.loads(r[2])),
                         mapping=json.loads(r[3]), options=json.loads(r[4] or "{}"),
                         updated_at=r[5]) for r in rows]


def export_tables(path: Path_) -> dict[str, pd.DataFrame]:
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
    with snapshot(path) as db:  # the files agree with each other even during a write
        return {name: _read_frame(db, sql) for name, sql in queries.items()}
