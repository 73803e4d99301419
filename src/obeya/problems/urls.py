from django.urls import path  # noqa: F401

from obeya.problems import views  # noqa: F401

app_name = "problems"
urlpatterns: list = []
