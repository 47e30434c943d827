"""Reading the portal's configuration from the environment.

Kept free of Django imports so that the demo stack (``demo``) can use it too.
"""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def var_dir() -> Path:
    """Where the portal keeps its local state: SQLite file, secret key, embedded Redis."""
    path = Path(os.environ.get("SWITCHBOARD_VAR_DIR", BASE_DIR / "var"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def embedded_redis_socket() -> Path:
    return var_dir() / "redis.sock"


def redis_url() -> str:
    """REDIS_URL when set; otherwise the embedded Redis server's unix socket."""
    return os.environ.get("REDIS_URL") or f"unix://{embedded_redis_socket()}"


def uses_embedded_redis() -> bool:
    return not os.environ.get("REDIS_URL")


def celery_url(url: str) -> str:
    """Celery (kombu) spells a unix-socket Redis URL differently from redis-py."""
    if url.startswith("unix://"):
        return "redis+socket://" + url.removeprefix("unix://")
    return url


def demo_secret_key() -> str:
    """A per-checkout secret key kept under var/, so demo sessions survive restarts."""
    path = var_dir() / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()
