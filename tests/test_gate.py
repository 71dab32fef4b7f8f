"""The gate check (refdash.model.gate_check, views.gate, cli.gate) against a known truth, an
independent count on the demo store, properties of the rates, and the CLI's JSON."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refdash.__main__ import main
from refdash.model import gate_check as gate
from refdash.model import trust
from refdash.units import ANSWER_WINDOW_DAYS
from refdash.views import gate as gate_views
from tests.conftest import AS_OF

#: The planted truth: an ask succeeds with this probability at or above the level, else LOW.
HIGH, LOW = 0.5, 0.05


def planted(seed: int, level: float | None, n: int = 1000, flat: float = 0.3) -> pd.DataFrame:
    """An outcomes frame (the columns the banding and suggestion read) with trust at the ask
    uniform in [0, 1] and success HIGH at or above ``level``, LOW below (``flat`` for all
    when ``level`` is None)."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0.0, 1.0, n)
    p = np.full(n, flat) if level is None else np.where(t >= level, HIGH, LOW)
    hit = rng.uniform(size=n) < p
    lost = ~hit & (rng.uniform(size=n) < 0.2)
    outcome = np.where(hit, "referral", np.where(lost, "lost", "no_answer"))
    return pd.DataFrame({"trust": t, "early": t < 0.7, "outcome": outcome, "lost_6m": lost})


def test_suggestion_recovers_the_planted_level_within_a_tenth():
    errors = []
    for seed in range(60):
        level = float(np.random.default_rng(10_000 + seed).uniform(0.4, 0.85))
        s = gate.suggest_threshold(planted(seed, level))
        assert s.status == "supported", (seed, level)
        assert s.threshold is not None and s.low is not None and s.high is not None
        assert s.low <= s.threshold <= s.high
        errors.append(s.threshold - level)
    assert np.max(np.abs(errors)) < 0.1
    # Candidates are 0.05 apart: the typical miss is well under one step.
    assert np.mean(np.abs(errors)) < 0.05


def test_the_thresholds_range_contains_the_planted_level_mostly():
    inside = 0
    for seed in range(60):
        level = float(np.random.default_rng(20_000 + seed).uniform(0.4, 0.85))
        s = gate.suggest_threshold(planted(seed, level))
        assert s.low is not None and s.high is not None
        # The range is on the 0.05 grid: count a level within half a step as inside.
        inside += s.low - 0.025 <= level <= s.high + 0.025
    assert inside >= 0.85 * 60


def test_band_intervals_cover_the_planted_rates_in_at_least_90_percent():
    # Level on a band edge, so each band has one true rate.
    level, covered, total = 0.6, 0, 0
    for seed in range(200):
        bands = gate.band_table(planted(seed, level, n=600))
        truth = np.where(bands["low"] >= level - 1e-9, HIGH, LOW)
        has = bands["asks"].to_numpy() > 0
        inside = (bands["rate_low"] <= truth) & (truth <= bands["rate_high"])
        covered += int(inside[has].sum())
        total += int(has.sum())
    assert covered / total >= 0.90, covered / total


def test_a_flat_history_suggests_nothing_mostly():
    statuses = [gate.suggest_threshold(planted(seed, None, n=2000)).status for seed in range(100)]
    assert statuses.count("no_step") >= 95


def test_too_few_asks_leave_the_default():
    few = planted(1, 0.6, n=gate.MIN_ASKS - 1)
    s = gate.suggest_threshold(few)
    assert (s.status, s.threshold, s.asks) == ("too_few", None, gate.MIN_ASKS - 1)
    pending = planted(1, 0.6, n=gate.MIN_ASKS + 50).assign(outcome="pending")
    assert gate.suggest_threshold(pending).status == "too_few"


# --------------------------------------------------------------------------- demo store

def _independent_counts(p) -> tuple[dict[int, tuple[int, int]], int, int]:
    """Per ask event id: (counted, followed) from the raw tables, one ask at a time."""
    as_of = pd.Timestamp(p.as_of)
    window = pd.Timedelta(days=ANSWER_WINDOW_DAYS)
    refs: dict[int, list[pd.Timestamp]] = {}
    for row in p.referrals.itertuples():
        if row.date <= as_of:
            refs.setdefault(int(row.client_id), []).append(row.date)
    out: dict[int, tuple[int, int]] = {}
    asks = followed = 0
    for row in p.events[p.events["kind"] == "referral_ask"].itertuples():
        if row.date > as_of or row.date > as_of - window:
            continue
        hit = any(row.date <= d <= row.date + window for d in refs.get(int(row.client_id), []))
        out[int(row.id)] = (1, int(hit))
        asks += 1
        followed += hit
    return out, asks, followed


def test_counts_equal_an_independent_count_from_the_raw_tables(demo_portfolio):
    p = demo_portfolio
    c = gate.check(p)
    per_ask, asks, followed = _independent_counts(p)
    assert asks > 200 and followed > 20  # the demo has something to check
    assert c.bands["asks"].sum() == asks == c.totals["asks"].sum()
    assert c.bands["followed_by_referral"].sum() == followed
    decided = c.outcomes[c.outcomes["outcome"] != "pending"]
    assert sorted(decided["event_id"].astype(int)) == sorted(per_ask)
    mine = dict(zip(decided["event_id"].astype(int), decided["followed"].astype(int),
                    strict=True))
    assert mine == {k: v[1] for k, v in per_ask.items()}
    # Bands by trust at the ask, counted one ask at a time.
    labels = trust.ask_labels(p).set_index("event_id")["trust"]
    by_band = np.zeros(10, dtype=int)
    for event_id in per_ask:
        by_band[min(int(round(float(labels[event_id]), 9) * 10), 9)] += 1
    assert by_band.tolist() == c.bands["asks"].tolist()


def test_owner_filter_and_lost_outcomes(demo_portfolio):
    owner = demo_portfolio.owners[0]
    p = demo_portfolio.for_owners([owner])
    c = gate.check(p)
    assert set(c.outcomes["client_id"]) <= set(p.clients["id"])
    lost = p.lost_date
    o = c.outcomes[c.outcomes["outcome"] == "lost"]
    gap = (lost.reindex(o["client_id"]).to_numpy() - o["date"].to_numpy()) / pd.Timedelta(days=1)
    assert len(o) and ((gap >= 0) & (gap <= gate.LOST_WITHIN_MONTHS * 30.4375)).all()


# --------------------------------------------------------------------------- properties

@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0.0, 1.0), st.sampled_from(gate.OUTCOMES), st.booleans()),
                min_size=0, max_size=300))
def test_rates_lie_in_their_intervals_and_asks_add_up(rows):
    o = pd.DataFrame(rows, columns=["trust", "outcome", "early"])
    o = o.assign(lost_6m=o["outcome"].eq("lost"))
    bands = gate.band_table(o)
    decided = int((o["outcome"] != "pending").sum())
    assert bands["asks"].sum() == decided
    assert (bands["asks"] + bands["pending"]).sum() == len(o)
    assert (bands[["followed_by_referral", "lost", "declined", "no_answer"]].sum(axis=1)
            == bands["asks"]).all()
    totals = gate.ready_totals(o)
    assert totals["asks"].sum() == decided
    for frame in (bands, totals, gate.split_rates(o, 0.7)):
        has = frame["asks"] > 0
        f = frame[has]
        assert ((f["rate_low"] >= 0) & (f["rate_low"] <= f["rate"]) & (f["rate"] <= f["rate_high"])
                & (f["rate_high"] <= 1)).all()
        assert frame.loc[~has, "rate"].isna().all()


def test_trust_on_a_band_edge_falls_in_the_upper_band():
    assert gate.band_index(np.array([0.0, 0.1, 0.7, 0.69999999999, 0.95, 1.0])).tolist() == [
        0, 1, 7, 7, 9, 9]


# --------------------------------------------------------------------------- view and CLI

@pytest.mark.parametrize("lang", ["en", "fr", "it"])
def test_view_sentences_figure_and_apply(demo_portfolio, lang):
    s = trust.TrustSettings()
    view = gate_views.gate_view(demo_portfolio, s, lang)
    assert len(view.sentences) >= 3 and all(view.sentences)
    assert len(view.band_table) == 10 and len(view.totals_table) == 2
    assert view.current_threshold == s.threshold
    if view.differs:
        assert view.apply_label and view.suggested_threshold is not None
        applied = gate_views.apply_suggestion(s, view)
        assert applied.threshold == view.suggested_threshold
        assert replace(applied, threshold=s.threshold) == s
    fig = view.figure
    assert len(fig.data[0].x) == 10
    assert [shape.x0 for shape in fig.layout.shapes] == [
        s.threshold, *([view.suggested_threshold] if view.suggested_threshold else [])]


def test_view_with_too_few_asks_keeps_the_default(demo_portfolio):
    ids = demo_portfolio.clients["id"].head(15)
    p = replace(demo_portfolio, clients=demo_portfolio.clients.head(15),
                events=demo_portfolio.events[demo_portfolio.events["client_id"].isin(ids)],
                referrals=demo_portfolio.referrals[
                    demo_portfolio.referrals["client_id"].isin(ids)])
    view = gate_views.gate_view(p, trust.TrustSettings(), "en")
    assert view.suggested_threshold is None and not view.differs and view.apply_label is None
    assert any("default stands" in x for x in view.sentences)
    assert gate_views.apply_suggestion(trust.TrustSettings(), view) == trust.TrustSettings()


def test_cli_json_shape(demo_db, capsys):
    assert main(["gate-check", "--db", str(demo_db), "--as-of", AS_OF, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    shape = {"low", "high", "asks", "followed_by_referral", "rate", "rate_low", "rate_high"}
    assert len(doc["bands"]) == 10
    for band in doc["bands"]:
        assert shape <= set(band)
    assert shape - {"low", "high"} <= set(doc["ready"]) and shape - {"low", "high"} <= set(
        doc["early"])
    assert sum(b["asks"] for b in doc["bands"]) == doc["ready"]["asks"] + doc["early"]["asks"]
    s = doc["suggested_threshold"]
    assert s is None or s in gate.CANDIDATES


def test_cli_text_owner_and_errors(demo_db, tmp_path, capsys):
    assert main(["gate-check", "--db", str(demo_db), "--as-of", AS_OF, "--lang", "fr",
                 "--owner", "Camille Martin"]) == 0
    assert "Le seuil convient-il" in capsys.readouterr().out
    assert main(["gate-check", "--db", str(tmp_path / "none.db")]) == 2
    assert "none.db" in capsys.readouterr().err
    assert main(["gate-check", "--db", str(demo_db), "--owner", "Nobody", "--lang", "it"]) == 2
    assert "Nobody" in capsys.readouterr().err
