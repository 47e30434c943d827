"""The production settings and deployment files are accepted by the tools that read them."""

import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

BASE_DIR = settings.BASE_DIR


def production_environment() -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="x7Qp9-production-like-secret-key-for-the-check-only-0123456789abcdef",
        DJANGO_ALLOWED_HOSTS="portal.example.com",
    )
    return environment


def test_production_settings_pass_check_deploy_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    environment = production_environment()
    del environment["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def compose_command() -> list[str]:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    if legacy is None:
        pytest.fail("docker compose is not installed: run `make test`, which installs it")
    return [legacy]


def test_compose_file_is_accepted():
    environment = dict(os.environ, DJANGO_SECRET_KEY="k", APIO_BASE_URL="https://apio.example")
    result = subprocess.run(
        [*compose_command(), "-f", str(BASE_DIR / "compose.yaml"), "config", "--services"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == {"migrate", "web", "worker", "beat", "postgres", "redis"}


def test_dockerfile_runs_as_non_root_with_gunicorn_and_collected_static():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert dockerfile.count("FROM ") >= 2
    assert "\nUSER portal" in dockerfile
    assert "collectstatic" in dockerfile
    assert '"gunicorn"' in dockerfile
