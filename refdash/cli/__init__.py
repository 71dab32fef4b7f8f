"""The command line (``python -m refdash``)."""
