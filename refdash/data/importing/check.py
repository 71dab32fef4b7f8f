"""Checking the rows of a file: :func:`prepare` parses dates, numbers, kinds and statuses
and checks every row against the rules and the store, vectorised over whole columns (no loop
over rows). One function per kind (:func:`_clients`, :func:`_events`, :func:`_referrals`)
on top of shared checks; the result holds the valid rows in the store's import shape and
every problem by file row and column."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from refdash.data import store
from refdash.data.importing import activities
from refdash.data.importing.mapping import DROP, KEEP, check_mapping, complete_mapping
from refdash.data.importing.parse import (
    KIND_WORDS,
    STATUS_WORDS,
    Factors,
    parse_booleans,
    parse_codes,
    parse_codes_coded,
    parse_dates,
    parse_numbers,
    text_isin,
)
from refdash.data.importing.read import Table

PROBLEM_COLUMNS = ("row", "column", "value", "code", "detail")
#: Characters of a name (of a client, a company, an owner, a prospect) at most: longer ones
#: are refused (a 3,000-character name is a pasted document, not a name).
MAX_NAME_CHARS = 200
#: The largest sphere size (people a client knows) accepted: past it, a typo or an attack.
MAX_SPHERE_SIZE = 1_000_000
#: Fields holding a person's or a company's name: bidirectional controls are removed
#: from them, and their length is bounded.
NAME_FIELDS = ("name", "first_name", "last_name", "company", "owner", "prospect_name")
#: Right-to-left and left-to-right embeddings, overrides and isolates (U+202A-U+202E,
#: U+2066-U+2069): they make a name display as another ("Ann\u202egnissecorp").
BIDI_CONTROLS = "[\u202a-\u202e\u2066-\u2069]"


@dataclass(frozen=True)
class Prepared:
    """The outcome of :func:`prepare`: valid rows in the store's import shape, and every
    problem found (one line per cell, with the file row and the file column)."""

    kind: str
    file_name: str
    rows: pd.DataFrame
    update_columns: tuple[str, ...]
    problems: pd.DataFrame
    rejected: pd.DataFrame
    total: int
    date_formats: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    #: Activities: the ids of the events the import takes back (see activities.finish).
    retract: tuple[str, ...] = ()

    @property
    def valid(self) -> int:
        return len(self.rows)

    @property
    def rejected_count(self) -> int:
        return len(self.rejected)

    @property
    def writes_anything(self) -> bool:
        """Whether importing writes something: valid rows, or evidence an updated
        activities export takes back (an export of only rescheduled tasks)."""
        return bool(self.valid or self.retract)


class _Checker:
    """Collects problem masks column by column, then builds the problems frame once."""

    def __init__(self, table: Table, columns_of: dict[str, str]) -> None:
        self.table = table
        self.columns_of = columns_of  # field -> file column
        self.parts: list[pd.DataFrame] = []

    def add(self, mask: pd.Series, fld: str, code: str, detail: str = "",
            column: str | None = None) -> None:
        """Record problem ``code`` for the rows of ``mask`` in the column of ``fld``."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        col = column or self.columns_of.get(fld, fld)
        values = (self.table.frame.loc[mask, col] if col in self.table.frame.columns
                  else pd.Series("", index=mask[mask].index))
        self.parts.append(pd.DataFrame({
            "index": mask[mask].index, "row": self.table.rows[mask].to_numpy(), "column": col,
            "value": values.astype("str").to_numpy(), "code": code, "detail": detail,
        }))

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame({"index": pd.Series(dtype="int64"),
                                 **{c: pd.Series(dtype="int64" if c == "row" else "str")
                                    for c in PROBLEM_COLUMNS}})
        out = pd.concat(self.parts, ignore_index=True)
        return out.sort_values(["row", "column"], kind="stable").reset_index(drop=True)


class _Rows:
    """The cells of one file under one mapping, and what checking them collects: the
    output columns, the problems, the date formats found and notes for the user."""

    def __init__(self, table: Table, mapping: dict[str, str], known: pd.Index,
                 today: pd.Timestamp, day_first: bool | None,
                 links: pd.Series | None = None) -> None:
        self.table, self.frame = table, table.frame
        self.columns_of = {t: h for h, t in mapping.items() if t not in (KEEP, DROP)}
        self.checker = _Checker(table, self.columns_of)
        self.known, self.today, self.day_first = known, today, day_first
        self.links = links if links is not None else pd.Series(dtype="str")
        self._empty: pd.Series | None = None
        #: Each name field's cells once cleaned: a check asks for a field several times
        #: (a clients file's name, company and owner: 12 regular-expression passes, 70 ms
        #: of 100,000 rows' 200 ms check, instead of 4).
        self._cleaned: dict[str, pd.Series] = {}
        self.out = pd.DataFrame(index=self.frame.index)
        self.formats: dict[str, str] = {}
        self.notes: list[str] = []
        #: Output columns known as codes into their distinct values (see _content_ids).
        self.factors: dict[str, Factors] = {}

    def get(self, fld: str) -> pd.Series:
        """The cells of the column mapped to ``fld`` (empty text where none is); names
        without their bidirectional controls."""
        header = self.columns_of.get(fld)
        if header not in self.frame.columns:
            if self._empty is None:  # made once, and only for a field left unmapped
                self._empty = pd.Series("", index=self.frame.index, dtype="str")
            return self._empty
        cells = self.frame[header]
        if fld not in NAME_FIELDS:
            return cells
        if fld not in self._cleaned:
            cleaned = cells.str.replace(BIDI_CONTROLS, "", regex=True).str.strip()
            if "bidi_removed" not in self.notes and bool(cleaned.ne(cells).any()):
                self.notes.append("bidi_removed")
            self._cleaned[fld] = cleaned
        return self._cleaned[fld]

    def named(self, fld: str, values: pd.Series | None = None,
              column: str | None = None) -> pd.Series:
        """The names of ``fld`` (or ``values``), those over :data:`MAX_NAME_CHARS` refused."""
        values = self.get(fld) if values is None else values
        self.add(values.str.len() > MAX_NAME_CHARS, fld, "name_too_long",
                 detail=str(MAX_NAME_CHARS), column=column)
        return values

    def add(self, mask: pd.Series, fld: str, code: str, detail: str = "",
            column: str | None = None) -> None:
        self.checker.add(mask, fld, code, detail=detail, column=column)

    def required(self, fld: str) -> pd.Series:
        values = self.get(fld)
        self.add(values.eq(""), fld, "missing")
        return _blanks_as_na(values)

    def optional(self, fld: str) -> pd.Series:
        return _blanks_as_na(self.get(fld))

    def dated(self, fld: str) -> pd.Series:
        """Dates of ``fld``: missing, unreadable and future ones are problems."""
        parsed = parse_dates(self.get(fld), day_first=self.day_first)
        self.add(self.get(fld).eq(""), fld, "missing")
        self.add(parsed.bad, fld, "bad_date")
        self.add(parsed.values > self.today, fld, "future_date",
                 detail=self.today.date().isoformat())
        self.formats[self.columns_of[fld]] = parsed.formats
        return parsed.values

    def known_client(self, fld: str, column: str | None = None) -> pd.Series:
        """Whether each non-empty cell of ``fld`` names a client of the store: asked of
        each distinct cell (a million rows name some thousands of clients). The cells'
        codes are kept as the :attr:`factors` of output ``column`` when given (its
        values, or NA for an empty cell: the same texts to :func:`_content_ids`)."""
        values = self.get(fld)
        codes, uniques = pd.factorize(values)
        distinct = pd.Series(np.asarray(uniques, dtype=object), dtype="str")
        found = text_isin(distinct, self.known).to_numpy()
        # A missing cell (code -1) names no client, as text_isin says of it.
        known = (np.where(codes >= 0, found[codes], False) if len(found)
                 else np.zeros(len(codes), dtype=bool))
        self.add(values.ne("") & ~pd.Series(known, index=values.index), fld, "unknown_client")
        if column is not None and len(found) and bool((codes >= 0).all()):
            self.factors[column] = Factors(codes, distinct.to_numpy(dtype=object))
        return values


def _clients(r: _Rows, default_owner: str | None) -> None:
    """Clients: an id, a name (or first and last name, or the company), an owner, a start
    date; a sphere size and a referrer when mapped."""
    out, get = r.out, r.get
    out["external_id"] = r.required("external_id")
    r.add(_duplicated(get("external_id")), "external_id", "duplicate_id")
    person = (get("first_name") + " " + get("last_name")).str.strip()
    name = get("name").where(get("name").ne(""), person)
    name = name.where(name.ne(""), get("company"))
    name_col = next((r.columns_of[f] for f in ("name", "last_name", "first_name", "company")
                     if f in r.columns_of), None)
    r.add(name.eq(""), "name", "missing", column=name_col)
    out["name"] = r.named("name", name, column=name_col)
    out["company"] = r.optional("company")
    r.named("company")
    out["email"] = r.optional("email")
    owner = get("owner")
    if default_owner and default_owner.strip():
        owner = owner.where(owner.ne(""), default_owner.strip())
    r.add(owner.eq(""), "owner", "missing", column=r.columns_of.get("owner"))
    out["owner"] = r.named("owner", owner, column=r.columns_of.get("owner"))
    out["start_date"] = r.dated("start_date")
    if "sphere_size" in r.columns_of:
        size, bad = parse_numbers(get("sphere_size"), integer=True)
        r.add(bad, "sphere_size", "bad_integer")
        r.add(size.notna() & (size <= 0), "sphere_size", "not_positive")
        # Compared before the cast: 1e300 or twenty nines overflow a 64-bit integer.
        too_big = size.notna() & (size > MAX_SPHERE_SIZE)
        r.add(too_big, "sphere_size", "too_large", detail=f"{MAX_SPHERE_SIZE}")
        out["sphere_size"] = size.where(~too_big).astype("Int64")
    if "referred_by" in r.columns_of:
        ref = get("referred_by")
        in_file = text_isin(ref, get("external_id"))
        r.add(ref.ne("") & ~text_isin(ref, r.known) & ~in_file, "referred_by",
              "unknown_client")
        r.add(ref.ne("") & ref.eq(get("external_id")), "referred_by", "self_referral")
        on_cycle, cycles = _referral_cycles(get("external_id"), ref, r.links)
        for text, mask in cycles.items():
            r.add(mask & on_cycle, "referred_by", "referral_cycle", detail=text)
        out["referred_by_external_id"] = r.optional("referred_by")


def _events(r: _Rows) -> None:
    """Events: a kind (in any of our languages) and, for a satisfaction, a score 0-10."""
    get, cols = r.get, r.columns_of
    codes, bad, factors = parse_codes_coded(get("kind"), KIND_WORDS, "data.kind")
    r.add(get("kind").eq(""), "kind", "missing")
    r.add(bad, "kind", "bad_kind", detail=", ".join(store.EVENT_KINDS))
    r.out["kind"] = codes
    score, bad_score = parse_numbers(get("score"))
    r.add(bad_score, "score", "bad_number", column=cols.get("score", "score"))
    r.add(score.notna() & ~score.between(0, 10), "score", "score_range")
    if factors is None:
        is_sat = codes.eq("satisfaction").fillna(False).astype(bool)
        has_code = codes.notna()
    else:  # asked of the few distinct kinds: comparing a million Python strings is slow
        is_sat = pd.Series((factors.values == "satisfaction")[factors.codes], index=codes.index)
        has_code = pd.Series(pd.notna(factors.values)[factors.codes], index=codes.index)
        r.factors["kind"] = factors
    r.add(is_sat & get("score").eq("") & ~bad_score, "score", "missing_score",
          column=cols.get("score", cols["kind"]))
    r.add(~is_sat & has_code & score.notna(), "score", "score_not_allowed")
    r.out["score"] = score.where(is_sat)
    r.out["note"] = r.optional("note")


def _referrals(r: _Rows) -> None:
    """Referrals: a prospect, whether it was solicited, an outcome, and the client a
    converted referral became."""
    get, cols, out = r.get, r.columns_of, r.out
    out["prospect_name"] = r.required("prospect_name")
    r.named("prospect_name")
    if "solicited" in cols:
        solicited, bad = parse_booleans(get("solicited"))
        r.add(bad, "solicited", "bad_bool")
    else:
        solicited = pd.Series(False, index=r.frame.index)
        r.notes.append("solicited_default")
    out["solicited"] = solicited.astype(bool)
    converted = get("converted_client")
    status, bad = parse_codes(get("status"), STATUS_WORDS, "data.status")
    r.add(bad, "status", "bad_status", detail=", ".join(store.REFERRAL_STATUSES))
    default_status = pd.Series(np.where(converted.ne(""), "converted", "open"),
                               index=r.frame.index)
    status = status.where(status.notna(), default_status)
    is_conv = status.eq("converted")
    r.add(is_conv & converted.eq(""), "converted_client", "missing_converted",
          column=cols.get("converted_client", cols.get("status")))
    r.add(~is_conv & converted.ne("") & ~bad, "converted_client", "not_converted")
    r.known_client("converted_client")
    r.add(converted.ne("") & converted.eq(get("client")), "converted_client",
          "converted_is_referrer")
    out["status"] = status
    out["converted_client_external_id"] = converted.where(is_conv & converted.ne(""), None)


def _referral_cycles(ids: pd.Series, referrers: pd.Series, links: pd.Series
                     ) -> tuple[pd.Series, dict[str, pd.Series]]:
    """Rows whose referral chain comes back to them (A referred by B referred by A, or
    longer), through the file's rows and the store's links (``links``: referrer by
    client id, the file's rows taking precedence); and, for each cycle, its text
    (``A → B → A``) and the rows on it. A client referring themselves is told apart
    (``self_referral``).

    Vectorised: the ``2**k``-th referrer of every client by pointer jumping (k up to
    log2 of the number of clients), so a chain of a million links takes 21 steps."""
    filled = ids.ne("") & referrers.ne("") & ids.ne(referrers) & ~ids.duplicated(keep=False)
    parent_of = pd.concat([links[links.ne("")].astype("str"),
                           pd.Series(referrers[filled].to_numpy(), index=ids[filled].to_numpy(),
                                     dtype="str")])
    parent_of = parent_of[~parent_of.index.duplicated(keep="last")]
    names = pd.Index(parent_of.index.union(pd.Index(parent_of.to_numpy())).unique())
    n = len(names)
    if not filled.any() or n == 0:
        return pd.Series(False, index=ids.index), {}
    parent = np.arange(n + 1)  # n: the root, every chain's end, its own parent
    parent[:n] = n
    parent[names.get_indexer(parent_of.index)] = names.get_indexer(parent_of.to_numpy())
    ancestor = parent.copy()
    for _ in range(int(np.ceil(np.log2(n + 1))) + 1):
        ancestor = ancestor[ancestor]
    on_cycle = np.zeros(n + 1, dtype=bool)
    texts: dict[int, str] = {}
    for start in np.unique(ancestor[ancestor != n]):  # one node of each cycle
        if on_cycle[start]:
            continue
        members = [int(start)]
        while (nxt := int(parent[members[-1]])) != start:  # walks the cycle once
            members.append(nxt)
        on_cycle[members] = True
        text = " → ".join(str(names[m]) for m in [*members, members[0]])
        texts.update(dict.fromkeys(members, text))
    at = names.get_indexer(ids)
    row_on = pd.Series(np.where(at >= 0, on_cycle[at], False), index=ids.index) & filled
    by_text: dict[str, pd.Series] = {}
    for i in np.flatnonzero(row_on.to_numpy()):
        text = texts[int(at[i])]
        by_text.setdefault(text, pd.Series(False, index=ids.index)).iloc[i] = True
    return row_on, by_text


def _of_a_client(r: _Rows, kind: str) -> None:
    """What events and referrals share: the client they belong to, a date, and an id
    (given, or made from what the row says)."""
    r.out["client_external_id"] = r.required("client")
    r.known_client("client", column="client_external_id")
    r.out["date"] = r.dated("date")
    (_events if kind == "events" else _referrals)(r)
    if "external_id" not in r.columns_of:  # no id column: every row gets a content id
        r.out["external_id"] = _content_ids(kind, r.out, r.factors)
        return
    ext = r.get("external_id")
    r.add(_duplicated(ext) & ext.ne(""), "external_id", "duplicate_id")
    r.out["external_id"] = ext.where(ext.ne(""), _content_ids(kind, r.out, r.factors))


def prepare(
    table: Table,
    kind: str,
    mapping: dict[str, str],
    known_clients: pd.Series | Sequence[str] = (),
    as_of: object = None,
    default_owner: str | None = None,
    day_first: bool | None = None,
    rules: activities.ActivityRules | None = None,
    known_referrers: pd.Series | None = None,
) -> Prepared:
    """Parse and check every row of ``table`` as ``kind`` under ``mapping``.

    ``known_clients`` are the external ids of the store's clients (for references);
    ``as_of`` is today (dates after it are refused); ``default_owner`` fills an empty or
    unmapped owner; ``rules`` are the activities' settings (grace days...);
    ``known_referrers`` the store's referral links (the referrer's id by client id), so
    that a referral cycle through the store is found too. Raises
    :class:`~refdash.errors.RefdashError` when the mapping itself is unusable; problems of
    single rows are listed in the result, never raised.
    """
    mapping = complete_mapping(mapping, table.headers)
    check_mapping(mapping, kind, default_owner)
    today = pd.Timestamp(as_of if as_of is not None else pd.Timestamp.today()).normalize()
    known = pd.Index(pd.Series(list(known_clients), dtype="str"))
    r = _Rows(table, mapping, known, today, day_first, known_referrers)
    rules = rules or activities.ActivityRules()
    if kind == "clients":
        _clients(r, default_owner)
    elif kind == "activities":
        activities.check_rows(r, rules)
    else:
        _of_a_client(r, kind)
    r.out["extra"] = _extras(r.frame, [h for h, t in mapping.items() if t == KEEP])
    problems = r.checker.frame()
    if kind == "clients" and "referred_by" in r.columns_of:
        problems = _reject_orphans(problems, r.checker, r.get("external_id"),
                                   r.get("referred_by"), known)
    prepared = _prepared(r, kind, mapping, problems, bool(default_owner))
    if kind == "activities":  # the valid activities as the events they are evidence of
        rows, retract = activities.finish(prepared.rows, today, rules)
        prepared = replace(prepared, rows=rows, retract=retract)
    return prepared


def _prepared(r: _Rows, kind: str, mapping: dict[str, str], problems: pd.DataFrame,
              default_owner: bool) -> Prepared:
    """Split the rows into valid ones (in the store's shape) and rejected ones (as in the
    file, with their row number)."""
    frame = r.frame
    rejected_mask = frame.index.isin(pd.Index(problems["index"].unique()))
    rejected = frame[rejected_mask].copy()
    rejected.insert(0, _free_name("row", rejected.columns), r.table.rows[rejected_mask])
    mapped_fields = {t for t in mapping.values() if t not in (KEEP, DROP)}
    # Every row valid (the usual file): no copy of every column through a mask.
    rows = r.out[~rejected_mask] if len(problems) else r.out
    return Prepared(
        kind=kind, file_name=r.table.file_name,
        rows=rows.reset_index(drop=True),
        update_columns=_update_columns(kind, mapped_fields, default_owner),
        problems=problems.drop(columns="index"),
        rejected=rejected.reset_index(drop=True),
        total=len(frame), date_formats=r.formats, notes=tuple(r.notes),
    )


def _free_name(name: str, taken: Sequence[str]) -> str:
    """``name``, or ``name`` marked as refdash's when the file has a column of that name."""
    return name if name not in taken else f"{name} (refdash)"


def _blanks_as_na(values: pd.Series) -> pd.Series:
    """``values.where(values.ne(""), None)``: empty cells as missing. In Arrow for Arrow
    text, where pandas' ``where`` rebuilds the column through a mask (a few hundredths of a
    second a million cells); the column itself when it has no empty cell."""
    if not isinstance(values.array, pd.arrays.ArrowStringArray):
        return values.where(values.ne(""), None)
    column = pa.chunked_array(pa.array(values, from_pandas=True))
    blank = pc.equal(column, "")
    if not pc.any(blank).as_py():
        return values
    kept = pc.if_else(blank, pa.scalar(None, column.type), column)
    return pd.Series(kept, index=values.index, dtype=values.dtype, name=values.name)


def _duplicated(values: pd.Series) -> pd.Series:
    """Every occurrence of a value that appears more than once (empty cells excluded)."""
    return values.duplicated(keep=False) & values.ne("")


def _reject_orphans(problems: pd.DataFrame, checker: _Checker, ids: pd.Series,
                    referrers: pd.Series, known: pd.Index) -> pd.DataFrame:
    """A client referred by a rejected row of the same file (and not by a client of the
    store) is rejected too; repeated until no chain is left (once per chain step)."""
    bad = ids.index.isin(problems["index"])
    while True:
        rejected_ids = pd.Index(ids[bad])
        orphan = (referrers.ne("") & text_isin(referrers, rejected_ids)
                  & ~text_isin(referrers, known)
                  & ~pd.Series(bad, index=ids.index))
        if not orphan.any():
            return checker.frame()
        checker.add(orphan, "referred_by", "referrer_rejected")
        bad = bad | orphan.to_numpy()


def _content_ids(kind: str, out: pd.DataFrame,
                 factors: dict[str, Factors] | None = None) -> pd.Series:
    """Stable ids for rows the file gave none: a hash of what the row says, numbered when
    the same row appears several times, so importing the file again adds nothing.

    Each field is hashed as text with SipHash-2-4 (pandas' ``hash_array``) under two fixed
    keys, the fields mixed FNV-style into two 64-bit words (128 bits in all); each distinct
    value of a column is hashed once (``factors``: columns already known as codes into
    their distinct values, not factorised again).
    """
    cols = (["client_external_id", "date", "kind", "score", "note"] if kind == "events"
            else ["client_external_id", "date", "prospect_name"])
    factors = factors or {}
    n = len(out)
    # Both words side by side, one row each: one gather per column for the two keys.
    words = np.zeros((n, 2), dtype=np.uint64)
    prime = np.uint64(0x100000001B3)
    for c in cols:
        col = out[c] if c in out else pd.Series("", index=out.index)
        if c in factors:
            codes, texts = factors[c].codes, _texts_of(factors[c].values, col)
        else:
            codes, texts = _distinct_texts(col)
        hashed = np.stack([pd.util.hash_array(texts, hash_key=key, categorize=False)
                           for key in ("refdash-rowid-k1", "refdash-rowid-k2")], axis=1)
        with np.errstate(over="ignore"):
            words *= prime
            words ^= np.take(hashed, codes, axis=0)  # a fifth of hashed[codes]
    first, second = np.ascontiguousarray(words[:, 0]), np.ascontiguousarray(words[:, 1])
    nth = occurrences(first, second)
    # Decimal text of the three numbers, joined in Arrow (one pass, not five); a row seen
    # once (nearly all of them) numbered by a constant "0", not a cast of a million zeros.
    numbers = pa.array(nth).cast(pa.string()) if nth.any() else pa.scalar("0")
    texts = pc.binary_join_element_wise(pa.array(first).cast(pa.string()),
                                        pa.array(second).cast(pa.string()), numbers, "-")
    # The prefix put in by a slice replacement: a third of the time of another join.
    ids = pc.utf8_replace_slice(texts, 0, 0, "auto:")
    return pd.Series(ids, index=out.index, dtype=pd.StringDtype(na_value=np.nan))


def _distinct_texts(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The code of each row's value and the text of each distinct value (NA as ``""``,
    dates as ISO days): what :func:`_content_ids` hashes, each distinct value once."""
    codes, uniques = pd.factorize(col, use_na_sentinel=False)
    return codes, _texts_of(uniques, col)


def _texts_of(uniques: np.ndarray | pd.Index, col: pd.Series) -> np.ndarray:
    """The texts :func:`_content_ids` hashes for the distinct values of ``col``."""
    if pd.api.types.is_datetime64_any_dtype(col):
        texts = pd.DatetimeIndex(uniques).strftime("%Y-%m-%d")
    else:
        texts = pd.Index(uniques).astype("str")
    return np.asarray(pd.Series(texts).fillna("").to_numpy(dtype=object), dtype=object)


#: Buckets of :func:`occurrences`' first sieve at most (32 MB of counts).
MAX_SIEVE_BUCKETS = 1 << 22


def occurrences(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """How many earlier rows have the same pair of 64-bit keys (0 for the first of its
    kind): ``groupby([first, second]).cumcount()``.

    Rows are first sieved by bits of their first key (a count per bucket): a row alone in
    its bucket has a first key no other row has. Only the others, a twentieth of the rows
    of a million content ids, are sorted (:func:`_sorted_occurrences`)."""
    n = len(first)
    nth = np.zeros(n, dtype=np.int64)
    if n < 2:
        return nth
    buckets = min(MAX_SIEVE_BUCKETS, 1 << max((4 * n - 1).bit_length(), 10))
    shared = np.arange(n)
    # Twice, on two sets of bits: the second sieve keeps a fifth of what the first kept.
    for shift in (0, 32):
        low = ((first[shared] >> np.uint64(shift)) & np.uint64(buckets - 1)).astype(np.intp)
        shared = shared[np.bincount(low, minlength=buckets)[low] > 1]
    if len(shared):  # in file order still: each row's earlier twins are among them
        nth[shared] = _sorted_occurrences(first[shared], second[shared])
    return nth


def _sorted_occurrences(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """:func:`occurrences` by one stable sort of the pairs."""
    n = len(first)
    # Sorting on the first key alone is twice as fast and enough, unless some first keys
    # come with several second keys (then the pairs need sorting on both).
    order = np.argsort(first, kind="stable")  # stable: equal pairs keep their file order
    a, b = first[order], second[order]
    if np.any((a[1:] == a[:-1]) & (b[1:] != b[:-1])):
        order = np.lexsort((second, first))
        a, b = first[order], second[order]
    new = np.ones(n, dtype=bool)
    new[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    at = np.arange(n)
    nth = np.empty(n, dtype=np.int64)
    nth[order] = at - np.maximum.accumulate(np.where(new, at, 0))
    return nth


def _extras(frame: pd.DataFrame, keep: list[str]) -> pd.Series:
    """The kept columns of each row as compact JSON (empty cells left out by the store)."""
    if not keep:
        return pd.Series(None, index=frame.index, dtype="object")
    part = frame[keep].astype(object).where(frame[keep].ne(""), None)
    lines = part.to_json(orient="records", lines=True, force_ascii=False)
    lines = re.sub(r"(?<!\\)((?:\\\\)*)\\/", r"\1/", lines)
    values = pd.Series(lines.rstrip("\n").split("\n"), index=frame.index, dtype="object")
    all_empty = part.isna().all(axis=1)
    return values.where(~all_empty, None)


def _update_columns(kind: str, fields: set[str], default_owner: bool) -> tuple[str, ...]:
    """The store columns an existing row may take from this file: only those it maps."""
    if kind == "activities":  # an updated export (a task since done) may change all of it
        return ("client_external_id", "date", "kind", "note", "score")
    to_column = {
        "clients": {"name": "name", "first_name": "name", "last_name": "name",
                    "company": "company", "email": "email", "owner": "owner",
                    "start_date": "start_date", "sphere_size": "sphere_size",
                    "referred_by": "referred_by_external_id"},
        "events": {"client": "client_external_id", "date": "date", "kind": "kind",
                   "score": "score", "note": "note"},
        "referrals": {"client": "client_external_id", "date": "date",
                      "prospect_name": "prospect_name", "solicited": "solicited",
                      "status": "status", "converted_client": "status"},
    }[kind]
    # A client named after their company (the file has no person's name) keeps the name
    # they have in the store: only a file with a name column renames a client.
    cols = {to_column[f] for f in fields if f in to_column}
    if kind == "events" and "kind" in cols:
        cols.add("score")  # a kind and its score change together (the store checks the pair)
    if kind == "referrals" and "status" in cols:
        cols.add("converted_client_external_id")
    return tuple(sorted(cols))
