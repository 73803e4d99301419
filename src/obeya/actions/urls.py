from django.urls import path

from obeya.actions import views

app_name = "actions"
urlpatterns = [
    path("", views.action_index, name="index"),
    path("board/", views.action_board_page, name="board"),
    path("board/<int:action_id>/move/", views.action_board_move, name="board_move"),
    path("new/", views.action_create, name="create"),
    path("<int:action_id>/", views.action_detail, name="detail"),
    path("<int:action_id>/edit/", views.action_edit, name="edit"),
    path("<int:action_id>/status/", views.action_set_status, name="set_status"),
    path("<int:action_id>/delete/", views.action_delete, name="delete"),
]
