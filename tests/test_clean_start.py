"""Issue 11: a clean start (remove the demo clients, or start empty, after a backup; once
even if asked twice; the demo badge goes) and clients without evidence told so."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from refdash.data import cleanup, demo, importing, store
from refdash.i18n import translate, translate_plural
from refdash.model import portfolio
from refdash.views import evidence
from tests.conftest import APP

FIXTURES = Path(__file__).parent / "fixtures" / "crm"
AS_OF = "2025-06-30"


@pytest.fixture
def small_demo(tmp_path) -> Path:
    path = tmp_path / "store.db"
    demo.write_demo_store(path, n_clients=40, seed=3, as_of=AS_OF)
    return path


def _hubspot(path: Path, activities: bool = True) -> None:
    importing.import_file(path, FIXTURES / "hubspot_contacts.csv", "clients", as_of=AS_OF)
    if activities:
        for name in ("hubspot_tasks.csv", "hubspot_feedback_submissions.csv"):
            importing.import_file(path, FIXTURES / name, "activities", as_of=AS_OF)


# --------------------------------------------------------------------------- the data layer

def test_removing_the_demo_keeps_the_users_clients_after_a_backup(small_demo):
    demo_ids = set(store.read_demo_truth(small_demo)["client_id"])
    mine = store.add_client(small_demo, name="Mine", owner="Me", start_date="2024-01-01",
                            referred_by=min(demo_ids))
    kept = store.add_event(small_demo, client_id=mine, date="2025-01-02", kind="promise_kept")
    done = cleanup.remove_demo_clients(small_demo)
    assert done is not None and done.clients == len(demo_ids) and done.events > 0
    clients = store.read_clients(small_demo)
    assert clients["id"].tolist() == [mine]
    assert clients["referred_by"].isna().all()  # the demo "referrer" is gone, the client stays
    assert store.read_events(small_demo)["id"].tolist() == [kept]
    assert store.read_referrals(small_demo).empty
    info = store.info(small_demo)
    assert not info.is_demo and info.demo_seed is None
    # The backup holds everything as it was.
    assert done.backup is not None and done.backup.parent == small_demo.parent / "backups"
    assert store.info(done.backup).clients == len(demo_ids) + 1


def test_a_second_removal_writes_nothing_and_makes_no_second_backup(small_demo):
    assert cleanup.remove_demo_clients(small_demo) is not None
    before = store.dump_checksum(small_demo)
    backups = sorted((small_demo.parent / "backups").iterdir())
    assert cleanup.remove_demo_clients(small_demo) is None
    assert cleanup.start_empty(small_demo) is None  # empty already
    assert store.dump_checksum(small_demo) == before
    assert sorted((small_demo.parent / "backups").iterdir()) == backups


def test_starting_empty_removes_everything_but_the_saved_mappings(small_demo):
    _hubspot(small_demo)
    store.save_mapping(small_demo, "HubSpot", "clients", ["Record ID"], {"Record ID": "external_id"})
    total = store.info(small_demo).clients
    done = cleanup.start_empty(small_demo)
    assert done is not None and done.clients == total
    info = store.info(small_demo)
    assert (info.clients, info.events, info.referrals, info.is_demo) == (0, 0, 0, False)
    assert [m.name for m in store.list_mappings(small_demo)] == ["HubSpot"]
    assert store.info(done.backup).clients == total


def test_the_flag_goes_once_no_demo_client_is_left(small_demo):
    assert not cleanup.settle_demo_flag(small_demo)  # demo clients still there
    assert store.info(small_demo).is_demo
    store.set_meta(small_demo, {"demo": "1"})
    cleanup.remove_demo_clients(small_demo)
    store.set_meta(small_demo, {"demo": "1"})  # e.g. a store flagged by an older version
    _hubspot(small_demo, activities=False)
    assert cleanup.settle_demo_flag(small_demo)
    assert not store.info(small_demo).is_demo


# --------------------------------------------------------------------------- no evidence

def test_clients_imported_without_activities_are_counted_as_without_evidence(small_demo):
    cleanup.remove_demo_clients(small_demo)
    _hubspot(small_demo, activities=False)
    p = portfolio.load(small_demo, as_of=AS_OF)
    gap = evidence.without_evidence(p)
    assert (gap.count, gap.active) == (5, 5)
    for lang in ("en", "fr", "it"):
        text = evidence.notice(gap, lang)
        assert text is not None and "5" in text and "CRM" in text
    # A meeting alone is no evidence (it does not move trust); a kept promise is.
    first = int(p.clients["id"].iloc[0])
    store.add_event(small_demo, client_id=first, date="2025-06-01", kind="meeting")
    assert evidence.without_evidence(portfolio.load(small_demo, as_of=AS_OF)).count == 5
    store.add_event(small_demo, client_id=first, date="2025-06-02", kind="promise_kept")
    p = portfolio.load(small_demo, as_of=AS_OF)
    gap = evidence.without_evidence(p)
    assert gap.count == 4 and gap.has_evidence(first) and first not in gap.ids
    # A lost client keeps the evidence it had (it is no longer counted among the active).
    store.add_event(small_demo, client_id=first, date="2025-06-03", kind="lost")
    gap = evidence.without_evidence(portfolio.load(small_demo, as_of=AS_OF))
    assert (gap.count, gap.active) == (4, 4) and gap.has_evidence(first)
    # With the activities export every client has some: no notice.
    _hubspot(small_demo)
    gap = evidence.without_evidence(portfolio.load(small_demo, as_of=AS_OF))
    assert gap.count == 0 and evidence.notice(gap, "en") is None


def test_french_counts_one_client_in_the_singular():
    gap = evidence.NoEvidence(frozenset({7}), 3)
    assert evidence.notice(gap, "fr").startswith("1 client actif sur 3 n'a")
    assert evidence.notice(gap, "en").startswith("1 of 3 active clients has")


# --------------------------------------------------------------------------- the pages

def _app(monkeypatch, path: Path, page: str | None = None) -> AppTest:
    monkeypatch.setenv("REFDASH_DB", str(path))
    monkeypatch.setenv("REFDASH_AS_OF", AS_OF)
    at = AppTest.from_file(APP, default_timeout=60).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception
    return at


def _badge(monkeypatch, path: Path) -> bool:
    """Whether the sidebar shows the demo badge (read on the Portfolio: AppTest keeps the
    sidebar of the first page only)."""
    at = _app(monkeypatch, path)
    return any(i.value.startswith("Demo data") for i in at.sidebar.info)


def test_the_data_page_removes_the_demo_after_a_confirmation(monkeypatch, small_demo):
    assert _badge(monkeypatch, small_demo)
    at = _app(monkeypatch, small_demo, "pages/data.py")
    button = at.button(key="cleanup_remove_demo")
    assert button.disabled  # nothing is removed before the box is ticked
    at.checkbox(key="cleanup_confirm_demo").check().run()
    assert not at.button(key="cleanup_remove_demo").disabled
    at.button(key="cleanup_remove_demo").click().run()
    assert not at.exception
    assert store.info(small_demo).clients == 0
    assert any("Backup:" in s.value for s in at.success)
    assert not _badge(monkeypatch, small_demo)
    backups = list((small_demo.parent / "backups").iterdir())
    assert len(backups) == 1 and store.info(backups[0]).clients == 40


def test_starting_empty_from_the_data_page(monkeypatch, small_demo):
    _hubspot(small_demo, activities=False)
    at = _app(monkeypatch, small_demo, "pages/data.py")
    assert at.button(key="cleanup_start_empty").disabled
    at.checkbox(key="cleanup_confirm_empty").check().run()
    at.button(key="cleanup_start_empty").click().run()
    assert not at.exception
    assert store.info(small_demo).clients == 0 and not _badge(monkeypatch, small_demo)


def test_portfolio_and_clients_pages_say_who_has_no_evidence(monkeypatch, small_demo):
    cleanup.remove_demo_clients(small_demo)
    _hubspot(small_demo, activities=False)
    want = translate_plural("evidence.none", "en", 5, count="5", total="5")
    for page in (None, "pages/clients.py"):
        at = _app(monkeypatch, small_demo, page)
        assert want in [i.value for i in at.info], page
    at = _app(monkeypatch, small_demo, "pages/clients.py")
    assert translate("evidence.none.client", "en") in [c.value for c in at.caption]
