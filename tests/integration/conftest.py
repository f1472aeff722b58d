"""Fixtures that start a real knlite daemon per test module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.engines import Receiver
from tests.harness import Knlite


@pytest.fixture(scope="module")
def knlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Knlite]:
    k = Knlite(Path(tmp_path_factory.mktemp("knlite")))
    k.start()
    try:
        yield k
    finally:
        k.stop()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """An HTTP subscriber in the test process (it outlives a killed daemon)."""
    r = Receiver()
    yield r
    r.close()
