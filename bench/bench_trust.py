"""Speed of the trust model at 100,000 clients, against the per-client reference.

Run: .venv/bin/python bench/bench_trust.py [--clients 100000] [--sample 1000] [--repeat 5]

1. All trajectories (``trust.trajectories``: one row per client and month, with every
   component and the readiness gate) for a generated demo portfolio of ``--clients`` clients
   over 3 years; then ``trust.analyse`` (trajectories, ask labels, status and projection).
   Target: under 1 s on a 2-core machine.
2. The per-client reference of tests/trust_reference.py (plain Python, one client at a time)
   timed on a random sample of ``--sample`` clients in the same run, extrapolated to all the
   clients, and the ratio to (1). Target: at least 50 times faster. The sample's results are
   checked equal to the vectorised ones.
3. Opening one client in the Clients page: ``clients.client_view`` (its trajectory, markers,
   next step and chart) plus the chart's JSON (what ``st.plotly_chart`` sends), for 20
   clients. Target: under 100 ms of Python time.
4. How many asks are early, in this portfolio and in the 500-client demo store of the tests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere
from refdash.data import demo
from refdash.model import trust
from refdash.model.portfolio import Portfolio  # noqa: E402
from refdash.views import clients  # noqa: E402
from tests.trust_reference import reference  # noqa: E402

AS_OF = "2026-11-26"
T = TypeVar("T")


def timed(fn: Callable[[], T], repeat: int) -> tuple[list[float], T]:
    times: list[float] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def generated(n: int, seed: int) -> Portfolio:
    frames = demo.generate(n, seed=seed, as_of=AS_OF)
    return Portfolio(frames["clients"], frames["events"], frames["referrals"],
                     pd.Timestamp(AS_OF), is_demo=True)


def subset(p: Portfolio, ids: np.ndarray) -> Portfolio:
    keep = pd.Index(ids)
    return Portfolio(p.clients[p.clients["id"].isin(keep)].reset_index(drop=True),
                     p.events[p.events["client_id"].isin(keep)].reset_index(drop=True),
                     p.referrals[p.referrals["client_id"].isin(keep)].reset_index(drop=True),
                     p.as_of)


def early_share(asks: pd.DataFrame) -> str:
    return f"{int(asks['early'].sum()):,} of {len(asks):,} asks early ({asks['early'].mean():.0%})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    t0 = time.perf_counter()
    p = generated(args.clients, seed=1)
    months = len(trust.month_grid(p.as_of, p.clients["start_date"].min()))
    print(f"portfolio: {len(p.clients):,} clients, {len(p.events):,} events, {months} monthly "
          f"points (generated in {time.perf_counter() - t0:.1f} s)")

    times, traj = timed(lambda: trust.trajectories(p), args.repeat)
    vec = statistics.median(times)
    print(f"\n1. trajectories: median {vec:.3f} s (min {min(times):.3f}, max {max(times):.3f}) "
          f"over {args.repeat} runs -> {len(traj):,} rows")
    times, report = timed(lambda: trust.analyse(p), args.repeat)
    print(f"   analyse (trajectories + ask labels + status + projection): median "
          f"{statistics.median(times):.3f} s (min {min(times):.3f})")

    rng = np.random.default_rng(0)
    ids = rng.choice(p.clients["id"].to_numpy(), size=min(args.sample, len(p.clients)),
                     replace=False)
    small = subset(p, ids)
    t0 = time.perf_counter()
    ref_traj, ref_asks, _ = reference(small)
    ref_time = time.perf_counter() - t0
    per_client = ref_time / len(ids)
    ref_all = per_client * len(p.clients)
    mine = trust.analyse(small)
    diff = np.abs(mine.trajectory["trust"].to_numpy() - ref_traj["trust"].to_numpy()).max()
    same_labels = (mine.asks.sort_values("event_id")["early"].to_numpy()
                   == ref_asks.sort_values("event_id")["early"].to_numpy()).all()
    print(f"\n2. reference (per client, plain Python): {ref_time:.2f} s for {len(ids):,} "
          f"sampled clients = {per_client * 1e3:.2f} ms a client -> {ref_all:.0f} s for "
          f"{len(p.clients):,} clients (extrapolated)")
    print(f"   vectorised is {ref_all / vec:,.0f} times faster; on the sample it agrees with the "
          f"reference to {diff:.1e} (trust) and labels asks the same: {bool(same_labels)}")

    status = report.status
    picks = rng.choice(status.index.to_numpy(), size=21, replace=False)
    clients.client_view(report, p, int(picks[0]), "en").figure.to_json()  # warm-up: imports
    picks = picks[1:]
    view_times = []
    for cid in picks:
        t0 = time.perf_counter()
        view = clients.client_view(report, p, int(cid), "en")
        view.figure.to_json()
        view_times.append(time.perf_counter() - t0)
    print(f"\n3. one client's view + chart JSON: median {statistics.median(view_times) * 1e3:.0f} "
          f"ms, max {max(view_times) * 1e3:.0f} ms (20 clients, after one warm-up)")

    print(f"\n4. early asks: {early_share(report.asks)} in this portfolio;")
    small_demo = generated(500, seed=7)
    print(f"   {early_share(trust.ask_labels(small_demo))} in the tests' 500-client demo store "
          f"(seed 7, as of {AS_OF}); clients ready now: "
          f"{int(trust.client_status(small_demo)['ready'].sum())} of 500")


if __name__ == "__main__":
    main()
