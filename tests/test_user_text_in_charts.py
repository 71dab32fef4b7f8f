"""User text is data in every chart: a name with HTML in it is shown as typed, never as a live
link or markup (plotly renders <a>, <b>, <br> in labels, hovers and titles)."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd

from refdash.charts import segments as segment_charts
from refdash.model import referral_tree
from refdash.views import clients

EVIL = '<a href="https://evil.example">Click me</a>'


def _strings(fig) -> list[str]:
    """Every string plotly will render from the figure (data, layout, annotations)."""
    out: list[str] = []

    def walk(node):
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(json.loads(fig.to_json()))
    return out


def _with_evil_names(p):
    c = p.clients.copy()
    c["name"] = c["name"].astype(object)
    c["name"] = EVIL
    c["owner"] = "<b>boss</b>"
    refs = p.referrals.copy()
    refs["prospect_name"] = EVIL
    return replace(p, clients=c, referrals=refs)


def test_a_client_named_with_a_link_is_plain_text_in_the_referral_network(demo_portfolio):
    p = _with_evil_names(demo_portfolio)
    top = referral_tree.top_of_tree(referral_tree.referral_tree(p.clients, p.referrals))
    segment = pd.Series("responsive", index=p.clients["id"])
    strings = _strings(segment_charts.network_chart(top, p.clients, segment, "en"))
    assert not any("<a href" in s or "<b>boss" in s for s in strings)
    assert any("&lt;a href=" in s for s in strings)  # the name is there, as typed


def test_names_and_prospects_are_plain_text_in_the_trajectory(demo_portfolio):
    p = _with_evil_names(demo_portfolio)
    report = clients.clients_report(p)
    referrer = int(p.referrals["client_id"].iloc[0])
    strings = _strings(clients.client_view(report, p, referrer, "en").figure)
    assert not any("<a href" in s for s in strings)
    assert sum("&lt;a href=" in s for s in strings) >= 2  # the title and the prospect's hover
