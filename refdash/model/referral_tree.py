"""The referral network: who referred whom, generations and lineages.

A client's referrer is ``clients.referred_by``; where that is empty, the referral that converted
into the client (``referrals.converted_client_id``) names it. The links form a forest: each
client has at most one referrer. Imported data can be wrong, so :func:`referral_tree` keeps only
links to clients in the view (a referrer outside it, e.g. another sales lead's client, makes the
client a root) and breaks any cycle by cutting the link of the cycle's earliest client (who
cannot have been referred by someone who came later). The result is a tree: no cycles, every
edge between existing clients.

Vectorised with numpy: cycles and depths by pointer doubling, lineage sizes by one pass per
generation (the only loops, both logarithmic or bounded by the tree's depth).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class ReferralTree:
    """The referral forest of a set of clients.

    ``nodes`` is indexed by client id (the order of the clients frame), with columns:
    ``parent`` (Int64, the referrer in the tree, NA for a root), ``generation`` (0 for a client
    who came another way or whose referrer is outside the view, 1 for a client they referred,
    ...), ``root`` (id of the lineage's first client), ``children`` (clients referred
    directly), ``descendants`` (clients in the lineage below, all generations), ``depth``
    (generations below the client), ``came_by_referral`` (the data says the client was
    referred, even by someone outside the view).

    ``outside`` counts links to referrers outside the view; ``cut`` the links removed to
    break cycles.
    """

    nodes: pd.DataFrame
    outside: int
    cut: int

    @property
    def edges(self) -> pd.DataFrame:
        """One row per link: ``referrer`` and ``referred`` client ids."""
        linked = self.nodes["parent"].notna()
        return pd.DataFrame({
            "referrer": self.nodes.loc[linked, "parent"].astype("int64").to_numpy(),
            "referred": self.nodes.index[linked].to_numpy(),
        })

    @property
    def linked(self) -> int:
        """Clients in a referral chain of the view (with a referrer or a referred client)."""
        nodes = self.nodes
        return int((nodes["parent"].notna() | (nodes["children"] > 0)).sum())

    @property
    def referred_share(self) -> float:
        """Share of the clients who came by referral (NaN without clients)."""
        if self.nodes.empty:
            return float("nan")
        return float(self.nodes["came_by_referral"].mean())


def _referrers(clients: pd.DataFrame, referrals: pd.DataFrame | None) -> pd.Series:
    """Each client's referrer id (Int64, NA when none), from ``referred_by`` then from the
    converted referrals."""
    ref = clients["referred_by"].astype("Int64")
    ref.index = clients["id"].to_numpy()
    if referrals is not None and len(referrals):
        conv = referrals.loc[referrals["converted_client_id"].notna(),
                             ["converted_client_id", "client_id"]]
        conv = conv.drop_duplicates("converted_client_id")
        by_referral = pd.Series(conv["client_id"].to_numpy(),
                                index=conv["converted_client_id"].astype("int64").to_numpy())
        ref = ref.fillna(by_referral.reindex(ref.index).astype("Int64"))
    return ref


def _doubling_rounds(n: int) -> int:
    return max(1, int(np.ceil(np.log2(max(n, 2)))) + 1)


def referral_tree(clients: pd.DataFrame, referrals: pd.DataFrame | None = None) -> ReferralTree:
    """Build the referral forest of ``clients`` (frame with ``id``, ``referred_by`` and
    ``start_date``; ``referrals`` optional, for links recorded only there)."""
    for column in ("id", "referred_by", "start_date"):
        if column not in clients.columns:
            raise ValueError(f"clients lacks the column {column!r} (has {list(clients.columns)})")
    ids = clients["id"].to_numpy(dtype=np.int64)
    if len(np.unique(ids)) != len(ids):
        dup = pd.Series(ids)[pd.Series(ids).duplicated()].unique()[:5].tolist()
        raise ValueError(f"client ids must be unique; repeated: {dup}")
    n = len(ids)
    ref = _referrers(clients, referrals)
    came_by_referral = ref.notna().to_numpy()
    pos = pd.Series(np.arange(n), index=ids)
    parent = pos.reindex(ref.fillna(-1).astype("int64").to_numpy()).fillna(-1)
    parent = parent.to_numpy(dtype=np.int64, copy=True)
    outside = int((came_by_referral & (parent < 0)).sum())
    parent[parent == np.arange(n)] = -1  # a client cannot refer themselves

    # Cycles: after >= n steps every walk sits on a root or on a cycle; those cycle nodes are
    # exactly the images of the walk that are not roots.
    nxt = np.where(parent >= 0, parent, np.arange(n))
    jump = nxt.copy()
    for _ in range(_doubling_rounds(n)):
        jump = jump[jump]
    on_cycle = np.zeros(n, dtype=bool)
    on_cycle[jump] = True
    on_cycle &= parent >= 0
    cut = 0
    if on_cycle.any():
        # Rank by start date then id; spread each cycle's minimum rank around it.
        order = np.lexsort((ids, clients["start_date"].to_numpy()))
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n)
        low, step = rank.copy(), nxt.copy()
        for _ in range(_doubling_rounds(n)):
            low = np.minimum(low, low[step])
            step = step[step]
        cut_here = on_cycle & (rank == low)
        parent[cut_here] = -1
        cut = int(cut_here.sum())
        nxt = np.where(parent >= 0, parent, np.arange(n))

    # Generations (distance to the root) and roots by pointer doubling.
    depth_to_root = (parent >= 0).astype(np.int64)
    anc = nxt.copy()
    for _ in range(_doubling_rounds(n)):
        depth_to_root = depth_to_root + depth_to_root[anc]
        anc = anc[anc]

    # Lineage sizes and heights, one pass per generation from the deepest up.
    children = np.bincount(parent[parent >= 0], minlength=n)
    size = np.ones(n, dtype=np.int64)
    height = np.zeros(n, dtype=np.int64)
    by_generation = np.argsort(depth_to_root, kind="stable")
    bounds = np.searchsorted(depth_to_root[by_generation], np.arange(depth_to_root.max(initial=0) + 2))
    for gen in range(int(depth_to_root.max(initial=0)), 0, -1):
        level = by_generation[bounds[gen]:bounds[gen + 1]]
        up = parent[level]
        size += np.bincount(up, weights=size[level], minlength=n).astype(np.int64)
        np.maximum.at(height, up, height[level] + 1)

    nodes = pd.DataFrame(
        {
            "parent": pd.array(np.where(parent >= 0, ids[np.maximum(parent, 0)], 0),
                               dtype="Int64"),
            "generation": depth_to_root,
            "root": ids[anc],
            "children": children,
            "descendants": size - 1,
            "depth": height,
            "came_by_referral": came_by_referral,
        },
        index=pd.Index(ids, name="client_id"),
    )
    nodes.loc[parent < 0, "parent"] = pd.NA
    return ReferralTree(nodes=nodes, outside=outside, cut=cut)


def generations(tree: ReferralTree) -> pd.DataFrame:
    """Clients per generation: columns ``generation`` (0 = came another way) and ``clients``."""
    counts = tree.nodes["generation"].value_counts().sort_index()
    return pd.DataFrame({"generation": counts.index.to_numpy(dtype=np.int64),
                         "clients": counts.to_numpy(dtype=np.int64)})


def lineages(tree: ReferralTree, clients: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The ``top`` clients whose referrals brought the most clients (all generations).

    Columns: ``client_id``, ``name``, ``owner``, ``generation``, ``children`` (referred
    directly), ``descendants`` (all generations below), ``depth`` (generations below).
    Clients without descendants are left out; ties go to the earlier client id.
    """
    if top < 1:
        raise ValueError(f"top must be a positive whole number, got {top!r}")
    nodes = tree.nodes[tree.nodes["descendants"] > 0]
    best = nodes.sort_values(["descendants", "children"], ascending=False, kind="stable")
    best = best.head(top)
    info = clients.set_index("id").reindex(best.index)
    return pd.DataFrame({
        "client_id": best.index.to_numpy(),
        "name": info["name"].to_numpy(),
        "owner": info["owner"].to_numpy(),
        "generation": best["generation"].to_numpy(),
        "children": best["children"].to_numpy(),
        "descendants": best["descendants"].to_numpy(),
        "depth": best["depth"].to_numpy(),
    })


def top_of_tree(tree: ReferralTree, max_nodes: int = 300, max_lineages: int = 12) -> pd.DataFrame:
    """The part of the forest worth drawing: the ``max_lineages`` largest lineages (roots with
    the most descendants), generation by generation, at most ``max_nodes`` clients; a shown
    client's referrer is always shown too.

    Returns ``tree.nodes`` rows (same columns, indexed by client id) plus ``lineage_rank``
    (0 = the largest lineage).
    """
    if max_nodes < 1 or max_lineages < 1:
        raise ValueError(f"max_nodes and max_lineages must be positive, got {max_nodes!r}, "
                         f"{max_lineages!r}")
    nodes = tree.nodes
    roots = nodes[(nodes["generation"] == 0) & (nodes["descendants"] > 0)]
    roots = roots.sort_values("descendants", ascending=False, kind="stable").head(max_lineages)
    rank = pd.Series(np.arange(len(roots)), index=roots.index)
    chosen = nodes[nodes["root"].isin(rank.index)].copy()
    chosen["lineage_rank"] = rank.reindex(chosen["root"].to_numpy()).to_numpy()
    # Parents come before their children in (lineage, generation) order: a prefix is a tree.
    chosen = chosen.sort_values(["generation", "lineage_rank", "descendants"],
                                ascending=[True, True, False], kind="stable")
    return chosen.head(max_nodes)
