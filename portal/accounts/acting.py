"""Act as user: staff open a user's own portal view, and everything they do is audited as such."""

from django.http import HttpRequest

from portal.accounts.models import AuditEntry
from portal.core import UserRef

SESSION_KEY = "acting_for"


def _audit(request: HttpRequest, ref: UserRef, action: str) -> None:
    AuditEntry.objects.create(
        actor=request.user,
        acting_for=ref.user_id,
        tenant_id=ref.tenant_id,
        group_id=ref.group_id,
        target_user_id=ref.user_id,
        action=action,
    )


def start_acting(request: HttpRequest, ref: UserRef) -> None:
    request.session[SESSION_KEY] = {
        "tenant_id": ref.tenant_id,
        "group_id": ref.group_id,
        "user_id": ref.user_id,
    }
    _audit(request, ref, "act-as start")


def stop_acting(request: HttpRequest) -> UserRef | None:
    ref = acting_ref(request)
    if ref is not None:
        del request.session[SESSION_KEY]
        _audit(request, ref, "act-as stop")
    return ref


def acting_ref(request: HttpRequest) -> UserRef | None:
    data = request.session.get(SESSION_KEY)
    if not data or not request.user.is_authenticated or not request.user.is_staff_role:
        return None
    return UserRef(data["tenant_id"], data["group_id"], data["user_id"])


def acting_for_user_id(request: HttpRequest) -> str:
    ref = acting_ref(request)
    return ref.user_id if ref else ""


def acting_context(request: HttpRequest) -> dict:
    """Template context: the banner every page shows while staff act as a user."""
    return {"acting_ref": acting_ref(request)}
