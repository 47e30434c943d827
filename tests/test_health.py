import pytest
from django.urls import reverse

pytestmark = pytest.mark.integration


def test_health_reports_every_dependency_reachable(client, celery_worker):
    response = client.get(reverse("health"))
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["redis"]["ok"]
    assert body["celery"]["ok"] and body["celery"]["workers"]


def test_health_without_a_worker_is_degraded(client, db):
    response = client.get(reverse("health"))
    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "degraded"
    assert body["celery"] == {"ok": False, "workers": []}
    assert body["redis"]["ok"] is True


def test_health_with_redis_unreachable_names_it(client, db, settings, tmp_path):
    settings.REDIS_URL = f"unix://{tmp_path}/nothing-listens-here.sock"
    body = client.get(reverse("health")).json()
    assert body["redis"] == {"ok": False, "error": "ConnectionError"}
    assert body["celery"] == {"ok": False, "error": "broker unreachable"}
    assert body["database"]["ok"] is True
