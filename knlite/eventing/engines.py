"""Plumbing shared by the data planes that talk to an external engine (NATS JetStream, RabbitMQ).

Two things every such plane needs, in one place:

- :class:`BackgroundOps` — set-up calls for synchronous reconcilers. Reconcilers run on the
  event loop and must never wait on the network, yet a channel or broker backed by an engine
  has to create things there first (a stream, an exchange, a queue and its binding). Each
  call runs as a named task keyed by what it does and with which settings;
  :meth:`BackgroundOps.run` answers ``None`` while it is under way, then its
  :class:`Outcome`, and calls every ``wake`` it was given when it ends, so the reconciler
  comes back and reads the result. A failed call is started afresh when asked again after
  ``retry_after`` seconds, so an engine that comes back heals the resource without a storm
  of attempts while it is away. Fire-and-forget clean-ups (deleting a stream or a queue) go
  through :meth:`BackgroundOps.spawn`, so that :meth:`BackgroundOps.stop` cancels them too.
- :class:`EngineConsumer` — the loop every consumer runs: bind to the engine, deliver until
  the binding breaks, bind again after a back-off (doubling from :data:`RETRY_MIN` to
  :data:`RETRY_MAX`) for as long as it exists, its ``ready``/``error`` following along.
- :class:`EngineConsumer` — the loop every consumer runs: bind to the engine, deliver until
  the binding breaks, bind again after a back-off (doubling from :data:`RETRY_MIN` to
  :data:`RETRY_MAX`) for as long as it exists, its ``ready``/``error`` following along.
- :class:`Consumers` — the running consumers of a plane, one per owner (a subscriber, a
  trigger): started when first applied, restarted when what they consume changes, their
  handler swapped in place otherwise, and their state (bound and delivering, else why not)
  reported to the reconciler, which is woken when it changes.
- :class:`Connections` — one client connection per server (or cluster URL), opened on first
  use and shared by receivers and consumers; concurrent callers wait for the same attempt. An
  attempt that failed is remembered for ``retry_after`` seconds, so while the engine is down
  a caller (an ingress request) gets the reason at once instead of waiting for a timeout,
  and a connection that closed is reopened on next use.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine, Hashable
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

log = logging.getLogger(__name__)

Wake = Callable[[], None]
K = TypeVar("K", bound=Hashable)
C = TypeVar("C")
S = TypeVar("S")


def describe(e: BaseException) -> str:
    """An exception as a condition message: its text, else its type's name."""
    text = str(e).strip()
    return text if text else type(e).__name__


# -- background set-up calls ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a background call ended; ``ok`` False carries the error text."""

    ok: bool
    error: str = ""


@dataclass
class _Op:
    task: asyncio.Task[None]
    wakes: list[Wake] = field(default_factory=list)
    outcome: Outcome | None = None
    finished: float = 0.0


class BackgroundOps:
    def __init__(self, name: str, retry_after: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.name = name
        self.retry_after = retry_after
        self._clock = clock
        self._ops: dict[Hashable, _Op] = {}
        self._spawned: set[asyncio.Task[Any]] = set()

    def run(self, key: Hashable, factory: Callable[[], Awaitable[Any]], wake: Wake) -> Outcome | None:
        """Start ``factory()`` for ``key`` unless it ran (or runs) already; its outcome or None."""
        op = self._ops.get(key)
        if op is not None and op.outcome is not None and not op.outcome.ok \
                and self._clock() - op.finished >= self.retry_after:
            op = None
        if op is None:
            async def call() -> None:
                try:
                    await factory()
                    outcome = Outcome(True)
                except asyncio.CancelledError:
                    raise
                except Exception as e:
                    log.warning("%s: %s", self.name, describe(e))
                    outcome = Outcome(False, describe(e))
                done = self._ops.get(key)
                if done is not None and done.task is asyncio.current_task():
                    done.outcome, done.finished = outcome, self._clock()
                    for w in done.wakes:
                        w()

            task = asyncio.get_running_loop().create_task(call(), name=f"{self.name}:{key}")
            op = self._ops[key] = _Op(task)
        if wake not in op.wakes:
            op.wakes = [*op.wakes[-15:], wake]  # reconcilers pass a fresh closure each time
        return op.outcome

    def forget(self, match: Callable[[Hashable], bool]) -> None:
        """Drop (and cancel) the calls whose key ``match`` accepts: what they made is gone."""
        for key in [k for k in self._ops if match(k)]:
            self._ops.pop(key).task.cancel()

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> None:
        task = asyncio.get_running_loop().create_task(coro, name=f"{self.name}:{name}")
        self._spawned.add(task)
        task.add_done_callback(self._spawned.discard)

    async def stop(self) -> None:
        tasks = [op.task for op in self._ops.values()] + list(self._spawned)
        self._ops.clear()
        for t in tasks:
            t.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=5)


@dataclass(frozen=True, slots=True)
class ConsumerState:
    """Whether a consumer (a subscriber's, a trigger's) is bound and delivering, else why not."""

    ready: bool
    error: str | None = None


# -- consumers --------------------------------------------------------------------------------------------

RETRY_MIN, RETRY_MAX = 0.2, 5.0  # seconds between attempts to (re)bind a consumer


class EngineConsumer:
    """Subclasses implement :meth:`_consume`, which binds, calls ``self._bound()``, then delivers
    until the binding breaks (it raises) or the consumer is stopped (it is cancelled)."""

    engine = ""

    def __init__(self, handler: Any, on_state: Wake | None, name: str) -> None:
        self.handler = handler  # swapped in place when the owner's delivery changes
        self.on_state = on_state
        self.name = name
        self.ready = False
        self.error: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._wait = RETRY_MIN

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name=f"{self.engine}-consumer:{self.name}")

    def _set_state(self, ready: bool, error: str | None) -> None:
        if (ready, error) != (self.ready, self.error):
            self.ready, self.error = ready, error
            if self.on_state is not None:
                self.on_state()

    def _bound(self) -> None:
        self._set_state(True, None)
        self._wait = RETRY_MIN

    async def _run(self) -> None:
        while True:
            try:
                await self._consume()
            except asyncio.CancelledError:
                raise
            except Exception as e:
                self._set_state(False, describe(e))
                log.warning("%s consumer %s: %s; retrying in %.1fs", self.engine, self.name, describe(e), self._wait)
                await asyncio.sleep(self._wait)
                self._wait = min(self._wait * 2, RETRY_MAX)

    async def _consume(self) -> None:
        raise NotImplementedError

    async def _stop_task(self) -> None:
        """Cancel the loop (and with it the binding) and wait for it to end."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None



class Consumer(Protocol):
    """A running consumer: it calls the ``on_state`` it was made with when ``ready``/``error`` change."""

    ready: bool
    error: str | None
    handler: Any

    def start(self) -> None: ...

    async def stop(self) -> None: ...


@dataclass
class ConsumerEntry(Generic[S]):
    settings: S  # what the consumer consumes, and how: a change restarts it
    consumer: Consumer
    wake: Wake


class Consumers(Generic[S]):
    def __init__(self, ops: BackgroundOps) -> None:
        self._ops = ops
        self._entries: dict[str, ConsumerEntry[S]] = {}
        self._stopped = False

    def apply(self, owner: str, settings: S, make: Callable[[Wake], Consumer], handler: Any, wake: Wake,
              retire: Callable[[ConsumerEntry[S]], Coroutine[Any, Any, None]] | None = None) -> ConsumerState:
        """Run ``make(on_state)``'s consumer for ``owner``; a change of ``settings`` replaces it
        (the old one is stopped through ``retire``, else its ``stop``), a new ``handler`` is
        swapped in place, and ``wake`` is called whenever its state changes."""
        if self._stopped:
            return ConsumerState(False, "shutting down")
        entry = self._entries.get(owner)
        if entry is not None and entry.settings != settings:
            self.remove(owner, retire)
            entry = None
        if entry is None:
            holder: list[ConsumerEntry[S]] = []
            entry = ConsumerEntry(settings, make(lambda: holder[0].wake()), wake)
            holder.append(entry)
            self._entries[owner] = entry
            entry.consumer.start()
        entry.wake = wake
        entry.consumer.handler = handler
        return self.state(owner)

    def state(self, owner: str) -> ConsumerState:
        entry = self._entries.get(owner)
        if entry is None:
            return ConsumerState(False, "not running")
        return ConsumerState(entry.consumer.ready, entry.consumer.error)

    def owners(self, prefix: str) -> list[str]:
        return [o for o in self._entries if o.startswith(prefix)]

    def remove(self, owner: str, retire: Callable[[ConsumerEntry[S]], Coroutine[Any, Any, None]] | None = None
               ) -> None:
        """Stop ``owner``'s consumer in the background (through ``retire`` when given)."""
        entry = self._entries.pop(owner, None)
        if entry is not None:
            self._ops.spawn(retire(entry) if retire is not None else entry.consumer.stop(), f"remove-consumer:{owner}")

    async def stop(self) -> None:
        self._stopped = True
        entries = list(self._entries.values())
        self._entries.clear()
        if entries:
            await asyncio.gather(*(e.consumer.stop() for e in entries), return_exceptions=True)


# -- shared connections --------------------------------------------------------------------------


class Unavailable(Exception):
    """The engine cannot be reached; the message says which and why."""


class _Holder(Generic[C]):
    def __init__(self) -> None:
        self.conn: C | None = None
        self.opening: asyncio.Task[C] | None = None
        self.error = ""
        self.failed_at = float("-inf")


class Connections(Generic[K, C]):
    def __init__(self, engine: str, open: Callable[[K], Coroutine[Any, Any, C]], is_open: Callable[[C], bool],
                 close: Callable[[C], Awaitable[Any]], describe_target: Callable[[K], str],
                 retry_after: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.engine = engine
        self._clock = clock
        self._open = open
        self._is_open = is_open
        self._close = close
        self._describe = describe_target
        self.retry_after = retry_after
        self._holders: dict[K, _Holder[C]] = {}
        self._closed = False

    async def get(self, target: K) -> C:
        """The open connection to ``target``, opening it if needed; raises :class:`Unavailable`."""
        if self._closed:
            raise Unavailable("shutting down")
        holder = self._holders.setdefault(target, _Holder())
        if holder.conn is not None and self._is_open(holder.conn):
            return holder.conn
        if holder.opening is None:
            if self._clock() - holder.failed_at < self.retry_after:
                raise Unavailable(holder.error)
            holder.opening = asyncio.get_running_loop().create_task(
                self._open(target), name=f"{self.engine}-connect:{self._describe(target)}")
        task = holder.opening
        try:
            conn = await asyncio.shield(task)
        except asyncio.CancelledError:
            raise
        except Exception as e:
            if holder.opening is task:
                holder.opening = None
                holder.error = f"cannot connect to {self.engine} at {self._describe(target)}: {describe(e)}"
                holder.failed_at = self._clock()
            raise Unavailable(holder.error) from e
        if holder.opening is task:
            holder.opening, holder.conn = None, conn
        return conn

    async def close(self) -> None:
        self._closed = True
        holders = list(self._holders.values())
        self._holders.clear()
        for h in holders:
            if h.opening is not None:
                h.opening.cancel()
            if h.conn is not None and self._is_open(h.conn):
                try:
                    await asyncio.wait_for(self._close(h.conn), 5)
                except Exception as e:
                    log.debug("closing a %s connection: %s", self.engine, describe(e))
