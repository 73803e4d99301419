from django.urls import path

from obeya.flowlogs import views

app_name = "flowlogs"
urlpatterns = [
    path("", views.event_log_index, name="index"),
    path("upload/", views.event_log_upload, name="upload"),
    path("<int:pk>/", views.event_log_detail, name="detail"),
    path("<int:pk>/mapping/", views.event_log_mapping, name="mapping"),
    path("<int:pk>/progress/", views.event_log_progress, name="progress"),
    path("<int:pk>/map/", views.event_log_map, name="map"),
    path("<int:pk>/variants/", views.event_log_variants, name="variants"),
    path("<int:pk>/download/", views.event_log_download, name="download"),
    path("<int:pk>/flow.parquet", views.event_log_table, name="table"),
    path("<int:pk>/analysis.json", views.event_log_analysis_json, name="analysis_json"),
    path("<int:pk>/propose-value-stream/", views.event_log_propose, name="propose"),
    path("<int:pk>/delete/", views.event_log_delete, name="delete"),
]
