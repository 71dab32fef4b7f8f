"""Reading CRM exports and spreadsheets into checked rows for the store.

Three steps, each usable alone (the Data page shows what each one found; the command line
runs them in a row):

1. :func:`read_table` (:mod:`.read`) turns the bytes of a CSV or XLSX file into a table of
   text cells, or refuses the file with a :class:`~refdash.errors.RefdashError`
   ``import.<reason>`` that says what is wrong.
2. :func:`suggest_mapping` (:mod:`.mapping`) proposes which column of the file feeds which
   field of refdash (headers of HubSpot, Salesforce, Pipedrive, Zoho and French and Italian
   spreadsheets). Unmapped columns are kept with the row as extra attributes unless dropped.
3. :func:`prepare` (:mod:`.check`, with the cell parsers of :mod:`.parse`) checks every row
   against the rules and the store, vectorised, and returns the valid rows in the store's
   import shape and every problem by row and column (:mod:`.report` words them).

:func:`commit` then writes the valid rows through :func:`refdash.data.store.import_rows` (one
transaction, upsert on the external id); :func:`import_file` runs all of it. Row numbers
count the header as row 1, as a spreadsheet does.
"""

from refdash.data.importing.check import PROBLEM_COLUMNS, Prepared, prepare
from refdash.data.importing.commit import (
    ImportResult,
    ProgressFn,
    clients_to_check,
    commit,
    import_file,
    links_to_check,
    referral_links,
)
from refdash.data.importing.mapping import (
    DROP,
    FIELDS,
    KEEP,
    KINDS,
    SYNONYMS,
    Field,
    check_mapping,
    complete_mapping,
    matching_mapping,
    normalise_header,
    suggest_mapping,
)
from refdash.data.importing.parse import (
    EXCEL_EPOCH,
    KIND_WORDS,
    STATUS_WORDS,
    ParsedDates,
    parse_booleans,
    parse_codes,
    parse_dates,
    parse_numbers,
)
from refdash.data.importing.read import (
    DELIMITERS,
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_LINE_CHARS,
    MAX_ROWS,
    PREFERRED_ENCODINGS,
    Table,
    decode,
    read_table,
    sniff_delimiter,
)
from refdash.data.importing.report import describe_problems, rejected_csv
from refdash.errors import RefdashError

#: Import errors are refdash's one error type (codes ``import.<reason>``).
ImportFailure = RefdashError

__all__ = [
    "DELIMITERS", "DROP", "EXCEL_EPOCH", "FIELDS", "KEEP", "KINDS", "KIND_WORDS", "MAX_CELLS",
    "MAX_CELL_CHARS", "MAX_COLUMNS", "MAX_FILE_BYTES", "MAX_LINE_CHARS", "MAX_ROWS",
    "PREFERRED_ENCODINGS", "PROBLEM_COLUMNS", "STATUS_WORDS", "SYNONYMS", "Field",
    "ImportFailure", "ImportResult", "ParsedDates", "Prepared", "ProgressFn", "RefdashError",
    "Table", "check_mapping", "clients_to_check", "commit", "complete_mapping", "decode", "describe_problems",
    "import_file", "links_to_check", "matching_mapping", "normalise_header", "parse_booleans", "parse_codes",
    "parse_dates", "parse_numbers", "prepare", "read_table", "referral_links", "rejected_csv",
    "sniff_delimiter", "suggest_mapping",
]
