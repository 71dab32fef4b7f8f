"""Data: import CRM exports and spreadsheets, log what happened, add a client, export and
back up. Each section lays out its widgets and draws what refdash.views.data and
refdash.views.entry return; nothing is written before the user has seen what will be."""

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from refdash import i18n, ui
from refdash.data import cleanup, exporting, importing, store
from refdash.errors import RefdashError
from refdash.ui import fmt_date, fmt_number, fmt_percent, lang, t
from refdash.ui.cache import Laps, picker_labels
from refdash.ui.clean_start import clean_start_section
from refdash.ui.widgets import last_written, remember_written, written_with_undo
from refdash.ui.widgets import table as locale_table
from refdash.views import data as view
from refdash.views import entry

MAPPING_COLUMNS = 3
#: The satisfaction scores the log form offers (0 to 10 in half points).
SCORES = tuple(i / 2 for i in range(21))


def read_upload(upload) -> importing.Table:
    """The uploaded file read once per upload (kept in the session)."""
    cache = st.session_state.setdefault("data_tables", {})
    if upload.file_id not in cache:
        cache.clear()
        with st.spinner(t("data.import.reading")):
            cache[upload.file_id] = importing.read_table(upload.getvalue(), upload.name)
    return cache[upload.file_id]


def check(path: Path, table: importing.Table, file_id: str, kind: str, mapping: dict[str, str],
          owner: str, day_first: bool | None) -> importing.Prepared:
    """The checked rows, kept in the session until the file, mapping or store change."""
    key = (file_id, kind, tuple(mapping.items()), owner, day_first,
           store.store_signature(path))
    cache = st.session_state.setdefault("data_checks", {})
    if key not in cache:
        cache.clear()
        with st.spinner(t("data.import.checking")):
            cache[key] = importing.prepare(
                table, kind, mapping, known_clients=importing.clients_to_check(path, kind, mapping),
                as_of=ui.as_of(), default_owner=owner or None, day_first=day_first,
                # cycles through links already in the store are refused too, as by the CLI
                known_referrers=importing.links_to_check(path, kind, mapping))
    return cache[key]


def mapping_selects(table: importing.Table, kind: str, start: view.MappingStart,
                    keys: dict[str, str]) -> None:
    """One picker per column of the file, three to a row."""
    targets = view.mapping_targets(kind)
    columns = st.columns(MAPPING_COLUMNS)
    for i, header in enumerate(table.headers):
        columns[i % MAPPING_COLUMNS].selectbox(
            i18n.literal(header), targets, index=targets.index(start.mapping[header]),
            format_func=lambda target: view.field_label(target, lang()), key=keys[header],
            help=t("data.import.example", value=i18n.literal(view.example(table, header))))


def mapping_form(path: Path, table: importing.Table, kind: str, form_id: str) -> tuple:
    """The column mapping (suggested, or saved for files of this shape) and the options,
    in a form so a wide file is checked once, when the user asks."""
    start = view.mapping_start(path, table, kind)
    if start.saved:
        st.info(t("data.import.using_saved", name=i18n.literal(start.name)),
                icon=":material/bookmark:")
    keys = {h: f"data_map_{form_id}_{i}" for i, h in enumerate(table.headers)}
    with st.form(key=f"data_map_form_{form_id}", border=True):
        st.markdown(f"**{t('data.import.mapping')}**")
        st.caption(t("data.import.mapping_help"))
        mapping_selects(table, kind, start, keys)
        left, middle, right = st.columns(3)
        owner = (left.text_input(t("data.import.default_owner"), value=start.default_owner,
                                 key=f"data_owner_{form_id}",
                                 help=t("data.import.default_owner_help"))
                 if kind == "clients" else "")
        order = middle.selectbox(t("data.import.date_order"), list(view.DATE_ORDERS),
                                 format_func=lambda o: t(f"data.import.date_order.{o}"),
                                 key=f"data_date_order_{form_id}")
        name = right.text_input(t("data.import.mapping_name"), value=start.name,
                                key=f"data_mapping_name_{form_id}",
                                help=t("data.import.mapping_name_help"))
        st.form_submit_button(t("data.import.check"), icon=":material/rule:",
                              key=f"data_check_{form_id}")
    mapping = {h: st.session_state.get(keys[h], start.mapping[h]) for h in table.headers}
    return mapping, owner, view.DATE_ORDERS[order], name


def show_result() -> None:
    done = st.session_state.pop("data_import_done", None)
    if done == "cancelled":
        st.info(t("data.import.cancelled"))
    elif done:
        counts, file_name, rejected = done
        st.success(view.done_message(counts, file_name, rejected, lang()),
                   icon=":material/task_alt:")
        st.page_link("pages/portfolio.py", label=t("data.import.see_portfolio"),
                     icon=":material/dashboard:")


def run_import(path: Path, prepared: importing.Prepared, table: importing.Table,
               mapping: dict[str, str], kind: str, owner: str, name: str) -> None:
    bar = st.progress(0.0, text=t("data.import.writing", share=fmt_percent(0)))

    def progress(share: float, stage: str) -> None:
        bar.progress(min(share, 1.0), text=t("data.import.writing", share=fmt_percent(share)))

    try:
        counts = importing.commit(path, prepared, progress=progress)
    except RefdashError as exc:
        bar.empty()
        st.error(t("data.import.failed", error=view.error_text(exc, lang())),
                 icon=":material/error:")
        return
    if name.strip():
        store.save_mapping(path, name, kind, table.headers, mapping,
                           {"default_owner": owner} if owner else None)
    cleanup.settle_demo_flag(path)  # the demo ones gone, the data is the user's: no badge
    ui.refresh()
    st.session_state["data_import_done"] = (counts, table.file_name, prepared.rejected_count)
    st.session_state["data_upload_nonce"] = st.session_state.get("data_upload_nonce", 0) + 1
    st.rerun()


def show_check(shown: view.CheckView, prepared: importing.Prepared) -> None:
    """The check's figures, captions, problems and a preview of the valid rows."""
    for column, (label, value) in zip(st.columns(3), shown.metrics, strict=True):
        column.metric(label, value, border=True)
    for caption in shown.captions:
        st.caption(caption)
    if shown.warning:
        st.warning(shown.warning, icon=":material/warning:")
        if shown.problems_caption:
            st.caption(shown.problems_caption)
        locale_table(shown.problems, key="data_problems", width="content")
    else:
        st.success(shown.success, icon=":material/check_circle:")
    if prepared.valid:
        with st.expander(t("data.import.preview")):
            locale_table(prepared.rows.head(20), key="data_preview", width="content")


def import_buttons(path: Path, shown: view.CheckView, prepared: importing.Prepared,
                   table: importing.Table, choices: tuple) -> None:
    """Import the valid rows, import nothing, or download the rejected rows."""
    go, nothing, download = st.columns(3)
    if go.button(shown.go_label, type="primary", disabled=not shown.can_import,
                 key="data_import_go", icon=":material/upload:"):
        run_import(path, prepared, table, *choices)
    if nothing.button(t("data.import.nothing"), key="data_import_nothing",
                      icon=":material/block:"):
        st.session_state["data_import_done"] = "cancelled"
        st.session_state["data_upload_nonce"] = st.session_state.get("data_upload_nonce", 0) + 1
        st.rerun()
    if prepared.rejected_count:
        download.download_button(
            t("data.import.download_rejected"), importing.rejected_csv(prepared, lang()),
            file_name=view.rejected_file_name(table), mime="text/csv",
            key="data_download_rejected", icon=":material/download:", on_click="ignore")


def choose_file() -> tuple:
    """The kind of file and the upload (None until a file is chosen)."""
    kind = st.radio(t("data.import.kind"), importing.KINDS, horizontal=True,
                    format_func=lambda k: t(f"data.import.kind.{k}"), key="data_import_kind")
    st.caption(t(f"data.import.expects.{kind}"))
    nonce = st.session_state.get("data_upload_nonce", 0)
    upload = st.file_uploader(t("data.import.file"), type=["csv", "tsv", "txt", "xlsx"],
                              key=f"data_import_file_{nonce}", help=t("data.import.file_help"),
                              # MB: what the importer reads at most (config.toml says the same)
                              max_upload_size=importing.MAX_FILE_BYTES // (1024 * 1024))
    return kind, upload


def import_section(path: Path) -> None:
    show_result()
    kind, upload = choose_file()
    if upload is None:
        return
    try:
        table = read_upload(upload)
        st.caption(view.read_caption(table, lang()))
        form_id = hashlib.sha1(f"{upload.file_id}-{kind}".encode()).hexdigest()[:10]
        mapping, owner, day_first, name = mapping_form(path, table, kind, form_id)
        prepared = check(path, table, upload.file_id, kind, mapping, owner, day_first)
    except RefdashError as exc:
        st.error(view.error_text(exc, lang()), icon=":material/error:")
        return
    shown = view.check_view(prepared, mapping, lang())
    show_check(shown, prepared)
    import_buttons(path, shown, prepared, table, (mapping, kind, owner, name))


def client_picker_labels(p, key: str) -> dict[int, str]:
    """Clients for a picker; a large portfolio first asks for a few letters (a picker of
    100,000 names would take seconds to reach the browser)."""
    limit = entry.picker_limit(p)
    if limit is None:
        return picker_labels(p, "", None)
    query = st.text_input(t("data.log.find"), key=key, placeholder=t("data.log.find_hint"),
                          help=t("data.log.find_help", limit=fmt_number(limit)))
    return picker_labels(p, query, limit)


def log_details(p, client_id: int, what: str, day) -> tuple:
    """The fields that depend on what is logged: a score, a prospect, whether solicited."""
    score = prospect = None
    solicited = False
    if what == "satisfaction":
        # Options written in the language ("7,5"): a slider's sprintf format knows no locale.
        score = st.select_slider(t("data.log.score"), SCORES, value=8.0, key="data_log_score",
                                 format_func=lambda v: fmt_number(v, 0 if v.is_integer() else 1))
    if what == "referral_received":
        prospect = st.text_input(t("data.log.prospect"), key="data_log_prospect")
        solicited = st.checkbox(t("data.log.solicited"), key=f"data_log_solicited_{client_id}",
                                value=entry.recent_ask(p, client_id, day))
    return score, prospect, solicited


def ask_confirmed(p, client_id: int, what: str, day, labels: dict[int, str]) -> bool:
    """An ask of a client who is not ready needs a second click."""
    if what != "referral_ask":
        return True
    reason = entry.ask_warning(p, client_id, day, ui.trust_settings())
    if not reason:
        return True
    st.warning(t("data.log.not_ready", name=i18n.literal(labels[client_id]),
                 reason=t(f"data.reason.{reason}")), icon=":material/front_hand:")
    return st.checkbox(t("data.log.ask_anyway"), key="data_log_confirm")


def log_section(path: Path) -> None:
    st.caption(t("data.log.intro"))
    p = ui.load_portfolio()
    if p.clients.empty:
        st.info(t("data.log.no_clients"))
        return
    labels = client_picker_labels(p, "data_log_find")
    if not labels:
        st.info(t("data.log.no_match"))
        return
    client_id = st.selectbox(t("data.log.client"), list(labels), format_func=labels.get,
                             key="data_log_client")
    what = st.selectbox(t("data.log.what"), entry.LOG_CHOICES,
                        format_func=lambda k: t(f"data.kind.{k}"), key="data_log_what")
    day = st.date_input(t("data.log.date"), value=p.as_of.date(), max_value=p.as_of.date(),
                        key="data_log_date", format="DD/MM/YYYY")
    score, prospect, solicited = log_details(p, client_id, what, day)
    note = st.text_input(t("data.log.note"), key="data_log_note")
    confirmed = ask_confirmed(p, client_id, what, day, labels)
    if st.button(t("data.log.save"), type="primary", disabled=not confirmed,
                 key="data_log_save", icon=":material/save:"):
        save_entry(path, p, labels, dict(client_id=client_id, what=what, date=day,
                                         score=score, note=note, prospect_name=prospect,
                                         solicited=solicited))
    show_last_entry(path)


#: The log form's inputs cleared after a save (the client, kind and date stay chosen).
LOG_INPUTS = ("data_log_note", "data_log_prospect", "data_log_score", "data_log_confirm")


def save_entry(path: Path, p, labels: dict[int, str], values: dict) -> None:
    """Save once: a repeat of the last entry is refused; after a save the form is cleared
    (a second click cannot log it again) and the entry can be undone."""
    try:
        logged = entry.log_once(path, last_written("data_log"), as_of=p.as_of, **values)
    except RefdashError as exc:
        st.error(view.error_text(exc, lang()), icon=":material/error:")
        return
    ui.refresh()
    what, day = values["what"], values["date"]
    said = dict(what=t(f"data.kind.{what}"), name=i18n.literal(labels[values["client_id"]]),
                date=fmt_date(day))
    remember_written("data_log", logged, t("data.log.saved", **said),
                     t("data.entry.undone", **said))
    for key in (*LOG_INPUTS, f"data_log_solicited_{values['client_id']}"):
        st.session_state.pop(key, None)
    st.rerun()


def show_last_entry(path: Path) -> None:
    """What was just saved, with a button that takes it back."""
    written_with_undo("data_log", t("data.entry.undo"), lambda logged: entry.undo(path, logged))


def client_fields(p, labels: dict[int, str]) -> dict:
    """The new client's fields, two to a row."""
    left, right = st.columns(2)
    return {
        "name": left.text_input(t("data.client.name"), key="data_client_name"),
        "company": right.text_input(t("data.client.company"), key="data_client_company"),
        "email": left.text_input(t("data.client.email"), key="data_client_email"),
        "owner": right.selectbox(t("data.client.owner"), p.owners, index=None,
                                 accept_new_options=True, key="data_client_owner",
                                 placeholder=t("format.choose_or_add"),
                                 help=t("data.client.owner_help")),
        "start_date": left.date_input(t("data.client.start_date"), value=p.as_of.date(),
                                      max_value=p.as_of.date(), key="data_client_start",
                                      format="DD/MM/YYYY"),
        "sphere_size": int(right.number_input(
            t("data.client.sphere"), min_value=1, max_value=100_000,
            value=store.DEFAULT_SPHERE_SIZE, step=10, key="data_client_sphere")),
        "referred_by": left.selectbox(
            t("data.client.referred_by"), [None, *labels],
            format_func=lambda c: t("data.client.none") if c is None else labels[c],
            key="data_client_referred"),
        "external_id": right.text_input(t("data.client.external_id"),
                                        key="data_client_external"),
    }


def client_section(path: Path) -> None:
    p = ui.load_portfolio()
    labels = client_picker_labels(p, "data_client_find_referrer")
    with st.form("data_client_form", clear_on_submit=True):
        fields = client_fields(p, labels)
        submitted = st.form_submit_button(t("data.client.save"), type="primary",
                                          icon=":material/person_add:", key="data_client_save")
    if submitted:
        try:
            entry.add_client(path, as_of=p.as_of, **fields)
        except RefdashError as exc:
            st.error(view.error_text(exc, lang()), icon=":material/error:")
        else:
            ui.refresh()
            st.success(t("data.client.saved", name=i18n.literal(fields["name"].strip())),
                       icon=":material/task_alt:")


def export_section(path: Path) -> None:
    st.caption(t("data.export.intro"))
    st.caption(view.export_counts(path, lang()))
    stamp = pd.Timestamp.now().strftime("%Y-%m-%d")
    st.download_button(t("data.export.zip"), lambda: exporting.export_zip(path),
                       file_name=f"refdash-export-{stamp}.zip", mime="application/zip",
                       key="data_export_zip", help=t("data.export.zip_help"),
                       icon=":material/folder_zip:", on_click="ignore")
    st.download_button(t("data.export.backup"), lambda: exporting.backup_bytes(path),
                       file_name=f"refdash-backup-{stamp}.db",
                       mime=exporting.BACKUP_MIME, key="data_export_backup",
                       help=t("data.export.backup_help"), icon=":material/backup:",
                       on_click="ignore")
    st.info(t("data.export.restore", command="python -m refdash restore BACKUP.db"),
            icon=":material/settings_backup_restore:")


laps = Laps("data page")
ui.page_header("data")
store_path = ui.ensure_store()
laps("store")
tab_import, tab_log, tab_client, tab_export = st.tabs(
    [t("data.tab.import"), t("data.tab.log"), t("data.tab.client"), t("data.tab.export")])
with tab_import:
    clean_start_section(store_path)
    import_section(store_path)
laps("import")
with tab_log:
    log_section(store_path)
laps("log")
with tab_client:
    client_section(store_path)
laps("client")
with tab_export:
    export_section(store_path)
laps("export")
laps.report()
