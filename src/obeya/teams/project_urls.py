"""The improvement teams of a project (the skills matrix, company data, is in urls.py)."""

from django.urls import path  # noqa: F401

from obeya.teams import views  # noqa: F401

app_name = "project_teams"
urlpatterns: list = []
