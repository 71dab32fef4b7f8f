"""The whole store's assessment (trust model and segments fit, :func:`decision.assess`) kept
beside the store as Arrow files, as its read is (:mod:`refdash.data.store.read_cache`): a
server started again on an unchanged store finds the first page's heaviest computation
there (1.0-1.8 s on 100,000 clients) instead of computing it while its first user waits.

What is kept, and when it is used:

- only the assessment of a portfolio read whole through the read cache (its
  ``read_stamp``: not one narrowed to some owners) with the default trust settings: what
  every new server's first page shows (a URL without settings). One set of four files per
  store, ``<store>-kept-assess-{asks,status,shares,posteriors}.arrow``, each stamped with
  the read cache's key of the frames it was computed from (which a write to the store
  changes), the settings, the analysis date, :data:`FORMAT` and a hash of the model's
  source (refdash/model: other code, other files);
- a file whose stamp differs, that cannot be read, or whose content does not rebuild an
  assessment is ignored: the assessment is computed as always (and kept again);
- the trajectories (only the Clients page reads them) are kept in a fifth file,
  ``<store>-kept-assess-trajectory.arrow``, with the same stamp, compressed (zstd: 40 MB
  instead of 111 MB for 100,000 clients) and read only on first use, as the report defers
  them: 0.14 s instead of 0.8-1.3 s computed from the portfolio (which is what a missing or
  stale file costs);
- written in the background (``read_cache.in_background``), never a page's wait;
  ``REFDASH_READ_CACHE=0`` turns it off with the read cache.

Arrow IPC holds data only, as for the read cache.
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import pandas as pd

from refdash.data.store import read_cache
from refdash.errors import RefdashError
from refdash.model import decision, segments, trust
from refdash.model.decision import Assessment
from refdash.model.portfolio import Portfolio, analysis_date, load
from refdash.model.trust import TrustReport, TrustSettings
from refdash.model.trust.report import Deferred

#: Raised by hand when what the files hold changes.
FORMAT = 1
FRAMES = ("asks", "status", "shares", "posteriors")
TRAJECTORY = "trajectory"
#: SegmentRates' fields, in its order (each a triple: advocate, responsive, never).
_RATES = tuple(f.name for f in fields(segments.SegmentRates))
_MODEL_HASH: str | None = None


def _model_hash() -> str:
    global _MODEL_HASH
    if _MODEL_HASH is None:
        _MODEL_HASH = read_cache.source_hash(Path(__file__).parent)
    return _MODEL_HASH


def files_of(store_path: str | Path) -> dict[str, Path]:
    """The kept assessment's files beside the store at ``store_path`` (the trajectories'
    apart: :func:`trajectory_file`)."""
    return {name: Path(f"{store_path}-kept-assess-{name}.arrow") for name in FRAMES}


def trajectory_file(store_path: str | Path) -> dict[str, Path]:
    """The kept trajectories' file beside the store at ``store_path`` (read on first use)."""
    return {TRAJECTORY: Path(f"{store_path}-kept-assess-{TRAJECTORY}.arrow")}


def _keep_trajectory(files: dict[str, Path], stamp: str, trajectory: pd.DataFrame) -> None:
    """Write the trajectories to ``files``, stamped ``stamp``, compressed."""
    read_cache.save_frames(files, stamp, {}, {TRAJECTORY: trajectory}, compression="zstd")


def _stamp(p: Portfolio, s: TrustSettings) -> str | None:
    """The stamp the files must carry for ``p`` and ``s``; None when nothing is kept."""
    if p.read_stamp is None or s != TrustSettings() or not read_cache.enabled():
        return None
    return json.dumps([FORMAT, p.read_stamp[1], repr(s), pd.Timestamp(p.as_of).isoformat(),
                       _model_hash()])


def assess(p: Portfolio, s: TrustSettings | None = None) -> Assessment:
    """:func:`decision.assess` of ``p`` and ``s``: from the files kept beside the store when
    they were kept for the same read, settings, date and code; else computed, and kept
    for next time when ``p`` is a whole store read through the read cache."""
    settings = s or TrustSettings()
    stamp = _stamp(p, settings)
    if stamp is None:
        return decision.assess(p, settings)
    assert p.read_stamp is not None  # a stamp is only made for a kept read
    files = files_of(p.read_stamp[0])
    found = read_cache.load_frames(files, stamp)
    traj_file = trajectory_file(p.read_stamp[0])
    if found is not None:
        restored = _restore(p, settings, *found, traj_file=traj_file, stamp=stamp)
        if restored is not None:
            return restored
    computed = decision.assess(p, settings)
    fit = computed.fit
    if fit is not None:  # a fit that failed is computed again (and says why) each time
        meta = {"rates": {name: list(getattr(fit.rates, name)) for name in _RATES},
                "iterations": fit.iterations, "converged": fit.converged,
                "log_likelihood": fit.log_likelihood, "level": fit.level}
        frames = {"asks": computed.report.asks, "status": computed.report.status,
                  "shares": fit.shares, "posteriors": fit.posteriors}

        def save() -> None:
            # the four the first page needs first, then the trajectories (their tidy-up
            # made here, in the background, if no page has needed them yet)
            if read_cache.save_frames(files, stamp, meta, frames):
                _keep_trajectory(traj_file, stamp, computed.report.trajectory)

        read_cache.in_background(save)
    return computed


def prepare(store_path: str | Path) -> bool:
    """Read the store and assess it with the default trust settings on the analysis date,
    and leave both beside it, as a server's first read would (:mod:`read_cache`, this
    module's files): the dashboard's first open then reads them instead of computing. For a
    command that has just written the store (``refdash demo``, ``refdash import``): on a
    100,000-client store the first open otherwise spent 4.2 s of its start on them (the read
    1.8 s, the assessment 2.4 s; 2026-12-03, bench_pages).
    False when nothing is kept (``REFDASH_READ_CACHE=0``, or a store that cannot be read:
    the first open then says why)."""
    if not read_cache.enabled():
        return False
    try:
        assess(load(store_path, as_of=analysis_date()))
    except RefdashError:
        return False
    read_cache.wait_saved()
    return True


def _restore(p: Portfolio, s: TrustSettings, meta: dict[str, Any],
             frames: dict[str, pd.DataFrame], *, traj_file: dict[str, Path],
             stamp: str) -> Assessment | None:
    """The assessment the kept parts make, as :func:`decision.assess` makes it; None when
    they do not make one (the caller computes it). Its trajectories are read from
    ``traj_file`` on first use if it carries ``stamp``, else computed (and kept)."""
    try:
        def three(name: str) -> tuple[float, float, float]:
            advocate, responsive, never = (float(v) for v in meta["rates"][name])
            return advocate, responsive, never

        rates = segments.SegmentRates(*(three(name) for name in _RATES))
        fit = segments.Fit(shares=frames["shares"], rates=rates,
                           posteriors=frames["posteriors"],
                           iterations=int(meta["iterations"]),
                           converged=bool(meta["converged"]),
                           log_likelihood=float(meta["log_likelihood"]),
                           level=float(meta["level"]))
    except (KeyError, TypeError, ValueError):
        return None

    def trajectory() -> pd.DataFrame:
        found = read_cache.load_frames(traj_file, stamp)
        if found is not None:
            return found[1][TRAJECTORY]
        made = trust.trajectories(p, s)
        read_cache.in_background(lambda: _keep_trajectory(traj_file, stamp, made))
        return made

    report = TrustReport(trajectory=Deferred(trajectory), asks=frames["asks"],
                         status=frames["status"], settings=s,
                         as_of=pd.Timestamp(p.as_of).normalize(), never_applied=False)
    gated = trust.with_never_probability(report, segments.never_probability(fit.posteriors))
    return Assessment(report=report, fit=fit, gated=gated)
