"""The data layer: the store (the only SQL), importing, exporting, the demo store.

Importing it sets Arrow's memory pool to the C library's allocator (unless
``ARROW_DEFAULT_MEMORY_POOL`` names one): Arrow's default, mimalloc, gives freed pages back
to the system at once, and the data layer builds and drops million-row tables at every step.
On a 950,000-row activities import that cost 3.2–5.4 s of system time against 1.1–1.5 s,
user time equal (``bench/bench_import.py``'s file, two runs each, 2026-12-02).
"""

import os

import pyarrow as pa

if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
    pa.set_memory_pool(pa.system_memory_pool())
