"""The store read through Arrow (ADBC) gives the same frames as the sqlite3 path, dtypes and
NULLs included, also when a column is NULL in its first rows or in every row."""

import sqlite3
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
