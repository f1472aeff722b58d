"""config-gc's algorithm, table-driven with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from knlite.apis.goduration import HOUR
from knlite.config.types import GCConfig
from knlite.reconciler.gc.reconciler import collectable

NOW = datetime(2024, 6, 1, tzinfo=UTC).timestamp()


def _ts(hours_ago: float) -> str:
    return datetime.fromtimestamp(NOW - hours_ago * 3600, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def rev(name: str, created_h: float, active_h: float | None = None, state: str = "reserve", pinned: bool = False) -> dict:
    ann = {"serving.knative.dev/routingStateModified": _ts(active_h if active_h is not None else created_h)}
    if pinned:
        ann["serving.knative.dev/no-gc"] = "true"
    return {"metadata": {"name": name, "creationTimestamp": _ts(created_h), "annotations": ann,
                         "labels": {"serving.knative.dev/routingState": state}}}


CONFIG = {"status": {"latestReadyRevisionName": "r-latest"}}
OLD = [rev(f"r{i}", 100 + i) for i in range(5)]  # all stale under the defaults


@pytest.mark.parametrize(
    "gc, revisions, deleted",
    [
        (GCConfig(min_non_active_revisions=20), OLD, []),  # at most min kept: nothing to do
        (GCConfig(min_non_active_revisions=2), OLD, ["r4", "r3", "r2"]),  # oldest first, keep 2
        (GCConfig(min_non_active_revisions=0), [*OLD, rev("r-latest", 200), rev("pin", 200, pinned=True),
                                                rev("act", 200, state="active")], ["r4", "r3", "r2", "r1", "r0"]),
        (GCConfig(min_non_active_revisions=0), [rev("young", 1), rev("old", 100)], ["old"]),
        # recently active: not stale even if created long ago
        (GCConfig(min_non_active_revisions=0), [rev("recent", 100, active_h=1)], []),
        # all rules disabled → keep everything
        (GCConfig(None, None, 0, None), OLD, []),
        # only max: keep the newest `max`, regardless of age
        (GCConfig(None, None, 0, 2), [rev("a", 3), rev("b", 2), rev("c", 1)], ["a"]),
        (GCConfig(48 * HOUR, 15 * HOUR, 0, 1), [rev("a", 3), rev("b", 2)], ["a"]),
    ],
)
def test_collectable(gc: GCConfig, revisions: list[dict], deleted: list[str]) -> None:
    doomed, _ = collectable(CONFIG, revisions, gc, NOW)
    assert doomed == deleted


def test_next_check_is_when_the_next_revision_goes_stale() -> None:
    _, next_check = collectable(CONFIG, [rev("young", 47)], GCConfig(min_non_active_revisions=0), NOW)
    assert next_check == pytest.approx(NOW + 3600)
