"""The home page's figures, checked against plain reference computations."""

from __future__ import annotations

import pandas as pd

from refdash.model import portfolio
from refdash.views import portfolio as home


def reference_active(p: portfolio.Portfolio, at: pd.Timestamp) -> int:
    count = 0
    for cid, start in zip(p.clients["id"], p.clients["start_date"], strict=True):
        lost = p.events[(p.events["client_id"] == cid) & (p.events["kind"] == "lost")]["date"]
        if start <= at and not (len(lost) and lost.min() <= at):
            count += 1
    return count


def test_kpis_equal_a_plain_count(demo_portfolio):
    p = demo_portfolio
    k = {kpi.key: kpi for kpi in home.kpis(p)}
    year_ago = p.as_of - pd.DateOffset(months=12)
    assert k["active_clients"].value == reference_active(p, p.as_of)
    assert k["active_clients"].previous == reference_active(p, year_ago)
    in_year = p.referrals[(p.referrals["date"] > year_ago) & (p.referrals["date"] <= p.as_of)]
    assert k["referrals_solicited"].value == int(in_year["solicited"].sum())
    assert k["referrals_unsolicited"].value == int((~in_year["solicited"]).sum())
    decided = in_year[in_year["status"] != "open"]
    assert k["conversion_rate"].value == (decided["status"] == "converted").sum() / len(decided)
    asks = p.events[(p.events["kind"] == "referral_ask") & (p.events["date"] > year_ago)
                    & (p.events["date"] <= p.as_of)]
    assert k["asks"].value == len(asks)
    assert k["asks"].delta == k["asks"].value - k["asks"].previous


def test_owner_filter_narrows_every_frame(demo_portfolio):
    owner = demo_portfolio.owners[0]
    view = demo_portfolio.for_owners([owner])
    assert set(view.clients["owner"]) == {owner}
    assert set(view.events["client_id"]) <= set(view.clients["id"])
    assert set(view.referrals["client_id"]) <= set(view.clients["id"])
    whole = {k.key: k.value for k in home.kpis(demo_portfolio)}
    parts = [{k.key: k.value for k in home.kpis(demo_portfolio.for_owners([o]))}
             for o in demo_portfolio.owners]
    for key in ("active_clients", "referrals_solicited", "asks"):
        assert sum(part[key] for part in parts) == whole[key]
    assert demo_portfolio.for_owners([]) is demo_portfolio


def test_new_clients_by_month_counts_every_client_once(demo_portfolio):
    monthly = home.new_clients_by_month(demo_portfolio)
    assert monthly["clients"].sum() == len(demo_portfolio.clients)
    by_source = monthly.groupby("source")["clients"].sum()
    assert by_source["referral"] == demo_portfolio.clients["referred_by"].notna().sum()
    months = monthly["month"].drop_duplicates()
    assert months.is_monotonic_increasing
    assert (months.diff().dropna() <= pd.Timedelta(days=31)).all()  # no month skipped
    assert months.iloc[-1] == demo_portfolio.as_of.to_period("M").to_timestamp()


def test_empty_portfolio_gives_zero_figures_not_errors(demo_portfolio):
    empty = demo_portfolio.for_owners(["nobody"])
    k = {kpi.key: kpi for kpi in home.kpis(empty)}
    assert k["active_clients"].value == 0
    assert k["conversion_rate"].value != k["conversion_rate"].value  # NaN: nothing decided
    assert home.new_clients_by_month(empty).empty
