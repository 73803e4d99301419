from django.urls import path

from obeya.gemba import views

app_name = "gemba"
urlpatterns = [
    path("", views.observation_index, name="index"),
    path("new/", views.observation_create, name="create"),
    path("quick/", views.observation_quick, name="quick"),
    path("<int:observation_id>/", views.observation_detail, name="detail"),
    path("<int:observation_id>/edit/", views.observation_edit, name="edit"),
    path("<int:observation_id>/delete/", views.observation_delete, name="delete"),
    path("<int:observation_id>/photos/", views.photo_add, name="photo_add"),
    path("<int:observation_id>/photos/<int:photo_id>/", views.photo_view, name="photo"),
    path(
        "<int:observation_id>/photos/<int:photo_id>/delete/",
        views.photo_delete,
        name="photo_delete",
    ),
]
