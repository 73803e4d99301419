from django.urls import path

from obeya.organisation import views

app_name = "organisation"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("people/", views.people, name="people"),
]
