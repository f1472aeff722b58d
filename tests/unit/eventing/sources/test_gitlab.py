"""GitLabSource: webhook deliveries replayed into CloudEvents, and the project-hook API client.

The payloads under ``tests/data/gitlab/`` follow GitLab's documented webhook examples; each
is POSTed to a receiver with its ``X-Gitlab-Event`` header, and the event that reaches the
(scripted) sink is checked attribute by attribute. The hook client runs against a small
aiohttp server playing GitLab's ``/api/v4/projects/:id/hooks`` endpoints.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from knlite.eventing.delivery import Response, TransportError
from knlite.eventing.sources.gitlab import (
    GitLabReceivers,
    Receiver,
    event_type_suffix,
    go_json,
    parse_webhook,
)
from knlite.eventing.sources.gitlab_api import (
    FAILED,
    PENDING,
    SYNCED,
    GitLabError,
    HookSpec,
    HookSyncer,
    HTTPHookAPI,
    SyncError,
    api_base,
    path_escape,
    split_project_url,
    sync_hook,
)
from knlite.serving.dataplane import CLUSTER_LOCAL, EXTERNAL

DATA = Path(__file__).resolve().parents[3] / "data" / "gitlab"
PROJECT = "https://gitlab.example.com/mike/diaspora"
SINK = "http://event-display.default.svc.cluster.local"
HOST = "gl-gitlabsource.default.example.com"
TOKEN = "s3cr3t"


class Sink:
    """A scripted sink transport: answers ``status`` (or raises), records what it got."""

    def __init__(self, status: int | str = 202) -> None:
        self.status = status
        self.got: list[tuple[str, dict[str, str], bytes]] = []

    async def send(self, url: str, headers: Mapping[str, str], body: bytes, timeout: float | None) -> Response:
        self.got.append((url, dict(headers), body))
        if isinstance(self.status, str):
            raise TransportError(self.status)
        return Response(self.status, {}, b"")


def receivers(sink: Sink, secret: str = TOKEN, overrides: dict[str, str] | None = None) -> GitLabReceivers:
    r = GitLabReceivers(sink)
    r.publish(Receiver("default", "gl", (HOST, "gl-gitlabsource.default.svc.cluster.local"), (HOST,),
                       f"http://{HOST}", secret, PROJECT, SINK, overrides or {}))
    return r


async def post(r: GitLabReceivers, event: str | None, body: bytes, token: str | None = TOKEN,
               method: str = "POST", host: str = HOST) -> Response:
    headers = {"Content-Type": "application/json"}
    if event is not None:
        headers["X-Gitlab-Event"] = event
    if token is not None:
        headers["X-Gitlab-Token"] = token
    return await r.handle(method, host, "/", headers, body)


REPLAYS = [
    ("push.json", "Push Hook", "push"),
    ("tag_push.json", "Tag Push Hook", "tag_push"),
    ("issue.json", "Issue Hook", "issue"),
    ("issue.json", "Confidential Issue Hook", "confidential_issue"),
    ("note_issue.json", "Note Hook", "note"),
    ("note_merge_request.json", "Note Hook", "note"),
    ("merge_request.json", "Merge Request Hook", "merge_request"),
    ("pipeline.json", "Pipeline Hook", "pipeline"),
    ("job.json", "Job Hook", "job"),  # "job", not the "build" ceAttributes advertise (upstream)
    ("wiki_page.json", "Wiki Page Hook", "wiki_page"),
]


@pytest.mark.parametrize(("name", "event", "suffix"), REPLAYS)
async def test_replayed_payload_becomes_a_cloudevent(name: str, event: str, suffix: str) -> None:
    sink = Sink()
    raw = (DATA / name).read_bytes()
    resp = await post(receivers(sink, overrides={"team": "blue"}), event, raw)
    assert (resp.status, resp.body) == (202, b"")
    [(url, headers, body)] = sink.got
    assert url == SINK
    assert headers["ce-specversion"] == "1.0"
    assert headers["ce-type"] == f"dev.knative.sources.gitlab.{suffix}"
    assert headers["ce-source"] == PROJECT
    assert headers["ce-comgitlabevent"] == event
    assert headers["ce-team"] == "blue"
    assert headers["content-type"] == "application/json"
    assert len(headers["ce-id"]) == 36 and headers["ce-time"].endswith("Z")
    assert "Prefer" not in headers
    assert json.loads(body) == json.loads(raw)
    assert b"\n" not in body  # compact, as json.Marshal


def test_payload_is_reencoded_with_gos_html_escaping() -> None:
    payload = parse_webhook("Note Hook", (DATA / "note_merge_request.json").read_bytes())
    out = go_json(payload)
    assert b"needs work \\u003cb\\u003ebefore\\u003c/b\\u003e merging \\u0026 shipping." in out
    assert go_json({"d": 17.0, "q": 3.5}) == b'{"d":17.0,"q":3.5}'
    assert go_json(parse_webhook("Push Hook", b'{"a": 1.0, "b": 2.50}')) == b'{"a":1,"b":2.5}'


@pytest.mark.parametrize(("header", "suffix"), [
    ("Push Hook", "push"), ("Tag Push Hook", "tag_push"), ("Merge Request Hook", "merge_request"),
    ("Confidential Note Hook", "confidential_note"), ("Job Hook", "job"), ("Wiki Page Hook", "wiki_page"),
    ("Push", ""), ("push hook", ""), ("", ""),
])
def test_event_type_suffix(header: str, suffix: str) -> None:
    assert event_type_suffix(header) == suffix


PARSE = "could parse the webhook event: "


@pytest.mark.parametrize(("kwargs", "status", "message"), [
    ({"token": "wrong"}, 400, PARSE + "token validation failed"),
    ({"token": None}, 400, PARSE + "token validation failed"),
    ({"token": TOKEN + " "}, 400, PARSE + "token validation failed"),
    ({"event": None}, 400, PARSE + "missing X-Gitlab-Event Header"),
    ({"event": "   "}, 400, PARSE + "missing X-Gitlab-Event Header"),
    ({"event": "Foo Hook"}, 400, PARSE + "unexpected event type: Foo Hook"),
    ({"event": "System Hook"}, 400, PARSE + "unexpected event type: System Hook"),
    ({"event": "push"}, 400, PARSE + "unexpected event type: push"),
    ({"method": "GET"}, 400, PARSE + "invalid HTTP Method"),
    ({"method": "PUT"}, 400, PARSE + "invalid HTTP Method"),
    ({"body": b""}, 400, PARSE + "error reading request body"),
    ({"body": b'{"object_kind": "push"'}, 400, PARSE + "unexpected end of JSON input"),
    ({"body": b"not json"}, 400, PARSE + "invalid character 'o' in literal null (expecting 'u')"),
    ({"body": b"[1, 2]"}, 400, PARSE + "json: cannot unmarshal array into Go value of type gitlab.PushEvent"),
    ({"event": "Note Hook", "body": b'{"object_kind": "issue"}'}, 400, PARSE + "unexpected object kind issue"),
    ({"event": "Note Hook", "body": b'{"object_kind": "note", "object_attributes": {"noteable_type": "Epic"}}'},
     400, PARSE + "unexpected noteable type Epic"),
    ({"event": "Service Hook", "body": b'{"object_kind": "build"}'}, 400, PARSE + "unexpected service type build"),
])
async def test_rejected_deliveries(kwargs: dict[str, Any], status: int, message: str) -> None:
    sink = Sink()
    args: dict[str, Any] = {"event": "Push Hook", "body": (DATA / "push.json").read_bytes(), "token": TOKEN,
                            "method": "POST"}
    args.update(kwargs)
    body = args.pop("body")
    resp = await post(receivers(sink), args.pop("event"), body, **args)
    assert (resp.status, resp.body.decode()) == (status, message)
    assert resp.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert sink.got == []


async def test_no_secret_configured_accepts_any_token() -> None:
    sink = Sink()
    resp = await post(receivers(sink, secret=""), "Push Hook", (DATA / "push.json").read_bytes(), token=None)
    assert resp.status == 202 and len(sink.got) == 1


@pytest.mark.parametrize("answer", [500, 400, 404, "dial tcp 127.0.0.1:9: connect: connection refused"])
async def test_sink_failure_is_500_without_retries(answer: int | str) -> None:
    sink = Sink(answer)
    resp = await post(receivers(sink), "Push Hook", (DATA / "push.json").read_bytes())
    assert resp.status == 500 and resp.body.startswith(b"error handling the event: ")
    assert len(sink.got) == 1


async def test_service_hook_type_comes_from_the_header() -> None:
    """A Service Hook parses (as push, tag push or merge request); its type comes from the header."""
    sink = Sink()
    resp = await post(receivers(sink), "Service Hook", b'{"object_kind": "push"}')
    assert resp.status == 202
    assert sink.got[0][1]["ce-type"] == "dev.knative.sources.gitlab.service"


async def test_unknown_host_and_removal() -> None:
    sink = Sink()
    r = receivers(sink)
    assert r.handles(HOST) and r.handles("gl-gitlabsource.default.svc.cluster.local")
    rules = r.route_rules()
    assert rules[HOST].visibility == EXTERNAL
    assert rules["gl-gitlabsource.default.svc.cluster.local"].visibility == CLUSTER_LOCAL
    changes: list[int] = []
    r.on_hosts_change(lambda: changes.append(1))
    r.remove("default", "gl")
    assert changes == [1] and not r.handles(HOST) and r.route_rules() == {}
    resp = await post(r, "Push Hook", b"{}", host=HOST)
    assert resp.status == 404


# -- the project hook API ---------------------------------------------------------------------------


def test_project_url_split_and_escaping() -> None:
    assert split_project_url("https://gitlab.com/group/sub/my.project") == ("https://gitlab.com/", "group/sub/my.project")
    assert api_base("https://gitlab.com/") == "https://gitlab.com/api/v4/"
    assert path_escape("group/sub/my.project") == "group%2Fsub%2Fmy%2Eproject"
    spec = HookSpec("https://gitlab.com/group/proj", "tok", "sec", "http://x", ("push_events", "job_events",
                                                                                  "deployment_events"), True)
    assert spec.hooks_url() == "https://gitlab.com/api/v4/projects/group%2Fproj/hooks"
    assert spec.hooks_url(7) == "https://gitlab.com/api/v4/projects/group%2Fproj/hooks/7"
    assert spec.add_options() == {"url": "http://x", "enable_ssl_verification": True, "token": "sec",
                                  "push_events": True, "job_events": True}
    edit = spec.edit_options()
    assert edit["push_events"] is True and edit["issues_events"] is False and "deployment_events" not in edit


class FakeAPI:
    def __init__(self, hooks: dict[int, dict[str, Any]] | None = None, fail: GitLabError | None = None) -> None:
        self.hooks = hooks if hooks is not None else {}
        self.fail = fail
        self.calls: list[str] = []

    async def get(self, spec: HookSpec, hook_id: int) -> dict[str, Any]:
        self.calls.append(f"get {hook_id}")
        if self.fail:
            raise self.fail
        if hook_id not in self.hooks:
            raise GitLabError("404 Not Found", 404)
        return self.hooks[hook_id]

    async def add(self, spec: HookSpec) -> int:
        self.calls.append("add")
        if self.fail:
            raise self.fail
        hook_id = max(self.hooks, default=0) + 1
        self.hooks[hook_id] = spec.add_options()
        return hook_id

    async def edit(self, spec: HookSpec, hook_id: int) -> None:
        self.calls.append(f"edit {hook_id}")
        self.hooks[hook_id] = spec.edit_options()

    async def delete(self, spec: HookSpec, hook_id: int) -> None:
        self.calls.append(f"delete {hook_id}")
        self.hooks.pop(hook_id, None)


SPEC = HookSpec(PROJECT, "glpat-x", TOKEN, f"http://{HOST}", ("push_events",))


async def test_sync_adds_then_edits_and_readds_a_vanished_hook() -> None:
    api = FakeAPI()
    assert await sync_hook(api, SPEC, None) == 1
    assert await sync_hook(api, SPEC, 1) == 1
    api.hooks.clear()
    assert await sync_hook(api, SPEC, 1) == 1
    assert api.calls == ["add", "get 1", "edit 1", "get 1", "add"]


async def test_sync_errors_carry_upstreams_wording() -> None:
    with pytest.raises(SyncError) as e:
        await sync_hook(FakeAPI(fail=GitLabError("POST https://x/hooks: 401 {message: 401 Unauthorized}", 401)),
                        SPEC, None)
    assert (e.value.reason, e.value.message) == (
        "WebhookError", 'Error adding webhook: adding webhook to project "mike/diaspora": '
                        "POST https://x/hooks: 401 {message: 401 Unauthorized}")
    with pytest.raises(SyncError, match='Error retrieving webhook: getting webhook from project "mike/diaspora"'):
        await sync_hook(FakeAPI(fail=GitLabError("boom", 500)), SPEC, 3)


async def test_syncer_runs_in_the_background_and_retries() -> None:
    api = FakeAPI(fail=GitLabError("no route", None))
    now = [0.0]
    syncer = HookSyncer(api, clock=lambda: now[0])
    st = syncer.sync(("default", "gl"), SPEC, None)
    assert st.phase == PENDING
    assert st.task is not None
    await st.task
    assert syncer.sync(("default", "gl"), SPEC, None).phase == FAILED
    assert api.calls == ["add"]  # not retried before its delay
    api.fail = None
    now[0] = 10.0
    st = syncer.sync(("default", "gl"), SPEC, None)
    assert st.task is not None
    await st.task
    assert (st.phase, st.hook_id) == (SYNCED, 1)
    assert syncer.delete(("default", "gl"), SPEC, 1) is False
    await syncer._deletes[("default", "gl")]
    assert syncer.delete(("default", "gl"), SPEC, 1) is True and api.hooks == {}
    await syncer.stop()


async def test_http_client_against_a_gitlab_double() -> None:
    seen: list[tuple[str, str, str, Any]] = []

    async def hooks(request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else None
        seen.append((request.method, request.raw_path, request.headers.get("PRIVATE-TOKEN", ""), body))
        if request.headers.get("PRIVATE-TOKEN") != "glpat-x":
            return web.json_response({"message": "401 Unauthorized"}, status=401)
        if request.method == "POST":
            return web.json_response({"id": 42, **body}, status=201)
        if request.method == "GET" and request.match_info.get("id") == "404":
            return web.json_response({"message": "404 Not found"}, status=404)
        return web.json_response({"id": 42})

    app = web.Application()
    app.router.add_route("*", "/api/v4/projects/{project}/hooks", hooks)
    app.router.add_route("*", "/api/v4/projects/{project}/hooks/{id}", hooks)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    api = HTTPHookAPI()
    try:
        spec = HookSpec(f"http://127.0.0.1:{port}/mike/diaspora", "glpat-x", TOKEN, f"http://{HOST}",
                        ("push_events", "merge_requests_events"))
        assert await sync_hook(api, spec, None) == 42
        assert await sync_hook(api, spec, 404) == 42  # vanished: re-added
        assert await sync_hook(api, spec, 42) == 42
        await api.delete(spec, 42)
        methods = [(m, p) for m, p, _, _ in seen]
        assert methods == [("POST", "/api/v4/projects/mike%2Fdiaspora/hooks"),
                           ("GET", "/api/v4/projects/mike%2Fdiaspora/hooks/404"),
                           ("POST", "/api/v4/projects/mike%2Fdiaspora/hooks"),
                           ("GET", "/api/v4/projects/mike%2Fdiaspora/hooks/42"),
                           ("PUT", "/api/v4/projects/mike%2Fdiaspora/hooks/42"),
                           ("DELETE", "/api/v4/projects/mike%2Fdiaspora/hooks/42")]
        assert seen[0][3] == {"url": f"http://{HOST}", "enable_ssl_verification": False, "token": TOKEN,
                              "push_events": True, "merge_requests_events": True}
        assert seen[4][3]["tag_push_events"] is False and seen[4][3]["push_events"] is True
        bad = HookSpec(spec.project_url, "wrong", "", spec.url, ())
        with pytest.raises(SyncError, match=r'adding webhook to project "mike/diaspora": POST '
                                            rf"http://127.0.0.1:{port}/api/v4/projects/mike/diaspora/hooks: 401 "
                                            r"\{message: 401 Unauthorized\}"):
            await sync_hook(api, bad, None)
    finally:
        await api.close()
        await runner.cleanup()
    with pytest.raises(SyncError, match=r'Error adding webhook: .*Post "http://127.0.0.1:1/api/v4/projects/'):
        await sync_hook(api, HookSpec("http://127.0.0.1:1/a/b", "t", "", "http://x", ()), None)
    await api.close()
