import pytest

from portal.accounts.models import Role, Scope, User
from portal.apio.paths import user_service
from portal.changes.services import ChangeRequest
from portal.core import UserRef

ALICE = UserRef("acme", "acme-hq", "user00002@acme.example")


@pytest.fixture
def helpdesk(db):
    user = User.objects.create_user("hd", password="pw", role=Role.HELPDESK)
    Scope.objects.create(user=user, tenant_id="acme")  # the changes' users live there
    return user


def forwarding_request(
    destination: str, snapshot_destination: str = "+3225550000", ref: UserRef = ALICE, **extra
):
    return ChangeRequest(
        target=ref,
        feature="call-forwarding/always",
        definition="call_forwarding",
        method="PUT",
        path=user_service(ref, "cfa"),
        payload={"active": True, "destination": destination, **extra},
        snapshot={"active": False, "destination": snapshot_destination},
    )
