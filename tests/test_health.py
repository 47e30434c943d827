import pytest
from django.urls import reverse

from portal.accounts.models import Role, User
from tests.accounts.people import helpdesk

pytestmark = pytest.mark.integration

TOKEN = "health-token-for-the-tests"


@pytest.fixture
def staff_client(client, db):
    client.force_login(helpdesk("hd-health", "acme"))
    return client


def test_health_reports_every_dependency_reachable(staff_client, celery_worker):
    response = staff_client.get(reverse("health"))
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["redis"]["ok"]
    assert body["celery"]["ok"] and body["celery"]["workers"]


def test_anonymous_callers_learn_up_only(client, celery_worker):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_without_a_worker_is_degraded(staff_client):
    response = staff_client.get(reverse("health"))
    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "degraded"
    assert body["celery"] == {"ok": False, "workers": []}
    assert body["redis"]["ok"] is True


def test_anonymous_callers_learn_down_only(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "degraded"}


def test_health_with_redis_unreachable_names_it(staff_client, settings, tmp_path):
    settings.REDIS_URL = f"unix://{tmp_path}/nothing-listens-here.sock"
    body = staff_client.get(reverse("health")).json()
    assert body["redis"] == {"ok": False, "error": "ConnectionError"}
    assert body["celery"] == {"ok": False, "error": "broker unreachable"}
    assert body["database"]["ok"] is True


def test_the_health_token_shows_the_details(client, db, settings):
    settings.HEALTH_TOKEN = TOKEN
    response = client.get(reverse("health"), HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 503
    assert set(response.json()) == {"status", "database", "redis", "celery"}


@pytest.mark.parametrize(
    ("configured", "presented"),
    [
        (TOKEN, "Bearer not-the-token"),
        (TOKEN, f"Basic {TOKEN}"),
        (TOKEN, ""),
        ("", "Bearer "),  # no token set: none opens the details
    ],
)
def test_a_wrong_or_missing_token_shows_up_or_down_only(
    client, db, settings, configured, presented
):
    settings.HEALTH_TOKEN = configured
    response = client.get(reverse("health"), HTTP_AUTHORIZATION=presented)
    assert response.json() == {"status": "degraded"}


def test_a_signed_in_end_user_is_no_staff(client, db):
    client.force_login(User.objects.create_user("eve", role=Role.END_USER))
    assert client.get(reverse("health")).json() == {"status": "degraded"}


def test_the_answer_is_never_cached_and_varies_with_who_asks(client, db):
    response = client.get(reverse("health"))
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert {"Authorization", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
