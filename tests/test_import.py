"""Reading real CRM exports: encodings, delimiters, dates, decimal commas, accents, the
column mapping, and every row checked with the problem named by row and column."""

from __future__ import annotations

import datetime
from pathlib import Path

import pandas as pd
import pytest

from refdash.data import importing, store
from refdash.data.importing import KEEP, ImportFailure
from tests.conftest import AS_OF

FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: The Italian workbook's rows, as a person would type them into Excel.
ITALIAN_ROWS = [
    # codice, nome, cognome, ragione sociale, email, commerciale, data inizio, città, fatturato
    ("IT-001", "Niccolò", "Fabbrò", "Officine Fabbrò S.r.l.", "niccolo@fabbro.it",
     "Giulia Rossi", datetime.datetime(2023, 3, 14), "Forlì", 125000.5),
    ("IT-002", "Lucía", "Nuñez", "Tessuti Città di Castello", "lucia@example.it",
     "Giulia Rossi", 45234, "Città di Castello", 98000),  # an Excel serial date
    ("IT-003", "Ilaria", "Colombo", "Vini dell'Etna", "", "Marco Bianchi",
     "05/09/2022", "Catania", "7.500,25"),                 # a date typed as text
    ("IT-004", "Jürgen", "Strauß", "Bäckerei Strauß", "js@example.de", "Marco Bianchi",
     datetime.date(2024, 1, 31), "Bolzano", 45000),
]


def italian_workbook(path: Path) -> Path:
    """An Italian Excel workbook made the way Excel writes it (openpyxl), with real date
    cells, an Excel serial number, a date typed as text and accents everywhere."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Clienti"
    ws.append(["Codice cliente", "Nome", "Cognome", "Ragione sociale", "E-mail", "Commerciale",
               "Data inizio", "Città", "Fatturato"])
    for row in ITALIAN_ROWS:
        ws.append(list(row))
    for cell in ws["G"][1:]:
        if isinstance(cell.value, datetime.date):
            cell.number_format = "DD/MM/YYYY"
    wb.save(path)
    return path


@pytest.fixture
def empty_db(tmp_path) -> Path:
    path = tmp_path / "store.db"
    store.create_store(path)
    return path


# --------------------------------------------------------------------------- real formats

def test_hubspot_export_imports_every_row_and_every_accent(empty_db):
    result = importing.import_file(empty_db, FIXTURES / "hubspot_contacts.csv", "clients",
                                   as_of=AS_OF)
    assert result.table.encoding == "utf_8_sig" and result.table.delimiter == ","
    assert result.counts.added == 6 and result.prepared.rejected_count == 0
    clients = store.read_clients(empty_db).set_index("external_id")
    assert clients.loc["51001", "name"] == "Amélie Lefèvre"          # first + last name
    assert clients.loc["51001", "company"] == "Atelier Lefèvre, Père & Fils"  # quoted comma
    assert clients.loc["51002", "company"] == "Großhandel Weiß GmbH"
    assert clients.loc["51003", "name"] == "Zoé Nuñez"
    assert clients.loc["51005", "company"] == 'Dupré "Les Délices" SARL'  # doubled quotes
    assert clients.loc["51005", "name"] == "Loïc O'Brien"
    assert clients.loc["51004", "start_date"] == pd.Timestamp("2025-02-11")  # time dropped
    assert pd.isna(clients.loc["51006", "company"])
    # Unmapped columns are kept with the client, not lost.
    assert '"Phone Number":"+33 1 42 68 53 00"' in clients.loc["51001", "extra"]
    assert '"Lifecycle Stage":"evangelist"' in clients.loc["51005", "extra"]


def test_french_salesforce_export_in_cp1252_with_semicolons(empty_db):
    raw = (FIXTURES / "salesforce_comptes_fr.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is what a French Excel writes
    result = importing.import_file(empty_db, FIXTURES / "salesforce_comptes_fr.csv", "clients",
                                   as_of=AS_OF)
    assert result.table.encoding == "cp1252" and result.table.delimiter == ";"
    assert result.mapping["Nom du compte"] == "company"
    assert result.mapping["Propriétaire du compte"] == "owner"
    assert result.counts.added == 5
    clients = store.read_clients(empty_db).set_index("external_id")
    # An account without a person is named after the company; every accent survives.
    assert clients.loc["001A000002", "name"] == "Œuvres & Éditions Mercier"
    assert clients.loc["001A000004", "name"] == "Château Rousseau « Grand Cru »"
    assert clients.loc["001A000001", "owner"] == "Hélène Lefèvre"
    assert clients.loc["001A000001", "start_date"] == pd.Timestamp("2023-03-15")  # dd/mm/yyyy
    assert clients.loc["001A000004", "start_date"] == pd.Timestamp("2021-06-01")  # dd.mm.yyyy
    assert clients.loc["001A000005", "start_date"] == pd.Timestamp("2024-12-13")  # with time
    assert '"Ville de facturation":"Saint-Étienne"' in clients.loc["001A000005", "extra"]

    events = importing.import_file(empty_db, FIXTURES / "salesforce_activites_fr.csv", "events",
                                   as_of=AS_OF)
    assert events.counts.added == 8, importing.describe_problems(events.prepared, "en")
    ev = store.read_events(empty_db)
    assert sorted(ev["kind"].unique()) == ["complaint", "delivery", "meeting", "promise_kept",
                                           "referral_ask", "satisfaction"]
    assert sorted(ev["score"].dropna()) == [8.5, 9.0]                 # "8,5" decimal comma
    assert "Retard de livraison (crème brûlée)" in set(ev["note"])


def test_italian_excel_workbook_with_real_serial_and_text_dates(empty_db, tmp_path):
    path = italian_workbook(tmp_path / "clienti.xlsx")
    result = importing.import_file(empty_db, path, "clients", as_of=AS_OF)
    assert result.table.file_format == "xlsx" and result.table.sheet == "Clienti"
    assert result.mapping["Nome"] == "first_name" and result.mapping["Cognome"] == "last_name"
    assert result.mapping["Ragione sociale"] == "company"
    assert result.mapping["Commerciale"] == "owner"
    assert result.counts.added == 4, importing.describe_problems(result.prepared, "en")
    clients = store.read_clients(empty_db).set_index("external_id")
    assert clients.loc["IT-001", "name"] == "Niccolò Fabbrò"
    assert clients.loc["IT-004", "name"] == "Jürgen Strauß"
    assert clients.loc["IT-002", "company"] == "Tessuti Città di Castello"
    assert clients.loc["IT-001", "start_date"] == pd.Timestamp("2023-03-14")
    assert clients.loc["IT-002", "start_date"] == pd.Timestamp("2023-11-04")  # serial 45234
    assert clients.loc["IT-003", "start_date"] == pd.Timestamp("2022-09-05")
    assert clients.loc["IT-004", "start_date"] == pd.Timestamp("2024-01-31")
    assert '"Città":"Forlì"' in clients.loc["IT-001", "extra"]
    assert '"Fatturato":"125000.5"' in clients.loc["IT-001", "extra"]


def test_referrals_link_clients_by_their_crm_ids(empty_db):
    importing.import_file(empty_db, FIXTURES / "hubspot_contacts.csv", "clients", as_of=AS_OF)
    result = importing.import_file(empty_db, FIXTURES / "hubspot_referrals.csv", "referrals",
                                   as_of=AS_OF)
    assert result.counts.added == 3
    clients = store.read_clients(empty_db).set_index("external_id")["id"]
    refs = store.read_referrals(empty_db).set_index("prospect_name")
    assert refs.loc["Jérôme Girard", "client_id"] == clients["51005"]
    assert refs.loc["Jérôme Girard", "converted_client_id"] == clients["51004"]
    assert refs.loc["Jérôme Girard", "status"] == "converted"
    assert bool(refs.loc["Ilaria Colombo", "solicited"])               # "oui"
    assert not bool(refs.loc["Jérôme Girard", "solicited"])


@pytest.mark.parametrize(("text", "encoding"), [
    ("Nom;Société\nHélène;Crème & Café\n", "utf-8"),
    ("Nom;Société\nHélène;Crème & Café\n", "utf-8-sig"),
    ("Nom;Société\nHélène;Crème & Café\n", "cp1252"),
    ("Nom\tSociété\nHélène\tCrème & Café\n", "utf-16"),       # Excel's "Unicode text"
])
def test_encodings_and_delimiters_are_detected(text, encoding):
    table = importing.read_table(text.encode(encoding), "x.csv")
    assert table.headers == ["Nom", "Société"]
    assert table.frame.iloc[0].tolist() == ["Hélène", "Crème & Café"]


def test_tab_delimited_and_quoted_multiline_cells():
    text = 'id\tname\tnote\n1\t"Zoé"\t"line one\nline two"\n2\tLéa\t\n'
    table = importing.read_table(text.encode(), "x.tsv")
    assert table.delimiter == "\t"
    assert table.frame["note"].tolist() == ["line one\nline two", ""]


# --------------------------------------------------------------------------- cells

def test_dates_in_every_format_day_first_by_default():
    cells = pd.Series(["2024-03-15", "15/03/2024", "15.03.2024 14:30", "03/04/2024",
                       "2024-03-15T10:00:00Z", "45366", "20240315", "", "31/02/2024", "soon"])
    parsed = importing.parse_dates(cells)
    want = pd.to_datetime(["2024-03-15", "2024-03-15", "2024-03-15", "2024-04-03",
                           "2024-03-15", "2024-03-15", "2024-03-15", None, None, None])
    assert parsed.values.tolist() == pd.Series(want).tolist()
    assert parsed.bad.tolist() == [False] * 8 + [True, True]


def test_month_first_only_when_the_file_proves_it():
    us = importing.parse_dates(pd.Series(["03/04/2024", "12/25/2023"]))
    assert us.formats == "mdy"
    assert us.values.tolist() == [pd.Timestamp("2024-03-04"), pd.Timestamp("2023-12-25")]
    forced = importing.parse_dates(pd.Series(["03/04/2024"]), day_first=False)
    assert forced.values[0] == pd.Timestamp("2024-03-04")


def test_numbers_with_decimal_commas_and_grouping():
    values, bad = importing.parse_numbers(pd.Series(
        ["7,5", "7.5", "1 250,50", "1.250,50", "1,250.50", "1\u202f250", "", "huit"]))
    assert values.tolist()[:6] == [7.5, 7.5, 1250.5, 1250.5, 1250.5, 1250.0]
    assert bad.tolist() == [False] * 7 + [True]
    ints, bad = importing.parse_numbers(pd.Series(["1.250", "300", "2,5"]), integer=True)
    assert ints.tolist()[:2] == [1250.0, 300.0] and bad.tolist() == [False, False, True]


def test_event_kinds_in_three_languages():
    codes, bad = importing.parse_codes(
        pd.Series(["Réunion", "Livraison", "promessa mantenuta", "Promise broken", "NPS",
                   "Réclamation", "Demande de recommandation", "Cliente perso", "dance"]),
        importing.KIND_WORDS, "data.kind")
    assert codes.tolist()[:8] == ["meeting", "delivery", "promise_kept", "promise_broken",
                                  "satisfaction", "complaint", "referral_ask", "lost"]
    assert bad.tolist() == [False] * 8 + [True]


# --------------------------------------------------------------------------- mapping

@pytest.mark.parametrize(("headers", "want"), [
    (["Record ID", "First Name", "Last Name", "Company Name", "Contact owner", "Create Date"],
     {"Record ID": "external_id", "First Name": "first_name", "Last Name": "last_name",
      "Company Name": "company", "Contact owner": "owner", "Create Date": "start_date"}),
    (["Account ID", "Account Name", "Account Owner", "Created Date", "Industry"],
     {"Account ID": "external_id", "Account Name": "company", "Account Owner": "owner",
      "Created Date": "start_date", "Industry": KEEP}),
    (["Organization - ID", "Organization - Name", "Organization - Owner",
      "Organization - Organization created"],
     {"Organization - ID": "external_id", "Organization - Name": "company",
      "Organization - Owner": "owner", "Organization - Organization created": "start_date"}),
    (["Record Id", "Account Name", "Account Owner", "Created Time"],  # Zoho
     {"Record Id": "external_id", "Account Name": "company", "Account Owner": "owner",
      "Created Time": "start_date"}),
    (["Identifiant", "Prénom", "Nom", "Commercial", "Client depuis"],
     {"Identifiant": "external_id", "Prénom": "first_name", "Nom": "last_name",
      "Commercial": "owner", "Client depuis": "start_date"}),
    (["ID", "Nom", "Responsable", "Date de début"],
     {"ID": "external_id", "Nom": "name", "Responsable": "owner",
      "Date de début": "start_date"}),
])
def test_mapping_suggestions_for_common_crm_headers(headers, want):
    assert importing.suggest_mapping(headers, "clients") == want


def test_a_saved_mapping_is_found_again_for_files_of_the_same_shape(empty_db, tmp_path):
    text = "Kundennr;Kunde;Betreuer;Seit\nK1;Müller AG;Anna;01.02.2023\n"
    path = tmp_path / "kunden.csv"
    path.write_text(text, encoding="utf-8")
    table = importing.read_table(path)
    with pytest.raises(ImportFailure, match="No column feeds"):
        importing.prepare(table, "clients", importing.suggest_mapping(table.headers, "clients"))
    mapping = {"Kundennr": "external_id", "Kunde": "name", "Betreuer": "owner",
               "Seit": "start_date"}
    store.save_mapping(empty_db, "Kundenliste", "clients", table.headers, mapping)
    # The next file with the same columns (in another order) needs no mapping.
    path.write_text("Kunde;Kundennr;Seit;Betreuer\nSchäfer GmbH;K2;03.03.2023;Anna\n",
                    encoding="utf-8")
    result = importing.import_file(empty_db, path, "clients", as_of=AS_OF)
    assert result.mapping_name == "Kundenliste"
    assert result.counts.added == 1
    assert store.read_clients(empty_db)["name"].tolist() == ["Schäfer GmbH"]


def test_dropped_columns_are_left_out_and_kept_ones_stay(empty_db, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("id,name,owner,since,Phone,Secret\n1,Léa,Anna,2024-01-01,0102,x\n",
                    encoding="utf-8")
    table = importing.read_table(path)
    mapping = {**importing.suggest_mapping(table.headers, "clients"),
               "since": "start_date", "Secret": importing.DROP}
    prepared = importing.prepare(table, "clients", mapping, as_of=AS_OF)
    assert prepared.rows.loc[0, "extra"] == '{"Phone":"0102"}'


# --------------------------------------------------------------------------- problems

def test_every_problem_is_named_by_row_and_column(empty_db, tmp_path):
    importing.import_file(empty_db, FIXTURES / "hubspot_contacts.csv", "clients", as_of=AS_OF)
    path = tmp_path / "events.csv"
    path.write_text(
        "Client ID,Date,Type,Score,Notes\n"
        "51001,2024-05-01,meeting,,ok\n"          # row 2: valid
        ",2024-05-02,meeting,,\n"                  # row 3: missing client
        "51001,31/02/2024,meeting,,\n"             # row 4: impossible date
        "51001,2024-05-03,satisfaction,11,\n"      # row 5: score outside 0-10
        "51001,2024-05-03,satisfaction,great,\n"   # row 6: not a number
        "51001,2024-05-04,dance,,\n"               # row 7: unknown kind
        "99999,2024-05-05,meeting,,\n"             # row 8: unknown client
        "51001,2030-01-01,meeting,,\n"             # row 9: future date
        "51001,2024-05-06,satisfaction,,\n"        # row 10: satisfaction without score
        "51001,2024-05-07,meeting,7,\n",           # row 11: score on a meeting
        encoding="utf-8")
    result = importing.import_file(empty_db, path, "events", as_of=AS_OF)
    assert result.counts is None                      # nothing written: the user chooses
    problems = importing.describe_problems(result.prepared, "en")
    got = {(r.row, r.column): r.problem for r in problems.itertuples()}
    assert got == {
        (3, "Client ID"): "required value is empty",
        (4, "Date"): "not a date refdash can read (write 2024-03-15, 15/03/2024 or 15.03.2024)",
        (5, "Score"): "score outside 0–10",
        (6, "Score"): "not a number",
        (7, "Type"): "unknown event kind (allowed: meeting, delivery, promise_kept, "
                     "promise_broken, satisfaction, complaint, referral_ask, referral_declined, "
                     "lost)",
        (8, "Client ID"): "no client has this id (import or add that client first)",
        (9, "Date"): "date in the future (after 2026-11-26)",
        (10, "Score"): "a satisfaction event needs a score from 0 to 10",
        (11, "Score"): "only a satisfaction event carries a score",
    }
    assert set(problems["file"]) == {"events.csv"}
    assert result.prepared.valid == 1
    # In French too.
    fr = importing.describe_problems(result.prepared, "fr")
    assert "note hors de 0–10" in set(fr["problem"])


def test_rejected_rows_download_has_the_original_cells_and_a_reason(empty_db, tmp_path):
    path = tmp_path / "clients.csv"
    path.write_text("Record ID,Name,Owner,Create Date\n"
                    "A1,Zoé,Anna,2024-01-01\nA2,,Anna,2024-01-01\nA1,Léa,Anna,2024-02-01\n",
                    encoding="utf-8")
    result = importing.import_file(empty_db, path, "clients", as_of=AS_OF, skip_invalid=True)
    assert result.counts is None  # every row is rejected: A1 twice, A2 without a name
    csv = importing.rejected_csv(result.prepared, "en").decode("utf-8-sig")
    lines = csv.splitlines()
    assert lines[0] == "row,Record ID,Name,Owner,Create Date,reason"
    assert lines[1].startswith("2,A1,Zoé,Anna,2024-01-01,")
    assert "this id appears more than once in the file" in lines[1]
    assert "Name: required value is empty" in lines[2]


def test_valid_rows_are_imported_when_the_user_skips_the_rejected(empty_db, tmp_path):
    path = tmp_path / "clients.csv"
    path.write_text("Record ID,Name,Owner,Create Date\n"
                    "A1,Zoé,Anna,2024-01-01\nA2,Léa,Anna,someday\n", encoding="utf-8")
    result = importing.import_file(empty_db, path, "clients", as_of=AS_OF, skip_invalid=True)
    assert result.counts.added == 1 and result.prepared.rejected_count == 1
    assert store.read_clients(empty_db)["name"].tolist() == ["Zoé"]


def test_referrer_in_the_same_file_and_chains_of_rejection(empty_db, tmp_path):
    path = tmp_path / "clients.csv"
    path.write_text("id,name,owner,since,referred by\n"
                    "C3,Chloé,Anna,2024-03-01,C2\n"      # referred by a later row
                    "C2,Benoît,Anna,2024-02-01,C1\n"
                    "C1,Amélie,Anna,2024-01-01,\n"
                    "D1,Bad,Anna,never,\n"
                    "D2,Orphan,Anna,2024-05-01,D1\n"     # its referrer is rejected
                    "D3,Orphan2,Anna,2024-06-01,D2\n",   # and so on down the chain
                    encoding="utf-8")
    result = importing.import_file(empty_db, path, "clients", as_of=AS_OF, skip_invalid=True)
    problems = importing.describe_problems(result.prepared, "en")
    assert sorted(problems["row"]) == [5, 6, 7]
    c = store.read_clients(empty_db).set_index("external_id")
    assert c.loc["C3", "referred_by"] == c.loc["C2", "id"]
    assert c.loc["C2", "referred_by"] == c.loc["C1", "id"]
    assert pd.isna(c.loc["C1", "referred_by"])


def test_a_row_with_one_more_cell_than_the_header_is_refused_not_shifted():
    # pandas took the extra cell for an index and shifted every value one column left.
    text = "id,name,owner\n1,Zoé,Anna,extra\n2,Léa,Anna\n"
    with pytest.raises(ImportFailure) as caught:
        importing.read_table(text.encode(), "shifted.csv")
    assert caught.value.code == "import.ragged_row"
    assert caught.value.params == {"file": "shifted.csv", "row": 2, "expected": 3, "found": 4}


def test_a_short_row_is_refused_and_blank_lines_are_skipped():
    with pytest.raises(ImportFailure) as caught:
        importing.read_table(b"id,name,owner\n1,Zo\xc3\xa9,Anna\n\n   \n4,L\xc3\xa9a\n", "short.csv")
    assert (caught.value.code, caught.value.params["row"]) == ("import.ragged_row", 5)
    table = importing.read_table(b"id,name\n1,A\n\n3,C\n", "blank.csv")
    assert table.rows.tolist() == [2, 4]
