"""How long the demo generator takes at the sizes the issues name.

Run: .venv/bin/python bench/bench_demo.py [--clients 100000]
Prints the time to generate the frames (vectorised numpy) and to write them to a new SQLite
store (one transaction), and the rows per second of the write.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere
from refdash.data import (
    demo,  # noqa: E402
    store,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, nargs="+", default=[500, 10_000, 100_000])
    args = parser.parse_args()
    print(f"{'clients':>9} {'events':>10} {'referrals':>9} {'generate s':>10} "
          f"{'write s':>8} {'total s':>8} {'rows/s':>10}")
    for n in args.clients:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "demo.db"
            t0 = time.perf_counter()
            frames = demo.generate(n, seed=1, as_of="2026-11-26")
            t1 = time.perf_counter()
            store.create_store(path)
            store.bulk_insert(path, clients=frames["clients"], events=frames["events"],
                              referrals=frames["referrals"], truth=frames["truth"])
            t2 = time.perf_counter()
            rows = sum(len(frames[k]) for k in ("clients", "events", "referrals", "truth"))
            print(f"{n:>9,} {len(frames['events']):>10,} {len(frames['referrals']):>9,} "
                  f"{t1 - t0:>10.2f} {t2 - t1:>8.2f} {t2 - t0:>8.2f} {rows / (t2 - t1):>10,.0f}")


if __name__ == "__main__":
    main()
