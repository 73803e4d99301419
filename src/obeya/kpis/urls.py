from django.urls import path

from obeya.kpis import views

app_name = "kpis"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:kpi_id>/", views.detail, name="detail"),
    path("<int:kpi_id>/edit/", views.edit, name="edit"),
    path("<int:kpi_id>/delete/", views.delete, name="delete"),
    path("<int:kpi_id>/sheet/", views.sheet, name="sheet"),
    path("<int:kpi_id>/phases/", views.phase_add, name="phase_add"),
    path("<int:kpi_id>/phases/<int:phase_id>/delete/", views.phase_delete, name="phase_delete"),
    path("<int:kpi_id>/measurements/", views.measurement_add, name="measurement_add"),
    path("<int:kpi_id>/measurements/import/", views.measurement_import, name="import"),
    path(
        "<int:kpi_id>/measurements/<int:measurement_id>/",
        views.measurement_edit,
        name="measurement_edit",
    ),
    path(
        "<int:kpi_id>/measurements/<int:measurement_id>/delete/",
        views.measurement_delete,
        name="measurement_delete",
    ),
]
