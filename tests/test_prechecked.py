"""An import may skip SQLite's CHECK constraints only for rows that pass them in Arrow: the
Arrow verdict is held to SQLite's own, on random rows, so the store never holds a row its
schema refuses."""

from __future__ import annotations

import math
import sqlite3

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refdash.data import store
from refdash.data.store import prechecked
from refdash.errors import RefdashError

DATES = st.sampled_from(["2024-01-31", "2024-02-29", "2023-02-29", "2024-02-30", "2024-13-01",
                         "2024-1-1", " 2024-01-01", "2024-01-01 10:00", "20240101",
                         "1999-12-31", "abcd-ef-gh", ""])
KINDS = st.sampled_from([*store.EVENT_KINDS, "Meeting", "dance", ""])
SCORES = st.one_of(st.none(), st.just(math.nan),
                   st.sampled_from([-1.0, -0.001, 0.0, 4.5, 10.0, 10.001, 11.0]))


@pytest.fixture(scope="module")
def sqlite_verdict(tmp_path_factory):
    """Whether SQLite's events table accepts every row (inserted, then rolled back)."""
    yield from _verdict(tmp_path_factory, "INSERT INTO events (client_id, date, kind, score) "
                                          "VALUES (1, ?, ?, ?)")


def _verdict(tmp_path_factory, insert: str):
    """A store with one client, and whether ``insert`` takes every row (rolled back)."""
    path = tmp_path_factory.mktemp("prechecked") / "store.db"
    store.create_store(path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("INSERT INTO clients (id, name, owner, start_date) "
                 "VALUES (1, 'Zoé', 'Ana', '2020-01-01')")

    def accepts(rows: list[tuple]) -> bool:
        conn.execute("BEGIN")
        try:
            conn.executemany(insert, rows)
            return True
        except sqlite3.IntegrityError:
            return False
        finally:
            conn.execute("ROLLBACK")

    yield accepts
    conn.close()


def _staged(rows: list[tuple[str, str, float | None]]) -> pa.Table:
    date, kind, score = zip(*rows, strict=True)
    return pa.table({"date": pa.array(date, pa.large_string()),
                     "kind": pa.array(kind, pa.string()),
                     "score": pa.array(score, pa.float64(), from_pandas=True)})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(DATES, KINDS, SCORES), min_size=1, max_size=4))
def test_arrow_passes_only_rows_sqlite_accepts_and_every_one_on_real_days(sqlite_verdict, rows):
    passed, accepted = prechecked.events_pass(_staged(rows)), sqlite_verdict(rows)
    assert accepted or not passed  # sound: a row passed here is one SQLite takes
    # SQLite's date() takes any day 1-31 as written ("2024-02-30"); Arrow is stricter there
    # (SQLite then checks as before), and agrees on every day a calendar has.
    real_days = all(pd.notna(pd.to_datetime(d, format="%Y-%m-%d", errors="coerce"))
                    for d, _kind, _score in rows if d.strip() == d and len(d) == 10)
    if real_days:
        assert passed == accepted


NAMES = st.sampled_from(["Zoé", " Zoé ", "", " ", "   ", "\u00a0", "\t", "\x00", " \x00x",
                         "x\x00", "李", " a"])
SIZES = st.one_of(st.none(), st.sampled_from([-3, 0, 1, 250, 10**9]))


@pytest.fixture(scope="module")
def sqlite_takes_clients(tmp_path_factory):
    """Whether SQLite's clients table accepts every row (inserted, then rolled back)."""
    yield from _verdict(tmp_path_factory, "INSERT INTO clients (name, owner, start_date, "
                                          "sphere_size) VALUES (?, ?, ?, coalesce(?, 250))")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NAMES, NAMES, DATES, SIZES), min_size=1, max_size=4))
def test_arrow_passes_only_clients_sqlite_accepts(sqlite_takes_clients, rows):
    name, owner, start, size = zip(*rows, strict=True)
    staged = pa.table({"name": pa.array(name, pa.large_string()),
                       "owner": pa.array(owner, pa.string()),
                       "start_date": pa.array(start, pa.string()),
                       "sphere_size": pa.array(size, pa.int64())})
    passed, accepted = prechecked.clients_pass(staged), sqlite_takes_clients(rows)
    assert accepted or not passed
    real_days = all(pd.notna(pd.to_datetime(d, format="%Y-%m-%d", errors="coerce"))
                    for _n, _o, d, _s in rows if d.strip() == d and len(d) == 10)
    if real_days:
        assert passed == accepted


def test_a_clients_import_with_a_blank_owner_is_still_refused_by_sqlite(tmp_path):
    path = tmp_path / "store.db"
    store.create_store(path)
    rows = pd.DataFrame({"external_id": ["c-1", "c-2"], "name": ["Zoé", "Léa"],
                         "owner": ["Ana", "  "], "start_date": ["2020-01-01"] * 2})
    before = store.dump_checksum(path)
    with pytest.raises(RefdashError) as err:
        store.import_rows(path, "clients", rows)
    assert (err.value.code, err.value.params) == ("store.required", {"column": "owner"})
    assert store.dump_checksum(path) == before


def test_a_whole_valid_import_passes_and_one_bad_cell_in_a_million_does_not():
    n = 1_000_000
    days = pd.date_range("2020-01-01", periods=2000).strftime("%Y-%m-%d").to_numpy()
    kinds = np.array(["meeting", "satisfaction"])[np.arange(n) % 2]
    table = pa.table({"date": pa.array(days[np.arange(n) % 2000]),
                      "kind": pa.array(kinds),
                      "score": pa.array(np.where(kinds == "satisfaction", 7.5, np.nan),
                                        from_pandas=True)})
    assert prechecked.events_pass(table)
    late = table.set_column(2, "score", pa.array(
        np.where(np.arange(n) == n - 1, 10.5, table.column("score").to_numpy()),
        from_pandas=True))
    assert not prechecked.events_pass(late)


def test_an_import_naming_an_unknown_client_is_refused_with_the_count_and_writes_nothing(tmp_path):
    path = tmp_path / "store.db"
    store.create_store(path)
    store.import_rows(path, "clients", pd.DataFrame({
        "external_id": ["c-1"], "name": ["Zoé"], "owner": ["Ana"], "start_date": ["2020-01-01"]}))
    before = store.dump_checksum(path)
    rows = pd.DataFrame({"external_id": ["e-1", "e-2", "e-3"],
                         "client_external_id": ["c-1", "c-404", "c-405"],
                         "date": pd.to_datetime(["2024-01-01"] * 3), "kind": ["meeting"] * 3,
                         "score": [np.nan] * 3})
    with pytest.raises(RefdashError) as err:
        store.import_rows(path, "events", rows)
    assert (err.value.code, err.value.params["count"]) == ("store.missing_clients", 2)
    assert store.dump_checksum(path) == before
