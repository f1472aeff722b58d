"""Time windows over the autoscaler's metrics: bucketed averages and a sliding maximum.

Why: the KPA never reacts to one sample. Every stat (a pod's or the activator's 1-second
report) is added into a 1-second bucket, and the decider reads the *average bucket* over the
stable window (60 s) and over the panic window (6 s). These classes mirror Knative's
``pkg/autoscaler/aggregation/bucketing.go`` (release-1.12) rule for rule, because the rules
decide pod counts:

* values landing in the same second are **added** (the bucket holds the revision-wide total);
* a write more than a window after the last one clears everything and restarts ``first_write``;
  skipped seconds are zeroed; a write a window (or more) older than the last one is ignored;
* the average runs over the span that has data only (a revision that has existed 10 s is
  averaged over 10 buckets, not 60), stale buckets after the last write are subtracted, and the
  result is floored to 6 decimals ([main] rounds instead);
* :class:`WeightedBuckets` is the ``weighted-exponential`` aggregation algorithm.

:class:`MaxTimeWindow` is ``pkg/autoscaler/aggregation/max/timewindow.go``: the maximum over a
sliding window of time slots, which is how ``scale-down-delay`` holds a higher scale.

Times are float seconds (Unix or monotonic, non-negative) passed in by the caller; window
lengths are seconds. Nothing here reads a clock.
"""

from __future__ import annotations

import math
from collections import deque

GRANULARITY = 1  # seconds per bucket (Knative's config.BucketSize)
PRECISION = 6  # decimals kept by the linear average
MIN_EXPONENT = 0.2  # smallest smoothing coefficient of the weighted average
WEIGHT_PRECISION = 0.9999  # the weights of a full window add up to at least this

LINEAR = "linear"
WEIGHTED_EXPONENTIAL = "weighted-exponential"


def floor_to_digits(n: int, f: float) -> float:
    """Knative's ``roundToNDigits`` of release-1.12: floor ``f`` to ``n`` decimals."""
    p = math.pow(10, n)
    return math.floor(f * p) / p


def smoothing_coeff(num_buckets: float) -> float:
    """The decay of the weighted average for a window of ``num_buckets`` buckets."""
    return max(1 - math.pow(1 - WEIGHT_PRECISION, 1 / num_buckets), MIN_EXPONENT)


class TimedBuckets:
    """``TimedFloat64Buckets``: a ring of per-second sums with Knative's window average."""

    def __init__(self, window: float, granularity: int = GRANULARITY) -> None:
        if granularity < 1 or window <= 0:
            raise ValueError(f"bad window {window}s / granularity {granularity}s")
        self._granularity = granularity
        self._window = window
        self._buckets = [0.0] * math.ceil(window / granularity)
        self._total = 0.0  # sum of every bucket in the ring
        # Bucket start times (whole seconds); None is Go's zero time.
        self._first_write: int | None = None
        self._last_write: int | None = None

    @property
    def window(self) -> float:
        return self._window

    def _truncate(self, t: float) -> int:
        return math.floor(t) // self._granularity * self._granularity

    def _index(self, bucket_time: int) -> int:
        return bucket_time // self._granularity

    def record(self, t: float, value: float) -> None:
        """Add ``value`` to the bucket of time ``t``."""
        bucket_time = self._truncate(t)
        last = self._last_write
        if last != bucket_time:
            if last is not None and bucket_time + self._window <= last:
                return  # older than a window before the last write
            if self._first_write is None or self._first_write > bucket_time:
                self._first_write = bucket_time
            if last is None or bucket_time > last:
                if last is None or bucket_time - last >= self._window:
                    # A whole window of silence: start over.
                    self._first_write = bucket_time
                    self._buckets = [0.0] * len(self._buckets)
                    self._total = 0.0
                else:
                    # Zero the seconds skipped since the last write.
                    n = len(self._buckets)
                    for i in range(self._index(last) + 1, self._index(bucket_time) + 1):
                        self._total -= self._buckets[i % n]
                        self._buckets[i % n] = 0.0
                self._last_write = bucket_time
            # Otherwise last - window < bucket_time < last: simply add to that older bucket.
        self._buckets[self._index(bucket_time) % len(self._buckets)] += value
        self._total += value

    def is_empty(self, now: float) -> bool:
        """True when nothing was recorded during the last window."""
        return self._last_write is None or self._truncate(now) - self._last_write > self._window

    def _span(self) -> float:
        """Buckets between the first and the last write, inclusive."""
        if self._first_write is None or self._last_write is None:
            return math.inf
        return (self._last_write - self._first_write) // self._granularity + 1

    def window_average(self, now: float) -> float:
        """The average bucket over the part of the window that has data (0 when none)."""
        if self._last_write is None:
            return 0.0
        now_t = self._truncate(now)
        d = now_t - self._last_write
        n = len(self._buckets)
        if d <= 0:
            return floor_to_digits(PRECISION, self._total / min(self._span(), n))
        if d < self._window:
            # No writes for a while: drop the stale buckets and average over what is left.
            start, end = self._index(self._last_write), self._index(now_t)
            total = self._total
            for i in range(start + 1, end + 1):
                total -= self._buckets[i % n]
            return floor_to_digits(PRECISION, total / min(self._span(), n - (end - start)))
        return 0.0

    def resize_window(self, window: float, now: float) -> None:
        """Change the window length, keeping the newest buckets (``ResizeWindow``)."""
        if window == self._window:
            return
        size = math.ceil(window / self._granularity)
        buckets = [0.0] * size
        total = 0.0
        last = self._last_write
        if last is not None and self._truncate(now) - last <= self._window:
            old = len(self._buckets)
            idx = self._index(last)
            for _ in range(min(size, old)):
                buckets[idx % size] = self._buckets[idx % old]
                total += self._buckets[idx % old]
                idx -= 1
            self._first_write = last - (old - 1) * self._granularity
        else:
            self._first_write = None
        self._window = window
        self._buckets = buckets
        self._total = total

    def snapshot(self, now: float) -> list[tuple[int, float]]:
        """(bucket time, value) of the buckets still inside the window at ``now``, newest first."""
        if self.is_empty(now) or self._last_write is None:
            return []
        n = len(self._buckets)
        count = n - max(0, self._truncate(now) - self._last_write) // self._granularity
        t = self._last_write
        out = []
        for _ in range(count):
            out.append((t, self._buckets[self._index(t) % n]))
            t -= self._granularity
        return out


class WeightedBuckets(TimedBuckets):
    """``WeightedFloat64Buckets``: the ``weighted-exponential`` algorithm.

    Each bucket going back from the last write weighs ``alpha * (1 - alpha)**i``, and every
    empty second since the last write decays the whole sum by another ``1 - alpha``.
    """

    def __init__(self, window: float, granularity: int = GRANULARITY) -> None:
        super().__init__(window, granularity)
        self.smoothing_coeff = smoothing_coeff(math.ceil(window / granularity))

    def window_average(self, now: float) -> float:
        if self.is_empty(now) or self._last_write is None:
            return 0.0
        n = len(self._buckets)
        num_b = n
        multiplier = self.smoothing_coeff
        now_t = self._truncate(now)
        if now_t > self._last_write:
            num_z = (now_t - self._last_write) // self._granularity
            multiplier *= math.pow(1 - self.smoothing_coeff, num_z)
            num_b -= num_z
        start = self._index(self._last_write) + n
        ret = 0.0
        for i in range(num_b):
            ret += self._buckets[(start - i) % n] * multiplier
            multiplier *= 1 - self.smoothing_coeff
        return ret

    def resize_window(self, window: float, now: float) -> None:
        super().resize_window(window, now)
        self.smoothing_coeff = smoothing_coeff(math.ceil(window / self._granularity))


def new_buckets(algorithm: str, window: float, granularity: int = GRANULARITY) -> TimedBuckets:
    """The bucket series for a Metric's aggregation algorithm ("" and unknown mean linear)."""
    if algorithm in (WEIGHTED_EXPONENTIAL, "weightedExponential"):
        return WeightedBuckets(window, granularity)
    return TimedBuckets(window, granularity)


class MaxTimeWindow:
    """The maximum value recorded over the last ``duration`` seconds, in ``granularity`` slots.

    An ascending-minima deque (Knative's ``max.window``): values that can never be the maximum
    again (smaller and older than a newer one) are dropped on insert, so ``current`` is O(1).
    Several values recorded into the same slot keep the largest.
    """

    def __init__(self, duration: float, granularity: float) -> None:
        self._size = math.ceil(duration / granularity)
        self._granularity = int(granularity)
        self._maxima: deque[tuple[int, int]] = deque()  # (slot index, value), values descending

    def record(self, now: float, value: int) -> None:
        index = math.floor(now) // self._granularity
        while self._maxima and value >= self._maxima[-1][1]:
            self._maxima.pop()
        while self._maxima and index - self._maxima[0][0] >= self._size:
            self._maxima.popleft()
        if self._maxima and self._maxima[-1][0] == index:
            value = max(value, self._maxima.pop()[1])
        self._maxima.append((index, value))

    def current(self) -> int:
        return self._maxima[0][1] if self._maxima else 0
