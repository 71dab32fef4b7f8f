"""Speed of the gate check at 100,000 clients.

Run: .venv/bin/python bench/bench_gate.py [--clients 100000] [--repeat 5] [--db PATH]

Times, on a demo store of ``--clients`` clients (written once to ``--db`` or a temporary
folder): the trust at every ask (``trust.ask_labels``, the trust model's share), the gate
check on those labels (``gate.check``: outcomes, bands, totals, suggestion with its 400-draw
bootstrap, backtest), the Clients page's whole view (``views.gate.gate_view`` with the labels,
the figure's JSON included), and the check from scratch (labels + check). Target: the gate
check under 1 s; the median of ``--repeat`` runs is printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere
from refdash.data import demo  # noqa: E402
from refdash.model import gate_check as gate  # noqa: E402
from refdash.model import portfolio, trust  # noqa: E402
from refdash.views import gate as gate_views  # noqa: E402

AS_OF = "2026-11-26"


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", type=Path, default=None, help="reuse or write the store here")
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / "bench_gate.db"
    if not db.exists():
        started = time.perf_counter()
        demo.write_demo_store(db, n_clients=args.clients, seed=7, as_of=AS_OF)
        print(f"demo store of {args.clients:,} clients written in "
              f"{time.perf_counter() - started:.1f} s")
    p = portfolio.load(db, as_of=AS_OF)
    s = trust.TrustSettings()
    labels = trust.ask_labels(p, s)
    c = gate.check(p, s, labels)
    print(f"{len(p.clients):,} clients, {len(labels):,} asks "
          f"({int(c.bands['asks'].sum()):,} answered), suggestion {c.suggestion}")
    t_labels = _median(lambda: trust.ask_labels(p, s), args.repeat)
    t_check = _median(lambda: gate.check(p, s, labels), args.repeat)
    t_view = _median(lambda: gate_views.gate_view(p, s, "en", labels).figure.to_json(),
                     args.repeat)
    t_all = _median(lambda: gate.check(p, s), args.repeat)
    print(f"trust at every ask (trust.ask_labels)      {t_labels:6.3f} s")
    print(f"gate check on those labels (gate.check)     {t_check:6.3f} s  (target < 1 s)")
    print(f"Clients page view, figure JSON included     {t_view:6.3f} s")
    print(f"gate check from scratch (labels + check)    {t_all:6.3f} s")


if __name__ == "__main__":
    main()
