from django.contrib import admin

from obeya.actions.models import Action


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("title", "project", "owner", "due_date", "status", "progress")
    list_filter = ("status", "stage")
