from django.urls import path

from obeya.diagnosis import views

app_name = "diagnosis"
urlpatterns = [
    path("", views.diagnosis_page, name="page"),
    path("grid/", views.grid_index, name="grid"),
    path("grid/new/", views.criterion_create, name="criterion_create"),
    path("grid/usual/", views.criteria_add_usual, name="criteria_add_usual"),
    path("grid/<int:criterion_id>/edit/", views.criterion_edit, name="criterion_edit"),
    path("grid/<int:criterion_id>/delete/", views.criterion_delete, name="criterion_delete"),
    path("swot/", views.swot_index, name="swot"),
    path("swot/new/", views.swot_item_create, name="swot_create"),
    path("swot/<int:item_id>/edit/", views.swot_item_edit, name="swot_edit"),
    path("swot/<int:item_id>/delete/", views.swot_item_delete, name="swot_delete"),
]
