"""Who may open a feature for a BroadWorks user: staff in scope, or the user themself."""

from django.http import Http404, HttpRequest
from django.urls import reverse

from portal.accounts.access import backend_user_or_404
from portal.accounts.acting import acting_ref
from portal.accounts.models import Role, User, end_user_features
from portal.apio.paths import UserRef
from portal.features.base import Feature
from portal.features.registry import FEATURES, get_feature


def staff_feature_or_404(
    user: User, tenant_id: str, group_id: str, user_id: str, feature_key: str
) -> tuple[UserRef, Feature, str]:
    """For staff on a user in their scope; also the URL the feature's forms post to."""
    ref = backend_user_or_404(user, tenant_id, group_id, user_id)
    feature = get_feature(feature_key)
    if feature is None or user.role not in feature.staff_roles:
        raise Http404("Not found.")
    url = reverse("features:feature", args=[tenant_id, group_id, user_id, feature_key])
    return ref, feature, url


def self_ref_or_404(request: HttpRequest) -> UserRef:
    """Whose own portal this is: the signed-in user, or the user staff are acting for."""
    user = request.user
    acting = acting_ref(request)
    if acting is not None:
        return backend_user_or_404(user, acting.tenant_id, acting.group_id, acting.user_id)
    if user.role in (Role.END_USER, Role.SUPERVISOR) and user.apio_user_id and user.apio_tenant_id:
        return UserRef(user.apio_tenant_id, user.apio_group_id, user.apio_user_id)
    raise Http404("Not found.")


def self_service_features(ref: UserRef) -> list[Feature]:
    allowed = set(end_user_features(ref.tenant_id))
    return [f for f in FEATURES.values() if f.self_service and f.key in allowed]


def self_feature_or_404(request: HttpRequest, feature_key: str) -> tuple[UserRef, Feature, str]:
    ref = self_ref_or_404(request)
    feature = next((f for f in self_service_features(ref) if f.key == feature_key), None)
    if feature is None:
        raise Http404("Not found.")
    return ref, feature, reverse("features:my_feature", args=[feature_key])
