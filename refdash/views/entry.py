"""Everyday data entry: log what happened with a client, add a client.

The Data page's forms call these functions; they check the input, warn about asks made
before a client is ready (through :func:`refdash.model.trust.client_status`), and write through
:mod:`refdash.data.store`. Errors are :class:`~refdash.errors.RefdashError` (``entry.<reason>``).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import pandas as pd

from refdash.data import store
from refdash.errors import RefdashError
from refdash.model.portfolio import Portfolio

if TYPE_CHECKING:
    from refdash.model.trust import TrustSettings

#: What the "log an event" form offers: every event kind, plus a referral received.
LOG_CHOICES: tuple[str, ...] = (
    "meeting", "delivery", "promise_kept", "promise_broken", "satisfaction", "complaint",
    "referral_ask", "referral_received", "referral_declined", "lost",
)
#: A referral received within this many days of an ask counts as solicited by default.
SOLICITED_WINDOW_DAYS = 60


#: Entry errors are refdash's one error type (codes ``entry.<reason>``); a refusal of the
#: store that the form cannot word better passes through with its ``store.<reason>`` code.
EntryError = RefdashError


#: Most clients a picker lists; past it the page asks for a few letters of the name.
PICKER_LIMIT = 500


def picker_limit(p: Portfolio) -> int | None:
    """The most clients a picker of ``p`` lists: None (every one) when they fit, else
    :data:`PICKER_LIMIT` (the page then asks for a few letters first)."""
    return None if len(p.clients) <= PICKER_LIMIT else PICKER_LIMIT


def client_labels(p: Portfolio, query: str = "", limit: int | None = None) -> dict[int, str]:
    """``{client id: "Name · Company"}``, sorted by name, for a client picker: only the labels
    containing ``query`` (any case; the CRM id matches too), at most ``limit`` of them."""
    c = p.clients.sort_values(["name", "id"], key=lambda s: s.astype(str).str.casefold()
                              if s.dtype != "int64" else s)
    company = c["company"].fillna("").astype(str)
    label = c["name"].astype(str).where(company.eq(""), c["name"].astype(str) + " · " + company)
    if query.strip():
        needle = query.strip().casefold()
        hit = label.str.casefold().str.contains(needle, regex=False)
        if "external_id" in c:  # the CRM id matches too
            ext = c["external_id"].fillna("").astype(str)
            hit = hit | ext.str.casefold().str.contains(needle, regex=False)
        c, label = c[hit], label[hit]
    if limit is not None:
        c, label = c.head(limit), label.head(limit)
    return dict(zip(c["id"].astype(int), label, strict=True))


def _one_client(p: Portfolio, client_id: int, at: pd.Timestamp) -> Portfolio:
    """The portfolio reduced to one client and what happened to them up to ``at``."""
    clients = p.clients[p.clients["id"].eq(client_id)]
    events = p.events[p.events["client_id"].eq(client_id) & (p.events["date"] <= at)]
    refs = p.referrals[p.referrals["client_id"].eq(client_id) & (p.referrals["date"] <= at)]
    return replace(p, clients=clients, events=events, referrals=refs, as_of=at)


def ask_warning(p: Portfolio, client_id: int, date: object = None,
                trust_settings: TrustSettings | None = None) -> str | None:
    """Why ``client_id`` is not ready to be asked for a referral on ``date`` (a reason code
    of :mod:`refdash.model.trust`), or None when the client is ready (or unknown).

    The trust model sees only what happened up to ``date``, so logging an ask after the
    fact judges it as it was then. ``trust_settings`` is the gate chosen on the Clients page
    (default: the model's defaults).
    """
    from refdash.model import trust  # the trust model (issue 3), imported where it is needed

    at = pd.Timestamp(date if date is not None else p.as_of).normalize()
    if not p.clients["id"].eq(client_id).any():
        return None
    one = _one_client(p, client_id, at)
    status = (trust.client_status(one) if trust_settings is None
              else trust.client_status(one, trust_settings))
    if client_id not in status.index or bool(status.loc[client_id, "ready"]):
        return None
    return str(status.loc[client_id, "reason"] or "low_trust")


def recent_ask(p: Portfolio, client_id: int, date: object = None) -> bool:
    """Whether the client was asked for a referral in the days before ``date`` (so that a
    referral received now is most likely solicited)."""
    at = pd.Timestamp(date if date is not None else p.as_of).normalize()
    ev = p.events
    asks = ev[ev["client_id"].eq(client_id) & ev["kind"].eq("referral_ask")]
    window = (asks["date"] <= at) & (asks["date"] >= at - pd.Timedelta(days=SOLICITED_WINDOW_DAYS))
    return bool(window.any())


def log(
    path: str | os.PathLike[str],
    *,
    client_id: int,
    what: str,
    date: object,
    as_of: object,
    score: float | None = None,
    note: str | None = None,
    prospect_name: str | None = None,
    solicited: bool = False,
) -> int:
    """Save what happened with a client: an event, or a referral received (``what`` is one
    of :data:`LOG_CHOICES`). Returns the new row's id."""
    if what not in LOG_CHOICES:
        raise ValueError(f"what must be one of {LOG_CHOICES}, got {what!r}")
    day = pd.Timestamp(date).normalize()
    if day > pd.Timestamp(as_of).normalize():
        raise RefdashError("entry.future")
    note = (note or "").strip() or None
    try:
        if what == "referral_received":
            name = (prospect_name or "").strip()
            if not name:
                raise RefdashError("entry.prospect")
            return store.add_referral(path, client_id=client_id, date=day, prospect_name=name,
                                      solicited=bool(solicited))
        if what == "satisfaction":
            if score is None or not 0 <= float(score) <= 10:
                raise RefdashError("entry.score")
            score = float(score)
        else:
            score = None
        return store.add_event(path, client_id=client_id, date=day, kind=what, score=score,
                               note=note)
    except RefdashError as exc:
        if exc.code == "store.unknown_client":
            raise RefdashError("entry.unknown_client") from exc
        raise


#: A second save of the same entry (same client, kind, date and note) within this many
#: seconds of the first is refused: a double click, not a second meeting.
REPEAT_WINDOW_S = 10 * 60


@dataclass(frozen=True)
class Logged:
    """What :func:`log_once` saved, enough to refuse its repeat and to undo it."""

    table: str            # "events" or "referrals"
    row_id: int
    client_id: int
    what: str
    day: str              # ISO date
    note: str | None
    at: float             # when it was saved (seconds since the epoch)

    def repeats(self, client_id: int, what: str, day: str, note: str | None) -> bool:
        """Whether an entry with these values is the same as this one."""
        return (self.client_id, self.what, self.day, self.note) == (client_id, what, day, note)


def log_once(path: str | os.PathLike[str], last: Logged | None, *, now: float | None = None,
             **entry: object) -> Logged:
    """:func:`log` (same keyword arguments), refusing a repeat of ``last`` saved less than
    :data:`REPEAT_WINDOW_S` seconds before (``entry.repeat``). Returns what was saved."""
    now = time.time() if now is None else now
    client_id = int(entry["client_id"])  # type: ignore[call-overload]
    what = str(entry["what"])
    day = pd.Timestamp(entry["date"]).normalize().date().isoformat()
    note = str(entry.get("note") or "").strip() or None
    if (last is not None and last.repeats(client_id, what, day, note)
            and now - last.at < REPEAT_WINDOW_S):
        raise RefdashError("entry.repeat", minutes=max(1, round((now - last.at) / 60)))
    row_id = log(path, **entry)  # type: ignore[arg-type]
    table = "referrals" if what == "referral_received" else "events"
    return Logged(table=table, row_id=row_id, client_id=client_id, what=what, day=day,
                  note=note, at=now)


def undo(path: str | os.PathLike[str], logged: Logged) -> None:
    """Remove the entry :func:`log_once` saved (``entry.undo_gone`` if it is gone)."""
    if not store.delete_entry(path, logged.table, logged.row_id):
        raise RefdashError("entry.undo_gone")


def add_client(
    path: str | os.PathLike[str],
    *,
    name: str,
    owner: str | None,
    start_date: object,
    as_of: object,
    company: str | None = None,
    email: str | None = None,
    external_id: str | None = None,
    sphere_size: int = store.DEFAULT_SPHERE_SIZE,
    referred_by: int | None = None,
) -> int:
    """Add one client by hand; returns its id."""
    name = (name or "").strip()
    owner = (owner or "").strip()
    if not name:
        raise RefdashError("entry.name")
    if not owner:
        raise RefdashError("entry.owner")
    if pd.Timestamp(start_date).normalize() > pd.Timestamp(as_of).normalize():
        raise RefdashError("entry.future")
    if int(sphere_size) < 1:
        raise RefdashError("entry.sphere")
    external_id = (external_id or "").strip() or None
    try:
        return store.add_client(
            path, name=name, owner=owner, start_date=pd.Timestamp(start_date),
            company=(company or "").strip() or None, email=(email or "").strip() or None,
            external_id=external_id, sphere_size=int(sphere_size), referred_by=referred_by,
        )
    except RefdashError as exc:
        if exc.code == "store.duplicate_id":
            raise RefdashError("entry.external_id", value=external_id) from exc
        raise
