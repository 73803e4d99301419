from django.urls import path

from obeya.jobs import views

app_name = "jobs"
urlpatterns = [
    path("<int:job_id>/", views.job_detail, name="detail"),
    path("<int:job_id>/download/", views.job_download, name="download"),
    path("export/project/<int:project_id>/actions/", views.export_actions, name="export_actions"),
]
