"""Where ../shared is (the seed document, SEED-EXAMPLES.md, the public test suites).

Next to the repository in a working checkout; a clone elsewhere (CI's clean clone) finds it
through ``KNLITE_SHARED`` or at the workspace's /work/shared.
"""

from __future__ import annotations

import os
from pathlib import Path


def _find() -> Path:
    candidates = [Path(p) for p in (os.environ.get("KNLITE_SHARED"),) if p]
    candidates += [Path(__file__).resolve().parents[2] / "shared", Path("/work/shared")]
    return next((c for c in candidates if c.is_dir()), candidates[-1])


SHARED = _find()
