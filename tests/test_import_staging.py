"""A large import is staged in several scratch files written side by side (see
``upsert.STAGE_PARTS``): every row lands once, in the same store as a one-file staging would
give, re-imports add nothing, and a failure in any part writes nothing and leaves no file.

Chunks of 100 rows and three parts make small files take the large files' path."""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from refdash.data import store
from refdash.data.store import upsert
from refdash.errors import RefdashError


@pytest.fixture
def small_chunks(monkeypatch, tmp_path) -> Path:
    """Chunks of 100 rows, up to three scratch files, in a temporary folder of their own
    (returned: what is left in it after an import)."""
    monkeypatch.setattr(upsert, "IMPORT_CHUNK", 100)
    monkeypatch.setattr(upsert, "STAGE_PARTS", 3)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return scratch


def _clients(n: int, referrer_every: int = 0) -> pd.DataFrame:
    """``n`` clients; with ``referrer_every``, client i was referred by client i + 500 (a
    referrer later in the file: in a later scratch file)."""
    ids = [f"c{i:04d}" for i in range(n)]
    referred = [ids[i + 500] if referrer_every and i % referrer_every == 0 and i + 500 < n
                else None for i in range(n)]
    return pd.DataFrame({"external_id": ids, "name": [f"Client {i}" for i in range(n)],
                         "owner": "Ana", "start_date": pd.Timestamp("2024-01-01"),
                         "referred_by_external_id": referred})


def _events(n: int, clients: list[str], seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "external_id": [f"e{i:05d}" for i in rng.permutation(n)],  # not in id order
        "client_external_id": rng.choice(clients, n),
        "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 300, n), "D"),
        "kind": rng.choice(["meeting", "promise_kept", "delivery"], n),
        "score": np.nan})


def test_bounds_cover_every_row_once_in_whole_chunks(small_chunks):
    for n in (0, 1, 99, 100, 250, 400, 1_000, 1_001):
        bounds = upsert._stage_bounds(n)
        assert sum(rows for _, rows in bounds) == n
        assert [first for first, _ in bounds] == list(np.cumsum([0] + [r for _, r in bounds])[:-1])
        assert all(first % 100 == 0 for first, _ in bounds)  # a chunk is in one file
        assert len(bounds) <= 3
    assert len(upsert._stage_bounds(1_000)) == 3


def test_rows_staged_in_several_files_land_once_and_read_back(tmp_path, small_chunks):
    db = tmp_path / "store.db"
    store.create_store(db)
    store.import_rows(db, "clients", _clients(20))
    clients = store.read_clients(db).set_index("external_id")["id"]
    rows = _events(1_000, clients.index.tolist())
    assert store.import_rows(db, "events", rows).added == 1_000
    with contextlib.closing(sqlite3.connect(db)) as conn:
        read = pd.read_sql("SELECT id, external_id, client_id, kind FROM events", conn)
    read = read.set_index("external_id").sort_index()
    wanted = rows.set_index("external_id").sort_index()
    assert read.index.tolist() == wanted.index.tolist()
    assert (read["client_id"] == clients.reindex(wanted["client_external_id"]).to_numpy()).all()
    assert read["kind"].tolist() == wanted["kind"].tolist()
    # ids follow the external ids (each chunk in its order, the files one after the other)
    assert read["id"].is_monotonic_increasing
    counts = store.import_rows(db, "events", rows)
    assert (counts.added, counts.updated, counts.unchanged) == (0, 0, 1_000)
    assert list(small_chunks.iterdir()) == []


def test_a_half_new_file_in_several_files_adds_only_its_new_rows(tmp_path, small_chunks):
    db = tmp_path / "store.db"
    store.create_store(db)
    store.import_rows(db, "clients", _clients(20))
    names = store.read_clients(db)["external_id"].tolist()
    rows = _events(1_000, names)
    store.import_rows(db, "events", rows.iloc[::2])
    changed = rows.assign(kind=np.where(np.arange(1_000) % 4 == 1, "delivery", rows["kind"]))
    counts = store.import_rows(db, "events", changed)
    assert counts.added == 500
    assert counts.total == 1_000
    assert store.info(db).events == 1_000


def test_a_referrer_in_a_later_file_is_linked(tmp_path, small_chunks):
    db = tmp_path / "store.db"
    store.create_store(db)
    counts = store.import_rows(db, "clients", _clients(1_000, referrer_every=7))
    assert counts.added == 1_000
    read = store.read_clients(db).set_index("id")
    by_id = read["external_id"]
    linked = read.dropna(subset=["referred_by"])
    assert len(linked) == len([i for i in range(500) if i % 7 == 0])
    for client, referrer in zip(linked["external_id"], linked["referred_by"], strict=True):
        assert by_id[int(referrer)] == f"c{int(client[1:]) + 500:04d}"


def test_a_part_that_cannot_be_written_writes_nothing_and_leaves_no_file(
        tmp_path, small_chunks, monkeypatch):
    db = tmp_path / "store.db"
    store.create_store(db)
    store.import_rows(db, "clients", _clients(20))
    before = store.dump_checksum(db)
    real = upsert._write_stage

    def second_part_fails(records, order, path):
        # the second of three files (rows 401 to 800) written where SQLite cannot write
        real(records, order, path.parent if order.offset == 400 else path)

    monkeypatch.setattr(upsert, "_write_stage", second_part_fails)
    rows = _events(1_000, store.read_clients(db)["external_id"].tolist())
    with pytest.raises(RefdashError) as err:
        store.import_rows(db, "events", rows)
    assert err.value.code == "store.io_error"
    assert store.dump_checksum(db) == before
    assert list(small_chunks.iterdir()) == []
