"""Every long-running service of compose.yaml is started again when it stops (a crash, or its
Redis restarting); one-shot services (the migration) are not."""

import os
import subprocess

import yaml
from django.conf import settings

from tests.test_deployment import compose_command

RESTARTING = {"always", "unless-stopped", "on-failure"}


def compose_services() -> dict:
    environment = dict(os.environ, DJANGO_SECRET_KEY="k", APIO_BASE_URL="https://apio.example")
    result = subprocess.run(
        [*compose_command(), "-f", str(settings.BASE_DIR / "compose.yaml"), "config"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return yaml.safe_load(result.stdout)["services"]


def test_every_long_running_service_restarts():
    services = compose_services()
    one_shots = {
        name
        for service in services.values()
        for name, condition in (service.get("depends_on") or {}).items()
        if condition.get("condition") == "service_completed_successfully"
    }
    assert one_shots == {"migrate"}
    policies = {name: service.get("restart") for name, service in services.items()}
    long_running = {name: policy for name, policy in policies.items() if name not in one_shots}
    assert set(long_running) == {"web", "worker", "beat", "postgres", "redis"}
    assert {name for name, policy in long_running.items() if policy not in RESTARTING} == set()
