from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from portal.accounts.models import User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ("username", "role", "apio_user_id", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("Portal", {"fields": ("role", "apio_user_id")}))
