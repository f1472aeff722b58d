"""The built-in sample apps behind the seed's image names (see ``serving/runtime/images.py``).

Each module runs as its own process (``python -P -m knlite.samples.<name>``), so they import
only the standard library, ``httptools`` and :mod:`knlite.samples._http` — start-up time is a
cold start's critical path. Keep this package's ``__init__`` free of imports.
"""
