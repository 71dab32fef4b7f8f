"""``python -m refdash worklist``: this week's worklist outside the browser (issue 12).

The same list as the Portfolio page (:func:`refdash.views.worklist.worklist` on the portfolio
filtered by ``--owner``), as text, JSON (for scripts), an HTML e-mail body per sales lead, or
an ICS calendar (this week's asks, and each waiting client's likely readiness date). Bad
input exits with 2 and one translated line on stderr, never a traceback.

A weekly e-mail from cron (Monday 7:00)::

    0 7 * * 1  cd /srv/refdash && .venv/bin/python -m refdash worklist --owner "Sophie Laurent" \
               --format html --lang fr > /tmp/worklist.html && mail -a "Content-Type: text/html" ...
"""

from __future__ import annotations

import argparse
import datetime
import html
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import icalendar
import pandas as pd

from refdash import i18n
from refdash.data import store
from refdash.errors import RefdashError
from refdash.model import portfolio
from refdash.views import worklist as view

FORMATS: tuple[str, ...] = ("text", "json", "html", "ics")


def _week(value: str | None) -> pd.Timestamp:
    """The portfolio's "today": ``--week``, else ``$REFDASH_AS_OF`` (as the app), else today."""
    text = value or os.environ.get("REFDASH_AS_OF")
    if not text:
        return pd.Timestamp.today().normalize()
    try:
        return pd.Timestamp(datetime.date.fromisoformat(text.strip()))
    except ValueError as exc:
        raise RefdashError("worklist.bad_date", value=text) from exc


def _load(args: argparse.Namespace) -> tuple[portfolio.Portfolio, list[str]]:
    """The portfolio at ``--week`` and the owners asked for (checked against the store)."""
    db = args.db if args.db is not None else store.default_store_path()
    p = portfolio.load(db, as_of=_week(args.week))
    owners = list(args.owner or [])
    unknown = [o for o in owners if o not in p.owners]
    if unknown:
        raise RefdashError("worklist.unknown_owner", owner=", ".join(unknown),
                           known=", ".join(p.owners))
    return p, owners


def render_text(wl: view.Worklist) -> str:
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


def _who(e: view.Entry) -> str:
    return f"{e.name} ({e.company})" if e.company else e.name


def render_json(wl: view.Worklist) -> str:
    return json.dumps(wl.records(), ensure_ascii=False, indent=2) + "\n"


def render_html(owner: str, wl: view.Worklist) -> str:
    """A ready-to-send e-mail body for one sales lead; every user text is escaped."""
    t = lambda key, **fmt: html.escape(i18n.translate(key, wl.lang, **fmt))  # noqa: E731
    esc = html.escape

    def items(entries: tuple[view.Entry, ...], tag: str, label: bool) -> str:
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


def render_ics(wl: view.Worklist) -> bytes:
    """This week's asks (on ``as_of``) and each upcoming readiness date, as all-day events."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//refdash//worklist//EN")
    cal.add("version", "2.0")
    stamp = datetime.datetime.fromisoformat(wl.as_of).replace(tzinfo=datetime.UTC)

    def add(kind: str, e: view.Entry, day: str, summary_key: str) -> None:
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


def _build(args: argparse.Namespace) -> bytes:
    lang = i18n.normalise_language(args.lang)
    p, owners = _load(args)
    make: Callable[[portfolio.Portfolio], view.Worklist] = lambda q: view.worklist(  # noqa: E731
        q, None, lang, limit=args.limit)
    if args.format == "html":
        leads = owners or p.owners
        return "\n".join(render_html(o, make(p.for_owners([o]))) for o in leads).encode()
    wl = make(p.for_owners(owners))
    if args.format == "ics":
        return render_ics(wl)
    return (render_json(wl) if args.format == "json" else render_text(wl)).encode()


def _cmd_worklist(args: argparse.Namespace) -> int:
    lang = i18n.normalise_language(args.lang)
    try:
        out = _build(args)
    except RefdashError as exc:
        print(f"error: {exc.message(lang)}", file=sys.stderr)
        return 2
    if args.output is not None:
        args.output.write_bytes(out)
    else:
        sys.stdout.buffer.write(out)
        sys.stdout.flush()
    return 0


def _add_worklist(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("worklist", help="this week's worklist: who to ask, thank, repair...")
    p.add_argument("--db", type=Path, default=None,
                   help="the store (default: $REFDASH_DB or data/refdash.db)")
    p.add_argument("--owner", action="append", default=None,
                   help="a sales lead (repeat for several; default: everyone)")
    p.add_argument("--week", default=None,
                   help="any day of the week, YYYY-MM-DD (default: $REFDASH_AS_OF or today)")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format")
    p.add_argument("--limit", type=int, default=7, help="entries per section (default 7)")
    p.add_argument("--output", type=Path, default=None, help="write to this file, not stdout")
    p.add_argument("--lang", default=os.environ.get("REFDASH_LANG") or os.environ.get("LANG"),
                   help="language: en, fr or it (default: from $LANG)")
    p.set_defaults(func=_cmd_worklist)


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [_add_worklist]
