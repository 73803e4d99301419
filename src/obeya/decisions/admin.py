from django.contrib import admin

from obeya.decisions.models import (
    Axis,
    Decision,
    DecisionCriterion,
    DecisionJudgement,
    DecisionOption,
    DecisionScore,
)


@admin.register(Axis)
class AxisAdmin(admin.ModelAdmin):
    list_display = ("title", "project", "priority", "kpi_name", "baseline", "target", "deadline")
    search_fields = ("title", "kpi_name")
    filter_horizontal = ("observations", "grid_criteria", "swot_items")


class OptionInline(admin.TabularInline):
    model = DecisionOption
    extra = 0
    fields = ("name", "axis", "advantages", "drawbacks", "order")


class CriterionInline(admin.TabularInline):
    model = DecisionCriterion
    extra = 0
    fields = ("name", "weight", "direction", "lower", "upper", "order")


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("title", "project", "method", "status", "decided_by", "decided_at")
    list_filter = ("method", "status")
    search_fields = ("title",)
    inlines = [OptionInline, CriterionInline]


@admin.register(DecisionScore)
class DecisionScoreAdmin(admin.ModelAdmin):
    list_display = ("option", "criterion", "value")


@admin.register(DecisionJudgement)
class DecisionJudgementAdmin(admin.ModelAdmin):
    list_display = ("decision", "criterion_a", "criterion_b", "value")
