"""CRM activities as evidence: the rules one by one, the three CRMs' exports giving the
ready and not-ready clients a sales lead would agree with, re-imports and updated exports."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refdash import i18n
from refdash.data import importing, store
from refdash.data.importing import activities as act
from refdash.model import portfolio, trust

FIXTURES = Path(__file__).parent / "fixtures" / "crm"
AS_OF = "2025-06-30"
TODAY = pd.Timestamp(AS_OF)
#: Each CRM's contacts export, then its activities exports.
CRMS = {
    "hubspot": ("hubspot_contacts.csv", "hubspot_tasks.csv", "hubspot_feedback_submissions.csv"),
    "salesforce_fr": ("salesforce_contacts_fr.csv", "salesforce_taches_fr.csv"),
    "pipedrive": ("pipedrive_persons.csv", "pipedrive_activities.csv",
                  "pipedrive_nps_survey.csv"),
    "zoho": ("zoho_contacts.csv", "zoho_tasks.csv", "zoho_survey_nps.csv"),
}
#: What a sales lead expects of the five clients each CRM holds (by e-mail's local part).
EXPECTED = {"ready": "", "late": "broken_promise", "overdue": "broken_promise",
            "unhappy": "low_trust", "new": "too_new"}


def _import(db: Path, files: tuple[str, ...]) -> None:
    for i, name in enumerate(files):
        kind = "clients" if i == 0 else "activities"
        res = importing.import_file(db, FIXTURES / name, kind, as_of=AS_OF)
        assert res.prepared.rejected_count == 0, importing.describe_problems(res.prepared, "en")
        assert res.counts is not None


def _status(db: Path) -> pd.DataFrame:
    p = portfolio.load(db, as_of=AS_OF)
    status = trust.client_status(p)
    clients = p.clients.set_index("id")
    status["who"] = clients["email"].str.split("@").str[0]
    return status.set_index("who")


def _ev(family, status, due=None, done=None, opened=None, score=None) -> act.Parsed:
    def dates(v):
        return pd.Series([pd.Timestamp(v) if v else pd.NaT], dtype="datetime64[ns]")
    return act.Parsed(family=pd.Series([family], dtype="object"),
                      status=pd.Series([status], dtype="object"), due=dates(due),
                      done_at=dates(done), opened=dates(opened),
                      score=pd.Series([score], dtype="float"))


# --------------------------------------------------------------------------- the rules

@pytest.mark.parametrize(("args", "kind", "date"), [
    (("task", "done", "2025-03-10", "2025-03-09"), "promise_kept", "2025-03-09"),
    (("task", "done", "2025-03-10", "2025-03-13"), "promise_kept", "2025-03-13"),  # in grace
    # kept late: the promise broke the day the deadline passed (due + grace)
    (("task", "done", "2025-03-10", "2025-03-31"), "promise_broken", "2025-03-13"),
    (("task", "open", "2025-06-01"), "promise_broken", "2025-06-04"),
    (("task", "open", "2025-06-28"), None, None),                 # not overdue yet
    (("task", "cancelled", "2025-03-10"), None, None),
    (("task", None, "2025-03-10", "2025-03-10"), "promise_kept", "2025-03-10"),  # done date
    (("meeting", "done", "2025-04-10"), "meeting", "2025-04-10"),
    (("meeting", "open", "2025-07-10"), None, None),
    (("deal", "won", None, "2025-02-01"), "delivery", "2025-02-01"),
    (("deal", "lost", None, "2025-02-01"), None, None),
    (("ticket", "open", None, None, "2025-05-01"), "complaint", "2025-05-01"),
    (("survey", None, None, None, "2025-05-02", 9.0), "satisfaction", "2025-05-02"),
])
def test_rules(args, kind, date):
    ev = act.evidence(_ev(*args), TODAY)
    got = ev["kind"].iloc[0]
    assert (None if pd.isna(got) else got) == kind
    if date:
        assert ev["date"].iloc[0] == pd.Timestamp(date)


def test_done_late_counts_as_broken_and_says_how_late():
    ev = act.evidence(_ev("task", "done", "2025-03-10", "2025-03-31"), TODAY)
    assert ev["note"].iloc[0] == "done 21 days late"


def test_grace_is_a_setting():
    late = _ev("task", "done", "2025-03-10", "2025-03-17")
    assert act.evidence(late, TODAY)["kind"].iloc[0] == "promise_broken"
    wide = act.ActivityRules(grace_days=7)
    assert act.evidence(late, TODAY, wide)["kind"].iloc[0] == "promise_kept"


def test_ticket_closed_quickly_counts_better_than_one_that_dragged():
    quick = act.evidence(_ev("ticket", "done", None, "2025-05-04", "2025-05-01"), TODAY)
    slow = act.evidence(_ev("ticket", "done", None, "2025-06-01", "2025-05-01"), TODAY)
    still_open = act.evidence(_ev("ticket", "open", None, None, "2025-05-01"), TODAY)
    assert quick["kind"].iloc[0] == slow["kind"].iloc[0] == "complaint"
    assert quick["resolution_kind"].iloc[0] == "promise_kept"
    assert slow["resolution_kind"].iloc[0] == "promise_broken"
    assert slow["resolution_date"].iloc[0] == pd.Timestamp("2025-05-08")
    assert still_open["resolution_kind"].iloc[0] == "promise_broken"
    fresh = act.evidence(_ev("ticket", "open", None, None, "2025-06-28"), TODAY)
    assert pd.isna(fresh["resolution_kind"].iloc[0])


def test_csat_rescaled_nps_as_is():
    assert act.csat_to_score(pd.Series([1.0, 3.0, 5.0])).tolist() == [0.0, 5.0, 10.0]
    table = importing.read_table(
        b"Response ID,Contact ID,Survey type,Rating,Submitted at\n"
        b"a,C1,CSAT,4,2025-05-01\nb,C1,NPS,4,2025-05-02\nc,C1,CSAT,7,2025-05-03\n", "s.csv")
    mapping = importing.suggest_mapping(table.headers, "activities")
    prepared = importing.prepare(table, "activities", mapping, known_clients=["C1"], as_of=AS_OF)
    assert prepared.rows["score"].tolist() == [7.5, 4.0]
    assert prepared.problems["code"].tolist() == ["score_range"]


def test_several_associated_contacts_each_get_the_evidence():
    table = importing.read_table(
        b"Record ID,Task Status,Due Date,Completed at,Associated Contact IDs\n"
        b"9,Completed,2025-05-01,2025-04-30,C1;C2\n", "t.csv")
    mapping = importing.suggest_mapping(table.headers, "activities")
    prepared = importing.prepare(table, "activities", mapping, known_clients=["C1", "C2"],
                                 as_of=AS_OF)
    assert prepared.rows["external_id"].tolist() == ["hubspot:activity:9",
                                                     "hubspot:activity:9@C2"]
    assert prepared.rows["client_external_id"].tolist() == ["C1", "C2"]


def test_headers_are_recognised():
    for name in ("hubspot_tasks.csv", "salesforce_taches_fr.csv", "pipedrive_activities.csv",
                 "hubspot_feedback_submissions.csv", "pipedrive_nps_survey.csv"):
        assert act.looks_like_activities(importing.read_table(FIXTURES / name).headers), name
    for name in ("hubspot_contacts.csv", "salesforce_contacts_fr.csv", "pipedrive_persons.csv"):
        assert not act.looks_like_activities(importing.read_table(FIXTURES / name).headers)
    sf = importing.read_table(FIXTURES / "salesforce_taches_fr.csv")
    assert sf.delimiter == ";"
    assert "Date d'échéance" in sf.headers and "Date/Heure de clôture" in sf.headers
    assert act.guess_source(sf.headers) == "salesforce"
    mapping = importing.suggest_mapping(sf.headers, "activities")
    assert mapping["Date d'échéance"] == "due_date" and mapping["Statut"] == "status"
    pd_headers = importing.read_table(FIXTURES / "pipedrive_activities.csv").headers
    assert act.guess_source(pd_headers) == "pipedrive"
    assert importing.suggest_mapping(pd_headers, "activities")["Activity - Done"] == "done"


def test_zoho_exports_are_recognised():
    tasks = importing.read_table(FIXTURES / "zoho_tasks.csv").headers
    assert act.looks_like_activities(tasks) and act.guess_source(tasks) == "zoho"
    mapping = importing.suggest_mapping(tasks, "activities")
    assert {h: f for h, f in mapping.items() if f != importing.KEEP} == {
        "Record Id": "external_id", "Subject": "subject", "Due Date": "due_date",
        "Contact Name.id": "client", "Status": "status", "Created Time": "date",
        "Closed Time": "done_date"}
    contacts = importing.read_table(FIXTURES / "zoho_contacts.csv").headers
    assert not act.looks_like_activities(contacts)
    assert {h: f for h, f in importing.suggest_mapping(contacts, "clients").items()
            if f != importing.KEEP} == {
        "Record Id": "external_id", "Contact Owner": "owner", "First Name": "first_name",
        "Last Name": "last_name", "Account Name": "company", "Email": "email",
        "Created Time": "start_date"}
    survey = importing.read_table(FIXTURES / "zoho_survey_nps.csv").headers
    assert act.looks_like_activities(survey)
    question = "How likely are you to recommend us to a friend or colleague?"
    assert importing.suggest_mapping(survey, "activities")[question] == "score"
    # Zoho's task statuses, each read as done or open.
    assert act.statuses(pd.Series(["Not Started", "Deferred", "In Progress", "Completed",
                                   "Waiting for input"])).tolist() == [
        "open", "open", "open", "done", "open"]


def test_salesforce_fr_is_read_as_cp1252():
    sf = importing.read_table(FIXTURES / "salesforce_taches_fr.csv")
    assert sf.frame["Objet"].iloc[0] == "Envoyer le rapport mensuel n° 1"


# --------------------------------------------------------------------------- end to end

@pytest.mark.parametrize("crm", sorted(CRMS))
def test_crm_exports_give_the_clients_a_sales_lead_expects(tmp_path, crm):
    db = tmp_path / "s.db"
    store.create_store(db)
    _import(db, CRMS[crm])
    status = _status(db)
    for who, reason in EXPECTED.items():
        assert status.loc[who, "reason"] == reason, (crm, who, status.loc[who].to_dict())
        assert bool(status.loc[who, "ready"]) == (reason == "")
        if reason:  # the reason in words, in each language
            for lang in ("en", "fr", "it"):
                assert i18n.translate(f"clients.reason.{reason}", lang)


def test_reimport_adds_nothing_and_updated_export_updates(tmp_path):
    db = tmp_path / "s.db"
    store.create_store(db)
    _import(db, CRMS["hubspot"])
    before = store.dump_checksum(db)
    _import(db, CRMS["hubspot"])
    assert store.dump_checksum(db) == before
    # The overdue task (three weeks) is done since, within its grace: kept, not broken.
    tasks = (FIXTURES / "hubspot_tasks.csv").read_text("utf-8-sig")
    assert "2025-06-09 17:00,,703" in tasks
    updated = tasks.replace("Not started,2025-06-09 17:00,,703",
                            "Completed,2025-06-09 17:00,2025-06-11 10:00,703")
    n_events = len(store.read_events(db))
    res = importing.import_file(db, updated.encode("utf-8"), "activities",
                                file_name="tasks.csv", as_of=AS_OF)
    assert (res.counts.added, res.counts.updated) == (0, 1)
    assert len(store.read_events(db)) == n_events
    assert _status(db).loc["overdue", "ready"]


def test_a_task_rescheduled_to_the_future_takes_back_its_broken_promise(tmp_path):
    """Before: the overdue client's task, due 9 June, still open three weeks later (a
    broken promise). After: the same task (same Record Id) deferred to 21 July."""
    db = tmp_path / "s.db"
    store.create_store(db)
    _import(db, CRMS["zoho"])
    task = "zoho:activity:zcrm_5725767000000700027"
    events = store.export_tables(db)["events"]
    assert events.loc[events["external_id"] == task, "kind"].tolist() == ["promise_broken"]
    assert _status(db).loc["overdue", "reason"] == "broken_promise"
    n_events = len(events)
    res = importing.import_file(db, FIXTURES / "zoho_tasks_rescheduled.csv", "activities",
                                as_of=AS_OF)
    assert (res.counts.added, res.counts.updated) == (0, 1)
    events = store.export_tables(db)["events"]
    assert task not in set(events["external_id"]) and len(events) == n_events - 1
    assert _status(db).loc["overdue", "reason"] != "broken_promise"
    # Importing the rescheduled export again changes nothing.
    before = store.dump_checksum(db)
    again = importing.import_file(db, FIXTURES / "zoho_tasks_rescheduled.csv", "activities",
                                  as_of=AS_OF)
    assert store.dump_checksum(db) == before
    assert (again.counts.added, again.counts.updated) == (0, 0)


def test_retractions_are_the_ids_an_activity_no_longer_gives():
    table = importing.read_table(
        b"Record ID,Task Status,Due Date,Completed at,Associated Contact IDs\n"
        b"1,Not started,2025-07-20,,C1\n2,Completed,2025-05-01,2025-04-30,C1;C2\n", "t.csv")
    mapping = importing.suggest_mapping(table.headers, "activities")
    prepared = importing.prepare(table, "activities", mapping, known_clients=["C1", "C2"],
                                 as_of=AS_OF)
    assert prepared.retract == ("hubspot:activity:1",)


def test_an_export_of_only_rescheduled_tasks_still_takes_back(tmp_path):
    db = tmp_path / "s.db"
    store.create_store(db)
    importing.import_file(db, FIXTURES / "hubspot_contacts.csv", "clients", as_of=AS_OF)
    head = b"Record ID,Task Status,Due Date,Completed at,Associated Contact IDs\n"
    importing.import_file(db, head + b"5,Not started,2025-06-01,,701\n", "activities",
                          file_name="t.csv", as_of=AS_OF)
    assert len(store.read_events(db)) == 1
    res = importing.import_file(db, head + b"5,Not started,2025-07-20,,701\n", "activities",
                                file_name="t.csv", as_of=AS_OF)
    assert res.counts is not None and res.counts.updated == 1
    assert store.read_events(db).empty


_ROWS = st.lists(st.tuples(
    st.sampled_from(["701", "702", "703"]), st.sampled_from(["To-do", "Call", "Email", ""]),
    st.sampled_from(["Completed", "Not started", ""]),
    st.dates(pd.Timestamp("2024-01-01").date(), pd.Timestamp("2025-08-01").date()),
    st.integers(-5, 40), st.booleans()), min_size=1, max_size=25)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=_ROWS, with_ids=st.booleans())
def test_reimporting_any_export_changes_nothing(tmp_path_factory, rows, with_ids):
    db = tmp_path_factory.mktemp("p") / "s.db"
    store.create_store(db)
    importing.import_file(db, FIXTURES / "hubspot_contacts.csv", "clients", as_of=AS_OF)
    out = io.StringIO()
    out.write("Record ID,Task Type,Task Status,Due Date,Completed at,Associated Contact IDs\n")
    for i, (client, typ, status, due, late, done) in enumerate(rows):
        finished = (pd.Timestamp(due) + pd.Timedelta(days=late)).date()
        done_at = finished.isoformat() if done and finished <= TODAY.date() else ""
        out.write(f"{i if with_ids else ''},{typ},{status},{due.isoformat()},{done_at},"
                  f"{client}\n")
    data = out.getvalue().encode()
    first = importing.import_file(db, data, "activities", file_name="t.csv", as_of=AS_OF,
                                  skip_invalid=True)
    before = store.dump_checksum(db)
    again = importing.import_file(db, data, "activities", file_name="t.csv", as_of=AS_OF,
                                  skip_invalid=True)
    assert store.dump_checksum(db) == before
    if again.counts is not None:
        assert again.counts.added == again.counts.updated == 0
    assert (first.counts is None) == (again.counts is None)
