"""kn's connection to the API: the kubeconfig kubectl uses, then plain Kubernetes REST.

The kubeconfig is found as client-go finds it: ``--kubeconfig``, else every file of
``$KUBECONFIG`` (merged, the first definition of a name wins), else ``~/.kube/config``;
``--context`` and ``--cluster`` override the current context's choices. The server's CA
comes from ``certificate-authority-data`` (or ``-file``), credentials from ``token``,
``tokenFile``, client certificates or basic auth; ``--as``/``--as-group``/``--as-uid`` become
impersonation headers and ``--log-http`` prints every exchange on stderr.

Requests go over one keep-alive connection (:mod:`knlite.cli.kn.http11`): a kn command is
short-lived and makes a handful of calls, so a small synchronous client starts faster than
``http.client`` or an asyncio stack. The kubeconfig is read with a small parser for the YAML
that kubeconfig files use (PyYAML only when a file needs more), for the same reason. A
non-2xx answer becomes :class:`~knlite.cli.kn.errors.ApiError` carrying the server's
``Status`` message, which is what kn prints; a refused connection or a rejected token
becomes an error that says how to fix it (start the daemon, regenerate the kubeconfig).
Watches (``?watch=true``) are read line by line from the chunked response.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode, urlsplit

from knlite.cli.kn.errors import ApiError, KnError
from knlite.cli.kn.http11 import Connection, RemoteDisconnected

if TYPE_CHECKING:
    import ssl

Obj = dict[str, Any]

START_HINT = ("Is knlite running? Start it with `knlite up` (or `make run` in a knlite checkout) and point "
              "KUBECONFIG at the kubeconfig it writes (~/.knlite/kubeconfig).")
NO_CONFIG_MESSAGE = "no kubeconfig has been provided, please use a valid configuration to connect to the cluster"


# -- kubeconfig ----------------------------------------------------------------------------------

def _load_yaml(path: Path) -> Obj:
    text = path.read_text()
    try:
        doc = simple_yaml(text)
    except ValueError:
        import yaml

        try:
            doc = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as e:
            raise KnError(f"error loading config file \"{path}\": {e}") from None
    return doc if isinstance(doc, dict) else {}


# -- a YAML subset parser for kubeconfig files ---------------------------------------------------

def _scalar(text: str) -> Any:
    text = text.strip()
    if text.startswith('"'):
        if not text.endswith('"') or len(text) < 2:
            raise ValueError("unterminated string")
        return json.loads(text)
    if text.startswith("'"):
        if not text.endswith("'") or len(text) < 2:
            raise ValueError("unterminated string")
        return text[1:-1].replace("''", "'")
    if " #" in text:
        text = text.split(" #", 1)[0].rstrip()
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("{}", "[]"):
        return {} if text == "{}" else []
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if text[0] in "&*!|>%@`{[":
        raise ValueError("unsupported YAML")
    if text.lstrip("-").isdigit():
        return int(text)
    return text


def _split_key(content: str) -> tuple[str, str] | None:
    if content[0] in "\"'":
        q = content[0]
        end = content.find(q, 1)
        if end < 0 or not content[end + 1:].startswith(":"):
            return None
        return str(_scalar(content[:end + 1])), content[end + 2:]
    i = content.find(": ")
    if i < 0:
        return (content[:-1], "") if content.endswith(":") else None
    return content[:i], content[i + 2:]


def simple_yaml(text: str) -> Any:
    """Block mappings, block sequences and one-line scalars: the YAML kubeconfig files use.

    Raises ValueError for anything else (the caller then uses PyYAML).
    """
    lines: list[tuple[int, str]] = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
            continue
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise ValueError("tab indentation")
        lines.append((len(raw) - len(raw.lstrip(" ")), stripped))

    def is_item(c: str) -> bool:
        return c == "-" or c.startswith("- ")

    def block(i: int, indent: int) -> tuple[Any, int]:
        return sequence(i, indent) if is_item(lines[i][1]) else mapping(i, indent)

    def mapping(i: int, indent: int) -> tuple[Any, int]:
        out: Obj = {}
        while i < len(lines) and lines[i][0] == indent and not is_item(lines[i][1]):
            kv = _split_key(lines[i][1])
            if kv is None:
                raise ValueError(f"not a mapping entry: {lines[i][1]!r}")
            key, rest = kv
            i += 1
            if rest.strip() and not rest.strip().startswith("#"):
                out[key] = _scalar(rest)
            elif i < len(lines) and (lines[i][0] > indent or (lines[i][0] == indent and is_item(lines[i][1]))):
                out[key], i = block(i, lines[i][0])
            else:
                out[key] = None
        if i < len(lines) and lines[i][0] > indent:
            raise ValueError("unexpected indentation")
        return out, i

    def sequence(i: int, indent: int) -> tuple[Any, int]:
        out: list[Any] = []
        while i < len(lines) and lines[i][0] == indent and is_item(lines[i][1]):
            item = lines[i][1][1:].lstrip(" ")
            if not item:
                i += 1
                if i < len(lines) and lines[i][0] > indent:
                    value, i = block(i, lines[i][0])
                    out.append(value)
                else:
                    out.append(None)
            elif _split_key(item) is not None:
                lines[i] = (indent + len(lines[i][1]) - len(item), item)
                value, i = mapping(i, lines[i][0])
                out.append(value)
            else:
                out.append(_scalar(item))
                i += 1
        return out, i

    if not lines:
        return {}
    doc, end = block(0, lines[0][0])
    if end != len(lines):
        raise ValueError("trailing content")
    return doc


def kubeconfig_paths(explicit: str = "") -> list[Path]:
    """The files client-go reads, in precedence order."""
    if explicit:
        return [Path(explicit).expanduser()]
    env = os.environ.get("KUBECONFIG", "")
    if env:
        return [Path(p).expanduser() for p in env.split(os.pathsep) if p]
    return [Path.home() / ".kube" / "config"]


def load_kubeconfig(explicit: str = "") -> Obj:
    """The merged kubeconfig (``{}`` when there is none)."""
    merged: Obj = {"clusters": {}, "users": {}, "contexts": {}, "current-context": ""}
    found = False
    for path in kubeconfig_paths(explicit):
        if not path.exists():
            if explicit:
                raise KnError(f"stat {path}: no such file or directory")
            continue
        found = True
        doc = _load_yaml(path)
        for section, key in (("clusters", "cluster"), ("users", "user"), ("contexts", "context")):
            for entry in doc.get(section) or []:
                if isinstance(entry, dict) and entry.get("name") not in merged[section]:
                    item = dict(entry.get(key) or {})
                    item["_dir"] = str(path.parent)
                    merged[section][entry.get("name")] = item
        if not merged["current-context"] and doc.get("current-context"):
            merged["current-context"] = doc["current-context"]
    return merged if found else {}


class ConnectionConfig:
    """Where the API is and how to talk to it (client-go's ``rest.Config``)."""

    def __init__(self, server: str, namespace: str = "default", ca_data: bytes | None = None,
                 insecure: bool = False, token: str = "", username: str = "", password: str = "",
                 cert_data: bytes | None = None, key_data: bytes | None = None) -> None:
        self.server = server
        self.namespace = namespace
        self.ca_data = ca_data
        self.insecure = insecure
        self.token = token
        self.username = username
        self.password = password
        self.cert_data = cert_data
        self.key_data = key_data
        self.impersonate: dict[str, list[str]] = {}
        self.log_http = False


def _file_or_data(entry: Obj, key: str) -> bytes | None:
    data = entry.get(f"{key}-data")
    if data:
        return base64.b64decode(data)
    path = entry.get(key)
    if path:
        p = Path(path)
        if not p.is_absolute():
            p = Path(entry.get("_dir", ".")) / p
        try:
            return p.read_bytes()
        except OSError as e:
            raise KnError(f"unable to read {key} {p}: {e.strerror}") from None
    return None


def connection_config(kubeconfig: str = "", context: str = "", cluster: str = "") -> ConnectionConfig:
    cfg = load_kubeconfig(kubeconfig)
    if not cfg:
        raise KnError(NO_CONFIG_MESSAGE, hint=START_HINT)
    ctx_name = context or cfg.get("current-context", "")
    if not ctx_name:
        raise KnError(NO_CONFIG_MESSAGE, hint=START_HINT)
    ctx = cfg["contexts"].get(ctx_name)
    if ctx is None:
        raise KnError(f'context "{ctx_name}" does not exist')
    cluster_name = cluster or ctx.get("cluster", "")
    cl = cfg["clusters"].get(cluster_name)
    if cl is None or not cl.get("server"):
        raise KnError(f'cluster "{cluster_name}" does not exist' if cl is None else
                      "invalid configuration: no server found for cluster " + repr(cluster_name))
    user = cfg["users"].get(ctx.get("user", ""), {})
    token = str(user.get("token") or "")
    if not token and user.get("tokenFile"):
        try:
            token = Path(user["tokenFile"]).read_text().strip()
        except OSError as e:
            raise KnError(f"unable to read token file {user['tokenFile']}: {e.strerror}") from None
    return ConnectionConfig(
        server=str(cl["server"]).rstrip("/"),
        namespace=str(ctx.get("namespace") or "default"),
        ca_data=_file_or_data(cl, "certificate-authority"),
        insecure=bool(cl.get("insecure-skip-tls-verify")),
        token=token,
        username=str(user.get("username") or ""),
        password=str(user.get("password") or ""),
        cert_data=_file_or_data(user, "client-certificate"),
        key_data=_file_or_data(user, "client-key"),
    )


def current_namespace(kubeconfig: str = "", context: str = "") -> str:
    """The namespace kn uses without ``-n`` (``default`` when there is no kubeconfig at all)."""
    cfg = load_kubeconfig(kubeconfig)
    if not cfg:
        return "default"
    ctx = cfg["contexts"].get(context or cfg.get("current-context", ""), {})
    return str(ctx.get("namespace") or "default")


# -- REST ------------------------------------------------------------------------------------------

def _ssl_context(cfg: ConnectionConfig) -> ssl.SSLContext:
    import ssl
    import tempfile

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if cfg.insecure:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    elif cfg.ca_data:
        ctx.load_verify_locations(cadata=cfg.ca_data.decode())
    else:
        ctx.load_default_certs()
    if cfg.cert_data and cfg.key_data:
        with tempfile.NamedTemporaryFile("wb") as cert, tempfile.NamedTemporaryFile("wb") as key:
            cert.write(cfg.cert_data)
            cert.flush()
            key.write(cfg.key_data)
            key.flush()
            ctx.load_cert_chain(cert.name, key.name)
    return ctx


def api_path(api_version: str, plural: str, namespace: str | None, name: str = "", sub: str = "") -> str:
    """``/apis/<group>/<version>[/namespaces/<ns>]/<plural>[/<name>[/<sub>]]`` (``/api/v1`` for core)."""
    base = f"/apis/{api_version}" if "/" in api_version else f"/api/{api_version}"
    path = base + (f"/namespaces/{quote(namespace)}" if namespace else "") + f"/{plural}"
    if name:
        path += "/" + quote(name, safe="")
        if sub:
            path += "/" + sub
    return path


class Client:
    """A REST client for one API server (one connection, reused)."""

    def __init__(self, cfg: ConnectionConfig) -> None:
        self.cfg = cfg
        parts = urlsplit(cfg.server)
        self.scheme = parts.scheme or "https"
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (443 if self.scheme == "https" else 80)
        self.prefix = parts.path.rstrip("/")
        self._conn: Connection | None = None
        self._ssl: ssl.SSLContext | None = None
        self.warnings_seen: set[str] = set()

    @property
    def namespace(self) -> str:
        return self.cfg.namespace

    # -- connection -----------------------------------------------------------------------------
    def _connect(self, timeout: float | None) -> Connection:
        if self.scheme == "https" and self._ssl is None:
            self._ssl = _ssl_context(self.cfg)
        conn = Connection(self.host, self.port, self._ssl if self.scheme == "https" else None, timeout)
        try:
            conn.connect()
        except OSError as e:
            raise self._connection_error("GET", "", e) from None
        return conn

    def _headers(self, content_type: str | None) -> dict[str, str]:
        h = {"Accept": "application/json", "User-Agent": "kn/v1.12.0 (knlite)"}
        if content_type:
            h["Content-Type"] = content_type
        if self.cfg.token:
            h["Authorization"] = f"Bearer {self.cfg.token}"
        elif self.cfg.username:
            creds = base64.b64encode(f"{self.cfg.username}:{self.cfg.password}".encode()).decode()
            h["Authorization"] = f"Basic {creds}"
        for key, values in self.cfg.impersonate.items():
            for v in values:
                h[key] = v
        return h

    def _url(self, path: str) -> str:
        return f"{self.scheme}://{self.host}:{self.port}{path}"

    def _connection_error(self, method: str, path: str, e: OSError) -> KnError:
        verb = method.capitalize()
        url = self._url(path or self.prefix or "/")
        if isinstance(e, ConnectionRefusedError):
            detail = f"dial tcp {self.host}:{self.port}: connect: connection refused"
        elif isinstance(e, socket.gaierror):
            detail = f"dial tcp: lookup {self.host}: {e.strerror}"
        elif isinstance(e, TimeoutError):
            detail = f"dial tcp {self.host}:{self.port}: i/o timeout"
        else:
            import ssl

            if isinstance(e, ssl.SSLCertVerificationError):
                return KnError(f'{verb} "{url}": tls: failed to verify certificate: {e.verify_message}',
                               hint="The kubeconfig's certificate-authority-data does not match the server's "
                                    "certificate; regenerate the kubeconfig with `knlite kubeconfig`.")
            detail = str(e)
        return KnError(f'{verb} "{url}": {detail}', hint=START_HINT)

    def request(self, method: str, path: str, body: Any = None, query: dict[str, str] | None = None,
                content_type: str = "application/json", timeout: float | None = 60.0) -> Any:
        full = self.prefix + path + ("?" + urlencode(query) if query else "")
        data = json.dumps(body).encode() if body is not None else None
        headers = self._headers(content_type if data is not None else None)
        for attempt in range(2):
            reused = self._conn is not None
            if self._conn is None:
                self._conn = self._connect(timeout)
            conn = self._conn
            try:
                resp = conn.send(method, full, headers, data)
                raw = conn.body(resp, method)
                break
            except OSError as e:
                self.close()
                if attempt == 0 and reused and isinstance(e, (ConnectionResetError, BrokenPipeError,
                                                              ConnectionAbortedError, RemoteDisconnected)):
                    continue
                raise self._connection_error(method, full, e) from None
        else:  # pragma: no cover - the loop always breaks or raises
            raise KnError("unreachable")
        self._log(method, full, data, resp.status, raw)
        self._warnings(resp.header("Warning"))
        if resp.status >= 400:
            raise self._status_error(resp.status, raw)
        return json.loads(raw) if raw else None

    def _warnings(self, header: str | None) -> None:
        if not header:
            return
        for part in header.split(", 299 "):
            text = part.removeprefix("299 ").removeprefix("- ").strip()
            if text.startswith('"') and text.endswith('"'):
                text = text[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            if text and text not in self.warnings_seen:
                self.warnings_seen.add(text)
                sys.stderr.write(f"Warning: {text}\n")

    def _log(self, method: str, path: str, data: bytes | None, status: int, raw: bytes) -> None:
        if not self.cfg.log_http:
            return
        sys.stderr.write(f"===== REQUEST =====\n{method} {self._url(path)}\n")
        if data:
            sys.stderr.write(data.decode(errors="replace") + "\n")
        sys.stderr.write(f"===== RESPONSE =====\n{status}\n{raw.decode(errors='replace')}\n")

    def _status_error(self, code: int, raw: bytes) -> ApiError:
        try:
            status = json.loads(raw)
        except ValueError:
            status = {}
        if not isinstance(status, dict):
            status = {}
        message = str(status.get("message") or raw.decode(errors="replace").strip() or f"HTTP {code}")
        reason = str(status.get("reason") or "")
        hint = ""
        if code == 401:
            hint = (f"The API server at {self.cfg.server} rejected the kubeconfig's credentials; get a "
                    "current kubeconfig with `knlite kubeconfig > kubeconfig` (the token lives in the "
                    "daemon's state directory).")
        return ApiError(code, reason, message, status, hint=hint)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- typed helpers --------------------------------------------------------------------------
    def get(self, api_version: str, plural: str, namespace: str | None, name: str) -> Obj:
        return self.request("GET", api_path(api_version, plural, namespace, name))

    def list(self, api_version: str, plural: str, namespace: str | None, label_selector: str = "",
             field_selector: str = "") -> Obj:
        query = {}
        if label_selector:
            query["labelSelector"] = label_selector
        if field_selector:
            query["fieldSelector"] = field_selector
        return self.request("GET", api_path(api_version, plural, namespace), query=query)

    def create(self, api_version: str, plural: str, namespace: str | None, obj: Obj) -> Obj:
        return self.request("POST", api_path(api_version, plural, namespace), body=obj)

    def update(self, api_version: str, plural: str, namespace: str | None, obj: Obj) -> Obj:
        name = obj["metadata"]["name"]
        return self.request("PUT", api_path(api_version, plural, namespace, name), body=obj)

    def patch(self, api_version: str, plural: str, namespace: str | None, name: str, patch: Obj,
              patch_type: str = "application/merge-patch+json") -> Obj:
        return self.request("PATCH", api_path(api_version, plural, namespace, name), body=patch,
                            content_type=patch_type)

    def delete(self, api_version: str, plural: str, namespace: str | None, name: str,
               propagation: str = "") -> Any:
        body = {"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": propagation} if propagation else None
        return self.request("DELETE", api_path(api_version, plural, namespace, name), body=body)

    def watch(self, api_version: str, plural: str, namespace: str | None, name: str, resource_version: str,
              timeout: float, tick: float = 0.25) -> Iterator[tuple[str, Obj] | None]:
        """Watch events ``(type, object)`` of one object, with ``None`` every ``tick`` seconds of quiet.

        A thread reads the chunked stream so that quiet periods never interrupt a read half-way
        through a chunk; the generator ends when the server ends the watch or ``timeout`` passes.
        """
        import queue
        import threading

        query = {"watch": "true", "fieldSelector": f"metadata.name={name}",
                 "timeoutSeconds": str(int(timeout) + 30)}
        if resource_version:
            query["resourceVersion"] = resource_version
        path = self.prefix + api_path(api_version, plural, namespace) + "?" + urlencode(query)
        deadline = time.monotonic() + timeout
        conn = self._connect(None)
        try:
            try:
                resp = conn.send("GET", path, self._headers(None), None)
            except OSError as e:
                raise self._connection_error("GET", path, e) from None
            if resp.status >= 400:
                raise self._status_error(resp.status, conn.body(resp, "GET"))
            lines: queue.Queue[bytes | None] = queue.Queue()

            def read() -> None:
                try:
                    for line in conn.lines():
                        lines.put(line)
                except (OSError, ValueError):
                    pass  # the connection was closed: the watch is over
                finally:
                    lines.put(None)

            threading.Thread(target=read, name=f"watch-{name}", daemon=True).start()
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return
                try:
                    line = lines.get(timeout=min(tick, remaining))
                except queue.Empty:
                    yield None
                    continue
                if line is None:
                    return
                self._log("WATCH", path, None, resp.status, line)
                ev = json.loads(line)
                if ev.get("type") == "ERROR":
                    obj = ev.get("object") or {}
                    raise ApiError(int(obj.get("code") or 500), str(obj.get("reason") or ""),
                                   str(obj.get("message") or "watch error"), obj)
                yield str(ev.get("type", "")), ev.get("object") or {}
        finally:
            # Wake the reader thread before closing the socket under it.
            conn.shutdown()
            conn.close()
