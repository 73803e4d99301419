from django.urls import path

from obeya.decisions import views

app_name = "decisions"
urlpatterns = [
    path("", views.index, name="index"),
    path("axes/new/", views.axis_create, name="axis_create"),
    path("axes/<int:axis_id>/", views.axis_sheet_page, name="axis_sheet"),
    path("axes/<int:axis_id>/edit/", views.axis_edit, name="axis_edit"),
    path("axes/<int:axis_id>/delete/", views.axis_delete, name="axis_delete"),
    path("axes/<int:axis_id>/move/", views.axis_move, name="axis_move"),
    path("new/", views.decision_create, name="decision_create"),
    path("preview/", views.decision_preview, name="decision_preview"),
    path("<int:decision_id>/", views.decision_detail, name="decision_detail"),
    path("<int:decision_id>/edit/", views.decision_edit, name="decision_edit"),
    path("<int:decision_id>/record/", views.decision_record, name="decision_record"),
    path("<int:decision_id>/delete/", views.decision_delete, name="decision_delete"),
]
