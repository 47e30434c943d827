import pytest
from django.urls import reverse

from portal.accounts.models import Role, User


@pytest.fixture
def helpdesk(db):
    return User.objects.create_user("hd", password="right-password", role=Role.HELPDESK)


def test_sign_in_redirects_home(client, helpdesk):
    response = client.post(
        reverse("accounts:login"), {"username": "hd", "password": "right-password"}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert "Helpdesk" in client.get(reverse("home")).content.decode()


def test_wrong_password_shows_clear_error(client, helpdesk):
    response = client.post(reverse("accounts:login"), {"username": "hd", "password": "nope"})
    assert response.status_code == 200
    assert "Wrong user name or password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_is_never_rendered_back(client, helpdesk):
    response = client.post(
        reverse("accounts:login"), {"username": "hd", "password": "secret-typed-wrong"}
    )
    assert "secret-typed-wrong" not in response.content.decode()


def test_home_requires_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_sign_out_ends_the_session(client, helpdesk):
    client.force_login(helpdesk)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_repeated_failures_lock_the_sign_in(client, helpdesk, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "hd", "password": "bad"})
    response = client.post(
        reverse("accounts:login"), {"username": "hd", "password": "right-password"}
    )
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
