from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from portal.accounts.models import AuditEntry, Scope, TenantPolicy, User


class ScopeInline(admin.TabularInline):
    model = Scope
    extra = 1


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ("username", "role", "apio_user_id", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Portal", {"fields": ("role", "apio_user_id", "apio_tenant_id", "apio_group_id")}),
    )
    inlines = [ScopeInline]


@admin.register(TenantPolicy)
class TenantPolicyAdmin(admin.ModelAdmin):
    list_display = ("tenant_id", "end_user_features")


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
