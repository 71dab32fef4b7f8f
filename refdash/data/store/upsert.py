"""Imports into the store: checked rows upserted on their external id, chunk by chunk in
one transaction, through a temporary table and one ``INSERT ... ON CONFLICT`` per chunk
built by :func:`_upsert`.

The rows reach SQLite through a staging file: the ADBC SQLite driver writes the whole Arrow
table into a scratch database in C (about six times faster than ``executemany`` over Python
tuples), which the store's write transaction attaches and reads chunk by chunk. The staging
file is deleted afterwards; the store itself is written only by that one transaction."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import adbc_driver_manager
import adbc_driver_sqlite.dbapi as adbc
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from refdash.data.store import prechecked
from refdash.data.store.explain import explain
from refdash.data.store.retract import retract_events
from refdash.data.store.schema import DEFAULT_SPHERE_SIZE, Path_, connect, transaction
from refdash.errors import RefdashError

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


def _import_records(rows: pd.DataFrame, columns: tuple[str, ...]) -> pa.Table:
    """``rows`` as the Arrow table staged for SQLite: ``columns`` in order (missing ones
    NULL), dates as ISO text, booleans as 0/1, NaN as NULL."""
    arrays = []
    for col in columns:
        if col not in rows.columns:
            arrays.append(pa.nulls(len(rows), pa.string()))
            continue
        values = rows[col]
        if pd.api.types.is_datetime64_any_dtype(values):
            # Day precision, as the store keeps dates ("2024-03-01", the time of day dropped).
            array = pa.array(values, from_pandas=True).cast(pa.date32(), safe=False)
        elif pd.api.types.is_bool_dtype(values):
            array = pa.array(values.astype("int64"), from_pandas=True)
        else:
            array = pa.array(values, from_pandas=True)
        if pa.types.is_null(array.type) or pa.types.is_date(array.type):
            array = array.cast(pa.string())
        arrays.append(array)
    return pa.table(arrays, names=list(columns))


def external_id_order(ids: pa.ChunkedArray | pa.Array) -> pa.Array:
    """The positions that put ``ids`` (no NULL; text, or numbers) in UTF-8 byte order,
    SQLite's BINARY collation (so that rows land in the external-id index one after the
    other).

    Sorted on a number first: the eight bytes after the prefix every id shares (content
    ids all begin ``auto:``), then, only among ids equal on those, on the whole text. The
    same order as Arrow's string sort in a third of its time on a million content ids
    (0.15-0.17 s against 0.55-0.60 s)."""
    ids = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    if not (pa.types.is_string(ids.type) or pa.types.is_large_string(ids.type)) \
            or len(ids) < 2:  # ids given as numbers (the API allows it): Arrow's own sort
        return pc.sort_indices(ids)
    key = _key_after_prefix(ids.cast(pa.large_binary()))
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    same = ordered[1:] == ordered[:-1]  # next to an id equal on the key
    if same.any():
        tied = np.zeros(len(order), dtype=bool)
        tied[1:] |= same
        tied[:-1] |= same
        where = np.flatnonzero(tied)
        groups = np.cumsum(np.r_[True, ~same])[where]  # equal keys, one number
        within = pc.sort_indices(pa.table({"g": groups, "id": ids.take(order[where])}),
                                 sort_keys=[("g", "ascending"), ("id", "ascending")])
        order[where] = order[where][within.to_numpy()]
    return pa.array(order)


def _key_after_prefix(ids: pa.LargeBinaryArray) -> np.ndarray:
    """The eight bytes after the prefix shared by every id, as big-endian unsigned numbers
    (shorter ids padded with zero bytes: a prefix sorts before what extends it), so that
    comparing two keys compares those bytes as SQLite does."""
    bounds = pc.min_max(ids)
    low, high = bounds["min"].as_py(), bounds["max"].as_py()
    shared = 0  # the ids between the least and the greatest share their common prefix
    while shared < min(len(low), len(high)) and low[shared] == high[shared]:
        shared += 1
    cut = pc.binary_slice(ids, shared, shared + 8)
    lengths = pc.binary_length(cut).to_numpy()
    data = np.frombuffer(cut.buffers()[2] or b"", dtype=np.uint8)
    starts = np.frombuffer(cut.buffers()[1], dtype=np.int64)[cut.offset:cut.offset + len(cut)]
    if (lengths == 8).all():  # the usual case: eight bytes each, one after the other
        return data[starts[0]:starts[0] + 8 * len(cut)].view(">u8").astype(np.uint64)
    key = np.zeros((len(cut), 8), dtype=np.uint8)
    for byte in range(8):
        has = lengths > byte
        key[has, byte] = data[starts[has] + byte]
    return key.view(">u8").ravel().astype(np.uint64)


#: Scratch files (and threads) the staged rows are written by, at most: the ADBC driver
#: lets go of Python's lock while it writes, so halves written side by side take half the
#: time of the whole on two cores (a million rows: 0.49 s against 0.95 s).
STAGE_PARTS = max(1, min(os.cpu_count() or 1, 4))


@dataclass(frozen=True)
class _Stage:
    """One scratch file of staged rows, attached as ``schema``: rows ``first + 1`` to
    ``first + rows`` of the import in its table ``batch`` (rowids 1 to ``rows``)."""

    path: Path
    schema: str
    first: int
    rows: int


def _stage_bounds(n: int) -> list[tuple[int, int]]:
    """(first, rows) of each scratch file for ``n`` rows: whole chunks each (a chunk of
    :func:`_write_chunks` is read from one file), at least two chunks a file."""
    chunks = -(-n // IMPORT_CHUNK)
    parts = max(1, min(STAGE_PARTS, chunks // 2))
    per = max(-(-chunks // parts), 1) * IMPORT_CHUNK
    return [(first, min(per, n - first)) for first in range(0, max(n, 1), per)]


def _write_stage(records: pa.Table, order: pa.Array, path: Path) -> None:
    """``records`` in ``order`` into table ``batch`` of the scratch file ``path``."""
    try:
        with adbc.connect(str(path)) as conn:
            with conn.cursor() as cur:
                cur.adbc_ingest("batch", records.take(order), mode="replace")
            conn.commit()
    except adbc_driver_manager.Error as exc:
        # Only a scratch file can fail here (a full or unwritable temporary folder).
        raise RefdashError("store.io_error", path=str(path),
                           detail=type(exc).__name__) from exc


@contextlib.contextmanager
def _staging_files(records: pa.Table, order: pa.Array) -> Iterator[list[_Stage]]:
    """Scratch SQLite files holding ``records`` in ``order``, split by
    :func:`_stage_bounds` and written side by side, deleted after the block."""
    stages = []
    try:
        for part, (first, rows) in enumerate(_stage_bounds(records.num_rows)):
            handle, name = tempfile.mkstemp(prefix="refdash-import-", suffix=".db")
            os.close(handle)
            stages.append(_Stage(Path(name), f"stage{part}", first, rows))
        with ThreadPoolExecutor(len(stages)) as pool:
            written = [pool.submit(_write_stage, records, order.slice(s.first, s.rows),
                                   s.path) for s in stages]
            for future in written:
                future.result()  # the first failure raised (the others are waited for)
        yield stages
    finally:
        for stage in stages:
            stage.path.unlink(missing_ok=True)


def _staged_rows(stages: Sequence[_Stage], where: str = "true") -> str:
    """SQL of the staged rows whose own rowid matches ``where``, from every scratch file:
    ``seq``, their order within their file, then their columns. (The rowid itself: an
    ``ORDER BY seq`` is then the file's own order, where an expression would be sorted.)"""
    return " UNION ALL ".join(f'SELECT rowid AS seq, * FROM "{s.schema}".batch '
                              f"WHERE {where}" for s in stages)


def import_rows(
    path: Path_,
    kind: str,
    rows: pd.DataFrame,
    update_columns: tuple[str, ...] | None = None,
    progress: Callable[[float], None] | None = None,
    *,
    retract: Sequence[str] = (),
) -> ImportCounts:
    """Upsert checked import rows on their external id, all in one transaction.

    ``rows`` has the columns of :data:`IMPORT_COLUMNS` for ``kind`` (missing optional ones are
    NULL); dates are datetimes or ISO text, references name clients by *external* id.
    A row whose external id is already in the store updates only ``update_columns`` (the
    fields the file mapped; default all), so a file that lacks a column never erases it;
    extra attributes are merged, not replaced. Importing the same rows again changes
    nothing. Either every row lands or none does (a killed process included): SQLite rolls
    back the open transaction. ``progress`` is called with the share written so far.

    ``retract`` (events only) names events an updated export no longer gives, deleted in
    the same transaction and counted as updated (see :mod:`.retract`).
    """
    if kind not in IMPORT_KINDS:
        raise ValueError(f"kind must be one of {IMPORT_KINDS}, got {kind!r}")
    if "external_id" not in rows.columns or rows["external_id"].isna().any():
        raise RefdashError("store.no_external_id")
    targets = _UPSERT_TARGETS[kind]
    updatable = [c for c in (update_columns if update_columns is not None else targets)
                 if c in targets]
    records = _import_records(rows, IMPORT_COLUMNS[kind])
    # Staged in external-id order, rows land next to each other in the external-id index
    # (three times faster upserts of content ids, which are hashes, than in file order).
    order = external_id_order(records.column("external_id"))
    ids = records.column("external_id").take(order)
    # Sorted, an id given twice sits next to itself (a tenth of pandas' duplicated()).
    if len(ids) > 1 and pc.any(pc.equal(ids.slice(1), ids.slice(0, len(ids) - 1))).as_py():
        raise RefdashError("store.id_twice")
    # Events name their client by its external id: looked up here, in Arrow, for the whole
    # file at once (50 ms for a million rows, against 0.5 s for SQLite's join per row),
    # and used if the store's clients are still those when the write begins.
    clients = _client_ids(path) if kind == "events" else None
    if clients is not None:
        records = records.append_column("client_id", _client_id_of(
            records.column("client_external_id"), clients))
    # Events reference their client by an id taken from the store's clients in this same
    # transaction (resolved in Arrow and compared below, or joined in SQL; a client not
    # found is NULL, which NOT NULL refuses), and nothing references an event: SQLite's
    # check of each reference would find nothing. Skipped, a million events are written
    # 0.3-1.1 s sooner (three A/B pairs of the bench's CSV import, 6.4-6.7 s against
    # 5.2-6.4 s, load 1.7-1.8). Clients and referrals keep it (referrers, converted clients).
    checked_references = kind != "events"
    try:
        with _staging_files(records, order) as stages, transaction(
                path, {s.schema: s.path for s in stages},
                foreign_keys=checked_references) as db:
            conn = db.conn
            resolved = clients is not None and _client_ids_of(conn).equals(clients)
            # Attached, the files are held open by SQLite: their names can go now, so that
            # even a process killed mid-import leaves no scratch file behind (the system
            # frees them). Where an open file cannot be deleted (Windows), they go after.
            for stage in stages:
                with contextlib.suppress(OSError):
                    stage.path.unlink()
            conn.execute("PRAGMA temp_store = MEMORY")
            # Upserts land all over the table's indexes: a page cache that holds them
            # (256 MB at most, for this connection only) keeps them from thrashing.
            conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
            # Rows that pass the table's CHECK constraints here, in Arrow, need not be
            # checked again row by row (see prechecked): half of a large events import's write,
            # a third of a clients import's.
            prechecked_rows = ((kind == "events"
                                and set(updatable) >= prechecked.CHECKED_COLUMNS
                                and prechecked.events_pass(records))
                               or (kind == "clients" and prechecked.clients_pass(records)))
            conn.execute(f"PRAGMA ignore_check_constraints = {int(prechecked_rows)}")
            try:
                counts = _write_chunks(conn, kind, stages, updatable, progress,
                                       records.column("extra").null_count < records.num_rows,
                                       resolved)
            finally:
                conn.execute("PRAGMA ignore_check_constraints = 0")
            if kind == "clients" and "referred_by_external_id" in updatable:
                _link_referrers(conn, stages)
            if kind == "events" and retract:
                counts = replace(counts, updated=counts.updated + retract_events(conn, retract))
            conn.execute("DROP VIEW IF EXISTS temp.import_batch")
            if progress:
                progress(1.0)
            return counts
    except sqlite3.DatabaseError as exc:
        raise explain(exc) from exc


def _client_ids(path: Path_) -> pa.Table | None:
    """The store's clients that have an external id: ``external_id`` and ``id``, by id
    (None: no store yet)."""
    if not Path(path).exists():
        return None
    with connect(path) as db:
        return _client_ids_of(db.conn)


def _client_ids_of(conn: sqlite3.Connection) -> pa.Table:
    rows = conn.execute("SELECT external_id, id FROM clients WHERE external_id IS NOT NULL "
                        "ORDER BY id").fetchall()
    return pa.table({"external_id": pa.array([r[0] for r in rows], pa.large_string()),
                     "id": pa.array([r[1] for r in rows], pa.int64())})


def _client_id_of(external_ids: pa.ChunkedArray, clients: pa.Table) -> pa.ChunkedArray:
    """The store id of the client each of ``external_ids`` names (NULL: no such client)."""
    known = clients.column("external_id").combine_chunks()
    found = pc.index_in(external_ids.cast(known.type), value_set=known)
    return pc.take(clients.column("id"), found)


def _view_batch(conn: sqlite3.Connection, rows: str) -> None:
    """Point ``temp.import_batch`` at the staged ``rows`` (SQL from :func:`_staged_rows`; a
    view, not a copy: the rows are read once, by the upsert)."""
    conn.execute("DROP VIEW IF EXISTS temp.import_batch")
    conn.execute(f"CREATE TEMP VIEW import_batch AS {rows}")


def _write_chunks(conn: sqlite3.Connection, kind: str, stages: Sequence[_Stage],
                  updatable: list[str], progress: Callable[[float], None] | None,
                  has_extra: bool, resolved: bool = False) -> ImportCounts:
    """Upsert the staged rows chunk by chunk; count what was added, changed, left as it
    was. ``resolved``: the staged rows carry their client's store id (``client_id``)."""
    table = _TABLE[kind]
    n = sum(s.rows for s in stages)
    added = updated = unchanged = 0
    last_id = conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
    held = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    new_share = _new_share(conn, table, stages) if kind != "clients" and held else 1.0
    # Building an index sorts the whole table once; keeping it up to date costs a random
    # insertion per new row, about twice a row's share of the sort (measured on events'
    # index by client and date): rebuilding pays when the file brings more new rows than
    # the table holds. A re-import (nothing new) keeps the indexes.
    rebuild = kind != "clients" and n > IMPORT_CHUNK and new_share * n > held
    # Rows already in the store as they are skipped before the insert: an insert that
    # ends in ON CONFLICT has already run the table's CHECK constraints, the better part
    # of a row's cost. Not worth the lookup when nearly every row is new.
    skip_unchanged = kind != "clients" and new_share < NEARLY_ALL_NEW
    with _secondary_indexes_rebuilt_after(conn, table, enabled=rebuild):
        # Chunk by chunk in the one transaction: progress can be shown, and a process
        # killed between two chunks leaves nothing behind (SQLite rolls back).
        for start in range(0, n, IMPORT_CHUNK):
            stop = min(start + IMPORT_CHUNK, n)
            stage = next(s for s in stages if s.first <= start < s.first + s.rows)
            _view_batch(conn, _staged_rows([stage], f"rowid > {start - stage.first} "
                                                    f"AND rowid <= {stop - stage.first}"))
            counts = _upsert(conn, kind, table, updatable, stop - start, has_extra,
                             skip_unchanged, resolved)
            added, updated = added + counts.added, updated + counts.updated
            unchanged += counts.unchanged
            if progress:
                progress(stop / max(n, 1))
        if kind != "clients":
            # Rows past the table's last id were added; the other rows the upserts
            # changed (counted in ``updated`` by _upsert) were updated.
            added = conn.execute(f"SELECT count(*) FROM {table} WHERE id > ?",
                                 (last_id,)).fetchone()[0]
            updated -= added
            unchanged = n - added - updated
    return ImportCounts(kind=kind, added=added, updated=updated, unchanged=unchanged)


#: Staged rows looked up to estimate how many of a file's rows are new.
NEW_SHARE_SAMPLE = 2_000
#: A file whose sampled rows are at least this share new is written without looking its
#: rows up first (see :func:`_write_chunks`).
NEARLY_ALL_NEW = 0.9


def _new_share(conn: sqlite3.Connection, table: str, stages: Sequence[_Stage]) -> float:
    """The share of the staged rows whose external id ``table`` lacks, estimated on an
    even sample of them (every row of a small file)."""
    step = max(sum(s.rows for s in stages) // NEW_SHARE_SAMPLE, 1)
    sampled, new = conn.execute(
        f"SELECT count(*), coalesce(sum(NOT EXISTS (SELECT 1 FROM {table} t "
        f"WHERE t.external_id = b.external_id)), 0) "
        f"FROM ({_staged_rows(stages, f'rowid % {int(step)} = 0')}) b").fetchone()
    return new / sampled if sampled else 1.0


def _link_referrers(conn: sqlite3.Connection, stages: Sequence[_Stage]) -> None:
    """Referrers may come later in the file than those they referred: link them once
    every client of the file is in."""
    _view_batch(conn, _staged_rows(stages, "referred_by_external_id IS NOT NULL"))
    conn.execute(
        "UPDATE clients SET referred_by = r.id FROM temp.import_batch i "
        "JOIN clients r ON r.external_id = i.referred_by_external_id "
        "WHERE clients.external_id = i.external_id "
        "AND clients.referred_by IS NOT r.id"
    )


def _upsert(conn: sqlite3.Connection, kind: str, table: str, updatable: list[str],
            n: int, has_extra: bool, skip_unchanged: bool,
            resolved: bool = False) -> ImportCounts:
    """Move ``temp.import_batch`` into ``table``; count what was added and changed."""
    targets = dict(_UPSERT_TARGETS[kind])
    # A row naming no client of the store gets a NULL client id, which the table's NOT NULL
    # refuses (SQLite checks it even when told to skip CHECK constraints): the rows are
    # counted only then, not looked up twice on every import.
    join = ("" if kind == "clients"
            else " LEFT JOIN clients c ON c.external_id = i.client_external_id")
    if resolved:  # the staged rows name their client's store id already
        targets["client_external_id"] = "i.client_id"
        join = ""
    # Without extra attributes in the file, NULL: a json_patch per row is a tenth of an
    # upsert's time, for nothing.
    new_extra = "json_patch('{}', i.extra)" if has_extra else "NULL"
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
    # The rows the store lacks or holds otherwise (``differs`` reads the row as ``t``).
    wanted = (f" LEFT JOIN {table} t ON t.external_id = i.external_id "
              f"WHERE t.id IS NULL OR {differs}" if skip_unchanged else " WHERE true")
    try:
        cur = conn.execute(
            f"INSERT INTO {table} ({', '.join(insert_cols)}) "
            f"SELECT {', '.join(values)} FROM temp.import_batch i{join}{wanted} "
            f"ORDER BY i.seq "
            f"ON CONFLICT(external_id) DO UPDATE SET {assignments} WHERE {first_differs}"
        )
    except sqlite3.IntegrityError:
        if kind != "clients" and (missing := _rows_without_client(conn)):
            raise RefdashError("store.missing_clients", count=missing) from None
        raise
    if kind != "clients":
        # Rows inserted or updated; import_rows tells them apart by id.
        return ImportCounts(kind=kind, added=0, updated=cur.rowcount, unchanged=0)
    return ImportCounts(kind=kind, added=n - existing, updated=int(changed),
                        unchanged=existing - int(changed))


def _rows_without_client(conn: sqlite3.Connection) -> int:
    """How many rows of ``temp.import_batch`` name a client the store lacks."""
    return int(conn.execute(
        "SELECT count(*) FROM temp.import_batch i LEFT JOIN clients c "
        "ON c.external_id = i.client_external_id WHERE c.id IS NULL").fetchone()[0])


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
