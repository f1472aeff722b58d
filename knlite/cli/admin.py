"""``knlite``: start the daemon and administer it (``up``, ``kubeconfig``).

The admin CLI is the only command that touches the state directory; everything else
(kubectl, kn) goes through the API with the token that ``knlite kubeconfig`` hands out.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import logging
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from knlite import logs
from knlite.api.pki import PKI
from knlite.settings import DEFAULT_STATE_DIR, Settings, load_or_create_token, read_info

log = logging.getLogger("knlite")


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _state_dir(value: str | None) -> Path:
    return Path(value or os.environ.get("KNLITE_STATE_DIR") or DEFAULT_STATE_DIR).expanduser()


def kubeconfig_text(server: str, token: str, ca_pem: bytes, namespace: str = "default") -> str:
    doc: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "knlite", "cluster": {
            "server": server, "certificate-authority-data": base64.b64encode(ca_pem).decode()}}],
        "users": [{"name": "knlite", "user": {"token": token}}],
        "contexts": [{"name": "knlite", "context": {"cluster": "knlite", "user": "knlite", "namespace": namespace}}],
        "current-context": "knlite",
        "preferences": {},
    }
    return yaml.safe_dump(doc, sort_keys=False)


def cmd_kubeconfig(args: argparse.Namespace) -> int:
    state = _state_dir(args.state_dir)
    info = read_info(state) or {}
    port = args.api_port or int(info.get("api_port") or 8001)
    host = info.get("host", "127.0.0.1")
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    token_path = state / "token"
    if not token_path.exists():
        print(f"knlite: no token in {state}; start the daemon once with `knlite up --state-dir {state}`",
              file=sys.stderr)
        return 1
    token = load_or_create_token(token_path)
    ca = PKI(state).ca_crt
    sys.stdout.write(kubeconfig_text(f"https://{host}:{port}", token, ca.read_bytes()))
    return 0


async def _apply_files(daemon: Any, files: list[str]) -> None:
    from knlite.api.core import Caller
    from knlite.api.errors import ApiError

    for path in files:
        try:
            docs = [d for d in yaml.safe_load_all(Path(path).read_text()) if d]
        except (OSError, yaml.YAMLError) as e:
            log.error("cannot read %s: %s", path, e)
            continue
        for doc in docs:
            rt = daemon.registry.by_api_version(doc.get("apiVersion", ""), doc.get("kind", ""))
            if rt is None:
                log.error("%s: unknown kind %s %s", path, doc.get("apiVersion"), doc.get("kind"))
                continue
            ns = (doc.get("metadata") or {}).get("namespace") or "default"
            try:
                daemon.core.create(rt, ns if rt.namespaced else "", doc, Caller(field_manager="knlite"),
                                   doc["apiVersion"].rpartition("/")[2])
                log.info("applied %s %s", rt.kind, doc.get("metadata", {}).get("name"))
            except ApiError as e:
                if e.code == 409:
                    log.info("%s %s already exists", rt.kind, doc.get("metadata", {}).get("name"))
                else:
                    log.error("%s: %s", path, e.message)


def cmd_up(args: argparse.Namespace) -> int:
    from knlite import daemon as daemon_mod

    logs.configure(args.log_level)
    settings = Settings(
        state_dir=_state_dir(args.state_dir),
        host=args.host,
        api_port=args.api_port,
        http_port=args.http_port,
        internal_port=args.internal_port,
        log_level=args.log_level,
        kafka_session_timeout_ms=args.kafka_session_timeout_ms,
        kafka_heartbeat_interval_ms=args.kafka_heartbeat_interval_ms,
        kafka_fetch_max_wait_ms=args.kafka_fetch_max_wait_ms,
    )

    async def after_ready(d: Any) -> None:
        if args.apply:
            await _apply_files(d, args.apply)
        kc = settings.state_dir / "kubeconfig"
        fd = os.open(kc, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(kubeconfig_text(settings.api_url(), load_or_create_token(settings.token_path),
                                    PKI(settings.state_dir).ca_crt.read_bytes()))
        print(f"\nknlite is up. Point kubectl and kn at it:\n\n    export KUBECONFIG={kc}\n    kubectl get ksvc\n\n"
              f"Gateway: curl -H 'Host: hello.default.example.com' http://127.0.0.1:{settings.http_port}\n",
              file=sys.stderr, flush=True)

    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover - uvloop is optional on exotic platforms
        pass
    return asyncio.run(daemon_mod.run(settings, after_ready))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="knlite", description="Knative Serving and Eventing on one machine.")
    sub = p.add_subparsers(dest="command", required=True)

    up = sub.add_parser("up", help="start the knlite daemon in the foreground")
    up.add_argument("--state-dir", help=f"state directory (default {DEFAULT_STATE_DIR})")
    up.add_argument("--host", default=os.environ.get("KNLITE_HOST", "127.0.0.1"), help="address to bind (default 127.0.0.1)")
    up.add_argument("--api-port", type=int, default=_env_int("KNLITE_API_PORT", 8001), help="API port (default 8001)")
    up.add_argument("--http-port", type=int, default=_env_int("KNLITE_HTTP_PORT", 8080),
                    help="external gateway port (default 8080)")
    up.add_argument("--internal-port", type=int, default=_env_int("KNLITE_INTERNAL_PORT", 8081),
                    help="internal (cluster-local) gateway port (default 8081)")
    up.add_argument("--log-level", default=os.environ.get("KNLITE_LOG_LEVEL", "info"),
                    choices=["debug", "info", "warning", "error"])
    up.add_argument("--apply", action="append", metavar="FILE", help="create the objects in FILE once ready")
    up.add_argument("--kafka-session-timeout-ms", type=int, default=_env_int("KNLITE_KAFKA_SESSION_TIMEOUT_MS", 10000),
                    help="session timeout of knlite's Kafka consumer group members (default 10000)")
    up.add_argument("--kafka-heartbeat-interval-ms", type=int,
                    default=_env_int("KNLITE_KAFKA_HEARTBEAT_INTERVAL_MS", 3000),
                    help="heartbeat interval of knlite's Kafka consumer group members (default 3000)")
    up.add_argument("--kafka-fetch-max-wait-ms", type=int, default=_env_int("KNLITE_KAFKA_FETCH_MAX_WAIT_MS", 100),
                    help="how long a Kafka fetch may wait for new records (default 100)")
    up.set_defaults(func=cmd_up)

    kc = sub.add_parser("kubeconfig", help="print a kubeconfig for kubectl and kn")
    kc.add_argument("--state-dir", help=f"state directory (default {DEFAULT_STATE_DIR})")
    kc.add_argument("--api-port", type=int, default=0, help="override the API port")
    kc.set_defaults(func=cmd_kubeconfig)

    from knlite.cli.autoscaler import register_autoscaler_commands
    from knlite.cli.images import register_image_commands

    register_image_commands(sub)
    register_autoscaler_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
