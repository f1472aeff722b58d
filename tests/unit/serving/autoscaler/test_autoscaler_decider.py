"""The KPA decider: every case of spec §4.6 (Knative's ``scaling/autoscaler_test.go``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from knlite.serving.autoscaler.decider import (
    INVALID,
    Autoscaler,
    DeciderSpec,
    DeciderStatus,
    RevisionMetrics,
    ScaleResult,
    Stat,
    poke_due,
)

T0 = 1_700_000_000.0
UTILIZATION = 0.75  # the Go tests presume TotalValue = TargetValue / 0.75


def go_spec(t: float, tbc: float, **overrides: Any) -> DeciderSpec:
    """``newTestAutoscaler``'s spec: rates 10, threshold 2, stable window 60 s, reachable."""
    base = DeciderSpec(
        target_value=t, total_value=t / UTILIZATION, target_burst_capacity=tbc, panic_threshold=2.0,
        max_scale_up_rate=10.0, max_scale_down_rate=10.0, activator_capacity=150.0, stable_window=60.0,
        reachable=True,
    )
    return replace(base, **overrides)


@dataclass(frozen=True)
class Step:
    ready: int
    stable: float
    panic: float
    desired: int
    ebc: int
    at: float = 0.0  # seconds after T0


@dataclass(frozen=True)
class Row:
    t: float
    tbc: float
    steps: tuple[Step, ...]
    spec: dict[str, Any] = field(default_factory=dict)
    in_panic: tuple[float, int] | None = None  # (seconds since panic started, maxPanicPods)
    update: DeciderSpec | None = None  # applied after the first step


# Spec §4.6, rows 1-18, with Knative's exact numbers (EBC = floor(t/0.75*ready - TBC - panic)).
TABLE = {
    "01-stable-no-change": Row(10, 100, (Step(1, 50, 50, 5, -137),)),
    "02-stable-increase": Row(10, 101, (Step(1, 50, 10, 5, -98), Step(1, 100, 10, 10, -98))),
    "03-no-traffic-at-zero": Row(10, 100, (Step(1, 0, 0, 0, -87),)),
    "04-unlimited-tbc": Row(181, -1, (Step(1, 21, 26, 1, -1),)),
    "05-zero-tbc": Row(10, 0, (Step(1, 50, 49, 5, 0),)),
    "06-already-scaled-no-panic": Row(10, 100, (Step(5, 50, 50, 5, -84),)),
    "07-panic-stable-larger": Row(1, 100, (Step(5, 50, 30, 50, -124),), in_panic=(5, 5)),
    "08-panic-panic-larger": Row(1, 100, (Step(5, 20, 30, 30, -124),), in_panic=(5, 5)),
    "09-small-scale-up-rate": Row(1, 1982, (Step(2, 3, 3.1, 3, -1983),), spec={"max_scale_up_rate": 1.1}),
    "10-small-scale-down-rate": Row(10, 1982, (Step(100, 1, 1, 90, -650),), spec={"max_scale_down_rate": 1.1}),
    "11-unreachable-no-rate-limit-down": Row(10, 1982, (Step(100, 1, 1, 1, -650),),
                                             spec={"max_scale_down_rate": 1.1, "reachable": False}),
    "12-panic-double-pod-count": Row(10, 84, (Step(1, 50, 100, 10, -171),)),
    "13-rate-limit-up": Row(10, 61, (Step(1, 1000, 1001, 10, -1049), Step(10, 1000, 1001, 100, -929))),
    "14-rate-limit-down": Row(10, 61, (Step(100, 1, 1, 10, 1271), Step(10, 1, 1, 1, 71))),
    "15-no-ready-pods-counts-as-one": Row(10, 81, (Step(0, 1000, 888, 10, -969),)),
    "16-activation-scale": Row(10, 75, (Step(1, 0, 0, 0, -62), Step(1, 1, 0, 2, -62)),
                               spec={"activation_scale": 2}),
    "17-rps": Row(10, 100, (Step(1, 100, 99, 10, -186), Step(1, 100, 99, 10, -186, at=61)), spec={"metric": "rps"}),
    "18-update-target": Row(10, 77, (Step(1, 100, 101, 10, -165), Step(10, 100, 101, 100, -159)),
                            update=go_spec(1, 71, activator_capacity=21.0)),
}


@pytest.mark.parametrize("row", TABLE.values(), ids=TABLE.keys())
def test_decider_table(row: Row) -> None:
    a = Autoscaler(go_spec(row.t, row.tbc, **row.spec), 1, clock=lambda: T0)
    if row.in_panic:
        a.panic_time, a.max_panic_pods = T0 - row.in_panic[0], row.in_panic[1]
    for i, step in enumerate(row.steps):
        if i == 1 and row.update:
            a.update(row.update)
        got = a.scale(step.ready, step.stable, step.panic, T0 + step.at)
        assert got == ScaleResult(step.desired, step.ebc, True), f"step {i}"


def test_panic_then_unpanic_scale_down() -> None:
    a = Autoscaler(go_spec(10, 93), 1, clock=lambda: T0)
    assert a.scale(1, 100, 100, T0 - 2) == ScaleResult(10, -180, True)
    assert a.scale(10, 100, 1000, T0) == ScaleResult(100, -960, True)
    assert a.panic_time == T0
    # Traffic dropped, but panic mode never scales down.
    assert a.scale(10, 1, 1, T0 + 30) == ScaleResult(100, 39, True)
    assert a.panicking
    # A stable window after the last over-threshold decision: back to stable mode.
    assert a.scale(10, 1, 1, T0 + 61) == ScaleResult(1, 39, True)
    assert not a.panicking and a.max_panic_pods == 0


def test_unpanic_after_slow_increase() -> None:
    a = Autoscaler(go_spec(1, 98), 1, clock=lambda: T0)
    assert a.scale(10, 11, 25, T0) == ScaleResult(25, -110, True)
    assert a.panic_time == T0
    # 41 / 40 < 2: still panicking (the window has not passed), but the panic time stays.
    assert a.scale(40, 30, 41, T0 + 30) == ScaleResult(41, -86, True)
    assert a.panic_time == T0
    assert a.scale(55, 50, 56, T0 + 62) == ScaleResult(50, -81, True)
    assert a.panic_time is None


def test_extend_panic_window() -> None:
    a = Autoscaler(go_spec(1, 98), 1, clock=lambda: T0)
    assert a.scale(10, 11, 25, T0) == ScaleResult(25, -110, True)
    assert a.scale(40, 30, 80, T0 + 30) == ScaleResult(80, -125, True)  # 80 / 40 >= 2: extended
    assert a.panic_time == T0 + 30


def test_exponential_track_and_stabilize() -> None:
    a = Autoscaler(go_spec(1, 101), 1, clock=lambda: T0)
    assert a.scale(1, 6, 6, T0) == ScaleResult(6, -106, True)
    assert a.scale(6, 36, 36, T0) == ScaleResult(36, -129, True)
    assert a.panic_time == T0
    assert a.scale(36, 216, 216, T0 + 1) == ScaleResult(216, -269, True)
    assert a.panic_time == T0 + 1
    assert a.scale(216, 1296, 1296, T0 + 1) == ScaleResult(1296, -1109, True)
    assert a.scale(1296, 1296, 1296, T0 + 2) == ScaleResult(1296, 331, True)


def _delay_autoscaler(delay: float, reachable: bool = True) -> Autoscaler:
    spec = DeciderSpec(target_value=10, total_value=0, target_burst_capacity=0, max_scale_down_rate=10,
                       max_scale_up_rate=10, panic_threshold=100, scale_down_delay=delay, reachable=reachable)
    return Autoscaler(spec, 0, clock=lambda: 0.0)


def test_scale_down_delay() -> None:
    """5 minutes of delay = a max over 150 slots of 2 s (times from 0, as Go's zero time)."""
    a = _delay_autoscaler(300)
    steps = [
        (2, 40, 4),
        (300, 0, 4),  # 5 min at lower load: the 4 of slot 1 is still in the window
        (302, 0, 0),  # 5 min 2 s: it scrolled out
        # gradual
        (540, 40, 4),
        (600, 30, 4),  # 4 still dominates
        (660, 0, 4),
        (840, 0, 3),  # the 4 of 9 min scrolled out; the 3 of 10 min did not
        (900, 0, 0),
    ]
    for at, load, want in steps:
        assert a.scale(0, load, load, at) == ScaleResult(want, 0, True), at


def test_scale_down_delay_zero() -> None:
    a = _delay_autoscaler(0)
    assert a.scale(0, 40, 40, T0).desired == 4
    # No delay window at all: an immediate scale down (a 1-slot window would keep the max).
    assert a.scale(0, 20, 20, T0 + 0.5).desired == 2


def test_scale_down_delay_applies_while_unreachable() -> None:
    # release-1.12 delays regardless of reachability ([main] skips the delay when unreachable).
    a = _delay_autoscaler(60, reachable=False)
    assert a.scale(0, 40, 40, 2).desired == 4
    assert a.scale(0, 0, 0, 4).desired == 4


def test_delay_window_is_sized_at_creation() -> None:
    a = _delay_autoscaler(0)
    a.update(replace(a.spec, scale_down_delay=300))  # Knative keeps the creation-time window
    a.scale(0, 40, 40, 2)
    assert a.scale(0, 0, 0, 4).desired == 0


@pytest.mark.parametrize(("ready", "panicking", "max_panic_pods"), [(0, False, 0), (1, False, 1), (2, True, 2),
                                                                    (5, True, 5), (None, False, 0)])
def test_start_in_panic(ready: int | None, panicking: bool, max_panic_pods: int) -> None:
    spec = DeciderSpec(target_value=100, total_value=120, target_burst_capacity=11, panic_threshold=220,
                       max_scale_up_rate=10, max_scale_down_rate=10)
    a = Autoscaler(spec, ready, clock=lambda: T0)
    assert a.panicking is panicking
    assert a.panic_time == (T0 if panicking else None)
    assert a.max_panic_pods == max_panic_pods


def test_start_in_panic_holds_the_scale() -> None:
    a = Autoscaler(go_spec(10, 100), 5, clock=lambda: T0)
    assert a.scale(5, 0, 0, T0 + 2).desired == 5  # restarted autoscaler without history
    assert a.scale(5, 0, 0, T0 + 62).desired == 0


@pytest.mark.parametrize(("ready", "stable", "panic"), [(1, None, None), (1, 1.0, None), (1, None, 1.0),
                                                        (None, 1000.0, 888.0)])
def test_no_metrics_or_pod_count_error_is_invalid(ready: int | None, stable: float | None,
                                                  panic: float | None) -> None:
    a = Autoscaler(go_spec(10, 100), 1, clock=lambda: T0)
    assert a.scale(ready, stable, panic, T0) == INVALID
    assert not INVALID.valid


# -- decider status (multiscaler.go) ---------------------------------------------------------------


@pytest.mark.parametrize(("tbc", "initial", "ebc"), [(-1, 1, -1), (0, 1, 0), (211, 1, -111), (211, 3, 89),
                                                     (100.5, 1, 0), (150, 0, -150)])
def test_initial_status(tbc: float, initial: int, ebc: int) -> None:
    spec = DeciderSpec(target_burst_capacity=tbc, initial_scale=initial)
    assert DeciderStatus.initial(spec) == DeciderStatus(-1, ebc)


@pytest.mark.parametrize(
    ("before", "result", "changed"),
    [
        (DeciderStatus(-1, -111), ScaleResult(1, -120, True), True),  # first decision
        (DeciderStatus(1, -111), ScaleResult(1, -120, True), False),  # same desired, same EBC sign
        (DeciderStatus(1, -1), ScaleResult(1, 0, True), True),  # EBC became non-negative
        (DeciderStatus(1, 5), ScaleResult(1, -5, True), True),
        (DeciderStatus(1, 5), ScaleResult(1, 50, True), False),
        (DeciderStatus(1, 5), ScaleResult(2, 50, True), True),
        (DeciderStatus(1, 5), INVALID, False),  # no decision: status kept
    ],
)
def test_status_update(before: DeciderStatus, result: ScaleResult, changed: bool) -> None:
    status = replace(before)
    assert status.update(result) is changed
    if result.valid:
        assert status == DeciderStatus(result.desired, result.excess_burst_capacity)
    else:
        assert status == before


# -- the metrics of one revision (collector.go) ----------------------------------------------------


def test_revision_metrics_record_subtracts_proxied() -> None:
    m = RevisionMetrics(stable_window=60, panic_window=6)
    assert m.stable_and_panic("concurrency", T0) is None  # scraping and nothing recorded: no data
    m.record(Stat(T0, average_concurrency=10, average_proxied_concurrency=4, request_count=20,
                  proxied_request_count=5))
    m.record(Stat(T0 + 0.5, average_concurrency=3))  # the activator's report, same second: added
    assert m.stable_and_panic("concurrency", T0) == (9.0, 9.0)
    assert m.stable_and_panic("rps", T0) == (15.0, 15.0)
    assert m.stable_and_panic("", T0) == (9.0, 9.0)  # anything but rps is concurrency


def test_revision_metrics_stable_and_panic_windows() -> None:
    m = RevisionMetrics(stable_window=60, panic_window=6)
    for s in range(60):
        m.record(Stat(T0 + s, average_concurrency=10 if s < 50 else 70))
    # stable: (50*10 + 10*70) / 60; panic: the last 6 s only.
    assert m.stable_and_panic("concurrency", T0 + 59) == (20.0, 70.0)
    # 3 s later without data: the 3 oldest seconds leave, 57 buckets remain in each average.
    assert m.stable_and_panic("concurrency", T0 + 62) == (floor6((47 * 10 + 10 * 70) / 57), 70.0)
    assert m.stable_and_panic("concurrency", T0 + 120) is None  # a window without data


def floor6(v: float) -> float:
    return int(v * 1e6) / 1e6


def test_revision_metrics_without_scraping_averages_empty_to_zero() -> None:
    m = RevisionMetrics(stable_window=60, panic_window=6, scraping=False)  # TBC -1: activator only
    assert m.stable_and_panic("concurrency", T0) == (0.0, 0.0)


def test_revision_metrics_for_spec_and_resize() -> None:
    spec = DeciderSpec(stable_window=10, panic_window=2, aggregation_algorithm="weighted-exponential")
    m = RevisionMetrics.for_spec(spec)
    m.record(Stat(T0, request_count=10))
    stable, panic = m.stable_and_panic("rps", T0) or (0, 0)
    assert stable == pytest.approx(10 * 0.6018928294465028) and panic == pytest.approx(10 * 0.99)
    m.resize(20, 4, T0)
    assert m.stable_and_panic("rps", T0) is not None


@pytest.mark.parametrize(
    ("last_desired", "stat", "due"),
    [
        (0, Stat(T0, average_concurrency=1), True),
        (0, Stat(T0, average_concurrency=0.1, average_proxied_concurrency=0.1), True),  # raw concurrency
        (0, Stat(T0, request_count=5), False),
        (1, Stat(T0, average_concurrency=1), False),
        (-1, Stat(T0, average_concurrency=1), False),  # no decision yet
    ],
)
def test_poke(last_desired: int, stat: Stat, due: bool) -> None:
    assert poke_due(last_desired, stat) is due
    assert RevisionMetrics(60, 6).record(stat, last_desired) is due
