from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from portal.accounts.forms import TenantPolicyForm
from portal.accounts.models import AuditEntry, Scope, TenantPolicy, User, self_service_choices


class ScopeInline(admin.TabularInline):
    model = Scope
    extra = 1


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ("username", "role", "apio_user_id", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            _("Portal"),
            {"fields": ("role", "apio_user_id", "apio_tenant_id", "apio_group_id")},
        ),
        (_("Preferences"), {"fields": ("language", "theme")}),
    )
    inlines = [ScopeInline]


@admin.register(TenantPolicy)
class TenantPolicyAdmin(admin.ModelAdmin):
    form = TenantPolicyForm
    list_display = ("tenant_id", "features_allowed")
    search_fields = ("tenant_id",)

    @admin.display(description=_("Features end users may change"))
    def features_allowed(self, policy: TenantPolicy) -> str:
        titles = dict(self_service_choices())
        allowed = [str(titles[key]) for key in policy.end_user_features if key in titles]
        return ", ".join(allowed) or _("None")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read only: the audit log is never edited or deleted through the portal."""

    list_display = ("created_at", "actor", "acting_for", "target_user_id", "feature", "action")
    list_filter = ("action",)
    search_fields = ("target_user_id", "actor__username", "feature")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
