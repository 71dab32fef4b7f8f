"""The referral network: a tree (no cycles, edges between existing clients), generations and
lineage sizes equal to a plain walk up the referrers, and the part drawn on the page."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refdash.data import demo
from refdash.model import referral_tree
from tests.conftest import AS_OF


@pytest.fixture(scope="module")
def demo_frames() -> dict[str, pd.DataFrame]:
    return demo.generate(5000, seed=4, as_of=AS_OF)


def clients_frame(referred_by: list[int | None], start_days: list[int] | None = None
                  ) -> pd.DataFrame:
    n = len(referred_by)
    days = start_days if start_days is not None else list(range(n))
    return pd.DataFrame({
        "id": np.arange(1, n + 1, dtype=np.int64),
        "name": [f"C{i}" for i in range(1, n + 1)],
        "owner": "o",
        "start_date": pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D"),
        "referred_by": pd.array(referred_by, dtype="Int64"),
    })


def assert_is_a_tree(tree: referral_tree.ReferralTree) -> None:
    """No cycles, every edge between clients of the tree, generations consistent."""
    nodes = tree.nodes
    edges = tree.edges
    assert edges["referrer"].isin(nodes.index).all()
    assert edges["referred"].isin(nodes.index).all()
    assert not edges["referred"].duplicated().any()  # one referrer each
    # Each edge goes one generation down: no cycle can close.
    gen = nodes["generation"]
    assert (gen.loc[edges["referred"]].to_numpy() == gen.loc[edges["referrer"]].to_numpy() + 1).all()
    assert (gen[nodes["parent"].isna()] == 0).all()


def reference(tree_clients: pd.DataFrame, parent: dict[int, int | None]
              ) -> tuple[dict[int, int], dict[int, int]]:
    """Generations and lineage sizes by walking up each client's referrers, one by one."""
    generation, descendants = {}, dict.fromkeys(parent, 0)
    for cid in parent:
        steps, node = 0, parent[cid]
        while node is not None:
            descendants[node] += 1
            steps += 1
            node = parent[node]
        generation[cid] = steps
    return generation, descendants


def test_the_demo_network_is_a_tree_matching_a_plain_walk(demo_frames):
    tree = referral_tree.referral_tree(demo_frames["clients"], demo_frames["referrals"])
    assert_is_a_tree(tree)
    assert tree.cut == 0 and tree.outside == 0
    parent = {int(i): (None if pd.isna(p) else int(p)) for i, p in tree.nodes["parent"].items()}
    generation, descendants = reference(demo_frames["clients"], parent)
    assert tree.nodes["generation"].to_dict() == generation
    assert tree.nodes["descendants"].to_dict() == descendants
    share = demo_frames["clients"]["referred_by"].notna().mean()
    assert tree.referred_share == pytest.approx(share)


def test_a_cycle_in_imported_data_is_cut_at_its_earliest_client():
    # 1 <- 2 <- 3 <- 1 is a cycle; client 2 started first, so its link goes.
    clients = clients_frame([2, 3, 1, 3, None, 5], start_days=[5, 0, 3, 9, 0, 12])
    tree = referral_tree.referral_tree(clients)
    assert tree.cut == 1
    assert pd.isna(tree.nodes.loc[2, "parent"])
    assert tree.nodes["generation"].to_dict() == {1: 1, 2: 0, 3: 2, 4: 3, 5: 0, 6: 1}
    assert tree.nodes.loc[2, "descendants"] == 3
    assert_is_a_tree(tree)


def test_a_referrer_outside_the_view_makes_the_client_a_root():
    clients = clients_frame([None, 1, 2, 99])
    tree = referral_tree.referral_tree(clients.iloc[1:])  # client 1 is another owner's
    assert tree.outside == 2  # 2 -> 1 and 4 -> 99
    assert tree.nodes["generation"].to_dict() == {2: 0, 3: 1, 4: 0}
    assert tree.referred_share == 1.0  # the data says all three were referred
    assert_is_a_tree(tree)


def test_links_recorded_only_as_converted_referrals_count():
    clients = clients_frame([None, None, None])
    referrals = pd.DataFrame({"client_id": [1, 2], "converted_client_id":
                              pd.array([2, 3], dtype="Int64")})
    tree = referral_tree.referral_tree(clients, referrals)
    assert tree.nodes["parent"].isna().tolist() == [True, False, False]
    assert tree.nodes["parent"].dropna().tolist() == [1, 2]
    assert tree.nodes["generation"].tolist() == [0, 1, 2]
    assert tree.nodes.loc[1, "descendants"] == 2


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(1, 40)), min_size=1, max_size=40),
       st.integers(0, 2**32 - 1))
def test_any_link_table_becomes_a_tree(links, seed):
    rng = np.random.default_rng(seed)
    clients = clients_frame(links, start_days=rng.integers(0, 30, len(links)).tolist())
    tree = referral_tree.referral_tree(clients)
    assert_is_a_tree(tree)
    parent = {int(i): (None if pd.isna(p) else int(p)) for i, p in tree.nodes["parent"].items()}
    generation, descendants = reference(clients, parent)
    assert tree.nodes["generation"].to_dict() == generation
    assert tree.nodes["descendants"].to_dict() == descendants
    # Only links that had to go were cut: links to existing clients survive unless in a cycle.
    kept = tree.nodes["parent"].notna().sum()
    valid = sum(1 for i, p in enumerate(links, start=1) if p is not None and p <= len(links)
                and p != i)
    assert kept == valid - tree.cut


def test_the_drawn_part_is_closed_under_referrers_and_bounded(demo_frames):
    tree = referral_tree.referral_tree(demo_frames["clients"], demo_frames["referrals"])
    top = referral_tree.top_of_tree(tree, max_nodes=60, max_lineages=8)
    assert 0 < len(top) <= 60
    shown = set(top.index)
    parents = top["parent"].dropna().astype(int)
    assert set(parents) <= shown
    assert top["lineage_rank"].max() < 8
    biggest = tree.nodes[tree.nodes["generation"] == 0]["descendants"].max()
    assert top.loc[top["lineage_rank"] == 0, "descendants"].max() == biggest


def test_lineages_rank_clients_by_the_clients_their_referrals_brought(demo_frames):
    tree = referral_tree.referral_tree(demo_frames["clients"], demo_frames["referrals"])
    table = referral_tree.lineages(tree, demo_frames["clients"], top=5)
    assert len(table) == 5
    assert table["descendants"].is_monotonic_decreasing
    assert table["descendants"].iloc[0] == tree.nodes["descendants"].max()
    names = demo_frames["clients"].set_index("id")["name"]
    assert (table["name"].to_numpy() == names.loc[table["client_id"]].to_numpy()).all()
    gens = referral_tree.generations(tree)
    assert gens["clients"].sum() == len(demo_frames["clients"])


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="referred_by"):
        referral_tree.referral_tree(pd.DataFrame({"id": [1], "start_date": [pd.Timestamp(AS_OF)]}))
    dup = clients_frame([None, None])
    dup["id"] = [1, 1]
    with pytest.raises(ValueError, match=r"\[1\]"):
        referral_tree.referral_tree(dup)
    with pytest.raises(ValueError, match="positive"):
        referral_tree.top_of_tree(referral_tree.referral_tree(clients_frame([None])), max_nodes=0)
