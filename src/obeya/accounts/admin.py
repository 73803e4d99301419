"""Admin pages for users and tokens.

Site administrators manage users, but only superusers grant superuser status, staff status,
groups or permissions: otherwise a site administrator could make themselves a superuser.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from obeya.accounts.models import ApiToken

User = get_user_model()
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")

admin.site.unregister(User)


@admin.register(User)
class ObeyaUserAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += PRIVILEGE_FIELDS
        return readonly

    def has_change_permission(self, request, obj=None):
        """Only a superuser edits a superuser."""
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    exclude = ("digest",)

    def has_add_permission(self, request):
        return False  # tokens are created by their owner on the profile page
