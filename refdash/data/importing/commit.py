"""Importing a file end to end: read, map, check and write in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from refdash.data import store
from refdash.data.importing.activities import ActivityRules
from refdash.data.importing.check import Prepared, prepare
from refdash.data.importing.mapping import (
    KINDS,
    complete_mapping,
    matching_mapping,
    suggest_mapping,
)
from refdash.data.importing.read import Table, read_table
from refdash.data.store.schema import Path_
from refdash.errors import RefdashError

#: Progress of an import: the share done (0 to 1) and the stage (read, check, write, done).
ProgressFn = Callable[[float, str], None]


def commit(path: Path_, prepared: Prepared,
           progress: ProgressFn | None = None) -> store.ImportCounts:
    """Write the valid rows of ``prepared`` in one transaction (upsert on external id).

    Activities take back, in the same transaction, the evidence their CRM no longer gives
    (``prepared.retract``, see :func:`~.activities.finish`; counted as updated)."""
    report = (lambda share: progress(share, "write")) if progress else None
    # Activities are written as the events they are evidence of.
    kind = "events" if prepared.kind == "activities" else prepared.kind
    return store.import_rows(path, kind, prepared.rows, update_columns=prepared.update_columns,
                             progress=report, retract=prepared.retract)


def referral_links(path: Path_) -> pd.Series:
    """The store's referral links: the referrer's external id by client external id (for
    the referral cycles :func:`~.check.prepare` refuses)."""
    clients = store.read_clients(path)
    if clients.empty or "referred_by" not in clients:
        return pd.Series(dtype="str")
    by_id = pd.Series(clients["external_id"].to_numpy(), index=clients["id"].to_numpy())
    linked = clients[clients["referred_by"].notna()]
    return pd.Series(by_id.reindex(linked["referred_by"].astype("int64")).to_numpy(),
                     index=linked["external_id"].to_numpy(), dtype="str").dropna()


def _maps_a_referrer(kind: str, mapping: dict[str, str]) -> bool:
    return kind == "clients" and "referred_by" in mapping.values()


def clients_to_check(path: Path_, kind: str, mapping: dict[str, str]) -> pd.Series:
    """The external ids of the store's clients, which a file's references must name: for
    events, activities and referrals, and for a clients file that maps a referrer (else
    nothing to check, and reading every client is skipped)."""
    if (kind == "clients" and not _maps_a_referrer(kind, mapping)) or not Path(path).exists():
        return pd.Series(dtype="str", name="external_id")
    return store.client_external_ids(path)


def links_to_check(path: Path_, kind: str, mapping: dict[str, str]) -> pd.Series | None:
    """The store's referral links when a clients file maps a referrer (only then can it
    close a cycle through them), else None: reading every client is skipped."""
    if not _maps_a_referrer(kind, mapping) or not Path(path).exists():
        return None
    return referral_links(path)


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_file` did (``counts`` is None when nothing was written)."""

    table: Table
    mapping: dict[str, str]
    prepared: Prepared
    counts: store.ImportCounts | None
    mapping_name: str | None = None


def import_file(
    path: Path_,
    source: bytes | Path_,
    kind: str,
    *,
    file_name: str | None = None,
    mapping: dict[str, str] | None = None,
    mapping_name: str | None = None,
    as_of: object = None,
    default_owner: str | None = None,
    day_first: bool | None = None,
    rules: ActivityRules | None = None,
    skip_invalid: bool = False,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
) -> ImportResult:
    """Read, map, check and (unless ``dry_run``) write one file: the command line's import.

    The mapping is ``mapping`` if given, else the saved mapping ``mapping_name``, else a
    saved mapping made for files with the same headers, else the suggestions. With
    problems, nothing is written unless ``skip_invalid`` (then the valid rows are).
    """
    if kind not in KINDS:
        raise RefdashError("import.unknown_kind", value=kind, kinds=", ".join(KINDS))
    tick = progress or (lambda share, stage: None)
    tick(0.0, "read")
    table = read_table(source, file_name)
    # A dry run against a store that does not exist yet reads nothing and creates nothing.
    present = Path(path).exists()
    saved = store.list_mappings(path, kind) if present else []
    used_name = None
    if mapping is None:
        if mapping_name:
            chosen = next((m for m in saved if m.name == mapping_name), None)
            if chosen is None:
                raise RefdashError("import.no_mapping", name=mapping_name)
        else:
            chosen = matching_mapping(saved, table.headers, kind)
        if chosen is not None:
            used_name = chosen.name
            mapping = complete_mapping(chosen.mapping, table.headers)
            default_owner = default_owner or chosen.options.get("default_owner") or None
        else:
            mapping = suggest_mapping(table.headers, kind)
    mapping = complete_mapping(mapping, table.headers)
    tick(0.2, "check")
    known = clients_to_check(path, kind, mapping)
    links = links_to_check(path, kind, mapping)
    prepared = prepare(table, kind, mapping, known_clients=known,
                       as_of=as_of, default_owner=default_owner, day_first=day_first,
                       rules=rules, known_referrers=links)
    counts = None
    if not dry_run and prepared.writes_anything and (skip_invalid or not prepared.rejected_count):
        counts = commit(path, prepared,
                        progress=lambda share, stage: tick(0.4 + 0.6 * share, stage))
    tick(1.0, "done")
    return ImportResult(table=table, mapping=mapping, prepared=prepared, counts=counts,
                        mapping_name=used_name)
