from django.urls import path

from obeya.obstacles import views

app_name = "obstacles"
urlpatterns = [
    path("", views.obstacle_index, name="index"),
    path("new/", views.obstacle_create, name="create"),
    path("<int:obstacle_id>/", views.obstacle_detail, name="detail"),
    path("<int:obstacle_id>/edit/", views.obstacle_edit, name="edit"),
    path("<int:obstacle_id>/delete/", views.obstacle_delete, name="delete"),
    path("stakeholders/", views.stakeholder_index, name="stakeholders"),
    path("stakeholders/new/", views.stakeholder_create, name="stakeholder_create"),
    path(
        "stakeholders/<int:stakeholder_id>/assess/",
        views.stakeholder_assess,
        name="stakeholder_assess",
    ),
    path(
        "stakeholders/<int:stakeholder_id>/delete/",
        views.stakeholder_delete,
        name="stakeholder_delete",
    ),
]
