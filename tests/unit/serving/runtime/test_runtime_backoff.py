"""The kubelet's crash back-off schedule, on an injected clock."""

from __future__ import annotations

from knlite.serving.runtime.backoff import BackoffPolicy, CrashBackoff


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_schedule_doubles_to_the_cap() -> None:
    clock = Clock()
    b = CrashBackoff(BackoffPolicy(), clock)
    delays = []
    for _ in range(9):
        started = clock.now
        clock.now += 1  # each run lasts a second
        d = b.failed(started)
        delays.append(d)
        clock.now += d
    assert delays == [0, 10, 20, 40, 80, 160, 300, 300, 300]


def test_long_run_resets() -> None:
    clock = Clock()
    b = CrashBackoff(BackoffPolicy(base=1, cap=8, reset_after=60), clock)
    assert [b.failed(clock.now) for _ in range(4)] == [0, 1, 2, 4]
    started = clock.now
    clock.now += 60
    assert b.failed(started) == 0
    assert b.failed(clock.now) == 1


def test_injected_base_and_reset() -> None:
    b = CrashBackoff(BackoffPolicy(base=0.05, cap=0.2))
    assert [b.failed() for _ in range(5)] == [0, 0.05, 0.1, 0.2, 0.2]
    b.reset()
    assert b.failed() == 0
