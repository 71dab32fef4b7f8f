"""Evidence frames: built from a portfolio through the trust model, or drawn from the
segments model itself (known shares, for tests and benchmarks).

Units: months of exposure; counts of referrals and asks (whole numbers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from refdash.model import trust
from refdash.model.portfolio import Portfolio
from refdash.model.segments.settings import (
    ASK_CLASSES,
    ASK_COLUMNS,
    SegmentRates,
    SegmentSettings,
)
from refdash.model.trust import TrustReport, TrustSettings


def simulate_evidence(
    n: int,
    shares: tuple[float, float, float],
    rng: np.random.Generator,
    rates: SegmentRates | None = None,
    max_months: float = 30.0,
    ask_every_months: float = 12.0,
    new_ask_probability: float = 0.3,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Evidence of ``n`` clients drawn from the model itself with known ``shares``.

    Months of exposure are uniform on [0, ``max_months``]; asks made while ready come every
    ``ask_every_months`` on average and early asks half as often (Poisson); one ask right after
    the sale with ``new_ask_probability``. Returns (evidence frame indexed 1..n, true segment
    index of each client, 0 advocate, 1 responsive, 2 never).
    """
    if n < 1:
        raise ValueError(f"n must be a positive whole number, got {n!r}")
    sh = np.asarray(shares, dtype=float)
    if sh.shape != (3,) or np.any(sh < 0) or abs(sh.sum() - 1) > 1e-9:
        raise ValueError(f"shares must be three shares >= 0 summing to 1, got {shares!r}")
    if max_months <= 0 or ask_every_months <= 0 or not 0 <= new_ask_probability <= 1:
        raise ValueError(
            f"max_months and ask_every_months must be > 0 and new_ask_probability in [0, 1], "
            f"got {max_months!r}, {ask_every_months!r}, {new_ask_probability!r}")
    rates = rates or SegmentRates()
    success = rates.success()
    seg = rng.choice(3, n, p=sh)
    m = rng.uniform(0, max_months, n)
    counts = {
        "ready": rng.poisson(m / ask_every_months),
        "early": rng.poisson(m / (2 * ask_every_months)),
        "new": (rng.random(n) < new_ask_probability).astype(np.int64),
    }
    data: dict[str, np.ndarray] = {
        "months_exposed": m,
        "unsolicited": rng.poisson(np.asarray(rates.unsolicited)[seg] * m),
    }
    for c, name in enumerate(ASK_CLASSES):
        asks, succ = ASK_COLUMNS[name]
        data[asks] = counts[name]
        data[succ] = rng.binomial(counts[name], success[c][seg])
    ev = pd.DataFrame(data, index=pd.RangeIndex(1, n + 1, name="client_id"))
    return ev, seg


# --------------------------------------------------------------------------- from a portfolio


def evidence(p: Portfolio, trust_settings: TrustSettings | None = None,
             settings: SegmentSettings | None = None,
             report: TrustReport | None = None) -> pd.DataFrame:
    """The evidence frame (:data:`EVIDENCE_COLUMNS`, indexed by client id in the order of
    ``p.clients``) of every client of ``p``, read through the trust model.

    - ``months_exposed``: months the client could have referred: known beyond the trust
      model's ``min_months_known`` (the time to watch how we work), up to ``as_of`` or the loss;
    - ``unsolicited``: referrals not marked as solicited;
    - an ask is *answered* when a solicited referral of the same client follows within
      ``settings.answer_days`` days; asks younger than that are still pending and left out
      (answered or not, so that success is not overstated); asks the trust model calls
      ready count in ``asks``, early ones made because the client was too new in
      ``new_asks``, other early ones in ``early_asks``;
    - a solicited referral with no ask in the ``answer_days`` before it (a CRM that logs
      referrals but not asks) counts as an answered ask made while ready.

    ``report`` (from :func:`refdash.model.trust.analyse` with the same settings) saves recomputing
    the trust model.
    """
    settings = settings or SegmentSettings()
    trust_settings = trust_settings or TrustSettings()
    if report is None:
        report = trust.analyse(p, trust_settings)
    ids = pd.Index(p.clients["id"].to_numpy(dtype=np.int64), name="client_id")
    window = pd.Timedelta(days=settings.answer_days)

    def keyed(frame: pd.DataFrame) -> pd.DataFrame:
        """Same key dtypes on both sides of the as-of merges, sorted by date."""
        frame = frame.assign(client_id=frame["client_id"].astype(np.int64),
                             date=frame["date"].astype("datetime64[ns]"))
        return frame.sort_values("date", kind="stable").reset_index(drop=True)

    refs = p.referrals
    refs = refs[refs["client_id"].isin(ids) & (refs["date"] <= p.as_of)]
    is_solicited = refs["solicited"].astype(bool)
    solicited = keyed(refs.loc[is_solicited, ["client_id", "date"]])
    asks = report.asks.loc[report.asks["client_id"].isin(ids),
                           ["client_id", "date", "early", "reason"]]
    asks = keyed(asks[asks["date"] <= p.as_of])

    answered = pd.merge_asof(
        asks, solicited.assign(answer=solicited["date"]), on="date", by="client_id",
        direction="forward", tolerance=window,
    )["answer"].notna().to_numpy()
    implied = pd.merge_asof(
        solicited, asks[["client_id", "date"]].assign(asked=asks["date"]), on="date",
        by="client_id", direction="backward", tolerance=window,
    )["asked"].isna().to_numpy()
    # Asks younger than the window are left out whatever happened: keeping the answered ones
    # only would overstate success.
    pending = (asks["date"] > p.as_of - window).to_numpy()
    asks = asks.assign(success=answered.astype(float))[~pending]

    early = asks["early"].astype(bool).to_numpy()
    new = early & asks["reason"].eq("too_new").to_numpy()
    ask_class = np.where(new, "new", np.where(early, "early", "ready"))
    extra = solicited.loc[implied, ["client_id"]].assign(cls="ready", success=1.0)
    all_asks = pd.concat([asks[["client_id"]].assign(cls=ask_class, success=asks["success"]),
                          extra], ignore_index=True)
    table = all_asks.pivot_table(index="client_id", columns="cls", values="success",
                                 aggfunc=["count", "sum"], fill_value=0)

    def column(stat: str, cls: str) -> np.ndarray:
        if (stat, cls) not in table.columns:
            return np.zeros(len(ids))
        return table[(stat, cls)].reindex(ids, fill_value=0).to_numpy(dtype=float)

    unsolicited = refs.loc[~is_solicited].groupby("client_id").size()
    known = report.status["months_known"].reindex(ids).fillna(0.0).to_numpy(dtype=float)
    data: dict[str, np.ndarray] = {
        "months_exposed": np.maximum(known - trust_settings.min_months_known, 0.0),
        "unsolicited": unsolicited.reindex(ids, fill_value=0).to_numpy(dtype=float),
    }
    for name in ASK_CLASSES:
        asks_col, success_col = ASK_COLUMNS[name]
        data[asks_col] = column("count", name)
        data[success_col] = column("sum", name)
    return pd.DataFrame(data, index=ids)

