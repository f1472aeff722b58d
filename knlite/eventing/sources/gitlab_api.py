"""Registering a GitLabSource's project hook through the GitLab REST API (v4).

Upstream (``pkg/reconciler/source/gitlabsource.go``, ``pkg/client/gitlab/webhook_client.go``)
keeps the project's webhook in step with the source on every reconcile, using the access
token: with no ``status.webhookID`` it adds a hook (``POST /projects/:id/hooks``: the adapter's
URL, the secret ``token``, ``enable_ssl_verification`` = ``sslverify``, ``<name>: true`` for
each listed event type); with one it fetches it (``GET``) — re-adding it when GitLab answers
404 — and edits it (``PUT``), turning every other event flag off; when the source is deleted
it removes it (``DELETE``). ``:id`` is the project path of ``spec.projectUrl``, URL-encoded
(``group%2Fproject``), under ``<scheme>://<host>/api/v4/``; the token goes in
``PRIVATE-TOKEN``. Error texts follow go-gitlab's (``POST https://…/hooks: 401 {message: 401
Unauthorized}``) wrapped as upstream wraps them, because they end up in the source's status.

The reconciler must not wait on GitLab, so :class:`HookSyncer` runs each sync as a task and
remembers its outcome per source; the reconciler reads the outcome on its next pass (it asks
to be called again while a sync is in flight). A successful sync is repeated every
``resync`` seconds, so a hook deleted in GitLab comes back as upstream's resyncs bring it
back; a failed one is retried with a doubling delay.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import quote, unquote, urlsplit

import aiohttp

log = logging.getLogger(__name__)

API_PATH = "api/v4/"
TIMEOUT = 10.0
RESYNC = 600.0
RETRY_MIN, RETRY_MAX = 5.0, 300.0

# The hook flags upstream manages (deployment_events and newer ones are left alone).
HOOK_FLAGS = ("confidential_issues_events", "confidential_note_events", "issues_events", "job_events",
              "merge_requests_events", "note_events", "pipeline_events", "push_events", "tag_push_events",
              "wiki_page_events")

REASON_MISSING_CREDENTIALS = "MissingCredentials"
REASON_CLIENT_ERROR = "ClientError"
REASON_WEBHOOK_ERROR = "WebhookError"


class GitLabError(Exception):
    """A failed API call; ``status`` is the HTTP status when GitLab answered."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class SyncError(Exception):
    """A failed sync, with the ``WebhookConfigured`` reason and message upstream would show."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def split_project_url(project_url: str) -> tuple[str, str]:
    """``splitGitLabProjectURL``: ``https://gitlab.com/group/proj`` → (``https://gitlab.com/``, ``group/proj``)."""
    path = urlsplit(project_url).path
    project = path[1:]
    base = project_url[: len(project_url) - len(project)] if project and project_url.endswith(project) \
        else project_url
    return base, project


def api_base(base_url: str) -> str:
    """go-gitlab's ``setBaseURL``: a trailing slash, then ``api/v4/``."""
    if not base_url.endswith("/"):
        base_url += "/"
    if not base_url.endswith(API_PATH):
        base_url += API_PATH
    return base_url


def path_escape(project: str) -> str:
    """go-gitlab's ``PathEscape``: ``url.PathEscape`` with ``.`` also escaped."""
    return quote(project, safe="").replace(".", "%2E")


@dataclass(frozen=True)
class HookSpec:
    """What the project hook should look like."""

    project_url: str
    access_token: str
    secret_token: str
    url: str  # the receive adapter's URL
    event_types: tuple[str, ...]
    ssl_verify: bool = False

    @property
    def project(self) -> str:
        return split_project_url(self.project_url)[1]

    def hooks_url(self, hook_id: int | None = None) -> str:
        base, project = split_project_url(self.project_url)
        url = f"{api_base(base)}projects/{path_escape(project)}/hooks"
        return url if hook_id is None else f"{url}/{hook_id}"

    def add_options(self) -> dict[str, Any]:
        body: dict[str, Any] = {"url": self.url, "enable_ssl_verification": self.ssl_verify}
        if self.secret_token:
            body["token"] = self.secret_token
        for name in self.event_types:
            if name in HOOK_FLAGS:
                body[name] = True
        return body

    def edit_options(self) -> dict[str, Any]:
        body = self.add_options()
        for name in HOOK_FLAGS:
            body.setdefault(name, False)
        return body


class HookAPI(Protocol):
    async def get(self, spec: HookSpec, hook_id: int) -> dict[str, Any]: ...
    async def add(self, spec: HookSpec) -> int: ...
    async def edit(self, spec: HookSpec, hook_id: int) -> None: ...
    async def delete(self, spec: HookSpec, hook_id: int) -> None: ...


def _error_message(body: bytes) -> str:
    """go-gitlab's ``parseError`` of an error body, as ``{message: ...}``."""
    try:
        raw = json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace").strip()
    if isinstance(raw, dict):
        for key in ("message", "error"):
            if key in raw:
                value = raw[key]
                if isinstance(value, dict):
                    inner = ", ".join(f"{k}: {v}" for k, v in sorted(value.items()))
                    return f"{{{key}: {{{inner}}}}}"
                return f"{{{key}: {value}}}"
    return body.decode("utf-8", "replace").strip()


class HTTPHookAPI:
    """The real thing: one aiohttp session, ``PRIVATE-TOKEN`` auth, 10 s per request."""

    def __init__(self, timeout: float = TIMEOUT) -> None:
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout),
                                                  headers={"User-Agent": "knlite-gitlabsource"})
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _call(self, method: str, url: str, token: str, body: dict[str, Any] | None = None) -> Any:
        headers = {"PRIVATE-TOKEN": token, "Accept": "application/json"}
        try:
            async with self._open().request(method, url, json=body, headers=headers) as resp:
                data = await resp.read()
                if resp.status >= 300:
                    parts = urlsplit(url)
                    shown = f"{parts.scheme}://{parts.netloc}{unquote(parts.path)}"
                    msg = _error_message(data)
                    raise GitLabError(f"{method} {shown}: {resp.status}" + (f" {msg}" if msg else ""), resp.status)
                return json.loads(data) if data.strip() else None
        except GitLabError:
            raise
        except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as e:
            why = str(e) or type(e).__name__
            if isinstance(e, TimeoutError):
                why = "context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
            raise GitLabError(f'{method.title()} "{url}": {why}') from None

    async def get(self, spec: HookSpec, hook_id: int) -> dict[str, Any]:
        out = await self._call("GET", spec.hooks_url(hook_id), spec.access_token)
        return out if isinstance(out, dict) else {}

    async def add(self, spec: HookSpec) -> int:
        out = await self._call("POST", spec.hooks_url(), spec.access_token, spec.add_options())
        if not isinstance(out, dict) or not isinstance(out.get("id"), int):
            raise GitLabError(f"POST {spec.hooks_url()}: unexpected answer {out!r}")
        return int(out["id"])

    async def edit(self, spec: HookSpec, hook_id: int) -> None:
        await self._call("PUT", spec.hooks_url(hook_id), spec.access_token, spec.edit_options())

    async def delete(self, spec: HookSpec, hook_id: int) -> None:
        await self._call("DELETE", spec.hooks_url(hook_id), spec.access_token)


async def sync_hook(api: HookAPI, spec: HookSpec, hook_id: int | None) -> int:
    """``syncWebhook``: add, or get-then-edit (re-adding a hook GitLab no longer has); the hook id."""
    project = spec.project
    if hook_id is not None:
        try:
            await api.get(spec, hook_id)
        except GitLabError as e:
            if e.status != 404:
                raise SyncError(REASON_WEBHOOK_ERROR,
                                f'Error retrieving webhook: getting webhook from project "{project}": {e}') from None
            hook_id = None
    if hook_id is None:
        try:
            return await api.add(spec)
        except GitLabError as e:
            raise SyncError(REASON_WEBHOOK_ERROR,
                            f'Error adding webhook: adding webhook to project "{project}": {e}') from None
    try:
        await api.edit(spec, hook_id)
    except GitLabError as e:
        raise SyncError(REASON_WEBHOOK_ERROR,
                        f'Error updating webhook: editing webhook in project "{project}": {e}') from None
    return hook_id


# -- the syncer -----------------------------------------------------------------------------------

PENDING, SYNCED, FAILED = "Pending", "Synced", "Failed"


@dataclass
class HookState:
    spec: HookSpec
    phase: str = PENDING
    hook_id: int | None = None
    reason: str = ""
    message: str = ""
    finished: float = 0.0
    failures: int = 0
    task: asyncio.Task[None] | None = field(default=None, repr=False)

    def retry_after(self) -> float:
        if self.phase == SYNCED:
            return RESYNC
        return min(RETRY_MIN * 2 ** max(self.failures - 1, 0), RETRY_MAX)


Key = tuple[str, str]


class HookSyncer:
    """Per-source project-hook syncs running in the background (see the module docstring)."""

    def __init__(self, api: HookAPI | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.api: HookAPI = api if api is not None else HTTPHookAPI()
        self.clock = clock
        self._states: dict[Key, HookState] = {}
        self._deletes: dict[Key, asyncio.Task[None]] = {}

    def state(self, key: Key) -> HookState | None:
        return self._states.get(key)

    def sync(self, key: Key, spec: HookSpec, hook_id: int | None) -> HookState:
        """The latest outcome for ``key``; starts a sync when the spec changed or one is due."""
        st = self._states.get(key)
        if st is not None and st.task is not None and not st.task.done():
            return st
        now = self.clock()
        if st is None or st.spec != spec:
            if hook_id is None and st is not None:
                hook_id = st.hook_id
            st = self._states[key] = HookState(spec, hook_id=hook_id)
        elif now - st.finished < st.retry_after():
            return st
        else:
            hook_id = st.hook_id if st.hook_id is not None else hook_id
        st.task = asyncio.get_running_loop().create_task(self._run(st, hook_id),
                                                         name=f"gitlabsource-hook:{key[0]}/{key[1]}")
        return st

    async def _run(self, st: HookState, hook_id: int | None) -> None:
        try:
            st.hook_id = await sync_hook(self.api, st.spec, hook_id)
            st.phase, st.reason, st.message, st.failures = SYNCED, "", "", 0
        except SyncError as e:
            st.phase, st.reason, st.message = FAILED, e.reason, e.message
            st.failures += 1
        except Exception as e:  # a bug must not leave the source pending forever
            log.exception("gitlabsource hook sync failed")
            st.phase, st.reason, st.message = FAILED, REASON_CLIENT_ERROR, f"Error obtaining GitLab webhook client: {e}"
            st.failures += 1
        st.finished = self.clock()

    def forget(self, key: Key) -> None:
        st = self._states.pop(key, None)
        if st is not None and st.task is not None:
            st.task.cancel()

    def delete(self, key: Key, spec: HookSpec, hook_id: int) -> bool:
        """Remove the hook (``FinalizeKind``); True once the attempt finished (failures are logged)."""
        task = self._deletes.get(key)
        if task is None:
            self.forget(key)
            self._deletes[key] = asyncio.get_running_loop().create_task(
                self._delete(spec, hook_id), name=f"gitlabsource-unhook:{key[0]}/{key[1]}")
            return False
        if not task.done():
            return False
        del self._deletes[key]
        return True

    async def _delete(self, spec: HookSpec, hook_id: int) -> None:
        try:
            await self.api.delete(spec, hook_id)
        except GitLabError as e:
            if e.status != 404:
                log.warning("could not delete project hook %d of %s (remove it by hand): deleting webhook from "
                            'project "%s": %s', hook_id, spec.project_url, spec.project, e)

    async def stop(self) -> None:
        tasks = [st.task for st in self._states.values() if st.task is not None] + list(self._deletes.values())
        for t in tasks:
            t.cancel()
        for t in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await t
        close = getattr(self.api, "close", None)
        if close is not None:
            await close()
