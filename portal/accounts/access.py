"""Who may see and change what: the one place every view asks.

Anything outside a person's scope answers 404, so that nobody learns it exists.
"""

from functools import wraps

from django.db.models import Q, QuerySet
from django.http import Http404

from portal.accounts.models import Role, User
from portal.apio.paths import UserRef


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
    return bool(user.apio_user_id) and user.apio_user_id == user_id


def visible_changes(user: User, queryset: QuerySet) -> QuerySet:
    if user.role == Role.ADMIN:
        return queryset
    if user.role == Role.HELPDESK:
        return queryset.filter(scope_filter(user) | Q(created_by=user))
    return queryset.filter(Q(created_by=user) | Q(user_id=user.apio_user_id or "\0"))


def get_visible_change(user: User, queryset: QuerySet, pk: int):
    change = visible_changes(user, queryset).filter(pk=pk).first()
    if change is None:
        raise Http404("No such change.")
    return change


def backend_user_or_404(user: User, tenant_id: str, group_id: str, user_id: str) -> UserRef:
    """The BroadWorks user the URL names, if this person may see them; 404 otherwise."""
    if not covers_backend_user(user, tenant_id, group_id, user_id):
        raise Http404("No such user.")
    return UserRef(tenant_id, group_id, user_id)


def require_roles(*roles: str):
    """Only these roles may use the view; anyone else gets a 404, as for what is out of scope."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role not in roles:
                raise Http404("Not found.")
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator
