"""The Arrow files of the last read beside a store: a read of an unchanged store gives the
same frames from them, and any change to the store (an edit, a same-size edit, another file
in its place, other code) is read from the store, never from stale files."""

import shutil

import pandas as pd
import pytest

from refdash.data import store
from refdash.data.store import read_cache

TABLES = ("clients", "events", "referrals")


@pytest.fixture(autouse=True)
def _read_cache_on(monkeypatch):
    monkeypatch.setenv("REFDASH_READ_CACHE", "1")


def read(path):
    """The store's tables, the background save of the read waited for."""
    tables = store.read_portfolio(path)
    read_cache.wait_saved()
    return tables


def assert_same(a, b):
    assert a.meta == b.meta
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)


def from_cache(path) -> bool:
    """True when the next read of ``path`` would come from the files (not the store)."""
    return read_cache.load(path, read_cache.key_of(path)) is not None


def test_an_unchanged_store_is_read_from_the_files_as_the_store_gives_it(demo_db):
    first = read(demo_db)
    assert all(read_cache.file_of(demo_db, t).exists() for t in TABLES)
    assert from_cache(demo_db)
    assert_same(store.read_portfolio(demo_db), first)


def test_an_edit_is_read_from_the_store(demo_db):
    before = read(demo_db)
    event = int(before.events["id"].iloc[0])
    row = before.events.iloc[0]
    # the same kind, client and date, one note more: the file may keep its size
    store.update_event(demo_db, event, client_id=int(row["client_id"]), date=row["date"],
                       kind=row["kind"], score=row["score"], note="Dupont & fils")
    assert not from_cache(demo_db)
    after = read(demo_db)
    assert after.events.set_index("id").loc[event, "note"] == "Dupont & fils"
    assert from_cache(demo_db)  # written again, now for the edited store
    assert_same(store.read_portfolio(demo_db), after)


def test_another_file_in_the_store_place_is_read_from_the_store(demo_db, tmp_path):
    read(demo_db)
    other = tmp_path / "other.db"
    shutil.copy2(demo_db, other)  # same content, times and size: another file all the same
    store.add_client(other, name="Zoé Nouvelle", owner="Ana", start_date="2026-01-05")
    shutil.copy2(other, demo_db)
    assert not from_cache(demo_db)
    assert "Zoé Nouvelle" in set(read(demo_db).clients["name"])


def test_damaged_or_foreign_files_are_ignored(demo_db):
    expected = read(demo_db)
    read_cache.file_of(demo_db, "events").write_bytes(b"not arrow at all")
    assert not from_cache(demo_db)
    assert_same(read(demo_db), expected)
    assert from_cache(demo_db)  # replaced by a good one


def test_files_of_other_code_are_ignored(demo_db, monkeypatch):
    read(demo_db)
    monkeypatch.setattr(read_cache, "_SOURCE_HASH", "another version")
    assert not from_cache(demo_db)


def test_a_folder_that_cannot_be_written_leaves_nothing_and_reads_the_store(demo_db,
                                                                          monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("read-only folder")

    monkeypatch.setattr(read_cache.tempfile, "mkstemp", refuse)
    expected = read(demo_db)
    assert not any(read_cache.file_of(demo_db, t).exists() for t in TABLES)
    assert_same(read(demo_db), expected)


def test_turned_off_writes_nothing(demo_db, monkeypatch):
    monkeypatch.setenv("REFDASH_READ_CACHE", "0")
    read(demo_db)
    assert not any(read_cache.file_of(demo_db, t).exists() for t in TABLES)


def test_a_connection_open_elsewhere_does_not_make_the_files_stale(demo_db):
    read(demo_db)
    import sqlite3

    other = sqlite3.connect(demo_db)  # another session's connection: an empty WAL appears
    try:
        other.execute("SELECT count(*) FROM clients").fetchone()
        assert from_cache(demo_db)
    finally:
        other.close()
