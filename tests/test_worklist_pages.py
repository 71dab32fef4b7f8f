"""Issue 12 on the pages: one decision everywhere (swept over every client of the demo store),
the Portfolio opening on the worklist, one click one row, undo, the list length in the URL."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

import pytest
from streamlit.testing.v1 import AppTest

from refdash import __main__ as cli
from refdash.i18n import translate
from refdash.model import decision, portfolio
from refdash.views import clients, segments
from refdash.views import portfolio as home
from refdash.views import worklist as view
from tests.conftest import APP, AS_OF

EVERYONE = 100_000  # a list length that leaves nobody out


def worklist_rows(db) -> list[tuple[str, int, str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT 'events', client_id, kind FROM events WHERE external_id LIKE 'worklist:%' "
            "UNION ALL SELECT 'referrals', client_id, prospect_name FROM referrals "
            "WHERE external_id LIKE 'worklist:%'").fetchall()
    return [tuple(r) for r in rows]


# --------------------------------------------------------------------------- one decision

def test_no_client_is_told_ask_in_one_place_and_else_in_another(demo_db, demo_portfolio,
                                                               capsysbinary):
    p = demo_portfolio
    decided = decision.decide(p)
    asked = set(decided.index[decided["action"].eq("ask")])
    assert asked, "the demo store has clients to ask"

    # 1. The worklist view (the page) and 2. `worklist --format json` (the CLI).
    wl = view.worklist(p, None, "en", limit=EVERYONE)
    assert {e.client_id for e in wl.asks} == asked
    assert all(e.action == decided.loc[e.client_id, "action"] for e in wl.entries)
    assert cli.main(["worklist", "--db", str(demo_db), "--week", AS_OF, "--format", "json",
                     "--limit", str(EVERYONE)]) == 0
    records = json.loads(capsysbinary.readouterr().out)
    assert {r["client_id"] for r in records if r["action"] == "ask"} == asked
    assert all(r["action"] == decided.loc[r["client_id"], "action"] for r in records)

    # 3. The Segments page's client tables: each client's action, not the segment's.
    ov = segments.overview(p)
    label = {a: translate(f"worklist.action.{a}", "en") for a in decision.ACTIONS}
    shown: Counter[tuple[str, str]] = Counter()
    for seg in segments.LABELS:
        table = segments.client_table(ov, seg, "en")
        shown.update(zip(table["Client"] if "Client" in table else table.iloc[:, 0],
                         table[translate("segments.col.action", "en")], strict=True))
    active = p.clients.set_index("id").loc[ov.clients.index[~ov.clients["lost"]]]
    want = Counter(zip(active["name"], decided.loc[active.index, "action"].map(label),
                       strict=True))
    assert shown == want

    # 4. The Clients page's next step, for every client.
    report = clients.clients_report(p)
    for cid in p.clients["id"]:
        step = clients.next_step(report.status.loc[cid], report, "en", decided.loc[cid])
        says_ask = step.key == "clients.next.ready"
        assert says_ask == (decided.loc[cid, "action"] == "ask"), cid


def test_the_clients_view_takes_the_decision(demo_portfolio):
    p = demo_portfolio
    decided = decision.decide(p)
    report = clients.clients_report(p)
    ready = report.status["ready"].reindex(decided.index).fillna(False).to_numpy(bool)
    overridden = decided.index[ready & decided["action"].ne("ask").to_numpy(bool)]
    assert len(overridden), "some ready clients are thanked, repaired or followed up"
    cid = int(overridden[0])
    one = clients.client_view(report, p, cid, "en", decisions=decided)
    assert one.sentence.startswith(translate(f"worklist.action.{decided.loc[cid, 'action']}",
                                             "en"))
    assert one.step.kind != "ready" or decided.loc[cid, "action"] == "thank"


def test_early_asks_toll_is_a_figure_from_history(demo_portfolio):
    report = clients.clients_report(demo_portfolio)
    toll = home.early_ask_toll(report, demo_portfolio)
    assert toll is not None and toll.early > 0 and toll.timely > 0
    assert toll.lost_low <= toll.lost <= toll.lost_high
    assert toll.referrals_low <= toll.referrals <= toll.referrals_high
    for lang in ("en", "fr", "it"):
        value, note, sentence = home.toll_texts(toll, lang)
        assert value and note and "{" not in sentence
    assert home.toll_texts(None, "en")[0] == "–"


def test_limit_from_the_url():
    assert view.limit_from_param(None) == view.DEFAULT_LIMIT
    assert view.limit_from_param("3") == 3
    for bad in ("0", "-2", "abc", "1e9", str(view.MAX_LIMIT + 1)):
        assert view.limit_from_param(bad) == view.DEFAULT_LIMIT


def test_row_html_shows_user_text_literally(demo_portfolio):
    e = view.worklist(demo_portfolio, None, "en").asks[0]
    tricky = type(e)(**{**e.record(), "name": "**Bold** <b>x</b>", "company": "[a](http://x)",
                        "outcomes": e.outcomes, "outcome_labels": e.outcome_labels})
    out = view.row_html(tricky)
    assert "&lt;b&gt;x&lt;/b&gt;" in out and "**Bold**" in out and "<b>x</b>" not in out


# --------------------------------------------------------------------------- the page

def run_app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_page_opens_on_the_worklist(app_env):
    at = run_app()
    assert at.subheader[0].value == "Who to ask this week"
    p = portfolio.load(app_env, as_of=AS_OF)
    wl = view.worklist(p, None, "en")
    asked = [b for b in at.button if b.key and b.key.endswith("_asked")]
    assert [b.key for b in asked] == [f"wl_{e.client_id}_asked" for e in wl.asks]
    # the worklist's three files, then the early asks' CSV
    keys = [d.proto.id.rsplit("-", 1)[-1] for d in at.get("download_button")]
    assert keys == ["wl_json", "wl_html", "wl_ics", "early_asks_csv"]


@pytest.mark.parametrize("lang", ["fr", "it"])
def test_the_worklist_heading_in_every_language(app_env, lang):
    at = run_app({"lang": lang})
    assert at.subheader[0].value == translate("worklist.asks_heading", lang)


def test_the_list_length_travels_in_the_url(app_env):
    at = run_app({"ask": "3"})
    assert len([b for b in at.button if b.key and b.key.endswith("_asked")]) == 3
    at.number_input(key="wl_ask").set_value(7).run()
    assert "ask" not in at.query_params
    at.number_input(key="wl_ask").set_value(4).run()
    assert at.query_params["ask"] in ("4", ["4"])


def test_one_click_one_row_then_the_answer_then_undo(app_env):
    at = run_app()
    key = next(b.key for b in at.button if b.key and b.key.endswith("_asked"))
    cid = int(key.split("_")[1])
    at.button(key=key).click().run()
    assert not at.exception
    assert worklist_rows(app_env) == [("events", cid, "referral_ask")]
    # The client now waits for the answer: the ask button is gone, the answers are there.
    keys = {b.key for b in at.button}
    assert key not in keys and f"wl_{cid}_declined" in keys and f"wl_{cid}_not_now" in keys
    at.run()  # a rerun writes nothing
    assert len(worklist_rows(app_env)) == 1
    at.button(key=f"wl_{cid}_declined").click().run()
    assert sorted(worklist_rows(app_env)) == [("events", cid, "referral_ask"),
                                              ("events", cid, "referral_declined")]
    at.button(key="wl_undo").click().run()
    assert worklist_rows(app_env) == [("events", cid, "referral_ask")]


def test_the_clients_view_records_the_outcome_once_and_undoes_it(app_env, demo_portfolio):
    """Issue 12 item 3 from the client's view: "Asked" on the Clients page writes one row,
    a rerun or a second click writes nothing more, the answers follow, undo removes them."""
    decided = decision.decide(demo_portfolio)
    cid = int(decided.index[decided["action"].eq("ask")][0])
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["clients_pick"] = cid
    at.run()
    at.switch_page("pages/clients.py").run()
    assert not at.exception, at.exception
    at.button(key=f"cl_{cid}_asked").click().run()
    assert not at.exception, at.exception
    assert worklist_rows(app_env) == [("events", cid, "referral_ask")]
    at.run()
    assert worklist_rows(app_env) == [("events", cid, "referral_ask")]
    keys = {b.key for b in at.button}
    assert f"cl_{cid}_asked" not in keys and f"cl_{cid}_declined" in keys
    at.button(key="cl_undo").click().run()
    assert worklist_rows(app_env) == []
