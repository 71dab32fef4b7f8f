"""Clients the trust model knows nothing about yet, and what to import for them.

Trust moves only with what the model reads as evidence of our ability and our commitment:
promises kept or broken, satisfaction scores, complaints (:data:`EVIDENCE_KINDS`, the
inputs of :mod:`refdash.model.trust` besides asks and losses). A client with none of them
sits at the neutral prior (0.50) for ever, however long we have known them; meetings and
deliveries alone do not move it, so a client with only those counts as without evidence.
The pages say how many such clients there are and what to import for them (their CRM's
activities export, or events logged by hand) instead of showing an eternal 0.50.

Pure: no streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from refdash.i18n import format_number, translate, translate_plural
from refdash.model.portfolio import Portfolio

#: Event kinds that move trust off its prior (a subset of the trust model's inputs: asks
#: and losses are read too, but say nothing about whether we keep our promises).
EVIDENCE_KINDS: tuple[str, ...] = ("promise_kept", "promise_broken", "satisfaction", "complaint")


@dataclass(frozen=True)
class NoEvidence:
    """``ids`` of the active clients of a view with no evidence up to its date, out of
    ``active`` active (not lost) clients; ``evidenced``: every client of the view with
    some (lost ones too), which :meth:`has_evidence` reads."""

    ids: frozenset[int]
    active: int
    evidenced: frozenset[int] = frozenset()

    @property
    def count(self) -> int:
        return len(self.ids)

    def has_evidence(self, client_id: int) -> bool:
        """Whether client ``client_id`` has any evidence on or before the view's date: a
        set lookup, where scanning the events took 40-200 ms on a 100,000-client store in
        every run of the Clients page."""
        return int(client_id) in self.evidenced


def without_evidence(p: Portfolio) -> NoEvidence:
    """The active clients of ``p`` with no event of :data:`EVIDENCE_KINDS` on or before
    ``p.as_of`` (clients who started after ``p.as_of`` are not counted)."""
    ev = p.events
    dated = ev["date"] <= p.as_of
    lost = ev.loc[dated & ev["kind"].eq("lost"), "client_id"].unique()
    known = ev.loc[dated & ev["kind"].isin(EVIDENCE_KINDS), "client_id"].unique()
    c = p.clients
    active = c[(c["start_date"] <= p.as_of) & ~c["id"].isin(lost)]["id"].to_numpy(np.int64)
    missing = active[~np.isin(active, known)]
    return NoEvidence(frozenset(missing.tolist()), len(active), frozenset(known.tolist()))


def notice(gap: NoEvidence, lang: str) -> str | None:
    """"12 of 40 clients have no evidence yet..." and what to import, or None when every
    active client has some."""
    if not gap.count:
        return None
    return translate_plural("evidence.none", lang, gap.count,
                            count=format_number(gap.count, lang),
                            total=format_number(gap.active, lang))


def client_notice(lang: str) -> str:
    """What the client's card says when this one client has no evidence yet."""
    return translate("evidence.none.client", lang)


def no_evidence_table(p: Portfolio, gap: NoEvidence) -> pd.DataFrame:
    """The clients without evidence (id, name, owner, known since), for a closer look."""
    c = p.clients[p.clients["id"].isin(list(gap.ids))]
    return c[["id", "name", "owner", "start_date"]].reset_index(drop=True)
