from django.contrib import admin

from obeya.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "status", "progress", "total", "created_by", "created_at")
    list_filter = ("status", "kind")
