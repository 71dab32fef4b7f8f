"""How fast the referral simulator is, with the reference tools measured in the same run.

Run: .venv/bin/python bench/bench_simulate.py [--quick]
(install bench/requirements.txt first for the EoN and ndlib comparison).

Prints, on this machine:
1. building the acquaintance network (100,000 people, k = 250; cold, cache cleared);
2. 200 Monte Carlo runs x 36 months on that network (already built), per ask policy and all
   three, and the page's default scenario through ``explore`` (what one slider move costs);
3. a pure independent cascade (one step of contagiousness) on a 100,000-person network with
   k = 50: refdash's vectorised frontier against EoN's ``basic_discrete_SIR`` and ndlib's
   ``IndependentCascadesModel`` on the same graph, with the ratios and the mean final sizes
   (they must agree: same process).
Targets (issue 5): simulation under 300 ms, network under 2 s, cascade 100x faster than both.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere
from refdash import sim as sm  # noqa: E402
from refdash.sim import analytics, network  # noqa: E402


def timed(fn, repeat: int) -> tuple[float, object]:
    """Median wall time in seconds of ``repeat`` calls, and the last result."""
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def bench_network(repeat: int) -> sm.Network:
    def cold() -> sm.Network:
        network.clear_cache()
        return sm.build_network(100_000, 250, 0.5, 42)

    secs, net = timed(cold, repeat)
    print(f"network build, 100,000 people, k=250, clustering 0.5: {secs * 1000:8.0f} ms "
          f"(median of {repeat}; target < 2,000 ms)")
    return net


def bench_runs(net: sm.Network, repeat: int) -> None:
    s = sm.Scenario(market=100_000, sphere=250, clustering=0.5, runs=200, horizon=36)
    sm.simulate(s, "patient", net)  # warm up
    total = 0.0
    for policy in sm.POLICIES:
        secs, r = timed(lambda p=policy: sm.simulate(s, p, net), repeat)
        total += secs
        print(f"200 runs x 36 months, {policy:<8} {secs * 1000:8.0f} ms   (median clients at 36: "
              f"{np.median(r.active[:, -1]):.0f})")
    print(f"200 runs x 36 months, three separate calls: {total * 1000:6.0f} ms")
    secs, _ = timed(lambda: sm.compare(s, net), repeat)
    print(f"200 runs x 36 months, all three policies in one pass (compare): {secs * 1000:6.0f} ms "
          "(target < 300 ms)")
    page = sm.Scenario()
    sm.explore(page)
    secs, _ = timed(lambda: (analytics._explore.cache_clear(), sm.explore(page.with_values(
        conversion=0.16))), repeat)
    print(f"page default through explore (50,000 people, 100 runs, 3 policies, KPIs, naive "
          f"curve): {secs * 1000:6.0f} ms per slider move")


def bench_cascade(repeat: int, ref_runs: int) -> None:
    n, k, p = 100_000, 50, 0.04
    net = sm.build_network(n, k, 0.5, 7)
    seeds = np.random.default_rng(0).choice(n, 10, replace=False)
    sm.independent_cascade(net, p, seeds, 0)
    secs_ours, _ = timed(lambda: sm.independent_cascade(net, p, seeds, 1), repeat)
    sizes = [sm.independent_cascade(net, p, seeds, i).sum() for i in range(20)]
    print(f"\nindependent cascade, {n:,} people, k={k}, p={p}, 10 seeds")
    print(f"  refdash (numpy frontier)    {secs_ours * 1000:9.1f} ms   mean final size "
          f"{np.mean(sizes):8.0f}")
    try:
        import networkx as nx
    except ImportError:
        print("  networkx is not installed: EoN and ndlib cannot be compared "
              "(pip install -r bench/requirements.txt)")
        return
    t0 = time.perf_counter()
    graph = nx.from_scipy_sparse_array(net.csr())
    graph.remove_edges_from(nx.selfloop_edges(graph))
    print(f"  (networkx graph built in {time.perf_counter() - t0:.1f} s: "
          f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges)")
    try:
        import EoN
    except ImportError:
        print("  EoN is not installed here: no comparison (pip install -r bench/requirements.txt)")
    else:
        finals = []

        def eon_run() -> None:
            _, _, _, recovered = EoN.basic_discrete_SIR(graph, p, initial_infecteds=list(seeds))
            finals.append(recovered[-1])

        secs, _ = timed(eon_run, ref_runs)
        print(f"  EoN basic_discrete_SIR      {secs * 1000:9.1f} ms   mean final size "
              f"{np.mean(finals):8.0f}   refdash is {secs / secs_ours:6.0f}x faster")
    try:
        import ndlib.models.epidemics as ep
        import ndlib.models.ModelConfig as mc
    except ImportError:
        print("  ndlib is not installed here: no comparison (pip install -r bench/requirements.txt)")
    else:
        config = mc.Configuration()
        config.add_model_initial_configuration("Infected", [int(x) for x in seeds])
        for edge in graph.edges():  # setup, not timed
            config.add_edge_configuration("threshold", edge, p)
        finals = []

        def ndlib_run() -> None:
            model = ep.IndependentCascadesModel(graph)
            model.set_initial_status(config)
            while True:
                it = model.iteration(node_status=False)
                if it["iteration"] > 0 and it["status_delta"][1] == 0:
                    break
            finals.append(it["node_count"][2])

        secs, _ = timed(ndlib_run, ref_runs)
        print(f"  ndlib IndependentCascades   {secs * 1000:9.1f} ms   mean final size "
              f"{np.mean(finals):8.0f}   refdash is {secs / secs_ours:6.0f}x faster")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeat = 3 if args.quick else 5
    net = bench_network(3)
    bench_runs(net, repeat)
    del net
    bench_cascade(repeat, 1 if args.quick else 3)


if __name__ == "__main__":
    main()
