"""CRM activities as evidence: tasks, calls and meetings, deals, tickets and surveys from
HubSpot, Salesforce, Pipedrive, Zoho (or any spreadsheet) become refdash's events.

CRMs do not record "promise kept"; they record what it is made of. The rules, each a named
constant below a sales lead can read and change (``docs/importing.md`` says why each is what
it is):

- a **task** (to-do, e-mail, follow-up) with a due date is a promise. Done by its due date
  plus :data:`GRACE_DAYS` it is a promise kept, dated when it was done. Done later, it is a
  promise *kept late* and counts as a promise broken, dated at the due date plus the grace
  (the day the client saw the deadline pass; the note says how late it was done). Still open
  past its due date plus the grace it is a promise broken at the same date. So an overdue
  task keeps its evidence when it is finally done, and a task completed in time after an
  earlier export turns from nothing into a promise kept.
- a done **meeting or call** is a meeting; a won **deal** is a delivery at its close date;
- a **ticket** (case) is a complaint dated when it was opened, and its resolution a promise:
  closed within :data:`TICKET_RESOLVE_DAYS` it is a promise kept at the close date, closed
  later or still open after that many days a promise broken at opening + that many days;
- a **survey** answer is a satisfaction score: NPS 0-10 as it is, CSAT 1-5 rescaled to 0-10
  by ``(csat - 1) * 2.5`` (1 -> 0, 3 -> 5, 5 -> 10: the ends of both scales meet).

Every activity keeps its source and CRM id in its event's external id
(``hubspot:activity:123``), so re-importing an export adds nothing and an updated export
(a task since completed, a ticket since closed) updates the event instead of adding one.

Pure and vectorised: :func:`classify` and :func:`evidence` take and return pandas columns
(no loop over rows; word lookups run once per distinct value).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from refdash.data.importing.mapping import normalise_header
from refdash.data.importing.parse import parse_dates, parse_numbers, text_isin, text_joined

if TYPE_CHECKING:
    from refdash.data.importing.check import _Rows as _RowsLike

#: Days a task may be done after its due date and still count as kept.
GRACE_DAYS = 3
#: Days within which a closed ticket counts as resolved in time (a promise kept).
TICKET_RESOLVE_DAYS = 7
#: CSAT 1-5 -> satisfaction 0-10: ``(csat - CSAT_LOW) * CSAT_FACTOR``.
CSAT_LOW, CSAT_HIGH, CSAT_FACTOR = 1.0, 5.0, 2.5
#: What each family of activity becomes (the event kinds of the store).
FAMILIES: tuple[str, ...] = ("task", "meeting", "deal", "ticket", "survey")

#: Words of a type cell (normalised, see :func:`normalise_header`) for each family; a cell
#: is read by its first word that is listed (``"Appel téléphonique"`` -> ``appel``).
FAMILY_WORDS: dict[str, tuple[str, ...]] = {
    "task": ("task", "to do", "todo", "email", "e mail", "follow up", "deadline", "tache",
             "a faire", "relance", "courriel", "compito", "promemoria", "scadenza", "attivita",
             "activity", "activite", "lettre", "letter"),
    "meeting": ("meeting", "call", "appel", "reunion", "rendez vous", "rdv", "riunione",
                "chiamata", "telefonata", "incontro", "appuntamento", "lunch", "demo", "visit",
                "visite", "visita", "dejeuner", "pranzo"),
    "deal": ("deal", "opportunity", "opportunite", "affaire", "trattativa", "opportunita"),
    "ticket": ("ticket", "case", "cas", "requete", "incident", "reclamation", "reclamo",
               "complaint", "plainte", "segnalazione"),
    "survey": ("nps", "csat", "survey", "feedback", "enquete", "sondage", "questionario",
               "sondaggio", "satisfaction", "soddisfazione", "net promoter score"),
}

#: Status words (normalised) of a done, open, won, lost or cancelled activity.
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "won": ("won", "closed won", "gagne", "gagnee", "ferme gagne", "fermee gagnee",
            "affaire gagnee", "vinto", "vinta", "chiuso vinto", "chiusa vinta"),
    "lost": ("lost", "closed lost", "perdu", "perdue", "ferme perdu", "fermee perdue",
             "perso", "persa", "chiuso perso", "chiusa persa"),
    "cancelled": ("cancelled", "canceled", "annule", "annulee", "annullato", "annullata",
                  "no show", "absent"),
    "done": ("completed", "complete", "done", "closed", "held", "finished", "resolved",
             "terminee", "termine", "fait", "faite", "ferme", "fermee", "clos", "close",
             "resolu", "fatto", "fatta", "completato", "completata", "chiuso", "chiusa",
             "risolto", "concluso", "conclusa", "1", "true", "yes", "oui", "si", "x"),
    "open": ("not started", "in progress", "open", "waiting", "waiting on contact",
             "waiting on us", "deferred", "new", "to do", "todo", "not done", "pending",
             "scheduled", "planned", "non commencee", "non commence", "en cours", "en attente",
             "reportee", "ouvert", "ouverte", "nouveau", "a faire", "planifie", "aperto",
             "aperta", "in corso", "in attesa", "da fare", "non iniziato", "nuovo",
             "pianificato", "0", "false", "no", "non",
             # tickets and cases in progress (Zoho Desk, Salesforce « Remontée »)
             "on hold", "escalated", "working", "remontee", "escalade", "escaladee",
             # the open stages of HubSpot's and Salesforce's default deal pipelines
             "appointment scheduled", "qualified to buy", "presentation scheduled",
             "decision maker bought in", "contract sent", "prospecting", "qualification",
             "needs analysis", "value proposition", "id decision makers",
             "perception analysis", "proposal price quote", "negotiation review",
             "prospection", "analyse des besoins", "proposition de valeur",
             "identification des decideurs", "analyse de perception", "proposition devis",
             "negociation revision"),
}

#: Sources told by their headers (normalised), checked in this order.
SOURCE_HEADERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pipedrive", ("activity id", "activity due date", "activity done", "deal id",
                   "activity marked as done time", "activity person", "activity subject")),
    # Zoho before HubSpot: both call their id "Record Id"; Zoho's lookups ("Contact
    # Name.id") and times ("Closed Time", "Modified Time") tell it.
    ("zoho", ("activity owner", "task owner", "task owner id", "contact name id",
              "related to id", "closed time", "modified time", "case owner", "case origin")),
    ("hubspot", ("associated contact ids", "associated contact", "task status",
                 "record id", "ticket id", "submission id")),
    ("salesforce", ("activity id", "activitydate", "date d echeance", "id de l activite",
                    "nom du contact", "id du contact", "who id", "whoid", "statut")),
)


@dataclass(frozen=True)
class ActivityRules:
    """The settings of the rules (days)."""

    grace_days: int = GRACE_DAYS
    ticket_resolve_days: int = TICKET_RESOLVE_DAYS


def _word_table(words: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """(word, code) longest word first, so "closed won" is read before "closed"."""
    pairs = [(w, code) for code, ws in words.items() for w in ws]
    return sorted(pairs, key=lambda p: -len(p[0]))


def _lookup_codes(cells: pd.Series, words: dict[str, tuple[str, ...]]) -> pd.Series:
    """The code of each cell: exactly a listed word, else the first listed word it contains
    as whole words; None when empty or unknown. Runs once per distinct value."""
    codes, uniques = pd.factorize(cells.astype("str"))
    table = _word_table(words)
    exact = {w: c for w, c in table}
    found: list[str | None] = []
    for value in uniques:
        norm = normalise_header(value)
        code = exact.get(norm)
        if code is None and norm:
            padded = f" {norm} "
            code = next((c for w, c in table if f" {w} " in padded), None)
        found.append(code)
    values = np.asarray(found + [None], dtype=object)[codes]
    return pd.Series(values, index=cells.index, dtype="object")


def classify(types: pd.Series) -> pd.Series:
    """Family of each type cell (:data:`FAMILIES`), None when empty or unknown."""
    return _lookup_codes(types, FAMILY_WORDS)


def statuses(cells: pd.Series) -> pd.Series:
    """``done``, ``open``, ``won``, ``lost``, ``cancelled`` or None for each status cell."""
    return _lookup_codes(cells, STATUS_WORDS)


def guess_source(headers: Sequence[str]) -> str:
    """The CRM an export comes from, told by its headers (``file`` when none is)."""
    norm = {normalise_header(h) for h in headers}
    for source, words in SOURCE_HEADERS:
        if norm & set(words):
            return source
    return "file"


#: Headers (normalised) that only a tickets or cases export has: its rows are tickets even
#: when they carry a due date (Zoho Desk's "Due Date" is the ticket's SLA, not a task's).
TICKET_HEADERS: frozenset[str] = frozenset((
    "ticket id", "ticket status", "ticket name", "case number", "case id", "case status",
    "numero de la requete", "id de la requete", "statut de la requete"))


def default_family(headers: Sequence[str]) -> str:
    """The family of rows whose type is empty: told by the file's headers (a "Ticket
    status" column means tickets), else task."""
    text = " " + " ".join(normalise_header(h) for h in headers) + " "
    for family, words in (("ticket", ("ticket", "case", "requete", "cas")),
                          ("deal", ("deal", "opportunity", "opportunite", "affaire")),
                          ("survey", ("nps", "csat", "survey", "feedback", "enquete"))):
        if any(f" {w} " in text for w in words):
            return family
    return "task"


_ACTIVITY_HEADERS = re.compile(
    r"\b(due date|date d echeance|activitydate|task status|done|marked as done|"
    r"activity type|activity subject|scadenza|data di scadenza|ticket status|deal stage|"
    r"nps|csat|survey|recommend\w*|ticket id|case number|numero de la requete|"
    r"date heure d ouverture|deal status|deal won time|id de l opportunite|"
    r"nom de l opportunite)\b")


def looks_like_activities(headers: Sequence[str]) -> bool:
    """Whether a file's headers are those of an activities export (tasks, calls, deals,
    tickets or surveys) rather than a contacts list or refdash's own events."""
    return any(_ACTIVITY_HEADERS.search(normalise_header(h)) for h in headers)


def csat_to_score(csat: pd.Series) -> pd.Series:
    """CSAT 1-5 as a satisfaction score 0-10 (see the module docstring)."""
    return (csat - CSAT_LOW) * CSAT_FACTOR


@dataclass(frozen=True)
class Parsed:
    """The checked columns of an activities file, one row per (file row, contact)."""

    family: pd.Series       # one of FAMILIES
    status: pd.Series       # done, open, won, lost, cancelled or None (unknown)
    due: pd.Series          # datetime64, NaT where none
    done_at: pd.Series      # datetime64, NaT where none
    opened: pd.Series       # datetime64 (created, submitted), NaT where none
    score: pd.Series        # float 0-10 (CSAT already rescaled), NaN where none


def _days(n: int) -> pd.Timedelta:
    return pd.Timedelta(days=int(n))


def evidence(p: Parsed, today: pd.Timestamp, rules: ActivityRules = ActivityRules()
             ) -> pd.DataFrame:
    """What each activity is evidence of: columns ``kind``, ``date``, ``score``, ``note``
    and ``resolution`` (the kind and date of a ticket's resolution, the second event a
    ticket gives), with ``kind`` None where the activity says nothing (yet).

    ``today`` decides whether an open task or ticket is overdue. ``note`` says why a
    promise counts as broken (``done 12 days late``, ``still open``), to follow the subject.
    """
    # As categories: the dozen comparisons below compare small codes, not a million texts.
    fam = pd.Series(pd.Categorical(p.family, categories=FAMILIES), index=p.family.index)
    st = pd.Series(pd.Categorical(p.status, categories=tuple(STATUS_WORDS)),
                   index=p.status.index)
    grace, resolve = _days(rules.grace_days), _days(rules.ticket_resolve_days)
    # A done activity without a done date is taken as done on its due date (or its date).
    done_day = p.done_at.fillna(p.due).fillna(p.opened)
    # No status (or none mapped): an activity with a done date is done.
    is_done = st.isin(["done", "won"]) | st.isna() & p.done_at.notna()
    deadline = p.due + grace
    task = fam.eq("task") & p.due.notna()
    kept = task & is_done & (done_day <= deadline)
    late = task & is_done & (done_day > deadline)
    overdue = task & ~is_done & ~st.isin(["cancelled", "lost"]) & (deadline < today)
    held = fam.eq("meeting") & (is_done | st.isna() & (done_day <= today))
    won = fam.eq("deal") & st.eq("won")
    ticket = fam.eq("ticket") & p.opened.fillna(p.due).notna()
    survey = fam.eq("survey") & p.score.notna()

    kind = _first_true([kept, late | overdue, held, won, ticket, survey],
                       ("promise_kept", "promise_broken", "meeting", "delivery", "complaint",
                        "satisfaction"))
    date = pd.Series(pd.NaT, index=fam.index, dtype="datetime64[ns]")
    date = date.mask(kept | held | won, done_day).mask(late | overdue, deadline)
    date = date.mask(ticket, p.opened.fillna(p.due)).mask(survey, p.opened.fillna(done_day))
    late_days = (done_day[late] - p.due[late]).dt.days  # the late rows only
    note = pd.Series(None, index=fam.index, dtype="object")
    note[late] = "done " + late_days.astype("int64").astype("str") + " days late"
    note = note.mask(overdue, "still open")

    opened = p.opened.fillna(p.due)
    fixed_in_time = ticket & is_done & (done_day - opened <= resolve)
    dragged = ticket & ~fixed_in_time & (is_done | (opened + resolve < today))
    res_kind = _first_true([fixed_in_time, dragged], ("promise_kept", "promise_broken"))
    res_date = pd.Series(pd.NaT, index=fam.index, dtype="datetime64[ns]")
    res_date = res_date.mask(fixed_in_time, done_day).mask(dragged, opened + resolve)
    return pd.DataFrame({
        "kind": pd.Series(kind, index=fam.index), "date": date,
        "score": p.score.where(survey), "note": note,
        "resolution_kind": pd.Series(res_kind, index=fam.index), "resolution_date": res_date,
    })


def _first_true(conditions: list[pd.Series], kinds: tuple[str, ...]) -> np.ndarray:
    """``np.select(conditions, kinds, None)`` as an object array: chosen as small codes
    first (a select over a million texts builds every text; this takes each once)."""
    codes = np.select([c.to_numpy(dtype=bool) for c in conditions],
                      np.arange(1, len(kinds) + 1, dtype=np.int8), 0)
    return np.array((None, *kinds), dtype=object)[codes]


def _none_if_empty(s: pd.Series) -> pd.Series:
    return s.where(s.ne(""), None)


def to_events(ids: pd.Series, clients: pd.Series, ev: pd.DataFrame,
              extra: pd.Series) -> pd.DataFrame:
    """Rows in the store's events import shape from :func:`evidence`: one per activity
    that is evidence, plus one per ticket resolution (id ``<id>#resolution``)."""
    # The rows' positions, found once (a boolean mask is turned into them per column).
    main = np.flatnonzero(ev["kind"].notna().to_numpy())
    res = np.flatnonzero(ev["resolution_kind"].notna().to_numpy())
    first = pd.DataFrame({
        "external_id": ids.iloc[main], "client_external_id": clients.iloc[main],
        "date": ev["date"].iloc[main], "kind": ev["kind"].iloc[main],
        "score": ev["score"].iloc[main], "note": ev["note"].iloc[main],
        "extra": extra.iloc[main],
    })
    if not len(res):
        return first.assign(date=first["date"].astype("datetime64[ns]")).reset_index(drop=True)
    second = pd.DataFrame({
        "external_id": ids.iloc[res] + "#resolution", "client_external_id": clients.iloc[res],
        "date": ev["resolution_date"].iloc[res], "kind": ev["resolution_kind"].iloc[res],
        "score": np.nan, "note": "resolution", "extra": extra.iloc[res],
    })
    out = pd.concat([first, second])
    out["date"] = out["date"].astype("datetime64[ns]")
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- checking a file

_CONTACT_SPLIT = r"\s*[;,|]\s*"
_CONTACT_SEPARATORS = r"[;,|]"


def _contacts(cells: pd.Series) -> pd.Series:
    """One row per contact of each cell ("Associated Contact IDs" may list several), the
    index repeated; the first contact of a cell keeps the activity's id unchanged."""
    several = cells.str.contains(_CONTACT_SEPARATORS, regex=True).fillna(False)
    if not several.any():  # the common export: one contact a row (no split of every cell)
        return cells.fillna("")
    split = cells[several].str.split(_CONTACT_SPLIT, regex=True).explode()
    return pd.concat([cells[~several], split]).sort_index(kind="stable").fillna("")


def check_rows(r: _RowsLike, rules: ActivityRules) -> None:
    """Parse and check the cells of an activities file (problems into ``r``), leaving the
    parsed columns in ``r.out`` for :func:`finish`. ``r`` is :class:`check._Rows`."""
    get, cols, out = r.get, r.columns_of, r.out
    headers = list(r.frame.columns)
    client = r.required("client").fillna("")
    each = _contacts(client)
    known = each.ne("") & text_isin(each, r.known)
    if len(each) != len(client):  # several contacts in some cells: one known is enough
        known = known.groupby(level=0).any().reindex(client.index, fill_value=False)
    r.add(client.ne("") & ~known, "client", "unknown_client")
    out["client_external_id"] = client
    future: dict[str, pd.Series] = {}
    for fld, name in (("due_date", "due"), ("done_date", "done_at"), ("date", "opened")):
        parsed = parse_dates(get(fld), day_first=r.day_first)
        r.add(parsed.bad, fld, "bad_date")
        if fld != "due_date":  # a task may be due next week; nothing else is in the future
            future[fld] = parsed.values > r.today
        if fld in cols:
            r.formats[cols[fld]] = parsed.formats
        out[name] = parsed.values
    # A row's type decides; without one, a score makes a survey, a due date a task (but
    # not in a tickets export), and else the file's headers tell ("Ticket status": tickets).
    family = classify(get("type"))
    has_score = get("score").ne("")
    family = family.where(family.notna() | ~has_score, "survey")
    if {normalise_header(h) for h in headers} & TICKET_HEADERS:
        family = family.fillna("ticket")
    family = family.where(family.notna() | out["due"].isna(), "task")
    out["family"] = family.fillna(default_family(headers))
    status = statuses(get("status"))
    status = status.where(status.notna(), statuses(get("done")))
    # An open deal's close date is when it is expected to close (HubSpot's "Close Date",
    # Salesforce's « Date de clôture »): in the future, it is no mistake.
    future["done_date"] &= ~(out["family"].eq("deal") & status.eq("open"))
    for fld, ahead in future.items():
        r.add(ahead, fld, "future_date", detail=r.today.date().isoformat())
    for fld in ("status", "done"):
        r.add(get(fld).ne("") & statuses(get(fld)).isna(), fld, "bad_status",
              detail=", ".join(STATUS_WORDS))
    out["status"] = status
    no_date = out["due"].isna() & out["done_at"].isna() & out["opened"].isna()
    r.add(no_date, "due_date", "missing",
          column=next((cols[f] for f in ("due_date", "done_date", "date") if f in cols), None))
    _scores(r, has_score)
    out["note"] = r.optional("subject")
    ext = get("external_id")
    r.add(ext.duplicated(keep=False) & ext.ne(""), "external_id", "duplicate_id")
    out["external_id"] = _activity_ids(ext, out, guess_source(headers))


def _scores(r: _RowsLike, has_score: pd.Series) -> None:
    """Survey scores: NPS 0-10 as is, CSAT 1-5 rescaled (a CSAT type, or a score column
    whose header says CSAT)."""
    raw, bad = parse_numbers(r.get("score"))
    r.add(bad, "score", "bad_number")
    header = normalise_header(r.columns_of.get("score", ""))
    csat = (r.get("type").str.contains("csat", case=False)
            | ("csat" in header.split()) | ("satisfaction" in header.split()))
    r.add(csat & raw.notna() & ~raw.between(CSAT_LOW, CSAT_HIGH), "score", "score_range",
          detail=f"CSAT {CSAT_LOW:g}-{CSAT_HIGH:g}")
    r.add(~csat & raw.notna() & ~raw.between(0, 10), "score", "score_range", detail="NPS 0-10")
    survey = r.out["family"].eq("survey")
    r.add(survey & ~has_score, "score", "missing_score",
          column=r.columns_of.get("score", r.columns_of.get("type")))
    r.out["score"] = raw.where(~csat, csat_to_score(raw)).where(survey)


def _activity_ids(ext: pd.Series, out: pd.DataFrame, source: str) -> pd.Series:
    """``<source>:<group>:<CRM id>``; tasks, calls and meetings share one group (CRMs number
    them in one series). A row without an id gets a hash of what does not change when it
    is done (client, family, due date, opening date, subject), numbered when repeated."""
    group = out["family"].where(~out["family"].isin(["task", "meeting"]), "activity")
    missing = ext.eq("")
    if missing.any():
        stable = pd.DataFrame({c: out[c].astype("str") for c in
                               ("client_external_id", "family", "due", "opened")})
        stable["subject"] = out.get("note", pd.Series("", index=out.index)).astype("str")
        h1 = pd.util.hash_pandas_object(stable, index=False, hash_key="refdash-activ-k1")
        h2 = pd.util.hash_pandas_object(stable, index=False, hash_key="refdash-activ-k2")
        nth = h1.groupby([h1.to_numpy(), h2.to_numpy()]).cumcount()
        auto = text_joined(["auto", h1.astype("str"), h2.astype("str"), nth.astype("str")],
                           ext.index, "-")
        ext = ext.where(~missing, auto)
    return text_joined([source, group, ext], ext.index, ":")


def finish(rows: pd.DataFrame, today: pd.Timestamp, rules: ActivityRules
           ) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The valid rows of :func:`check_rows` as events in the store's import shape: one row
    per contact and piece of evidence (activities that are no evidence yet are left out);
    and the external ids of the events the import takes back: those of the file's
    activities that are no evidence now (a task whose due date moved to the future, a task
    cancelled, a ticket reopened within its resolution days). An earlier export may have
    made them a broken promise; the latest export is what the CRM says now.

    (The ids are not kept in the frame's ``attrs``: pandas deep-copies those on every
    operation, a list of 50,000 ids 0.07 s a time.)"""
    if rows.empty:
        empty = pd.DataFrame({c: pd.Series(dtype="object") for c in
                              ("external_id", "client_external_id", "date", "kind", "score",
                               "note", "extra")})
        return empty, ()
    each = _contacts(rows["client_external_id"])
    if len(each) == len(rows):  # one contact a row: nothing to spread
        wide = rows.assign(client_external_id=each.to_numpy())
    else:
        nth = each.groupby(level=0).cumcount()
        wide = rows.loc[each.index]
        ids = wide["external_id"].where(nth.to_numpy() == 0,
                                        wide["external_id"] + "@" + each.to_numpy())
        wide = wide.assign(client_external_id=each.to_numpy(), external_id=ids.to_numpy())
    wide = wide[wide["client_external_id"].ne("")].reset_index(drop=True)
    ev = evidence(Parsed(family=wide["family"], status=wide["status"], due=wide["due"],
                         done_at=wide["done_at"], opened=wide["opened"], score=wide["score"]),
                  today, rules)
    # "<subject> - <why it counts>", or whichever of the two there is, or none.
    subject, why = _none_if_empty(wide["note"].fillna("")), ev["note"]
    ev["note"] = text_joined([subject, why], ev.index, " - ").fillna(subject).fillna(why)
    events = to_events(wide["external_id"], wide["client_external_id"], ev, wide["extra"])
    return events, _no_longer_evidence(wide["external_id"], wide["family"].eq("ticket"), ev)


def _no_longer_evidence(activity_ids: pd.Series, ticket: pd.Series,
                        ev: pd.DataFrame) -> tuple[str, ...]:
    """The ids an activity of the file may have given in an earlier import (its own, and a
    ticket's resolution's) that it does not give now (:func:`evidence` says so: no kind, no
    resolution kind): few, so the store looks up few. Ids are unique in a checked file, so
    an id given by no row of ``ev`` is given by none of the events made from it."""
    gives_none = ev["kind"].isna().to_numpy()
    resolves_none = (ticket & ev["resolution_kind"].isna()).to_numpy()
    return tuple(sorted({*activity_ids[gives_none],
                         *(activity_ids[resolves_none] + "#resolution")}))
