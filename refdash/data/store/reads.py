"""Reading the store: frames of clients, events and referrals (dates as ``datetime64[ns]``),
the meta table, counts, saved import mappings, and the whole store for an export.

Every function opens its own connection; :func:`read_portfolio` and :func:`export_tables`
read several tables in one read transaction so they agree with each other during a write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from refdash.data.store.schema import CLIENT_COLUMNS, Path_, connect, snapshot


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


_CLIENTS_SQL = f"SELECT {', '.join(CLIENT_COLUMNS)} FROM clients ORDER BY id"
_EVENTS_SQL = ("SELECT id, client_id, date, kind, score, note FROM events "
               "ORDER BY client_id, date, id")
_REFERRALS_SQL = ("SELECT id, client_id, date, prospect_name, solicited, status, "
                  "converted_client_id FROM referrals ORDER BY date, id")


def _read_frame(db: sqlite_utils.Database, sql: str) -> pd.DataFrame:
    return pd.read_sql_query(sql, db.conn)


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, format="%Y-%m-%d").astype("datetime64[ns]")


def _clients(db: sqlite_utils.Database) -> pd.DataFrame:
    df = _read_frame(db, _CLIENTS_SQL)
    df["start_date"] = _dates(df["start_date"])
    df["referred_by"] = df["referred_by"].astype("Int64")
    df["sphere_size"] = df["sphere_size"].astype("int64")
    df["id"] = df["id"].astype("int64")
    return df


def _events(db: sqlite_utils.Database) -> pd.DataFrame:
    df = _read_frame(db, _EVENTS_SQL)
    df["date"] = _dates(df["date"])
    df["score"] = df["score"].astype("float64")
    df["id"] = df["id"].astype("int64")
    df["client_id"] = df["client_id"].astype("int64")
    return df


def _referrals(db: sqlite_utils.Database) -> pd.DataFrame:
    df = _read_frame(db, _REFERRALS_SQL)
    df["date"] = _dates(df["date"])
    df["solicited"] = df["solicited"].astype(bool)
    df["converted_client_id"] = df["converted_client_id"].astype("Int64")
    df["id"] = df["id"].astype("int64")
    df["client_id"] = df["client_id"].astype("int64")
    return df


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


def read_portfolio(path: Path_) -> PortfolioTables:
    """Meta, clients, events and referrals in ONE read transaction on one connection: the
    frames agree with each other even while an import writes."""
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
