"""The Data page: logging an event (with the warning before an early ask), adding a client,
and, in a real browser, uploading a CRM export, fixing its mapping, importing it and seeing
the new clients on the Portfolio page."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from refdash.data import importing, store
from refdash.model import portfolio
from refdash.views import entry
from tests.browser import StreamlitServer, goto, metric_values, wait_for_run
from tests.conftest import AS_OF

ROOT = Path(__file__).resolve().parent.parent


def data_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/data.py").run()
    assert not at.exception, at.exception
    return at


def pick_client(db: Path, ready: bool) -> tuple[int, str | None]:
    """A client of the demo store who is (or is not, and why) ready to be asked today."""
    p = portfolio.load(db, as_of=AS_OF)
    for cid in p.clients["id"]:
        reason = entry.ask_warning(p, int(cid))
        if (reason is None) == ready and reason != "lost":
            return int(cid), reason
    raise AssertionError("the demo store has no such client")


def test_an_ask_for_a_client_who_is_not_ready_warns_before_saving(app_env):
    client_id, reason = pick_client(app_env, ready=False)
    asks_before = store.read_events(app_env).query("kind == 'referral_ask'").shape[0]
    at = data_page()
    at.selectbox(key="data_log_client").set_value(client_id).run()
    at.selectbox(key="data_log_what").set_value("referral_ask").run()
    warnings = [w.value for w in at.warning]
    reason_text = {"too_new": "known for less than 6 months",
                   "broken_promise": "a promise was broken in the last 3 months",
                   "asked_recently": "already asked in the last 6 months",
                   "low_trust": "trust is still too low"}[reason]
    assert any(f"is not ready to be asked: {reason_text}" in w for w in warnings), warnings
    assert at.button(key="data_log_save").disabled        # not before the user confirms
    at.checkbox(key="data_log_confirm").check().run()
    at.button(key="data_log_save").click().run()
    assert not at.exception
    assert any("Saved: Referral ask" in s.value for s in at.success)
    asks = store.read_events(app_env).query("kind == 'referral_ask'")
    assert len(asks) == asks_before + 1
    assert asks.sort_values("id").iloc[-1]["client_id"] == client_id


def test_an_ask_for_a_ready_client_saves_without_a_warning(app_env):
    client_id, _ = pick_client(app_env, ready=True)
    at = data_page()
    at.selectbox(key="data_log_client").set_value(client_id).run()
    at.selectbox(key="data_log_what").set_value("referral_ask").run()
    assert not any("not ready" in w.value for w in at.warning)
    assert not at.button(key="data_log_save").disabled


def test_logging_a_satisfaction_score_and_a_referral(app_env):
    client_id, _ = pick_client(app_env, ready=True)
    events_before = len(store.read_events(app_env))
    refs_before = len(store.read_referrals(app_env))
    at = data_page()
    at.selectbox(key="data_log_client").set_value(client_id).run()
    at.selectbox(key="data_log_what").set_value("satisfaction").run()
    at.select_slider(key="data_log_score").set_value(9.5).run()
    at.text_input(key="data_log_note").input("Très contente").run()
    at.button(key="data_log_save").click().run()
    events = store.read_events(app_env)
    assert len(events) == events_before + 1
    last = events.sort_values("id").iloc[-1]
    assert (last["kind"], last["score"], last["note"]) == ("satisfaction", 9.5, "Très contente")

    at.selectbox(key="data_log_what").set_value("referral_received").run()
    at.button(key="data_log_save").click().run()
    assert any("Give the prospect's name" in e.value for e in at.error)  # nothing saved
    assert len(store.read_referrals(app_env)) == refs_before
    at.text_input(key="data_log_prospect").input("Éloïse Garçon").run()
    at.button(key="data_log_save").click().run()
    refs = store.read_referrals(app_env)
    assert len(refs) == refs_before + 1
    assert refs.sort_values("id").iloc[-1]["prospect_name"] == "Éloïse Garçon"


def test_adding_a_client_and_the_message_when_something_is_missing(app_env):
    before = store.info(app_env).clients
    at = data_page()
    at.text_input(key="data_client_company").input("Pâtisserie Noël")
    at.button(key="data_client_save").click().run()
    assert any("Give the client a name." in e.value for e in at.error)
    assert store.info(app_env).clients == before
    at.text_input(key="data_client_name").input("Françoise Noël")
    at.text_input(key="data_client_company").input("Pâtisserie Noël")
    at.selectbox(key="data_client_owner").set_value("Camille Martin")
    at.text_input(key="data_client_external").input("CRM-42")
    at.button(key="data_client_save").click().run()
    assert not at.exception
    clients = store.read_clients(app_env).set_index("external_id")
    assert clients.loc["CRM-42", "name"] == "Françoise Noël"
    assert clients.loc["CRM-42", "owner"] == "Camille Martin"
    assert store.info(app_env).clients == before + 1


def test_the_page_speaks_french_and_italian(app_env):
    for lang, title, tab in (("fr", "Données", "Importer un fichier"),
                             ("it", "Dati", "Importa un file")):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["lang"] = lang
        at.run()
        at.switch_page("pages/data.py").run()
        assert not at.exception
        assert at.title[0].value == title
        assert at.tabs[0].label == tab


# --------------------------------------------------------------------------- browser

CRM_EXPORT = (
    "Record ID,First Name,Last Name,Company Name,Verantwortlich,Create Date,Lead Source\n"
    "90001,Zoë,Brontë-Nuñez,Œnologie Brontë,Élise Weiß,14/02/2025,Salon\n"
    "90002,Jürgen,Dœrfler,Bäckerei Dœrfler,Élise Weiß,03.03.2025,Referral\n"
    "90003,Ilaria,Fabbrò,Officine Fabbrò,Élise Weiß,2025-04-15 10:30,Web\n"
)


@pytest.mark.browser
def test_upload_fix_the_mapping_import_and_see_the_clients(page, demo_db, tmp_path):
    export = tmp_path / "crm_export.csv"
    export.write_text(CRM_EXPORT, encoding="utf-8")
    server = StreamlitServer(demo_db, env={"REFDASH_AS_OF": AS_OF}).start()
    try:
        goto(page, server)
        active = "Active clients"
        page.get_by_text(active, exact=True).first.wait_for()
        before = int(metric_values(page)[active].replace(",", ""))

        goto(page, server, "data")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(export))
        # "Verantwortlich" means nothing to refdash: the owner is missing, and it says so.
        page.get_by_text("No column feeds: Owner (sales lead)").wait_for()
        wait_for_run(page)
        select = page.locator('[data-testid="stSelectbox"]').filter(has_text="Verantwortlich")
        # A click on an already focused combobox does not open its list: type to filter it.
        select.get_by_role("combobox").click()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type("Owner")
        page.get_by_role("option", name="Owner (sales lead)", exact=True).click()
        page.get_by_role("button", name="Apply the mapping and check").click()
        page.get_by_text("Every row is valid.").wait_for()
        wait_for_run(page)
        assert metric_values(page)["Valid rows"] == "3"
        page.get_by_role("button", name="Import the 3 rows").click()
        page.get_by_text("crm_export.csv: 3 added, 0 updated, 0 already up to date.").wait_for()
        wait_for_run(page)

        page.get_by_role("link", name="See the portfolio").click()
        page.get_by_text(active, exact=True).first.wait_for()
        wait_for_run(page)
        page.wait_for_function(
            "([label, want]) => [...document.querySelectorAll('[data-testid=stMetric]')]"
            ".some(m => m.innerText.includes(label) && "
            "m.querySelector('[data-testid=stMetricValue]').innerText.replace(/,/g, '') == want)",
            arg=[active, str(before + 3)])
        # The new sales lead is offered in the owner filter.
        page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").click()
        assert page.get_by_role("option", name="Élise Weiß").count() == 1
    finally:
        server.stop()
    clients = store.read_clients(demo_db).set_index("external_id")
    assert clients.loc["90002", "name"] == "Jürgen Dœrfler"
    assert clients.loc["90001", "start_date"].isoformat()[:10] == "2025-02-14"
    assert '"Lead Source":"Salon"' in clients.loc["90001", "extra"]
    # The mapping was saved: the same kind of file needs no mapping next time.
    saved = store.list_mappings(demo_db, "clients")
    assert saved and saved[0].mapping["Verantwortlich"] == "owner"


def test_a_large_portfolio_asks_for_a_few_letters_before_listing_clients(app_env, monkeypatch):
    """Past the picker's limit the log form lists at most that many clients, and typing part
    of a name (or CRM id) narrows the list to the clients that match."""
    monkeypatch.setattr(entry, "PICKER_LIMIT", 50)
    p = portfolio.load(app_env, as_of=AS_OF)
    at = data_page()
    assert len(at.selectbox(key="data_log_client").options) == 50
    target = p.clients.iloc[123]
    at.text_input(key="data_log_find").input(target["external_id"]).run()
    assert not at.exception
    picker = at.selectbox(key="data_log_client")
    assert picker.options == [picker.format_func(int(target["id"]))]
    letters = target["name"].split()[-1][:4].lower()
    at.text_input(key="data_log_find").input(letters).run()
    shown = at.selectbox(key="data_log_client").options
    expected = entry.client_labels(p, letters, limit=50)
    assert shown == list(expected.values())
    assert all(letters in label.lower() for label in shown)


def test_the_ask_warning_follows_the_trust_gate_the_user_chose(app_env):
    """A client held back only by low trust is not warned about once the Clients page's
    threshold is lowered below their trust."""
    from refdash.model.trust import TrustSettings

    p = portfolio.load(app_env, as_of=AS_OF)
    low = [int(c) for c in p.clients["id"] if entry.ask_warning(p, int(c)) == "low_trust"]
    assert low, "the demo store has clients held back by low trust"
    assert entry.ask_warning(p, low[0], trust_settings=TrustSettings(threshold=0.0)) is None
    assert entry.ask_warning(p, low[0], trust_settings=TrustSettings()) == "low_trust"


def test_the_uploader_refuses_what_the_importer_would_refuse_and_says_that_limit(app_env):
    """The uploader's own limit (shown under it as "… MB per file") is the importer's, so a
    larger file never reaches the server's memory and the page never promises more."""
    at = data_page()
    uploader = at.get("file_uploader")[0]
    assert uploader.proto.max_upload_size_mb * 1024 * 1024 == importing.MAX_FILE_BYTES
