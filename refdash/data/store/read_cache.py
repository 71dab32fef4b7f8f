"""The store's tables as the last read found them, kept beside it as Arrow files, so that a
server started again on an unchanged store reads them in ~0.2 s instead of ~1.5 s (2.3 M
events of a 100,000-client store; figures in docs/architecture.md).

Three files ``<store>-read-<table>.arrow`` (clients, events, referrals; the meta table rides
in the clients file's schema metadata), each stamped with the key it was read at:

- the store's :func:`~refdash.data.store.schema.store_signature` (modification times and
  sizes of the file and its WAL), taken *before* the read: a write committed after it
  changes the signature, so a stamp never names content older than the files say. It is the
  key the pages' in-memory cache already trusts;
- the file's inode and device (another file put in its place);
- :data:`FORMAT` and a hash of this package's source (a change to how tables are read
  invalidates every file written by the code before it).

A file whose stamp differs, or that cannot be read, is ignored (the store is read as
always). Writing happens in a background thread, each file to a temporary name first and
then renamed, so a crash leaves either the old file or the new one; a store whose folder is
not writable is simply not cached. ``REFDASH_READ_CACHE=0`` turns it off.

Arrow IPC holds data only (no pickled objects): a planted file can at worst hold wrong
frames for a store it names, which requires writing beside the store, i.e. writing the
store itself.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from refdash.data.store.schema import Path_, store_signature

#: Raised by hand when the layout of the files changes.
FORMAT = 1
TABLES = ("clients", "events", "referrals")
_STAMP = b"refdash_read_key"
_META = b"refdash_meta"

_SOURCE_HASH: str | None = None
#: The background saves started and not known finished (tests wait: :func:`wait_saved`).
_saving: list[threading.Thread] = []


def enabled() -> bool:
    return os.environ.get("REFDASH_READ_CACHE", "1") != "0"


def source_hash(folder: Path) -> str:
    """A hash of the Python source under ``folder`` (sub-folders included): files written
    by other code carry another one."""
    digest = hashlib.sha256()
    for source in sorted(folder.rglob("*.py")):
        digest.update(str(source.relative_to(folder)).encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


def _source_hash() -> str:
    global _SOURCE_HASH
    if _SOURCE_HASH is None:
        _SOURCE_HASH = source_hash(Path(__file__).parent)
    return _SOURCE_HASH


def key_of(path: Path_) -> str:
    """The stamp the files of ``path`` must carry to be current (taken before a read)."""
    path = Path(path)
    status = path.stat()
    signature = list(store_signature(path))
    if signature[3] == 0:
        # An empty WAL holds nothing: it only says a connection is open at this moment
        # (another session's, the warm-up's), and would change the stamp of the same data.
        signature[2] = 0
    return json.dumps([FORMAT, _source_hash(), status.st_ino, status.st_dev, signature])


def file_of(path: Path_, table: str) -> Path:
    return Path(f"{path}-read-{table}.arrow")


def load(path: Path_, key: str) -> tuple[dict[str, str], dict[str, pd.DataFrame]] | None:
    """The meta and the frames kept for ``path`` if all three files carry ``key``, else
    None (missing, stale, damaged: the caller reads the store)."""
    kept = load_frames({table: file_of(path, table) for table in TABLES}, key)
    if kept is None:
        return None
    meta, frames = kept
    return {str(k): str(v) for k, v in meta.items()}, frames


def save(path: Path_, key: str, meta: dict[str, str], frames: dict[str, pd.DataFrame]) -> bool:
    """Write the files of ``path`` stamped ``key``; False when they could not be written
    (the folder read only, the disk full): nothing is left behind then."""
    return save_frames({table: file_of(path, table) for table in TABLES}, key, meta,
                       {table: frames[table] for table in TABLES}, preserve_index=False)


def load_frames(files: dict[str, Path], key: str
                ) -> tuple[dict[str, Any], dict[str, pd.DataFrame]] | None:
    """The frames of ``files`` (name -> file) and the meta riding in the first one, if every
    file carries the stamp ``key``; None when one is missing, stale or not what
    :func:`save_frames` writes."""
    import pyarrow as pa
    import pyarrow.ipc as ipc

    frames: dict[str, pd.DataFrame] = {}
    meta: dict[str, Any] = {}
    try:
        for number, (name, file) in enumerate(files.items()):
            with pa.memory_map(str(file)) as source:
                arrow = ipc.open_file(source).read_all()
            stamp = (arrow.schema.metadata or {}).get(_STAMP)
            if stamp is None or stamp.decode() != key:
                return None
            if number == 0:
                meta = json.loads(arrow.schema.metadata[_META])
            frames[name] = arrow.to_pandas()
    except (OSError, pa.ArrowException, ValueError, KeyError, TypeError):
        return None  # a file that is not what this code writes: compute it again
    return meta, frames


def save_frames(files: dict[str, Path], key: str, meta: dict[str, Any],
                frames: dict[str, pd.DataFrame], preserve_index: bool | None = None,
                compression: str | None = None) -> bool:
    """Write ``frames[name]`` to ``files[name]``, each stamped ``key``, ``meta`` (JSON) in the
    first; each to a temporary name first, then renamed. False when they could not be
    written (the folder read only, the disk full): no temporary file is left behind then.
    ``preserve_index``: as ``pyarrow.Table.from_pandas`` (None: a range index as metadata,
    any other index as columns); ``compression``: Arrow IPC's (``"zstd"``, ``"lz4"``; None:
    none), which :func:`load_frames` reads without being told."""
    import pyarrow as pa
    import pyarrow.ipc as ipc

    for number, (name, target) in enumerate(files.items()):
        arrow = pa.Table.from_pandas(frames[name], preserve_index=preserve_index)
        extra = {_STAMP: key.encode()}
        if number == 0:
            extra[_META] = json.dumps(meta).encode()
        arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}), **extra})
        try:
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                                 dir=target.parent)
        except OSError:
            return False
        try:
            options = ipc.IpcWriteOptions(compression=compression)
            with os.fdopen(handle, "wb") as out, \
                    ipc.new_file(out, arrow.schema, options=options) as writer:
                writer.write_table(arrow)
            os.replace(temporary, target)
        except (OSError, pa.ArrowException):
            Path(temporary).unlink(missing_ok=True)
            return False
    return True


def save_later(path: Path_, key: str, meta: dict[str, str],
               frames: dict[str, pd.DataFrame]) -> None:
    """:func:`save` in a background thread (~0.5 s for 2.3 M events, not a page's wait).
    The frames are read-only by contract (see refdash.ui.cache), so sharing them is safe."""
    in_background(lambda: save(path, key, meta, frames))


def in_background(write: Callable[[], object]) -> None:
    """Run ``write`` (a save of files beside the store) in a background thread."""
    def run() -> None:
        # A cache not written is not an error to anyone: the next read computes it again.
        with contextlib.suppress(Exception):
            write()

    thread = threading.Thread(target=run, name="refdash-read-cache", daemon=True)
    thread.start()
    _saving[:] = [*(t for t in _saving if t.is_alive()), thread]
    # A process ending (the CLI after one read, the server stopped) finishes the save
    # first, instead of leaving a half-written temporary file of 100 MB beside the store.
    atexit.register(thread.join)


def wait_saved() -> None:
    """Wait for the background saves (tests, and a CLI about to exit)."""
    for thread in list(_saving):
        thread.join()
