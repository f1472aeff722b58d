"""Starting a container as a local process: command line, environment, limits, and exit watching.

A container here is a process group of its own (``start_new_session``) so that stopping it
reaches every process it started, as stopping a container's cgroup would: SIGTERM to the
group, SIGKILL after the grace period, and when the leader exits, whatever it left behind
in the group is killed too. Exits are watched through a pidfd on the event loop (a thread
per process where pidfds are missing), never by reaping other children, so the rest of the
daemon's subprocesses are left alone.

The command line follows Kubernetes: ``command`` replaces the image entrypoint, ``args``
the image cmd, and ``$(VAR)`` in either expands from the container's environment
(``$$`` escapes). Executables without a slash are looked up on the container's ``PATH``.

Limits: ``resources.limits.memory`` is enforced twice — ``RLIMIT_AS`` at twice the limit
plus 1 GiB (address space is not memory: interpreters and thread stacks reserve far more
than they touch, so a tight ``RLIMIT_AS`` would kill healthy apps) and a resident-set
watchdog in the runtime that kills the container with ``OOMKilled`` when its RSS passes the
limit. ``resources.limits.cpu`` becomes ``cpu.max`` in a cgroup v2 child group when the
daemon may create one (a delegated cgroup with the cpu controller); otherwise CPU limits
are not enforced, which is logged once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import resource
import shutil
import signal
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

GIB = 1024 ** 3


class StartError(Exception):
    """The container could not be started (kubelet: ``StartError``, exit code 128)."""


# -- command line and environment ------------------------------------------------------------

_REF = re.compile(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")


def expand(value: str, env: dict[str, str]) -> str:
    """Kubernetes' ``$(VAR)`` expansion: defined names are replaced, ``$$`` becomes ``$``,
    anything else is left as written."""

    def repl(m: re.Match[str]) -> str:
        if m.group(0) == "$$":
            return "$"
        name = m.group(1)
        return env[name] if name in env else m.group(0)

    return _REF.sub(repl, value)


def command_line(entrypoint: tuple[str, ...], cmd: tuple[str, ...], command: tuple[str, ...] | None,
                 args: tuple[str, ...] | None, env: dict[str, str]) -> list[str]:
    if command:
        argv = [expand(a, env) for a in command] + [expand(a, env) for a in args or ()]
    elif args:
        argv = [*entrypoint] + [expand(a, env) for a in args]
    else:
        argv = [*entrypoint, *cmd]
    if not argv:
        raise StartError("no command specified")
    return argv


def find_executable(name: str, path: str, cwd: Path) -> str:
    if "/" in name:
        target = name if name.startswith("/") else str(cwd / name)
        if not os.path.exists(target):
            raise StartError(f'exec: "{name}": stat {name}: no such file or directory')
        if not os.access(target, os.X_OK) or os.path.isdir(target):
            raise StartError(f'exec: "{name}": permission denied')
        return target
    found = shutil.which(name, path=path)
    if found is None:
        raise StartError(f'exec: "{name}": executable file not found in $PATH')
    return found


def field_ref(path: str, values: dict[str, str], labels: dict[str, str], annotations: dict[str, str]) -> str:
    """A ``fieldRef.fieldPath`` value for this instance (``metadata.labels['app']`` …)."""
    m = re.fullmatch(r"metadata\.(labels|annotations)\[['\"](.+)['\"]\]", path)
    if m:
        source = labels if m.group(1) == "labels" else annotations
        return source.get(m.group(2), "")
    if path == "metadata.labels":
        return "\n".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    if path == "metadata.annotations":
        return "\n".join(f'{k}="{v}"' for k, v in sorted(annotations.items()))
    return values.get(path, "")


# -- processes -------------------------------------------------------------------------------

def exit_code(returncode: int) -> int:
    """Popen's return code as a container exit code (killed by signal N → 128+N)."""
    return 128 - returncode if returncode < 0 else returncode


class Process:
    """A child process group, watched for exit without blocking the loop."""

    def __init__(self, popen: subprocess.Popen[bytes], loop: asyncio.AbstractEventLoop) -> None:
        self.popen = popen
        self.pid = popen.pid
        self.loop = loop
        self.exited: asyncio.Future[int] = loop.create_future()
        self._pidfd: int | None = None
        try:
            self._pidfd = os.pidfd_open(self.pid)
        except (AttributeError, OSError):
            threading.Thread(target=self._wait_thread, name=f"wait-{self.pid}", daemon=True).start()
        else:
            loop.add_reader(self._pidfd, self._on_exit)

    def _wait_thread(self) -> None:
        with contextlib.suppress(ChildProcessError):
            os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOWAIT)  # leave the zombie: the pgid stays ours
        with contextlib.suppress(RuntimeError):  # the loop is closed
            self.loop.call_soon_threadsafe(self._on_exit)

    def _on_exit(self) -> None:
        if self.exited.done():
            return
        if self._pidfd is not None:
            self.loop.remove_reader(self._pidfd)
            os.close(self._pidfd)
            self._pidfd = None
        # The leader is a zombie until reaped, so its pid (= the group id) cannot be reused yet:
        # kill what it left behind in its group, then reap it.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        rc = self.popen.wait()
        self.exited.set_result(exit_code(rc))

    @property
    def running(self) -> bool:
        return not self.exited.done()

    def signal_group(self, sig: int) -> None:
        if self.running:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, sig)

    async def wait(self) -> int:
        return await asyncio.shield(self.exited)

    async def terminate(self, grace: float) -> int:
        """SIGTERM the group, SIGKILL it after ``grace`` seconds; returns the exit code."""
        if self.running:
            self.signal_group(signal.SIGTERM)
            try:
                await asyncio.wait_for(asyncio.shield(self.exited), grace)
            except TimeoutError:
                self.signal_group(signal.SIGKILL)
        return await self.wait()


@dataclass(frozen=True)
class Limits:
    memory_bytes: int | None = None
    cpu_millis: int | None = None


def spawn(argv: list[str], *, env: dict[str, str], cwd: Path, stdout: int, loop: asyncio.AbstractEventLoop,
          executable: str | None = None, stdin: int = subprocess.DEVNULL) -> Process:
    """Start ``argv`` in a new session with stdout and stderr on ``stdout``. Raises StartError.

    ``executable`` is the resolved program; ``argv[0]`` stays as written, as in a container.
    """
    try:
        popen = subprocess.Popen(argv, executable=executable, env=env, cwd=cwd, stdin=stdin, stdout=stdout,
                                 stderr=subprocess.STDOUT, start_new_session=True, close_fds=True)
    except OSError as e:
        raise StartError(f'exec: "{argv[0]}": {e.strerror or e}') from None
    return Process(popen, loop)


def apply_limits(pid: int, limits: Limits, cgroup: CpuCgroups | None) -> Path | None:
    """Set rlimits on a just-started process; returns the cgroup it was moved to, if any."""
    if limits.memory_bytes:
        cap = 2 * limits.memory_bytes + GIB
        with contextlib.suppress(OSError, ValueError):
            resource.prlimit(pid, resource.RLIMIT_AS, (cap, cap))
    if limits.cpu_millis and cgroup is not None:
        return cgroup.place(pid, limits.cpu_millis)
    return None


def resident_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def start_ticks(pid: int) -> str | None:
    """The process start time in clock ticks (field 22 of /proc/pid/stat), to recognise a pid."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return None
    fields = data[data.rfind(b")") + 2:].split()
    return fields[19].decode() if len(fields) > 19 else None


class CpuCgroups:
    """cgroup v2 children with ``cpu.max`` under the daemon's own cgroup, when allowed."""

    PERIOD = 100_000

    def __init__(self, base: Path) -> None:
        self.base = base

    @classmethod
    def detect(cls) -> CpuCgroups | None:
        root = Path("/sys/fs/cgroup")
        if not (root / "cgroup.controllers").is_file():
            return None
        try:
            own = next(line[3:].strip() for line in Path("/proc/self/cgroup").read_text().splitlines()
                       if line.startswith("0::"))
        except (OSError, StopIteration):
            return None
        base = root / own.lstrip("/") / "knlite-workloads"
        try:
            base.mkdir(exist_ok=True)
            if "cpu" not in (base / "cgroup.controllers").read_text().split():
                return None
            (base / "cgroup.subtree_control").write_text("+cpu")
        except OSError:
            return None
        return cls(base)

    def place(self, pid: int, cpu_millis: int) -> Path | None:
        group = self.base / f"c{pid}"
        try:
            group.mkdir(exist_ok=True)
            (group / "cpu.max").write_text(f"{max(1000, cpu_millis * self.PERIOD // 1000)} {self.PERIOD}")
            (group / "cgroup.procs").write_text(str(pid))
        except OSError as e:
            log.debug("cpu limit for pid %d not applied: %s", pid, e)
            with contextlib.suppress(OSError):
                group.rmdir()
            return None
        return group


def remove_cgroup(group: Path | None) -> None:
    if group is not None:
        with contextlib.suppress(OSError):
            group.rmdir()

