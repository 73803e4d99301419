from django.urls import path

from obeya.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.home, name="home"),
    path("projects/new/", views.project_create, name="create"),
    path("projects/<int:project_id>/", views.project_detail, name="detail"),
    path("projects/<int:project_id>/edit/", views.project_edit, name="edit"),
    path("projects/<int:project_id>/members/", views.project_members, name="members"),
    path(
        "projects/<int:project_id>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("projects/<int:project_id>/history/", views.project_history, name="history"),
]
