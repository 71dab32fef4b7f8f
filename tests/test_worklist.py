"""The worklist view, its CLI (json, html, ics) and the one-click outcomes."""

from __future__ import annotations

import json

import icalendar
import pandas as pd
import pytest

from refdash import __main__ as cli
from refdash.data import outcomes, store
from refdash.errors import RefdashError
from refdash.model import decision, portfolio
from refdash.views import worklist as view
from tests.conftest import AS_OF
from tests.test_decision import hand_db  # noqa: F401  (fixture)


def _run(capsysbinary, *argv: str) -> bytes:
    assert cli.main(["worklist", *argv]) == 0
    return capsysbinary.readouterr().out


@pytest.mark.parametrize("lang", ["en", "fr", "it"])
def test_view_ranks_asks_and_words_every_reason(demo_portfolio, lang):
    wl = view.worklist(demo_portfolio, None, lang, limit=5)
    d = decision.decide(demo_portfolio)
    assert 0 < len(wl.asks) <= 5 and len(wl.others) <= 5
    assert [e.action for e in wl.asks] == ["ask"] * len(wl.asks)
    priorities = [e.priority for e in wl.asks]
    assert priorities == sorted(priorities, reverse=True)
    assert priorities[0] == pytest.approx(d["priority"].max())
    assert wl.more_asks == int(d["action"].eq("ask").sum()) - len(wl.asks)
    for e in wl.entries:
        assert e.reason and "{" not in e.reason
        assert (e.action, e.reason_code) == tuple(d.loc[e.client_id, ["action", "reason_code"]])
        assert e.due and e.outcomes and len(e.outcome_labels) == len(e.outcomes)
    assert all(e.action != "ask" for e in wl.others)


def test_reason_is_built_from_the_clients_evidence(hand_db):  # noqa: F811
    path, ids = hand_db
    p = portfolio.load(path, as_of=AS_OF)
    wl = view.worklist(p, None, "en")
    (ask,) = wl.asks
    assert ask.client_id == ids["patient"] and ask.company == "Acme"
    assert ask.reason == "known 24 months, 24 promises kept, 9/10 in October 2026, never asked"
    assert view.worklist(p, None, "fr").asks[0].reason == (
        "relation de 24 mois, 24 promesses tenues, 9/10 en octobre 2026, aucune demande jusqu'ici")
    assert view.worklist(p, None, "it").asks[0].reason == (
        "rapporto da 24 mesi, 24 promesse mantenute, 9/10 ad ottobre 2026, nessuna richiesta finora")
    others = {e.client_id: e for e in wl.others}
    assert others[ids["broken"]].reason.startswith("promise broken on 5 Nov 2026")
    assert others[ids["eager"]].reason.startswith("asked on 3 Oct 2026, before")
    assert "Zoé <Martin> & Co, named 35 days ago" in others[ids["referrer"]].reason
    assert ids["newcomer"] not in others and ids["meetings"] not in others
    with pytest.raises(RefdashError) as err:
        view.worklist(p, None, "en", limit=0)
    assert err.value.code == "worklist.bad_limit"


def test_json_agrees_with_the_view(demo_db, demo_portfolio, capsysbinary):
    for owner in (None, demo_portfolio.owners[0]):
        args = ["--db", str(demo_db), "--week", AS_OF, "--format", "json", "--lang", "fr"]
        p = demo_portfolio
        if owner:
            args += ["--owner", owner]
            p = p.for_owners([owner])
        got = json.loads(_run(capsysbinary, *args))
        expected = json.loads(json.dumps(view.worklist(p, None, "fr").records()))
        assert got == expected
        for entry in got:
            assert {"external_id", "name", "owner", "action", "reason_code", "reason",
                    "ready_date"} <= set(entry)
            assert owner is None or entry["owner"] == owner


def test_ics_parses_back(demo_db, demo_portfolio, capsysbinary, tmp_path):
    out = tmp_path / "week.ics"
    _run(capsysbinary, "--db", str(demo_db), "--week", AS_OF, "--format", "ics",
         "--output", str(out))
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    wl = view.worklist(demo_portfolio, None, "en")
    assert len(events) == len(wl.asks) + len(wl.upcoming) > len(wl.asks)
    asks = [e for e in events if str(e["uid"]).startswith("refdash-ask-")]
    assert [str(e["summary"]) for e in asks] == [f"Ask {a.name} for a referral" for a in wl.asks]
    assert {e.decoded("dtstart") for e in asks} == {pd.Timestamp(AS_OF).date()}
    ready = [e for e in events if str(e["uid"]).startswith("refdash-ready-")]
    assert all(e.decoded("dtstart") > pd.Timestamp(AS_OF).date() for e in ready)
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_html_email_per_lead_escapes_user_text(hand_db, capsysbinary):  # noqa: F811
    path, ids = hand_db
    store.add_client(path, name="<script>x</script>", owner="Bo & <Co>", start_date="2026-11-01")
    page = _run(capsysbinary, "--db", str(path), "--week", AS_OF, "--format", "html").decode()
    assert page.count("<section") == 2
    assert "Hello Ada," in page and "Hello Bo &amp; &lt;Co&gt;," in page
    assert "Zoé &lt;Martin&gt; &amp; Co" in page and "<script>" not in page


def test_bad_input_is_one_translated_line(hand_db, capsys):  # noqa: F811
    path, _ = hand_db
    assert cli.main(["worklist", "--db", str(path), "--week", "2026-13-01", "--lang", "fr"]) == 2
    assert capsys.readouterr().err.strip() == "error: 2026-13-01 n'est pas une date (format AAAA-MM-JJ)."
    assert cli.main(["worklist", "--db", str(path), "--owner", "Nobody"]) == 2
    err = capsys.readouterr().err
    assert "Nobody" in err and "Ada" in err and "Traceback" not in err


def test_outcome_written_once_and_undone(hand_db):  # noqa: F811
    path, ids = hand_db
    cid, day = ids["patient"], AS_OF
    before = len(store.read_events(path))
    token = outcomes.new_token()
    first = outcomes.record(path, client_id=cid, outcome="asked", day=day, token=token)
    again = outcomes.record(path, client_id=cid, outcome="asked", day=day, token=token)
    assert first.written and not again.written and again.external_id == first.external_id
    events = store.read_events(path)
    assert len(events) == before + 1
    assert events.loc[events["id"].eq(first.row_id), "kind"].item() == "referral_ask"
    # The list updates at once: the client now awaits the answer, with its three buttons.
    p = portfolio.load(path, as_of=AS_OF)
    entry = next(e for e in view.worklist(p).others if e.client_id == cid)
    assert entry.outcomes == view.ANSWER_OUTCOMES
    ref = outcomes.record(path, client_id=cid, outcome="referred", day=day, token="b",
                          prospect_name="  Léa  ")
    assert ref.table == "referrals"
    assert store.read_referrals(path).set_index("id").loc[ref.row_id, "prospect_name"] == "Léa"
    assert outcomes.undo_last(path) == ref.external_id
    assert outcomes.undo_last(path, client_ids=[ids["broken"]]) is None
    assert outcomes.undo_last(path) == first.external_id
    assert len(store.read_events(path)) == before and outcomes.undo_last(path) is None
    assert not outcomes.undo(path, "C-patient")  # only rows the worklist wrote


@pytest.mark.parametrize(("kw", "code"), [
    ({"outcome": "maybe"}, "worklist.unknown_outcome"),
    ({"outcome": "referred"}, "worklist.missing_prospect"),
    ({"token": " "}, "worklist.missing_token"),
    ({"day": "soon"}, "worklist.bad_date"),
    ({"client_id": 999}, "worklist.unknown_client"),
])
def test_outcome_refusals(hand_db, kw, code):  # noqa: F811
    path, ids = hand_db
    args = {"client_id": ids["patient"], "outcome": "asked", "day": AS_OF, "token": "t"} | kw
    with pytest.raises(RefdashError) as err:
        outcomes.record(path, **args)
    assert err.value.code == code
    assert err.value.message("it")
