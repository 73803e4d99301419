"""The improvement teams of a project (the skills matrix, company data, is in urls.py)."""

from django.urls import path

from obeya.teams import views_teams as views

app_name = "project_teams"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.team_create, name="create"),
    path("<int:team_id>/", views.team_detail, name="detail"),
    path("<int:team_id>/edit/", views.team_edit, name="edit"),
    path("<int:team_id>/delete/", views.team_delete, name="delete"),
    path("<int:team_id>/charter/", views.charter, name="charter"),
    path("<int:team_id>/members/add/", views.member_add, name="member_add"),
    path("<int:team_id>/members/<int:member_id>/", views.member_edit, name="member_edit"),
    path(
        "<int:team_id>/members/<int:member_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("<int:team_id>/objectives/new/", views.objective_create, name="objective_create"),
    path(
        "<int:team_id>/objectives/<int:objective_id>/",
        views.objective_edit,
        name="objective_edit",
    ),
    path(
        "<int:team_id>/objectives/<int:objective_id>/delete/",
        views.objective_delete,
        name="objective_delete",
    ),
]
