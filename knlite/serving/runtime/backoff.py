"""The kubelet's restart back-off for crashing containers and failing image pulls.

A container that exits is restarted at once the first time, then after 10 s, 20 s, 40 s …
capped at 5 minutes (``CrashLoopBackOff`` while waiting); a container that ran for 10
minutes before exiting starts over with an immediate restart. Image pulls back off the same
way (``ImagePullBackOff``). The base, cap and clock are injectable so tests can run the
schedule in milliseconds or without sleeping at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BackoffPolicy:
    base: float = 10.0
    cap: float = 300.0
    reset_after: float = 600.0


class CrashBackoff:
    def __init__(self, policy: BackoffPolicy | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.policy = policy or BackoffPolicy()
        self.clock = clock
        self._next = 0.0  # the delay the next failure will get; 0 = restart at once

    def failed(self, started_at: float | None = None) -> float:
        """Record a failure (an exit, a failed pull); returns the delay before the next attempt.

        ``started_at`` is when the failed run started (clock time); a run that lasted
        ``reset_after`` or longer resets the back-off.
        """
        if started_at is not None and self.clock() - started_at >= self.policy.reset_after:
            self._next = 0.0
        delay = self._next
        self._next = self.policy.base if delay == 0 else min(self.policy.cap, delay * 2)
        return delay

    def reset(self) -> None:
        self._next = 0.0
