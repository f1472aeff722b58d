"""Platform settings: where the state lives, which ports to bind, and the API token.

One place reads them (``knlite up`` flags, with ``KNLITE_*`` environment variables as
defaults) and every part of the daemon receives a :class:`Settings`; the CLI tools read the
same state directory to find the running daemon (``daemon.json``) and its token.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_STATE_DIR = "~/.knlite"


@dataclass
class Settings:
    state_dir: Path = field(default_factory=lambda: Path(DEFAULT_STATE_DIR).expanduser())
    host: str = "127.0.0.1"
    api_port: int = 8001
    http_port: int = 8080
    internal_port: int = 8081
    log_level: str = "info"
    # Kafka consumer groups (KafkaChannel, Kafka broker, KafkaSource); Kafka's minimum session is 6 s
    kafka_session_timeout_ms: int = 10_000
    kafka_heartbeat_interval_ms: int = 3_000
    kafka_fetch_max_wait_ms: int = 100

    @property
    def db_path(self) -> Path:
        return self.state_dir / "store.db"

    @property
    def token_path(self) -> Path:
        return self.state_dir / "token"

    @property
    def lock_path(self) -> Path:
        return self.state_dir / "knlite.lock"

    @property
    def info_path(self) -> Path:
        return self.state_dir / "daemon.json"

    @property
    def images_dir(self) -> Path:
        return self.state_dir / "images"

    @property
    def run_dir(self) -> Path:
        return self.state_dir / "run"

    @property
    def channels_dir(self) -> Path:
        """The durable channels' event log (SqliteChannel)."""
        return self.state_dir / "channels"

    def api_url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        return f"https://{host}:{self.api_port}"


def ensure_state_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def load_or_create_token(path: Path) -> str:
    """The API bearer token, generated on first start and kept with mode 0600."""
    if path.exists():
        token = path.read_text().strip()
        if token:
            os.chmod(path, 0o600)
            return token
    token = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(token + "\n")
    return token


def write_info(settings: Settings, pid: int) -> None:
    info = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(settings).items()}
    info["pid"] = pid
    tmp = settings.info_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(info, indent=2) + "\n")
    tmp.replace(settings.info_path)


def read_info(state_dir: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((state_dir / "daemon.json").read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
