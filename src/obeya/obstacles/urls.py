from django.urls import path  # noqa: F401

from obeya.obstacles import views  # noqa: F401

app_name = "obstacles"
urlpatterns: list = []
