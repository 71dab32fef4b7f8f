"""Data: import CRM exports and spreadsheets, log what happened, add a client, export and
back up. Each section lays out its widgets and calls refdash.data.importing, refdash.views.entry or
refdash.data.exporting; nothing is written before the user has seen what will be."""

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from refdash import ui
from refdash.data import exporting, importing, store
from refdash.ui import fmt_date, fmt_number, fmt_percent, lang, t
from refdash.views import clients, entry

#: Problems listed on the page (the rejected rows file has them all).
SHOWN_PROBLEMS = 1000
MAPPING_COLUMNS = 3


def field_label(target: str) -> str:
    if target == importing.KEEP:
        return t("data.map.keep")
    if target == importing.DROP:
        return t("data.map.drop")
    return t(f"data.field.{target}")


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
                table, kind, mapping, known_clients=store.client_external_ids(path),
                as_of=ui.as_of(), default_owner=owner or None, day_first=day_first)
    return cache[key]


def mapping_form(path: Path, table: importing.Table, kind: str, form_id: str) -> tuple:
    """The column mapping (suggested, or saved for files of this shape) and the options,
    in a form so a wide file is checked once, when the user asks."""
    saved = importing.matching_mapping(store.list_mappings(path, kind), table.headers, kind)
    initial = (importing.complete_mapping(saved.mapping, table.headers) if saved
               else importing.suggest_mapping(table.headers, kind))
    if saved:
        st.info(t("data.import.using_saved", name=saved.name), icon=":material/bookmark:")
    targets = [f.name for f in importing.FIELDS[kind]] + [importing.KEEP, importing.DROP]
    keys = {h: f"data_map_{form_id}_{i}" for i, h in enumerate(table.headers)}
    with st.form(key=f"data_map_form_{form_id}", border=True):
        st.markdown(f"**{t('data.import.mapping')}**")
        st.caption(t("data.import.mapping_help"))
        columns = st.columns(MAPPING_COLUMNS)
        for i, header in enumerate(table.headers):
            example = next((v for v in table.frame[header].head(50) if v), "")
            columns[i % MAPPING_COLUMNS].selectbox(
                header, targets, index=targets.index(initial[header]), format_func=field_label,
                key=keys[header], help=t("data.import.example", value=example[:80] or "–"))
        left, middle, right = st.columns(3)
        owner_default = saved.options.get("default_owner", "") if saved else ""
        owner = (left.text_input(t("data.import.default_owner"), value=owner_default,
                                 key=f"data_owner_{form_id}",
                                 help=t("data.import.default_owner_help"))
                 if kind == "clients" else "")
        order = middle.selectbox(t("data.import.date_order"), ["auto", "day", "month"],
                                 format_func=lambda o: t(f"data.import.date_order.{o}"),
                                 key=f"data_date_order_{form_id}")
        name = right.text_input(t("data.import.mapping_name"),
                                value=saved.name if saved else Path(table.file_name).stem,
                                key=f"data_mapping_name_{form_id}",
                                help=t("data.import.mapping_name_help"))
        st.form_submit_button(t("data.import.check"), icon=":material/rule:",
                              key=f"data_check_{form_id}")
    mapping = {h: st.session_state.get(keys[h], initial[h]) for h in table.headers}
    return mapping, owner, {"auto": None, "day": True, "month": False}[order], name


def show_result() -> None:
    done = st.session_state.pop("data_import_done", None)
    if done == "cancelled":
        st.info(t("data.import.cancelled"))
    elif done:
        counts, file_name, rejected = done
        st.success(t("data.import.done", file=file_name, added=fmt_number(counts.added),
                     updated=fmt_number(counts.updated),
                     unchanged=fmt_number(counts.unchanged))
                   + (" " + t("data.import.done_rejected", count=fmt_number(rejected))
                      if rejected else ""), icon=":material/task_alt:")
        st.page_link("pages/portfolio.py", label=t("data.import.see_portfolio"),
                     icon=":material/dashboard:")


def run_import(path: Path, prepared: importing.Prepared, table: importing.Table,
               mapping: dict[str, str], kind: str, owner: str, name: str) -> None:
    bar = st.progress(0.0, text=t("data.import.writing", share=fmt_percent(0)))

    def progress(share: float, stage: str) -> None:
        bar.progress(min(share, 1.0), text=t("data.import.writing", share=fmt_percent(share)))

    try:
        counts = importing.commit(path, prepared, progress=progress)
    except store.StoreError as exc:
        bar.empty()
        st.error(t("data.import.failed", error=str(exc)), icon=":material/error:")
        return
    if name.strip():
        store.save_mapping(path, name, kind, table.headers, mapping,
                           {"default_owner": owner} if owner else None)
    ui.refresh()
    st.session_state["data_import_done"] = (counts, table.file_name, prepared.rejected_count)
    st.session_state["data_upload_nonce"] = st.session_state.get("data_upload_nonce", 0) + 1
    st.rerun()


def import_section(path: Path) -> None:
    show_result()
    kind = st.radio(t("data.import.kind"), importing.KINDS, horizontal=True,
                    format_func=lambda k: t(f"data.import.kind.{k}"), key="data_import_kind")
    st.caption(t(f"data.import.expects.{kind}"))
    nonce = st.session_state.get("data_upload_nonce", 0)
    upload = st.file_uploader(t("data.import.file"), type=["csv", "tsv", "txt", "xlsx"],
                              key=f"data_import_file_{nonce}", help=t("data.import.file_help"),
                              max_upload_size=256)
    if upload is None:
        return
    try:
        table = read_upload(upload)
    except importing.ImportFailure as exc:
        st.error(exc.message(lang()), icon=":material/error:")
        return
    counts = {"file": table.file_name, "rows": fmt_number(len(table.frame)),
              "columns": fmt_number(len(table.headers))}
    st.caption(t("data.import.read_csv", encoding=table.encoding,
                 delimiter=repr(table.delimiter), **counts) if table.file_format == "csv"
               else t("data.import.read_xlsx", sheet=table.sheet, **counts))
    form_id = hashlib.sha1(f"{upload.file_id}-{kind}".encode()).hexdigest()[:10]
    mapping, owner, day_first, name = mapping_form(path, table, kind, form_id)
    try:
        prepared = check(path, table, upload.file_id, kind, mapping, owner, day_first)
    except importing.ImportFailure as exc:
        st.error(exc.message(lang()), icon=":material/error:")
        return

    rows, valid, rejected = st.columns(3)
    rows.metric(t("data.import.rows"), fmt_number(prepared.total), border=True)
    valid.metric(t("data.import.valid"), fmt_number(prepared.valid), border=True)
    rejected.metric(t("data.import.rejected"), fmt_number(prepared.rejected_count), border=True)
    if prepared.date_formats:
        st.caption(t("data.import.date_formats", formats="; ".join(
            f"{col}: " + ", ".join(t(f"data.import.format.{f}") for f in fmts.split("+") if f)
            for col, fmts in prepared.date_formats.items())))
    kept = [h for h, target in mapping.items() if target == importing.KEEP]
    dropped = [h for h, target in mapping.items() if target == importing.DROP]
    if kept:
        st.caption(t("data.import.kept", columns=", ".join(kept)))
    if dropped:
        st.caption(t("data.import.dropped", columns=", ".join(dropped)))
    for note in prepared.notes:
        st.caption(t(f"data.import.note.{note}"))

    if prepared.rejected_count:
        st.warning(t("data.import.problems", count=fmt_number(prepared.rejected_count)),
                   icon=":material/warning:")
        problems = importing.describe_problems(prepared, lang())
        if len(problems) > SHOWN_PROBLEMS:
            st.caption(t("data.import.problems_shown", shown=fmt_number(SHOWN_PROBLEMS),
                         count=fmt_number(len(problems))))
        st.dataframe(
            problems.head(SHOWN_PROBLEMS).rename(columns={
                c: t(f"data.import.col.{c}") for c in problems.columns}),
            hide_index=True, key="data_problems")
    else:
        st.success(t("data.import.all_valid"), icon=":material/check_circle:")
    if prepared.valid:
        with st.expander(t("data.import.preview")):
            st.dataframe(prepared.rows.head(20), hide_index=True, key="data_preview")

    go, nothing, download = st.columns(3)
    label = (t("data.import.go_valid", count=fmt_number(prepared.valid))
             if prepared.rejected_count else t("data.import.go_all",
                                               count=fmt_number(prepared.valid)))
    if go.button(label, type="primary", disabled=not prepared.valid, key="data_import_go",
                 icon=":material/upload:"):
        run_import(path, prepared, table, mapping, kind, owner, name)
    if nothing.button(t("data.import.nothing"), key="data_import_nothing",
                      icon=":material/block:"):
        st.session_state["data_import_done"] = "cancelled"
        st.session_state["data_upload_nonce"] = nonce + 1
        st.rerun()
    if prepared.rejected_count:
        download.download_button(
            t("data.import.download_rejected"), importing.rejected_csv(prepared, lang()),
            file_name=f"{Path(table.file_name).stem}.rejected.csv", mime="text/csv",
            key="data_download_rejected", icon=":material/download:", on_click="ignore")


def client_picker_labels(p, key: str) -> dict[int, str]:
    """Clients for a picker; a large portfolio first asks for a few letters (a picker of
    100,000 names would take seconds to reach the browser)."""
    if len(p.clients) <= entry.PICKER_LIMIT:
        return entry.client_labels(p)
    query = st.text_input(t("data.log.find"), key=key, placeholder=t("data.log.find_hint"),
                          help=t("data.log.find_help", limit=fmt_number(entry.PICKER_LIMIT)))
    return entry.client_labels(p, query, limit=entry.PICKER_LIMIT)


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
    score = prospect = None
    solicited = False
    if what == "satisfaction":
        score = st.slider(t("data.log.score"), 0.0, 10.0, 8.0, 0.5, key="data_log_score")
    if what == "referral_received":
        prospect = st.text_input(t("data.log.prospect"), key="data_log_prospect")
        solicited = st.checkbox(t("data.log.solicited"), key=f"data_log_solicited_{client_id}",
                                value=entry.recent_ask(p, client_id, day))
    note = st.text_input(t("data.log.note"), key="data_log_note")
    confirmed = True
    if what == "referral_ask":
        reason = entry.ask_warning(p, client_id, day, clients.settings_from(st.session_state))
        if reason:
            st.warning(t("data.log.not_ready", name=labels[client_id],
                         reason=t(f"data.reason.{reason}")), icon=":material/front_hand:")
            confirmed = st.checkbox(t("data.log.ask_anyway"), key="data_log_confirm")
    if st.button(t("data.log.save"), type="primary", disabled=not confirmed,
                 key="data_log_save", icon=":material/save:"):
        try:
            entry.log(path, client_id=client_id, what=what, date=day, as_of=p.as_of,
                      score=score, note=note, prospect_name=prospect, solicited=solicited)
        except entry.EntryError as exc:
            st.error(exc.message(lang()), icon=":material/error:")
        else:
            ui.refresh()
            st.success(t("data.log.saved", what=t(f"data.kind.{what}"), name=labels[client_id],
                         date=fmt_date(day)), icon=":material/task_alt:")


def client_section(path: Path) -> None:
    p = ui.load_portfolio()
    labels = client_picker_labels(p, "data_client_find_referrer")
    with st.form("data_client_form", clear_on_submit=True):
        left, right = st.columns(2)
        name = left.text_input(t("data.client.name"), key="data_client_name")
        company = right.text_input(t("data.client.company"), key="data_client_company")
        email = left.text_input(t("data.client.email"), key="data_client_email")
        owner = right.selectbox(t("data.client.owner"), p.owners, index=None,
                                accept_new_options=True, key="data_client_owner",
                                help=t("data.client.owner_help"))
        start = left.date_input(t("data.client.start_date"), value=p.as_of.date(),
                                max_value=p.as_of.date(), key="data_client_start",
                                format="DD/MM/YYYY")
        sphere = right.number_input(t("data.client.sphere"), min_value=1, max_value=100_000,
                                    value=store.DEFAULT_SPHERE_SIZE, step=10,
                                    key="data_client_sphere")
        referred = left.selectbox(t("data.client.referred_by"), [None, *labels],
                                  format_func=lambda c: t("data.client.none") if c is None
                                  else labels[c], key="data_client_referred")
        external = right.text_input(t("data.client.external_id"), key="data_client_external")
        submitted = st.form_submit_button(t("data.client.save"), type="primary",
                                          icon=":material/person_add:", key="data_client_save")
    if submitted:
        try:
            entry.add_client(path, name=name, owner=owner, start_date=start, as_of=p.as_of,
                             company=company, email=email, external_id=external,
                             sphere_size=int(sphere), referred_by=referred)
        except entry.EntryError as exc:
            st.error(exc.message(lang()), icon=":material/error:")
        else:
            ui.refresh()
            st.success(t("data.client.saved", name=name.strip()), icon=":material/task_alt:")


def export_section(path: Path) -> None:
    st.caption(t("data.export.intro"))
    info = store.info(path)
    st.caption(t("data.export.counts", clients=fmt_number(info.clients),
                 events=fmt_number(info.events), referrals=fmt_number(info.referrals)))
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


ui.page_header("data")
store_path = ui.ensure_store()
tab_import, tab_log, tab_client, tab_export = st.tabs(
    [t("data.tab.import"), t("data.tab.log"), t("data.tab.client"), t("data.tab.export")])
with tab_import:
    import_section(store_path)
with tab_log:
    log_section(store_path)
with tab_client:
    client_section(store_path)
with tab_export:
    export_section(store_path)
