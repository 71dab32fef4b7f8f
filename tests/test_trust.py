"""The trust model: properties (hypothesis), agreement with a per-client reference, the gate."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refdash.model import trust
from refdash.model.portfolio import Portfolio
from refdash.model.trust import TrustSettings
from tests.trust_reference import reference

AS_OF = pd.Timestamp("2026-11-26")
KINDS = ["promise_kept", "promise_kept", "promise_kept", "promise_broken", "satisfaction",
         "satisfaction", "complaint", "referral_ask", "referral_ask", "meeting", "lost"]
FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def make_portfolio(clients: list[tuple[int, int]], events: list[tuple], as_of=AS_OF) -> Portfolio:
    """``clients``: (id, start day relative to as_of); ``events``: (client id, day relative to
    as_of, kind, score)."""
    c = pd.DataFrame({
        "id": np.array([cid for cid, _ in clients], dtype=np.int64),
        "name": [f"Client {cid}" for cid, _ in clients],
        "owner": "Camille Martin",
        "start_date": pd.to_datetime([as_of + pd.Timedelta(days=d) for _, d in clients])
        .astype("datetime64[ns]"),
    })
    e = pd.DataFrame({
        "id": np.arange(1, len(events) + 1, dtype=np.int64),
        "client_id": np.array([x[0] for x in events], dtype=np.int64),
        "date": pd.to_datetime([as_of + pd.Timedelta(days=x[1]) for x in events])
        .astype("datetime64[ns]"),
        "kind": pd.Series([x[2] for x in events], dtype=object),
        "score": np.array([x[3] for x in events], dtype=float),
    })
    refs = pd.DataFrame({
        "id": pd.Series(dtype="int64"), "client_id": pd.Series(dtype="int64"),
        "date": pd.Series(dtype="datetime64[ns]"), "prospect_name": pd.Series(dtype=object),
        "solicited": pd.Series(dtype=bool), "status": pd.Series(dtype=object),
        "converted_client_id": pd.Series(dtype="Int64"),
    })
    return Portfolio(clients=c, events=e, referrals=refs, as_of=as_of)


@st.composite
def portfolios(draw, max_clients: int = 5, max_events: int = 30, lost: bool = True):
    ids = draw(st.lists(st.integers(1, 500), min_size=1, max_size=max_clients, unique=True))
    clients = [(cid, draw(st.integers(-1200, 15))) for cid in ids]
    kinds = KINDS if lost else [k for k in KINDS if k != "lost"]
    events = []
    for _ in range(draw(st.integers(0, max_events))):
        cid, start = draw(st.sampled_from(clients))
        kind = draw(st.sampled_from(kinds))
        day = draw(st.integers(start - 40, 20))
        score = float(draw(st.integers(0, 10))) if kind == "satisfaction" else math.nan
        events.append((cid, day, kind, score))
    p = make_portfolio(clients, events)
    # Rows in any order: the model must not rely on the store's sorting.
    perm = draw(st.permutations(range(len(p.events))))
    return Portfolio(p.clients.iloc[::-1].reset_index(drop=True),
                     p.events.iloc[list(perm)].reset_index(drop=True), p.referrals, p.as_of)


trust_settings = st.builds(
    TrustSettings,
    familiarity_months=st.sampled_from([3.0, 6.0]),
    reliability_half_life=st.sampled_from([1.0, 12.0]),
    damage_half_life=st.sampled_from([2.0, 6.0]),
    threshold=st.sampled_from([0.45, 0.6, 0.7]),
    min_months_known=st.sampled_from([0.0, 6.0]),
    early_ask_penalty=st.sampled_from([0.15, 0.4]),
)


def near_threshold(p: Portfolio, s: TrustSettings) -> bool:
    """A value within 1e-9 of the threshold could round either way in two implementations."""
    r = trust.analyse(p, s)
    values = np.concatenate([r.trajectory["trust"].to_numpy(), r.asks["trust"].to_numpy()])
    return bool(np.any(np.abs(values - s.threshold) < 1e-9))


# --------------------------------------------------------------------------- reference

@FAST
@given(p=portfolios(), s=trust_settings)
def test_vectorised_model_equals_the_per_client_reference(p, s):
    if near_threshold(p, s):
        return
    r = trust.analyse(p, s)
    traj, asks, status = reference(p, s)
    got = r.trajectory.sort_values(["client_id", "month"]).reset_index(drop=True)
    want = traj.sort_values(["client_id", "month"]).reset_index(drop=True)
    assert len(got) == len(want)
    assert (got["client_id"].to_numpy() == want["client_id"].to_numpy()).all()
    assert (got["month"].to_numpy() == want["month"].to_numpy().astype("datetime64[ns]")).all()
    for col in ("months_known", "familiarity", "reliability", "reliability_low", "satisfaction",
                "damage", "trust"):
        np.testing.assert_allclose(got[col], want[col], atol=1e-9, err_msg=col)
    assert (got["ready"].to_numpy() == want["ready"].to_numpy()).all()

    got_asks = r.asks.sort_values("event_id").reset_index(drop=True)
    want_asks = asks.sort_values("event_id").reset_index(drop=True)
    assert got_asks["event_id"].tolist() == want_asks["event_id"].tolist()
    np.testing.assert_allclose(got_asks["trust"], want_asks["trust"], atol=1e-9)
    assert got_asks["early"].tolist() == want_asks["early"].tolist()
    assert got_asks["reason"].tolist() == want_asks["reason"].tolist()

    st_ = r.status.loc[status.index]
    np.testing.assert_allclose(st_["trust"], status["trust"], atol=1e-9)
    np.testing.assert_allclose(st_["trust_change_3m"], status["trust_change_3m"], atol=1e-9)
    assert st_["ready"].tolist() == status["ready"].tolist()
    assert st_["reason"].tolist() == status["reason"].tolist()
    np.testing.assert_allclose(st_["months_ready"], status["months_ready"], atol=1e-9)
    assert (st_["first_ready_date"].fillna(AS_OF) == status["first_ready_date"].fillna(AS_OF)).all()
    offset = (st_["projected_ready_date"] - AS_OF).dt.days / trust.DAYS_PER_MONTH
    want_offset = status["projected_offset"]
    assert (offset.isna().to_numpy() == np.isinf(want_offset.to_numpy())).all()
    finite = np.isfinite(want_offset.to_numpy())
    # Dates are rounded to the day.
    np.testing.assert_allclose(offset[finite], want_offset[finite], atol=0.6 / trust.DAYS_PER_MONTH)
    assert (st_["last_ask_early"].astype(object).fillna("none").tolist()
            == status["last_ask_early"].astype(object).fillna("none").tolist())


# --------------------------------------------------------------------------- properties

@FAST
@given(p=portfolios(max_clients=8, max_events=60), s=trust_settings)
def test_trust_and_its_parts_stay_in_the_unit_interval(p, s):
    r = trust.analyse(p, s)
    for col in ("familiarity", "reliability", "reliability_low", "satisfaction", "trust"):
        values = r.trajectory[col].to_numpy()
        assert ((values >= 0) & (values <= 1)).all(), col
    assert (r.trajectory["reliability_low"] <= r.trajectory["reliability"] + 1e-12).all()
    assert (r.trajectory["damage"] >= 0).all()
    assert r.status["trust"].between(0, 1).all()
    assert ((r.asks["trust"] >= 0) & (r.asks["trust"] <= 1)).all()


def started_client(p: Portfolio, data) -> tuple[int, pd.Timestamp]:
    """A client of ``p`` who started by as_of (one exists: see ``started`` below)."""
    started = p.clients[p.clients["start_date"] <= AS_OF]
    row = started.iloc[data.draw(st.integers(0, len(started) - 1))]
    return int(row["id"]), row["start_date"]


def has_started_client(p: Portfolio) -> bool:
    return bool((p.clients["start_date"] <= AS_OF).any())


@FAST
@given(p=portfolios(lost=False).filter(has_started_client), data=st.data())
def test_one_more_kept_promise_never_lowers_reliability_nor_trust(p, data):
    cid, start = started_client(p, data)
    day = data.draw(st.integers(0, 1300))
    date = min(start + pd.Timedelta(days=day), AS_OF)
    extra = pd.DataFrame({"id": [10_000], "client_id": [cid], "date": [date], "kind": ["promise_kept"],
                          "score": [math.nan]}).astype({"date": "datetime64[ns]"})
    more = Portfolio(p.clients, pd.concat([p.events, extra], ignore_index=True), p.referrals, AS_OF)
    before = trust.trajectories(p).set_index(["client_id", "month"])
    after = trust.trajectories(more).set_index(["client_id", "month"]).loc[before.index]
    assert (after["reliability"] >= before["reliability"] - 1e-12).all()
    assert (after["trust"] >= before["trust"] - 1e-12).all()
    row = after.loc[cid]
    later = row.index >= date
    assert (row.loc[later, "reliability"] > before.loc[cid].loc[later, "reliability"]).all()


@FAST
@given(p=portfolios(lost=False).filter(has_started_client), data=st.data())
def test_an_early_ask_lowers_trust_in_the_months_after_it(p, data):
    cid, start = started_client(p, data)
    # Within the first 60 days: too new to be asked, so the ask is early.
    date = min(start + pd.Timedelta(days=data.draw(st.integers(0, 60))), AS_OF)
    extra = pd.DataFrame({"id": [10_000], "client_id": [cid], "date": [date],
                          "kind": ["referral_ask"], "score": [math.nan]}
                         ).astype({"date": "datetime64[ns]"})
    more = Portfolio(p.clients, pd.concat([p.events, extra], ignore_index=True), p.referrals, AS_OF)
    asks = trust.ask_labels(more)
    assert asks.set_index("event_id").loc[10_000, "early"]
    before = trust.trajectories(p).set_index(["client_id", "month"])
    after = trust.trajectories(more).set_index(["client_id", "month"]).loc[before.index]
    assert (after["trust"] <= before["trust"] + 1e-12).all()
    mine_before, mine_after = before.loc[cid], after.loc[cid]
    earlier = mine_before.index < date
    np.testing.assert_allclose(mine_after.loc[earlier, "trust"], mine_before.loc[earlier, "trust"])
    later = mine_before.loc[~earlier]
    if len(later) and later["trust"].iloc[0] > 0:
        assert mine_after.loc[~earlier, "trust"].iloc[0] < later["trust"].iloc[0]
    assert (mine_after.loc[~earlier, "damage"] > mine_before.loc[~earlier, "damage"]).all()


@settings(max_examples=30, deadline=None)
@given(starts=st.lists(st.integers(-1200, 0), min_size=1, max_size=6),
       meetings=st.integers(0, 5), s=trust_settings)
def test_with_no_events_only_familiarity_moves(starts, meetings, s):
    clients = [(i + 1, d) for i, d in enumerate(starts)]
    events = [(1, starts[0] + 10 * k, "meeting", math.nan) for k in range(meetings)]
    traj = trust.trajectories(make_portfolio(clients, events), s)
    prior = s.prior_kept / (s.prior_kept + s.prior_broken)
    np.testing.assert_allclose(traj["reliability"], prior)
    np.testing.assert_allclose(traj["satisfaction"], s.neutral_satisfaction)
    np.testing.assert_allclose(traj["damage"], 0.0)
    np.testing.assert_allclose(
        traj["trust"],
        traj["familiarity"] * (s.weight_reliability * prior
                               + s.weight_satisfaction * s.neutral_satisfaction),
    )
    for _, one in traj.groupby("client_id"):
        assert (np.diff(one["familiarity"].to_numpy()) > 0).all()


# --------------------------------------------------------------------------- examples

def steady_client(cid: int, start: int, months: int, kept_every: int = 30,
                  score: float = 9.0) -> list[tuple]:
    """A client who keeps a promise and gives a good score every ``kept_every`` days."""
    out = []
    for d in range(start + 5, min(start + months * 30, 0), kept_every):
        out.append((cid, d, "promise_kept", math.nan))
        out.append((cid, d, "satisfaction", score))
    return out


def test_a_steady_client_becomes_ready_and_is_not_once_asked():
    events = steady_client(1, -900, 30)
    p = make_portfolio([(1, -900)], events)
    status = trust.client_status(p)
    assert status.loc[1, "ready"] and status.loc[1, "reason"] == ""
    assert status.loc[1, "projected_ready_date"] == AS_OF
    assert status.loc[1, "months_ready"] > 6

    asked = make_portfolio([(1, -900)], events + [(1, -60, "referral_ask", math.nan)])
    status = trust.client_status(asked)
    assert not status.loc[1, "ready"] and status.loc[1, "reason"] == "asked_recently"
    assert not status.loc[1, "last_ask_early"]
    # Nothing else stands in the way: ready again six months after the ask (to the day).
    expected = AS_OF + pd.Timedelta(days=-60 + 6 * trust.DAYS_PER_MONTH)
    assert abs(status.loc[1, "projected_ready_date"] - expected) <= pd.Timedelta(days=1)


def test_an_ask_right_after_the_sale_is_early_and_costs_trust():
    events = steady_client(1, -900, 30)
    p = make_portfolio([(1, -900), (2, -900)],
                       events + [(e[0] + 1, *e[1:]) for e in events]
                       + [(2, -880, "referral_ask", math.nan)])
    asks = trust.ask_labels(p)
    assert asks["early"].tolist() == [True]
    assert asks["reason"].tolist() == ["too_new"]
    traj = trust.trajectories(p).set_index(["client_id", "month"])["trust"]
    gap = (traj.loc[1] - traj.loc[2]).dropna()
    # 0.15 at the ask, halving every 6 months.
    month_after = gap.index[gap.index > AS_OF - pd.Timedelta(days=880)][0]
    assert 0.10 < gap.loc[month_after] <= 0.15
    assert gap.iloc[-1] < 0.01 and (gap >= -1e-12).all()


def test_one_kept_promise_is_less_certain_than_forty():
    one = [(1, -30, "promise_kept", math.nan)]
    forty = [(2, -30 * k, "promise_kept", math.nan) for k in range(1, 41)]
    p = make_portfolio([(1, -1250), (2, -1250)], one + forty)
    status = trust.client_status(p)
    low = status["reliability_low"]
    high_mean = status["reliability"]
    assert low.loc[1] < 0.35 < low.loc[2]
    assert high_mean.loc[1] - low.loc[1] > 2 * (high_mean.loc[2] - low.loc[2])


def test_likely_never_referrers_are_not_ready():
    p = make_portfolio([(1, -900), (2, -900)],
                       steady_client(1, -900, 30) + steady_client(2, -900, 30))
    status = trust.client_status(p, never_probability=pd.Series({1: 0.9, 2: 0.1}))
    assert status.loc[1, "reason"] == "likely_never" and not status.loc[1, "ready"]
    assert pd.isna(status.loc[1, "projected_ready_date"])
    assert status.loc[2, "ready"]


def test_lost_clients_are_never_ready_and_their_trajectory_stops():
    events = steady_client(1, -900, 30) + [(1, -200, "lost", math.nan)]
    p = make_portfolio([(1, -900)], events)
    r = trust.analyse(p)
    assert r.status.loc[1, "reason"] == "lost"
    months = r.trajectory["month"]
    assert months.max() < AS_OF - pd.Timedelta(days=150)
    assert not r.trajectory["ready"].iloc[-1]


def test_status_and_trajectories_agree_on_the_demo(demo_portfolio):
    r = trust.analyse(demo_portfolio)
    status = r.status
    assert (status["ready"] == (status["reason"] == "")).all()
    assert ((status["projected_ready_date"] == r.as_of) == status["ready"]).all()
    last = r.trajectory.groupby("client_id").tail(1).set_index("client_id")
    active = ~status["lost"]
    assert (last.loc[active[active].index, "ready"] == status.loc[active, "ready"]).all()
    asked = status["reason"] == "asked_recently"
    wait = status.loc[asked, "projected_ready_date"] - status.loc[asked, "last_ask_date"]
    assert (wait.dropna() >= pd.Timedelta(days=182)).all()
    assert set(status["reason"]) <= {"", *trust.REASONS}
    assert len(r.asks) == (demo_portfolio.events["kind"] == "referral_ask").sum()


def test_early_ask_cost_groups_clients_by_their_first_ask(demo_portfolio):
    r = trust.analyse(demo_portfolio)
    cost = trust.early_ask_cost(r, min_clients=1)
    first = r.asks.drop_duplicates("client_id").set_index("client_id")["early"]
    traj = r.trajectory.assign(
        group=r.trajectory["client_id"].map(first.map({True: "early", False: "timely"}))
        .fillna("never_asked"),
        m=np.floor(r.trajectory["months_known"]).astype(int),
    )
    for (group, m), row in cost.set_index(["group", "months_since_start"]).iterrows():
        sel = traj[(traj["group"] == group) & (traj["m"] == m)]
        assert row["clients"] == len(sel)
        assert row["trust"] == pytest.approx(sel["trust"].mean())
    outcomes = trust.early_ask_outcomes(r, demo_portfolio)
    assert outcomes["clients"].sum() == len(demo_portfolio.clients)


def test_an_empty_portfolio_gives_empty_frames():
    p = make_portfolio([], [])
    r = trust.analyse(p)
    assert list(r.trajectory.columns) == list(trust.TRAJECTORY_COLUMNS)
    assert r.trajectory.empty and r.asks.empty and r.status.empty


# --------------------------------------------------------------------------- settings

@pytest.mark.parametrize(("field", "value"), [
    ("reliability_half_life", 0.0),
    ("damage_half_life", -1.0),
    ("satisfaction_half_life", 0.0),
    ("weight_reliability", 1.2),
    ("weight_satisfaction", -0.1),
    ("threshold", 1.5),
    ("early_ask_penalty", 2.0),
    ("familiarity_months", 0.0),
    ("prior_kept", 0.0),
    ("min_months_known", -1.0),
    ("reliability_quantile", 1.0),
    ("projection_months", 2.5),
    ("threshold", float("nan")),
])
def test_bad_settings_are_refused_with_a_message_naming_them(field, value):
    with pytest.raises(ValueError, match=field) as info:
        TrustSettings(**{field: value})
    assert str(value) in str(info.value)


def test_weights_may_not_sum_over_one():
    with pytest.raises(ValueError, match="weight_reliability \\+ weight_satisfaction"):
        TrustSettings(weight_reliability=0.7, weight_satisfaction=0.4)


def test_settings_key_rebuilds_the_settings():
    s = TrustSettings(threshold=0.65, damage_half_life=3.0)
    assert TrustSettings(*s.key()) == s
    assert hash(s.key())


def test_month_grid_steps_back_whole_months_from_as_of():
    grid = trust.month_grid(pd.Timestamp("2026-03-31"), pd.Timestamp("2025-12-15"))
    assert list(grid.strftime("%Y-%m-%d")) == [
        "2025-11-30", "2025-12-31", "2026-01-31", "2026-02-28", "2026-03-31"]


def test_beta_quantile_interpolation_is_close_to_exact():
    from scipy import special

    rng = np.random.default_rng(3)
    a = 1 + rng.gamma(2, 3, trust.EXACT_QUANTILE_ROWS + 1000)
    b = 1 + rng.gamma(0.5, 1, len(a))
    approx = trust.beta_quantile(a, b, 0.1)
    np.testing.assert_allclose(approx, special.betaincinv(a, b, 0.1), atol=1e-4)


@settings(max_examples=25, deadline=None)
@given(p=portfolios(max_clients=6), seed=st.integers(0, 1000))
def test_never_probability_after_the_fact_equals_the_gate(p, seed):
    rng = np.random.default_rng(seed)
    p_never = pd.Series(rng.random(len(p.clients)), index=p.clients["id"].to_numpy())
    direct = trust.analyse(p, never_probability=p_never).status
    later = trust.with_never_probability(trust.analyse(p), p_never).status
    pd.testing.assert_frame_equal(direct, later)
