"""Knative's bucketed window averages (``aggregation/bucketing_test.go``) and the max window."""

from __future__ import annotations

import pytest

from knlite.serving.autoscaler.window import (
    MIN_EXPONENT,
    MaxTimeWindow,
    TimedBuckets,
    WeightedBuckets,
    floor_to_digits,
    new_buckets,
    smoothing_coeff,
)

NOW = 1_700_000_000.37  # deliberately not on a second boundary, like Go's time.Now()
T0 = 1_700_000_000  # aligned to 1 s and 5 s
T3 = 1_700_000_001  # aligned to 3 s


@pytest.mark.parametrize(
    ("n", "f", "want"),
    [
        (6, 3.6e-17, 0.0),
        (3, 0.0004, 0.0),
        (3, 1.2345, 1.234),  # floored, not rounded (release-1.12)
        (4, 1.2345, 1.2345),
        (6, 12345, 12345.0),
        (6, 2 / 3, 0.666666),
        (6, -1 / 3, -0.333334),
    ],
)
def test_floor_to_digits(n: int, f: float, want: float) -> None:
    assert floor_to_digits(n, f) == want


@pytest.mark.parametrize(("buckets", "want"), [(100, MIN_EXPONENT), (60, MIN_EXPONENT), (40, 0.20567), (6, 0.78456)])
def test_smoothing_coeff(buckets: int, want: float) -> None:
    assert smoothing_coeff(buckets) == pytest.approx(want, abs=1e-5)


def test_same_second_values_add_up() -> None:
    b = TimedBuckets(120)
    assert b.is_empty(T0)
    b.record(T0, 1.0)  # the activator's first report
    b.record(T0 + 0.1, 10.0)  # a scrape in the same second
    b.record(T0 + 1, 1.0)
    b.record(T0 + 3, 1.0)
    assert [(t - T0, v) for t, v in b.snapshot(T0 + 60) if v] == [(3, 1.0), (1, 1.0), (0, 11.0)]


def test_granularity_5s() -> None:
    b = TimedBuckets(120, granularity=5)
    b.record(T0, 1.0)
    b.record(T0 + 3, 11.0)  # same bucket
    b.record(T0 + 6, 1.0)  # next bucket
    assert [(t - T0, v) for t, v in b.snapshot(T0 + 60) if v] == [(5, 1.0), (0, 12.0)]


def test_many_reps_in_order_and_out_of_order() -> None:
    for offsets in ([1, 2, 3, 4, 5], [0, 3, 2, 1, 4]):
        b = TimedBuckets(60)
        for p, d in enumerate(offsets):
            for t in range(5):
                b.record(T0 + d, float(p + t))
        assert sum(v for _, v in b.snapshot(T0 + max(offsets))) == 100.0


def test_window_average_sequence() -> None:
    """``TestTimedFloat64BucketsWindowAverage``, step by step."""
    b = TimedBuckets(5)
    now = NOW
    b.record(now, 1)
    assert b.window_average(now) == 1.0  # averaged over the one bucket with data, not 5
    for i in range(1, 5):
        b.record(now + i, i + 1)
    assert b.window_average(now + 4) == 15 / 5
    assert b.window_average(now + 3.6) == 15 / 5  # now lags behind the last write
    assert b.window_average(now + 6) == (15 - 1 - 2) / (5 - 2)  # short hole: stale buckets dropped
    assert b.window_average(now + 10) == 0.0  # a window of silence
    b.record(now + 6, 91)  # a write after a hole zeroes the skipped second
    assert b.window_average(now + 6) == (15 - 1 - 2 + 91) / 5

    now += 60  # far later: everything is cleared, the average restarts over 1 bucket
    b.record(now, 1984)
    assert b.window_average(now) == 1984.0
    b.record(now - 3, 4)  # an earlier second, still inside the window: firstWrite moves back
    assert b.window_average(now) == (4 + 1984) / 4
    now += 1
    b.record(now, 5)
    assert b.window_average(now) == (4 + 1984 + 5) / 5
    b.record(now - 3, 10)
    assert b.window_average(now) == (4 + 10 + 1984 + 5) / 5
    b.record(now - 6, 10)  # older than a window: ignored
    assert b.window_average(now) == (4 + 10 + 1984 + 5) / 5
    b.record(now - 5, 10)  # exactly a window older: ignored too
    assert b.window_average(now) == (4 + 10 + 1984 + 5) / 5
    b.record(now + 5, 10)  # exactly a window of silence clears the old data
    assert b.window_average(now + 5) == 10.0


@pytest.mark.parametrize(
    ("records", "at", "want"),
    [
        ([(0, 1), (1, 2), (2, 3)], 2, 2.0),  # 3 s old revision: averaged over 3 buckets, not 60
        ([(0, 10)], 0, 10.0),
        ([(0, 10)], 30, 10.0),  # stale: 10 over min(1, 60 - 30) buckets
        ([(0, 10)], 59, 10.0),
        ([(0, 10)], 60, 0.0),  # a full window since the last write
        ([(0, 10), (1, 20)], 31, 15.0),
        ([(i, 1) for i in range(60)], 59, 1.0),
        ([(i, 1) for i in range(70)], 69, 1.0),  # ring wrapped around
        ([(i, 1) for i in range(60)], 89, 1.0),  # 30 stale buckets subtracted, 30 left
        ([(i, i) for i in range(60)], 89, sum(range(30, 60)) / 30),  # the oldest 30 fell out
        ([(0, 1), (1, 1), (2, 1)], 0, 1.0),  # reading before the last write
        ([(0, 2), (0, 3), (3, 1)], 3, 1.5),  # same-second adds; the gap counts as 0
        ([(0, 1), (0, 1), (0, 1)], 0, 3.0),
        ([(0, 1.0 / 3)], 0, 0.333333),  # floored to 6 decimals
        ([(0, 2.0 / 3)], 0, 0.666666),
        ([(0, 1), (1, 1), (2, 1)], 3, 1.0),
        ([(0, 5), (80, 7)], 80, 7.0),  # silence clears; firstWrite restarts
        ([(10, 5), (5, 7)], 10, 2.0),  # earlier write moves firstWrite back: (5+7)/6
        ([(100, 5), (30, 7)], 100, 5.0),  # far older than a window: ignored
    ],
)
def test_window_average_table(records: list[tuple[int, float]], at: int, want: float) -> None:
    b = TimedBuckets(60)
    for t, v in records:
        b.record(T0 + t + 0.5, v)
    assert b.window_average(T0 + at + 0.9) == want


@pytest.mark.parametrize(("last", "now", "empty"), [(None, 0, True), (0, 0, False), (0, 5, False), (0, 5.9, False),
                                                    (0, 6, True), (0, -3, False)])
def test_is_empty(last: int | None, now: float, empty: bool) -> None:
    b = TimedBuckets(5)
    if last is not None:
        b.record(T0 + last, 1)
    assert b.is_empty(T0 + now) is empty


def test_descending_record() -> None:
    b = TimedBuckets(5)
    for i in range(8, -1, -1):
        b.record(NOW + i, 5)
    assert b.window_average(NOW + 5) == 5.0


def test_holes_are_zeroed() -> None:
    b = TimedBuckets(5)
    for i in range(5):
        b.record(NOW + i, i + 1)
    assert sum(v for _, v in b.snapshot(NOW + 4)) == 15
    assert b.window_average(NOW + 4) == 3.0
    b.record(NOW + 8, 2.0)  # seconds 5, 6, 7 become 0; seconds 0..3 fall out
    assert sum(v for _, v in b.snapshot(NOW + 8)) == 7


def test_resize_window() -> None:
    start = NOW
    b = TimedBuckets(5)
    for i in range(6):  # one more than fits: the 1 rolls out
        b.record(start + i, i + 1)
    now = start + 5
    initial = 2.0 + 3 + 4 + 5 + 6
    assert sum(v for _, v in b.snapshot(now)) == initial
    assert b.window_average(now) == initial / 5

    b.resize_window(10, now)
    assert b.window == 10
    assert len(b.snapshot(now)) == 10
    assert sum(v for _, v in b.snapshot(now)) == initial
    assert b.window_average(now) == initial / 5  # at most 5 buckets ever held data

    now += 1
    b.record(now, 7)
    assert sum(v for _, v in b.snapshot(now)) == initial + 7
    assert b.window_average(now) == floor_to_digits(6, (initial + 7) / 6)

    b.resize_window(4, now)  # shrink: only the newest 4 buckets remain
    assert sum(v for _, v in b.snapshot(now)) == initial + 7 - 2 - 3
    assert b.window_average(now) == (initial + 7 - 2 - 3) / 4
    before = b.snapshot(now)
    b.resize_window(4, now)  # same window: no-op
    assert b.snapshot(now) == before


def test_resize_window_3s_granularity() -> None:
    b = TimedBuckets(5, granularity=3)  # ceil(5/3) = 2 buckets
    assert len(b.snapshot(T3)) == 0
    for i, v in enumerate([10, 2, 3, 4, 5, 6, 7]):
        b.record(T3 + i, v)  # the 7 at +6 s overwrites the first bucket (10+2+3)
    assert sum(v for _, v in b.snapshot(T3 + 6)) == (4 + 5 + 6) + 7
    b.resize_window(10, T3 + 6)
    assert len(b.snapshot(T3 + 6)) == 4
    assert sum(v for _, v in b.snapshot(T3 + 6)) == 22
    b.record(T3 + 9.3, 42)
    assert sum(v for _, v in b.snapshot(T3 + 9)) == 22 + 42
    b.resize_window(4, T3 + 9)
    assert len(b.snapshot(T3 + 9)) == 2
    assert sum(v for _, v in b.snapshot(T3 + 9)) == 42 + 7


def test_resize_after_silence_forgets_first_write() -> None:
    b = TimedBuckets(5)
    b.record(NOW - 60, 19.82)
    b.resize_window(10, NOW)
    b.record(NOW, 4)
    assert b.window_average(NOW) == 4.0  # firstWrite restarted at the new write


def test_weighted_average() -> None:
    b = WeightedBuckets(5)
    m = b.smoothing_coeff
    assert m == smoothing_coeff(5)
    b.record(NOW, 2)
    want = 2 * m
    assert b.window_average(NOW) == want
    want *= 1 - m  # one empty second decays the sum
    assert b.window_average(NOW + 1) == want
    b.record(NOW + 1, 2)
    want += 2 * m
    assert b.window_average(NOW + 1) == pytest.approx(want, rel=1e-15)
    for i in range(5):
        b.record(NOW + 2 + i, i + 2)  # [2, 3, 4, 5, 6]
    want = 6 * m + 5 * m * (1 - m) + 4 * m * (1 - m) ** 2 + 3 * m * (1 - m) ** 3 + 2 * m * (1 - m) ** 4
    assert b.window_average(NOW + 6) == pytest.approx(want, rel=1e-15)
    assert b.window_average(NOW + 16) == 0.0  # empty window


def test_weighted_resize() -> None:
    b = WeightedBuckets(5)
    for i in range(6):
        b.record(NOW + i, i + 1)
    assert floor_to_digits(3, b.window_average(NOW + 5)) == 5.811
    b.resize_window(10, NOW + 5)
    assert b.window == 10
    assert b.smoothing_coeff == smoothing_coeff(10)


@pytest.mark.parametrize(("algorithm", "cls"), [("", TimedBuckets), ("linear", TimedBuckets),
                                                ("weighted-exponential", WeightedBuckets),
                                                ("weightedExponential", WeightedBuckets)])
def test_new_buckets(algorithm: str, cls: type) -> None:
    assert type(new_buckets(algorithm, 60)) is cls


def test_max_time_window() -> None:
    w = MaxTimeWindow(10, 2)  # 5 slots of 2 s
    assert w.current() == 0
    w.record(T0, 4)
    w.record(T0 + 2, 3)
    assert w.current() == 4
    w.record(T0 + 9.9, 1)  # slot 4: 4 is still in the window
    assert w.current() == 4
    w.record(T0 + 10, 1)  # slot 5: the 4 of slot 0 rolls out
    assert w.current() == 3
    w.record(T0 + 10.5, 2)  # same slot twice keeps the larger
    w.record(T0 + 11, 0)
    assert w.current() == 3
    w.record(T0 + 12, 0)  # slot 6: the 3 of slot 1 rolls out
    assert w.current() == 2
    w.record(T0 + 30, 0)
    assert w.current() == 0
