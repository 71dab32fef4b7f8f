"""One decision per client (refdash.model.decision): a hand-built store where each client
tells one story, and the demo store swept against the trust gate and the segments."""

from __future__ import annotations

import pandas as pd
import pytest

from refdash.data import outcomes, store
from refdash.model import decision, portfolio, segments, trust
from refdash.views import segments as segments_view

AS_OF = pd.Timestamp("2026-11-26")


def _monthly(start: str, end: str) -> list[pd.Timestamp]:
    return list(pd.date_range(start, end, freq="MS"))


@pytest.fixture
def hand_db(tmp_path):
    """Seven clients, one story each (as of 2026-11-26)."""
    path = tmp_path / "hand.db"
    store.create_store(path)
    ids: dict[str, int] = {}

    def client(key: str, start: str, **kw: object) -> int:
        ids[key] = store.add_client(path, name=key.title(), owner="Ada", start_date=start,
                                    external_id=f"C-{key}", **kw)  # type: ignore[arg-type]
        store.add_event(path, client_id=ids[key], date=start, kind="meeting")
        return ids[key]

    # Two years of kept promises, 9/10 in October, never asked.
    c = client("patient", "2024-11-01", company="Acme")
    store.add_event(path, client_id=c, date="2024-11-01", kind="delivery")
    for day in _monthly("2024-12-01", "2026-11-01"):
        store.add_event(path, client_id=c, date=day, kind="promise_kept")
    store.add_event(path, client_id=c, date="2026-10-12", kind="satisfaction", score=9)
    # Asked two days after the first delivery.
    c = client("eager", "2026-10-01")
    store.add_event(path, client_id=c, date="2026-10-01", kind="delivery")
    store.add_event(path, client_id=c, date="2026-10-03", kind="referral_ask")
    # Long and good, but a promise broken three weeks ago.
    c = client("broken", "2024-06-01")
    for day in _monthly("2024-07-01", "2026-10-01"):
        store.add_event(path, client_id=c, date=day, kind="promise_kept")
    store.add_event(path, client_id=c, date="2026-11-05", kind="promise_broken")
    # Known six weeks.
    c = client("newcomer", "2026-10-15")
    store.add_event(path, client_id=c, date="2026-10-15", kind="delivery")
    store.add_event(path, client_id=c, date="2026-11-01", kind="promise_kept")
    # Meetings only, for almost three years.
    c = client("meetings", "2024-01-10")
    for day in _monthly("2024-02-01", "2026-11-01"):
        store.add_event(path, client_id=c, date=day, kind="meeting")
    # Named a prospect five weeks ago, still open.
    c = client("referrer", "2024-03-01")
    for day in _monthly("2024-04-01", "2026-06-01"):
        store.add_event(path, client_id=c, date=day, kind="promise_kept")
    store.add_referral(path, client_id=c, date="2026-10-22", prospect_name="Zoé <Martin> & Co",
                       solicited=False)
    # Lost.
    c = client("gone", "2023-01-01")
    store.add_event(path, client_id=c, date="2025-05-01", kind="lost")
    return path, ids


def _decide(path) -> pd.DataFrame:
    return decision.decide(portfolio.load(path, as_of=AS_OF))


def test_hand_built_store_each_client_gets_its_decision(hand_db):
    path, ids = hand_db
    d = _decide(path)
    got = {key: (d.at[cid, "action"], d.at[cid, "reason_code"]) for key, cid in ids.items()}
    assert got == {
        "patient": ("ask", "ready"),
        "eager": ("repair", "early_ask"),
        "broken": ("repair", "broken_promise"),
        "newcomer": ("wait", "too_new"),
        "meetings": ("wait", "no_evidence"),
        "referrer": ("follow_up", "open_referral"),
        "gone": ("leave", "lost"),
    }
    patient = d.loc[ids["patient"]]
    assert patient["promises_kept"] == 24 and patient["asks"] == 0
    assert patient["last_score"] == 9 and patient["months_known"] >= 24
    assert patient["priority"] > 0 and patient["due"]
    assert patient["ready_date"] == AS_OF
    # Not-ready clients say when they should be ready (a date after today, or unknown).
    for key in ("broken", "newcomer"):
        assert d.at[ids[key], "ready_date"] > AS_OF
    # Trust this low with no promise kept yet: not ready within the projection's horizon.
    assert pd.isna(d.at[ids["eager"], "ready_date"])
    assert d.at[ids["referrer"], "open_referral_days"] == 35
    assert pd.isna(d.at[ids["gone"], "ready_date"])


def test_only_ready_clients_are_asked(hand_db):
    path, _ = hand_db
    p = portfolio.load(path, as_of=AS_OF)
    d = decision.decide(p)
    status = trust.client_status(p, None, segments.never_probability(segments.posteriors(p)))
    asked = d.index[d["action"].eq("ask")]
    assert status.loc[asked, "ready"].all()
    assert set(d["action"]) <= set(decision.ACTIONS)
    assert set(d["reason_code"]) <= set(decision.REASON_CODES)


def test_a_click_changes_the_decision(hand_db):
    path, ids = hand_db
    day = AS_OF.date().isoformat()
    outcomes.record(path, client_id=ids["patient"], outcome="asked", day=day, token="t1")
    outcomes.record(path, client_id=ids["broken"], outcome="done", day=day, token="t2")
    outcomes.record(path, client_id=ids["referrer"], outcome="contacted", day=day, token="t3")
    d = _decide(path)
    assert (d.at[ids["patient"], "action"], d.at[ids["patient"], "reason_code"]) == (
        "wait", "asked_recently")
    assert d.at[ids["patient"], "awaiting_answer"] and d.at[ids["patient"], "due"]
    assert (d.at[ids["broken"], "action"], d.at[ids["broken"], "reason_code"]) == (
        "wait", "broken_promise")
    assert d.at[ids["referrer"], "action"] != "follow_up"
    outcomes.record(path, client_id=ids["patient"], outcome="referred", day=day, token="t4",
                    prospect_name="Lea")
    assert not _decide(path).at[ids["patient"], "awaiting_answer"]


def test_demo_decisions_agree_with_the_gate_and_the_segments(demo_portfolio):
    p = demo_portfolio
    d = decision.decide(p)
    assert list(d.index) == p.clients["id"].tolist()
    ov = segments_view.overview(p)
    status = trust.client_status(p, None, segments.never_probability(ov.fit.posteriors))
    ask = d["action"].eq("ask")
    assert ask.any()
    assert status.loc[d.index[ask], "ready"].all()
    assert ov.clients.loc[d.index[ask], "ready"].all()
    # Every ready client who is neither an advocate, a never-referrer nor in need of a repair
    # or follow-up is asked: no ready client silently disappears.
    plain = status["ready"] & ~d["action"].isin(["repair", "follow_up", "thank", "leave"])
    assert d.loc[plain, "action"].eq("ask").all()
    seg = ov.clients["segment"].reindex(d.index)
    assert not d.loc[seg.eq("advocate") & ~status["lost"], "action"].isin(["ask", "leave"]).any()
    assert d.loc[seg.eq("never") & ~status["lost"] & d["action"].isin(["ask", "thank"])].empty
    assert d.loc[status["lost"], "action"].eq("leave").all()
    assert d.loc[~ask, "priority"].isna().all()
    assert d.loc[ask, "priority"].between(0, 1.5).all()


def test_empty_portfolio(tmp_path):
    path = tmp_path / "empty.db"
    store.create_store(path)
    d = _decide(path)
    assert d.empty and list(d.columns) == list(decision.DECISION_COLUMNS)
