"""The built-in sample apps behind the seed's image names (see ``serving/runtime/images.py``).

Each module runs as its own process (``python -P -m knlite.samples.<name>``), so they import
only the standard library, ``httptools``, :mod:`knlite.samples._http` and the SDK-free half of
:mod:`knlite.eventing.cloudevents` — start-up time is a cold start's critical path. Keep this
package's ``__init__`` free of imports.
"""
