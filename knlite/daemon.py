"""``knlite up``: one asyncio process hosting the API, control and data planes.

The daemon owns every long-lived task and every child process. Start-up order matters:
the state directory is locked first (a second daemon on the same directory refuses to start),
then the store is opened and the bootstrap objects (namespaces, Knative's ConfigMaps) are
created if missing, then controllers start, and only then does the API report ready. Shutdown
runs the same list backwards on SIGINT/SIGTERM: listeners close, controllers stop, child
processes are terminated, the store is closed and the lock released.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import fcntl
import gc
import logging
import os
import signal
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from aiohttp import web

from knlite.api.core import ApiCore, Caller
from knlite.api.errors import ApiError
from knlite.api.pki import PKI
from knlite.api.server import ApiServer
from knlite.apis.catalog import build_registry
from knlite.config.defaults import bootstrap_configmaps
from knlite.config.store import ConfigStore
from knlite.settings import Settings, ensure_state_dir, load_or_create_token, write_info
from knlite.store.gc import GarbageCollector
from knlite.store.store import DELETED, Event, Store

log = logging.getLogger(__name__)

BOOTSTRAP_NAMESPACES = ("default", "kube-system", "kube-public", "knative-serving", "knative-eventing")
SYSTEM_USER = "system:serviceaccount:knative-serving:controller"
CONFIG_NAMESPACES = ("knative-serving", "knative-eventing")


def freeze_startup_heap() -> None:
    """Keep the garbage collector off the objects of start-up (modules, schemas, config).

    A full collection walks every tracked object: with knlite's modules loaded that is about
    60,000 of them and ~55 ms during which no request moves. They live as long as the
    process, so they are moved out of the collector's sight once (``gc.freeze``); later
    collections walk only what was made since.
    """
    gc.collect()
    gc.freeze()


class AlreadyRunning(RuntimeError):
    pass


class StateLock:
    """An exclusive ``flock`` on the state directory, held for the daemon's lifetime."""

    def __init__(self, path: os.PathLike[str]) -> None:
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip()
            os.close(fd)
            raise AlreadyRunning(
                f"another knlite daemon (pid {holder or '?'}) is already running with state dir "
                f"{os.path.dirname(self.path)}; stop it first or use --state-dir") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


Stopper = Callable[[], Awaitable[None]]


class Daemon:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.lock = StateLock(settings.lock_path)
        self.store = Store(settings.db_path)
        self.configs = ConfigStore()
        self.registry = build_registry(self.configs.validate)
        self.core = ApiCore(self.registry, self.store, self.configs.view, self.configs.validate)
        self.gc = GarbageCollector(self.core)
        self.api: ApiServer | None = None
        self._runners: list[web.AppRunner] = []
        self._stoppers: list[Stopper] = []
        self._stopped = asyncio.Event()
        self._stopping: asyncio.Task[None] | None = None

    # -- start -------------------------------------------------------------------------------
    async def start(self) -> None:
        s = self.settings
        ensure_state_dir(s.state_dir)
        self.lock.acquire()
        token = load_or_create_token(s.token_path)
        self.store.open()
        self._load_configs()
        self.store.add_listener(self._on_config_change)
        self._bootstrap()
        self.gc.start()
        self._stoppers.append(self.gc.stop)
        pki = PKI(s.state_dir)
        pki.ensure(s.host)
        self.api = ApiServer(self.core, token, f"{s.host}:{s.api_port}")
        from knlite.serving.plane import ServingPlane

        self.serving = ServingPlane(self)
        await self.serving.start()
        from knlite.eventing.plane import EventingPlane

        self.eventing = EventingPlane(self)
        await self.eventing.start()
        await self._serve(self.api.app(), s.host, s.api_port, pki.server_context())
        write_info(s, os.getpid())
        self.api.ready = True
        freeze_startup_heap()
        log.info("knlite is ready: API %s (state %s)", s.api_url(), s.state_dir)

    async def _serve(self, app: web.Application, host: str, port: int, ssl_context: Any = None) -> None:
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, host, port, reuse_address=True, ssl_context=ssl_context)
        await site.start()
        self._runners.append(runner)

    def _load_configs(self) -> None:
        for ns in CONFIG_NAMESPACES:
            for cm in self.store.iter("ConfigMap", ns):
                self.configs.update(ns, cm["metadata"]["name"], cm.get("data") or {})

    def _on_config_change(self, ev: Event) -> None:
        if ev.gk != "ConfigMap":
            return
        ns = ev.obj["metadata"].get("namespace", "")
        if ns not in CONFIG_NAMESPACES:
            return
        if ev.type == DELETED:
            self.configs.delete(ns, ev.obj["metadata"]["name"])
        else:
            self.configs.update(ns, ev.obj["metadata"]["name"], ev.obj.get("data") or {})

    def _bootstrap(self) -> None:
        """Namespaces and Knative's ConfigMaps, created once; later edits by users are kept."""
        caller = Caller(user=SYSTEM_USER)
        ns_rt = self.registry.by_kind("", "Namespace")
        cm_rt = self.registry.by_kind("", "ConfigMap")
        assert ns_rt is not None and cm_rt is not None
        for name in BOOTSTRAP_NAMESPACES:
            if self.store.peek("Namespace", "", name) is None:
                self.core.create(ns_rt, "", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}},
                                 caller)
        for cm in bootstrap_configmaps():
            meta = cm["metadata"]
            if self.store.peek("ConfigMap", meta["namespace"], meta["name"]) is None:
                try:
                    self.core.create(cm_rt, meta["namespace"], copy.deepcopy(cm), caller)
                except ApiError as e:  # a shipped default that fails its own validation is a bug
                    log.error("bootstrap ConfigMap %s/%s rejected: %s", meta["namespace"], meta["name"], e.message)

    def on_stop(self, stopper: Stopper) -> None:
        """Register something to stop at shutdown (stopped in reverse order)."""
        self._stoppers.append(stopper)

    # -- stop --------------------------------------------------------------------------------
    async def stop(self) -> None:
        if self.api is not None:
            self.api.ready = False
        for runner in reversed(self._runners):
            with contextlib.suppress(Exception):
                await runner.cleanup()
        self._runners.clear()
        for stopper in reversed(self._stoppers):
            try:
                await stopper()
            except Exception:
                log.exception("error while stopping")
        self._stoppers.clear()
        self.store.close()
        self.lock.release()
        with contextlib.suppress(OSError):
            self.settings.info_path.unlink()
        log.info("knlite stopped")
        self._stopped.set()

    def request_stop(self) -> None:
        if self._stopping is None:
            self._stopping = asyncio.get_running_loop().create_task(self.stop(), name="shutdown")

    async def wait_stopped(self) -> None:
        await self._stopped.wait()


async def run(settings: Settings, after_ready: Callable[[Daemon], Coroutine[Any, Any, Any]] | None = None) -> int:
    daemon = Daemon(settings)
    try:
        await daemon.start()
    except AlreadyRunning as e:
        log.error("%s", e)
        return 1
    except OSError as e:
        log.error("cannot start: %s", e)
        await daemon.stop()
        return 1
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, daemon.request_stop)
    ready_task: asyncio.Future[Any] | None = None
    if after_ready is not None:
        ready_task = asyncio.ensure_future(after_ready(daemon))
    await daemon.wait_stopped()
    if ready_task is not None:
        ready_task.cancel()
    return 0
