"""Translation catalogs, one module per area; see :mod:`refdash.i18n`."""
