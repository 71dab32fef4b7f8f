"""The demo portfolio: deterministic, realistic, and consistent with the store's rules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from refdash.data import demo, store

AS_OF = pd.Timestamp("2026-11-26")


@pytest.fixture(scope="module")
def big():
    return demo.generate(5000, seed=11, as_of=AS_OF)


def test_same_seed_same_portfolio_other_seed_other_portfolio():
    a = demo.generate(300, seed=3, as_of=AS_OF)
    b = demo.generate(300, seed=3, as_of=AS_OF)
    c = demo.generate(300, seed=4, as_of=AS_OF)
    for key in ("clients", "events", "referrals", "truth"):
        pd.testing.assert_frame_equal(a[key], b[key])
    assert not a["events"].equals(c["events"])


@pytest.mark.parametrize("n", [1, 37, 500])
def test_exactly_the_requested_number_of_clients(n):
    frames = demo.generate(n, seed=5, as_of=AS_OF)
    assert len(frames["clients"]) == n
    assert frames["clients"]["id"].is_unique


def test_segments_close_to_20_60_20_but_not_exactly(big):
    shares = big["truth"]["segment"].value_counts(normalize=True)
    assert shares["advocate"] == pytest.approx(0.20, abs=0.03)
    assert shares["responsive"] == pytest.approx(0.60, abs=0.03)
    assert shares["never"] == pytest.approx(0.20, abs=0.03)
    assert shares["responsive"] != 0.6


def test_every_referral_and_referred_client_links_to_an_existing_client(big):
    ids = set(big["clients"]["id"])
    refs, clients = big["referrals"], big["clients"]
    assert set(refs["client_id"]) <= ids
    converted = refs[refs["status"] == "converted"]
    assert converted["converted_client_id"].notna().all()
    assert set(converted["converted_client_id"].astype(int)) <= ids
    assert refs.loc[refs["status"] != "converted", "converted_client_id"].isna().all()
    referred = clients.dropna(subset=["referred_by"])
    assert set(referred["referred_by"].astype(int)) <= ids
    # A referred client starts after the referral that brought them, and after the referrer.
    start = clients.set_index("id")["start_date"]
    joined = converted.assign(new_start=start.reindex(converted["converted_client_id"].astype(int))
                              .to_numpy())
    assert (joined["new_start"] >= joined["date"]).all()
    assert (start.reindex(referred["referred_by"].astype(int)).to_numpy()
            <= referred["start_date"].to_numpy()).all()
    # Each converted referral made exactly one client, who names the referrer.
    assert converted["converted_client_id"].is_unique
    assert len(converted) == len(referred)


def test_history_lies_between_the_start_and_today_and_ends_at_loss(big):
    ev = big["events"].merge(big["clients"][["id", "start_date"]], left_on="client_id",
                             right_on="id")
    assert (ev["date"] >= ev["start_date"]).all()
    assert (ev["date"] <= AS_OF).all()
    lost = ev[ev["kind"] == "lost"].groupby("client_id")["date"].min()
    after = ev.merge(lost.rename("lost_date"), left_on="client_id", right_index=True)
    # Nothing happens after a client is lost (a decline may answer an ask made just before).
    assert (after.loc[after["kind"] != "referral_declined", "date"]
            <= after.loc[after["kind"] != "referral_declined", "lost_date"]).all()
    assert ev.loc[ev["kind"] == "lost"].groupby("client_id").size().max() == 1


def test_history_has_every_kind_of_event_and_real_scores(big):
    kinds = set(big["events"]["kind"])
    assert kinds == set(store.EVENT_KINDS)
    sat = big["events"][big["events"]["kind"] == "satisfaction"]["score"]
    assert sat.between(0, 10).all() and sat.notna().all()
    assert big["events"].loc[big["events"]["kind"] != "satisfaction", "score"].isna().all()
    refs = big["referrals"]
    assert refs["solicited"].any() and (~refs["solicited"]).any()
    assert set(refs["status"]) == {"open", "converted", "lost"}
    assert big["clients"]["owner"].nunique() == len(demo.OWNERS)


def test_eager_owners_ask_early_and_lose_more_clients(big):
    ev, clients = big["events"], big["clients"]
    first_ask = ev[ev["kind"] == "referral_ask"].groupby("client_id")["date"].min()
    c = clients.set_index("id").join(first_ask.rename("first_ask"))
    c["early"] = (c["first_ask"] - c["start_date"]).dt.days < 60
    early_share = c.groupby("owner")["early"].mean()
    eager = demo.OWNERS[int(np.argmax(demo.OWNER_EAGERNESS))]
    patient = demo.OWNERS[int(np.argmin(demo.OWNER_EAGERNESS))]
    assert early_share[eager] > 3 * early_share[patient]
    # Early asks cost: some clients asked early turn into never-referrers.
    truth = big["truth"].set_index("client_id")
    turned = truth["segment"] != truth["final_segment"]
    assert turned.any()
    assert (truth.loc[turned, "final_segment"] == "never").all()
    assert c.loc[turned[turned].index, "early"].all()


def test_write_demo_store_round_trips_and_marks_demo(tmp_path):
    path = tmp_path / "demo.db"
    info = demo.write_demo_store(path, n_clients=200, seed=2, as_of=AS_OF)
    frames = demo.generate(200, seed=2, as_of=AS_OF)
    assert info.is_demo and info.demo_seed == 2
    assert (info.clients, info.events, info.referrals) == (
        200, len(frames["events"]), len(frames["referrals"]))
    clients = store.read_clients(path)
    assert list(clients["name"]) == list(frames["clients"]["name"])
    with pytest.raises(store.StoreError, match="exists already"):
        demo.write_demo_store(path, n_clients=10)


@pytest.mark.parametrize("bad", [0, -5, 2.5, "ten"])
def test_bad_client_counts_are_refused(bad):
    with pytest.raises(ValueError, match="n_clients"):
        demo.generate(bad)
