"""The referral simulator: invariants (hypothesis), the branching-process expectation, common
random numbers, validation, calibration on the demo store, and the charts a user sees."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refdash import i18n
from refdash import sim as sm
from refdash.charts import sim as sim_charts
from refdash.errors import RefdashError
from refdash.model import portfolio
from refdash.sim import calibration, network, scenario

FAST = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])


@st.composite
def scenarios(draw, **fixed) -> sm.Scenario:
    """Small random scenarios (a few thousand people at most, a few runs)."""
    market = draw(st.integers(50, 3000))
    a = draw(st.floats(0, 1))
    n = draw(st.floats(0, 1 - a))
    prob = st.floats(0, 1)
    values = dict(
        market=market,
        sphere=draw(st.integers(2, min(40, market - 1))),
        start_clients=draw(st.integers(1, min(30, market - 1))),
        start_age_max=draw(st.integers(0, 24)),
        start_referred_share=draw(prob),
        clustering=draw(prob),
        share_advocate=a, share_never=n, share_responsive=1 - a - n,
        advocate_rate=draw(prob), ask_success=draw(prob), advocate_ask_success=draw(prob),
        names_per_referral=draw(st.floats(1, sm.MAX_NAMES)), conversion=draw(prob),
        sales_lag=draw(st.integers(1, 4)), time_to_trust=draw(st.floats(0, 12)),
        ask_rest=draw(st.integers(1, 8)), early_success=draw(prob), early_lose=draw(prob),
        early_never=draw(prob), early_setback=draw(st.integers(0, 6)),
        churn=draw(st.floats(0, 0.3)), churn_referred=draw(st.floats(0, 0.3)),
        horizon=draw(st.integers(1, 18)), runs=draw(st.integers(1, 6)),
        seed=draw(st.integers(0, 2**32 - 1)),
    )
    values.update(fixed)
    return sm.Scenario(**values)


# ----------------------------------------------------------------------------- invariants


@FAST
@given(scenarios(), st.sampled_from(sm.POLICIES))
def test_counts_are_never_negative_and_clients_never_exceed_the_market(s, policy):
    r = sm.simulate(s, policy)
    for name in ("active", "new_clients", "named", "wasted", "won", "burned_lost",
                 "burned_never", "early_asks", "asks", "churned", "reached"):
        assert (getattr(r, name) >= 0).all(), name
    ever = r.active[:, :1] + np.cumsum(r.new_clients, axis=1)
    assert (r.active <= s.market).all()
    assert (ever <= s.market).all()
    assert (r.active <= r.reached).all() and (r.reached <= s.market).all()
    assert (r.wasted <= r.named).all()
    # bookkeeping: every client who joins or leaves is counted once
    flow = r.active[:, :-1] + r.new_clients[:, 1:] - r.churned[:, 1:] - r.burned_lost[:, 1:]
    np.testing.assert_array_equal(r.active[:, 1:], flow)
    assert (r.active[:, 0] == s.start_clients).all()


@FAST
@given(scenarios(advocate_rate=0.0, ask_success=0.0, advocate_ask_success=0.0),
       st.sampled_from(sm.POLICIES))
def test_without_referrals_nothing_grows_beyond_the_start_minus_churn(s, policy):
    r = sm.simulate(s, policy)
    assert r.named.sum() == 0 and r.new_clients.sum() == 0
    assert (np.diff(r.active, axis=1) <= 0).all()
    assert (r.active <= s.start_clients).all()


@FAST
@given(scenarios(conversion=0.0), st.sampled_from(sm.POLICIES))
def test_prospects_who_never_convert_bring_no_client(s, policy):
    r = sm.simulate(s, policy)
    assert r.new_clients.sum() == 0 and r.won.sum() == 0
    assert (np.diff(r.active, axis=1) <= 0).all()


@FAST
@given(st.data())
def test_never_asking_without_advocates_gives_no_referral(data):
    never = data.draw(st.floats(0, 1))
    s = data.draw(scenarios(share_advocate=0.0, share_never=never, share_responsive=1 - never))
    r = sm.simulate(s, "never")
    assert r.asks.sum() == 0
    assert r.named.sum() == 0
    assert r.burned.sum() == 0


@FAST
@given(scenarios())
def test_eager_asking_never_burns_fewer_relationships_than_patient_asking(s):
    patient, eager = sm.simulate(s, "patient"), sm.simulate(s, "eager")
    assert patient.early_asks.sum() == 0  # patience never asks before the client is ready
    assert (eager.burned.sum(axis=1) >= patient.burned.sum(axis=1)).all()


@FAST
@given(scenarios())
def test_the_same_seed_gives_the_same_runs(s):
    first = sm.simulate(s, "eager")
    network.clear_cache()  # a rebuilt network, too
    again = sm.simulate(s, "eager")
    for name in ("active", "named", "wasted", "burned_lost", "burned_never", "churned"):
        np.testing.assert_array_equal(getattr(first, name), getattr(again, name))
    pd.testing.assert_frame_equal(first.cascade, again.cascade)


@FAST
@given(scenarios(advocate_rate=0.0, ask_success=0.0, advocate_ask_success=0.0, early_lose=0.0))
def test_policies_share_their_luck(s):
    """Common random numbers: when asking changes nothing, the three policies give the very
    same runs, so a gap between them can only come from the policy."""
    runs = sm.compare(s)
    np.testing.assert_array_equal(runs["patient"].active, runs["eager"].active)
    np.testing.assert_array_equal(runs["patient"].active, runs["never"].active)


def test_a_different_seed_gives_different_runs():
    s = sm.Scenario(market=5000, sphere=50, runs=20, horizon=24, start_clients=50)
    a = sm.simulate(s, "patient")
    b = sm.simulate(s.with_values(seed=s.seed + 1), "patient")
    assert not np.array_equal(a.active, b.active)


def test_higher_conversion_grows_the_base():
    s = sm.Scenario(market=20_000, sphere=100, runs=40, horizon=24)
    low = sm.simulate(s.with_values(conversion=0.05), "patient").active[:, -1]
    high = sm.simulate(s.with_values(conversion=0.4), "patient").active[:, -1]
    assert high.mean() > low.mean() + 10


def test_overlap_wastes_more_referrals_in_tight_circles_and_small_markets():
    base = sm.Scenario(market=5000, sphere=100, start_clients=200, runs=20, horizon=24,
                       conversion=0.3)
    loose = sm.simulate(base.with_values(clustering=0.0), "patient")
    tight = sm.simulate(base.with_values(clustering=1.0), "patient")
    big = sm.simulate(base.with_values(market=100_000, clustering=0.0), "patient")
    share = lambda r: r.wasted.sum() / r.named.sum()  # noqa: E731
    assert share(tight) > share(loose) > share(big)


# ------------------------------------------------------------ the branching-process check


ANALYTIC = sm.Scenario(market=60_000, sphere=500, clustering=0.0, start_clients=20, runs=1500,
                       horizon=24, advocate_rate=0.2, conversion=0.4, names_per_referral=1.0,
                       time_to_trust=3, start_referred_share=0.5)


@pytest.mark.parametrize("policy", ["patient", "never"])
def test_mean_growth_matches_the_branching_process_on_a_large_market(policy):
    """With spheres much larger than what one client names and tiny penetration, nobody is
    named twice (waste < 1 %), and the mean active clients per month must match the
    renewal-equation expectation within Monte Carlo error (4 standard errors)."""
    r = sm.simulate(ANALYTIC, policy)
    expected = sm.branching_expectation(ANALYTIC, policy)
    mean = r.active.mean(axis=0)
    se = r.active.std(axis=0, ddof=1) / np.sqrt(ANALYTIC.runs)
    assert r.wasted.sum() / r.named.sum() < 0.01
    z = (mean[1:] - expected[1:]) / se[1:]
    assert np.abs(z).max() < 4, z
    assert abs(mean[-1] / expected[-1] - 1) < 0.03
    # the check has power: an expectation with a 10 % lower conversion is rejected
    wrong = sm.branching_expectation(ANALYTIC.with_values(conversion=0.36), policy)
    assert np.abs((mean[1:] - wrong[1:]) / se[1:]).max() > 4


def test_branching_expectation_grows_exponentially_without_churn_limit():
    s = sm.Scenario(churn=0.0, churn_referred=0.0, horizon=60, conversion=0.5)
    e = sm.branching_expectation(s)
    assert (np.diff(e) >= 0).all() and e[-1] > 5 * e[0]
    with pytest.raises(ValueError, match="eager"):
        sm.branching_expectation(s, "eager")


# ----------------------------------------------------------------------- the network


@settings(max_examples=20, deadline=None, derandomize=True)
@given(st.integers(10, 3000), st.data())
def test_the_network_is_symmetric_and_everyone_knows_exactly_k(market, data):
    k = data.draw(st.integers(2, min(60, market - 1)))
    c = data.draw(st.floats(0, 1))
    net = sm.build_network(market, k, c, data.draw(st.integers(0, 1000)))
    assert net.neighbours.shape == (market, k)
    assert net.neighbours.min() >= 0 and net.neighbours.max() < market
    adj = net.csr().astype(np.int32)
    assert (adj - adj.T).count_nonzero() == 0


@settings(max_examples=20, deadline=None, derandomize=True)
@given(st.integers(10, 3000), st.data())
def test_a_tie_read_on_demand_is_the_one_in_the_persons_row(market, data):
    k = data.draw(st.integers(2, min(60, market - 1)))
    net = sm.build_network(market, k, data.draw(st.floats(0, 1)), data.draw(st.integers(0, 99)))
    person = np.array(data.draw(st.lists(st.integers(0, market - 1), min_size=1, max_size=50)))
    slot = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=len(person),
                                       max_size=len(person))))
    np.testing.assert_array_equal(net.ties(person, slot), net.rows(person)[np.arange(len(person)),
                                                                           slot])
    np.testing.assert_array_equal(net.rows(person), net.neighbours[person])


def test_a_network_does_not_depend_on_the_slider_values_tried_before_it():
    """The Simulator shows the same market for the same settings, whatever sphere or
    clustering the user moved through first (the random layers are shared and drawn once)."""
    network.clear_cache()
    fresh = sm.build_network(2000, 31, 0.4, 8).neighbours.copy()
    network.clear_cache()
    for sphere, clustering in ((10, 0.0), (60, 0.1), (31, 0.9), (45, 0.4)):
        sm.build_network(2000, sphere, clustering, 8)
    np.testing.assert_array_equal(sm.build_network(2000, 31, 0.4, 8).neighbours, fresh)


@pytest.mark.parametrize(("market", "k"), [(11, 10), (12, 4), (1000, 250)])
def test_a_closed_circle_is_the_nearest_people_round_the_ring(market, k):
    """Clustering 1: everyone knows the k people nearest to them on the ring, the circle
    going round its ends for the first and the last people."""
    net = sm.build_network(market, k, 1.0, 3)
    half = k // 2
    for person in (0, 1, half, market // 2, market - half, market - 1):
        nearest = {(person + d) % market for d in range(-half, half + 1) if d}
        ring = set(net.neighbours[person, : 2 * half].tolist())
        assert ring == nearest, person


def test_clustering_knob_drives_the_measured_clustering():
    measured = [sm.clustering_coefficient(sm.build_network(20_000, 100, c, 1), sample=100)
                for c in (0.0, 0.5, 1.0)]
    assert measured[0] < 0.02 < measured[1] < 0.4 < measured[2]
    assert measured[2] == pytest.approx(0.75, abs=0.03)  # a ring lattice's clustering


def test_network_is_cached_and_reproducible():
    a = sm.build_network(1000, 20, 0.3, 5)
    assert sm.build_network(1000, 20, 0.3, 5) is a
    network.clear_cache()
    np.testing.assert_array_equal(sm.build_network(1000, 20, 0.3, 5).neighbours, a.neighbours)
    assert not np.array_equal(sm.build_network(1000, 20, 0.3, 6).neighbours, a.neighbours)


def test_independent_cascade():
    net = sm.build_network(5000, 20, 0.5, 3)
    assert sm.independent_cascade(net, 0.0, [1, 2, 2]).tolist() == [2]
    everyone = sm.independent_cascade(net, 1.0, [0])
    assert everyone.sum() == net.market  # a connected network is reached entirely
    a = sm.independent_cascade(net, 0.1, [0, 1, 2], 7)
    np.testing.assert_array_equal(a, sm.independent_cascade(net, 0.1, [0, 1, 2], 7))
    with pytest.raises(ValueError, match="seeds must be people 0..4999"):
        sm.independent_cascade(net, 0.1, [5000])
    with pytest.raises(ValueError, match="p must be a probability"):
        sm.independent_cascade(net, 1.5, [0])


# ----------------------------------------------------------------------- validation


@pytest.mark.parametrize(("changes", "key", "text"), [
    ({"share_never": 0.3}, "shares", "20 + 60 + 30 = 110 %"),
    ({"market": 100, "start_clients": 100, "sphere": 10}, "market_vs_start",
     "The market (100 people) must be larger than today's clients (100)"),
    ({"market": 300_000, "sphere": 250}, "too_big", "75000000"),
    ({"conversion": 1.5}, "probability", "Conversion of a referred prospect must be between 0 "
                                         "and 100 % (got 1.5)"),
    ({"sphere": 60_000}, "sphere", "got 60000"),
    ({"horizon": 0}, "horizon", "got 0"),
    ({"runs": 2.5}, "not_whole", "Simulations must be a whole number (got 2.5)"),
])
def test_invalid_scenarios_say_what_is_wrong(changes, key, text):
    with pytest.raises(RefdashError) as err:
        sm.Scenario(**changes)
    assert err.value.code == f"scenario.{key}"
    assert text in str(err.value)
    # the page can say it in every language with the same values
    for lang in i18n.LANGUAGES:
        assert err.value.message(lang)


def test_simulate_rejects_an_unknown_policy_and_a_mismatched_network():
    s = sm.Scenario(market=1000, sphere=10, runs=2)
    with pytest.raises(ValueError, match="'hasty'"):
        sm.simulate(s, "hasty")
    with pytest.raises(ValueError, match="market=1000"):
        sm.simulate(s, "patient", sm.build_network(2000, 10, 0.5))


@settings(max_examples=40, deadline=None, derandomize=True)
@given(scenarios())
def test_a_scenario_survives_the_url_and_the_widgets(s):
    assert sm.Scenario.from_params(s.to_params()) == s
    w = sm.widget_values(s)
    assert sm.widget_values(sm.scenario_from_widgets(w)) == w


def test_url_values_that_cannot_be_read_fall_back_to_defaults():
    s = sm.Scenario.from_params({"conversion": "lots", "runs": ["50"], "unknown": "1"})
    assert s == sm.Scenario(runs=50)
    with pytest.raises(RefdashError) as err:
        sm.Scenario.from_params({"share_never": "0.5"})
    assert err.value.code == "scenario.shares"


@pytest.mark.parametrize("raw", ["inf", "-inf", "nan", "1e999", "1e300", "99999999999999999999"])
def test_a_link_with_an_infinite_or_huge_value_gives_a_message_or_the_default(raw):
    for knob in ("horizon", "market", "sphere", "time_to_trust", "conversion"):
        try:
            s = sm.Scenario.from_params({knob: raw})
        except RefdashError as err:  # a refusal that names the knob, never a crash
            assert err.params.get("knob", knob) == knob and err.message("fr")
        else:
            assert getattr(s, knob) == getattr(sm.Scenario(), knob)


# ------------------------------------------------------------------ what it means


def test_bass_fit_recovers_a_bass_curve():
    t = np.arange(61)
    y = sm.bass_curve(t, 0.002, 0.15, 4000, 50)
    fit = sm.fit_bass(y, market=10_000)
    assert fit.p == pytest.approx(0.002, rel=0.05)
    assert fit.q == pytest.approx(0.15, rel=0.05)
    assert fit.m == pytest.approx(4000, rel=0.02)
    assert sm.fit_bass(np.full(20, 50.0), market=10_000) is None


def test_doubling_times_and_effective_r():
    path = 100 * 2 ** (np.arange(37) / 10)
    dt = sm.doubling_times(path, window=12)
    assert np.isnan(dt[:12]).all() and dt[12:] == pytest.approx(10)
    assert np.isinf(sm.doubling_times(np.full(30, 5.0))[-1])
    r = sm.simulate(sm.Scenario(market=2000, sphere=20, runs=3, churn=0.0, churn_referred=0.0),
                    "patient")
    assert np.isnan(sm.effective_r(r)).all()


def test_explore_tells_what_patience_is_worth():
    x = sm.explore(sm.Scenario(market=20_000, sphere=150, runs=60))
    assert set(x.kpis.index) == set(sm.POLICIES)
    gap = x.patience.iloc[0]
    assert (gap["a"], gap["b"]) == ("patient", "eager")
    assert gap["median"] > 0 and gap["share_ahead"] > 0.9  # the default costs of early asks
    assert x.kpis.loc["eager", "burned"] > 0 == x.kpis.loc["patient", "burned"]
    assert len(x.monthly) == 3 * (x.scenario.horizon + 1)
    reach = x.sphere("patient")
    assert (reach["prospects"] <= reach["claimed"]).all()
    assert (reach["prospects"] <= x.scenario.market).all()
    part = x.cascade("patient")
    assert 0 < len(part) <= 300
    linked = part.dropna(subset=["parent_x"])
    assert (linked["parent_x"] <= linked["x"]).all()
    assert set(part["referrer"][part["referrer"] >= 0]) <= set(part["client"])


def test_every_knob_policy_note_and_column_is_translated():
    keys = set(i18n.catalog())
    for c in sm.CONTROLS:
        assert {f"sim.knob.{c.field}", f"sim.knob.{c.field}.help"} <= keys
    assert {f"sim.group.{g}" for g in sm.CONTROL_GROUPS} <= keys
    assert {f"sim.policy.{p}" for p in sm.POLICIES} <= keys
    x = sm.explore(sm.Scenario(market=2000, sphere=20, runs=5))
    assert {f"sim.csv.{c}" for c in x.monthly.columns} <= keys
    import inspect
    import re
    source = "".join(inspect.getsource(m) for m in (scenario, calibration))
    for key in re.findall(r'"(sim\.note\.[a-z_]+)"', source):
        assert key in keys
    reasons = re.findall(r'_need\([^"]*"([a-z_]+)"', source) + list(scenario._BOUNDS)
    assert "shares" in reasons and "horizon" in reasons
    for key in reasons:
        assert f"error.scenario.{key}" in keys
    assert set(sm.PARAM_NAMES) == {c.field for c in sm.CONTROLS}


# ------------------------------------------------------------------------- calibration


def test_calibrate_on_the_demo_store(demo_portfolio):
    p = demo_portfolio
    s = sm.calibrate(p)
    assert s.start_clients == portfolio.active_count(p, p.as_of)
    refs = p.referrals
    decided = refs[refs["status"].isin(["converted", "lost"])]
    assert s.conversion == pytest.approx((decided["status"] == "converted").mean(), abs=1e-3)
    assert s.share_advocate + s.share_responsive + s.share_never == pytest.approx(1)
    assert 1 <= s.sales_lag <= 24 and 0 < s.churn < 0.1
    assert "sim.note.market_kept" in s.notes
    kept = sm.Scenario(market=80_000, clustering=0.7, horizon=48)
    assert (sm.calibrate(p, kept).market, sm.calibrate(p, kept).clustering) == (80_000, 0.7)
    # The eager policy asks right after the sale: its costs are those of the demo's asks made
    # to new clients (they rarely succeed, about one in eight loses the client), and patience
    # pays on the calibrated scenario.
    assert s.early_success < 0.4
    assert 0.03 < s.early_lose < 0.3
    x = sm.explore(s.with_values(runs=40))
    assert x.patience.iloc[0]["median"] > 0 and x.patience.iloc[0]["share_ahead"] > 0.8


def test_calibrate_follows_the_trust_gate_the_user_chose(demo_portfolio):
    """A looser trust threshold (Clients page) makes clients ready sooner in the simulator."""
    from refdash.model.trust import TrustSettings

    strict = sm.calibrate(demo_portfolio)
    loose = sm.calibrate(demo_portfolio, trust_settings=TrustSettings(threshold=0.5))
    assert loose.time_to_trust < strict.time_to_trust


# ----------------------------------------------------------------------------- charts


def test_growth_chart_shows_three_policies_the_naive_curve_and_the_market_on_log_scale():
    x = sm.explore(sm.Scenario(market=5000, sphere=50, runs=10))
    fig = sim_charts.growth_chart(x, "en")
    names = [tr.name for tr in fig.data if tr.showlegend is not False]
    assert names[:3] == [i18n.translate(f"sim.policy.{p}", "en") for p in sm.POLICIES]
    assert names[3].startswith("Naive")
    assert fig.layout.xaxis.title.text == "Months from today"
    assert fig.layout.yaxis.title.text == "Active clients"
    assert all(tr.hovertemplate for tr in fig.data if tr.showlegend is not False)
    log = sim_charts.growth_chart(x, "fr", log_y=True)
    assert log.layout.yaxis.type == "log"
    assert any("5\u202f000" in (tr.name or "") for tr in log.data)  # the market, in French
    assert log.layout.title.text != fig.layout.title.text


def test_growth_chart_draws_each_band_as_one_outline_and_gives_its_range_on_hover():
    x = sm.explore(sm.Scenario(market=5000, sphere=50, runs=10))
    fig = sim_charts.growth_chart(x, "en")
    bands = [tr for tr in fig.data if tr.fill == "toself"]
    assert len(bands) == len(sm.POLICIES) and len(fig.data) == 2 * len(sm.POLICIES) + 1
    for band, policy in zip(bands, sm.POLICIES, strict=True):
        m = x.monthly[x.monthly["policy"] == policy]
        # out along the high edge, back along the low one: the area between them
        np.testing.assert_allclose(band.y, np.r_[m["active_high"], m["active_low"][::-1]])
        assert band.hoverinfo == "skip"
        median = next(tr for tr in fig.data if tr.legendgroup == policy and tr.fill is None)
        np.testing.assert_allclose(median.customdata, np.c_[m["active_low"], m["active_high"]])
        assert "customdata[0]" in median.hovertemplate and "10–90 %" in median.hovertemplate


def test_other_charts_have_titles_axes_and_data():
    x = sm.explore(sm.Scenario(market=5000, sphere=50, runs=10))
    for fig in (sim_charts.reff_chart(x, "it"), sim_charts.sphere_chart(x, "eager", "it"),
                sim_charts.cascade_chart(x, "patient", "it"), sim_charts.bass_chart(x, "never", "it")):
        assert fig.layout.title.text and fig.layout.xaxis.title.text
        assert len(fig.data) >= 2
    cascade = sim_charts.cascade_chart(x, "patient", "en")
    dots = sum(len(tr.x) for tr in cascade.data if tr.mode == "markers")
    assert dots == len(x.cascade("patient"))


# ------------------------------------------------------------------------------ the view


def test_the_view_builds_seven_translated_cards_and_the_sentences():
    from refdash.views import simulator as view

    x = sm.explore(sm.Scenario(market=5000, sphere=50, runs=10))
    shown = view.present(x, "eager", "fr")
    assert len(shown.cards) == sum(view.CARD_ROWS) == 7
    first = shown.cards[0]
    assert first.label == i18n.translate("sim.kpi.clients", "fr", months=36)
    assert first.value == i18n.format_number(x.kpis.loc["eager", "clients"], "fr")
    assert first.delta[0] in "+-" and not first.neutral
    reff = shown.cards[5]
    assert reff.neutral and reff.value == i18n.format_number(x.kpis.loc["eager", "r_eff_end"], "fr", 2)
    assert shown.patience and shown.network_note
    assert view.bass_caption(x, "patient", "it")
    table = view.results_table(x, "en")
    assert len(table) == len(x.monthly)
    assert i18n.translate("sim.policy.patient", "en") in set(table.iloc[:, 0])
    # the notes may hold the error that stopped calibration
    assert view.note_texts(["sim.note.market_kept", RefdashError("scenario.no_clients")],
                           "en")[1] == "The portfolio has no clients to calibrate from."


def test_the_250_claim_against_the_referrals_made():
    from refdash.views import simulator as view

    x = sm.explore(sm.Scenario(market=5000, sphere=50, runs=10))
    c = x.claim("patient")
    assert len(c) == x.scenario.horizon + 1 and c.iloc[0].sum() == 0
    for col in ("clients", "claimed", "named", "wasted"):
        assert (c[col].diff().dropna() >= 0).all()  # cumulative
    assert (c["claimed"] == c["clients"] * 50).all()
    assert np.allclose(c["claimed_clients"], c["claimed"] * x.scenario.conversion)
    fig = sim_charts.claim_chart(x, "patient", "it")
    assert len(fig.data) == 4 and fig.layout.legend.y < 0  # the legend under the plot
    assert all(tr.line.width != 3 for tr in fig.data)  # the main chart's median line is unique
    end = c.iloc[-1]
    text = view.headline(x, "patient", "en")
    assert i18n.format_number(end["claimed"], "en") in text
    assert i18n.format_number(end["named"], "en") in text
    assert i18n.format_number(end["claimed_clients"], "fr") in view.claim_caption(x, "patient", "fr")
    gap = x.patience.iloc[0]["median"]
    assert i18n.format_number(gap, "it") in view.patience_sentence(x, "it")
    assert "**" in view.how_text(x, "fr")


def test_a_figure_that_looks_contradictory_is_explained():
    from refdash.views import simulator as view

    x = sm.explore(sm.Scenario(market=5000, sphere=50, runs=10))
    k = x.kpis
    note = view.reff_note(x, "eager", "en")
    odd = k.loc["eager", "r_eff_end"] > k.loc["patient", "r_eff_end"] and (
        k.loc["eager", "clients"] < k.loc["patient", "clients"])
    assert (note is not None) == odd
    assert view.reff_note(x, "patient", "en") is None
