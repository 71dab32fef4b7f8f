"""Colours that mean the same thing on every page and chart.

Chosen from the Okabe-Ito colour-blind-safe palette so the meaning survives for every reader.
"""

from __future__ import annotations

#: The three latent segments of the 20-60-20 rule, plus clients we cannot place yet.
SEGMENT_COLORS: dict[str, str] = {
    "advocate": "#009E73",    # green: refers unasked
    "responsive": "#0072B2",  # blue: refers when asked
    "never": "#999999",       # grey: never refers
    "unknown": "#CC79A7",     # pink: too little evidence
}
#: Readiness to be asked for a referral.
READY = "#009E73"
NOT_READY = "#E69F00"
#: Asks made before the client was ready: a warning colour, everywhere.
EARLY_ASK = "#D55E00"
TIMELY_ASK = "#0072B2"
#: Where new clients came from.
SOURCE_COLORS: dict[str, str] = {"referral": "#009E73", "other": "#56B4E9"}
#: Solicited (after an ask) vs unsolicited referrals.
SOLICITED = "#0072B2"
UNSOLICITED = "#009E73"
#: The three ask policies of the simulator.
POLICY_COLORS: dict[str, str] = {"patient": "#009E73", "eager": "#D55E00", "never": "#999999"}
#: The naive "each client = 250 prospects" curve.
NAIVE = "#000000"
#: Trust and its components.
TRUST = "#000000"
COMPONENT_COLORS: dict[str, str] = {
    "familiarity": "#56B4E9", "reliability": "#0072B2", "satisfaction": "#009E73",
    "damage": "#D55E00",
}
#: Events marked on a client's trust chart (asks use EARLY_ASK / TIMELY_ASK).
EVENT_COLORS: dict[str, str] = {
    "promise_kept": "#009E73", "promise_broken": "#D55E00", "satisfaction": "#56B4E9",
    "complaint": "#CC79A7", "referral_declined": "#999999", "lost": "#000000",
    "referral": "#009E73",
}
#: Clients never asked (beside those first asked early or when ready).
NEVER_ASKED = "#999999"
