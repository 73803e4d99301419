from django.contrib import admin
from django.urls import include, path

from obeya.site.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("accounts/", include("obeya.accounts.urls")),
    path("organisation/", include("obeya.organisation.urls")),
    path("jobs/", include("obeya.jobs.urls")),
    path("skills/", include("obeya.teams.urls")),
    path("projects/<int:project_id>/actions/", include("obeya.actions.urls")),
    path("projects/<int:project_id>/diagnosis/", include("obeya.diagnosis.urls")),
    path("projects/<int:project_id>/value-streams/", include("obeya.valuestreams.urls")),
    path("projects/<int:project_id>/observations/", include("obeya.gemba.urls")),
    path("projects/<int:project_id>/event-logs/", include("obeya.flowlogs.urls")),
    path("projects/<int:project_id>/decisions/", include("obeya.decisions.urls")),
    path("projects/<int:project_id>/levers/", include("obeya.levers.urls")),
    path("projects/<int:project_id>/teams/", include("obeya.teams.project_urls")),
    path("projects/<int:project_id>/meetings/", include("obeya.meetings.urls")),
    path("projects/<int:project_id>/trainings/", include("obeya.trainings.urls")),
    path("projects/<int:project_id>/obstacles/", include("obeya.obstacles.urls")),
    path("projects/<int:project_id>/steering/", include("obeya.steering.urls")),
    path("projects/<int:project_id>/kpis/", include("obeya.kpis.urls")),
    path("projects/<int:project_id>/problems/", include("obeya.problems.urls")),
    path("projects/<int:project_id>/boards/", include("obeya.boards.urls")),
    path("", include("obeya.projects.urls")),
]
# Uploaded files (photos, event logs, exports) are never served as /media/: each is served by a
# view that checks who may see its project.
