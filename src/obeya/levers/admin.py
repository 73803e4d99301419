from django.contrib import admin

from obeya.levers.models import CandidateLever, Lever


@admin.register(Lever)
class LeverAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "category", "company")
    list_filter = ("category", "company")
    search_fields = ("name", "code")


@admin.register(CandidateLever)
class CandidateLeverAdmin(admin.ModelAdmin):
    list_display = ("title", "project", "lever", "status", "decided_by", "decided_at")
    list_filter = ("status",)
    search_fields = ("title",)
    raw_id_fields = ("project", "lever", "axis", "value_stream", "observations", "actions")
