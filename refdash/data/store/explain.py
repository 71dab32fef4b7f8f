"""SQLite's refusals as refdash errors, told apart by SQLite's extended error code and, for
a CHECK, by the name the schema gives the constraint (see ``schema.CHECK_NAMES``); never by
the English text of a message."""

from __future__ import annotations

import datetime
import sqlite3

import pandas as pd

from refdash.data.store.schema import EVENT_KINDS, REFERRAL_STATUSES
from refdash.errors import RefdashError

#: Named CHECK constraint -> (error code, parameters).
_CHECKS: dict[str, tuple[str, dict[str, object]]] = {
    "clients_name": ("store.required", {"column": "name"}),
    "clients_owner": ("store.required", {"column": "owner"}),
    "clients_start_date": ("store.bad_date", {}),
    "clients_sphere_size": ("store.bad_sphere", {}),
    "events_date": ("store.bad_date", {}),
    "events_kind": ("store.bad_kind", {"kinds": ", ".join(EVENT_KINDS)}),
    "events_score": ("store.bad_score", {}),
    "events_score_kind": ("store.bad_score", {}),
    "referrals_date": ("store.bad_date", {}),
    "referrals_solicited": ("store.refused", {"constraint": "referrals_solicited"}),
    "referrals_status": ("store.bad_status", {"statuses": ", ".join(REFERRAL_STATUSES)}),
    "referrals_converted": ("store.bad_status", {"statuses": ", ".join(REFERRAL_STATUSES)}),
    "mappings_name": ("store.mapping_name", {}),
    "mappings_kind": ("store.refused", {"constraint": "mappings_kind"}),
}
#: Extended result codes (``sqlite_errorname``) that are not about the rows written.
_STATE = {
    "SQLITE_BUSY": "store.busy", "SQLITE_LOCKED": "store.busy", "SQLITE_FULL": "store.full",
    "SQLITE_CORRUPT": "store.damaged", "SQLITE_NOTADB": "store.damaged",
    "SQLITE_READONLY": "store.read_only", "SQLITE_IOERR": "store.io_error",
}


def _subject(exc: sqlite3.Error) -> str:
    """What SQLite names after the colon of a constraint error: a constraint's name or
    ``table.column`` (identifiers of our schema, not words)."""
    return str(exc).rpartition(":")[2].strip()


def explain(exc: sqlite3.Error) -> RefdashError:
    """The :class:`RefdashError` for a SQLite error raised by a write."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name == "SQLITE_CONSTRAINT_FOREIGNKEY":
        return RefdashError("store.unknown_client")
    if name == "SQLITE_CONSTRAINT_CHECK":
        subject = _subject(exc)
        code, params = _CHECKS.get(subject, ("store.refused", {"constraint": subject}))
        return RefdashError(code, **params)
    if name in ("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"):
        return RefdashError("store.duplicate_id", column=_subject(exc))
    if name == "SQLITE_CONSTRAINT_NOTNULL":
        return RefdashError("store.required", column=_subject(exc).rpartition(".")[2])
    base = name.split("_")[:2]
    code = _STATE.get("_".join(base), "store.failed")
    return RefdashError(code, detail=name or type(exc).__name__)


def iso(value: object) -> str | None:
    """A date as ISO text. Strings must already be ``YYYY-MM-DD``: guessing whether
    ``03/04/2025`` is March or April is the importer's job, with the file's locale."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError as exc:
            raise RefdashError("store.bad_date_text", value=value) from exc
    return pd.Timestamp(value).strftime("%Y-%m-%d")
