"""The data commands of ``python -m refdash``: ``import``, ``export``, ``backup``, ``restore``.

``import`` runs the same reading, mapping and checks as the Data page, prints a report on
stdout and exits with 0 when every row was valid, 1 when rows were rejected (whether or not
the valid ones were written, see ``--skip-invalid``), 2 when the file, the mapping or the
store cannot be used. ``--dry-run`` writes nothing at all.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from refdash import i18n
from refdash.data import exporting, importing, store
from refdash.data.importing import activities
from refdash.errors import RefdashError
from refdash.model import kept

#: Problems printed on stdout before the report points to the rejected rows file.
MAX_PRINTED_PROBLEMS = 50


def _lang(args: argparse.Namespace) -> str:
    return i18n.normalise_language(args.lang)


def _store_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=Path, default=None,
                   help="the store (default: $REFDASH_DB or data/refdash.db)")
    p.add_argument("--lang", default=os.environ.get("REFDASH_LANG") or os.environ.get("LANG"),
                   help="language of the report: en, fr or it (default: from $LANG)")


def _db(args: argparse.Namespace) -> Path:
    return args.db if args.db is not None else store.default_store_path()


def _parse_map(values: list[str], headers: list[str], kind: str, lang: str) -> dict[str, str]:
    """``--map "Header=field"`` options as a mapping (``keep``/``drop`` allowed)."""
    fields = [f.name for f in importing.FIELDS[kind]]
    out: dict[str, str] = {}
    for value in values:
        header, sep, target = value.rpartition("=")
        header, target = header.strip(), target.strip()
        special = {"keep": importing.KEEP, "drop": importing.DROP}
        if not sep or not header or (target not in fields and target not in special):
            raise _CliError(i18n.translate("data.cli.bad_map", lang, fields=", ".join(fields),
                                           value=value))
        if header not in headers:
            raise _CliError(i18n.translate("data.cli.unknown_header", lang, value=header))
        out[header] = special.get(target, target)
    return out


class _CliError(Exception):
    """A usage problem already worded for the user."""


def _writable_folder(folder: Path) -> bool:
    """Whether files can be made in ``folder``: on a file system mounted read-write
    (``os.access`` alone says yes to root on a read-only mount) and allowed to us."""
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return False
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _check_before_import(args: argparse.Namespace, db: Path) -> None:
    """What is refused before a row is read: a blank ``--save-mapping`` name, a store in a
    folder that cannot be written (SQLite would say "not a database" or "read-only" only
    at the first write). A missing store is made, except by a dry run (it writes nothing,
    a store neither)."""
    if args.save_mapping is not None and not args.save_mapping.strip():
        raise RefdashError("import.bad_mapping_name")
    if args.dry_run:
        return
    folder = db.parent if str(db.parent) else Path(".")
    if folder.is_dir() and (not _writable_folder(folder)
                            or (db.exists() and not os.access(db, os.W_OK))):
        raise RefdashError("import.read_only_store", path=str(db))
    if not db.exists():
        store.create_store(db)


def _cmd_import(args: argparse.Namespace) -> int:
    lang = _lang(args)
    db = _db(args)
    try:
        _check_before_import(args, db)
    except RefdashError as exc:
        print(f"error: {exc.message(lang)}", file=sys.stderr)
        return 2
    say = print
    source = Path(args.file)

    def progress(share: float, stage: str) -> None:
        if sys.stderr.isatty():
            print(f"\r{stage:>6} {share:4.0%}", end="", file=sys.stderr, flush=True)

    try:
        table = importing.read_table(source)
        if args.kind is None:  # an activities export is told by its headers
            if not activities.looks_like_activities(table.headers):
                raise RefdashError("import.unknown_kind", value="",
                                   kinds=", ".join(importing.KINDS))
            args.kind = "activities"
        mapping = None
        if args.map:
            base = importing.suggest_mapping(table.headers, args.kind)
            if args.mapping:
                saved = {m.name: m for m in (store.list_mappings(db, args.kind)
                                             if db.exists() else [])}
                if args.mapping not in saved:
                    raise RefdashError("import.no_mapping", name=args.mapping)
                base = importing.complete_mapping(saved[args.mapping].mapping, table.headers)
            mapping = {**base, **_parse_map(args.map, table.headers, args.kind, lang)}
        day_first = {"day": True, "month": False}.get(args.date_order)
        result = importing.import_file(
            db, source, args.kind, mapping=mapping, mapping_name=args.mapping,
            as_of=args.as_of, default_owner=args.owner, day_first=day_first,
            skip_invalid=args.skip_invalid, dry_run=args.dry_run, progress=progress,
            rules=activities.ActivityRules(grace_days=args.grace_days),
        )
    except RefdashError as exc:
        print(f"error: {exc.message(lang)}", file=sys.stderr)
        return 2
    except _CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if sys.stderr.isatty():
        print("\r" + " " * 20 + "\r", end="", file=sys.stderr)
    _report(result, lang, say, dry_run=args.dry_run)
    if result.counts is not None and not args.dry_run:
        started = time.perf_counter()
        if kept.prepare(db):
            seconds = i18n.format_number(time.perf_counter() - started, lang, decimals=1)
            say(f"  {i18n.translate('data.cli.first_open', lang, seconds=seconds)}")
    prepared = result.prepared
    if prepared.rejected_count:
        rejects = Path(args.rejects) if args.rejects else source.with_name(
            f"{source.stem}.rejected.csv")
        rejects.write_bytes(importing.rejected_csv(prepared, lang))
        say(f"  {i18n.translate('data.cli.rejects_written', lang, path=rejects)}")
    if args.save_mapping and result.counts is not None:
        store.save_mapping(db, args.save_mapping.strip(), args.kind, table.headers, result.mapping,
                           {"default_owner": args.owner} if args.owner else None)
        say(f"  {i18n.translate('data.cli.mapping_saved', lang, name=args.save_mapping.strip())}")
    return 1 if prepared.rejected_count else 0


def _report(result: importing.ImportResult, lang: str, say: Callable[[str], None],
            dry_run: bool = False) -> None:
    """The import report: how the file was read and mapped, every problem, the outcome."""
    tr = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    num = lambda n: i18n.format_number(n, lang)  # noqa: E731
    table, prepared = result.table, result.prepared
    pad = 2 + max(len(tr(k)) for k in ("data.cli.file", "data.cli.mapping", "data.cli.checked",
                                       "data.cli.result"))
    how = (f"CSV, {table.encoding}, delimiter {table.delimiter!r}" if table.file_format == "csv"
           else f"XLSX, sheet {table.sheet!r}")
    say(f"{tr('data.cli.file'):<{pad}}{table.file_name} ({how})")
    origin = (tr("data.cli.saved", name=result.mapping_name) if result.mapping_name
              else tr("data.cli.suggested"))
    say(f"{tr('data.cli.mapping'):<{pad}}{origin}")
    width = max(len(h) for h in table.headers)
    for header, target in result.mapping.items():
        label = (tr("data.cli.kept_as_extra") if target == importing.KEEP
                 else tr("data.cli.left_out") if target == importing.DROP
                 else f"{target} ({tr(f'data.field.{target}')})")
        fmt = prepared.date_formats.get(header)
        fmt_text = (" [" + ", ".join(tr(f"data.import.format.{f}") for f in fmt.split("+"))
                    + "]") if fmt else ""
        say(f"  {header:<{width}} -> {label}{fmt_text}")
    for note in prepared.notes:
        say(f"  {tr(f'data.import.note.{note}')}")
    say(f"{tr('data.cli.checked'):<{pad}}" + tr("data.cli.counts", rows=num(prepared.total),
                                            valid=num(prepared.valid),
                                            rejected=num(prepared.rejected_count)))
    if len(prepared.problems):
        say(f"{tr('data.cli.problems')}:")
        described = importing.describe_problems(prepared, lang)
        for row in described.head(MAX_PRINTED_PROBLEMS).itertuples(index=False):
            say("  " + tr("data.cli.problem_line", file=row.file, row=row.row,
                          column=row.column, value=row.value, problem=row.problem))
        if len(described) > MAX_PRINTED_PROBLEMS:
            say("  " + tr("data.cli.more_problems",
                          count=num(len(described) - MAX_PRINTED_PROBLEMS)))
    if result.counts is not None:
        c = result.counts
        outcome = tr("data.import.done", file=table.file_name, added=num(c.added),
                     updated=num(c.updated), unchanged=num(c.unchanged))
        if prepared.rejected_count:
            outcome += " " + tr("data.import.done_rejected",
                                count=num(prepared.rejected_count))
    elif dry_run:
        outcome = tr("data.cli.dry_run")
    elif prepared.valid:
        outcome = tr("data.cli.nothing", count=num(prepared.rejected_count))
    else:
        outcome = tr("data.import.cancelled")
    say(f"{tr('data.cli.result'):<{pad}}{outcome}")


def _cmd_export(args: argparse.Namespace) -> int:
    files = exporting.export_dir(_db(args), args.folder, overwrite=args.force)
    print(i18n.translate("data.cli.exported", _lang(args), count=len(files), path=args.folder))
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    dest = store.backup(_db(args), args.file, overwrite=args.force)
    size = f"{dest.stat().st_size / 1024 / 1024:.1f} MB"
    print(i18n.translate("data.cli.backed_up", _lang(args), path=dest, size=size))
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    lang = _lang(args)
    result = store.restore(args.file, _db(args))
    num = lambda n: i18n.format_number(n, lang)  # noqa: E731
    print(i18n.translate("data.cli.restored", lang, path=result.path,
                         clients=num(result.clients), events=num(result.events),
                         referrals=num(result.referrals)))
    return 0


def add_import(sub: argparse._SubParsersAction) -> None:
    """``import FILE [--kind clients|events|referrals|activities] [...]``."""
    p = sub.add_parser("import", help="import clients, events or referrals from a CSV or XLSX "
                                      "file (checked first; all or nothing)")
    p.add_argument("file", help="the CSV or XLSX file")
    p.add_argument("--kind", choices=importing.KINDS,
                   help="what the file holds (import clients before their events); left "
                        "out, a CRM activities export is recognised by its headers")
    p.add_argument("--grace-days", type=int, default=activities.GRACE_DAYS, metavar="DAYS",
                   help="activities: days a task may be done after its due date and still "
                        f"count as a promise kept (default {activities.GRACE_DAYS})")
    p.add_argument("--mapping", metavar="NAME",
                   help="use the saved column mapping NAME (default: the one saved for files "
                        "with the same headers, else suggestions from the headers)")
    p.add_argument("--map", action="append", default=[], metavar="HEADER=FIELD",
                   help="map a column to a field, or to keep/drop (repeatable)")
    p.add_argument("--save-mapping", metavar="NAME",
                   help="after a successful import, save the mapping under NAME")
    p.add_argument("--owner", help="owner of clients whose row names none")
    p.add_argument("--date-order", choices=("auto", "day", "month"), default="auto",
                   help="read 03/04/2024 day first or month first (default: detect)")
    p.add_argument("--as-of", default=os.environ.get("REFDASH_AS_OF"),
                   help="today, YYYY-MM-DD: later dates are refused (default: today)")
    p.add_argument("--skip-invalid", action="store_true",
                   help="write the valid rows even when some are rejected (default: nothing "
                        "is written when any row is rejected)")
    p.add_argument("--rejects", metavar="PATH",
                   help="where to write the rejected rows (default: FILE.rejected.csv)")
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    _store_arg(p)
    p.set_defaults(func=_cmd_import)


def add_export(sub: argparse._SubParsersAction) -> None:
    """``export DIR``."""
    p = sub.add_parser("export", help="write the whole store as CSV files into a folder")
    p.add_argument("folder", type=Path, help="the folder (created if needed)")
    p.add_argument("--force", action="store_true", help="overwrite files of a previous export")
    _store_arg(p)
    p.set_defaults(func=_cmd_export)


def add_backup(sub: argparse._SubParsersAction) -> None:
    """``backup FILE``."""
    p = sub.add_parser("backup", help="a consistent copy of the store (safe while the app runs)")
    p.add_argument("file", type=Path, help="the backup file to write")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    _store_arg(p)
    p.set_defaults(func=_cmd_backup)


def add_restore(sub: argparse._SubParsersAction) -> None:
    """``restore FILE``."""
    p = sub.add_parser("restore", help="replace the store's content by a backup (checked first)")
    p.add_argument("file", type=Path, help="the backup file")
    _store_arg(p)
    p.set_defaults(func=_cmd_restore)


#: Added to ``refdash.__main__.COMMANDS``.
COMMANDS = [add_import, add_export, add_backup, add_restore]
