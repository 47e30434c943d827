"""Local state (SWITCHBOARD_VAR_DIR) is its owner's alone: folders 0700, files 0600.

It holds the secret key, the SQLite database (sessions included) and the embedded Redis.
"""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from portal import env


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def modes_under(root: Path) -> dict[str, int]:
    """The mode of `root` and of every folder and regular file under it."""
    out = {".": mode(root)}
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            if stat.S_ISDIR(path.lstat().st_mode) or stat.S_ISREG(path.lstat().st_mode):
                out[str(path.relative_to(root))] = mode(path)
    return out


def not_private(root: Path) -> dict[str, str]:
    wrong = {}
    for name, found in modes_under(root).items():
        wanted = 0o700 if (root / name).is_dir() else 0o600
        if found != wanted:
            wrong[name] = oct(found)
    return wrong


@pytest.fixture
def loose_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def var(tmp_path, monkeypatch):
    path = tmp_path / "var"
    monkeypatch.setenv("SWITCHBOARD_VAR_DIR", str(path))
    return path


def test_a_new_var_dir_is_the_owners_alone(var, loose_umask):
    assert env.var_dir() == var
    assert mode(var) == 0o700


def test_an_existing_var_dir_is_made_private_with_all_it_holds(var, loose_umask, tmp_path):
    (var / "redis-data" / "appendonlydir").mkdir(parents=True)
    (var / "portal.sqlite3").write_text("")
    (var / "secret_key").write_text("an older checkout's key")
    (var / "portal.sqlite3-wal").write_text("")
    (var / "redis-data" / "appendonlydir" / "appendonly.aof.1.base.rdb").write_text("")
    elsewhere = tmp_path / "shared.txt"
    elsewhere.write_text("")
    (var / "link").symlink_to(elsewhere)
    for path in (var, var / "redis-data", var / "redis-data" / "appendonlydir"):
        path.chmod(0o755)
    assert not_private(var)

    env.var_dir()

    assert not_private(var) == {}
    assert mode(elsewhere) == 0o644  # a link's target is not the portal's to change


def test_the_secret_key_is_private_from_its_first_byte(var, monkeypatch):
    loosened_then_tightened = []
    real_chmod = Path.chmod
    monkeypatch.setattr(
        Path, "chmod", lambda p, m, **k: loosened_then_tightened.append(p) or real_chmod(p, m, **k)
    )
    previous = os.umask(0)  # the loosest umask: the mode must not depend on it
    try:
        key = env.demo_secret_key()
    finally:
        os.umask(previous)
    path = var / "secret_key"
    assert mode(path) == 0o600
    # A key made private by a chmod after writing it was readable by anyone until then.
    assert path not in loosened_then_tightened
    assert len(key) > 40 and env.demo_secret_key() == key
    assert sorted(p.name for p in var.iterdir()) == ["secret_key"]  # no draft left behind


def test_the_first_writer_of_a_private_file_wins(var):
    env.var_dir()
    env.create_private_file(var / "secret_key", "first")
    env.create_private_file(var / "secret_key", "second")
    assert (var / "secret_key").read_text() == "first"


@pytest.mark.integration
def test_the_demo_keeps_what_it_creates_private(tmp_path):
    """The demo's database (with its journals) and its Redis files, created by the processes
    the demo starts, under a loose umask."""
    script = """
import os, sys
os.umask(0o022)
import django
django.setup()
from django.core.management import call_command
from demo.redis import EmbeddedRedis
from demo.stack import keep_new_files_private
from portal import env
keep_new_files_private()
call_command("migrate", interactive=False, verbosity=0)
server = EmbeddedRedis(env.embedded_redis_socket())
server.start()
try:
    import redis
    client = redis.Redis(unix_socket_path=str(server.socket_path))
    client.set("k", "v")
    client.close()
finally:
    server.stop()
"""
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    environment.update(SWITCHBOARD_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="demo.settings")
    subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=environment,
        check=True,
        timeout=120,
    )
    created = modes_under(tmp_path)
    assert "portal.sqlite3" in created and "secret_key" in created
    assert any(name.startswith("redis-data") for name in created)
    assert not_private(tmp_path) == {}
