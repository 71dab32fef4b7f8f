"""This week's worklist, ready to draw (issue 12): who to ask, then what else to do, each with
a reason in words built from the client's own evidence. No streamlit here.

One entry point, :func:`worklist`; the decisions come from :func:`refdash.model.decision.decide`,
so the page, the CLI (``python -m refdash worklist``) and its exports show the same list.
Names, companies and prospects stay plain data (escape them where markup is made).
"""

from __future__ import annotations

import datetime
import html
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

import icalendar
import numpy as np
import pandas as pd

from refdash import i18n
from refdash.errors import RefdashError
from refdash.i18n import format_date, format_month, format_number, translate, translate_plural
from refdash.model import decision
from refdash.model.portfolio import Portfolio
from refdash.model.trust import TrustSettings

#: The buttons (outcome codes of :mod:`refdash.data.outcomes`) of each kind of entry.
_OUTCOMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("ask", "ready"): ("asked",),
    ("thank", "advocate"): ("thanked",),
    ("repair", "broken_promise"): ("done",),
    ("repair", "complaint"): ("done",),
    ("repair", "early_ask"): ("contacted",),
    ("follow_up", "open_referral"): ("contacted",),
}
#: An ask awaiting its answer.
ANSWER_OUTCOMES: tuple[str, ...] = ("referred", "declined", "not_now")


@dataclass(frozen=True)
class Entry:
    """One line of the worklist. ``ready_date`` is ISO (``YYYY-MM-DD``) or None;
    ``ready_date_text`` the same in the user's language; ``priority`` only for asks;
    ``outcomes`` the buttons to offer (outcome codes) and ``outcome_labels`` their text."""

    client_id: int
    external_id: str | None
    name: str
    company: str | None
    owner: str
    action: str
    action_label: str
    reason_code: str
    reason: str
    ready_date: str | None
    ready_date_text: str
    priority: float | None
    due: bool
    outcomes: tuple[str, ...]
    outcome_labels: tuple[str, ...]

    def record(self) -> dict[str, object]:
        """The entry as plain JSON-ready data (what ``worklist --format json`` prints)."""
        out = asdict(self)
        out["outcomes"] = list(self.outcomes)
        out["outcome_labels"] = list(self.outcome_labels)
        return out


@dataclass(frozen=True)
class Worklist:
    """The asks of the week, ranked (at most ``limit``), then the other actions due this
    week (at most ``limit``); ``more_asks`` / ``more_others`` count those left out;
    ``upcoming``: clients waiting or in repair with a readiness date after ``as_of`` (soonest
    first, for the calendar). Dates ISO; ``week_text`` is "Week of 23 Nov 2026"."""

    lang: str
    as_of: str
    week_start: str
    week_text: str
    asks: tuple[Entry, ...]
    others: tuple[Entry, ...]
    more_asks: int
    more_others: int
    upcoming: tuple[Entry, ...]

    @property
    def entries(self) -> tuple[Entry, ...]:
        """The list as drawn: asks, then the other actions."""
        return self.asks + self.others

    def records(self) -> list[dict[str, object]]:
        return [e.record() for e in self.entries]


#: Italian elision and euphony the templates cannot know: "il 8" -> "l'8", "a ottobre" ->
#: "ad ottobre" (dates and months are filled in after translation).
_ITALIAN = ((re.compile(r"\bil (8|11)\b"), r"l'\1"), (re.compile(r"\ba (a|o)"), r"ad \1"))


def _polish(text: str, lang: str) -> str:
    if lang == "it":
        for pattern, repl in _ITALIAN:
            text = pattern.sub(repl, text)
    return text


def _iso(value: object) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _count_text(lang: str, key: str, count: int, **fmt: object) -> str:
    return translate_plural(key, lang, count, count=format_number(count, lang), **fmt)


def evidence_text(row: pd.Series, lang: str) -> str:
    """"known 18 months, 12 promises kept, 9/10 in October 2026, never asked"."""
    t = lambda key, **fmt: translate(key, lang, **fmt)  # noqa: E731
    months = int(np.floor(row["months_known"]))
    if months < 1:
        parts = [t("worklist.ev.known_new")]
    else:
        parts = [translate_plural("worklist.ev.known", lang, months,
                                  months=format_number(months, lang))]
    kept, broken = int(row["promises_kept"]), int(row["promises_broken"])
    if kept or broken:
        parts.append(_count_text(lang, "worklist.ev.kept", kept))
        if broken:
            parts.append(_count_text(lang, "worklist.ev.broken", broken))
    else:
        parts.append(t("worklist.ev.no_promises"))
    if not pd.isna(row["last_score"]):
        score = float(row["last_score"])
        parts.append(t("worklist.ev.score",
                       score=format_number(score, lang, 0 if score.is_integer() else 1),
                       month=format_month(row["last_score_date"], lang)))
    asks = int(row["asks"])
    if asks == 0:
        parts.append(t("worklist.ev.never_asked"))
    else:
        parts.append(_count_text(lang, "worklist.ev.asked", asks,
                                 date=format_date(row["last_ask_date"], lang)))
    return ", ".join(parts)


def _step(row: pd.Series, lang: str, settings: TrustSettings) -> str:
    """The concrete step of a non-ask decision (what to do and why)."""
    code = row["reason_code"]
    day = lambda col: format_date(row[col], lang)  # noqa: E731
    if code == "advocate":
        if row["due"]:
            return translate("worklist.step.advocate", lang,
                             prospect=row["last_referral_prospect"],
                             date=day("last_referral_date"))
        return translate("worklist.step.advocate_keep", lang)
    if code == "broken_promise":
        key = "worklist.step.broken_promise" if row["action"] == "repair" else \
            "worklist.step.broken_kept"
        return translate(key, lang, date=day("last_broken_date"))
    if code in ("complaint",):
        return translate("worklist.step.complaint", lang, date=day("last_complaint_date"))
    if code in ("early_ask", "asked_recently"):
        key = "worklist.step.awaiting" if row["awaiting_answer"] else f"worklist.step.{code}"
        return translate(key, lang, date=day("last_ask_date"))
    if code == "open_referral":
        return translate("worklist.step.open_referral", lang, prospect=row["open_prospect"],
                         days=format_number(int(row["open_referral_days"]), lang))
    if code == "lost":
        return translate("worklist.step.lost", lang, date=day("lost_date"))
    if code == "low_trust":
        return translate("worklist.step.low_trust", lang,
                         trust=format_number(float(row["trust"]), lang, 2),
                         threshold=format_number(settings.threshold, lang, 2))
    return translate(f"worklist.step.{code}", lang)


def reason_text(row: pd.Series, lang: str, settings: TrustSettings) -> str:
    """The sentence of one decision (a row of :func:`~refdash.model.decision.decide`)."""
    action = row["action"]
    if action == "ask":
        return _polish(evidence_text(row, lang), lang)
    parts = [_step(row, lang, settings)]
    if action == "wait":
        parts.append(evidence_text(row, lang))
    if action in ("wait", "repair"):
        parts.append(translate("worklist.until", lang, date=format_date(row["ready_date"], lang))
                     if not pd.isna(row["ready_date"]) else translate("worklist.until_unknown", lang))
    return _polish(translate("worklist.sep", lang).join(parts), lang)


def _entry(cid: int, row: pd.Series, info: pd.Series, lang: str,
           settings: TrustSettings) -> Entry:
    key = (row["action"], row["reason_code"])
    outcomes = ANSWER_OUTCOMES if row["awaiting_answer"] else _OUTCOMES.get(key, ())
    company = info["company"]
    return Entry(
        client_id=int(cid),
        external_id=None if pd.isna(info["external_id"]) else str(info["external_id"]),
        name=str(info["name"]), company=None if pd.isna(company) else str(company),
        owner=str(info["owner"]), action=str(row["action"]),
        action_label=translate(f"worklist.action.{row['action']}", lang),
        reason_code=str(row["reason_code"]), reason=reason_text(row, lang, settings),
        ready_date=_iso(row["ready_date"]), ready_date_text=format_date(row["ready_date"], lang),
        priority=None if pd.isna(row["priority"]) else float(row["priority"]),
        due=bool(row["due"]), outcomes=outcomes,
        outcome_labels=tuple(translate(f"worklist.outcome.{o}", lang) for o in outcomes),
    )


def entry_of(p: Portfolio, decisions: pd.DataFrame, client_id: int, lang: str,
             settings: TrustSettings | None = None) -> Entry:
    """The worklist entry of one client of ``p`` (its action, reason and one-click outcomes),
    whether or not it is due this week: the client's view offers the same clicks."""
    return _entry(client_id, decisions.loc[client_id], p.clients.set_index("id").loc[client_id],
                  lang, settings or TrustSettings())


def _others_order(d: pd.DataFrame) -> pd.DataFrame:
    """Due non-asks: answers to record first (an ask just made must keep its answer buttons
    in sight), then repairs, follow-ups (oldest first), thank-yous."""
    rank = {"wait": 0, "repair": 1, "follow_up": 2, "thank": 3}
    keyed = d.assign(_rank=d["action"].map(rank),
                     _age=-d["open_referral_days"].astype("Float64").fillna(0.0))
    return keyed.sort_values(["_rank", "_age"], kind="stable")


def worklist(p: Portfolio, settings: TrustSettings | None = None, lang: str = "en",
             limit: int = 7, upcoming_days: int | None = None,
             decisions: pd.DataFrame | None = None) -> Worklist:
    """The worklist of ``p`` (filter it with ``p.for_owners`` first) for the week of
    ``p.as_of``: the ``limit`` best asks by ``priority``, then up to ``limit`` other due
    actions; ``upcoming`` lists readiness dates within ``upcoming_days`` days (all when None,
    none when 0). ``decisions`` (from :func:`decide` on the same portfolio) saves recomputing.
    A ``limit`` under 1 raises ``RefdashError("worklist.bad_limit")``."""
    if int(limit) < 1:
        raise RefdashError("worklist.bad_limit", value=limit)
    s = settings or TrustSettings()
    d = decisions if decisions is not None else decision.decide(p, s)
    info = p.clients.set_index("id")
    as_of = pd.Timestamp(p.as_of).normalize()
    week_start = as_of - pd.Timedelta(days=as_of.weekday())
    make: Callable[[pd.DataFrame], tuple[Entry, ...]] = lambda rows: tuple(  # noqa: E731
        _entry(cid, row, info.loc[cid], lang, s) for cid, row in rows.iterrows())
    asks = d[d["action"].eq("ask")].sort_values("priority", ascending=False, kind="stable")
    others = _others_order(d[d["due"].to_numpy(bool) & d["action"].ne("ask").to_numpy(bool)])
    later = d[d["action"].isin(["wait", "repair"]) & d["ready_date"].gt(as_of)]
    if upcoming_days is not None:
        later = later[later["ready_date"] <= as_of + pd.Timedelta(days=upcoming_days)]
    later = later.sort_values("ready_date", kind="stable")
    return Worklist(
        lang=lang, as_of=as_of.strftime("%Y-%m-%d"), week_start=week_start.strftime("%Y-%m-%d"),
        week_text=translate("worklist.week", lang, date=format_date(week_start, lang)),
        asks=make(asks.head(limit)), others=make(others.head(limit)),
        more_asks=max(len(asks) - limit, 0), more_others=max(len(others) - limit, 0),
        upcoming=make(later),
    )


# --------------------------------------------------------------------------- the page

#: The page's list length: the default (left out of the URL) and the most it offers.
DEFAULT_LIMIT = 7
#: The Portfolio page's list-length widget (its session key) and its URL parameter
#: (``?ask=N``, when not the default): that page and the warm-up of the other pages
#: (``refdash.ui.warm``) read the length the same way.
LIMIT_KEY, LIMIT_PARAM = "wl_ask", "ask"
MAX_LIMIT = 50


def limit_from_param(value: object) -> int:
    """``?ask=N`` as a list length in [1, :data:`MAX_LIMIT`]; anything else is the default."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return DEFAULT_LIMIT
    return number if 1 <= number <= MAX_LIMIT else DEFAULT_LIMIT


def row_html(e: Entry, with_action: bool = False, lang: str = "en") -> str:
    """One line of the page's list as HTML: the name in bold, the company and the owner, then
    the reason (after the action's label when ``with_action``; French puts a no-break space
    before the colon). Every user text (name, company, owner, a prospect's name inside the
    reason) is escaped: shown literally."""
    esc = html.escape
    company = f'<span style="opacity:.75"> · {esc(e.company)}</span>' if e.company else ""
    colon = "\u00a0: " if i18n.normalise_language(lang) == "fr" else ": "
    label = f"<b>{esc(e.action_label)}</b>{colon}" if with_action else ""
    return (f'<div style="line-height:1.35"><b>{esc(e.name)}</b>{company}'
            f'<span style="opacity:.6;font-size:.8rem"> · {esc(e.owner)}</span><br>'
            f'<span style="font-size:.875rem;opacity:.85">{label}{esc(e.reason)}</span></div>')


# --------------------------------------------------------------------------- exports

def render_text(wl: Worklist) -> str:
    t = lambda key, **fmt: i18n.translate(key, wl.lang, **fmt)  # noqa: E731
    lines = [wl.week_text, "", t("worklist.asks_heading")]
    lines += [f"{i}. {_who(e)} [{e.owner}]: {e.reason}" for i, e in enumerate(wl.asks, 1)]
    if not wl.asks:
        lines.append(t("worklist.no_asks"))
    if wl.more_asks:
        lines.append(t("worklist.more", count=wl.more_asks))
    lines += ["", t("worklist.others_heading")]
    lines += [f"- {e.action_label}: {_who(e)} [{e.owner}]: {e.reason}" for e in wl.others]
    if not wl.others:
        lines.append(t("worklist.no_others"))
    if wl.more_others:
        lines.append(t("worklist.more", count=wl.more_others))
    return "\n".join(lines) + "\n"


def _who(e: Entry) -> str:
    return f"{e.name} ({e.company})" if e.company else e.name


def render_json(wl: Worklist) -> str:
    return json.dumps(wl.records(), ensure_ascii=False, indent=2) + "\n"


def render_html(owner: str, wl: Worklist) -> str:
    """A ready-to-send e-mail body for one sales lead; every user text is escaped."""
    t = lambda key, **fmt: html.escape(i18n.translate(key, wl.lang, **fmt))  # noqa: E731
    esc = html.escape

    def items(entries: tuple[Entry, ...], tag: str, label: bool) -> str:
        rows = "".join(
            f"<li>{'<b>' + esc(e.action_label) + '</b>: ' if label else ''}"
            f"<b>{esc(_who(e))}</b>: {esc(e.reason)}</li>" for e in entries)
        return f"<{tag}>{rows}</{tag}>"

    parts = [
        f"<h2>{t('worklist.email.subject', date=i18n.format_date(wl.week_start, wl.lang))}</h2>",
        f"<p>{t('worklist.email.greeting', owner=owner)}</p>",
        f"<p>{t('worklist.email.intro')}</p>",
        f"<h3>{t('worklist.asks_heading')}</h3>",
        items(wl.asks, "ol", False) if wl.asks else f"<p>{t('worklist.no_asks')}</p>",
    ]
    if wl.more_asks:
        parts.append(f"<p>{t('worklist.more', count=wl.more_asks)}</p>")
    parts += [f"<h3>{t('worklist.others_heading')}</h3>",
              items(wl.others, "ul", True) if wl.others else f"<p>{t('worklist.no_others')}</p>"]
    if wl.more_others:
        parts.append(f"<p>{t('worklist.more', count=wl.more_others)}</p>")
    parts.append(f"<p><small>{t('worklist.email.footer', date=i18n.format_date(wl.as_of, wl.lang))}"
                 "</small></p>")
    return f'<section lang="{esc(wl.lang)}">\n' + "\n".join(parts) + "\n</section>\n"


def render_ics(wl: Worklist) -> bytes:
    """This week's asks (on ``as_of``) and each upcoming readiness date, as all-day events."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//refdash//worklist//EN")
    cal.add("version", "2.0")
    stamp = datetime.datetime.fromisoformat(wl.as_of).replace(tzinfo=datetime.UTC)

    def add(kind: str, e: Entry, day: str, summary_key: str) -> None:
        ev = icalendar.Event()
        ev.add("uid", f"refdash-{kind}-{e.client_id}-{day}@refdash")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", datetime.date.fromisoformat(day))
        ev.add("summary", i18n.translate(summary_key, wl.lang, name=e.name))
        ev.add("description", f"{e.owner}: {e.reason}")
        cal.add_component(ev)

    for e in wl.asks:
        add("ask", e, wl.as_of, "worklist.ics.ask")
    for e in wl.upcoming:
        if e.ready_date:
            add("ready", e, e.ready_date, "worklist.ics.ready")
    return cal.to_ical()
