"""The segments model: known shares recovered from generated portfolios, probabilities that
behave, the rules a sales lead relies on, and the vectorised posteriors against a plain loop."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from refdash.data import demo
from refdash.model import segments, trust
from refdash.model.portfolio import Portfolio
from refdash.model.segments import PROBABILITY_COLUMNS, SEGMENTS, SegmentRates, SegmentSettings
from tests.conftest import AS_OF

#: Generated with these shares (advocate, responsive, never); three portfolios each, seeds
#: fixed before looking at any result.
KNOWN_SHARES = [(0.3, 0.5, 0.2), (0.2, 0.6, 0.2)]
SEEDS = (1, 2, 3)


def _portfolio(frames: dict[str, pd.DataFrame]) -> Portfolio:
    return Portfolio(frames["clients"], frames["events"], frames["referrals"],
                     pd.Timestamp(AS_OF), True)


@pytest.fixture(scope="module")
def known_portfolios() -> dict[tuple[float, float, float], list[dict]]:
    """5,000-client, 3-year demo portfolios with known segment shares, fitted once."""
    out: dict[tuple[float, float, float], list[dict]] = {}
    for shares in KNOWN_SHARES:
        for seed in SEEDS:
            frames = demo.generate(5000, seed=seed, as_of=AS_OF,
                                   params=demo.DemoParams(segment_shares=shares, years=3.0))
            p = _portfolio(frames)
            truth = frames["truth"].set_index("client_id")
            fit = segments.estimate_shares(p)
            out.setdefault(shares, []).append({"p": p, "truth": truth, "fit": fit})
    return out


def realised(truth: pd.DataFrame) -> np.ndarray:
    """The shares the clients actually behave by: an early ask may have made a client a
    never-referrer, so this is ``final_segment``, not the generating shares."""
    return truth["final_segment"].value_counts(normalize=True).reindex(SEGMENTS, fill_value=0)\
        .to_numpy()


def estimated(fit: segments.Fit) -> np.ndarray:
    return fit.shares.loc["all", list(SEGMENTS)].to_numpy(dtype=float)


@pytest.mark.parametrize("shares", KNOWN_SHARES, ids=lambda s: "-".join(str(round(100 * x))
                                                                         for x in s))
def test_em_recovers_known_shares_within_4_points(known_portfolios, shares):
    runs = known_portfolios[shares]
    est = np.array([estimated(r["fit"]) for r in runs])
    true = np.array([realised(r["truth"]) for r in runs])
    # Averaged over the three portfolios, each share is within 4 points of the truth.
    assert np.all(np.abs(est.mean(axis=0) - true.mean(axis=0)) <= 0.04), (est, true)
    # One portfolio of 5,000 clients pins a share to about +-2.5 points (1 sd): none strays
    # further than 7 points, and the generating shares are still visible through the early
    # asks that turned some clients into never-referrers.
    assert np.all(np.abs(est - true) <= 0.07), (est, true)
    assert all(r["fit"].converged for r in runs)


def test_true_shares_lie_inside_the_reported_intervals(known_portfolios):
    for runs in known_portfolios.values():
        for r in runs:
            row = r["fit"].shares.loc["all"]
            low = row[[f"{k}_low" for k in SEGMENTS]].to_numpy(dtype=float)
            high = row[[f"{k}_high" for k in SEGMENTS]].to_numpy(dtype=float)
            true = realised(r["truth"])
            assert np.all((low <= true) & (true <= high)), (low, true, high)
            # and the interval is informative, not [0, 1]
            assert np.all(high - low < 0.2)


def test_the_model_separates_the_segments_better_than_chance(known_portfolios):
    r = known_portfolios[(0.3, 0.5, 0.2)][0]
    post = r["fit"].posteriors.join(r["truth"][["final_segment"]])
    placed = post[post["segment"] != segments.UNKNOWN]
    # Clients the model dares to place are mostly placed right.
    assert (placed["segment"] == placed["final_segment"]).mean() > 0.75
    # Average probability of the true segment beats the share of that segment.
    for k in SEGMENTS:
        truly = post[post["final_segment"] == k]
        assert truly[f"p_{k}"].mean() > (post["final_segment"] == k).mean()


def test_fitted_rules_hold_on_a_real_fit(known_portfolios):
    fit = known_portfolios[(0.2, 0.6, 0.2)][0]["fit"]
    post = fit.posteriors
    referred_unasked = post[post["unsolicited"] > 0]
    assert len(referred_unasked) > 100
    assert (referred_unasked["most_likely"] != "never").all()
    assert (referred_unasked["p_never"] == 0).all()
    # Five answered-never asks made while ready, with the fitted shares and rates.
    ev = _evidence(months_exposed=np.linspace(0, 36, 50), asks=5)
    shares = fit.shares.loc["all", list(SEGMENTS)].to_numpy(dtype=float)
    most = segments.posterior_from_evidence(ev, shares, fit.rates)["most_likely"]
    assert (most != "advocate").all()


# --------------------------------------------------------------------------- properties


def _evidence(**columns: object) -> pd.DataFrame:
    n = max(np.size(v) for v in columns.values())
    data = {c: np.broadcast_to(np.asarray(columns.get(c, 0.0), dtype=float), (n,))
            for c in segments.EVIDENCE_COLUMNS}
    return pd.DataFrame(data, index=pd.RangeIndex(1, n + 1, name="client_id"))


counts = st.integers(min_value=0, max_value=8)


@st.composite
def evidence_rows(draw, min_unsolicited: int = 0) -> dict[str, float]:
    row = {"months_exposed": draw(st.floats(0, 60, allow_nan=False)),
           "unsolicited": float(draw(st.integers(min_unsolicited, 6)))}
    for asks, success in segments.ASK_COLUMNS.values():
        a = draw(counts)
        row[asks] = float(a)
        row[success] = float(draw(st.integers(0, a)))
    return row


@st.composite
def share_triples(draw, low: float = 0.0) -> tuple[float, float, float]:
    raw = np.array([draw(st.floats(0.01, 1.0)) for _ in range(3)])
    shares = low + (1 - 3 * low) * raw / raw.sum()
    return tuple(float(x) for x in shares)  # type: ignore[return-value]


@st.composite
def rates(draw) -> SegmentRates:
    prob = lambda lo, hi: draw(st.floats(lo, hi))  # noqa: E731
    return SegmentRates(
        unsolicited=(prob(0.01, 0.5), prob(0.0005, 0.05), 0.0),
        ask_success=(prob(0.6, 0.95), prob(0.3, 0.6), prob(0.001, 0.1)),
        early_ask_success=(prob(0.05, 0.9), prob(0.02, 0.6), prob(0.001, 0.1)),
        new_ask_success=(prob(0.05, 0.5), prob(0.02, 0.3), prob(0.001, 0.05)),
    )


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(evidence_rows(), min_size=1, max_size=20), shares=share_triples(),
       r=rates())
def test_posteriors_are_probabilities_that_sum_to_one(rows, shares, r):
    post = segments.posterior_from_evidence(pd.DataFrame(rows), shares, r)
    probs = post[list(PROBABILITY_COLUMNS)].to_numpy()
    assert np.all((probs >= 0) & (probs <= 1))
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-12)
    assert set(post["segment"]) <= {*SEGMENTS, segments.UNKNOWN}
    assert (post["most_likely"].to_numpy()
            == np.asarray(SEGMENTS)[probs.argmax(axis=1)]).all()


@settings(max_examples=60, deadline=None)
@given(row=evidence_rows(min_unsolicited=1), shares=share_triples(), r=rates())
def test_a_client_who_referred_unasked_is_never_most_likely_never(row, shares, r):
    post = segments.posterior_from_evidence(pd.DataFrame([row]), shares, r).iloc[0]
    assert post["most_likely"] != "never"
    assert post["p_never"] == 0.0


@settings(max_examples=60, deadline=None)
@given(months=st.floats(0, 60), extra=st.integers(0, 5), early=counts, new=counts,
       shares=share_triples(low=0.05))
def test_a_client_asked_five_times_when_ready_without_referral_is_not_most_likely_advocate(
        months, extra, early, new, shares):
    # Asked 5+ times while ready, never answered, no referral at all (asked early or not).
    ev = _evidence(months_exposed=months, asks=5 + extra, early_asks=early, new_asks=new)
    post = segments.posterior_from_evidence(ev, shares).iloc[0]
    assert post["most_likely"] != "advocate"
    assert post["p_advocate"] < 0.5


def test_a_client_without_evidence_stays_unknown_with_the_prior_as_probabilities():
    ev = _evidence(months_exposed=[0.0, 0.0])
    for shares in [(0.2, 0.6, 0.2), (0.1, 0.85, 0.05)]:
        post = segments.posterior_from_evidence(ev, shares)
        assert (post["segment"] == segments.UNKNOWN).all()
        np.testing.assert_allclose(post[list(PROBABILITY_COLUMNS)].to_numpy(), [shares] * 2)


def test_a_portfolio_never_asked_is_not_called_a_portfolio_of_never_referrers():
    # No ask, no referral: "never" explains the silence best, but nothing tells responsive
    # from never. The shares stay near the prior, the interval says how little is known, and
    # nobody is blocked from being asked.
    ev = _evidence(months_exposed=np.linspace(1, 30, 40))
    fit = segments.fit(ev)
    row = fit.shares.loc["all"]
    assert row["never"] < 0.5
    assert row["never_high"] - row["never_low"] > 0.3
    assert (fit.posteriors["segment"] == segments.UNKNOWN).all()
    assert segments.never_probability(fit.posteriors).isna().all()


def test_a_group_with_one_client_gets_a_wide_interval():
    ev = _evidence(months_exposed=[12.0] * 3, asks=[1, 1, 0], asks_success=[1, 0, 0])
    fit = segments.fit(ev, groups=["a", "a", "b"])
    widths = fit.shares[[f"{k}_high" for k in SEGMENTS]].to_numpy() - \
        fit.shares[[f"{k}_low" for k in SEGMENTS]].to_numpy()
    assert (widths > 0.3).all()


def test_a_long_exposure_without_any_ask_is_still_unknown():
    # Ten quiet years rule out an advocate but cannot tell responsive from never: no ask.
    post = segments.posterior_from_evidence(_evidence(months_exposed=120.0)).iloc[0]
    assert post["p_advocate"] < 0.01
    assert post["segment"] == segments.UNKNOWN


def test_an_early_failed_ask_is_weak_evidence_not_a_refusal():
    ready = segments.posterior_from_evidence(_evidence(months_exposed=12, asks=1)).iloc[0]
    new = segments.posterior_from_evidence(_evidence(months_exposed=12, new_asks=1)).iloc[0]
    prior = segments.posterior_from_evidence(_evidence(months_exposed=12)).iloc[0]
    assert prior["p_never"] < new["p_never"] < ready["p_never"]
    assert new["p_never"] - prior["p_never"] < 0.5 * (ready["p_never"] - prior["p_never"])


# --------------------------------------------------------------------------- vectorised vs loop


def reference_posterior(row: pd.Series, shares: np.ndarray, r: SegmentRates,
                        s: SegmentSettings) -> np.ndarray:
    """One client, the textbook way: prior times Poisson and binomial probabilities."""
    m = row["months_exposed"]
    if row["unsolicited"] > 0:
        m = max(m, s.min_exposure_months)
    like = np.empty(3)
    for k in range(3):
        lam = r.unsolicited[k] * m
        value = stats.poisson.pmf(row["unsolicited"], lam) if lam > 0 else \
            float(row["unsolicited"] == 0)
        for c, name in enumerate(segments.ASK_CLASSES):
            asks, success = segments.ASK_COLUMNS[name]
            value *= stats.binom.pmf(row[success], row[asks], r.success()[c, k])
        like[k] = shares[k] * value
    return like / like.sum()


def test_vectorised_posteriors_equal_a_plain_loop():
    rng = np.random.default_rng(5)
    r = SegmentRates()
    ev, _ = segments.simulate_evidence(300, (0.25, 0.5, 0.25), rng, r)
    shares = np.array([0.25, 0.5, 0.25])
    fast = segments.posterior_from_evidence(ev, shares, r)[list(PROBABILITY_COLUMNS)].to_numpy()
    s = SegmentSettings()
    slow = np.array([reference_posterior(row, shares, r, s) for _, row in ev.iterrows()])
    np.testing.assert_allclose(fast, slow, rtol=1e-9, atol=1e-12)


# --------------------------------------------------------------------------- EM on model data


def test_em_on_data_from_the_model_recovers_shares_and_rates():
    rng = np.random.default_rng(11)
    truth = SegmentRates(unsolicited=(0.07, 0.004, 0.0), ask_success=(0.85, 0.45, 0.03),
                         early_ask_success=(0.6, 0.25, 0.02), new_ask_success=(0.3, 0.1, 0.01))
    ev, seg = segments.simulate_evidence(20_000, (0.3, 0.5, 0.2), rng, truth)
    fit = segments.fit(ev)
    real = np.bincount(seg, minlength=3) / len(seg)
    np.testing.assert_allclose(estimated(fit), real, atol=0.02)
    np.testing.assert_allclose(fit.rates.unsolicited[:2], truth.unsolicited[:2], rtol=0.2)
    np.testing.assert_allclose(fit.rates.ask_success[:2], truth.ask_success[:2], atol=0.05)
    np.testing.assert_allclose(fit.rates.early_ask_success[:2], truth.early_ask_success[:2],
                               atol=0.08)
    assert fit.converged


def test_intervals_cover_the_truth_about_as_often_as_they_claim():
    rng = np.random.default_rng(3)
    hits = []
    for _ in range(40):  # replicates
        ev, seg = segments.simulate_evidence(2000, (0.2, 0.6, 0.2), rng)
        row = segments.fit(ev).shares.loc["all"]
        real = np.bincount(seg, minlength=3) / len(seg)
        low = row[[f"{k}_low" for k in SEGMENTS]].to_numpy(dtype=float)
        high = row[[f"{k}_high" for k in SEGMENTS]].to_numpy(dtype=float)
        hits.append((low <= real) & (real <= high))
    coverage = np.mean(hits, axis=0)
    assert np.all(coverage >= 0.85), coverage


def test_shares_per_group_share_the_rates_and_sum_to_one():
    rng = np.random.default_rng(8)
    a, _ = segments.simulate_evidence(3000, (0.5, 0.3, 0.2), rng)
    b, _ = segments.simulate_evidence(3000, (0.1, 0.5, 0.4), rng)
    ev = pd.concat([a, b], ignore_index=True)
    groups = np.repeat(["Anna", "Bruno"], 3000)
    fit = segments.fit(ev, groups=groups)
    table = fit.shares
    assert list(table.index) == ["Anna", "Bruno"]
    np.testing.assert_allclose(table[list(SEGMENTS)].sum(axis=1), 1.0)
    assert table.loc["Anna", "advocate"] > table.loc["Bruno", "advocate"] + 0.25
    assert table.loc["Bruno", "never"] > table.loc["Anna", "never"] + 0.1
    assert (table["clients"] == 3000).all()


def test_em_is_deterministic_and_fast_enough_to_rerun():
    rng = np.random.default_rng(1)
    ev, _ = segments.simulate_evidence(5000, (0.2, 0.6, 0.2), rng)
    one, two = segments.fit(ev), segments.fit(ev)
    pd.testing.assert_frame_equal(one.shares, two.shares)


# --------------------------------------------------------------------------- the portfolio


def test_evidence_counts_asks_answers_and_referrals_from_the_store():
    as_of = pd.Timestamp(AS_OF)
    day = lambda n: as_of - pd.Timedelta(days=n)  # noqa: E731
    clients = pd.DataFrame({
        "id": [1, 2, 3], "name": ["A", "B", "C"], "owner": ["o", "o", "o"],
        "start_date": [day(900), day(900), day(400)],
        "referred_by": pd.array([None, None, None], dtype="Int64"),
    })
    asks = pd.DataFrame({
        "event_id": [10, 11, 12, 13, 14], "client_id": [1, 1, 2, 2, 3],
        "date": [day(500), day(300), day(400), day(20), day(350)],
        "trust": 0.8, "ready": [True, True, False, True, False],
        "early": [False, False, True, False, True],
        "reason": ["", "", "low_trust", "", "too_new"],
    })
    referrals = pd.DataFrame({
        "id": [1, 2, 3, 4, 5, 6], "client_id": [1, 1, 2, 2, 3, 3],
        "date": [day(470), day(200), day(390), day(10), day(349), day(100)],
        "prospect_name": "x", "solicited": [True, False, True, True, True, True],
        "status": "open", "converted_client_id": pd.array([None] * 6, dtype="Int64"),
    })
    status = pd.DataFrame({"months_known": [30.0, 20.0, 13.0]},
                          index=pd.Index([1, 2, 3], name="client_id"))
    report = trust.TrustReport(trajectory=pd.DataFrame(), asks=asks, status=status,
                               settings=trust.TrustSettings(), as_of=as_of)
    p = Portfolio(clients, pd.DataFrame(columns=["id", "client_id", "date", "kind"]),
                  referrals, as_of)
    ev = segments.evidence(p, report=report)
    assert ev.loc[1].to_dict() == {
        "months_exposed": 24.0, "unsolicited": 1.0, "asks": 2.0, "asks_success": 1.0,
        "early_asks": 0.0, "early_success": 0.0, "new_asks": 0.0, "new_success": 0.0}
    # Client 2: the recent ask (20 days) is pending and left out even though answered.
    assert ev.loc[2, ["asks", "asks_success", "early_asks", "early_success"]].tolist() == \
        [0.0, 0.0, 1.0, 1.0]
    # Client 3: an ask right after the start that was answered; a later solicited referral with
    # no ask before it counts as an answered ask made when ready.
    assert ev.loc[3, ["new_asks", "new_success", "asks", "asks_success"]].tolist() == \
        [1.0, 1.0, 1.0, 1.0]
    assert ev.loc[3, "months_exposed"] == pytest.approx(7.0)


def test_portfolio_entry_points_return_one_row_per_client(demo_portfolio):
    post = segments.posteriors(demo_portfolio)
    ids = demo_portfolio.clients["id"].to_numpy()
    assert post.index.tolist() == ids.tolist()
    assert {"p_advocate", "p_responsive", "p_never", "segment", "most_likely"} <= set(post)
    fit = segments.estimate_shares(demo_portfolio, by_owner=True)
    assert list(fit.shares.index) == demo_portfolio.owners
    assert fit.shares["clients"].sum() == len(ids)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (_evidence(months_exposed=-1.0), "finite and >= 0"),
        (_evidence(asks=1, asks_success=2), "outnumber"),
        (_evidence(unsolicited=0.5), "whole numbers"),
        (pd.DataFrame({"months_exposed": [1.0]}), "lacks the columns"),
    ],
)
def test_bad_evidence_is_refused_with_the_offending_clients(bad, message):
    with pytest.raises(ValueError, match=message):
        segments.fit(bad)


def test_bad_settings_and_rates_name_the_offending_values():
    with pytest.raises(ValueError, match=r"1\.2"):
        SegmentRates(ask_success=(0.8, 0.5, 1.2))
    with pytest.raises(ValueError, match="exactly 0"):
        SegmentRates(unsolicited=(0.05, 0.005, 0.001))
    with pytest.raises(ValueError, match=r"\(0\.5, 0\.5, 0\.5\)"):
        SegmentSettings(prior_shares=(0.5, 0.5, 0.5))
    with pytest.raises(ValueError, match="one entry per client"):
        segments.fit(_evidence(months_exposed=[1.0, 2.0]), groups=["a"])


def test_a_portfolio_without_evidence_is_all_unknown_not_an_error():
    """One client started ten days ago: nothing to learn from, so the prior stands, the
    interval is all of [0, 1] and the client is 'unknown'."""
    frames = demo.generate(1, seed=7, as_of="2026-11-26")
    clients = frames["clients"].assign(start_date=pd.Timestamp("2026-11-16"))
    p = Portfolio(clients, frames["events"].iloc[0:0], frames["referrals"].iloc[0:0],
                  pd.Timestamp("2026-11-26"))
    post = segments.posteriors(p)
    assert list(post["segment"]) == ["unknown"]
    fit = segments.estimate_shares(p)
    assert fit.shares.loc["all", "informative"] == 0
    assert fit.shares.loc["all", "advocate_low"] == 0.0
    assert fit.shares.loc["all", "advocate_high"] == 1.0
