"""The problems of a checked file as the user reads them: a table in their language, and
the rejected rows as a CSV file with the reasons."""

from __future__ import annotations

import pandas as pd

from refdash import i18n
from refdash.data import exporting
from refdash.data.importing.check import Prepared, _free_name


def describe_problems(prepared: Prepared, lang: str) -> pd.DataFrame:
    """The problems as the user reads them: file, row, column, value, what is wrong.

    Messages are filled per problem code, vectorised (no loop over rows)."""
    p = prepared.problems
    out = pd.DataFrame({"file": prepared.file_name, "row": p["row"], "column": p["column"],
                        "value": p["value"], "problem": pd.Series("", index=p.index,
                                                                  dtype="str")})
    for code, idx in p.groupby("code").groups.items():
        marker = "\x00DETAIL\x00"
        text = i18n.translate(f"data.problem.{code}", lang, detail=marker)
        if marker in text:
            before, after = text.split(marker, 1)
            out.loc[idx, "problem"] = before + p.loc[idx, "detail"].astype("str") + after
        else:
            out.loc[idx, "problem"] = text
    return out


def rejected_csv(prepared: Prepared, lang: str) -> bytes:
    """The rejected rows as they were in the file, with a ``reason`` column (every problem
    of the row), as UTF-8 CSV with a BOM so Excel opens the accents right."""
    reasons = describe_problems(prepared, lang)
    reasons = reasons.assign(reason=reasons["column"] + ": " + reasons["problem"])
    joined = reasons.groupby("row")["reason"].agg("; ".join)
    out = prepared.rejected.copy()
    row_col = out.columns[0]
    out[_free_name("reason", out.columns)] = out[row_col].map(joined)
    return exporting.csv_bytes(out)  # spreadsheet-safe: no live formula from the file
