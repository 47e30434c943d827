"""Reading the portal's configuration from the environment.

Kept free of Django imports so that the demo stack (``demo``) can use it too.
"""

import os
import secrets
import stat
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


# Local state is the owner's alone: sessions in the SQLite file, the secret key, the broker.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def var_dir() -> Path:
    """Where the portal keeps its local state: SQLite file, secret key, embedded Redis.

    Readable by its owner only, whatever the umask or an older checkout left: the folder and the
    folders in it 0700, the files 0600, made so by every process that starts (`keep_private`).
    """
    path = Path(os.environ.get("SWITCHBOARD_VAR_DIR", BASE_DIR / "var"))
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    keep_private(path)
    return path


def keep_private(root: Path) -> None:
    """Folders under `root` (and `root`) 0700, regular files 0600; links and sockets left alone,
    as is whatever another account owns."""
    for folder, _, names in os.walk(root):
        _restrict(Path(folder), PRIVATE_DIR_MODE)
        for name in names:
            _restrict(Path(folder) / name, PRIVATE_FILE_MODE)


def _restrict(path: Path, mode: int) -> None:
    try:
        status = path.lstat()
    except FileNotFoundError:  # gone since it was listed (a SQLite journal)
        return
    kind = stat.S_IFMT(status.st_mode)
    if kind not in (stat.S_IFDIR, stat.S_IFREG) or status.st_uid != os.getuid():
        return
    if stat.S_IMODE(status.st_mode) != mode:
        path.chmod(mode)


def create_private_file(path: Path, text: str) -> None:
    """Write `path` unless it exists: 0600 from its first byte, and whole when it appears (a
    process reading it never sees it half-written); the first of several writers wins."""
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    draft.unlink(missing_ok=True)
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    with os.fdopen(descriptor, "w") as out:
        out.write(text)
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()


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
        create_private_file(path, secrets.token_urlsafe(50))
    return path.read_text().strip()
