"""Who may see and change what: the one place every view, template and API asks.

Anything outside a person's role or scope answers 404, so that nobody learns it exists.
Templates ask `can` (see `permissions_context`), never a role by name.
"""

from functools import cached_property, wraps

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from portal.accounts.acting import acting_ref
from portal.accounts.models import STAFF_ROLES, Role, User, end_user_features
from portal.apio.errors import ApioError, ApioNotFound
from portal.changes.models import PendingChange
from portal.core import UserRef
from portal.features.base import Feature
from portal.features.registry import FEATURES, get_feature
from portal.reads import UserSummary, get_profile, lives_in

# Who is a BroadWorks user of their own, with a portal of their own (`/me/`).
LINKED_ROLES = (Role.END_USER, Role.SUPERVISOR)


# -- roles ------------------------------------------------------------------------------------


def has_role(user: User, *roles: str) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def is_staff(user: User) -> bool:
    return has_role(user, *STAFF_ROLES)


def require_roles(*roles: str):
    """Only these roles may use the view; anyone else gets a 404, as for what is out of scope."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise Http404("Not found.")
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator


def require_staff(view):
    return require_roles(*STAFF_ROLES)(view)


# -- BroadWorks users in scope ----------------------------------------------------------------


def scope_filter(user: User, tenant_field: str = "tenant_id", group_field: str = "group_id") -> Q:
    """A filter on (tenant, group) columns matching the helpdesk person's scopes."""
    condition = Q(pk__in=[])
    for scope in user.scopes.all():
        part = Q(**{tenant_field: scope.tenant_id})
        if scope.group_id:
            part &= Q(**{group_field: scope.group_id})
        condition |= part
    return condition


def covers_backend_user(user: User, tenant_id: str, group_id: str, user_id: str) -> bool:
    """May this person see the settings of that BroadWorks user?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.HELPDESK:
        return any(scope.covers(tenant_id, group_id) for scope in user.scopes.all())
    # BroadWorks user ids are not case-sensitive.
    return bool(user.apio_user_id) and user.apio_user_id.lower() == user_id.lower()


def scope_hinges_on_group(user: User, tenant_id: str) -> bool:
    """Does this person's reach in the tenant depend on which group a user lives in?"""
    if user.role != Role.HELPDESK:
        return False
    return not any(s.tenant_id == tenant_id and not s.group_id for s in user.scopes.all())


def lives_there_or_404(user: User, ref: UserRef, unreadable_ok: bool = False) -> None:
    """404 unless APIO lists the user in the tenant and group `ref` names.

    Scopes are compared with the ids a URL (or a change) names; this makes sure the user lives
    there, from APIO's own listing, rather than trusting APIO to refuse a user named under
    another group (its documentation does not say it does). With ``unreadable_ok``, a platform
    that cannot be read lets a save be queued with those ids, except for someone whose scope
    is one group of the tenant: whether the user is theirs is what could not be read.
    """
    try:
        listed = lives_in(ref)
    except ApioError:
        if unreadable_ok and not scope_hinges_on_group(user, ref.tenant_id):
            return
        raise
    if not listed:
        raise Http404("No such user.")


def existing_profile_or_404(ref: UserRef, unreadable_ok: bool = False) -> UserSummary:
    """The user's profile; 404 when APIO does not know the user where `ref` says they live.

    With ``unreadable_ok``, a platform that cannot be read gives a profile of the ids alone:
    a save is queued whatever the platform's state, and APIO judges it when it is pushed.
    """
    try:
        return get_profile(ref)
    except ApioNotFound as exc:
        raise Http404("No such user.") from exc
    except ApioError:
        if not unreadable_ok:
            raise
        return UserSummary.unread(ref)


def covered_ref_or_404(user: User, tenant_id: str, group_id: str, user_id: str) -> UserRef:
    """The BroadWorks user a URL names, if this person's scope covers where the URL says."""
    if not covers_backend_user(user, tenant_id, group_id, user_id):
        raise Http404("No such user.")
    return UserRef(tenant_id, group_id, user_id)


def backend_user_or_404(
    user: User, tenant_id: str, group_id: str, user_id: str, unreadable_ok: bool = False
) -> UserSummary:
    """The profile of the BroadWorks user a URL names, if this person's scope covers the tenant
    and group the URL names and APIO lists the user there (checked before the user is read)."""
    ref = covered_ref_or_404(user, tenant_id, group_id, user_id)
    lives_there_or_404(user, ref, unreadable_ok)
    return existing_profile_or_404(ref, unreadable_ok)


def own_profile_or_404(request: HttpRequest, unreadable_ok: bool = False) -> UserSummary:
    """Whose own portal this is: the signed-in user, or the user staff are acting for."""
    acting = acting_ref(request)
    if acting is not None:
        return backend_user_or_404(
            request.user, acting.tenant_id, acting.group_id, acting.user_id, unreadable_ok
        )
    user = request.user
    if has_role(user, *LINKED_ROLES) and user.apio_user_id and user.apio_tenant_id:
        # Where APIO's sign-in said they live; they may have moved since.
        ref = UserRef(user.apio_tenant_id, user.apio_group_id, user.apio_user_id)
        lives_there_or_404(user, ref, unreadable_ok)
        return existing_profile_or_404(ref, unreadable_ok)
    raise Http404("Not found.")


def supervisor_ref_or_404(request: HttpRequest) -> UserRef:
    user = request.user
    if not has_role(user, Role.SUPERVISOR) or not (user.apio_user_id and user.apio_tenant_id):
        raise Http404("Not found.")
    return UserRef(user.apio_tenant_id, user.apio_group_id, user.apio_user_id)


# -- features ---------------------------------------------------------------------------------


def staff_features(user: User) -> list[Feature]:
    """The features this staff person may open for a user in their scope."""
    if not is_staff(user):
        return []
    return [feature for feature in FEATURES.values() if user.role in feature.staff_roles]


def own_features(ref: UserRef) -> list[Feature]:
    """The features a user may change themselves: self-service ones their tenant allows."""
    allowed = set(end_user_features(ref.tenant_id))
    return [f for f in FEATURES.values() if f.self_service and f.key in allowed]


def staff_feature_or_404(
    user: User,
    tenant_id: str,
    group_id: str,
    user_id: str,
    feature_key: str,
    unreadable_ok: bool = False,
) -> tuple[UserSummary, Feature]:
    feature = get_feature(feature_key)
    if feature is None or feature not in staff_features(user):
        raise Http404("Not found.")
    return backend_user_or_404(user, tenant_id, group_id, user_id, unreadable_ok), feature


def own_feature_or_404(
    request: HttpRequest, feature_key: str, unreadable_ok: bool = False
) -> tuple[UserSummary, Feature]:
    profile = own_profile_or_404(request, unreadable_ok)
    feature = next((f for f in own_features(profile.ref) if f.key == feature_key), None)
    if feature is None:
        raise Http404("Not found.")
    return profile, feature


# -- pending changes --------------------------------------------------------------------------


def feature_filter(features: list[Feature]) -> Q:
    """A filter on changes matching these features (a change names "feature/section")."""
    condition = Q(pk__in=[])
    for feature in features:
        condition |= Q(feature=feature.key) | Q(feature__startswith=f"{feature.key}/")
    return condition


def own_feature_filter(features: list[Feature]) -> Q:
    """A filter on changes matching the sections of these features a user changes themselves:
    a staff-only section's changes stay with the staff, even on the user's own line."""
    condition = Q(pk__in=[])
    for feature in features:
        keys = [f"{feature.key}/{section.key}" for section in feature.own_sections()]
        condition |= Q(feature__in=keys)
    return condition


# Changes of staff pages that are no user's feature: who a supervisor supervises.
SUPERVISED_AGENTS = "supervised-agents"
STAFF_CHANGE_KINDS = (SUPERVISED_AGENTS,)


def visible_changes(user: User, queryset: QuerySet | None = None) -> QuerySet:
    """The changes this person may see and act on now, by their scope and features of today.

    Who made a change gives nothing: staff whose scope no longer covers the user, or an end
    user whose tenant no longer lets them change that feature, lose the change with the rest.
    """
    queryset = PendingChange.objects.all() if queryset is None else queryset
    if has_role(user, Role.ADMIN):
        return queryset
    if has_role(user, Role.HELPDESK):
        kinds = feature_filter(staff_features(user)) | Q(feature__in=STAFF_CHANGE_KINDS)
        return queryset.filter(scope_filter(user) & kinds)
    if has_role(user, *LINKED_ROLES) and user.apio_user_id and user.apio_tenant_id:
        # As their own screens: changes to their line, of the features their tenant lets
        # them change (those made by their helpdesk included).
        ref = UserRef(user.apio_tenant_id, user.apio_group_id, user.apio_user_id)
        own_line = Q(user_id__iexact=user.apio_user_id)
        return queryset.filter(own_line & own_feature_filter(own_features(ref)))
    return queryset.none()


def visible_change_or_404(user: User, pk: int) -> PendingChange:
    change = visible_changes(user).filter(pk=pk).first()
    if change is None:
        raise Http404("No such change.")
    return change


def change_to_send_or_404(user: User, pk: int) -> PendingChange:
    """A change this person may send again (retry, re-apply): visible to them now, and for a
    user APIO still lists where the change names, as a save checks before it is queued."""
    change = visible_change_or_404(user, pk)
    ref = UserRef(change.tenant_id, change.group_id, change.user_id)
    lives_there_or_404(user, ref, unreadable_ok=True)
    return change


# -- what templates ask -----------------------------------------------------------------------


class Permissions:
    """What the signed-in person may open, for menus and links: `{% if can.search_users %}`."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.user = request.user

    @cached_property
    def search_users(self) -> bool:
        return is_staff(self.user)

    @cached_property
    def read_audit(self) -> bool:
        return is_staff(self.user)

    @cached_property
    def own_settings(self) -> bool:
        """A portal of their own: a linked user, or staff acting for someone."""
        if is_staff(self.user):
            return acting_ref(self.request) is not None
        return has_role(self.user, *LINKED_ROLES) and bool(self.user.apio_user_id)

    @cached_property
    def starts_at_own_settings(self) -> bool:
        """An end user's portal is their own calls: they start there, with no other home."""
        return has_role(self.user, Role.END_USER) and self.own_settings

    @cached_property
    def supervise(self) -> bool:
        """Call centers and their agents: a supervisor's own, or any of them in scope for
        staff."""
        return has_role(self.user, Role.SUPERVISOR, *STAFF_ROLES)

    @cached_property
    def all_call_centers(self) -> bool:
        return is_staff(self.user)

    @cached_property
    def technical_details(self) -> bool:
        """APIO's paths, answers and definition names: for staff, never for end users."""
        return is_staff(self.user)

    @cached_property
    def definitions_gallery(self) -> bool:
        return has_role(self.user, Role.ADMIN)

    @cached_property
    def admin_site(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_staff)


def permissions_context(request: HttpRequest) -> dict:
    """Template context: `can`, what the signed-in person may open."""
    return {"can": Permissions(request)}
