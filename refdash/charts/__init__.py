"""Plotly figures, one module per area; colours in :mod:`palette`, shared styling in :mod:`style`."""
