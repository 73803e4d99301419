from django.urls import path

from obeya.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_index, name="index"),
    path("calendar.ics", views.project_calendar, name="calendar"),
    path("plan/", views.series_create, name="series_create"),
    path("series/<int:series_id>/edit/", views.series_edit, name="series_edit"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/edit/", views.meeting_edit, name="edit"),
    path("<int:meeting_id>/delete/", views.meeting_delete, name="delete"),
    path("<int:meeting_id>/minutes/", views.meeting_minutes, name="minutes"),
    path("<int:meeting_id>/attendance/", views.meeting_attendance, name="attendance"),
    path("<int:meeting_id>/actions/new/", views.meeting_action_create, name="action_create"),
    path("<int:meeting_id>/print/", views.meeting_print, name="print"),
    path("<int:meeting_id>/meeting.ics", views.meeting_ics, name="ics"),
]
