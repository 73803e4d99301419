from django.urls import path

from obeya.trainings import views

app_name = "trainings"
urlpatterns = [
    path("", views.training_index, name="index"),
    path("needs/", views.training_needs, name="needs"),
    path("new/", views.training_create, name="create"),
    path("<int:training_id>/", views.training_detail, name="detail"),
    path("<int:training_id>/edit/", views.training_edit, name="edit"),
    path("<int:training_id>/done/", views.training_complete, name="complete"),
    path("<int:training_id>/cancel/", views.training_cancel, name="cancel"),
    path(
        "<int:training_id>/attendees/<int:attendee_id>/",
        views.attendee_record,
        name="attendee_record",
    ),
    path(
        "<int:training_id>/attendees/<int:attendee_id>/validate/",
        views.attendee_validate,
        name="attendee_validate",
    ),
]
