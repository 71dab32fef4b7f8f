"""Correcting a client's events from the client's view (Clients page): a wrong date, the
wrong client, an event logged twice; each change can be taken back.

Checks come before any write and are :class:`RefdashError` codes ``entry.*``: a date after
the analysis date (``entry.future``), an unknown kind (``entry.kind``), a satisfaction score
outside 0-10 (``entry.score``), a client not in the store (``entry.unknown_client``), an event
removed meanwhile (``entry.event_gone``). An edit keeps the event's id, external id and
extras, so an undo restores the very row and a re-import still recognises it (a re-import of
the CRM export puts its own values back: the note on the page says so).

Pure: no streamlit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pandas as pd

from refdash.data import store
from refdash.errors import RefdashError
from refdash.i18n import format_date, format_number, translate
from refdash.model.portfolio import Portfolio

#: Kinds an event can be given (every kind of the store).
KINDS: tuple[str, ...] = store.EVENT_KINDS
#: Columns of :func:`events_table` (``event_id`` hidden: it keys the picker).
TABLE_COLUMNS: tuple[str, ...] = ("event_id", "date", "kind", "score", "note")


def events_table(p: Portfolio, client_id: int, lang: str) -> pd.DataFrame:
    """The client's events, newest first: id, date, kind in words, score, note."""
    ev = p.events[p.events["client_id"] == client_id].sort_values(
        ["date", "id"], ascending=False, kind="stable")
    return pd.DataFrame({
        "event_id": ev["id"].to_numpy(),
        "date": ev["date"].to_numpy(),
        "kind": [translate(f"data.kind.{k}", lang) for k in ev["kind"]],
        "score": ev["score"].to_numpy(float),
        "note": ev["note"].fillna("").astype(str).to_numpy(),
    }, columns=list(TABLE_COLUMNS))


def imported_note(row: dict[str, Any] | None, lang: str) -> str | None:
    """For an event that came from an import (it has an external id), what a correction
    means: the next import of the same export writes the CRM's values back."""
    if not row or not row.get("external_id"):
        return None
    return translate("clients.events.imported", lang, source=str(row["external_id"]))


def event_label(row: pd.Series, lang: str) -> str:
    """``'12 Mar 2025 · Promise kept · 8'`` for a picker."""
    parts = [format_date(row["date"], lang), str(row["kind"])]
    if not pd.isna(row["score"]):
        parts.append(format_number(row["score"], lang, 1))
    if row["note"]:
        parts.append(str(row["note"])[:40])
    return " · ".join(parts)


def checked(p: Portfolio, *, client_id: int, date: object, kind: str,
            score: float | None, note: str | None) -> dict[str, Any]:
    """The event's new fields, checked and normalised (ISO date, score only for a
    satisfaction score, empty note as None); a :class:`RefdashError` ``entry.*`` says what
    is wrong before anything is written."""
    if kind not in KINDS:
        raise RefdashError("entry.kind", value=str(kind))
    try:
        day = pd.Timestamp(date).normalize()
    except (TypeError, ValueError) as exc:
        raise RefdashError("entry.bad_date", value=str(date)) from exc
    if pd.isna(day):
        raise RefdashError("entry.bad_date", value=str(date))
    if day > p.as_of.normalize():
        raise RefdashError("entry.future")
    if kind == "satisfaction":
        if score is None or pd.isna(score) or not 0 <= float(score) <= 10:
            raise RefdashError("entry.score")
        score = float(score)
    else:
        score = None
    if not p.clients["id"].eq(int(client_id)).any():
        raise RefdashError("entry.unknown_client")
    return {"client_id": int(client_id), "date": day.date().isoformat(), "kind": kind,
            "score": score, "note": (note or "").strip() or None}


_DONE_KEYS = {"edit": "clients.events.edited", "delete": "clients.events.deleted"}


@dataclass(frozen=True)
class Change:
    """An edit or a deletion (``action``) of event ``event_id``, with the row as it was
    (``before``) so :func:`undo` can put it back."""

    action: str
    event_id: int
    before: dict[str, Any]


def edit(path: str | os.PathLike[str], p: Portfolio, event_id: int, **fields: Any) -> Change:
    """Check ``fields`` (see :func:`checked`) and write them over event ``event_id``."""
    new = checked(p, **fields)
    try:
        before = store.update_event(path, event_id, **new)
    except RefdashError as exc:
        if exc.code == "store.unknown_client":
            raise RefdashError("entry.unknown_client") from exc
        raise
    if before is None:
        raise RefdashError("entry.event_gone")
    return Change("edit", int(event_id), before)


def delete(path: str | os.PathLike[str], event_id: int) -> Change:
    """Delete event ``event_id`` (``entry.event_gone`` if it is not there any more)."""
    before = store.remove_event(path, event_id)
    if before is None:
        raise RefdashError("entry.event_gone")
    return Change("delete", int(event_id), before)


def undo(path: str | os.PathLike[str], change: Change) -> None:
    """Put the event back as it was before ``change``."""
    try:
        store.put_event_back(path, change.before)
    except RefdashError as exc:
        if exc.code == "store.unknown_client":  # its client was removed meanwhile
            raise RefdashError("entry.undo_gone") from exc
        raise


def done_text(change: Change, lang: str) -> str:
    """"Event of 12 Mar 2025 changed." / "... deleted." for the page's confirmation."""
    return translate(_DONE_KEYS[change.action], lang,
                     date=format_date(change.before["date"], lang),
                     what=translate(f"data.kind.{change.before['kind']}", lang))
