"""One store file, two copies of SQLite in this process: Python's ``sqlite3`` (the system's
library) and the ADBC driver's own (linked into it, another version), which the portfolio
read uses for its Arrow speed. POSIX file locks belong to the process, not to a connection,
so when one copy closes the file it drops the locks the other copy holds on it: SQLite's
"How To Corrupt An SQLite Database File", section 2.2.1. So a connection of one copy must
never be open while one of the other is: every store connection of this process is opened
and closed holding :data:`STORE_ACCESS`.

It is reentrant (a connection may open another in the same thread, as opening migrates),
and it serialises this process's store work: a dashboard's reads and writes are short, and
other processes (the command line) are kept apart by SQLite's own locks, as always.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

#: Held for the whole life of every store connection in this process (see the module).
STORE_ACCESS = threading.RLock()

P = ParamSpec("P")
R = TypeVar("R")


def holding_store_access(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` run holding :data:`STORE_ACCESS` (for a function that opens and closes its own
    connections to a store)."""
    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with STORE_ACCESS:
            return fn(*args, **kwargs)
    return wrapper
