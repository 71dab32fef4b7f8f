"""Issue 11 in a real browser, as a new user: remove the demo data on the Data page, import
HubSpot's contacts, tasks and NPS answers through the uploader, and see a ready client on
the Portfolio's worklist; the demo badge is gone."""

from __future__ import annotations

from pathlib import Path

import pytest

from refdash.data import demo, importing, store
from tests.browser import StreamlitServer, goto, wait_for_run

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).parent / "fixtures" / "crm"
AS_OF = "2025-06-30"
#: The HubSpot contact whose tasks were done on time for two years, with NPS 9-10.
READY = "Amélie Lefèvre"


#: The files a HubSpot user exports, in the order they are imported (kind, file).
FILES = (("clients", "hubspot_contacts.csv"), ("activities", "hubspot_tasks.csv"),
         ("activities", "hubspot_feedback_submissions.csv"))
KIND_LABELS = {"clients": "Clients", "activities": "CRM activities"}


def upload(page, kind: str, name: str, rows: tuple[int, int]) -> None:
    """Choose the kind of file, upload it, check it with the suggested mapping, import it."""
    page.get_by_test_id("stRadio").get_by_text(KIND_LABELS[kind], exact=True).click()
    wait_for_run(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        str(FIXTURES / name))
    page.get_by_text("Every row is valid.").wait_for()
    wait_for_run(page)
    page.get_by_role("button", name=f"Import the {rows[0]} rows").click()
    page.get_by_text(f"{name}: {rows[1]} added").wait_for()
    wait_for_run(page)


def test_remove_the_demo_import_hubspot_and_see_a_ready_client(tmp_path, page):
    counts = expected(tmp_path)
    db = tmp_path / "store.db"
    demo.write_demo_store(db, n_clients=60, seed=7, as_of=AS_OF)
    server = StreamlitServer(db, env={"REFDASH_AS_OF": AS_OF}).start()
    try:
        goto(page, server, "data")
        sidebar = page.get_by_test_id("stSidebar")
        assert "Demo data" in sidebar.inner_text()
        page.get_by_text("Start clean: remove the 60 demo clients").click()
        remove = page.get_by_role("button", name="Remove the demo clients")
        remove.wait_for()
        assert remove.is_disabled()  # a confirmation first
        page.get_by_text("Yes, remove the 60 demo clients").click()
        wait_for_run(page)
        remove.dblclick()  # a double click removes once
        page.get_by_text("Removed 60 clients").wait_for()
        wait_for_run(page)
        assert "Demo data" not in sidebar.inner_text()
        assert store.info(db).clients == 0
        assert len(list((tmp_path / "backups").iterdir())) == 1

        for kind, name in FILES:
            upload(page, kind, name, counts[name])

        page.get_by_role("link", name="See the portfolio").click()
        asks = page.locator(".st-key-worklist_asks")
        asks.get_by_text(READY).first.wait_for()
        wait_for_run(page)
        assert "Demo data" not in sidebar.inner_text()
        # Every client has evidence now: no "no evidence yet" notice.
        assert page.locator(".st-key-no_evidence").count() == 0
    finally:
        server.stop()


def expected(tmp_path: Path) -> dict[str, tuple[int, int]]:
    """What the page should offer and report for each file, imported in the same order into
    a scratch store: (rows to import, rows added)."""
    scratch = tmp_path / "scratch.db"
    store.create_store(scratch)
    out = {}
    for kind, name in FILES:
        res = importing.import_file(scratch, FIXTURES / name, kind, as_of=AS_OF)
        assert res.counts is not None and res.prepared.rejected_count == 0
        out[name] = (res.prepared.valid, res.counts.added)
    return out
