"""``python -m refdash worklist``: this week's worklist outside the browser (issue 12).

The renderers live in :mod:`refdash.views.worklist` (the Portfolio page offers the same
downloads).

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
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from refdash import i18n
from refdash.data import store
from refdash.errors import RefdashError
from refdash.model import portfolio
from refdash.views import worklist as view
from refdash.views.worklist import render_html, render_ics, render_json, render_text

__all__ = ["FORMATS", "COMMANDS", "render_html", "render_ics", "render_json", "render_text"]

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
