"""refdash: a referral-readiness dashboard for sales leads.

Importing the package turns off numpy's request for transparent huge pages on large arrays
(unless ``NUMPY_MADVISE_HUGEPAGE`` is set): where the kernel compacts memory to find a huge
page at each fault of an ``madvise`` region (``/sys/kernel/mm/transparent_hugepage/defrag``
set to ``madvise``, the common default), the faults cost more than the pages save. On the
2-core machine, the trust and segments models of a 100,000-client store took 6.0–6.2 s with
them and 1.8–2.0 s without (system time 6.7–7.0 s against 1.6 s; two runs each,
2026-12-02). The models allocate arrays of clients by months many times a run.
"""

import os
import sys

if "NUMPY_MADVISE_HUGEPAGE" not in os.environ:
    os.environ["NUMPY_MADVISE_HUGEPAGE"] = "0"  # read by numpy when it is first imported
    if "numpy" in sys.modules:  # already imported (Streamlit imports it before app.py)
        import numpy

        # numpy's own switch for what the variable sets at import; private, hence looked
        # up (absent in some version: the variable alone then serves new processes).
        core = getattr(numpy, "_core", None) or getattr(numpy, "core", None)
        set_madvise = getattr(getattr(core, "multiarray", None), "_set_madvise_hugepage", None)
        if callable(set_madvise):
            set_madvise(False)
