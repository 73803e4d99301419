from django.urls import path

from obeya.boards import views

app_name = "boards"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:board>/", views.detail, name="detail"),
    path("<str:board>/tiles/", views.tiles, name="tiles"),
    path("<str:board>/print/", views.print_board, name="print"),
]
