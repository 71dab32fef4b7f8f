"""The order an import stages its rows in (``upsert.external_id_order``) is the external ids'
UTF-8 byte order, SQLite's BINARY collation, whatever prefixes, lengths and characters the
ids have: held against Python's sort of the encoded texts."""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from refdash.data.store.upsert import external_id_order

#: Ids as CRMs and content ids make them: a shared prefix, then a tail (digits, letters,
#: accents, a NUL byte now and then), some short, some repeated.
PREFIXES = st.sampled_from(["", "auto:", "00T5g0000", "hubspot:activity:", "é"])
TAILS = st.text(alphabet=st.sampled_from("0123456789-abcXYZéü\x00 "), max_size=14)


@settings(max_examples=200, deadline=None)
@given(prefix=PREFIXES, tails=st.lists(TAILS, max_size=60), repeat=st.integers(0, 3))
def test_the_staging_order_is_sqlites_binary_order(prefix, tails, repeat):
    ids = [prefix + tail for tail in tails] + [prefix + t for t in tails[:repeat]]
    order = external_id_order(pa.chunked_array([pa.array(ids, pa.large_string())]))
    got = [ids[i] for i in order.to_pylist()]
    assert got == sorted(ids, key=lambda text: text.encode("utf-8"))
