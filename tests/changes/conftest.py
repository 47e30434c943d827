import pytest

from portal.accounts.models import Role, User
from portal.apio.paths import user_service
from portal.changes.services import ChangeRequest
from portal.core import UserRef

ALICE = UserRef("acme", "acme-hq", "user00002@acme.example")


@pytest.fixture
def helpdesk(db):
    return User.objects.create_user("hd", password="pw", role=Role.HELPDESK)


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
