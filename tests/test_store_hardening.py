"""Issue 10 items 7 and 8: a damaged store is named as such with the way out, on every
command and page; a failed write leaves no partial file; read-only commands work on a store
in a read-only folder; processes opening a new or old store at once, or asking for the demo
store at once, all succeed."""

from __future__ import annotations

import errno
import importlib
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from refdash.data import demo, exporting, store
from refdash.errors import RefdashError
from tests.conftest import APP, AS_OF

ROOT = Path(__file__).resolve().parent.parent
backup_module = importlib.import_module("refdash.data.store.backup")
RACERS = 4
ROUNDS = 10


# --------------------------------------------------------------------------- races

def _open_and_count(path: str, barrier) -> str:
    barrier.wait()  # every process opens at the same moment
    try:
        with store.connect(path) as db:
            return str(db.execute("PRAGMA user_version").fetchone()[0])
    except Exception as exc:  # reported, not raised: the parent counts failures
        return f"{type(exc).__name__}: {exc}"


def _race(path: Path) -> list[str]:
    ctx = multiprocessing.get_context("fork")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(RACERS)
        with ctx.Pool(RACERS) as pool:
            return pool.starmap(_open_and_count, [(str(path), barrier)] * RACERS)


def test_processes_opening_a_new_store_at_once_all_succeed(tmp_path):
    for i in range(ROUNDS):
        path = tmp_path / f"new{i}.db"
        path.touch()  # an empty file, as the CLI and the app find a new store
        results = _race(path)
        assert results == [str(store.SCHEMA_VERSION)] * RACERS, results


def test_processes_opening_an_old_store_at_once_all_succeed(tmp_path):
    for i in range(ROUNDS):
        path = tmp_path / f"old{i}.db"
        store.migrate(path, target=1)
        results = _race(path)
        assert results == [str(store.SCHEMA_VERSION)] * RACERS, results
        assert store.info(path).schema_version == store.SCHEMA_VERSION


def _make_demo(path: str, barrier) -> str:
    barrier.wait()
    try:
        got = demo.write_demo_store(path, n_clients=60, seed=3, as_of=AS_OF, exist_ok=True)
        return f"{got.clients}"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


def test_the_demo_store_is_made_once_while_others_wait(tmp_path):
    path = tmp_path / "demo.db"
    ctx = multiprocessing.get_context("fork")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(RACERS)
        with ctx.Pool(RACERS) as pool:
            results = pool.starmap(_make_demo, [(str(path), barrier)] * RACERS)
    assert results == ["60"] * RACERS, results
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))
    with pytest.raises(RefdashError) as err:  # without exist_ok: refused, never replaced
        demo.write_demo_store(path, n_clients=10, seed=1, as_of=AS_OF)
    assert err.value.code == "store.exists"


@pytest.fixture
def pages_compiled_without_magic() -> Iterator[None]:
    """Each AppTest compiles the page for itself, with Streamlit's "magic" (``ast.parse``),
    and CPython 3.11's ast.parse is not safe in several threads at once (a CI run:
    "SystemError: AST constructor recursion depth mismatch", gh-106905). A server compiles
    each page once, under its script cache's lock; the test below is about the store, so
    its pages are compiled without magic (none of them uses it)."""
    from streamlit import config as streamlit_config

    magic = streamlit_config.get_option("runner.magicEnabled")
    streamlit_config.set_option("runner.magicEnabled", False)
    try:
        yield
    finally:
        streamlit_config.set_option("runner.magicEnabled", magic)


def test_several_sessions_on_a_fresh_store_all_get_a_page(tmp_path, monkeypatch,
                                                           pages_compiled_without_magic):
    """Sessions of one server run on threads: four at once on a store not made yet."""
    import threading

    db = tmp_path / "fresh" / "refdash.db"
    monkeypatch.setenv("REFDASH_DB", str(db))
    monkeypatch.setenv("REFDASH_AS_OF", AS_OF)
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def session() -> None:
        barrier.wait()
        try:
            at = AppTest.from_file(APP, default_timeout=120).run()
            outcomes.append("exception" if at.exception else "ok" if at.title else "empty")
        except Exception as exc:
            outcomes.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=session) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert outcomes == ["ok"] * 4, outcomes
    assert store.info(db).clients == 500


# --------------------------------------------------------------------------- damage

@pytest.fixture
def damaged_db(tmp_path, demo_db_template) -> Path:
    """A demo store whose pages after the schema are overwritten with garbage (every
    other one, half of it: whichever pages a command reads, some are damaged)."""
    path = tmp_path / "damaged.db"
    shutil.copy(demo_db_template, path)
    page = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        for offset in range(4 * page, size - page, 2 * page):
            handle.seek(offset)
            handle.write(os.urandom(page // 2))
    return path


def run_cli(*args: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "REFDASH_AS_OF": AS_OF, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "refdash", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, **kw)


@pytest.mark.parametrize("command", [
    ["info"], ["export", "{tmp}/out"], ["backup", "{tmp}/copy.db"], ["gate-check"],
    ["worklist"], ["import", "{tmp}/c.csv", "--kind", "clients"],
])
def test_every_command_names_a_damaged_store_and_the_way_out(damaged_db, tmp_path, command):
    (tmp_path / "c.csv").write_text("id,name,owner,start_date\nz1,Zed,Ann,2025-01-01\n")
    args = [a.format(tmp=tmp_path) for a in command]
    done = run_cli(*args, "--db", str(damaged_db))
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    assert "is damaged" in done.stderr and "refdash restore" in done.stderr, done.stderr
    assert not list(tmp_path.glob(".*.part"))


def test_a_damaged_store_is_named_on_the_page(damaged_db, monkeypatch):
    monkeypatch.setenv("REFDASH_DB", str(damaged_db))
    monkeypatch.setenv("REFDASH_AS_OF", AS_OF)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    assert any("is damaged" in e.value and "restore" in e.value for e in at.error), at.error


def test_a_damaged_backup_is_refused_and_the_store_kept(damaged_db, demo_db):
    before = store.dump_checksum(demo_db)
    with pytest.raises(RefdashError) as err:
        store.restore(damaged_db, demo_db)
    assert err.value.code == "store.damaged_backup"
    assert store.dump_checksum(demo_db) == before


def test_a_text_file_is_still_not_a_store(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("hello " * 2000)
    with pytest.raises(RefdashError) as err:
        store.info(path)
    assert err.value.code == "store.not_sqlite"


# --------------------------------------------------------------------------- full disk

def _full(*_args, **_kw):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_backup_on_a_full_disk_removes_its_part_file(demo_db, tmp_path, monkeypatch):
    def copy_then_fail(source, tmp):
        tmp.write_bytes(b"half a backup")
        _full()

    monkeypatch.setattr(backup_module, "_copy", copy_then_fail)
    with pytest.raises(RefdashError) as err:
        store.backup(demo_db, tmp_path / "b.db")
    assert err.value.code == "store.write_failed"
    assert "ENOSPC" in err.value.message("en") and "partial file was removed" in \
        err.value.message("en")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in tmp_path.iterdir() if not p.name.endswith(".part"))
    assert not (tmp_path / "b.db").exists()


def test_export_on_a_full_disk_removes_its_part_files(demo_db, tmp_path, monkeypatch):
    out = tmp_path / "out"
    calls = {"n": 0}

    def write_then_fail(path, data):
        calls["n"] += 1
        path.write_bytes(data[:10])
        if calls["n"] == 3:
            _full()

    monkeypatch.setattr(exporting, "write_file", write_then_fail)
    with pytest.raises(RefdashError) as err:
        exporting.export_dir(demo_db, out)
    assert err.value.code == "store.write_failed"
    assert list(out.iterdir()) == []  # no part, and no half of a new export


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MB tmpfs (needs the right to mount; skipped elsewhere)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode:
        pytest.skip("cannot mount a tmpfs here")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.parametrize("command", [["backup", "{disk}/b.db"], ["export", "{disk}/out"]])
def test_a_really_full_disk_says_so_and_leaves_no_part(demo_db, tiny_disk, command):
    (tiny_disk / "filler").write_bytes(b"x" * (1024 * 1024 - 64 * 1024))
    done = run_cli(*[a.format(disk=tiny_disk) for a in command], "--db", str(demo_db))
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert "partial file was removed" in done.stderr, done.stderr
    leftovers = [p for p in tiny_disk.rglob("*") if p.name != "filler" and p.is_file()]
    assert leftovers == [], leftovers


def test_restore_on_a_full_disk_says_so(demo_db, tmp_path, tiny_disk):
    target = tiny_disk / "store.db"
    store.create_store(target)  # an empty store: about 0.3 MB (16 KiB pages)
    disk = os.statvfs(tiny_disk)
    (tiny_disk / "filler").write_bytes(b"x" * (disk.f_bavail * disk.f_frsize - 100 * 1024))
    with pytest.raises(RefdashError) as err:
        store.restore(demo_db, target)
    assert err.value.code in ("store.full", "store.write_failed"), err.value.code
    assert store.info(target).clients == 0


# --------------------------------------------------------------------------- read only

@pytest.fixture
def read_only_store(tmp_path, demo_db_template):
    """A store in a folder nobody can write: a read-only bind mount when the tests run as
    root (root ignores permission bits), else a folder without write permission."""
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "store.db"
    shutil.copy(demo_db_template, path)
    mounted = False
    if os.geteuid() == 0:
        done = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
        if done.returncode:
            pytest.skip("root without the right to mount: no read-only folder possible")
        mounted = True
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
    else:
        os.chmod(folder, 0o555)
    yield path
    if mounted:
        subprocess.run(["umount", str(folder)], check=False)
    else:
        os.chmod(folder, 0o755)


@pytest.mark.parametrize("command", [["info"], ["gate-check"], ["worklist"],
                                     ["export", "{tmp}/out"]])
def test_read_only_commands_work_in_a_read_only_folder(read_only_store, tmp_path, command):
    done = run_cli(*[a.format(tmp=tmp_path) for a in command], "--db", str(read_only_store))
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert not Path(f"{read_only_store}-wal").exists()


def test_a_write_in_a_read_only_folder_says_so(read_only_store, tmp_path):
    csv = tmp_path / "c.csv"
    csv.write_text("id,name,owner,start_date\nz1,Zed,Ann,2025-01-01\n")
    done = run_cli("import", str(csv), "--kind", "clients", "--db", str(read_only_store))
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert "cannot be written" in done.stderr, done.stderr


def test_threads_opening_a_new_store_at_once_read_its_identity_in_one_snapshot(tmp_path):
    """Four openers of one new file, 30 times: the quick look read the id, the version and
    the tables one by one, so it could see another opener's tables but not yet its id."""
    import threading

    from refdash.data.store import schema

    errors: list[str] = []

    def open_store(path: Path) -> None:
        try:
            schema.migrate(path)
        except Exception as exc:  # noqa: BLE001 - every failure is the finding
            errors.append(repr(exc))

    path = tmp_path / "new.db"
    for _attempt in range(30):
        for leftover in (path, path.with_name("new.db-wal"), path.with_name("new.db-shm")):
            leftover.unlink(missing_ok=True)
        threads = [threading.Thread(target=open_store, args=(path,)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
