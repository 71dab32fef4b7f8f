"""What the Data page shows, ready to draw: the mapping form's choices, how a file was read,
the check's figures, captions and translated problem table, and the import's outcome.

No Streamlit here: the page lays out widgets and draws what these functions return.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from refdash import i18n
from refdash.data import importing, store
from refdash.errors import RefdashError

#: Shown literally in markdown (a name, a header, a file name: never bold, a link, KaTeX).
lit = i18n.literal

#: Problems listed on the page (the rejected rows file has them all).
SHOWN_PROBLEMS = 1000
#: Date order choices of the mapping form -> ``day_first`` of :func:`importing.prepare`.
DATE_ORDERS: dict[str, bool | None] = {"auto": None, "day": True, "month": False}


def field_label(target: str, lang: str) -> str:
    """The label of a mapping target: a field, "keep as extra" or "leave out"."""
    if target == importing.KEEP:
        return i18n.translate("data.map.keep", lang)
    if target == importing.DROP:
        return i18n.translate("data.map.drop", lang)
    return i18n.translate(f"data.field.{target}", lang)


def mapping_targets(kind: str) -> list[str]:
    """What each column of a file of ``kind`` may feed, in the order the form lists them."""
    return [f.name for f in importing.FIELDS[kind]] + [importing.KEEP, importing.DROP]


@dataclass(frozen=True)
class MappingStart:
    """Where the mapping form starts: a saved mapping for files of this shape, or the
    suggestions from the headers."""

    mapping: dict[str, str]
    saved: store.SavedMapping | None
    default_owner: str
    name: str


def mapping_start(path: str | os.PathLike[str], table: importing.Table,
                  kind: str) -> MappingStart:
    """The initial mapping, owner and mapping name of the form for ``table``."""
    saved = importing.matching_mapping(store.list_mappings(path, kind), table.headers, kind)
    if saved:
        return MappingStart(mapping=importing.complete_mapping(saved.mapping, table.headers),
                            saved=saved, default_owner=saved.options.get("default_owner", ""),
                            name=saved.name)
    return MappingStart(mapping=importing.suggest_mapping(table.headers, kind), saved=None,
                        default_owner="", name=Path(table.file_name).stem)


def example(table: importing.Table, header: str, limit: int = 80) -> str:
    """The first non-empty value of a column among its first 50 rows (``–`` if none)."""
    value = next((v for v in table.frame[header].head(50) if v), "")
    return value[:limit] or "–"


def read_caption(table: importing.Table, lang: str) -> str:
    """How the file was read: format, encoding or sheet, rows and columns."""
    counts = {"file": lit(table.file_name), "rows": i18n.format_number(len(table.frame), lang),
              "columns": i18n.format_number(len(table.headers), lang)}
    if table.file_format == "csv":
        return i18n.translate("data.import.read_csv", lang, encoding=table.encoding,
                              delimiter=repr(table.delimiter), **counts)
    return i18n.translate("data.import.read_xlsx", lang, sheet=lit(table.sheet), **counts)


@dataclass(frozen=True)
class CheckView:
    """The outcome of checking a file, as the page draws it."""

    metrics: tuple[tuple[str, str], ...]   # (label, formatted value): rows, valid, rejected
    captions: tuple[str, ...]              # date formats, kept and dropped columns, notes
    warning: str | None                    # some rows are rejected
    success: str | None                    # every row is valid
    problems: pd.DataFrame                 # translated columns, at most SHOWN_PROBLEMS rows
    problems_caption: str | None           # "1,000 of 4,321 problems shown"
    go_label: str                          # the import button
    can_import: bool


def _captions(prepared: importing.Prepared, mapping: dict[str, str], lang: str) -> list[str]:
    tr = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    out = []
    if prepared.date_formats:
        out.append(tr("data.import.date_formats", formats="; ".join(
            f"{lit(col)}: " + ", ".join(tr(f"data.import.format.{f}") for f in fmts.split("+") if f)
            for col, fmts in prepared.date_formats.items())))
    kept = [h for h, target in mapping.items() if target == importing.KEEP]
    dropped = [h for h, target in mapping.items() if target == importing.DROP]
    if kept:
        out.append(tr("data.import.kept", columns=", ".join(lit(h) for h in kept)))
    if dropped:
        out.append(tr("data.import.dropped", columns=", ".join(lit(h) for h in dropped)))
    out += [tr(f"data.import.note.{note}") for note in prepared.notes]
    return out


def check_view(prepared: importing.Prepared, mapping: dict[str, str], lang: str) -> CheckView:
    """Figures, captions, messages and the problem table of a checked file."""
    tr = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    num = lambda n: i18n.format_number(n, lang)  # noqa: E731
    rejected = prepared.rejected_count
    problems = (importing.describe_problems(prepared, lang) if rejected
                else pd.DataFrame())
    shown = problems.head(SHOWN_PROBLEMS).rename(
        columns={c: tr(f"data.import.col.{c}") for c in problems.columns})
    return CheckView(
        metrics=((tr("data.import.rows"), num(prepared.total)),
                 (tr("data.import.valid"), num(prepared.valid)),
                 (tr("data.import.rejected"), num(rejected))),
        captions=tuple(_captions(prepared, mapping, lang)),
        warning=(i18n.translate_plural("data.import.problems", lang, rejected, count=num(rejected))
                 if rejected else None),
        success=None if rejected else tr("data.import.all_valid"),
        problems=shown,
        problems_caption=(tr("data.import.problems_shown", shown=num(SHOWN_PROBLEMS),
                             count=num(len(problems)))
                          if len(problems) > SHOWN_PROBLEMS else None),
        go_label=i18n.translate_plural(
            "data.import.go_valid" if rejected else "data.import.go_all", lang, prepared.valid,
            count=num(prepared.valid)),
        can_import=prepared.writes_anything,
    )


def rejected_file_name(table: importing.Table) -> str:
    """The name of the rejected rows download (``clients.rejected.csv``)."""
    return f"{Path(table.file_name).stem}.rejected.csv"


def done_message(counts: store.ImportCounts, file_name: str, rejected: int, lang: str) -> str:
    """What an import did, in words."""
    num = lambda n: i18n.format_number(n, lang)  # noqa: E731
    text = i18n.translate("data.import.done", lang, file=lit(file_name), added=num(counts.added),
                          updated=num(counts.updated), unchanged=num(counts.unchanged))
    if rejected:
        text += " " + i18n.translate("data.import.done_rejected", lang, count=num(rejected))
    return text


def export_counts(path: str | os.PathLike[str], lang: str) -> str:
    """How much the store holds, for the export section."""
    info = store.info(path)
    num = lambda n: i18n.format_number(n, lang)  # noqa: E731
    return i18n.translate("data.export.counts", lang, clients=num(info.clients),
                          events=num(info.events), referrals=num(info.referrals))


def error_text(exc: RefdashError, lang: str) -> str:
    """``exc.message(lang)`` for a markdown element (see
    :meth:`~refdash.errors.RefdashError.markdown_message`)."""
    return exc.markdown_message(lang)
