from django.urls import path  # noqa: F401

from obeya.boards import views  # noqa: F401

app_name = "boards"
urlpatterns: list = []
