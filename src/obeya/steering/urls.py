from django.urls import path  # noqa: F401

from obeya.steering import views  # noqa: F401

app_name = "steering"
urlpatterns: list = []
