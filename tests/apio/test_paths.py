import pytest

from portal.apio import paths
from portal.core import UserRef

ALICE = UserRef("acme", "acme-hq", "alice@acme.example")


def test_user_service_paths_follow_the_contract():
    assert paths.user_service(ALICE, "cfa") == (
        "/api/v1/tenants/acme/groups/acme-hq/users/alice@acme.example/services/cfa/"
    )
    assert paths.user_service(ALICE, "voice_messaging/basic_config").endswith(
        "/services/voice_messaging/basic_config/"
    )


def test_criteria_paths_escape_the_name():
    path = paths.criteria(ALICE, "call_forwarding_selective", "after hours/weekend")
    assert path.endswith("/call_forwarding_selective/criteria/after%20hours%2Fweekend/")


@pytest.mark.parametrize(
    ("user_id", "segment"),
    [("alice@acme.example", "alice@acme.example"), ("bob+1@acme.example", "bob%2B1@acme.example")],
)
def test_ids_keep_at_signs_and_encode_the_rest(user_id, segment):
    assert f"/users/{segment}/" in paths.user(UserRef("acme", "acme-hq", user_id))


def test_every_path_ends_with_a_slash():
    builders = [
        paths.tenants(),
        paths.groups("acme"),
        paths.group_users("acme", "acme-hq"),
        paths.tenant_user_search("acme"),
        paths.user_services(ALICE),
        paths.user_announcements(ALICE),
        paths.meet_me_conference(ALICE, "bridge@acme.example", "42"),
        paths.supervised_agents("acme", "acme-hq", "cc@acme.example", "sup@acme.example"),
        paths.LOGIN,
    ]
    assert all(path.endswith("/") for path in builders)
