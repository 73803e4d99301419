from django.urls import path

from obeya.actions import views, views_calendar, views_gantt

app_name = "actions"
urlpatterns = [
    path("", views.action_index, name="index"),
    path("board/", views.action_board_page, name="board"),
    path("board/<int:action_id>/move/", views.action_board_move, name="board_move"),
    path("bulk/", views.action_bulk_edit, name="bulk_edit"),
    path("calendar/", views_calendar.action_calendar, name="calendar"),
    path("new/", views.action_create, name="create"),
    path("<int:action_id>/", views.action_detail, name="detail"),
    path("<int:action_id>/edit/", views.action_edit, name="edit"),
    path("<int:action_id>/status/", views.action_set_status, name="set_status"),
    path("<int:action_id>/delete/", views.action_delete, name="delete"),
    path("gantt/", views_gantt.action_gantt, name="gantt"),
    path("<int:action_id>/reschedule/", views_gantt.action_reschedule, name="reschedule"),
    path("<int:action_id>/dependencies/", views_gantt.action_dependencies, name="dependencies"),
]
