from django.contrib import admin

from obeya.organisation import models


class PersonSkillInline(admin.TabularInline):
    model = models.PersonSkill
    extra = 0


@admin.register(models.Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "sector", "headcount")


@admin.register(models.Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("name", "company", "city")


@admin.register(models.Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "site", "kind")
    list_filter = ("kind", "site")


@admin.register(models.ProductFamily)
class ProductFamilyAdmin(admin.ModelAdmin):
    list_display = ("name", "company")


@admin.register(models.Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ("name", "area")


@admin.register(models.Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "company")
    list_filter = ("kind",)


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "function", "area", "user")
    search_fields = ("last_name", "first_name", "function")
    list_filter = ("area",)
    inlines = [PersonSkillInline]
