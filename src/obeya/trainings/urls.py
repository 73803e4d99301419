from django.urls import path  # noqa: F401

from obeya.trainings import views  # noqa: F401

app_name = "trainings"
urlpatterns: list = []
