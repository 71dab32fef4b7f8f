"""Speed of the segments model and the referral network at 100,000 clients, and how well EM
recovers known shares on generated portfolios.

Run: .venv/bin/python bench/bench_segments.py [--clients 100000] [--db PATH] [--recovery N]

1. Posteriors and EM for every client of a generated portfolio (evidence built once through
   the trust model, timed apart): target under 1 s at 100,000 clients.
2. The network view on a 100,000-client store: the referral forest, the top of the tree, the
   lineages, the generations and the two charts the page draws (the store is generated once at
   ``--db`` if it does not exist).
3. With ``--recovery N``: N 5,000-client portfolios for each of the shares 30/50/20 and
   20/60/20; the error of each estimated share against the realised one, and whether the
   realised share lies inside the 95 % interval.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere
from refdash.charts import segments as charts  # noqa: E402
from refdash.data import demo  # noqa: E402
from refdash.model import portfolio, referral_tree, segments, trust
from refdash.model.portfolio import Portfolio  # noqa: E402
from refdash.views import segments as segments_view  # noqa: E402

AS_OF = "2026-11-26"
T = TypeVar("T")


def timed(fn: Callable[[], T], repeat: int = 5) -> tuple[float, T]:
    """Median wall time (s) of ``repeat`` calls, and the last result."""
    times: list[float] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def model_speed(n: int) -> None:
    t0 = time.perf_counter()
    frames = demo.generate(n, seed=1, as_of=AS_OF)
    p = Portfolio(frames["clients"], frames["events"], frames["referrals"], pd.Timestamp(AS_OF))
    t1 = time.perf_counter()
    report = trust.analyse(p)
    t2 = time.perf_counter()
    ev = segments.evidence(p, report=report)
    t3 = time.perf_counter()
    print(f"portfolio of {n:,} clients: generated in {t1 - t0:.1f} s, trust model "
          f"{t2 - t1:.2f} s, evidence {t3 - t2:.2f} s (not part of the target)")
    t_post, _ = timed(lambda: segments.posterior_from_evidence(ev))
    t_fit, fit = timed(lambda: segments.fit(ev))
    owners = p.clients["owner"].to_numpy()
    t_owner, by_owner = timed(lambda: segments.fit(ev, groups=owners))
    print(f"  posteriors alone:                {t_post:6.3f} s")
    print(f"  EM + intervals + posteriors:     {t_fit:6.3f} s   ({fit.iterations} EM steps, "
          f"converged={fit.converged})   target < 1 s")
    print(f"  same, shares per owner:          {t_owner:6.3f} s   ({by_owner.iterations} EM steps)")
    row = fit.shares.loc["all"]
    print("  estimated shares: " + ", ".join(
        f"{k} {row[k]:.3f} [{row[k + '_low']:.3f}, {row[k + '_high']:.3f}]"
        for k in segments.SEGMENTS))


def network_speed(db: Path | None, n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = db or Path(tmp) / "demo.db"
        if not path.exists():
            t0 = time.perf_counter()
            demo.write_demo_store(path, n_clients=n, seed=1, as_of=AS_OF)
            print(f"store of {n:,} clients written in {time.perf_counter() - t0:.1f} s at {path}")
        t0 = time.perf_counter()
        p = portfolio.load(path, as_of=AS_OF)
        print(f"store read in {time.perf_counter() - t0:.2f} s ({len(p.clients):,} clients, "
              f"{len(p.referrals):,} referrals)")
        segment = pd.Series(segments.UNKNOWN, index=p.clients["id"].to_numpy())

        def view() -> tuple:
            tree = referral_tree.referral_tree(p.clients, p.referrals)
            top = referral_tree.top_of_tree(tree)
            lineage = referral_tree.lineages(tree, p.clients)
            gens = referral_tree.generations(tree)
            return (tree, top, lineage, charts.network_chart(top, p.clients, segment, "en"),
                    charts.generations_chart(gens, "en"))

        t_view, (tree, top, *_rest) = timed(view)
        t_tree, _ = timed(lambda: referral_tree.referral_tree(p.clients, p.referrals))
        print(f"  referral forest alone:           {t_tree:6.3f} s")
        print(f"  network view (forest, top {len(top)} nodes, lineages, 2 charts): "
              f"{t_view:6.3f} s")
        print(f"  {tree.linked:,} clients in chains, deepest generation "
              f"{int(tree.nodes['generation'].max())}, came by referral "
              f"{tree.referred_share:.1%}")
        t0 = time.perf_counter()
        segments_view.overview(p)
        print(f"  whole Segments page computation (trust + evidence + 2 fits + forest): "
              f"{time.perf_counter() - t0:.2f} s (cached per store version and owner filter)")


def recovery(count: int) -> None:
    print(f"\nrecovery on 5,000-client, 3-year demo portfolios, seeds 1..{count}")
    print(f"{'shares':>9} {'seed':>4}  {'realised %':>20}  {'error (points)':>22}  inside 95 %")
    errors, inside = [], []
    for shares in [(0.3, 0.5, 0.2), (0.2, 0.6, 0.2)]:
        for seed in range(1, count + 1):
            frames = demo.generate(5000, seed=seed, as_of=AS_OF,
                                   params=demo.DemoParams(segment_shares=shares))
            p = Portfolio(frames["clients"], frames["events"], frames["referrals"],
                          pd.Timestamp(AS_OF))
            fit = segments.estimate_shares(p)
            row = fit.shares.loc["all"]
            real = frames["truth"]["final_segment"].value_counts(normalize=True)\
                .reindex(segments.SEGMENTS, fill_value=0).to_numpy()
            est = row[list(segments.SEGMENTS)].to_numpy(dtype=float)
            low = row[[f"{k}_low" for k in segments.SEGMENTS]].to_numpy(dtype=float)
            high = row[[f"{k}_high" for k in segments.SEGMENTS]].to_numpy(dtype=float)
            err = 100 * (est - real)
            errors.append(err)
            inside.append((low <= real) & (real <= high))
            label = "/".join(str(round(100 * s)) for s in shares)
            print(f"{label:>9} {seed:>4}  {np.array2string(100 * real, precision=1):>20}  "
                  f"{np.array2string(err, precision=1, sign='+'):>22}  {inside[-1].all()}")
    e = np.array(errors)
    print(f"mean error {np.round(e.mean(axis=0), 2)}, RMSE {np.round(np.sqrt((e ** 2).mean(0)), 2)}"
          f", max |error| {np.round(np.abs(e).max(0), 1)} points (advocate, responsive, never)")
    print(f"portfolios with every share within 4 points: {(np.abs(e) <= 4).all(axis=1).sum()} "
          f"of {len(e)}; realised shares inside the 95 % interval: "
          f"{np.mean(inside):.0%} of shares")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="100k-client store to reuse (made if missing)")
    parser.add_argument("--recovery", type=int, default=0, metavar="N")
    args = parser.parse_args()
    model_speed(args.clients)
    network_speed(args.db, args.clients)
    if args.recovery:
        recovery(args.recovery)


if __name__ == "__main__":
    main()
