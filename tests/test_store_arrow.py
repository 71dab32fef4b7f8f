"""The store read through Arrow (ADBC) gives the same frames as the sqlite3 path, dtypes and
NULLs included, also when a column is NULL in its first rows or in every row, and when a
large store's events are read in two halves at once (one snapshot: no write between them)."""

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from refdash.data import demo, store
from refdash.data.store import reads

pytest.importorskip("adbc_driver_sqlite")


def _same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFDASH_ARROW", "0")
    expected = store.read_portfolio(path)
    got = reads._read_portfolio_arrow(path)
    assert got.meta == expected.meta
    for name in ("clients", "events", "referrals"):
        pd.testing.assert_frame_equal(getattr(got, name), getattr(expected, name),
                                      check_exact=True)


def test_arrow_read_is_the_sqlite3_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "demo.db"
    demo.write_demo_store(db, n_clients=150, seed=3, as_of="2026-11-26")
    _same(db, monkeypatch)
    with sqlite3.connect(db) as conn:  # a note far after the first rows; no referral at all
        conn.execute("UPDATE events SET note = 'late note' WHERE id = (SELECT max(id) FROM events)")
        conn.execute("UPDATE clients SET company = NULL, email = NULL")
        conn.execute("DELETE FROM referrals")
    _same(db, monkeypatch)


# ------------------------------------------------------------ a large store's events in two


def _holder(db: Path) -> subprocess.Popen[str]:
    """Another process holding the store's write lock (as an import does) until killed."""
    code = ("import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], timeout=0); "
            "c.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def _tries_to_write(db: Path) -> str:
    """What another process gets when it tries to take the write lock now."""
    code = ("import sqlite3, sys\ntry:\n    c = sqlite3.connect(sys.argv[1], timeout=0)\n"
            "    c.execute('BEGIN IMMEDIATE'); print('written')\n"
            "except sqlite3.OperationalError as e:\n    print(e)")
    return subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True,
                          text=True, check=True).stdout.strip()


@pytest.fixture
def in_two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A demo store read as a large one is (its events in two halves at once)."""
    db = tmp_path / "demo.db"
    demo.write_demo_store(db, n_clients=150, seed=3, as_of="2026-11-26")
    monkeypatch.setattr(reads, "PARALLEL_READ_EVENTS", 0)
    return db


def test_a_large_stores_events_read_in_two_halves_are_the_sqlite3_read(in_two, monkeypatch):
    halves: list[int] = []
    original = reads._events_in_two

    def counted(cursor: object, other: object, split: int) -> object:
        table = original(cursor, other, split)
        halves.append(table.num_rows)
        return table

    monkeypatch.setattr(reads, "_events_in_two", counted)
    _same(in_two, monkeypatch)
    assert halves and halves[0] == store.info(in_two).events  # the halves were read


def test_no_write_can_land_between_the_two_halves(in_two, monkeypatch):
    seen: list[str] = []
    original = reads._events_in_two

    def watched(cursor: object, other: object, split: int) -> object:
        seen.append(_tries_to_write(in_two))  # while the second connection's snapshot begins
        return original(cursor, other, split)

    monkeypatch.setattr(reads, "_events_in_two", watched)
    reads._read_portfolio_arrow(in_two)
    assert seen == ["database is locked"]
    assert _tries_to_write(in_two) == "written"  # and the lock is given back


def test_a_store_being_written_is_read_at_once_on_one_connection(in_two, monkeypatch):
    monkeypatch.setattr(reads, "_events_in_two", lambda *a: pytest.fail("read in two"))
    holder = _holder(in_two)
    try:
        start = time.perf_counter()
        _same(in_two, monkeypatch)  # as before: the writer's lock is never waited for
        assert time.perf_counter() - start < 30
    finally:
        holder.kill()
        holder.wait()
