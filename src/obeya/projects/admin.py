from django.contrib import admin

from obeya.projects.models import Membership, Project


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "company", "status", "start_date", "end_date")
    list_filter = ("status",)
    inlines = [MembershipInline]
