"""``python -m refdash gate-check``: is the trust gate right for these clients?

Prints the asks by band of trust at the ask and by ready / early, each with the share followed
by a referral within the answer window and its 90 % interval, the suggested threshold and the
backtest (``--format text``, translated), or the same figures as JSON (``--format json``):
``bands`` (each ``low``, ``high``, ``asks``, ``followed_by_referral``, ``rate``, ``rate_low``,
``rate_high``, plus ``lost``, ``declined``, ``no_answer``, ``pending``), ``ready`` and ``early``
in the same shape, ``threshold`` (current), ``suggested_threshold`` (null when the history
does not support one), ``suggestion`` (its range and status) and ``backtest``. Exit 0, or 2
with one translated line on stderr (codes ``gate.*``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

import pandas as pd

from refdash import i18n
from refdash.data import store
from refdash.errors import RefdashError
from refdash.model import gate_check as gate
from refdash.model import portfolio
from refdash.model.trust import TrustSettings


def _record(row: pd.Series) -> dict[str, object]:
    """A row of :data:`gate.RATE_COLUMNS` as JSON values (NaN -> null, counts as int)."""
    out: dict[str, object] = {}
    for name, value in row.items():
        v = float(value)
        if name in ("low", "high", "rate", "rate_low", "rate_high"):
            out[str(name)] = None if math.isnan(v) else round(v, 6)
        else:
            out[str(name)] = int(v)
    return out


def as_json(c: gate.GateCheck) -> dict[str, object]:
    """The JSON document of ``gate-check --format json``."""
    s, b = c.suggestion, c.backtest
    return {
        "bands": [_record(row) for _, row in c.bands.iterrows()],
        "ready": _record(c.totals.loc["ready"]),
        "early": _record(c.totals.loc["early"]),
        "threshold": c.threshold,
        "suggested_threshold": s.threshold,
        "suggestion": {"threshold": s.threshold, "low": s.low, "high": s.high, "asks": s.asks,
                       "status": s.status, "level": gate.LEVEL, "min_asks": gate.MIN_ASKS},
        "backtest": {"early": b.early, "early_lost": b.early_lost,
                     "early_referrals": b.early_referrals, "ready": b.ready,
                     "ready_lost": b.ready_lost, "ready_referrals": b.ready_referrals},
    }


def _load(args: argparse.Namespace) -> portfolio.Portfolio:
    db = Path(args.db) if args.db is not None else store.default_store_path()
    if not db.exists():
        raise RefdashError("gate.no_store", path=str(db))
    p = portfolio.load(db, as_of=args.as_of)
    if args.owner:
        unknown = [o for o in args.owner if o not in p.owners]
        if unknown:
            raise RefdashError("gate.unknown_owner", owner=unknown[0],
                               owners=", ".join(p.owners) or "–")
    return p.for_owners(args.owner)


def _print_text(args: argparse.Namespace, p: portfolio.Portfolio, lang: str) -> None:
    from refdash.views.gate import gate_view  # plotly only for the text report's tables

    view = gate_view(p, TrustSettings(), lang)
    print(i18n.translate("gate.title", lang))
    print()
    for sentence in view.sentences:
        print(sentence)
    for key, table in (("gate.cli.bands", view.band_table),
                       ("gate.cli.totals", view.totals_table)):
        print()
        print(i18n.translate(key, lang))
        print(table.to_string(index=False))


def _cmd_gate_check(args: argparse.Namespace) -> int:
    lang = i18n.normalise_language(args.lang)
    try:
        p = _load(args)
        if args.format == "json":
            print(json.dumps(as_json(gate.check(p, TrustSettings())), indent=2,
                             ensure_ascii=False))
        else:
            _print_text(args, p, lang)
    except RefdashError as exc:
        print(f"error: {exc.message(lang)}", file=sys.stderr)
        return 2
    return 0


def add_gate_check(sub: argparse._SubParsersAction) -> None:
    """``gate-check [--db PATH] [--owner NAME] [--format text|json] [--lang en|fr|it]``."""
    p = sub.add_parser("gate-check", help="check the trust threshold against the store's own "
                                          "asks and what followed them")
    p.add_argument("--db", type=Path, default=None,
                   help="the store (default: $REFDASH_DB or data/refdash.db)")
    p.add_argument("--owner", action="append", default=[], metavar="NAME",
                   help="only this sales lead's clients (repeatable; default: all)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="a report to read (default) or JSON")
    p.add_argument("--as-of", default=os.environ.get("REFDASH_AS_OF"),
                   help="the portfolio's today, YYYY-MM-DD (default: today)")
    p.add_argument("--lang", default=os.environ.get("REFDASH_LANG") or os.environ.get("LANG"),
                   help="language of the report: en, fr or it (default: from $LANG)")
    p.set_defaults(func=_cmd_gate_check)


#: Added to ``refdash.__main__.COMMANDS``.
COMMANDS = [add_gate_check]
