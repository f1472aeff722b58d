"""Container logs: one file per container run, read back the way ``kubectl logs`` asks.

A container's stdout and stderr go straight to ``{pod dir}/{container}/{restart}.log`` —
the process writes the file itself, so a chatty app costs the daemon nothing (the kubelet's
CRI format would need the daemon to read and stamp every line). The current and the
previous run are kept, which is what ``kubectl logs`` and ``--previous`` can show; older
runs are deleted.

Timestamps (``--timestamps``, ``--since``) come from a size index: the runtime samples each
running log's size every second, so a line's time is when a sample first saw it (at most
a second late); while following, lines are stamped as they are read. The termination
message of a failed container is its log's last 80 lines capped at 2 KiB, as with the
kubelet's ``FallbackToLogsOnError``.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncGenerator, Callable
from datetime import UTC, datetime
from pathlib import Path

TERMINATION_LINES = 80
TERMINATION_BYTES = 2048
_MAX_INDEX = 4096
_BLOCK = 64 * 1024


class LogFile:
    """One container run's log, with the size samples that date its lines."""

    def __init__(self, path: Path, started_at: float) -> None:
        self.path = path
        self.index: list[tuple[int, float]] = [(0, started_at)]
        self.finished = False

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    def sample(self, now: float | None = None) -> None:
        size = self.size()
        if size > self.index[-1][0]:
            self.index.append((size, time.time() if now is None else now))
            if len(self.index) > _MAX_INDEX:  # keep the first and thin the rest
                self.index = self.index[:1] + self.index[1::2]

    def finish(self) -> None:
        self.sample()
        self.finished = True

    def time_at(self, offset: int) -> float:
        """When the byte at ``offset`` was first seen."""
        for size, ts in self.index:
            if size > offset:
                return ts
        return time.time()

    def tail_text(self, lines: int = TERMINATION_LINES, limit: int = TERMINATION_BYTES) -> str:
        start = _tail_offset(self.path, lines)
        try:
            with open(self.path, "rb") as f:
                f.seek(max(start, self.size() - limit))
                data = f.read(limit)
        except OSError:
            return ""
        return data.decode("utf-8", "replace")


def _tail_offset(path: Path, lines: int) -> int:
    """The offset where the last ``lines`` lines of the file begin."""
    try:
        with open(path, "rb") as f:
            end = f.seek(0, os.SEEK_END)
            pos = end
            count = 0
            # a final line without a newline counts as a line; a trailing newline does not start one
            skip_last = True
            while pos > 0:
                step = min(_BLOCK, pos)
                pos -= step
                f.seek(pos)
                block = f.read(step)
                i = len(block)
                while True:
                    i = block.rfind(b"\n", 0, i)
                    if i < 0:
                        break
                    if skip_last and pos + i == end - 1:
                        skip_last = False
                        continue
                    skip_last = False
                    count += 1
                    if count >= lines:
                        return pos + i + 1
            return 0
    except OSError:
        return 0


def rfc3339nano(ts: float) -> str:
    dt = datetime.fromtimestamp(ts, UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond:06d}000Z"


async def read(log: LogFile, *, follow: bool = False, tail_lines: int | None = None,
               since: float | None = None, timestamps: bool = False, limit_bytes: int | None = None,
               alive: Callable[[], bool] = lambda: True, poll: float = 0.1) -> AsyncGenerator[bytes, None]:
    """Stream a log: existing content (filtered), then — with ``follow`` — new lines until the
    run has finished (or ``alive()`` turns false) and everything is read."""
    offset = 0
    if tail_lines is not None:
        offset = 0 if tail_lines < 0 else _tail_offset(log.path, tail_lines) if tail_lines > 0 else log.size()
    sent = 0
    partial = b""
    line_mode = timestamps or since is not None
    first = True
    while True:
        finished = log.finished or not alive()
        if not first:
            log.sample()
        try:
            with open(log.path, "rb") as f:
                f.seek(offset)
                data = f.read()
        except OSError:
            data = b""
        if data:
            start = offset - len(partial)
            offset += len(data)
            data = partial + data
            if follow and not finished:
                cut = data.rfind(b"\n") + 1
                data, partial = data[:cut], data[cut:]
            else:
                partial = b""
            if data:
                out = _render(log, data, start, since, timestamps, stamp_now=not first) if line_mode else data
                if limit_bytes is not None and sent + len(out) > limit_bytes:
                    out = out[: max(0, limit_bytes - sent)]
                if out:
                    sent += len(out)
                    yield out
                if limit_bytes is not None and sent >= limit_bytes:
                    return
        first = False
        if not follow or (finished and not data):
            if partial:
                yield _render(log, partial, offset - len(partial), since, timestamps, True) if line_mode else partial
            return
        await asyncio.sleep(poll)


def _render(log: LogFile, data: bytes, start: int, since: float | None, timestamps: bool, stamp_now: bool) -> bytes:
    out = bytearray()
    pos = start
    now = time.time()
    for line in data.splitlines(keepends=True):
        ts = now if stamp_now else log.time_at(pos)
        pos += len(line)
        if since is not None and ts < since:
            continue
        if timestamps:
            out += rfc3339nano(ts).encode() + b" "
        out += line
    return bytes(out)
