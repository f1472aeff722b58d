"""Fixtures for the kn CLI unit tests (see :mod:`tests.unit.cli.fakes`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from knlite.cli.kn import main, output
from tests.unit.cli.fakes import NOW, FakeClient, load_objects


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeClient]:
    """kn commands in this test talk to a FakeClient, with no kubeconfig and a fixed clock."""
    client = FakeClient(load_objects())
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "no-kubeconfig"))
    monkeypatch.setattr(main.Invocation, "client", property(lambda self: client))
    monkeypatch.setattr(output, "current_time", lambda: NOW)
    yield client
