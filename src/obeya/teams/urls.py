from django.urls import path

from obeya.teams import views

app_name = "teams"
urlpatterns = [
    path("", views.skills_matrix, name="skills_matrix"),
    path("areas/<int:area_id>/", views.area_matrix, name="area_matrix"),
    path("areas/<int:area_id>/targets/", views.target_set, name="target_set"),
    path(
        "areas/<int:area_id>/targets/<int:target_id>/delete/",
        views.target_delete,
        name="target_delete",
    ),
]
