"""The Clients page in a real browser: pick a client, see its events on the chart and the
next step the model recommends."""

from __future__ import annotations

import pytest

from refdash.model import portfolio
from refdash.views import clients
from tests.browser import assert_no_exception, goto, wait_for_run
from tests.conftest import AS_OF

pytestmark = pytest.mark.browser

#: The client's trajectory among the page's charts (the gate check has one too): the one whose
#: title is the client's name.
CHART = ("name => [...document.querySelectorAll('.js-plotly-plot')].find(p => p._fullData"
         " && p.layout && p.layout.title && String(p.layout.title.text).includes(name))")
TRACES = f"name => ({CHART})(name)._fullData.map(t => [t.name, t.x.length])"


def test_selecting_a_client_shows_its_events_and_next_step(app_server, page):
    p = portfolio.load(app_server.db, as_of=AS_OF)
    report = clients.clients_report(p)
    asks = report.asks
    referrers = set(p.referrals["client_id"])
    status = report.status
    # A client not ready now, with an early ask, a timely one and a referral given.
    early = set(asks.loc[asks["early"], "client_id"])
    timely = set(asks.loc[~asks["early"], "client_id"])
    candidates = [c for c in status.index[~status["ready"] & ~status["lost"]]
                  if c in early and c in timely and c in referrers]
    cid = int(candidates[0])
    name = p.clients.set_index("id").loc[cid, "name"]
    label = f"{name} · #{cid}"
    want = clients.sentence(clients.next_step(status.loc[cid], report, "en"), "en")

    # A deep link: the page runs inside the app (sidebar, language) even when opened first.
    goto(page, app_server, "clients")
    # Opened first, the page runs alone, then again inside app.py (refdash.ui.shell): the
    # sidebar comes with that second run, which may begin after goto has seen the first end.
    page.get_by_test_id("stSidebar").get_by_text("Language · Langue · Lingua").wait_for()
    wait_for_run(page)
    main = page.get_by_test_id("stMain")
    main.get_by_test_id("stSelectbox").click()
    page.keyboard.type(f"#{cid}")
    page.get_by_role("option", name=label).click()
    main.get_by_role("heading", name=name).wait_for()
    wait_for_run(page)
    page.wait_for_function(f"name => Boolean(({CHART})(name))", arg=name)
    counts = dict(page.evaluate(TRACES, name))

    mine = asks[asks["client_id"] == cid]
    events = p.events[p.events["client_id"] == cid]
    assert counts["Early ask"] == int(mine["early"].sum()) > 0
    assert counts["Ask when ready"] == int((~mine["early"]).sum()) > 0
    assert counts["Referral given"] == int((p.referrals["client_id"] == cid).sum())
    assert counts["Promise kept"] == int((events["kind"] == "promise_kept").sum())
    assert counts["Trust"] == len(report.client_trajectory(cid))
    assert main.get_by_test_id("stAlert").filter(has_text=want).count() == 1
    assert_no_exception(page)

