"""The client store: the only package of refdash that speaks SQL.

A store is a SQLite file in WAL mode, opened through ``sqlite-utils`` with a new connection per
call (Streamlit reruns on other threads, so a connection is never cached or shared). Dates are
stored as ISO text (``YYYY-MM-DD``) and read back as pandas ``datetime64[ns]``.

Modules: :mod:`~refdash.data.store.schema` (tables, migrations, identity checks, opening),
:mod:`~refdash.data.store.reads`, :mod:`~refdash.data.store.writes` (single rows, bulk frames,
saved mappings), :mod:`~refdash.data.store.upsert` (imports), :mod:`~refdash.data.store.backup`,
:mod:`~refdash.data.store.explain` (SQLite's refusals as :class:`RefdashError`),
:mod:`~refdash.data.store.failures` (damaged, full, unreadable files). This package
re-exports their public names: ``from refdash.data import store; store.read_clients(path)``.

Every refusal is a :class:`refdash.errors.RefdashError` with a ``store.<reason>`` code;
``StoreError`` is kept as its other name for callers that catch it.
"""

from refdash.data.store.backup import backup, checkpoint, dump_checksum, restore, write_failed
from refdash.data.store.edits import put_event_back, read_event, remove_event, update_event
from refdash.data.store.reads import (
    PortfolioTables,
    SavedMapping,
    StoreInfo,
    client_external_ids,
    export_tables,
    get_meta,
    info,
    list_mappings,
    read_clients,
    read_demo_truth,
    read_events,
    read_portfolio,
    read_referrals,
)
from refdash.data.store.schema import (
    APPLICATION_ID,
    CLIENT_COLUMNS,
    DEFAULT_SPHERE_SIZE,
    EVENT_COLUMNS,
    EVENT_KINDS,
    MAPPING_KINDS,
    MIGRATIONS,
    REFERRAL_COLUMNS,
    REFERRAL_STATUSES,
    PAGE_SIZE,
    SCHEMA_VERSION,
    connect,
    default_store_path,
    migrate,
    snapshot,
    store_signature,
    transaction,
)
from refdash.data.store.upsert import (
    IMPORT_CACHE_KIB,
    IMPORT_CHUNK,
    IMPORT_COLUMNS,
    IMPORT_KINDS,
    ImportCounts,
    import_rows,
)
from refdash.data.store.writes import (
    add_client,
    add_event,
    add_referral,
    bulk_insert,
    create_store,
    delete_entry,
    delete_mapping,
    save_mapping,
    set_meta,
)
from refdash.errors import RefdashError

#: The store's errors are refdash's one error type (codes ``store.<reason>``).
StoreError = RefdashError

__all__ = [
    "APPLICATION_ID", "CLIENT_COLUMNS", "DEFAULT_SPHERE_SIZE", "EVENT_COLUMNS", "EVENT_KINDS",
    "IMPORT_CACHE_KIB", "IMPORT_CHUNK", "IMPORT_COLUMNS", "IMPORT_KINDS", "MAPPING_KINDS", "MIGRATIONS",
    "PAGE_SIZE", "REFERRAL_COLUMNS", "REFERRAL_STATUSES", "SCHEMA_VERSION", "ImportCounts",
    "PortfolioTables", "RefdashError", "SavedMapping", "StoreError", "StoreInfo", "add_client",
    "add_event", "add_referral", "backup", "bulk_insert", "checkpoint", "client_external_ids",
    "connect", "create_store", "default_store_path", "delete_entry", "delete_mapping",
    "dump_checksum",
    "export_tables", "get_meta", "import_rows", "info", "list_mappings", "migrate",
    "read_clients", "read_demo_truth", "read_events", "read_portfolio", "read_referrals",
    "restore", "save_mapping", "set_meta", "snapshot", "store_signature", "transaction",
    "write_failed", "read_event", "update_event", "remove_event", "put_event_back",
]
