"""One decision per client: ask, thank, repair, wait, leave or follow up (docs/model.md,
"From readiness to action").

Every page, the CLI and the exports read the action of a client from :func:`decide`, so no
two places can disagree. The decision is made from the trust gate
(:func:`refdash.model.trust.client_status`), the segment probabilities
(:mod:`refdash.model.segments`) and the client's recent history, by the first rule of
:data:`RULES` that holds. It never contradicts them: only a client the gate calls ready is
told "ask", a likely advocate is thanked, not pressed, and a likely never-referrer is left
alone.

Pure and vectorised: one groupby per kind of fact, then ``np.select`` over the rules.
Units: days for the windows below, months of ``DAYS_PER_MONTH`` days for the trust gate's.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from refdash.model import segments, trust
from refdash.model.portfolio import Portfolio, kind_codes
from refdash.model.trust import TrustReport, TrustSettings
from refdash.model.trust.grid import positions
from refdash.units import ANSWER_WINDOW_DAYS, DAYS_PER_MONTH

__all__ = [
    "ACTIONS", "ANSWER_PROMPT_DAYS", "COMPLAINT_REPAIR_DAYS", "DECISION_COLUMNS",
    "EARLY_ASK_REPAIR_DAYS", "FOLLOW_UP_DAYS", "REASON_CODES", "RULES", "THANK_WINDOW_DAYS",
    "WAITING_CAP_MONTHS", "WAITING_WEIGHT", "Assessment", "assess", "decide", "gated_report",
]

#: The six actions, in the order the worklist shows them.
ACTIONS: tuple[str, ...] = ("ask", "repair", "follow_up", "thank", "wait", "leave")

#: A referral still open this many days after it was named (or after the last meeting since)
#: gets a follow-up: long enough for the prospect to have been called, short enough that the
#: client's introduction is still remembered.
FOLLOW_UP_DAYS = 21
#: A complaint this recent with no promise kept since is a repair step (the ticket to close).
COMPLAINT_REPAIR_DAYS = 90
#: An early ask this recent with no meeting since is a repair step (show your work, no ask).
EARLY_ASK_REPAIR_DAYS = 90
#: An advocate's referral this recent with no meeting since is worth a thank-you this week.
THANK_WINDOW_DAYS = 90
#: An ask this recent with no answer yet (a referral or a decline) asks for its answer to be
#: recorded this week; older unanswered asks count as unanswered (segments model, 60 days).
ANSWER_PROMPT_DAYS = 14
assert ANSWER_PROMPT_DAYS <= ANSWER_WINDOW_DAYS
#: What waiting costs in the ranking of asks: a ready client left unasked for
#: ``WAITING_CAP_MONTHS`` or more ranks ``1 + WAITING_WEIGHT`` times a client ready today with
#: the same chance of success (each month unasked is a month of referrals forgone).
WAITING_WEIGHT = 0.5
WAITING_CAP_MONTHS = 12.0

#: ``(action, reason_code)`` of every rule, in the order they are tried (first match wins).
RULES: tuple[tuple[str, str], ...] = (
    ("leave", "lost"),                 # no longer a client
    ("repair", "broken_promise"),      # broken within the gate's window, not kept since
    ("repair", "complaint"),           # within COMPLAINT_REPAIR_DAYS, no promise kept since
    ("repair", "early_ask"),           # asked while not ready, no meeting since
    ("follow_up", "open_referral"),    # a named prospect still open FOLLOW_UP_DAYS on
    ("leave", "likely_never"),         # the gate's or the segments' never-referrer
    ("thank", "advocate"),             # refers unasked: acknowledge, keep close
    ("ask", "ready"),                  # the gate says ready (and not an advocate)
    ("wait", "no_evidence"),           # not ready, and no promise or score recorded at all
    ("wait", "gate"),                  # not ready: the gate's reason (too_new, ...)
)
#: Every ``reason_code`` a decision can carry.
REASON_CODES: tuple[str, ...] = (
    "lost", "broken_promise", "complaint", "early_ask", "open_referral", "likely_never",
    "advocate", "ready", "no_evidence", "too_new", "asked_recently", "low_trust",
)

DECISION_COLUMNS: tuple[str, ...] = (
    "action", "reason_code", "due", "priority", "p_success", "ready_date", "segment",
    "trust", "months_known", "promises_kept", "promises_broken", "last_score",
    "last_score_date", "asks", "last_ask_date", "last_ask_early", "awaiting_answer",
    "last_broken_date", "last_complaint_date", "open_prospect", "open_referral_date",
    "open_referral_days", "last_referral_prospect", "last_referral_date", "lost_date",
)


#: The event kinds :func:`_facts` reads (index = the column of :func:`_by_client_kind`).
_FACT_KINDS: tuple[str, ...] = (
    "promise_kept", "promise_broken", "referral_ask", "complaint", "meeting",
    "referral_declined", "lost", "satisfaction",
)
_NO_DATE = np.iinfo(np.int64).min


@dataclass
class _ByClientKind:
    """Per client (rows, order of ``ids``) and kind of :data:`_FACT_KINDS` (columns): how
    many events up to ``as_of`` and the date of the last one (ns; ``_NO_DATE`` when none),
    and each client's last satisfaction score (NaN when none)."""

    counts: np.ndarray
    last_ns: np.ndarray
    last_score: np.ndarray


def _by_client_kind(events: pd.DataFrame, ids: pd.Index, as_of: pd.Timestamp
                    ) -> _ByClientKind:
    """One pass over the events in numpy (a groupby by client and kind of 2.3 M events
    costs ~2 s in pandas, mostly factorising the keys)."""
    n, k = len(ids), len(_FACT_KINDS)
    ns = events["date"].to_numpy("datetime64[ns]").view(np.int64)
    kind = kind_codes(events["kind"], _FACT_KINDS)
    pos = positions(ids.to_numpy(np.int64), events["client_id"].to_numpy(np.int64))
    keep = np.flatnonzero((ns <= pd.Timestamp(as_of).as_unit("ns").value) & (kind >= 0)
                          & (pos >= 0))
    flat = pos[keep] * k + kind[keep]
    counts = np.bincount(flat, minlength=n * k).reshape(n, k)
    last_ns = np.full(n * k, _NO_DATE, dtype=np.int64)
    np.maximum.at(last_ns, flat, ns[keep])
    # The last score: of the latest satisfaction event with a score (on the same day, the
    # later row), as a stable sort by date then groupby().last() picks it.
    score = events["score"].to_numpy(float)
    sat = keep[(kind[keep] == _FACT_KINDS.index("satisfaction")) & ~np.isnan(score[keep])]
    sat = sat[np.lexsort((sat, ns[sat], pos[sat]))]
    last_of = np.r_[pos[sat][1:] != pos[sat][:-1], True] if len(sat) else sat.astype(bool)
    last_score = np.full(n, np.nan)
    last_score[pos[sat[last_of]]] = score[sat[last_of]]
    return _ByClientKind(counts, last_ns.reshape(n, k), last_score)


def _referral_facts(p: Portfolio, ids: pd.Index) -> pd.DataFrame:
    """The last referral of each client, and its oldest one still open."""
    refs = p.referrals[p.referrals["date"] <= p.as_of].sort_values(["date", "id"], kind="stable")
    last = refs.groupby("client_id").last().reindex(ids)
    open_ = refs[refs["status"].eq("open")].groupby("client_id").first().reindex(ids)
    return pd.DataFrame({
        "last_referral_prospect": last["prospect_name"].astype(object),
        "last_referral_date": last["date"].astype("datetime64[ns]"),
        "open_prospect": open_["prospect_name"].astype(object),
        "open_referral_date": open_["date"].astype("datetime64[ns]"),
    }, index=ids)


def _facts(p: Portfolio, ids: pd.Index) -> pd.DataFrame:
    """The evidence a sentence needs, one row per client (events after ``as_of`` ignored)."""
    by = _by_client_kind(p.events, ids, p.as_of)

    def count(kind: str) -> pd.Series:
        return pd.Series(by.counts[:, _FACT_KINDS.index(kind)].astype(np.int64), index=ids)

    def last(kind: str) -> pd.Series:
        ns = by.last_ns[:, _FACT_KINDS.index(kind)]
        dates = np.where(ns == _NO_DATE, np.datetime64("NaT", "ns"), ns.view("datetime64[ns]"))
        return pd.Series(dates.astype("datetime64[ns]"), index=ids)

    facts = pd.DataFrame({
        "promises_kept": count("promise_kept"),
        "promises_broken": count("promise_broken"),
        "asks": count("referral_ask"),
        "last_score": pd.Series(by.last_score, index=ids),
        "last_score_date": last("satisfaction"),
        "last_ask_date": last("referral_ask"),
        "last_broken_date": last("promise_broken"),
        "last_complaint_date": last("complaint"),
        "last_kept_date": last("promise_kept"),
        "last_meeting_date": last("meeting"),
        "last_declined_date": last("referral_declined"),
        "lost_date": last("lost"),
    }, index=ids)
    return facts.join(_referral_facts(p, ids))


def _on_or_after(later: pd.Series, earlier: pd.Series) -> np.ndarray:
    """Whether ``later`` is a date on or after ``earlier`` (False when either is NaT)."""
    return (later.notna() & earlier.notna() & (later >= earlier)).to_numpy(bool)


def _within(date: pd.Series, as_of: pd.Timestamp, days: float) -> np.ndarray:
    """Whether ``date`` is known and less than ``days`` days before ``as_of``."""
    return (date.notna() & (as_of - date < pd.Timedelta(days=days))).to_numpy(bool)


@dataclass(frozen=True)
class Assessment:
    """The models every page reads, computed once per portfolio and trust settings: the trust
    model (``report``), the segments fit on its evidence (``fit``) and the trust model with
    the fit's P(never-referrer) applied (``gated``); ``fit`` and ``gated`` are None when the
    segments model could not be fitted, and ``error`` says why."""

    report: TrustReport
    fit: segments.Fit | None
    gated: TrustReport | None
    error: Exception | None = None

    @property
    def settings(self) -> TrustSettings:
        return self.report.settings


def assess(p: Portfolio, s: TrustSettings | None = None) -> Assessment:
    """The trust model of ``p``, the segments fit on its evidence and the gated report, each
    computed once (the Portfolio, Clients and Segments pages share them through the cache)."""
    report = trust.analyse(p, s or TrustSettings())
    try:
        ev = segments.evidence(p, report.settings, report=report)
        fit = segments.estimate_shares(p, report.settings, ev=ev)
    except (ValueError, ArithmeticError, np.linalg.LinAlgError) as exc:
        return Assessment(report=report, fit=None, gated=None, error=exc)
    gated = trust.with_never_probability(report, segments.never_probability(fit.posteriors))
    return Assessment(report=report, fit=fit, gated=gated)


def gated_report(a: Assessment) -> TrustReport:
    """What ``refdash.views.clients.clients_report`` returns, from ``a``: the gate with the
    likely never-referrers excluded; the plain gate for an empty portfolio, or with a warning
    when the segments model could not be fitted (``never_applied`` stays False)."""
    if a.report.status.empty:
        return a.report
    if a.gated is None:
        warnings.warn(f"segments model not fitted, likely never-referrers not excluded: "
                      f"{a.error}", RuntimeWarning, stacklevel=2)
        return a.report
    return a.gated


def _gate_and_segments(p: Portfolio, s: TrustSettings, a: Assessment | None = None
                       ) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """The trust status (with the never-referrer condition), the posteriors and the ask
    success rates of (advocate, responsive, never), computed once (or taken from ``a``)."""
    a = a if a is not None else assess(p, s)
    if a.error is not None:
        raise a.error
    assert a.fit is not None and a.gated is not None  # fitted, as no error was recorded
    return a.gated.status, a.fit.posteriors, np.asarray(a.fit.rates.ask_success, dtype=float)


def _conditions(f: pd.DataFrame, status: pd.DataFrame, segment: np.ndarray,
                as_of: pd.Timestamp, s: TrustSettings) -> list[np.ndarray]:
    """One boolean array per rule of :data:`RULES`, in that order."""
    reason = status["reason"].fillna("").astype(str).to_numpy()
    ready = status["ready"].fillna(False).to_numpy(bool)
    last_ask_early = status["last_ask_early"].fillna(False).to_numpy(bool)
    broken_window = s.broken_promise_months * DAYS_PER_MONTH
    # The follow-up clock restarts at the last meeting after the referral was named.
    clock = f[["open_referral_date", "last_meeting_date"]].max(axis=1)
    no_evidence = (f["promises_kept"].eq(0) & f["promises_broken"].eq(0)
                   & f["last_score"].isna()).to_numpy(bool)
    return [
        status["lost"].fillna(False).to_numpy(bool) | f["lost_date"].notna().to_numpy(bool),
        _within(f["last_broken_date"], as_of, broken_window)
        & ~_on_or_after(f["last_kept_date"], f["last_broken_date"]),
        _within(f["last_complaint_date"], as_of, COMPLAINT_REPAIR_DAYS)
        & ~_on_or_after(f["last_kept_date"], f["last_complaint_date"]),
        last_ask_early & _within(f["last_ask_date"], as_of, EARLY_ASK_REPAIR_DAYS)
        & ~_on_or_after(f["last_meeting_date"], f["last_ask_date"]),
        f["open_referral_date"].notna().to_numpy(bool)
        & ~_within(clock, as_of, FOLLOW_UP_DAYS),
        (reason == "likely_never") | (segment == "never"),
        segment == "advocate",
        ready,
        no_evidence,
        np.ones(len(f), dtype=bool),
    ]


def _priority(p_success: np.ndarray, status: pd.DataFrame, f: pd.DataFrame,
              as_of: pd.Timestamp, s: TrustSettings) -> np.ndarray:
    """``p_success x (1 + WAITING_WEIGHT x min(months waiting, cap) / cap)``: months waiting
    are those since the client became ready, or since the last ask's cool-off ended."""
    cooled = f["last_ask_date"] + pd.Timedelta(days=s.ask_cooloff_months * DAYS_PER_MONTH)
    since = pd.concat([status["first_ready_date"], cooled], axis=1).max(axis=1)
    months = ((as_of - since).dt.days / DAYS_PER_MONTH).fillna(0.0).clip(lower=0.0)
    waiting = np.minimum(months.to_numpy(float), WAITING_CAP_MONTHS) / WAITING_CAP_MONTHS
    return p_success * (1.0 + WAITING_WEIGHT * waiting)


def _due(action: np.ndarray, f: pd.DataFrame, as_of: pd.Timestamp) -> tuple[np.ndarray,
                                                                             np.ndarray]:
    """Whether the action is worth doing this week, and whether an ask awaits its answer."""
    answered = (_on_or_after(f["last_referral_date"], f["last_ask_date"])
                | _on_or_after(f["last_declined_date"], f["last_ask_date"]))
    awaiting = _within(f["last_ask_date"], as_of, ANSWER_PROMPT_DAYS) & ~answered
    thank_due = (_within(f["last_referral_date"], as_of, THANK_WINDOW_DAYS)
                 & ~_on_or_after(f["last_meeting_date"], f["last_referral_date"]))
    due = (np.isin(action, ["ask", "repair", "follow_up"])
           | ((action == "thank") & thank_due) | ((action == "wait") & awaiting))
    return due, awaiting


def decide(p: Portfolio, trust_settings: TrustSettings | None = None,
           assessment: Assessment | None = None) -> pd.DataFrame:
    """The decision for every client of ``p`` at ``p.as_of``, indexed by client id (order of
    ``p.clients``), with the columns of :data:`DECISION_COLUMNS`:

    - ``action`` (:data:`ACTIONS`) and ``reason_code`` (:data:`REASON_CODES`), from the first
      rule of :data:`RULES` that holds; ``due``: worth doing this week (every ask, repair and
      follow-up; a thank-you for an unacknowledged referral; an ask awaiting its answer);
    - ``priority`` (asks only, else NaN): ``p_success`` weighted by what waiting costs;
      ``p_success`` = sum over segments of P(segment) x the segment's ask success rate;
    - ``ready_date``: when the client should be ready (``as_of`` when ready; NaT when lost,
      left alone or not within the trust model's projection);
    - the evidence of the sentence: ``months_known`` (months), ``promises_kept`` / ``_broken``
      (counts, all time), ``last_score`` (0-10) and ``last_score_date``, ``asks`` (count),
      ``last_ask_date``, ``last_ask_early``, ``awaiting_answer``, ``last_broken_date``,
      ``last_complaint_date``, ``open_prospect``, ``open_referral_date``,
      ``open_referral_days`` (days), ``last_referral_prospect``, ``last_referral_date``,
      ``lost_date``; ``segment`` and ``trust`` as the Segments and Clients pages show them.

    ``assessment`` (:func:`assess` of the same portfolio and settings) saves recomputing the
    trust and segments models.
    """
    s = trust_settings or TrustSettings()
    if assessment is not None and assessment.settings != s:
        raise ValueError("the assessment was made with other trust settings")
    as_of = pd.Timestamp(p.as_of).normalize()
    ids = pd.Index(p.clients["id"].to_numpy(np.int64), name="client_id")
    if len(ids) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in DECISION_COLUMNS},
                            index=ids)
    status, post, success = _gate_and_segments(p, s, assessment)
    status, post = status.reindex(ids), post.reindex(ids)
    f = _facts(p, ids)
    segment = post["segment"].fillna(segments.UNKNOWN).to_numpy(object)
    conditions = _conditions(f, status, segment, as_of, s)
    rule = np.select(conditions, np.arange(len(RULES)), default=len(RULES) - 1)
    action = np.asarray([a for a, _ in RULES], dtype=object)[rule]
    reason = np.asarray([r for _, r in RULES], dtype=object)[rule]
    gate_reason = status["reason"].fillna("").astype(str).to_numpy(object)
    reason = np.where(reason == "gate", gate_reason, reason)
    # A not-ready client with no other gate reason can only be short of trust.
    reason = np.where((action == "wait") & (reason == ""), "low_trust", reason)

    probs = post[[f"p_{k}" for k in segments.SEGMENTS]].fillna(0.0).to_numpy(float)
    p_success = probs @ success
    due, awaiting = _due(action, f, as_of)
    ready_date = status["projected_ready_date"].astype("datetime64[ns]")
    ready_date = ready_date.where(action != "leave")
    ready_date = ready_date.where(action != "ask", as_of)
    open_days = (as_of - f["open_referral_date"]).dt.days.astype("Int64")
    out = f.drop(columns=["last_kept_date", "last_meeting_date", "last_declined_date"]).assign(
        action=action, reason_code=reason, due=due,
        priority=np.where(action == "ask", _priority(p_success, status, f, as_of, s), np.nan),
        p_success=p_success, ready_date=ready_date.to_numpy(), segment=segment,
        trust=status["trust"].to_numpy(float),
        months_known=status["months_known"].fillna(0.0).to_numpy(float),
        last_ask_early=status["last_ask_early"].astype("boolean"),
        awaiting_answer=awaiting, open_referral_days=open_days,
    )
    return out[list(DECISION_COLUMNS)]
